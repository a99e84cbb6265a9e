/** Small shared bits of the elderly-care pages: bilingual text, money, status tags, dates. */
import {
  ABILITY_LEVEL_NAMES,
  ANOMALY_LABELS,
  type AnomalyCode,
  CAREGIVER_SKILL_LABELS,
  type CaregiverSkill,
  ORDER_STATUS_LABELS,
  type OrderStatus,
  PROVIDER_KIND_LABELS,
  type ProviderKind,
  VISIT_STATUS_LABELS,
  type VisitStatus,
} from '@lq/contracts';
import { Tag, Tooltip } from 'antd';
import { useCallback } from 'react';
import { useI18n } from '../../app/i18n';

/** Inline bilingual text: L('服务菜单', 'Service menu'). Keeps the shared dictionary small. */
export function useL() {
  const { lang } = useI18n();
  return useCallback((zh: string, en: string) => (lang === 'en' ? en : zh), [lang]);
}
export type L = ReturnType<typeof useL>;

/** 12345 fen -> "123.45" (no floats on the way). */
export function fenToYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return '—';
  const neg = fen < 0;
  const a = Math.abs(Math.round(fen));
  const s = `${Math.floor(a / 100).toLocaleString('en-US')}.${String(a % 100).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}
export function Yuan({ fen, suffix = true }: { fen: number | null | undefined; suffix?: boolean }) {
  return (
    <span className="mono" style={{ whiteSpace: 'nowrap' }}>
      {suffix ? '¥' : ''}
      {fenToYuan(fen)}
    </span>
  );
}
/** "12.5" yuan -> 1250 fen; null when not a valid amount. */
export function yuanToFen(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const s = String(v).trim();
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [i, d = ''] = s.split('.');
  return Number(i) * 100 + Number(d.padEnd(2, '0'));
}

const ORDER_COLORS: Record<OrderStatus, string> = {
  draft: 'default',
  applied: 'processing',
  accepted: 'cyan',
  assessed: 'geekblue',
  approved: 'green',
  rejected: 'red',
  active: 'success',
  suspended: 'warning',
  closed: 'default',
  cancelled: 'default',
};
const ORDER_EN: Record<OrderStatus, string> = {
  draft: 'Draft',
  applied: 'Applied',
  accepted: 'Accepted',
  assessed: 'Assessed',
  approved: 'Approved',
  rejected: 'Rejected',
  active: 'In service',
  suspended: 'Suspended',
  closed: 'Closed',
  cancelled: 'Cancelled',
};
export function OrderStatusTag({ status }: { status: string }) {
  const L = useL();
  const s = status as OrderStatus;
  return (
    <Tag color={ORDER_COLORS[s] ?? 'default'} data-testid="order-status">
      {L(ORDER_STATUS_LABELS[s] ?? status, ORDER_EN[s] ?? status)}
    </Tag>
  );
}

const VISIT_COLORS: Record<VisitStatus, string> = {
  planned: 'default',
  dispatched: 'processing',
  checked_in: 'blue',
  checked_out: 'cyan',
  confirmed: 'green',
  flagged: 'orange',
  cleared: 'success',
  rejected: 'red',
  settled: 'purple',
  cancelled: 'default',
};
export function VisitStatusTag({ status }: { status: string }) {
  const s = status as VisitStatus;
  return <Tag color={VISIT_COLORS[s] ?? 'default'}>{VISIT_STATUS_LABELS[s] ?? status}</Tag>;
}

export const LEVEL_COLORS = ['green', 'lime', 'gold', 'orange', 'red'];
export function LevelTag({ level }: { level: number | null | undefined }) {
  if (level === null || level === undefined) return <span>—</span>;
  return (
    <Tag color={LEVEL_COLORS[level] ?? 'default'}>
      {level} 级 · {ABILITY_LEVEL_NAMES[level as 0 | 1 | 2 | 3 | 4]}
    </Tag>
  );
}

export const skillLabel = (s: string) => CAREGIVER_SKILL_LABELS[s as CaregiverSkill] ?? s;
export const providerKindLabel = (k: string) => PROVIDER_KIND_LABELS[k as ProviderKind] ?? k;
export function AnomalyTag({ code, message }: { code: string; message?: string }) {
  const label = ANOMALY_LABELS[code as AnomalyCode] ?? code;
  return (
    <Tooltip title={message}>
      <Tag color="orange">{label}</Tag>
    </Tooltip>
  );
}

/** Solver / planner reason codes in Chinese (unserved visits, excluded caregivers). */
export const REASON_LABELS: Record<string, string> = {
  NO_SKILLED_CAREGIVER: '没有具备所需技能的护理员',
  NO_ELIGIBLE_CAREGIVER: '没有可派的护理员(服务区域或资格不符)',
  OUTSIDE_ALL_SHIFTS: '时间窗不在任何护理员的班次内',
  MAX_WORK_TIME: '护理员当日工作时长已满',
  TIME_WINDOW_UNREACHABLE: '时间窗内无法赶到',
  NO_FEASIBLE_INSERTION: '排不进任何路线(时间冲突)',
  NOT_PROFITABLE: '路程过远,暂不安排',
  CAREGIVER_BLACKLISTED: '护理员在黑名单中',
  PROVIDER_BLACKLISTED: '服务机构在黑名单中',
  CAREGIVER_NOT_ACTIVE: '护理员不在岗',
  BAD_SHIFT: '班次时间无效',
  BAD_BREAK: '休息时段无效',
  BAD_WINDOW: '服务时间窗无效',
  BAD_DURATION: '服务时长无效',
  BAD_LOCATION: '老人住址缺少坐标',
  DUPLICATE_ID: 'ID 重复',
  NO_QUALIFIED_CAREGIVER: '没有具备所需技能的可用护理员',
};
export const reasonLabel = (code: string) => REASON_LABELS[code] ?? code;

const pad = (n: number) => String(n).padStart(2, '0');
/** Today in Asia/Shanghai as YYYY-MM-DD. */
export function todayCn(offsetDays = 0): string {
  const d = new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
export function monthCn(offsetMonths = 0): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  const idx = d.getUTCFullYear() * 12 + d.getUTCMonth() + offsetMonths;
  return `${Math.floor(idx / 12)}-${pad((idx % 12) + 1)}`;
}
/** Minutes from midnight, an 'HH:MM' or an ISO instant -> 'HH:MM' (Beijing time). */
/** The label of a code from a label table, or the code itself when the table has none (log entries may name other actions). */
export function labelOf(table: Readonly<Record<string, string | undefined>>, code: string): string {
  return table[code] ?? code;
}

/** A visit's planned time: its planned start plus the item's standard duration, or its window when not planned. */
export function plannedRange(v: {
  plannedStart: string | null;
  standardDurationMin: number;
  windowStart: string;
  windowEnd: string;
}): string {
  if (!v.plannedStart || !/^\d{1,2}:\d{2}/.test(v.plannedStart)) return `${hhmm(v.windowStart)}-${hhmm(v.windowEnd)}`;
  const [h, m] = v.plannedStart.split(':').map(Number);
  return `${hhmm(v.plannedStart)}-${hhmm(h * 60 + m + v.standardDurationMin)}`;
}

export function hhmm(v: number | string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'number') {
    const m = Math.round(v);
    return `${pad(Math.floor(m / 60) % 24)}:${pad(m % 60)}`;
  }
  if (/^\d{1,2}:\d{2}/.test(v)) return v.slice(0, 5);
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  const s = new Date(d.getTime() + 8 * 3600_000);
  return `${pad(s.getUTCHours())}:${pad(s.getUTCMinutes())}`;
}
