/**
 * 参数与补贴规则: the county's effective-dated rule numbers of the elderly-care loop. Nothing is edited
 * in place: a change is a new version from a date, with its source (文件号); the server closes the
 * version it replaces the day before. Money is entered in yuan and stored in fen; shares in % and
 * stored in basis points or fractions, exactly as the server's schemas say.
 */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
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
import { applyFieldErrors, useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../shared/ui';
import { EC } from './api';
import { todayCn, useL, Yuan } from './common';

// ---------------------------------------------------------------- parameters

type FieldKind = 'int' | 'bpPct' | 'sharePct' | 'fenYuan' | 'hhmm' | 'bool' | 'level';
interface FieldMeta {
  name: string;
  zh: string;
  en: string;
  kind: FieldKind;
  unit?: string;
  min?: number;
  max?: number;
}
interface ParamMeta {
  key: string;
  zh: string;
  en: string;
  help: string;
  fields: FieldMeta[];
}

/** The parameter keys the server knows (params.ts PARAMETER_SCHEMAS), with what each number governs. */
const PARAMS: ParamMeta[] = [
  {
    key: 'assessment',
    zh: '能力评估',
    en: 'Assessment',
    help: 'GB/T 42195-2022 评估:昏迷者的等级、两条升级规则是否累加、定期复评间隔',
    fields: [
      { name: 'comaLevel', zh: '昏迷者评定等级', en: 'Level for coma', kind: 'level' },
      { name: 'cumulativeRaises', zh: '两条升级规则可累加', en: 'Raises add up', kind: 'bool' },
      { name: 'reassessmentIntervalMonths', zh: '复评间隔', en: 'Reassess every', kind: 'int', unit: '个月', min: 1, max: 60 },
    ],
  },
  {
    key: 'anomaly',
    zh: '异常审核',
    en: 'Anomaly checks',
    help: '签到位置与老人住址的最大距离;服务时长低于标准时长多少比例视为异常',
    fields: [
      { name: 'maxCheckinDistanceM', zh: '签到距离上限', en: 'Max check-in distance', kind: 'int', unit: '米', min: 10, max: 100000 },
      { name: 'minDurationShare', zh: '最短服务时长(占标准)', en: 'Min duration share', kind: 'sharePct', unit: '%', min: 0, max: 100 },
    ],
  },
  {
    key: 'followup',
    zh: '跟踪回访',
    en: 'Follow-up',
    help: '已完成服务的随机回访比例(另加全部有投诉的服务);投诉办理时限',
    fields: [
      { name: 'sampleShareBp', zh: '抽样回访比例', en: 'Sample share', kind: 'bpPct', unit: '%', min: 0, max: 100 },
      { name: 'complaintResponseDays', zh: '投诉办理时限', en: 'Complaint due in', kind: 'int', unit: '天', min: 1, max: 90 },
    ],
  },
  {
    key: 'visits',
    zh: '服务排期',
    en: 'Visits',
    help: '批准后预先生成服务的天数、默认服务时间窗、准时的宽限分钟',
    fields: [
      { name: 'horizonDays', zh: '预排天数', en: 'Horizon', kind: 'int', unit: '天', min: 1, max: 92 },
      { name: 'defaultWindowStart', zh: '默认时间窗开始', en: 'Default window start', kind: 'hhmm' },
      { name: 'defaultWindowEnd', zh: '默认时间窗结束', en: 'Default window end', kind: 'hhmm' },
      { name: 'onTimeGraceMin', zh: '准时宽限', en: 'On-time grace', kind: 'int', unit: '分钟', min: 0, max: 240 },
    ],
  },
  {
    key: 'budget',
    zh: '补贴预算',
    en: 'Budget',
    help: '全年居家养老服务补贴预算,总览页对比已支出金额',
    fields: [{ name: 'annualSubsidyBudgetFen', zh: '年度补贴预算', en: 'Annual budget', kind: 'fenYuan', unit: '元', min: 0 }],
  },
  {
    key: 'coverage',
    zh: '覆盖目标',
    en: 'Coverage target',
    help: '乡镇(街道)居家养老服务中心覆盖目标(政策:2022 年全覆盖 19 个)',
    fields: [
      { name: 'townshipCentreTarget', zh: '服务中心目标数', en: 'Centres target', kind: 'int', unit: '个', min: 0, max: 100 },
      { name: 'targetYear', zh: '目标年份', en: 'Target year', kind: 'int', unit: '年', min: 2000, max: 2100 },
    ],
  },
];

interface ParameterRow {
  id: string;
  key: string;
  validFrom: string;
  validTo: string | null;
  value: Record<string, unknown>;
  source: string;
  createdAt: string;
}

/** API value -> form value (yuan, %, ...). */
function toForm(kind: FieldKind, v: unknown): unknown {
  if (typeof v !== 'number') return v;
  if (kind === 'bpPct') return v / 100;
  if (kind === 'sharePct') return Math.round(v * 10000) / 100;
  if (kind === 'fenYuan') return v / 100;
  return v;
}
/** Form value -> API value, exactly (integer fen / basis points). */
function fromForm(kind: FieldKind, v: unknown): unknown {
  if (typeof v !== 'number') return v;
  if (kind === 'bpPct') return Math.round(v * 100);
  if (kind === 'sharePct') return Math.round(v * 100) / 10000;
  if (kind === 'fenYuan') return Math.round(v * 100);
  return v;
}
function showValue(f: FieldMeta, v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (f.kind === 'bool') return v ? '是' : '否';
  if (f.kind === 'level') return `${v} 级`;
  if (f.kind === 'fenYuan' && typeof v === 'number') return `${(v / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`;
  const shown = toForm(f.kind, v);
  return `${shown}${f.unit ? ` ${f.unit}` : ''}`;
}

function inForce<T extends { validFrom: string; validTo: string | null }>(rows: T[], date: string): T | undefined {
  return rows.find((r) => r.validFrom <= date && (r.validTo === null || r.validTo >= date));
}

function ParameterModal({ meta, current, onClose }: { meta: ParamMeta; current?: ParameterRow; onClose: () => void }) {
  const L = useL();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm();
  const initial = useMemo(
    () => ({
      validFrom: dayjs(todayCn(1)),
      source: '',
      ...Object.fromEntries(meta.fields.map((f) => [f.name, toForm(f.kind, current?.value[f.name])])),
    }),
    [meta, current],
  );
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      api.post<ParameterRow>(`${EC}/parameters`, {
        key: meta.key,
        validFrom: (v.validFrom as Dayjs).format('YYYY-MM-DD'),
        source: String(v.source).trim(),
        value: Object.fromEntries(meta.fields.map((f) => [f.name, fromForm(f.kind, v[f.name])])),
      }),
    onSuccess: (r) => {
      void message.success(L(`已新增 ${meta.zh} 参数版本,${r.validFrom} 起生效`, `New version from ${r.validFrom}`));
      void qc.invalidateQueries({ queryKey: ['ec', 'parameters'] });
      onClose();
    },
    onError: (e) => {
      // a date or source problem goes on its input; anything else (e.g. value.<name>) as a message
      if (!applyFieldErrors(form, e, ['validFrom', 'source'])) showError(e);
    },
  });
  return (
    <Modal
      open
      title={L(`新增参数版本:${meta.zh}`, `New version: ${meta.en}`)}
      okText={L('保存新版本', 'Save version')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'param-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{meta.help}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        {meta.fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={L(f.zh, f.en)}
            valuePropName={f.kind === 'bool' ? 'checked' : 'value'}
            rules={
              f.kind === 'bool'
                ? []
                : f.kind === 'hhmm'
                  ? [{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: 'HH:MM' }]
                  : [{ required: true, message: L('必填', 'Required') }]
            }
          >
            {f.kind === 'bool' ? (
              <Checkbox>{L(f.zh, f.en)}</Checkbox>
            ) : f.kind === 'level' ? (
              <Select
                style={{ width: 200 }}
                options={[
                  { value: 3, label: '3 级 重度失能' },
                  { value: 4, label: '4 级 完全失能' },
                ]}
              />
            ) : f.kind === 'hhmm' ? (
              <Input style={{ width: 120 }} placeholder="08:00" />
            ) : (
              <InputNumber
                min={f.min}
                max={f.max}
                precision={f.kind === 'int' ? 0 : 2}
                style={{ width: 220 }}
                suffix={f.unit}
                data-testid={`param-${meta.key}-${f.name}`}
              />
            )}
          </Form.Item>
        ))}
        <Flex gap={12} wrap>
          <Form.Item name="validFrom" label={L('生效日期', 'Valid from')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} data-testid="param-valid-from" />
          </Form.Item>
          <Form.Item
            name="source"
            label={L('依据(文件号)', 'Source (decision ref.)')}
            rules={[{ required: true, whitespace: true, message: L('请填写依据', 'Give the source') }]}
            style={{ flex: 1, minWidth: 220 }}
          >
            <Input maxLength={300} placeholder="龙民〔2026〕X号" data-testid="param-source" />
          </Form.Item>
        </Flex>
        <Alert
          type="info"
          showIcon
          title={L(
            '现行版本在新版本生效前一日自动截止;已作出的决定保留当时的参数,不受影响。',
            'The version in force ends the day before; decisions already made keep their values.',
          )}
        />
      </Form>
    </Modal>
  );
}

function ParametersTab({ canWrite }: { canWrite: boolean }) {
  const L = useL();
  const [editing, setEditing] = useState<ParamMeta | null>(null);
  const q = useQuery({ queryKey: ['ec', 'parameters'], queryFn: () => api.get<ParameterRow[]>(`${EC}/parameters`) });
  const byKey = useMemo(() => {
    const m = new Map<string, ParameterRow[]>();
    for (const r of q.data ?? []) m.set(r.key, [...(m.get(r.key) ?? []), r]);
    return m;
  }, [q.data]);
  const today = todayCn();
  return (
    <>
      {PARAMS.map((meta) => {
        const rows = [...(byKey.get(meta.key) ?? [])].sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
        const now = inForce(rows, today);
        return (
          <Card
            key={meta.key}
            size="small"
            style={{ marginBottom: 12 }}
            data-testid={`param-card-${meta.key}`}
            title={
              <Flex gap={8} align="center" wrap>
                <b>{L(meta.zh, meta.en)}</b>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {meta.help}
                </Typography.Text>
              </Flex>
            }
            extra={
              canWrite && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing(meta)} data-testid={`param-new-${meta.key}`}>
                  {L('新增版本', 'New version')}
                </Button>
              )
            }
          >
            {now ? (
              <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
                {meta.fields.map((f) => (
                  <Descriptions.Item key={f.name} label={L(f.zh, f.en)}>
                    <b>{showValue(f, now.value[f.name])}</b>
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ) : (
              <Alert type="warning" showIcon title={L(`${today} 无有效版本,相关功能将提示缺少参数`, 'No version in force today')} />
            )}
            <Table<ParameterRow>
              size="small"
              rowKey="id"
              style={{ marginTop: 8 }}
              loading={q.isLoading}
              dataSource={rows}
              pagination={rows.length > 5 ? { pageSize: 5, size: 'small' } : false}
              scroll={{ x: 720 }}
              columns={[
                {
                  title: L('有效期', 'Valid'),
                  width: 200,
                  render: (_, r) => (
                    <span>
                      {r.validFrom} ~ {r.validTo ?? L('长期', 'open')} {r === now && <Tag color="green">{L('现行', 'in force')}</Tag>}
                      {r.validFrom > today && <Tag color="blue">{L('待生效', 'future')}</Tag>}
                    </span>
                  ),
                },
                {
                  title: L('取值', 'Value'),
                  render: (_, r) => meta.fields.map((f) => `${f.zh} ${showValue(f, r.value[f.name])}`).join(';'),
                },
                { title: L('依据', 'Source'), dataIndex: 'source', width: 220, ellipsis: true },
                { title: L('录入时间', 'Created'), width: 160, render: (_, r) => formatDateTime(r.createdAt) },
              ]}
            />
          </Card>
        );
      })}
      {editing && <ParameterModal meta={editing} current={inForce(byKey.get(editing.key) ?? [], today)} onClose={() => setEditing(null)} />}
    </>
  );
}

// ---------------------------------------------------------------- subsidy rules

interface Terms {
  monthlyAmountFen: number;
  monthlyHours: number;
  selfPayShareBp: number;
}
interface SubsidyRule {
  version: string;
  validFrom: string;
  validTo: string | null;
  minAge: number;
  elderlyAgeThreshold: number;
  elderlyBonus: { monthlyAmountFen: number; monthlyHours: number };
  byStatus: Record<'特困' | '低保' | '低保边缘', Terms>;
  byLevel: Record<'0' | '1' | '2' | '3' | '4', Terms>;
  source: string;
}
const LEVELS = ['0', '1', '2', '3', '4'] as const;
const LEVEL_NAMES = ['能力完好', '轻度失能', '中度失能', '重度失能', '完全失能'];
const STATUSES = ['特困', '低保', '低保边缘'] as const;
type TermRow = { key: string; label: string; group: 'byLevel' | 'byStatus'; id: string };
const TERM_ROWS: TermRow[] = [
  ...LEVELS.map((l) => ({ key: `L${l}`, label: `${l} 级 ${LEVEL_NAMES[Number(l)]}`, group: 'byLevel' as const, id: l })),
  ...STATUSES.map((s) => ({ key: `S${s}`, label: `${s}对象`, group: 'byStatus' as const, id: s })),
];

function RuleTerms({ rule }: { rule: SubsidyRule }) {
  const L = useL();
  return (
    <Table<TermRow>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={TERM_ROWS}
      columns={[
        { title: L('按能力等级 / 身份', 'By level / status'), dataIndex: 'label' },
        {
          title: L('每月补贴(元)', 'Monthly (yuan)'),
          render: (_, r) => <Yuan fen={(rule[r.group] as Record<string, Terms>)[r.id].monthlyAmountFen} />,
        },
        { title: L('每月服务(小时)', 'Hours / month'), render: (_, r) => (rule[r.group] as Record<string, Terms>)[r.id].monthlyHours },
        {
          title: L('个人自付', 'Self-pay'),
          render: (_, r) => `${(rule[r.group] as Record<string, Terms>)[r.id].selfPayShareBp / 100}%`,
        },
      ]}
    />
  );
}

type RuleForm = {
  version: string;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  minAge: number;
  elderlyAgeThreshold: number;
  bonusYuan: number;
  bonusHours: number;
  source: string;
} & Record<string, number | string | Dayjs | null | undefined>;

function RuleModal({ latest, onClose }: { latest?: SubsidyRule; onClose: () => void }) {
  const L = useL();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<RuleForm>();
  const initial = useMemo(() => {
    const v: Record<string, unknown> = {
      version: '',
      validFrom: dayjs(todayCn(1)),
      validTo: null,
      minAge: latest?.minAge ?? 60,
      elderlyAgeThreshold: latest?.elderlyAgeThreshold ?? 80,
      bonusYuan: (latest?.elderlyBonus.monthlyAmountFen ?? 0) / 100,
      bonusHours: latest?.elderlyBonus.monthlyHours ?? 0,
      source: '',
    };
    for (const r of TERM_ROWS) {
      const t = latest ? (latest[r.group] as Record<string, Terms>)[r.id] : { monthlyAmountFen: 0, monthlyHours: 0, selfPayShareBp: 10000 };
      v[`${r.key}.amount`] = t.monthlyAmountFen / 100;
      v[`${r.key}.hours`] = t.monthlyHours;
      v[`${r.key}.share`] = t.selfPayShareBp / 100;
    }
    return v;
  }, [latest]);
  const save = useMutation({
    mutationFn: (v: RuleForm) => {
      const terms = (r: TermRow): Terms => ({
        monthlyAmountFen: Math.round(Number(v[`${r.key}.amount`]) * 100),
        monthlyHours: Number(v[`${r.key}.hours`]),
        selfPayShareBp: Math.round(Number(v[`${r.key}.share`]) * 100),
      });
      const pick = (g: TermRow['group']) => Object.fromEntries(TERM_ROWS.filter((r) => r.group === g).map((r) => [r.id, terms(r)]));
      const rule = {
        version: v.version.trim(),
        validFrom: v.validFrom.format('YYYY-MM-DD'),
        validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
        minAge: v.minAge,
        elderlyAgeThreshold: v.elderlyAgeThreshold,
        elderlyBonus: { monthlyAmountFen: Math.round(v.bonusYuan * 100), monthlyHours: v.bonusHours },
        byLevel: pick('byLevel'),
        byStatus: pick('byStatus'),
        source: v.source.trim(),
      };
      return api.post<SubsidyRule>(`${EC}/subsidy-rules`, rule);
    },
    onSuccess: (r) => {
      void message.success(L(`补贴规则 ${r.version} 已保存,${r.validFrom} 起生效`, `Rule ${r.version} saved`));
      void qc.invalidateQueries({ queryKey: ['ec', 'subsidy-rules'] });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['version', 'validFrom', 'validTo', 'source', 'minAge', 'elderlyAgeThreshold'])) showError(e);
    },
  });
  const cell = (name: string, kind: 'amount' | 'hours' | 'share') => (
    <Form.Item name={name} noStyle rules={[{ required: true }]}>
      <InputNumber
        size="small"
        min={0}
        max={kind === 'share' ? 100 : kind === 'hours' ? 744 : 100000}
        precision={kind === 'hours' ? 0 : 2}
        style={{ width: '100%' }}
        data-testid={`rule-${name}`}
      />
    </Form.Item>
  );
  return (
    <Modal
      open
      width={760}
      title={L('新增补贴规则版本', 'New subsidy rule version')}
      okText={L('保存规则', 'Save rule')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'rule-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<RuleForm> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Flex gap={12} wrap>
          <Form.Item
            name="version"
            label={L('版本号', 'Version')}
            rules={[{ required: true, whitespace: true, message: L('请填写版本号', 'Give a version') }]}
            style={{ minWidth: 160 }}
          >
            <Input maxLength={40} placeholder="LQ-2027" data-testid="rule-version" />
          </Form.Item>
          <Form.Item name="validFrom" label={L('生效日期', 'Valid from')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} data-testid="rule-valid-from" />
          </Form.Item>
          <Form.Item name="validTo" label={L('截止日期(可空)', 'Valid to (optional)')}>
            <DatePicker />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="minAge" label={L('起始年龄', 'Minimum age')} rules={[{ required: true }]}>
            <InputNumber min={0} max={120} precision={0} suffix="周岁" />
          </Form.Item>
          <Form.Item name="elderlyAgeThreshold" label={L('高龄线', '高龄 age')} rules={[{ required: true }]}>
            <InputNumber min={60} max={120} precision={0} suffix="周岁" />
          </Form.Item>
          <Form.Item name="bonusYuan" label={L('高龄加发(元/月)', '高龄 bonus (yuan)')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100000} precision={2} />
          </Form.Item>
          <Form.Item name="bonusHours" label={L('高龄加时(小时/月)', '高龄 hours')} rules={[{ required: true }]}>
            <InputNumber min={0} max={744} precision={0} />
          </Form.Item>
        </Flex>
        <Table<TermRow>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={TERM_ROWS}
          scroll={{ x: 560 }}
          columns={[
            { title: L('按能力等级 / 身份', 'By level / status'), dataIndex: 'label', width: 150 },
            { title: L('每月补贴(元)', 'Monthly (yuan)'), render: (_, r) => cell(`${r.key}.amount`, 'amount') },
            { title: L('每月服务(小时)', 'Hours / month'), render: (_, r) => cell(`${r.key}.hours`, 'hours') },
            { title: L('个人自付(%)', 'Self-pay (%)'), render: (_, r) => cell(`${r.key}.share`, 'share') },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          {L(
            '测算:按能力等级取基础额度,加上身份(特困>低保>低保边缘,取最优一项)额度,满高龄线再加高龄部分;自付比例取等级与身份中较低者。',
            'Amount = level terms + the best status terms + 高龄 bonus; self-pay = the lower of level and status shares.',
          )}
        </Typography.Paragraph>
        <Form.Item
          name="source"
          label={L('依据(文件号)', 'Source (decision ref.)')}
          rules={[{ required: true, whitespace: true, message: L('请填写依据', 'Give the source') }]}
        >
          <Input maxLength={300} placeholder="龙民〔2026〕X号" data-testid="rule-source" />
        </Form.Item>
        <Alert
          type="info"
          showIcon
          title={L(
            '现行规则(无截止日期)将自动截止于新规则生效前一日;有效期不得与其他版本重叠。已作出的补贴决定保留其规则版本。',
            'The open rule ends the day before; periods may not overlap. Decisions keep their rule version.',
          )}
        />
      </Form>
    </Modal>
  );
}

function SubsidyRulesTab({ canWrite }: { canWrite: boolean }) {
  const L = useL();
  const [creating, setCreating] = useState(false);
  const q = useQuery({ queryKey: ['ec', 'subsidy-rules'], queryFn: () => api.get<SubsidyRule[]>(`${EC}/subsidy-rules`) });
  const rules = [...(q.data ?? [])].sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
  const today = todayCn();
  const now = inForce(rules, today);
  return (
    <>
      <Flex justify="space-between" style={{ marginBottom: 8 }} wrap gap={8}>
        <Typography.Text type="secondary">
          {L('居家养老服务补贴按生效日期分版本;批准工单时按当日有效的版本测算并记录版本号与说明。', 'Rules are versioned by date.')}
        </Typography.Text>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="rule-new">
            {L('新增规则版本', 'New rule version')}
          </Button>
        )}
      </Flex>
      <Table<SubsidyRule>
        rowKey="version"
        size="middle"
        loading={q.isLoading}
        dataSource={rules}
        pagination={false}
        scroll={{ x: 860 }}
        expandable={{ expandedRowRender: (r) => <RuleTerms rule={r} />, defaultExpandedRowKeys: now ? [now.version] : [] }}
        columns={[
          {
            title: L('版本', 'Version'),
            width: 170,
            render: (_, r) => (
              <span data-testid="rule-row-version">
                <Tag>{r.version}</Tag>
                {r === now && <Tag color="green">{L('现行', 'in force')}</Tag>}
                {r.validFrom > today && <Tag color="blue">{L('待生效', 'future')}</Tag>}
              </span>
            ),
          },
          { title: L('有效期', 'Valid'), width: 210, render: (_, r) => `${r.validFrom} ~ ${r.validTo ?? L('长期', 'open')}` },
          { title: L('起始年龄', 'Min age'), width: 90, dataIndex: 'minAge' },
          {
            title: L('高龄加发', '高龄 bonus'),
            width: 200,
            render: (_, r) => (
              <span>
                ≥{r.elderlyAgeThreshold} 周岁 +<Yuan fen={r.elderlyBonus.monthlyAmountFen} /> / {r.elderlyBonus.monthlyHours} 小时
              </span>
            ),
          },
          { title: L('依据', 'Source'), dataIndex: 'source', ellipsis: true },
        ]}
      />
      {creating && <RuleModal latest={rules[0]} onClose={() => setCreating(false)} />}
    </>
  );
}

export default function ParametersPage() {
  const L = useL();
  const { me } = useAuth();
  const canWrite = can(me?.roles, 'elderly.parameters.write');
  return (
    <>
      <PageHeader title={L('参数与补贴规则', 'Parameters and subsidy rules')} showScope={false} />
      <Tabs
        items={[
          { key: 'params', label: L('业务参数', 'Parameters'), children: <ParametersTab canWrite={canWrite} /> },
          { key: 'rules', label: L('补贴规则', 'Subsidy rules'), children: <SubsidyRulesTab canWrite={canWrite} /> },
        ]}
      />
    </>
  );
}
