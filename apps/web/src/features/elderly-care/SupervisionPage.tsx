import { ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import { INSPECTION_RATINGS } from '@lq/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useAuth } from '../../app/auth';
import { can } from '../../app/permissions';
import { api } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../shared/ui';
import { EC, ecApi, getList, type Out } from './api';
import { todayCn, useL } from './common';

type BlacklistView = Out<'BlacklistOut'>;
type InspectionView = Out<'InspectionOut'>;
type Assignment = InspectionView['assignments'][number];
const RATING_COLOR: Record<string, string> = { 合格: 'green', 基本合格: 'gold', 不合格: 'red' };

function Blacklist() {
  const L = useL();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const canWrite = can(me?.roles, 'elderly.supervision.write');
  const [creating, setCreating] = useState(false);
  const [lifting, setLifting] = useState<BlacklistView | null>(null);
  const [form] = Form.useForm();
  const [liftForm] = Form.useForm<{ reason: string }>();
  const kind = Form.useWatch('subjectKind', form) as 'provider' | 'caregiver' | undefined;
  const q = useQuery({ queryKey: ['ec', 'blacklist'], queryFn: () => getList<BlacklistView>(`${EC}/blacklist`) });
  const providers = useQuery({ queryKey: ['ec', 'providers'], queryFn: () => ecApi.providers() });
  const caregivers = useQuery({
    queryKey: ['ec', 'caregivers', 'all'],
    queryFn: () => ecApi.caregivers(),
    enabled: creating || (q.data?.items.length ?? 0) > 0,
  });
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of providers.data?.items ?? []) m.set(p.id, p.name);
    for (const c of caregivers.data?.items ?? []) m.set(c.id, c.name);
    return m;
  }, [providers.data, caregivers.data]);
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post(`${EC}/blacklist`, v),
    onSuccess: () => {
      void message.success(L('已列入黑名单', 'Added'));
      setCreating(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['ec'] });
    },
    onError: (e) => showError(e),
  });
  const lift = useMutation({
    mutationFn: (v: { id: string; reason: string }) =>
      api.post(`${EC}/blacklist/${v.id}/lift`, { reason: v.reason, liftedReason: v.reason, validTo: todayCn() }),
    onSuccess: () => {
      void message.success(L('已移出黑名单', 'Lifted'));
      setLifting(null);
      void qc.invalidateQueries({ queryKey: ['ec'] });
    },
    onError: (e) => showError(e),
  });
  const today = todayCn();
  const isActive = (b: BlacklistView) => b.validFrom <= today && (b.validTo === null || b.validTo >= today) && !b.liftedReason;
  return (
    <>
      {canWrite && (
        <Flex justify="flex-end" style={{ marginBottom: 8 }}>
          <Button type="primary" danger icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {L('列入黑名单', 'Add to blacklist')}
          </Button>
        </Flex>
      )}
      <Table<BlacklistView>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={q.data?.items}
        scroll={{ x: 900 }}
        locale={{ emptyText: L('黑名单为空', 'The blacklist is empty') }}
        columns={[
          { title: L('对象', 'Subject'), render: (_, b) => b.subjectName ?? names.get(b.subjectId) ?? b.subjectId.slice(0, 8) },
          {
            title: L('类型', 'Kind'),
            width: 90,
            render: (_, b) => (b.subjectKind === 'provider' ? L('服务机构', 'Provider') : L('护理员', 'Caregiver')),
          },
          { title: L('事由', 'Reason'), dataIndex: 'reason', ellipsis: true },
          {
            title: L('文号 / 来源', 'Decision / source'),
            width: 200,
            render: (_, b) => [b.decisionRef, b.source].filter(Boolean).join(' / '),
          },
          { title: L('联合惩戒措施', 'Measures'), render: (_, b) => b.measures.map((m) => <Tag key={m}>{m}</Tag>) },
          { title: L('期限', 'Period'), width: 200, render: (_, b) => `${b.validFrom} ~ ${b.validTo ?? L('长期', 'open')}` },
          {
            title: L('状态', 'Status'),
            width: 100,
            render: (_, b) =>
              isActive(b) ? (
                <Tag color="red">{L('生效中', 'Active')}</Tag>
              ) : (
                <Tag>{b.liftedReason ? L('已移出', 'Lifted') : L('已到期', 'Expired')}</Tag>
              ),
          },
          ...(canWrite
            ? [
                {
                  title: L('操作', 'Actions'),
                  width: 90,
                  render: (_: unknown, b: BlacklistView) =>
                    isActive(b) && (
                      <Button size="small" onClick={() => setLifting(b)}>
                        {L('移出', 'Lift')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={creating}
        title={L('列入黑名单', 'Add to blacklist')}
        onCancel={() => setCreating(false)}
        okButtonProps={{ danger: true, loading: create.isPending }}
        onOk={() =>
          form.validateFields().then(
            (v) =>
              create.mutate({
                ...v,
                validFrom: (v.validFrom as Dayjs).format('YYYY-MM-DD'),
                validTo: v.validTo ? (v.validTo as Dayjs).format('YYYY-MM-DD') : null,
                measures: v.measures ?? [],
              }),
            () => undefined,
          )
        }
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ subjectKind: 'provider', validFrom: dayjs(), measures: ['暂停承接政府购买服务', '取消补贴结算资格'] }}
        >
          <Form.Item name="subjectKind" label={L('类型', 'Kind')}>
            <Radio.Group
              options={[
                { value: 'provider', label: L('服务机构', 'Provider') },
                { value: 'caregiver', label: L('护理员', 'Caregiver') },
              ]}
              onChange={() => form.setFieldValue('subjectId', undefined)}
            />
          </Form.Item>
          <Form.Item name="subjectId" label={L('对象', 'Subject')} rules={[{ required: true, message: L('请选择', 'Pick one') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={
                kind === 'caregiver'
                  ? (caregivers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))
                  : (providers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))
              }
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={L('事由', 'Reason')}
            rules={[{ required: true, whitespace: true, message: L('请填写事由', 'Give the reason') }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
          <Form.Item
            name="decisionRef"
            label={L('决定文号', 'Decision reference')}
            rules={[{ required: true, message: L('请填写文号', 'Enter the reference') }]}
          >
            <Input placeholder="龙民〔2026〕12号" maxLength={100} />
          </Form.Item>
          <Form.Item
            name="source"
            label={L('来源', 'Source')}
            rules={[{ required: true, message: L('请选择或填写来源', 'Give the source') }]}
          >
            <Select
              options={['双随机抽查', '投诉核查', '服务审核', '信用中国(浙江)', '其他部门通报'].map((x) => ({ value: x, label: x }))}
              showSearch
            />
          </Form.Item>
          <Form.Item name="measures" label={L('联合惩戒措施', 'Joint measures')}>
            <Select mode="tags" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="validFrom" label={L('开始', 'From')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="validTo" label={L('结束(可空)', 'To (optional)')}>
              <DatePicker />
            </Form.Item>
          </Flex>
        </Form>
      </Modal>
      <Modal
        open={!!lifting}
        title={L('移出黑名单', 'Lift')}
        onCancel={() => setLifting(null)}
        onOk={() =>
          liftForm.validateFields().then(
            (v) => lifting && lift.mutate({ id: lifting.id, reason: v.reason }),
            () => undefined,
          )
        }
        okButtonProps={{ loading: lift.isPending }}
        destroyOnHidden
      >
        <Form form={liftForm} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={L('移出理由', 'Reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Inspections() {
  const L = useL();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const canWrite = can(me?.roles, 'elderly.supervision.write');
  const [drawing, setDrawing] = useState(false);
  const [recording, setRecording] = useState<{ insp: InspectionView; providerId: string; name: string } | null>(null);
  const [drawForm] = Form.useForm();
  const [resultForm] = Form.useForm();
  const providers = useQuery({ queryKey: ['ec', 'providers'], queryFn: () => ecApi.providers() });
  const pName = useMemo(() => new Map((providers.data?.items ?? []).map((p) => [p.id, p.name])), [providers.data]);
  const q = useQuery({ queryKey: ['ec', 'inspections'], queryFn: () => getList<InspectionView>(`${EC}/inspections`) });
  const invalidate = () => void qc.invalidateQueries({ queryKey: ['ec', 'inspections'] });
  const draw = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post<InspectionView>(`${EC}/inspections/draw`, v),
    onSuccess: (i) => {
      void message.success(L(`已抽取,随机种子 ${i?.seed ?? ''}`, `Drawn, seed ${i?.seed ?? ''}`));
      setDrawing(false);
      invalidate();
    },
    onError: (e) => showError(e),
  });
  const record = useMutation({
    mutationFn: (v: { id: string; body: Record<string, unknown> }) => api.post(`${EC}/inspections/${v.id}/results`, v.body),
    onSuccess: () => {
      void message.success(L('检查结果已记录', 'Recorded'));
      setRecording(null);
      invalidate();
    },
    onError: (e) => showError(e),
  });
  const publish = useMutation({
    mutationFn: (id: string) => api.post(`${EC}/inspections/${id}/publish`, {}),
    onSuccess: () => {
      void message.success(L('已公开,可在公示页查看', 'Published'));
      invalidate();
    },
    onError: (e) => showError(e),
  });
  const items = q.data?.items ?? [];
  return (
    <>
      <Flex justify="space-between" style={{ marginBottom: 8 }} wrap gap={8}>
        <Typography.Text type="secondary">
          {L('随机抽取检查对象与检查人员,种子公开可复验;结果公开于', 'Random providers x random inspectors; seeds are public; results at')}{' '}
          <a href="/public/inspections" target="_blank" rel="noreferrer">
            /public/inspections
          </a>
        </Typography.Text>
        {canWrite && (
          <Button type="primary" icon={<ExperimentOutlined />} onClick={() => setDrawing(true)} data-testid="inspection-draw">
            {L('双随机抽取', 'Draw')}
          </Button>
        )}
      </Flex>
      {items.length === 0 && !q.isFetching && <Empty description={L('尚无抽查。点击“双随机抽取”开始。', 'No inspections yet')} />}
      {items.map((insp) => {
        const allDone = insp.assignments.every((a) => a.rating);
        const published = !!insp.publishedOn;
        return (
          <Card
            key={insp.id}
            size="small"
            style={{ marginBottom: 12 }}
            title={
              <span>
                {L('抽查', 'Draw')} {formatDateTime(insp.drawnAt)}
                <Tag style={{ marginInlineStart: 8 }} className="mono" data-testid="inspection-seed">
                  {L('种子', 'seed')} {insp.seed}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {insp.algorithm}
                </Typography.Text>
              </span>
            }
            extra={
              published ? (
                <Tag color="green">{L('已公开', 'Published')}</Tag>
              ) : (
                canWrite && (
                  <Popconfirm
                    title={L('公开全部检查结果?', 'Publish all results?')}
                    onConfirm={() => publish.mutate(insp.id)}
                    disabled={!allDone}
                  >
                    <Button
                      size="small"
                      disabled={!allDone || publish.isPending}
                      title={allDone ? undefined : L('全部录入结果后才能公开', 'Record all results first')}
                    >
                      {L('公开结果', 'Publish')}
                    </Button>
                  </Popconfirm>
                )
              )
            }
          >
            <Table
              size="small"
              rowKey="providerId"
              pagination={false}
              dataSource={insp.assignments}
              columns={[
                {
                  title: L('检查对象', 'Provider'),
                  render: (_, a) => a.providerName ?? pName.get(a.providerId) ?? a.providerId.slice(0, 8),
                },
                {
                  title: L('检查人员', 'Inspectors'),
                  render: (_, a) => a.inspectorNames.join('、'),
                },
                {
                  title: L('结果', 'Result'),
                  render: (_, a) =>
                    a.rating ? (
                      <span>
                        <Tag color={RATING_COLOR[a.rating]}>{a.rating}</Tag>
                        {a.inspectedOn} {a.findings}
                      </span>
                    ) : (
                      <Typography.Text type="secondary">{L('待检查', 'Pending')}</Typography.Text>
                    ),
                },
                ...(canWrite && !published
                  ? [
                      {
                        title: '',
                        width: 100,
                        render: (_: unknown, a: Assignment) => (
                          <Button
                            size="small"
                            onClick={() =>
                              setRecording({ insp, providerId: a.providerId, name: a.providerName ?? pName.get(a.providerId) ?? '' })
                            }
                          >
                            {a.rating ? L('修改结果', 'Edit') : L('录入结果', 'Record')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        );
      })}
      <Modal
        open={drawing}
        title={L('双随机抽取', 'Random draw')}
        onCancel={() => setDrawing(false)}
        okButtonProps={{ loading: draw.isPending, disabled: draw.isPending }}
        onOk={() =>
          drawForm.validateFields().then(
            (v) => draw.mutate({ ...v, seed: v.seed?.trim() || undefined }),
            () => undefined,
          )
        }
      >
        <Form form={drawForm} layout="vertical" initialValues={{ providerCount: 3, inspectorsPerProvider: 2 }}>
          <Form.Item
            name="providerCount"
            label={L('抽取机构数', 'Providers to draw')}
            rules={[{ required: true, type: 'integer', min: 1, max: 500 }]}
          >
            <InputNumber min={1} max={500} precision={0} />
          </Form.Item>
          <Form.Item
            name="inspectorsPerProvider"
            label={L('每家检查人员数', 'Inspectors per provider')}
            rules={[{ required: true, type: 'integer', min: 1, max: 5 }]}
          >
            <InputNumber min={1} max={5} precision={0} />
          </Form.Item>
          <Form.Item
            name="seed"
            label={L('随机种子(可空,由系统生成并公开)', 'Seed (optional, generated and published)')}
            rules={[{ min: 8, max: 128, message: L('8-128 个字符', '8-128 characters') }]}
          >
            <Input className="mono" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!recording}
        title={L(`检查结果:${recording?.name ?? ''}`, 'Inspection result')}
        onCancel={() => setRecording(null)}
        okButtonProps={{ loading: record.isPending }}
        destroyOnHidden
        onOk={() =>
          resultForm.validateFields().then(
            (v) =>
              recording &&
              record.mutate({
                id: recording.insp.id,
                body: {
                  providerId: recording.providerId,
                  rating: v.rating,
                  findings: v.findings ?? '',
                  inspectedOn: (v.inspectedOn as Dayjs).format('YYYY-MM-DD'),
                },
              }),
            () => undefined,
          )
        }
      >
        <Form form={resultForm} layout="vertical" preserve={false} initialValues={{ inspectedOn: dayjs(), rating: '合格' }}>
          <Form.Item name="inspectedOn" label={L('检查日期', 'Date')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="rating" label={L('结论', 'Rating')}>
            <Radio.Group options={INSPECTION_RATINGS.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <Form.Item name="findings" label={L('检查发现', 'Findings')} rules={[{ max: 4000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export default function SupervisionPage() {
  const L = useL();
  return (
    <>
      <PageHeader title={L('监管:黑名单与双随机抽查', 'Supervision')} />
      <Tabs
        items={[
          { key: 'inspections', label: L('双随机、一公开', 'Random inspections'), children: <Inspections /> },
          { key: 'blacklist', label: L('黑名单', 'Blacklist'), children: <Blacklist /> },
        ]}
      />
    </>
  );
}
