import {
  APPLICATION_CHANNEL_LABELS,
  ASSESSMENT_REASON_LABELS,
  type AssessmentReason,
  ORDER_ACTION_LABELS,
  type OrderAction,
  type OrderStatus,
} from '@lq/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Skeleton,
  Space,
  Steps,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { api } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useRegionLabel } from '../../shared/regions';
import { LoadError, PageHeader } from '../../shared/ui';
import { type Assessment, EC, type Entitlement, ecApi, type OrderView, type SubsidyDecision, type VisitView } from './api';
import { hhmm, LevelTag, labelOf, OrderStatusTag, plannedRange, useL, VisitStatusTag, Yuan } from './common';
import { frequencyText } from './format';
import { allowedOrderActions, ORDER_PATH } from './workflow';

const NOTE_REQUIRED: OrderAction[] = ['return', 'reject', 'cancel', 'suspend', 'close'];
const DANGER: OrderAction[] = ['reject', 'cancel', 'close', 'suspend', 'return'];

export function EntitlementCard({ e, title }: { e: Entitlement | NonNullable<OrderView['subsidyDecision']>; title: string }) {
  const L = useL();
  return (
    <Card size="small" title={title} data-testid="entitlement">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={L('是否符合补贴条件', 'Eligible')}>
          {e.eligible ? <Tag color="green">{L('符合', 'Yes')}</Tag> : <Tag color="red">{L('不符合', 'No')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={L('规则版本', 'Rule version')}>
          <Tag>{e.ruleVersion}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={L('每月补贴额度', 'Monthly amount')}>
          <Yuan fen={e.monthlyAmountFen} />
        </Descriptions.Item>
        <Descriptions.Item label={L('每月服务时长', 'Monthly hours')}>{e.monthlyHours} 小时</Descriptions.Item>
        {'abilityLevel' in e && e.abilityLevel !== undefined && (
          <Descriptions.Item label={L('能力等级', 'Ability level')}>
            <LevelTag level={e.abilityLevel} />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={L('个人自付比例', 'Self-pay share')}>{(e.selfPayShareBp / 100).toFixed(0)}%</Descriptions.Item>
        <Descriptions.Item label={L('依据', 'Basis')}>
          {e.basis.map((b) => (
            <Tag key={b}>{b}</Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{e.explanation}</Typography.Paragraph>
    </Card>
  );
}

function TrackingQr({ code }: { code: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const url = `${window.location.origin}/track/${code}`;
  useEffect(() => {
    void QRCode.toDataURL(url, { margin: 1, width: 128 }).then(setSrc, () => setSrc(null));
  }, [url]);
  return (
    <Flex gap={8} align="center">
      {src && <img src={src} alt="QR" width={96} height={96} />}
      <Typography.Text copyable={{ text: url }} className="mono" style={{ fontSize: 12 }}>
        {code}
      </Typography.Text>
    </Flex>
  );
}

function ActionModal({ order, action, onClose }: { order: OrderView; action: OrderAction | null; onClose: () => void }) {
  const L = useL();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ note?: string; providerId?: string }>();
  const providers = useQuery({ queryKey: ['ec', 'providers'], queryFn: () => ecApi.providers(), enabled: action === 'approve' });
  const preview = useQuery({
    queryKey: ['ec', 'entitlement', order.personId, order.assessmentId],
    queryFn: () => ecApi.entitlementPreview({ personId: order.personId, assessmentId: order.assessmentId ?? '' }),
    enabled: action === 'approve' && !!order.assessmentId,
    retry: false,
  });
  const run = useMutation({
    mutationFn: (v: { note?: string; providerId?: string }) =>
      ecApi.orderAction(order.id, {
        action: action as OrderAction,
        version: order.version,
        note: v.note || undefined,
        providerId: v.providerId,
      }),
    onSuccess: () => {
      void message.success(L(`已${ORDER_ACTION_LABELS[action as OrderAction]}`, 'Done'));
      void qc.invalidateQueries({ queryKey: ['ec', 'order', order.id] });
      void qc.invalidateQueries({ queryKey: ['ec', 'orders'] });
      form.resetFields();
      onClose();
    },
    onError: (e) => showError(e),
  });
  useEffect(() => {
    if (action === 'approve') form.setFieldsValue({ providerId: order.providerId ?? undefined });
  }, [action, form, order.providerId]);
  if (!action) return null;
  const needsNote = NOTE_REQUIRED.includes(action);
  return (
    <Modal
      open
      title={`${ORDER_ACTION_LABELS[action]} · ${order.number}`}
      okText={ORDER_ACTION_LABELS[action]}
      okButtonProps={{ danger: DANGER.includes(action), loading: run.isPending, 'data-testid': 'action-ok' }}
      onOk={() =>
        form.validateFields().then(
          (v) => run.mutate(v),
          () => undefined,
        )
      }
      onCancel={onClose}
      width={action === 'approve' ? 720 : 520}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        {action === 'approve' && (
          <>
            {preview.isLoading && <Skeleton active />}
            {preview.error && (
              <Alert
                type="info"
                showIcon
                title={L(
                  '批准时按现行补贴规则自动测算,生成补贴决定(含规则版本与说明)',
                  'On approval the entitlement is computed with the rule in force',
                )}
                description={
                  order.assessment
                    ? L(
                        `评估结果:${order.assessment.total} 分,${order.assessment.levelName}`,
                        `Assessment: ${order.assessment.total}, ${order.assessment.levelName}`,
                      )
                    : undefined
                }
              />
            )}
            {preview.data && <EntitlementCard e={preview.data} title={L('补贴测算(批准后按此执行)', 'Entitlement on approval')} />}
            <Form.Item
              name="providerId"
              label={L('指定服务机构', 'Provider')}
              rules={[{ required: true, message: L('请选择服务机构', 'Pick a provider') }]}
              style={{ marginTop: 12 }}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={(providers.data?.items ?? []).filter((p) => !p.blacklisted).map((p) => ({ value: p.id, label: p.name }))}
                data-testid="approve-provider"
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="note"
          label={needsNote ? L('理由(必填)', 'Reason (required)') : L('备注', 'Note')}
          rules={needsNote ? [{ required: true, whitespace: true, message: L('请填写理由', 'Give a reason') }] : []}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="action-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function OrderDetailPage() {
  const { id = '' } = useParams();
  const L = useL();
  const { me } = useAuth();
  const { roleLabel } = useI18n();
  const regionLabel = useRegionLabel();
  const navigate = useNavigate();
  const [action, setAction] = useState<OrderAction | null>(null);
  const { data: order, error, isLoading, refetch } = useQuery({ queryKey: ['ec', 'order', id], queryFn: () => ecApi.order(id) });
  const assessments = useQuery({
    queryKey: ['ec', 'assessments', order?.personId],
    queryFn: () => ecApi.assessments(order?.personId ?? ''),
    enabled: !!order,
  });
  const visits = useQuery({
    queryKey: ['ec', 'visits', 'order', id],
    queryFn: () => ecApi.visits({ orderId: id, pageSize: 100 }),
    enabled: !!order,
  });
  const decision = useQuery({
    queryKey: ['ec', 'decision', order?.subsidyDecisionId],
    queryFn: () => api.get<SubsidyDecision>(`${EC}/subsidy-decisions/${order?.subsidyDecisionId}`),
    enabled: !!order?.subsidyDecisionId && !order.subsidyDecision,
    retry: false,
  });

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (isLoading || !order) return <Skeleton active />;

  const actions = allowedOrderActions(order.status, me?.roles ?? [], order.availableActions);
  const statusIdx = ORDER_PATH.indexOf(order.status);
  const lastHistory = order.history[order.history.length - 1];
  const terminalBad = order.status === 'rejected' || order.status === 'cancelled';
  const badAt = terminalBad ? Math.max(0, ORDER_PATH.indexOf((lastHistory?.from ?? 'applied') as OrderStatus) + 1) : -1;
  const current = terminalBad ? badAt : Math.max(statusIdx, 0);
  const whenReached = (s: OrderStatus) => order.history.filter((h) => h.to === s).pop();
  const subsidy = order.subsidyDecision ?? decision.data;
  const nextHint: Partial<Record<OrderStatus, string>> = {
    draft: L('下一步:提交申请', 'Next: submit'),
    applied: L('下一步:乡镇受理', 'Next: township accepts'),
    accepted: L('下一步:能力评估', 'Next: assessment'),
    assessed: L('下一步:市民政局审批', 'Next: county approves'),
    approved: L('下一步:派单并开始服务', 'Next: dispatch and start'),
    active: L('服务中:按计划派单上门', 'In service'),
  };

  return (
    <>
      <PageHeader
        title={
          <span>
            {order.personName} · <span className="mono">{order.number}</span>
          </span>
        }
        sub={<OrderStatusTag status={order.status} />}
        back="/elderly/orders"
        extra={actions.map((a) => (
          <Button
            key={a}
            type={a === 'approve' || a === 'accept' || a === 'assess' || a === 'apply' || a === 'activate' ? 'primary' : 'default'}
            danger={DANGER.includes(a)}
            onClick={() => (a === 'assess' ? navigate(`/elderly/orders/${order.id}/assess`) : setAction(a))}
            data-testid={`order-action-${a}`}
          >
            {ORDER_ACTION_LABELS[a]}
          </Button>
        ))}
      />
      <Card style={{ marginBottom: 12 }}>
        <Steps
          size="small"
          current={current}
          status={terminalBad ? 'error' : order.status === 'closed' ? 'finish' : 'process'}
          items={ORDER_PATH.map((s, i) => {
            const h = whenReached(s);
            const label =
              { applied: '申请', accepted: '受理', assessed: '评估', approved: '审批', active: '服务', closed: '结束' }[s as string] ?? s;
            return {
              title: terminalBad && i === badAt ? (order.status === 'rejected' ? '不予批准' : '已撤销') : label,
              description:
                terminalBad && i === badAt
                  ? lastHistory?.note
                  : h
                    ? `${roleLabel(h.actorRole ?? '')} ${formatDateTime(h.at)}`
                    : i === current + 1 || (i === current && statusIdx < 0)
                      ? undefined
                      : undefined,
            };
          })}
        />
        {nextHint[order.status as OrderStatus] && (
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }} data-testid="next-step">
            {nextHint[order.status as OrderStatus]}
            {actions.length === 0 && L('(由其他岗位办理)', ' (by another role)')}
          </Typography.Text>
        )}
      </Card>
      <Flex gap={12} wrap align="flex-start">
        <Card style={{ flex: '2 1 520px' }} title={L('申请信息', 'Application')}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={L('老人', 'Elder')}>{order.personName}</Descriptions.Item>
            <Descriptions.Item label={L('所在地', 'Region')}>{regionLabel(order.regionCode)}</Descriptions.Item>
            <Descriptions.Item label={L('渠道', 'Channel')}>{APPLICATION_CHANNEL_LABELS[order.channel]}</Descriptions.Item>
            <Descriptions.Item label={L('服务机构', 'Provider')}>
              {order.providerName ?? (order.providerId ? order.providerId.slice(0, 8) : '—')}
            </Descriptions.Item>
            <Descriptions.Item label={L('自付比例', 'Self-pay')}>
              {order.selfPayShareBp === null ? '—' : `${order.selfPayShareBp / 100}%`}
            </Descriptions.Item>
            <Descriptions.Item label={L('进度查询码', 'Tracking code')}>
              <TrackingQr code={order.trackingCode} />
            </Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey={(r) => r.itemCode + r.itemVersionId}
            pagination={false}
            dataSource={order.items}
            columns={[
              { title: L('服务项目', 'Service'), dataIndex: 'itemName' },
              { title: L('频次', 'Frequency'), dataIndex: 'frequency', render: frequencyText },
              { title: L('时间窗', 'Window'), render: (_, r) => (r.windowStart ? `${r.windowStart}-${r.windowEnd ?? ''}` : '—') },
              { title: L('标准时长', 'Duration'), dataIndex: 'standardDurationMin', render: (m: number) => `${m} 分钟` },
              { title: L('单价', 'Price'), dataIndex: 'priceFen', render: (f: number) => <Yuan fen={f} /> },
            ]}
          />
        </Card>
        <Card style={{ flex: '1 1 320px' }} title={L('办理记录', 'History')}>
          {order.history.length === 0 ? (
            <Empty />
          ) : (
            <Timeline
              data-testid="order-history"
              items={order.history.map((h) => ({
                color: h.action === 'reject' || h.action === 'cancel' || h.action === 'return' ? 'red' : 'blue',
                content: (
                  <div>
                    <b>{labelOf(ORDER_ACTION_LABELS, h.action)}</b> · {h.actorName ?? roleLabel(h.actorRole ?? '')}
                    <div style={{ fontSize: 12, color: '#888' }}>{formatDateTime(h.at)}</div>
                    {h.note && <div>{h.note}</div>}
                  </div>
                ),
              }))}
            />
          )}
        </Card>
      </Flex>
      {subsidy && (
        <div style={{ marginTop: 12 }}>
          <EntitlementCard e={subsidy} title={L(`补贴决定(${subsidy.decidedOn})`, `Subsidy decision (${subsidy.decidedOn})`)} />
        </div>
      )}
      <Card style={{ marginTop: 12 }}>
        <Tabs
          items={[
            {
              key: 'assessments',
              label: L('能力评估记录', 'Assessments'),
              children: (
                <Table<Assessment>
                  size="small"
                  rowKey="id"
                  loading={assessments.isLoading}
                  dataSource={assessments.data?.items}
                  pagination={false}
                  locale={{ emptyText: L('尚无评估记录', 'No assessment yet') }}
                  columns={[
                    { title: L('评估日期', 'Date'), dataIndex: 'assessedOn' },
                    { title: L('原因', 'Reason'), dataIndex: 'reason', render: (r: AssessmentReason) => ASSESSMENT_REASON_LABELS[r] ?? r },
                    { title: L('总分', 'Total'), render: (_, a) => `${a.result.total} / 90` },
                    { title: L('等级', 'Level'), render: (_, a) => <LevelTag level={a.result.level} /> },
                    {
                      title: L('自理/运动/精神/感知', 'Dimensions'),
                      render: (_, a) => Object.values(a.result.dimensions).join(' / '),
                    },
                    { title: L('备注', 'Note'), dataIndex: 'note' },
                  ]}
                />
              ),
            },
            {
              key: 'visits',
              label: L('服务记录', 'Visits'),
              children: (
                <Table<VisitView>
                  size="small"
                  rowKey="id"
                  loading={visits.isLoading}
                  dataSource={visits.data?.items}
                  locale={{ emptyText: L('尚无服务记录', 'No visits yet') }}
                  columns={[
                    { title: L('日期', 'Date'), dataIndex: 'serviceDate' },
                    { title: L('项目', 'Item'), render: (_, v) => v.itemName ?? v.itemCode },
                    { title: L('计划时间', 'Planned'), render: (_, v) => plannedRange(v) },
                    { title: L('护理员', 'Caregiver'), render: (_, v) => v.caregiverName ?? '—' },
                    { title: L('签到', 'In'), render: (_, v) => hhmm(v.checkIn?.at) },
                    { title: L('签出', 'Out'), render: (_, v) => hhmm(v.checkOut?.at) },
                    { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <VisitStatusTag status={s} /> },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
      <ActionModal order={order} action={action} onClose={() => setAction(null)} />
      <Space />
    </>
  );
}
