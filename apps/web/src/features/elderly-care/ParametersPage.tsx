/**
 * 参数与补贴规则: the county's effective-dated configuration of the elderly-care loop.
 *
 * Nothing is edited in place. A change is a new version from a date with its source (依据/文件号);
 * the server closes the version it replaces the day before (parameters: the newest version;
 * subsidy rules: the newest rule when it starts earlier) and refuses overlapping periods. The
 * forms predict what the server will do from the versions on screen and say so before saving;
 * the server stays the judge and its refusal is shown as it comes.
 *
 * Units: money is entered and shown in yuan and sent as integer fen; shares are entered and shown
 * in % and sent as basis points (or as the 0..1 fraction the anomaly parameter uses).
 */
import { PlusOutlined } from '@ant-design/icons';
import { ABILITY_LEVEL_NAMES } from '@lq/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  type FormInstance,
  type FormRule,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type HTMLAttributes, type Key, type ReactNode, useMemo, useState } from 'react';
import { useAuth } from '../../app/auth';
import { can } from '../../app/permissions';
import { ApiError } from '../../shared/api';
import { applyFieldErrors, localise, useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../shared/ui';
import { ecConfig, type ParameterVersion, type SubsidyRuleVersion, shiftIsoDate, versionOn } from './api';
import { fenToYuan, type L as LFn, todayCn, useL, Yuan } from './common';

const ISO = 'YYYY-MM-DD';
const PARAMS_KEY = ['ec', 'parameters'] as const;
const RULES_KEY = ['ec', 'subsidy-rules'] as const;

const laterOf = (a: string, b: string) => (a > b ? a : b);
const byValidFromDesc = <T extends { validFrom: string }>(rows: readonly T[]) =>
  [...rows].sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0));

/** A server refusal, in the chosen language, kept visible inside the form that caused it. */
function ServerError({ error, testId }: { error: ApiError | null; testId: string }) {
  if (!error) return null;
  const lines = error.details.map((d) => localise(d.message)).filter((m) => m && m !== localise(error.message));
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={testId}
      title={localise(error.message)}
      description={lines.length ? lines.join(';') : undefined}
    />
  );
}

/** Validity tags of a version: in force today, future, ended. */
function PeriodTags({ row, today }: { row: { validFrom: string; validTo: string | null }; today: string }) {
  const L = useL();
  if (row.validFrom > today) return <Tag color="blue">{L('待生效', 'future')}</Tag>;
  if (row.validTo !== null && row.validTo < today) return <Tag>{L('已失效', 'ended')}</Tag>;
  return <Tag color="green">{L('现行', 'in force')}</Tag>;
}
const period = (r: { validFrom: string; validTo: string | null }, L: LFn) => `${r.validFrom} ~ ${r.validTo ?? L('长期', 'open')}`;

/** Warn (without blocking) when a version would apply to today or earlier. */
function BackdatedHint({ validFrom, today }: { validFrom?: string; today: string }) {
  const L = useL();
  if (!validFrom || validFrom > today) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 8 }}
      data-testid="backdated-hint"
      title={L(
        `生效日期 ${validFrom} 不晚于今天:新版本将追溯适用于 ${validFrom} 起的业务;已作出的决定保留当时的版本,之后按该日期处理的业务都用新值。一般应从明天或以后生效。`,
        `Valid from ${validFrom} is not after today: the new version applies retroactively from that day; decisions already made keep their version, anything processed for those dates afterwards uses the new values. Normally a change starts tomorrow or later.`,
      )}
    />
  );
}

// ================================================================= parameters

/** How a value field is shown and entered; the API unit follows from it. */
type FieldKind =
  | 'int' // a plain integer with a unit
  | 'percentBp' // API basis points (1000 = 10 %), entered in %
  | 'percentShare' // API fraction 0..1 (0.5 = 50 %), entered in %
  | 'yuanFen' // API integer fen, entered in yuan
  | 'hhmm' // 'HH:MM'
  | 'bool'
  | 'level'; // ability level 3 or 4

interface FieldMeta {
  name: string;
  zh: string;
  en: string;
  kind: FieldKind;
  unitZh?: string;
  unitEn?: string;
  min?: number;
  max?: number;
  helpZh?: string;
  helpEn?: string;
}
interface ParamMeta {
  key: string;
  zh: string;
  en: string;
  helpZh: string;
  helpEn: string;
  fields: FieldMeta[];
}

/** Every key of the server's PARAMETER_SCHEMAS (params.ts), with what it governs and its bounds. */
const PARAMS: ParamMeta[] = [
  {
    key: 'assessment',
    zh: '能力评估',
    en: 'Ability assessment',
    helpZh:
      '老年人能力评估(GB/T 42195-2022)的本地口径:昏迷者直接评定的等级;认知障碍与近 30 天风险事件两条升级规则能否累加;定期复评的间隔。影响评估结果与复评提醒。',
    helpEn:
      'Local choices of the GB/T 42195-2022 assessment: the level given to a person in a coma, whether the two raise rules (dementia, risk events in 30 days) add up, and the reassessment interval.',
    fields: [
      { name: 'comaLevel', zh: '昏迷者评定等级', en: 'Level for a coma', kind: 'level' },
      {
        name: 'cumulativeRaises',
        zh: '升级规则可累加',
        en: 'Raises add up',
        kind: 'bool',
        helpZh: '勾选:两条同时满足升两级(最高 4 级);不勾选:最多升一级',
        helpEn: 'Checked: both conditions raise two levels (max 4); unchecked: at most one',
      },
      {
        name: 'reassessmentIntervalMonths',
        zh: '复评间隔',
        en: 'Reassess every',
        kind: 'int',
        unitZh: '个月',
        unitEn: 'months',
        min: 1,
        max: 60,
      },
    ],
  },
  {
    key: 'anomaly',
    zh: '服务异常核查',
    en: 'Visit anomaly checks',
    helpZh: '护理员签到位置距老人住址超过上限、或实际服务时长低于标准时长的一定比例,该次服务被标为异常,待审核后才能结算。',
    helpEn:
      'A visit is flagged (and held from settlement until reviewed) when the check-in is farther from the home than the limit, or the service is shorter than this share of the standard duration.',
    fields: [
      {
        name: 'maxCheckinDistanceM',
        zh: '签到距离上限',
        en: 'Max check-in distance',
        kind: 'int',
        unitZh: '米',
        unitEn: 'm',
        min: 10,
        max: 100000,
      },
      {
        name: 'minDurationShare',
        zh: '最短服务时长(占标准时长)',
        en: 'Min duration (share of standard)',
        kind: 'percentShare',
        unitZh: '%',
        unitEn: '%',
        min: 0,
        max: 100,
      },
    ],
  },
  {
    key: 'followup',
    zh: '跟踪回访',
    en: 'Follow-up',
    helpZh: '已完成服务中随机抽取回访的比例(有投诉的服务另行全部回访);投诉须在多少天内办结。',
    helpEn:
      'Share of completed visits drawn at random for a follow-up call (visits with a complaint are always called); days to resolve a complaint.',
    fields: [
      { name: 'sampleShareBp', zh: '抽样回访比例', en: 'Sample share', kind: 'percentBp', unitZh: '%', unitEn: '%', min: 0, max: 100 },
      {
        name: 'complaintResponseDays',
        zh: '投诉办结时限',
        en: 'Complaint due in',
        kind: 'int',
        unitZh: '天',
        unitEn: 'days',
        min: 1,
        max: 90,
      },
    ],
  },
  {
    key: 'visits',
    zh: '服务排期',
    en: 'Visit scheduling',
    helpZh: '工单批准后预先生成服务的天数;未指定时间的服务项目的默认时间窗;签到晚于时间窗结束多少分钟仍算准时(总览页的准时率)。',
    helpEn:
      'Days of visits generated ahead after approval; the default time window of items without one; minutes after the window end a check-in still counts as on time (overview).',
    fields: [
      { name: 'horizonDays', zh: '预排天数', en: 'Horizon', kind: 'int', unitZh: '天', unitEn: 'days', min: 1, max: 92 },
      { name: 'defaultWindowStart', zh: '默认时间窗开始', en: 'Default window start', kind: 'hhmm' },
      { name: 'defaultWindowEnd', zh: '默认时间窗结束', en: 'Default window end', kind: 'hhmm' },
      { name: 'onTimeGraceMin', zh: '准时宽限', en: 'On-time grace', kind: 'int', unitZh: '分钟', unitEn: 'min', min: 0, max: 240 },
    ],
  },
  {
    key: 'budget',
    zh: '补贴预算',
    en: 'Subsidy budget',
    helpZh: '全市全年居家养老服务补贴预算,总览页据此显示已支出占比。',
    helpEn: "The city's annual home-care subsidy budget; the overview shows the share spent.",
    fields: [
      {
        name: 'annualSubsidyBudgetFen',
        zh: '年度补贴预算',
        en: 'Annual budget',
        kind: 'yuanFen',
        unitZh: '元',
        unitEn: 'yuan',
        min: 0,
        max: 999_999_999,
      },
    ],
  },
  {
    key: 'coverage',
    zh: '服务中心覆盖目标',
    en: 'Centre coverage target',
    helpZh: '乡镇(街道)居家养老服务中心的建设目标数与目标年份,总览页对比实际覆盖情况。',
    helpEn: 'Target number of township home-care service centres and the target year; the overview compares actual coverage.',
    fields: [
      {
        name: 'townshipCentreTarget',
        zh: '服务中心目标数',
        en: 'Centres target',
        kind: 'int',
        unitZh: '个',
        unitEn: '',
        min: 0,
        max: 1000,
      },
      { name: 'targetYear', zh: '目标年份', en: 'Target year', kind: 'int', unitZh: '年', unitEn: '', min: 2000, max: 2100 },
    ],
  },
];
const KNOWN_KEYS = new Set(PARAMS.map((p) => p.key));

/** API value -> form value (yuan, %). */
function toInput(kind: FieldKind, v: unknown): unknown {
  if (typeof v !== 'number') return v;
  if (kind === 'percentBp' || kind === 'yuanFen') return v / 100;
  if (kind === 'percentShare') return Math.round(v * 10_000) / 100;
  return v;
}
/** Form value -> API value, exactly: integer fen and basis points, fractions from whole basis points. */
function fromInput(kind: FieldKind, v: unknown): unknown {
  if (typeof v !== 'number') return v;
  if (kind === 'percentBp' || kind === 'yuanFen') return Math.round(v * 100);
  if (kind === 'percentShare') return Math.round(v * 100) / 10_000;
  return v;
}
function showValue(f: FieldMeta, v: unknown, L: LFn): string {
  if (v === undefined || v === null) return '—';
  if (f.kind === 'bool') return v ? L('是', 'yes') : L('否', 'no');
  if (f.kind === 'level') return L(`${v} 级`, `level ${v}`);
  if (f.kind === 'yuanFen' && typeof v === 'number') return `${fenToYuan(v)} ${L('元', 'yuan')}`;
  if (typeof v !== 'number') return String(v);
  const unit = L(f.unitZh ?? '', f.unitEn ?? '');
  return `${toInput(f.kind, v)}${unit ? ` ${unit}` : ''}`;
}
const showJson = (v: unknown) => JSON.stringify(v);

interface KeyGroup {
  key: string;
  meta?: ParamMeta;
  /** newest first */
  rows: ParameterVersion[];
}

/** What saving a parameter version from `validFrom` will do (the server's createParameterVersion). */
function ParameterDateHint({
  validFrom,
  latest,
  earliest,
  onFix,
}: {
  validFrom?: string;
  latest?: ParameterVersion;
  earliest: string;
  onFix: (d: string) => void;
}) {
  const L = useL();
  if (!validFrom || !latest) return null;
  if (validFrom <= latest.validFrom)
    return (
      <Alert
        type="error"
        showIcon
        data-testid="param-date-hint"
        title={L(
          `已有 ${latest.validFrom} 起的版本:新版本必须晚于该日期生效,否则会被拒绝(已录入的版本不能修改或插队)。`,
          `A version from ${latest.validFrom} exists: the new one must start later or it is refused (versions cannot be edited or inserted before).`,
        )}
        action={
          <Button size="small" onClick={() => onFix(earliest)}>
            {L(`改为 ${earliest}`, `Use ${earliest}`)}
          </Button>
        }
      />
    );
  return (
    <Alert
      type="info"
      showIcon
      data-testid="param-date-hint"
      title={L(
        `保存后:${period(latest, L)} 的版本由系统自动截止于 ${shiftIsoDate(validFrom, -1)},新版本 ${validFrom} 起长期有效。已作出的决定保留当时的参数。`,
        `On save the version ${period(latest, L)} is ended on ${shiftIsoDate(validFrom, -1)} by the server; the new one applies from ${validFrom}. Decisions already made keep their values.`,
      )}
    />
  );
}

/** Date + source + the hints every parameter form ends with. */
function VersionFooter({
  form,
  latest,
  earliest,
  today,
}: {
  form: FormInstance;
  latest?: ParameterVersion;
  earliest: string;
  today: string;
}) {
  const L = useL();
  const from = Form.useWatch('validFrom', form) as Dayjs | undefined;
  const validFrom = from?.format(ISO);
  return (
    <>
      <Flex gap={12} wrap>
        <Form.Item
          name="validFrom"
          label={L('生效日期', 'Valid from')}
          rules={[{ required: true, message: L('请选择生效日期', 'Pick a date') }]}
        >
          <DatePicker allowClear={false} format={ISO} data-testid="param-valid-from" />
        </Form.Item>
        <Form.Item
          name="source"
          label={L('依据(文件号)', 'Source (decision ref.)')}
          rules={[{ required: true, whitespace: true, message: L('请填写依据,如文件号', 'Give the source, e.g. the decision number') }]}
          style={{ flex: 1, minWidth: 200 }}
        >
          <Input maxLength={300} placeholder="龙民〔2026〕X号" data-testid="param-source" />
        </Form.Item>
      </Flex>
      <ParameterDateHint
        validFrom={validFrom}
        latest={latest}
        earliest={earliest}
        onFix={(d) => form.setFieldValue('validFrom', dayjs(d))}
      />
      <BackdatedHint validFrom={validFrom} today={today} />
    </>
  );
}

type ParamFormValues = Record<string, unknown> & { validFrom: Dayjs; source: string; json?: string };

function ParameterModal({ group, onClose }: { group: KeyGroup; onClose: () => void }) {
  const L = useL();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<ParamFormValues>();
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const today = todayCn();
  const { meta, rows } = group;
  const latest = rows[0];
  // prefill from the version in force today (or the newest one when none is)
  const base = versionOn(rows, today) ?? latest;
  const earliest = latest ? laterOf(todayCn(1), shiftIsoDate(latest.validFrom, 1)) : todayCn(1);
  const initial = useMemo(() => {
    const v: Record<string, unknown> = { validFrom: dayjs(earliest), source: '' };
    if (meta) for (const f of meta.fields) v[f.name] = toInput(f.kind, base?.value[f.name]);
    else v.json = JSON.stringify(base?.value ?? {}, null, 2);
    return v;
  }, [meta, base, earliest]);

  const save = useMutation({
    mutationFn: (v: ParamFormValues) => {
      // fields this page does not know (a newer server) are carried over unchanged
      const value: Record<string, unknown> = meta
        ? { ...(base?.value ?? {}), ...Object.fromEntries(meta.fields.map((f) => [f.name, fromInput(f.kind, v[f.name])])) }
        : (JSON.parse(String(v.json)) as Record<string, unknown>);
      return ecConfig.addParameter({ key: group.key, validFrom: v.validFrom.format(ISO), source: v.source.trim(), value });
    },
    onSuccess: (r) => {
      void message.success(
        L(`已新增「${meta?.zh ?? r.key}」版本,${r.validFrom} 起生效`, `New version of ${meta?.en ?? r.key} from ${r.validFrom}`),
      );
      void qc.invalidateQueries({ queryKey: PARAMS_KEY });
      onClose();
    },
    onError: (e) => {
      setServerError(e instanceof ApiError ? e : null);
      const fields = ['validFrom', 'source', ...(meta?.fields.map((f) => f.name) ?? [])];
      // value.<name> problems go under the matching input
      const moved =
        e instanceof ApiError
          ? new ApiError(
              e.status,
              e.code,
              e.message,
              e.details.map((d) => (d.field?.startsWith('value.') ? { ...d, field: d.field.slice(6) } : d)),
              e.requestId,
            )
          : e;
      if (!applyFieldErrors(form, moved, fields)) showError(e);
    },
  });

  const input = (f: FieldMeta): ReactNode => {
    const testId = `param-${group.key}-${f.name}`;
    if (f.kind === 'bool') return <Checkbox data-testid={testId}>{L(f.helpZh ?? f.zh, f.helpEn ?? f.en)}</Checkbox>;
    if (f.kind === 'level')
      return (
        <Select
          style={{ width: 220, maxWidth: '100%' }}
          data-testid={testId}
          options={[3, 4].map((l) => ({ value: l, label: `${l} 级 ${ABILITY_LEVEL_NAMES[l as 3 | 4]}` }))}
        />
      );
    if (f.kind === 'hhmm') return <Input style={{ width: 120 }} placeholder="08:00" maxLength={5} data-testid={testId} />;
    const unit = L(f.unitZh ?? '', f.unitEn ?? '');
    return (
      <InputNumber
        min={f.min}
        max={f.max}
        precision={f.kind === 'int' ? 0 : 2}
        style={{ width: 240, maxWidth: '100%' }}
        suffix={unit || undefined}
        data-testid={testId}
      />
    );
  };
  const rulesOf = (f: FieldMeta): FormRule[] => {
    if (f.kind === 'bool') return [];
    const required = { required: true, message: L('必填', 'Required') };
    if (f.kind !== 'hhmm') return [required];
    const out: FormRule[] = [
      required,
      { pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: L('格式为 HH:MM,如 08:00', 'Format HH:MM, e.g. 08:00') },
    ];
    if (f.name === 'defaultWindowEnd')
      out.push(({ getFieldValue }) => ({
        validator: (_, v: string) =>
          !v || String(getFieldValue('defaultWindowStart') ?? '') < v
            ? Promise.resolve()
            : Promise.reject(new Error(L('结束时间须晚于开始时间', 'The end must be after the start'))),
      }));
    return out;
  };

  return (
    <Modal
      open
      width={640}
      title={L(`新增版本:${meta?.zh ?? group.key}`, `New version: ${meta?.en ?? group.key}`)}
      okText={L('保存新版本', 'Save version')}
      cancelText={L('取消', 'Cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'param-save' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {meta
          ? L(meta.helpZh, meta.helpEn)
          : L(
              '该参数本页尚无专用表单,请按 JSON 填写;服务器会校验格式。',
              'No dedicated form for this key: edit the JSON; the server checks it.',
            )}
      </Typography.Paragraph>
      {base && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {L(
            `已按 ${period(base, L)} 的版本预填,请只改需要调整的数值。`,
            `Prefilled from the version ${period(base, L)}; change only what needs changing.`,
          )}
        </Typography.Paragraph>
      )}
      <ServerError error={serverError} testId="param-server-error" />
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => setServerError(null)}
      >
        {meta ? (
          <Flex gap={12} wrap>
            {meta.fields.map((f) => (
              <Form.Item
                key={f.name}
                name={f.name}
                label={L(f.zh, f.en)}
                valuePropName={f.kind === 'bool' ? 'checked' : 'value'}
                rules={rulesOf(f)}
                dependencies={f.name === 'defaultWindowEnd' ? ['defaultWindowStart'] : undefined}
                style={{ minWidth: 180 }}
              >
                {input(f)}
              </Form.Item>
            ))}
          </Flex>
        ) : (
          <Form.Item
            name="json"
            label={L('取值(JSON 对象)', 'Value (JSON object)')}
            rules={[
              {
                validator: (_, v: string) => {
                  try {
                    const parsed: unknown = JSON.parse(v);
                    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return Promise.resolve();
                  } catch {
                    /* reported below */
                  }
                  return Promise.reject(new Error(L('须为合法的 JSON 对象,如 {"a": 1}', 'Must be a JSON object, e.g. {"a": 1}')));
                },
              },
            ]}
          >
            <Input.TextArea rows={8} spellCheck={false} style={{ fontFamily: 'monospace' }} data-testid="param-json" />
          </Form.Item>
        )}
        <VersionFooter form={form} latest={latest} earliest={earliest} today={today} />
      </Form>
    </Modal>
  );
}

function ParameterCard({ group, today, canWrite, onNew }: { group: KeyGroup; today: string; canWrite: boolean; onNew: () => void }) {
  const L = useL();
  const { meta, rows } = group;
  const now = versionOn(rows, today);
  const valueText = (r: ParameterVersion) =>
    meta ? meta.fields.map((f) => `${L(f.zh, f.en)} ${showValue(f, r.value[f.name], L)}`).join(L(';', '; ')) : showJson(r.value);
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`param-card-${group.key}`}
      title={
        <Space size={6} wrap>
          <b>{meta ? L(meta.zh, meta.en) : group.key}</b>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }} className="mono">
            {group.key}
          </Typography.Text>
        </Space>
      }
      extra={
        canWrite && (
          <Button size="small" type="primary" ghost icon={<PlusOutlined />} onClick={onNew} data-testid={`param-new-${group.key}`}>
            {L('新增版本', 'New version')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 8 }}>
        {meta ? L(meta.helpZh, meta.helpEn) : L('本页不认识的参数,按原样(JSON)显示。', 'A key this page does not know, shown as JSON.')}
      </Typography.Paragraph>
      {now ? (
        meta ? (
          <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 4 }} data-testid={`param-current-${group.key}`}>
            {meta.fields.map((f) => (
              <Descriptions.Item key={f.name} label={L(f.zh, f.en)}>
                <b>{showValue(f, now.value[f.name], L)}</b>
              </Descriptions.Item>
            ))}
          </Descriptions>
        ) : (
          <Typography.Text code>{showJson(now.value)}</Typography.Text>
        )
      ) : (
        <Alert
          type="warning"
          showIcon
          title={L(
            `今天(${today})没有有效版本:用到该参数的功能会提示“无有效的参数”。`,
            `No version in force today (${today}): features using it will fail.`,
          )}
        />
      )}
      <Table<ParameterVersion>
        size="small"
        rowKey="id"
        style={{ marginTop: 8 }}
        dataSource={rows}
        pagination={rows.length > 5 ? { pageSize: 5, size: 'small' } : false}
        scroll={{ x: 760 }}
        columns={[
          {
            title: L('有效期', 'Valid'),
            width: 230,
            render: (_, r) => (
              <Space size={4} wrap>
                <span className="mono">{period(r, L)}</span>
                <PeriodTags row={r} today={today} />
              </Space>
            ),
          },
          { title: L('取值', 'Value'), render: (_, r) => valueText(r) },
          { title: L('依据', 'Source'), dataIndex: 'source', width: 200, ellipsis: true },
          { title: L('录入时间', 'Created'), width: 150, render: (_, r) => formatDateTime(r.createdAt) },
        ]}
      />
    </Card>
  );
}

function ParametersTab({ canWrite }: { canWrite: boolean }) {
  const L = useL();
  const [editing, setEditing] = useState<string | null>(null);
  const q = useQuery({ queryKey: PARAMS_KEY, queryFn: ecConfig.parameters });
  const today = todayCn();
  const groups = useMemo<KeyGroup[]>(() => {
    const all = q.data ?? [];
    const of = (key: string) => byValidFromDesc(all.filter((r) => r.key === key));
    const unknown = [...new Set(all.map((r) => r.key))].filter((k) => !KNOWN_KEYS.has(k)).sort();
    return [...PARAMS.map((meta) => ({ key: meta.key, meta, rows: of(meta.key) })), ...unknown.map((key) => ({ key, rows: of(key) }))];
  }, [q.data]);
  const group = groups.find((g) => g.key === editing);
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={L(
          '业务规则中的每个数值都按生效日期分版本:不在原记录上修改,而是新增一个从某日起生效的版本并注明依据;系统按业务日期取当日有效的版本。演示数据为 DEMO 参数,须由民政局按文件核定后替换。',
          'Every rule number is versioned by date: nothing is edited in place, a change is a new version from a date with its source; the loop reads the version in force on the business date. Shipped values are DEMO parameters to be replaced by the bureau.',
        )}
      />
      {q.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={localise((q.error as Error).message)} />}
      {q.isLoading ? (
        <Card loading />
      ) : (
        groups.map((g) => <ParameterCard key={g.key} group={g} today={today} canWrite={canWrite} onNew={() => setEditing(g.key)} />)
      )}
      {group && <ParameterModal group={group} onClose={() => setEditing(null)} />}
    </>
  );
}

// ================================================================= subsidy rules

type Terms = SubsidyRuleVersion['byLevel']['0'];
const LEVELS = ['0', '1', '2', '3', '4'] as const;
const STATUSES = ['特困', '低保', '低保边缘'] as const;
interface TermRow {
  key: string;
  group: 'byLevel' | 'byStatus';
  id: string;
  zh: string;
  en: string;
}
const TERM_ROWS: TermRow[] = [
  ...LEVELS.map((l) => ({
    key: `L${l}`,
    group: 'byLevel' as const,
    id: l,
    zh: `${l} 级 ${ABILITY_LEVEL_NAMES[Number(l) as 0 | 1 | 2 | 3 | 4]}`,
    en: `Level ${l}`,
  })),
  ...STATUSES.map((s) => ({ key: `S${s}`, group: 'byStatus' as const, id: s, zh: `${s}对象`, en: `${s} status` })),
];
const termsOf = (rule: SubsidyRuleVersion, r: TermRow): Terms => (rule[r.group] as Record<string, Terms>)[r.id];

/** The byLevel / byStatus matrix of one rule (read only). */
function RuleTerms({ rule }: { rule: SubsidyRuleVersion }) {
  const L = useL();
  return (
    <div data-testid={`rule-detail-${rule.version}`}>
      <Table<TermRow>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={TERM_ROWS}
        scroll={{ x: 520 }}
        columns={[
          {
            title: L('能力等级 / 经济状况', 'Level / status'),
            width: 170,
            render: (_, r) => (
              <span>
                <Tag color={r.group === 'byLevel' ? 'geekblue' : 'purple'}>
                  {r.group === 'byLevel' ? L('等级', 'level') : L('身份', 'status')}
                </Tag>
                {L(r.zh, r.en)}
              </span>
            ),
          },
          {
            title: L('每月补贴(元)', 'Monthly (yuan)'),
            align: 'right',
            render: (_, r) => <Yuan fen={termsOf(rule, r).monthlyAmountFen} suffix={false} />,
          },
          { title: L('每月服务(小时)', 'Hours / month'), align: 'right', render: (_, r) => termsOf(rule, r).monthlyHours },
          { title: L('个人自付', 'Self-pay'), align: 'right', render: (_, r) => `${termsOf(rule, r).selfPayShareBp / 100}%` },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {L(
          `高龄(满 ${rule.elderlyAgeThreshold} 周岁)每月另加 ${fenToYuan(rule.elderlyBonus.monthlyAmountFen)} 元、${rule.elderlyBonus.monthlyHours} 小时;起始年龄 ${rule.minAge} 周岁。依据:${rule.source || '—'}`,
          `Aged ${rule.elderlyAgeThreshold}+: plus ${fenToYuan(rule.elderlyBonus.monthlyAmountFen)} yuan and ${rule.elderlyBonus.monthlyHours} h a month; minimum age ${rule.minAge}. Source: ${rule.source || '—'}`,
        )}
      </Typography.Text>
    </div>
  );
}

interface RulePrediction {
  /** the rule the server will end the day before (the newest rule, when it starts earlier and overlaps) */
  closes?: { rule: SubsidyRuleVersion; to: string };
  /** rules that would still overlap: the server refuses */
  overlaps: SubsidyRuleVersion[];
  /** days without any rule between the previous rule and the new one */
  gapBefore?: [string, string];
  /** the new rule ends and nothing follows the next day: [first day without a rule, last such day or null = open] */
  gapAfter?: [string, string | null];
}

/** Mirrors createSubsidyRule: close the newest rule if it is open (or runs past) and starts earlier, then check overlaps. */
function predictRule(rules: readonly SubsidyRuleVersion[], from: string, to: string | null): RulePrediction {
  const asc = [...byValidFromDesc(rules)].reverse();
  const last = asc[asc.length - 1];
  const hit = asc.find((r) => r.validTo === null || r.validTo >= from);
  const closes = hit && hit === last && hit.validFrom < from ? { rule: hit, to: shiftIsoDate(from, -1) } : undefined;
  const after = asc.map((r) => (closes && r === closes.rule ? { ...r, validTo: closes.to } : r));
  const overlaps = after.filter((r) => r.validFrom <= (to ?? '9999-12-31') && (r.validTo ?? '9999-12-31') >= from);
  const prev = after.filter((r) => r.validFrom < from).pop();
  const next = after.find((r) => r.validFrom > from);
  const gapBefore: [string, string] | undefined =
    prev?.validTo && shiftIsoDate(prev.validTo, 1) < from ? [shiftIsoDate(prev.validTo, 1), shiftIsoDate(from, -1)] : undefined;
  const gapAfter: [string, string | null] | undefined =
    to !== null && !(next && next.validFrom <= shiftIsoDate(to, 1))
      ? [shiftIsoDate(to, 1), next ? shiftIsoDate(next.validFrom, -1) : null]
      : undefined;
  return { closes, overlaps: overlaps.map((r) => rules.find((x) => x.version === r.version) ?? r), gapBefore, gapAfter };
}

function RuleDateHints({
  rules,
  form,
  earliest,
  today,
}: {
  rules: SubsidyRuleVersion[];
  form: FormInstance<RuleFormValues>;
  earliest: string;
  today: string;
}) {
  const L = useL();
  const fromD = Form.useWatch('validFrom', form);
  const toD = Form.useWatch('validTo', form);
  const from = fromD?.format(ISO);
  const to = toD ? toD.format(ISO) : null;
  if (!from) return null;
  const p = predictRule(rules, from, to);
  const hints: ReactNode[] = [];
  if (p.overlaps.length)
    hints.push(
      <Alert
        key="overlap"
        type="error"
        showIcon
        data-testid="rule-overlap-hint"
        title={L(
          `与 ${p.overlaps.map((r) => `${r.version}(${period(r, L)})`).join('、')} 有效期重叠,保存会被拒绝。系统只会自动截止最新一条、且早于新规则开始的规则;已有规则不能修改,新规则应从 ${earliest} 或以后开始。`,
          `Overlaps ${p.overlaps.map((r) => `${r.version} (${period(r, L)})`).join(', ')}: it will be refused. The server only ends the newest rule when it starts earlier; existing rules cannot be edited, so start on ${earliest} or later.`,
        )}
        action={
          <Button
            size="small"
            onClick={() => form.setFieldsValue({ validFrom: dayjs(earliest), validTo: null })}
            data-testid="rule-fix-date"
          >
            {L(`改为 ${earliest} 起`, `Start ${earliest}`)}
          </Button>
        }
      />,
    );
  if (p.closes && !p.overlaps.length)
    hints.push(
      <Alert
        key="closes"
        type="info"
        showIcon
        data-testid="rule-close-hint"
        title={L(
          `保存后,现行规则 ${p.closes.rule.version}(${period(p.closes.rule, L)})由系统自动截止于 ${p.closes.to},新规则 ${from} 起生效。已作出的补贴决定保留原规则版本。`,
          `On save the rule ${p.closes.rule.version} (${period(p.closes.rule, L)}) is ended on ${p.closes.to} by the server and the new one applies from ${from}. Decisions keep their rule version.`,
        )}
      />,
    );
  if (p.gapBefore && !p.overlaps.length)
    hints.push(
      <Alert
        key="gap"
        type="warning"
        showIcon
        title={L(
          `${p.gapBefore[0]} 至 ${p.gapBefore[1]} 没有任何有效规则,期间无法测算和批准补贴。`,
          `No rule is in force from ${p.gapBefore[0]} to ${p.gapBefore[1]}: no subsidy can be computed then.`,
        )}
      />,
    );
  if (p.gapAfter && !p.overlaps.length)
    hints.push(
      <Alert
        key="after"
        type="warning"
        showIcon
        title={
          p.gapAfter[1]
            ? L(
                `新规则 ${to} 截止,${p.gapAfter[0]} 至 ${p.gapAfter[1]} 没有任何有效规则,期间无法测算和批准补贴。`,
                `The rule ends ${to}: no rule is in force from ${p.gapAfter[0]} to ${p.gapAfter[1]}.`,
              )
            : L(
                `新规则 ${to} 截止,${p.gapAfter[0]} 起暂无规则,届时须再新增版本。不填截止日期即长期有效,下次调整时由系统自动截止。`,
                `The rule ends ${to}; from ${p.gapAfter[0]} there is none until another version is added. Leave the end empty for an open rule that the next version will end.`,
              )
        }
      />,
    );
  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }}>
      {hints}
      <BackdatedHint validFrom={from} today={today} />
    </Flex>
  );
}

type RuleFormValues = {
  version: string;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  minAge: number;
  elderlyAgeThreshold: number;
  bonusYuan: number;
  bonusHours: number;
  source: string;
} & Record<string, unknown>;

function RuleModal({ rules, onClose }: { rules: SubsidyRuleVersion[]; onClose: () => void }) {
  const L = useL();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<RuleFormValues>();
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const today = todayCn();
  const latest = rules[0];
  const earliest = latest ? laterOf(todayCn(1), shiftIsoDate(latest.validFrom, 1)) : todayCn(1);
  const initial = useMemo(() => {
    const v: Record<string, unknown> = {
      version: '',
      validFrom: dayjs(earliest),
      validTo: null,
      minAge: latest?.minAge ?? 60,
      elderlyAgeThreshold: latest?.elderlyAgeThreshold ?? 80,
      bonusYuan: (latest?.elderlyBonus.monthlyAmountFen ?? 0) / 100,
      bonusHours: latest?.elderlyBonus.monthlyHours ?? 0,
      source: '',
    };
    for (const r of TERM_ROWS) {
      const t = latest ? termsOf(latest, r) : { monthlyAmountFen: 0, monthlyHours: 0, selfPayShareBp: 10_000 };
      v[`${r.key}.amount`] = t.monthlyAmountFen / 100;
      v[`${r.key}.hours`] = t.monthlyHours;
      v[`${r.key}.share`] = t.selfPayShareBp / 100;
    }
    return v;
  }, [latest, earliest]);

  const save = useMutation({
    mutationFn: (v: RuleFormValues) => {
      const terms = (r: TermRow): Terms => ({
        monthlyAmountFen: Math.round(Number(v[`${r.key}.amount`]) * 100),
        monthlyHours: Number(v[`${r.key}.hours`]),
        selfPayShareBp: Math.round(Number(v[`${r.key}.share`]) * 100),
      });
      const pick = (g: TermRow['group']) => Object.fromEntries(TERM_ROWS.filter((r) => r.group === g).map((r) => [r.id, terms(r)]));
      const rule = {
        version: v.version.trim(),
        validFrom: v.validFrom.format(ISO),
        validTo: v.validTo ? v.validTo.format(ISO) : null,
        minAge: v.minAge,
        elderlyAgeThreshold: v.elderlyAgeThreshold,
        elderlyBonus: { monthlyAmountFen: Math.round(v.bonusYuan * 100), monthlyHours: v.bonusHours },
        byLevel: pick('byLevel'),
        byStatus: pick('byStatus'),
        source: v.source.trim(),
      } as SubsidyRuleVersion;
      return ecConfig.addSubsidyRule(rule);
    },
    onSuccess: (r) => {
      void message.success(L(`补贴规则 ${r.version} 已保存,${r.validFrom} 起生效`, `Rule ${r.version} saved, from ${r.validFrom}`));
      void qc.invalidateQueries({ queryKey: RULES_KEY });
      onClose();
    },
    onError: (e) => {
      setServerError(e instanceof ApiError ? e : null);
      const known = ['version', 'validFrom', 'validTo', 'source', 'minAge', 'elderlyAgeThreshold'];
      if (!applyFieldErrors(form, e, known)) showError(e);
    },
  });

  const cell = (name: string, kind: 'amount' | 'hours' | 'share') => (
    <Form.Item name={name} noStyle rules={[{ required: true, message: L('必填', 'Required') }]}>
      <InputNumber
        size="small"
        min={0}
        max={kind === 'share' ? 100 : kind === 'hours' ? 744 : 1_000_000}
        precision={kind === 'hours' ? 0 : 2}
        style={{ width: '100%', minWidth: 90 }}
        aria-label={name}
        data-testid={`rule-${name}`}
      />
    </Form.Item>
  );

  return (
    <Modal
      open
      width={780}
      title={L('新增补贴规则版本', 'New subsidy rule version')}
      okText={L('保存规则', 'Save rule')}
      cancelText={L('取消', 'Cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'rule-save' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {latest
          ? L(
              `已按最新规则 ${latest.version}(${period(latest, L)})预填,所有数值均可修改。规则有效期不得重叠:现行的长期规则须在新规则开始前一日截止——新规则晚于它开始时,系统保存时自动截止,无须另行操作。`,
              `Prefilled from the newest rule ${latest.version} (${period(latest, L)}); every number can be changed. Periods may not overlap: the open rule must end the day before the new one starts — when the new one starts later, the server ends it on save.`,
            )
          : L('尚无补贴规则,请填写全部数值。', 'No rule yet: fill in every number.')}
      </Typography.Paragraph>
      <ServerError error={serverError} testId="rule-server-error" />
      <Form<RuleFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => setServerError(null)}
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="version"
            label={L('版本号', 'Version')}
            style={{ minWidth: 160 }}
            rules={[
              { required: true, whitespace: true, message: L('请填写版本号', 'Give a version') },
              {
                validator: (_, v: string) =>
                  v && rules.some((r) => r.version === v.trim())
                    ? Promise.reject(
                        new Error(L(`规则版本重复:已有 ${v.trim()},请换一个版本号`, `Duplicate rule version: ${v.trim()} exists`)),
                      )
                    : Promise.resolve(),
              },
            ]}
          >
            <Input maxLength={40} placeholder="LQ-2027" data-testid="rule-version" />
          </Form.Item>
          <Form.Item
            name="validFrom"
            label={L('生效日期', 'Valid from')}
            rules={[{ required: true, message: L('请选择生效日期', 'Pick a date') }]}
          >
            <DatePicker allowClear={false} format={ISO} data-testid="rule-valid-from" />
          </Form.Item>
          <Form.Item
            name="validTo"
            label={L('截止日期(可空=长期)', 'Valid to (empty = open)')}
            dependencies={['validFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: Dayjs | null | undefined) => {
                  const from = getFieldValue('validFrom') as Dayjs | undefined;
                  return !v || !from || !v.isBefore(from, 'day')
                    ? Promise.resolve()
                    : Promise.reject(new Error(L('截止日期不得早于生效日期', 'The end cannot be before the start')));
                },
              }),
            ]}
          >
            <DatePicker format={ISO} data-testid="rule-valid-to" />
          </Form.Item>
        </Flex>
        <RuleDateHints rules={rules} form={form} earliest={earliest} today={today} />
        <Flex gap={12} wrap>
          <Form.Item name="minAge" label={L('起始年龄', 'Minimum age')} rules={[{ required: true, message: L('必填', 'Required') }]}>
            <InputNumber min={0} max={120} precision={0} suffix={L('周岁', 'yrs')} data-testid="rule-min-age" />
          </Form.Item>
          <Form.Item
            name="elderlyAgeThreshold"
            label={L('高龄线', '高龄 age')}
            rules={[{ required: true, message: L('必填', 'Required') }]}
          >
            <InputNumber min={60} max={120} precision={0} suffix={L('周岁', 'yrs')} data-testid="rule-elderly-age" />
          </Form.Item>
          <Form.Item
            name="bonusYuan"
            label={L('高龄加发(每月)', '高龄 bonus / month')}
            rules={[{ required: true, message: L('必填', 'Required') }]}
          >
            <InputNumber min={0} max={1_000_000} precision={2} suffix={L('元', 'yuan')} data-testid="rule-bonus-yuan" />
          </Form.Item>
          <Form.Item
            name="bonusHours"
            label={L('高龄加时(每月)', '高龄 hours / month')}
            rules={[{ required: true, message: L('必填', 'Required') }]}
          >
            <InputNumber min={0} max={744} precision={0} suffix={L('小时', 'h')} data-testid="rule-bonus-hours" />
          </Form.Item>
        </Flex>
        <Table<TermRow>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={TERM_ROWS}
          scroll={{ x: 540 }}
          data-testid="rule-matrix"
          columns={[
            { title: L('能力等级 / 经济状况', 'Level / status'), width: 150, render: (_, r) => L(r.zh, r.en) },
            { title: L('每月补贴(元)', 'Monthly (yuan)'), render: (_, r) => cell(`${r.key}.amount`, 'amount') },
            { title: L('每月服务(小时)', 'Hours / month'), render: (_, r) => cell(`${r.key}.hours`, 'hours') },
            { title: L('个人自付(%)', 'Self-pay (%)'), render: (_, r) => cell(`${r.key}.share`, 'share') },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          {L(
            '测算方法:能力等级额度 + 经济状况额度(特困 > 低保 > 低保边缘,只取最优一项)+ 满高龄线的高龄加发;服务小时同样相加;个人自付比例取等级与身份中较低者。',
            'Amount = level terms + the best status terms (特困 > 低保 > 低保边缘) + the 高龄 bonus; hours add up the same way; self-pay = the lower of the level and status shares.',
          )}
        </Typography.Paragraph>
        <Form.Item
          name="source"
          label={L('依据(文件号)', 'Source (decision ref.)')}
          rules={[{ required: true, whitespace: true, message: L('请填写依据,如文件号', 'Give the source, e.g. the decision number') }]}
        >
          <Input maxLength={300} placeholder="龙民〔2026〕X号" data-testid="rule-source" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SubsidyRulesTab({ canWrite }: { canWrite: boolean }) {
  const L = useL();
  const [creating, setCreating] = useState(false);
  const q = useQuery({ queryKey: RULES_KEY, queryFn: ecConfig.subsidyRules });
  const rules = useMemo(() => byValidFromDesc(q.data ?? []), [q.data]);
  const today = todayCn();
  const now = versionOn(rules, today);
  // the rule in force opens by default once the list has arrived; afterwards the user decides
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  return (
    <>
      <Flex justify="space-between" align="start" style={{ marginBottom: 12 }} wrap gap={8}>
        <Typography.Paragraph type="secondary" style={{ margin: 0, flex: 1, minWidth: 240 }}>
          {L(
            '居家养老服务补贴按生效日期分版本;批准工单时按当日有效的版本测算,并记录版本号与测算说明。展开一行查看按能力等级与经济状况的额度。',
            'Home-care subsidy rules are versioned by date; an approval uses the rule in force that day and records its version. Expand a row for the terms by level and status.',
          )}
        </Typography.Paragraph>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="rule-new" disabled={q.isLoading}>
            {L('新增规则版本', 'New rule version')}
          </Button>
        )}
      </Flex>
      {q.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={localise((q.error as Error).message)} />}
      {!q.isLoading && !now && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={L(`今天(${today})没有有效的补贴规则,无法测算或批准补贴。`, `No subsidy rule in force today (${today}).`)}
        />
      )}
      <Table<SubsidyRuleVersion>
        rowKey="version"
        size="middle"
        loading={q.isLoading}
        dataSource={rules}
        pagination={false}
        scroll={{ x: 880 }}
        onRow={(r) => ({ 'data-testid': `rule-row-${r.version}` }) as HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowRender: (r) => <RuleTerms rule={r} />,
          expandedRowKeys: expanded ?? (now ? [now.version] : []),
          onExpandedRowsChange: (keys) => setExpanded(keys),
        }}
        columns={[
          {
            title: L('版本', 'Version'),
            width: 190,
            render: (_, r) => (
              <Space size={4} wrap data-testid="rule-row-version">
                <Tag>{r.version}</Tag>
                <PeriodTags row={r} today={today} />
              </Space>
            ),
          },
          { title: L('有效期', 'Valid'), width: 210, render: (_, r) => <span className="mono">{period(r, L)}</span> },
          { title: L('起始年龄', 'Min age'), width: 90, render: (_, r) => L(`${r.minAge} 周岁`, `${r.minAge}`) },
          {
            title: L('高龄线 / 加发', '高龄 age / bonus'),
            width: 220,
            render: (_, r) => (
              <span>
                ≥{r.elderlyAgeThreshold} {L('周岁', 'yrs')}:+
                <Yuan fen={r.elderlyBonus.monthlyAmountFen} /> · {r.elderlyBonus.monthlyHours} {L('小时/月', 'h/month')}
              </span>
            ),
          },
          { title: L('依据', 'Source'), dataIndex: 'source', ellipsis: true },
        ]}
      />
      {creating && <RuleModal rules={rules} onClose={() => setCreating(false)} />}
    </>
  );
}

export default function ParametersPage() {
  const L = useL();
  const { me } = useAuth();
  const canWrite = can(me?.roles, 'elderly.parameters.write');
  return (
    <>
      <PageHeader
        title={L('参数与补贴规则', 'Parameters and subsidy rules')}
        showScope={false}
        sub={!canWrite && <Tag>{L('只读', 'read only')}</Tag>}
      />
      <Tabs
        items={[
          { key: 'params', label: L('参数', 'Parameters'), children: <ParametersTab canWrite={canWrite} /> },
          { key: 'rules', label: L('补贴规则', 'Subsidy rules'), children: <SubsidyRulesTab canWrite={canWrite} /> },
        ]}
      />
    </>
  );
}
