import { PlusOutlined } from '@ant-design/icons';
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_LABELS, FOLLOWUP_REASON_LABELS } from '@lq/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Rate,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { can } from '../../app/permissions';
import { api } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { PersonPicker } from '../../shared/PersonPicker';
import { ExportButton, PageHeader } from '../../shared/ui';
import { type ComplaintView, EC, type FollowUpView, getList } from './api';
import { useL } from './common';

/** The work lists answer up to this many rows (newest first); the table pages through them. */
const LIST_LIMIT = 500;

const FU_STATUS = { pending: ['待回访', 'gold'], done: ['已回访', 'green'], unreachable: ['未联系上', 'default'] } as const;
const C_STATUS = {
  open: ['待处理', 'red'],
  in_progress: ['处理中', 'gold'],
  resolved: ['已处理待办结', 'blue'],
  closed: ['已办结', 'green'],
} as const;

/** The elder's name, linking to the person's record for those who may read the registry. */
function ElderName({ personId, name }: { personId?: string | null; name?: string | null }) {
  const { me } = useAuth();
  if (!name) return <span>—</span>;
  if (!personId || !can(me?.roles, 'people.read')) return <span>{name}</span>;
  return <Link to={`/people/${personId}`}>{name}</Link>;
}

/** The masked number, and the full one on request (a purpose is recorded in the audit log by the server). */
function CallNumber({ personId, masked, compact }: { personId?: string | null; masked?: string | null; compact?: boolean }) {
  const L = useL();
  const { me } = useAuth();
  const showError = useShowError();
  const [full, setFull] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: () =>
      api.post<{ value: string | null }>(`/people/${personId}/reveal`, { field: 'phone', purpose: '养老服务回访致电 / follow-up call' }),
    onSuccess: (r) => setFull(r.value ?? '—'),
    onError: (e) => showError(e),
  });
  if (!masked) return <Typography.Text type="secondary">{compact ? '—' : L('未登记电话', 'No phone on record')}</Typography.Text>;
  return (
    <Flex gap={compact ? 4 : 8} align="center" wrap={!compact}>
      {full ? (
        <a href={`tel:${full}`} className="mono" data-testid="followup-phone-full">
          {full}
        </a>
      ) : (
        <span className="mono" data-testid="followup-phone">
          {masked}
        </span>
      )}
      {!full && personId && can(me?.roles, 'people.reveal') && (
        <Button
          size="small"
          type={compact ? 'link' : 'default'}
          style={compact ? { padding: 0 } : undefined}
          loading={reveal.isPending}
          onClick={() => reveal.mutate()}
          title={L('查看完整号码(留痕)', 'Show full number (audited)')}
          data-testid="followup-phone-reveal"
        >
          {compact ? L('查看', 'Show') : L('查看完整号码(留痕)', 'Show full number (audited)')}
        </Button>
      )}
    </Flex>
  );
}

function FollowUpList() {
  const L = useL();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [status, setStatus] = useState<string>('pending');
  const [current, setCurrent] = useState<FollowUpView | null>(null);
  const [sampling, setSampling] = useState(false);
  const [form] = Form.useForm();
  const [sampleForm] = Form.useForm<{ range: [Dayjs, Dayjs]; sharePct: number; seed: string }>();
  const q = useQuery({
    queryKey: ['ec', 'followups', status],
    queryFn: () => getList<FollowUpView>(`${EC}/followups`, { status: status || undefined, limit: LIST_LIMIT }),
    placeholderData: keepPreviousData,
  });
  const record = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post(`${EC}/followups/${current?.id}/record`, v),
    onSuccess: () => {
      void message.success(L('回访已记录', 'Recorded'));
      setCurrent(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['ec', 'followups'] });
      void qc.invalidateQueries({ queryKey: ['ec', 'complaints'] });
    },
    onError: (e) => showError(e),
  });
  const { me } = useAuth();
  /** county and township staff call and sample; providers and auditors read */
  const staff = me?.roles.some((r) => r === 'county_staff' || r === 'township_staff');
  const sample = useMutation({
    mutationFn: (v: { range: [Dayjs, Dayjs]; sharePct: number; seed: string }) =>
      api.post<{ created?: number }>(`${EC}/followups/sample`, {
        from: v.range[0].format('YYYY-MM-DD'),
        to: v.range[1].format('YYYY-MM-DD'),
        shareBp: Math.round(v.sharePct * 100),
        seed: v.seed,
      }),
    onSuccess: (r) => {
      void message.success(L(`已抽取 ${r?.created ?? ''} 条回访`, `Sampled ${r?.created ?? ''}`));
      setSampling(false);
      void qc.invalidateQueries({ queryKey: ['ec', 'followups'] });
    },
    onError: (e) => showError(e),
  });
  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 8 }}>
        <Radio.Group
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          optionType="button"
          options={[
            { value: 'pending', label: L('待回访', 'To call') },
            { value: 'done', label: L('已回访', 'Done') },
            { value: 'unreachable', label: L('未联系上', 'Unreachable') },
            { value: '', label: L('全部', 'All') },
          ]}
        />
        <Flex gap={8} wrap>
          <ExportButton path={`${EC}/followups/export`} query={{ status: status || undefined }} fileName="养老服务回访清单.xlsx" />
          {staff && <Button onClick={() => setSampling(true)}>{L('按比例抽样', 'Draw a sample')}</Button>}
        </Flex>
      </Flex>
      {(q.data?.items.length ?? 0) >= LIST_LIMIT && (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
          {L(`仅显示最近 ${LIST_LIMIT} 条;导出可得全部。`, `Showing the latest ${LIST_LIMIT}; export for all.`)}
        </Typography.Text>
      )}
      <Table<FollowUpView>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items}
        scroll={{ x: 'max-content' }}
        pagination={{
          defaultPageSize: 20,
          showSizeChanger: true,
          size: 'small',
          showTotal: (t) => L(`共 ${t} 条`, `${t} results`),
        }}
        locale={{ emptyText: L('没有待回访的服务。可点击“按比例抽样”从已完成的服务中抽取。', 'Nothing to call: draw a sample') }}
        columns={[
          {
            title: L('老人', 'Elder'),
            dataIndex: 'personName',
            width: 90,
            fixed: 'left',
            render: (_, f) => <ElderName personId={f.personId} name={f.personName} />,
          },
          {
            title: L('服务日期', 'Date'),
            dataIndex: 'serviceDate',
            width: 100,
            sorter: (a, b) => (a.serviceDate ?? '').localeCompare(b.serviceDate ?? ''),
          },
          {
            title: L('电话', 'Phone'),
            dataIndex: 'phone',
            width: 150,
            render: (_, f) => <CallNumber key={f.id} personId={f.personId} masked={f.phone} compact />,
          },
          { title: L('项目', 'Item'), dataIndex: 'itemName', width: 120, render: (v?: string | null) => v ?? '—' },
          {
            title: L('服务机构 / 护理员', 'Provider / caregiver'),
            width: 200,
            render: (_, f) => [f.providerName, f.caregiverName].filter(Boolean).join(' / ') || '—',
          },
          {
            title: L('来源', 'Source'),
            dataIndex: 'reason',
            width: 90,
            render: (r: keyof typeof FOLLOWUP_REASON_LABELS) => <Tag>{FOLLOWUP_REASON_LABELS[r] ?? r}</Tag>,
          },
          {
            title: L('结果', 'Result'),
            width: 180,
            render: (_, f) => (
              <span>
                <Tag color={FU_STATUS[f.status]?.[1]}>{FU_STATUS[f.status]?.[0] ?? f.status}</Tag>
                {f.satisfaction ? <Rate disabled value={f.satisfaction} style={{ fontSize: 12 }} /> : null}
                {f.note && <div style={{ fontSize: 12 }}>{f.note}</div>}
              </span>
            ),
          },
          {
            title: L('操作', 'Actions'),
            width: 90,
            fixed: 'right',
            render: (_, f) =>
              f.status === 'pending' &&
              staff && (
                <Button type="link" size="small" onClick={() => setCurrent(f)} data-testid="followup-record">
                  {L('记录回访', 'Record')}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={!!current}
        title={L(`回访:${current?.personName ?? ''} ${current?.serviceDate ?? ''} ${current?.itemName ?? ''}`, 'Follow-up')}
        onCancel={() => setCurrent(null)}
        onOk={() =>
          form.validateFields().then(
            (v) => record.mutate({ ...v, note: v.note || undefined }),
            () => undefined,
          )
        }
        okButtonProps={{ loading: record.isPending, 'data-testid': 'followup-ok' }}
        destroyOnHidden
      >
        {current && (
          <Flex vertical gap={4} style={{ marginBottom: 12 }}>
            <span>
              {L('联系电话:', 'Phone: ')}
              <CallNumber key={current.id} personId={current.personId} masked={current.phone} />
            </span>
            <Typography.Text type="secondary">{[current.providerName, current.caregiverName].filter(Boolean).join(' / ')}</Typography.Text>
          </Flex>
        )}
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ status: 'done', method: 'phone', serviceConfirmed: true, satisfaction: 5, openComplaint: false }}
        >
          <Form.Item name="status" label={L('回访结果', 'Outcome')}>
            <Radio.Group
              options={[
                { value: 'done', label: L('已联系', 'Reached') },
                { value: 'unreachable', label: L('未联系上', 'Unreachable') },
              ]}
            />
          </Form.Item>
          <Form.Item name="method" label={L('方式', 'Method')}>
            <Radio.Group
              options={[
                { value: 'phone', label: L('电话', 'Phone') },
                { value: 'home_visit', label: L('上门', 'Home visit') },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.status !== b.status}>
            {({ getFieldValue }) =>
              getFieldValue('status') === 'done' && (
                <>
                  <Form.Item name="serviceConfirmed" label={L('服务是否如实发生', 'Service took place as recorded')}>
                    <Radio.Group
                      options={[
                        { value: true, label: L('是', 'Yes') },
                        { value: false, label: L('否', 'No') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item
                    name="satisfaction"
                    label={L('满意度(1-5)', 'Satisfaction (1-5)')}
                    rules={[{ required: true, message: L('请打分', 'Rate it') }]}
                  >
                    <Rate data-testid="followup-rate" />
                  </Form.Item>
                </>
              )
            }
          </Form.Item>
          <Form.Item name="note" label={L('回访记录', 'Comment')} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={3} data-testid="followup-note" />
          </Form.Item>
          <Form.Item name="openComplaint" valuePropName="checked">
            <Checkbox>{L('老人有投诉:同时生成投诉工单', 'Complaint: open a ticket')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={sampling}
        title={L('随机抽样回访', 'Draw a follow-up sample')}
        onCancel={() => setSampling(false)}
        onOk={() =>
          sampleForm.validateFields().then(
            (v) => sample.mutate(v),
            () => undefined,
          )
        }
        okButtonProps={{ loading: sample.isPending }}
      >
        <Form
          form={sampleForm}
          layout="vertical"
          initialValues={{
            range: [dayjs().startOf('month'), dayjs()],
            sharePct: 10,
            seed: `FU-${dayjs().format('YYYYMMDD')}-${Math.random().toString(36).slice(2, 8)}`,
          }}
        >
          <Form.Item name="range" label={L('服务日期范围', 'Service dates')} rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item
            name="sharePct"
            label={L('抽样比例(%)', 'Share (%)')}
            rules={[{ required: true, type: 'number', min: 0.01, max: 100 }]}
          >
            <InputNumber min={0.01} max={100} />
          </Form.Item>
          <Form.Item name="seed" label={L('随机种子(公开可复验)', 'Seed (replayable)')} rules={[{ required: true }]}>
            <Input className="mono" />
          </Form.Item>
          <Typography.Text type="secondary">{L('被投诉的服务全部纳入回访。', 'Complained visits are always included.')}</Typography.Text>
        </Form>
      </Modal>
    </>
  );
}

function ComplaintList() {
  const L = useL();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [status, setStatus] = useState<string>('');
  const [closing, setClosing] = useState<ComplaintView | null>(null);
  const [creating, setCreating] = useState(false);
  const [closeForm] = Form.useForm<{ resolution: string; outcome: string }>();
  const [newForm] = Form.useForm();
  const q = useQuery({
    queryKey: ['ec', 'complaints', status],
    queryFn: () => getList<ComplaintView>(`${EC}/complaints`, { status: status || undefined, limit: LIST_LIMIT }),
  });
  const update = useMutation({
    mutationFn: async (v: { c: ComplaintView; status: 'in_progress' | 'closed'; resolution?: string; outcome?: string }) => {
      const act = (action: string, c: ComplaintView, body: Record<string, unknown> = {}) =>
        api.post<ComplaintView>(`${EC}/complaints/${c.id}/actions/${action}`, { version: (c as { version?: number }).version, ...body });
      if (v.status === 'in_progress') return act('assign', v.c);
      // open / in progress -> resolved (what was done) -> closed (the outcome)
      let c = v.c;
      if (c.status === 'open' || c.status === 'in_progress') c = await act('resolve', c, { resolution: v.resolution });
      return act('close', c, { outcome: v.outcome, resolution: v.resolution });
    },
    onSuccess: () => {
      void message.success(L('已更新', 'Updated'));
      setClosing(null);
      closeForm.resetFields();
      void qc.invalidateQueries({ queryKey: ['ec', 'complaints'] });
    },
    onError: (e) => showError(e),
  });
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post(`${EC}/complaints`, v),
    onSuccess: () => {
      void message.success(L('投诉工单已创建', 'Ticket opened'));
      setCreating(false);
      newForm.resetFields();
      void qc.invalidateQueries({ queryKey: ['ec', 'complaints'] });
    },
    onError: (e) => showError(e),
  });
  const staff = me?.roles.some((r) => r === 'county_staff' || r === 'township_staff');
  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 8 }}>
        <Radio.Group
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          optionType="button"
          options={[{ value: '', label: L('全部', 'All') }, ...Object.entries(C_STATUS).map(([value, [label]]) => ({ value, label }))]}
        />
        {staff && (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {L('登记投诉', 'New complaint')}
          </Button>
        )}
      </Flex>
      <Table<ComplaintView>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items}
        scroll={{ x: 'max-content' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, size: 'small', showTotal: (t) => L(`共 ${t} 条`, `${t} results`) }}
        locale={{ emptyText: L('暂无投诉', 'No complaints') }}
        columns={[
          { title: L('编号', 'Number'), dataIndex: 'number', width: 140, render: (v: string) => <span className="mono">{v}</span> },
          {
            title: L('老人', 'Elder'),
            dataIndex: 'personName',
            width: 90,
            render: (_, c) => <ElderName personId={c.personId} name={c.personName} />,
          },
          {
            title: L('机构 / 护理员', 'Provider / caregiver'),
            width: 200,
            render: (_, c) => [c.providerName, c.caregiverName].filter(Boolean).join(' / ') || '—',
          },
          {
            title: L('类别', 'Category'),
            dataIndex: 'category',
            width: 100,
            render: (c: keyof typeof COMPLAINT_CATEGORY_LABELS) => COMPLAINT_CATEGORY_LABELS[c] ?? c,
          },
          { title: L('内容', 'Description'), dataIndex: 'description', ellipsis: true },
          { title: L('期限', 'Due'), dataIndex: 'dueOn', width: 110 },
          {
            title: L('状态', 'Status'),
            width: 120,
            render: (_, c) => <Tag color={C_STATUS[c.status]?.[1]}>{C_STATUS[c.status]?.[0] ?? c.status}</Tag>,
          },
          { title: L('处理结果', 'Outcome'), render: (_, c) => [c.outcome, c.resolution].filter(Boolean).join(':') || '—' },
          { title: L('登记时间', 'Opened'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
          {
            title: L('操作', 'Actions'),
            width: 150,
            render: (_, c) =>
              staff && (
                <Flex gap={4}>
                  {c.status === 'open' && (
                    <Button size="small" onClick={() => update.mutate({ c, status: 'in_progress' })}>
                      {L('开始处理', 'Start')}
                    </Button>
                  )}
                  {c.status !== 'closed' && (
                    <Button size="small" type="primary" onClick={() => setClosing(c)} data-testid="complaint-close">
                      {L('办结', 'Close')}
                    </Button>
                  )}
                </Flex>
              ),
          },
        ]}
      />
      <Modal
        open={!!closing}
        title={L(`办结投诉 ${closing?.number ?? ''}`, 'Close complaint')}
        onCancel={() => setClosing(null)}
        onOk={() =>
          closeForm.validateFields().then(
            (v) => closing && update.mutate({ c: closing, status: 'closed', resolution: v.resolution, outcome: v.outcome }),
            () => undefined,
          )
        }
        okButtonProps={{ loading: update.isPending, 'data-testid': 'complaint-close-ok' }}
        destroyOnHidden
      >
        <Typography.Paragraph>{closing?.description}</Typography.Paragraph>
        <Form form={closeForm} layout="vertical" preserve={false}>
          <Form.Item
            name="outcome"
            label={L('办结结论(必填)', 'Outcome (required)')}
            rules={[{ required: true, whitespace: true, message: L('办结须填写结论', 'An outcome is required to close') }]}
          >
            <Select
              data-testid="complaint-outcome"
              options={['属实-已整改', '属实-已退款', '部分属实-已整改', '不属实', '其他'].map((x) => ({ value: x, label: x }))}
            />
          </Form.Item>
          {(closing?.status === 'open' || closing?.status === 'in_progress') && (
            <Form.Item
              name="resolution"
              label={L('处理情况(必填)', 'What was done (required)')}
              rules={[{ required: true, whitespace: true, message: L('请填写处理情况', 'Describe what was done') }]}
            >
              <Input.TextArea rows={4} maxLength={2000} data-testid="complaint-resolution" />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal
        open={creating}
        title={L('登记投诉', 'New complaint')}
        onCancel={() => setCreating(false)}
        onOk={() =>
          newForm.validateFields().then(
            (v) => create.mutate(v),
            () => undefined,
          )
        }
        okButtonProps={{ loading: create.isPending }}
      >
        <Form form={newForm} layout="vertical" initialValues={{ channel: 'phone', category: 'quality' }}>
          <Form.Item name="personId" label={L('老人', 'Elder')} rules={[{ required: true, message: L('请选择老人', 'Pick the elder') }]}>
            <PersonPicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="category" label={L('类别', 'Category')} rules={[{ required: true }]}>
            <Select options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: COMPLAINT_CATEGORY_LABELS[c] }))} />
          </Form.Item>
          <Form.Item name="channel" label={L('渠道', 'Channel')}>
            <Select
              options={[
                { value: 'phone', label: '电话' },
                { value: '12345', label: '12345 热线' },
                { value: 'in_person', label: '当面' },
                { value: 'portal', label: '网上' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={L('投诉内容', 'Description')}
            rules={[{ required: true, whitespace: true, message: L('请填写投诉内容', 'Describe it') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export default function FollowUpsPage() {
  const L = useL();
  return (
    <>
      <PageHeader title={L('跟踪回访', 'Follow-up')} />
      <Tabs
        items={[
          { key: 'followups', label: L('回访', 'Follow-up calls'), children: <FollowUpList /> },
          { key: 'complaints', label: L('投诉工单', 'Complaints'), children: <ComplaintList /> },
        ]}
      />
    </>
  );
}
