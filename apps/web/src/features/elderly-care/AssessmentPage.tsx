import { CheckCircleTwoTone, WarningTwoTone } from '@ant-design/icons';
import {
  ABILITY_LEVEL_BANDS,
  ASSESSMENT_DIMENSION_MAX,
  ASSESSMENT_DIMENSIONS,
  ASSESSMENT_ITEMS,
  ASSESSMENT_REASONS,
  type AssessmentCreate,
  type AssessmentInput,
  type AssessmentItemKey,
  type AssessmentReason,
  type AssessmentScores,
  RAISE_LABELS,
  scoreAssessment,
} from '@lq/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Affix,
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { api } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { LoadError, PageHeader } from '../../shared/ui';
import { type Assessment, type AssessmentResult, EC, ecApi } from './api';
import { LEVEL_COLORS, LevelTag, useL } from './common';

interface Values {
  scores: Partial<Record<AssessmentItemKey, number>>;
  dementia: boolean;
  riskEvents30d: number;
  coma: boolean;
  reason: AssessmentReason;
  assessedOn: Dayjs;
  assessors: string[];
  note?: string;
}

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => {
    const h = setTimeout(() => setD(v), ms);
    return () => clearTimeout(h);
  }, [v, ms]);
  return d;
}

export default function AssessmentPage() {
  const { id = '' } = useParams();
  const L = useL();
  const { me } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const order = useQuery({ queryKey: ['ec', 'order', id], queryFn: () => ecApi.order(id) });
  const history = useQuery({
    queryKey: ['ec', 'assessments', order.data?.personId],
    queryFn: () => ecApi.assessments(order.data?.personId ?? ''),
    enabled: !!order.data,
  });

  const scores = Form.useWatch('scores', form) ?? {};
  const dementia = Form.useWatch('dementia', form) ?? false;
  const riskEvents30d = Form.useWatch('riskEvents30d', form) ?? 0;
  const coma = Form.useWatch('coma', form) ?? false;

  const filled = ASSESSMENT_ITEMS.filter((i) => typeof scores[i.key] === 'number').length;
  const complete = filled === ASSESSMENT_ITEMS.length;
  const subtotals = useMemo(() => {
    const s: Record<string, number> = {};
    for (const d of ASSESSMENT_DIMENSIONS) s[d] = 0;
    for (const i of ASSESSMENT_ITEMS) s[i.dimension] += scores[i.key] ?? 0;
    return s;
  }, [scores]);
  const partialTotal = Object.values(subtotals).reduce((a, b) => a + b, 0);
  const input: AssessmentInput | null = complete
    ? { scores: scores as AssessmentScores, dementia: !!dementia, riskEvents30d: Number(riskEvents30d) || 0, coma: !!coma }
    : null;
  const local = useMemo(() => {
    if (!input) return null;
    try {
      return scoreAssessment(input);
    } catch {
      return null;
    }
  }, [input]);

  // confirm with the server (its parameters, e.g. the coma level, are authoritative)
  const debouncedInput = useDebounced(input, 400);
  const serverPreview = useQuery({
    queryKey: ['ec', 'assessment-preview', debouncedInput],
    queryFn: () => api.post<AssessmentResult>(`${EC}/assessments/preview`, debouncedInput),
    enabled: !!debouncedInput,
    retry: false,
    staleTime: Infinity,
  });
  const agrees = serverPreview.data && local && serverPreview.data.level === local.level && serverPreview.data.total === local.total;
  const shown = serverPreview.data && debouncedInput === input ? serverPreview.data : local;

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const o = order.data;
      if (!o) throw new Error('order not loaded');
      const body: AssessmentCreate = {
        personId: o.personId,
        orderId: o.id,
        scores: v.scores as AssessmentScores,
        dementia: !!v.dementia,
        riskEvents30d: Number(v.riskEvents30d) || 0,
        coma: !!v.coma,
        reason: v.reason,
        assessedOn: v.assessedOn.format('YYYY-MM-DD'),
        assessorIds: v.assessors,
        note: v.note || undefined,
      };
      const created = await api.post<Assessment>(`${EC}/assessments`, body);
      // the server may already have moved the order; otherwise take the 'assess' action now
      const fresh = await ecApi.order(o.id);
      if (fresh.assessmentId !== created.id && (fresh.status === 'accepted' || fresh.status === 'assessed')) {
        await ecApi.orderAction(o.id, { action: 'assess', version: fresh.version, assessmentId: created.id });
      }
      return created;
    },
    onSuccess: (a) => {
      void message.success(L(`评估已保存:${a.result.total} 分,${a.result.levelName}`, `Saved: ${a.result.total}, ${a.result.levelName}`));
      void qc.invalidateQueries({ queryKey: ['ec'] });
      navigate(`/elderly/orders/${id}`);
    },
    onError: (e) => showError(e),
  });

  if (order.error) return <LoadError error={order.error} onRetry={() => void order.refetch()} />;
  if (!order.data) return <Skeleton active />;
  const prior = history.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={L(`能力评估 · ${order.data.personName}`, `Assessment · ${order.data.personName}`)}
        sub={<Tag>GB/T 42195-2022</Tag>}
        back={`/elderly/orders/${id}`}
      />
      {prior.length > 0 && (
        <Alert
          style={{ marginBottom: 12 }}
          type="info"
          showIcon
          title={L(
            `上次评估 ${prior[0].assessedOn}:${prior[0].result.total} 分,${prior[0].result.levelName}(共 ${prior.length} 次)`,
            `Last assessment ${prior[0].assessedOn}: ${prior[0].result.total}, ${prior[0].result.levelName} (${prior.length} in all)`,
          )}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          scores: {},
          dementia: false,
          riskEvents30d: 0,
          coma: false,
          reason: prior.length ? 'periodic' : 'initial',
          assessedOn: dayjs(),
          assessors: me ? [me.id] : [],
        }}
        onFinish={(v) => save.mutate(v)}
        scrollToFirstError
      >
        <Row gutter={12}>
          <Col xs={24} xl={17}>
            {ASSESSMENT_DIMENSIONS.map((dim) => (
              <Card
                key={dim}
                size="small"
                style={{ marginBottom: 12 }}
                title={dim}
                extra={
                  <Tag color="blue" data-testid={`subtotal-${dim}`}>
                    {L('小计', 'Subtotal')} {subtotals[dim]} / {ASSESSMENT_DIMENSION_MAX[dim]}
                  </Tag>
                }
              >
                {ASSESSMENT_ITEMS.filter((i) => i.dimension === dim).map((item) => (
                  <Form.Item
                    key={item.key}
                    name={['scores', item.key]}
                    label={
                      <span>
                        <b>{item.key}</b>
                        <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                          {item.scale}
                        </Typography.Text>
                      </span>
                    }
                    rules={[{ required: true, message: L(`请为“${item.key}”评分(0-${item.max})`, `Score "${item.key}" (0-${item.max})`) }]}
                    style={{ marginBottom: 10 }}
                    data-testid={`item-${item.key}`}
                  >
                    <Radio.Group
                      optionType="button"
                      buttonStyle="solid"
                      options={Array.from({ length: item.max + 1 }, (_, k) => item.max - k).map((n) => ({ value: n, label: String(n) }))}
                    />
                  </Form.Item>
                ))}
              </Card>
            ))}
            <Card size="small" title={L('加级与特殊情形', 'Raising rules')} style={{ marginBottom: 12 }}>
              <Flex wrap gap={24}>
                <Form.Item
                  name="dementia"
                  label={L('确诊痴呆或其他精神障碍', 'Diagnosed dementia / psychiatric disorder')}
                  valuePropName="checked"
                >
                  <Switch data-testid="dementia" />
                </Form.Item>
                <Form.Item
                  name="riskEvents30d"
                  label={L('近 30 天照护风险事件次数(跌倒、噎食、自杀自伤、走失)', 'Care-risk events in 30 days')}
                  rules={[{ type: 'integer', min: 0, message: L('须为非负整数', 'Non-negative integer') }]}
                >
                  <InputNumber min={0} max={99} precision={0} />
                </Form.Item>
                <Form.Item name="coma" label={L('昏迷', 'Coma')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Flex>
            </Card>
            <Card size="small" title={L('评估信息', 'Assessment details')}>
              <Flex wrap gap={16}>
                <Form.Item name="reason" label={L('评估原因', 'Reason')} rules={[{ required: true }]}>
                  <Select style={{ width: 140 }} options={ASSESSMENT_REASONS.map((r) => ({ value: r.code, label: r.label }))} />
                </Form.Item>
                <Form.Item name="assessedOn" label={L('评估日期', 'Date')} rules={[{ required: true }]}>
                  <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                </Form.Item>
                <Form.Item
                  name="assessors"
                  label={L('评估员(标准要求两名在场)', 'Assessors (two on site)')}
                  rules={[{ required: true, type: 'array', min: 1, max: 3, message: L('请填写 1-3 名评估员', '1-3 assessors') }]}
                  style={{ minWidth: 280, flex: 1 }}
                >
                  <Select
                    mode="tags"
                    options={me ? [{ value: me.id, label: `${me.displayName}(本人)` }] : []}
                    placeholder={L('输入第二名评估员后回车', 'Type a second assessor and press Enter')}
                  />
                </Form.Item>
              </Flex>
              <Form.Item
                name="note"
                label={L('说明', 'Note')}
                dependencies={['reason']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_, v?: string) => {
                      const r = getFieldValue('reason') as string;
                      if ((r === 'other' || r === 'review') && !v?.trim())
                        throw new Error(L('“其他”或“复评”须说明原因', 'Explain the reason'));
                    },
                  }),
                ]}
              >
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={7}>
            <Affix offsetTop={68}>
              <Card size="small" title={L('评估结果(实时)', 'Result (live)')} data-testid="assessment-result">
                <Typography.Paragraph>
                  {L('已评', 'Scored')} {filled} / {ASSESSMENT_ITEMS.length} {L('项', 'items')}
                </Typography.Paragraph>
                {ASSESSMENT_DIMENSIONS.map((d) => (
                  <Flex key={d} justify="space-between">
                    <span>{d}</span>
                    <span className="mono">
                      {subtotals[d]} / {ASSESSMENT_DIMENSION_MAX[d]}
                    </span>
                  </Flex>
                ))}
                <Flex justify="space-between" style={{ marginTop: 8, fontSize: 18 }}>
                  <b>{L('总分', 'Total')}</b>
                  <b className="mono" data-testid="assessment-total">
                    {shown ? shown.total : partialTotal} / 90
                  </b>
                </Flex>
                <div style={{ marginTop: 8 }} data-testid="assessment-level">
                  {shown ? (
                    <>
                      <LevelTag level={shown.level} />
                      {shown.baseLevel !== shown.level && (
                        <Typography.Text type="secondary">
                          {L('(按总分为', '(by total ')}
                          {shown.baseLevel}
                          {L(' 级)', ')')}
                        </Typography.Text>
                      )}
                      {shown.raisedBy.map((r) => (
                        <div key={r} style={{ fontSize: 12, color: '#d46b08' }}>
                          {RAISE_LABELS[r]}
                        </div>
                      ))}
                    </>
                  ) : (
                    <Typography.Text type="secondary">
                      {L('全部 26 项评完后显示等级', 'The level shows once all 26 items are scored')}
                    </Typography.Text>
                  )}
                </div>
                {input && (
                  <div style={{ marginTop: 8, fontSize: 12 }} data-testid="server-check">
                    {serverPreview.isFetching ? (
                      L('正在向服务器核对…', 'Checking with the server…')
                    ) : serverPreview.error ? (
                      <span>
                        <WarningTwoTone twoToneColor="#faad14" /> {L('服务器核对失败:', 'Server check failed: ')}
                        {(serverPreview.error as Error).message}
                      </span>
                    ) : agrees ? (
                      <span>
                        <CheckCircleTwoTone twoToneColor="#52c41a" /> {L('服务器核对一致', 'Confirmed by the server')}
                      </span>
                    ) : serverPreview.data ? (
                      <span>
                        <WarningTwoTone twoToneColor="#faad14" />{' '}
                        {L('以服务器结果为准(参数不同)', 'Server result applies (different parameters)')}
                      </span>
                    ) : null}
                  </div>
                )}
                <Tooltip title={ABILITY_LEVEL_BANDS.map((b) => `${b.level} ${b.name}: ${b.min}-${b.max}`).join(';')}>
                  <Space size={2} wrap style={{ marginTop: 8 }}>
                    {ABILITY_LEVEL_BANDS.map((b) => (
                      <Tag key={b.level} color={LEVEL_COLORS[b.level]} style={{ fontSize: 11 }}>
                        {b.min}-{b.max}
                      </Tag>
                    ))}
                  </Space>
                </Tooltip>
                <Button
                  type="primary"
                  block
                  htmlType="submit"
                  style={{ marginTop: 12 }}
                  loading={save.isPending}
                  data-testid="assessment-submit"
                >
                  {L('保存评估', 'Save assessment')}
                </Button>
              </Card>
            </Affix>
          </Col>
        </Row>
      </Form>
    </>
  );
}
