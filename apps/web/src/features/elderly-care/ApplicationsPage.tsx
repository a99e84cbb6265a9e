import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { api } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { PersonPicker } from '../../shared/PersonPicker';
import { PageHeader } from '../../shared/ui';
import { type ApplicationView, EC } from './api';
import { useL } from './common';

/** A resident's self-service application (public form) waiting for township verification. */
type PublicApplication = ApplicationView;

const STATUS_COLORS: Record<string, string> = { pending_verification: 'orange', submitted: 'green', rejected: 'red' };

export default function ApplicationsPage() {
  const L = useL();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [status, setStatus] = useState<string>('pending_verification');
  const [verifying, setVerifying] = useState<PublicApplication | null>(null);
  const [rejecting, setRejecting] = useState<PublicApplication | null>(null);
  const [personId, setPersonId] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const canDecide = (me?.roles ?? []).includes('township_staff');

  const list = useQuery({
    queryKey: ['ec', 'applications', status],
    queryFn: () => api.get<PublicApplication[]>(`${EC}/applications`, { status: status || undefined }),
  });
  const done = (text: string) => {
    void qc.invalidateQueries({ queryKey: ['ec', 'applications'] });
    void qc.invalidateQueries({ queryKey: ['ec', 'orders'] });
    void message.success(text);
    setVerifying(null);
    setRejecting(null);
    setPersonId(undefined);
    setNote('');
  };
  const verify = useMutation({
    mutationFn: (a: PublicApplication) =>
      api.post<{ applicationId: string; orderId: string | null }>(`${EC}/applications/${a.id}/verify`, { personId, version: a.version }),
    onSuccess: () => done(L('已核实,已生成服务工单', 'Verified; an order was created')),
    onError: (e) => showError(e),
  });
  const reject = useMutation({
    mutationFn: (a: PublicApplication) => api.post(`${EC}/applications/${a.id}/reject`, { note, version: a.version }),
    onSuccess: () => done(L('已退回申请', 'Application rejected')),
    onError: (e) => showError(e),
  });

  return (
    <>
      <PageHeader
        title={L('居民自助申请核实', 'Resident applications to verify')}
        sub={L(
          '居民在手机上提交的申请:核对身份后关联到居民档案,生成服务工单;无法核实的退回并说明原因。',
          'Applications made on the public phone page: match them to the registry to create an order, or reject them with a reason.',
        )}
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <Radio.Group
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          optionType="button"
          options={[
            { value: 'pending_verification', label: L('待核实', 'To verify') },
            { value: 'submitted', label: L('已核实', 'Verified') },
            { value: 'rejected', label: L('已退回', 'Rejected') },
            { value: '', label: L('全部', 'All') },
          ]}
        />
        <Typography.Text type="secondary">{L(`共 ${list.data?.length ?? 0} 条`, `${list.data?.length ?? 0} in all`)}</Typography.Text>
      </Space>
      <Table<PublicApplication>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: L('暂无需要处理的申请', 'Nothing to handle') }}
        columns={[
          { title: L('提交时间', 'Submitted'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
          { title: L('申请人(老人)', 'Elder'), dataIndex: 'name', width: 110 },
          { title: L('区划', 'Region'), dataIndex: 'regionCode', width: 120 },
          { title: L('服务', 'Services'), dataIndex: 'itemCodes', render: (v: string[]) => v.map((c) => <Tag key={c}>{c}</Tag>) },
          { title: L('说明', 'Note'), dataIndex: 'note', ellipsis: true },
          {
            title: L('状态', 'Status'),
            dataIndex: 'status',
            width: 110,
            render: (v: string, r) => <Tag color={STATUS_COLORS[v]}>{r.statusLabel}</Tag>,
          },
          {
            title: L('操作', 'Actions'),
            key: 'a',
            width: 200,
            fixed: 'right',
            render: (_: unknown, r) =>
              r.orderId ? (
                <Link to={`/elderly/orders/${r.orderId}`}>{L('查看工单', 'Open order')}</Link>
              ) : canDecide && r.status === 'pending_verification' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => setVerifying(r)} data-testid={`verify-${r.trackingCode}`}>
                    {L('核实', 'Verify')}
                  </Button>
                  <Button size="small" danger onClick={() => setRejecting(r)}>
                    {L('退回', 'Reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal
        open={!!verifying}
        title={L(`核实申请:${verifying?.name ?? ''}`, `Verify: ${verifying?.name ?? ''}`)}
        okText={L('确认是此人', 'This is the person')}
        okButtonProps={{ disabled: !personId, loading: verify.isPending }}
        onOk={() => verifying && verify.mutate(verifying)}
        onCancel={() => setVerifying(null)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item
            label={L('在居民档案中找到此人(姓名、拼音或身份证后几位)', 'Find the person in the registry (name, pinyin or last ID digits)')}
            required
          >
            <PersonPicker
              value={personId}
              onChange={(id) => setPersonId(id)}
              regionCode={verifying?.regionCode}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!rejecting}
        title={L('退回申请', 'Reject the application')}
        okText={L('退回', 'Reject')}
        okButtonProps={{ danger: true, disabled: note.trim().length === 0, loading: reject.isPending }}
        onOk={() => rejecting && reject.mutate(rejecting)}
        onCancel={() => setRejecting(null)}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={L('退回原因(居民在进度页可以看到)', 'Reason (shown to the resident)')}
          maxLength={500}
        />
      </Modal>
    </>
  );
}
