/**
 * 老年人能力评估 — GB/T 42195-2022 《老年人能力评估规范》.
 *
 * 4 dimensions, 26 items, total 90 points (higher = more able). The item list, maxima, level
 * bands and raising rules follow docs/domain.md section 4 (sources: SAMR briefing on the
 * standard; public reproductions of its Annex B form). Shared by server (authoritative
 * scoring) and web (live preview in the form).
 */
import { z } from 'zod';
import { IsoDate } from '../common.ts';

export const ASSESSMENT_DIMENSIONS = ['自理能力', '基础运动能力', '精神状态', '感知觉与社会参与'] as const;
export type AssessmentDimension = (typeof ASSESSMENT_DIMENSIONS)[number];

export interface AssessmentItemDef {
  readonly key: string;
  readonly dimension: AssessmentDimension;
  readonly max: number;
  /** Short wording of the scale ends for the form (own wording, not the standard's text). */
  readonly scale: string;
}

/** The 26 items in form order. Keys are the item names exactly as in domain.md section 4. */
export const ASSESSMENT_ITEMS = [
  // 自理能力 (32)
  { key: '进食', dimension: '自理能力', max: 4, scale: '4 独立完成 … 0 完全依赖他人喂食' },
  { key: '修饰', dimension: '自理能力', max: 4, scale: '4 独立洗脸、刷牙、梳头、剃须 … 0 完全依赖' },
  { key: '洗澡', dimension: '自理能力', max: 4, scale: '4 独立洗澡 … 0 完全依赖他人' },
  { key: '穿/脱上衣', dimension: '自理能力', max: 4, scale: '4 独立穿脱上衣 … 0 完全依赖' },
  { key: '穿/脱裤子和鞋袜', dimension: '自理能力', max: 4, scale: '4 独立穿脱裤子和鞋袜 … 0 完全依赖' },
  { key: '小便控制', dimension: '自理能力', max: 4, scale: '4 可自行控制 … 0 完全失禁或需导尿' },
  { key: '大便控制', dimension: '自理能力', max: 4, scale: '4 可自行控制 … 0 完全失禁' },
  { key: '如厕', dimension: '自理能力', max: 4, scale: '4 独立如厕并清洁 … 0 完全依赖' },
  // 基础运动能力 (15)
  { key: '床上体位转移', dimension: '基础运动能力', max: 4, scale: '4 独立翻身、坐起 … 0 完全依赖他人' },
  { key: '床椅转移', dimension: '基础运动能力', max: 4, scale: '4 独立床椅间转移 … 0 完全依赖' },
  { key: '平地行走', dimension: '基础运动能力', max: 4, scale: '4 独立平地行走 45 米以上 … 0 不能行走' },
  { key: '上下楼梯', dimension: '基础运动能力', max: 3, scale: '3 独立上下楼梯 … 0 不能上下楼梯' },
  // 精神状态 (28)
  { key: '时间定向', dimension: '精神状态', max: 4, scale: '4 时间观念清楚 … 0 无时间观念' },
  { key: '空间定向', dimension: '精神状态', max: 4, scale: '4 能独立往返远处 … 0 不能辨别方位' },
  { key: '人物定向', dimension: '精神状态', max: 4, scale: '4 认识亲友及其关系 … 0 只认识自己或不认识任何人' },
  { key: '记忆', dimension: '精神状态', max: 4, scale: '4 记忆完整 … 0 完全不能回忆' },
  { key: '理解能力', dimension: '精神状态', max: 4, scale: '4 能正常理解他人的话 … 0 完全不能理解' },
  { key: '表达能力', dimension: '精神状态', max: 4, scale: '4 能正常表达 … 0 不能表达需要' },
  { key: '攻击行为', dimension: '精神状态', max: 1, scale: '1 近一个月无攻击行为 … 0 有身体或语言攻击' },
  { key: '抑郁症状', dimension: '精神状态', max: 1, scale: '1 无抑郁表现 … 0 情绪低落或有自杀念头' },
  { key: '意识水平', dimension: '精神状态', max: 2, scale: '2 神志清醒 … 0 昏睡或昏迷' },
  // 感知觉与社会参与 (15)
  { key: '视力', dimension: '感知觉与社会参与', max: 2, scale: '2 视力正常 … 0 完全失明或仅有光感' },
  { key: '听力', dimension: '感知觉与社会参与', max: 2, scale: '2 听力正常 … 0 完全失聪' },
  { key: '执行日常事务', dimension: '感知觉与社会参与', max: 4, scale: '4 独立购物、理财、做家务 … 0 完全不能' },
  { key: '使用交通工具外出', dimension: '感知觉与社会参与', max: 3, scale: '3 独立乘车外出 … 0 完全不能外出' },
  { key: '社会交往能力', dimension: '感知觉与社会参与', max: 4, scale: '4 主动参与社交 … 0 完全不能与人交往' },
] as const satisfies readonly AssessmentItemDef[];

export type AssessmentItemKey = (typeof ASSESSMENT_ITEMS)[number]['key'];
export const ASSESSMENT_ITEM_KEYS = ASSESSMENT_ITEMS.map((i) => i.key) as readonly AssessmentItemKey[];
export type AssessmentScores = Record<AssessmentItemKey, number>;

export const ASSESSMENT_DIMENSION_MAX: Record<AssessmentDimension, number> = {
  自理能力: 32,
  基础运动能力: 15,
  精神状态: 28,
  感知觉与社会参与: 15,
};
export const ASSESSMENT_MAX_TOTAL = 90;

export const ABILITY_LEVELS = [0, 1, 2, 3, 4] as const;
export type AbilityLevel = (typeof ABILITY_LEVELS)[number];
export const AbilityLevelSchema = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** Level bands by total score (inclusive). */
export const ABILITY_LEVEL_BANDS: readonly { level: AbilityLevel; name: string; min: number; max: number }[] = [
  { level: 0, name: '能力完好', min: 90, max: 90 },
  { level: 1, name: '轻度失能', min: 66, max: 89 },
  { level: 2, name: '中度失能', min: 46, max: 65 },
  { level: 3, name: '重度失能', min: 30, max: 45 },
  { level: 4, name: '完全失能', min: 0, max: 29 },
];
export const ABILITY_LEVEL_NAMES: Record<AbilityLevel, string> = {
  0: '能力完好',
  1: '轻度失能',
  2: '中度失能',
  3: '重度失能',
  4: '完全失能',
};
export const MAX_ABILITY_LEVEL: AbilityLevel = 4;

/** A care-risk event (照护风险事件) counts toward the raising rule. */
export const CARE_RISK_EVENTS = ['跌倒', '噎食', '自杀自伤', '走失'] as const;
/** Number of care-risk events in the last 30 days from which the level is raised. */
export const RISK_EVENTS_RAISE_THRESHOLD = 2;
/**
 * Levels added by EACH raising condition (dementia/psychiatric disorder; >= 2 risk events).
 * The standard says each condition raises one level, so both together raise two (cumulative),
 * always capped at 4. `AssessmentParams.cumulativeRaises: false` switches to "at most one".
 */
export const LEVELS_RAISED_PER_CONDITION = 1;

export type RaiseCode = 'dementia' | 'riskEvents' | 'coma';
export const RAISE_LABELS: Record<RaiseCode, string> = {
  dementia: '确诊痴呆或其他精神障碍，提高一级',
  riskEvents: `近 30 天内发生 ${RISK_EVENTS_RAISE_THRESHOLD} 次及以上照护风险事件，提高一级`,
  coma: '处于昏迷状态，直接评定等级',
};

export interface AssessmentParams {
  /** Level assigned to a person in a coma. PARAMETER: sources differ (重度 3 vs 完全 4); default 4. */
  comaLevel?: 3 | 4;
  /** Whether the two raising conditions add up (default true: each +1, capped at 4). */
  cumulativeRaises?: boolean;
}
export const DEFAULT_ASSESSMENT_PARAMS: Required<AssessmentParams> = { comaLevel: 4, cumulativeRaises: true };

export interface AssessmentInput {
  scores: AssessmentScores;
  /** Diagnosed dementia or other psychiatric disorder (确诊痴呆或其他精神障碍). */
  dementia: boolean;
  /** Care-risk events (fall, choking, self-harm, wandering off) in the last 30 days. */
  riskEvents30d: number;
  coma: boolean;
}

export interface AssessmentResult {
  total: number;
  dimensions: Record<AssessmentDimension, number>;
  /** Level from the total alone. */
  baseLevel: AbilityLevel;
  /** Final level after raising rules / coma. */
  level: AbilityLevel;
  levelName: string;
  /**
   * Rules that applied, in order: 'dementia', 'riskEvents' (each listed when its condition holds,
   * even if the cap of 4 absorbed the raise), or only 'coma' (the coma rule sets the level
   * directly and replaces the raising rules).
   */
  raisedBy: RaiseCode[];
}

export function levelForTotal(total: number): AbilityLevel {
  if (!Number.isInteger(total) || total < 0 || total > ASSESSMENT_MAX_TOTAL) {
    throw new RangeError(`总分须为 0-${ASSESSMENT_MAX_TOTAL} 的整数 / total must be an integer 0-${ASSESSMENT_MAX_TOTAL}: ${total}`);
  }
  for (const band of ABILITY_LEVEL_BANDS) if (total >= band.min && total <= band.max) return band.level;
  /* c8 ignore next */
  throw new RangeError(`no level band for ${total}`);
}

function rangeMessage(key: string, max: number): string {
  return `“${key}”须为 0-${max} 的整数 / "${key}" must be an integer from 0 to ${max}`;
}

/**
 * Scores an assessment. Throws a RangeError naming the item if a score is missing, not an
 * integer or out of range (validate with AssessmentPreviewBody first for a friendly 400).
 */
export function scoreAssessment(input: AssessmentInput, params: AssessmentParams = {}): AssessmentResult {
  const p = { ...DEFAULT_ASSESSMENT_PARAMS, ...params };
  if (p.comaLevel !== 3 && p.comaLevel !== 4) throw new RangeError(`comaLevel must be 3 or 4: ${p.comaLevel}`);
  const dimensions: Record<AssessmentDimension, number> = { 自理能力: 0, 基础运动能力: 0, 精神状态: 0, 感知觉与社会参与: 0 };
  let total = 0;
  for (const item of ASSESSMENT_ITEMS) {
    const v = (input.scores as Record<string, unknown>)[item.key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > item.max) {
      throw new RangeError(rangeMessage(item.key, item.max));
    }
    dimensions[item.dimension] += v;
    total += v;
  }
  if (!Number.isInteger(input.riskEvents30d) || input.riskEvents30d < 0) {
    throw new RangeError('riskEvents30d 须为非负整数 / riskEvents30d must be a non-negative integer');
  }
  const baseLevel = levelForTotal(total);
  let level: number = baseLevel;
  const raisedBy: RaiseCode[] = [];
  if (input.coma) {
    level = p.comaLevel;
    raisedBy.push('coma');
  } else {
    if (input.dementia) raisedBy.push('dementia');
    if (input.riskEvents30d >= RISK_EVENTS_RAISE_THRESHOLD) raisedBy.push('riskEvents');
    const steps = p.cumulativeRaises ? raisedBy.length : Math.min(raisedBy.length, 1);
    level = Math.min(MAX_ABILITY_LEVEL, baseLevel + steps * LEVELS_RAISED_PER_CONDITION);
  }
  const finalLevel = level as AbilityLevel;
  return { total, dimensions, baseLevel, level: finalLevel, levelName: ABILITY_LEVEL_NAMES[finalLevel], raisedBy };
}

function itemScoreSchema(key: string, max: number) {
  const error = rangeMessage(key, max);
  return z.number({ error }).int({ error }).min(0, { error }).max(max, { error });
}

/**
 * `scores` object: every item required; an issue for a missing, non-integer or out-of-range
 * score has path ['scores', '<item>'] and a zh + en message with the allowed range.
 * Unknown keys (e.g. a misspelt item) are rejected.
 */
export const AssessmentScoresSchema = z.strictObject(
  Object.fromEntries(ASSESSMENT_ITEMS.map((i) => [i.key, itemScoreSchema(i.key, i.max)])) as Record<AssessmentItemKey, z.ZodNumber>,
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `未知评估项目 / unknown assessment item: ${iss.keys.join(', ')}`
        : '评分须为对象 / scores must be an object',
  },
);

export const AssessmentPreviewBody = z.object({
  scores: AssessmentScoresSchema,
  dementia: z.boolean(),
  riskEvents30d: z.number().int().min(0, { error: '须为非负整数 / must be a non-negative integer' }),
  coma: z.boolean(),
});
export type AssessmentPreviewBody = z.infer<typeof AssessmentPreviewBody>;

export const AssessmentResultSchema = z.object({
  total: z.number().int().min(0).max(ASSESSMENT_MAX_TOTAL),
  dimensions: z.object({
    自理能力: z.number().int(),
    基础运动能力: z.number().int(),
    精神状态: z.number().int(),
    感知觉与社会参与: z.number().int(),
  }),
  baseLevel: AbilityLevelSchema,
  level: AbilityLevelSchema,
  levelName: z.string(),
  raisedBy: z.array(z.enum(['dementia', 'riskEvents', 'coma'])),
});

/** Assessment reasons (评估原因). */
export const ASSESSMENT_REASONS = [
  { code: 'initial', label: '首次' },
  { code: 'periodic', label: '常规' },
  { code: 'immediate', label: '即时' },
  { code: 'review', label: '复评' },
  { code: 'other', label: '其他' },
] as const;
export type AssessmentReason = (typeof ASSESSMENT_REASONS)[number]['code'];
export const AssessmentReasonSchema = z.enum(['initial', 'periodic', 'immediate', 'review', 'other']);
export const ASSESSMENT_REASON_LABELS = Object.fromEntries(ASSESSMENT_REASONS.map((r) => [r.code, r.label])) as Record<
  AssessmentReason,
  string
>;

/** Create an assessment: the preview body plus who, when and why. */
export const AssessmentCreate = AssessmentPreviewBody.extend({
  personId: z.string().min(1),
  orderId: z.string().min(1).optional(),
  reason: AssessmentReasonSchema,
  assessedOn: IsoDate,
  /** The standard asks for two assessors on site. */
  assessorIds: z.array(z.string().min(1)).min(1).max(3),
  /** Free text, e.g. for reason 'other' or the disputed point in a 复评. */
  note: z.string().max(1000).optional(),
});
export type AssessmentCreate = z.infer<typeof AssessmentCreate>;

export const Assessment = AssessmentCreate.extend({
  id: z.string(),
  result: AssessmentResultSchema,
  /** The parameters the result was computed with (reproducibility). */
  params: z.object({ comaLevel: z.union([z.literal(3), z.literal(4)]), cumulativeRaises: z.boolean() }),
  createdAt: z.string(),
});
export type Assessment = z.infer<typeof Assessment>;

// ---------------------------------------------------------------------------------------------
// Reassessment

function parseIsoDate(s: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`日期格式须为 YYYY-MM-DD / date must be YYYY-MM-DD: ${s}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`无效日期 / invalid date: ${s}`);
  return [y, mo, d];
}
function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Adds calendar months; the day is clamped to the month's end (2024-01-31 + 1 = 2024-02-29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parseIsoDate(date);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(d, daysInMonth(ny, nm)))}`;
}

export interface ReassessmentDue {
  due: boolean;
  /** Why an assessment is due now: 首次 (never assessed), 即时 (condition changed), 常规 (interval reached). */
  reason: 'initial' | 'immediate' | 'periodic' | null;
  /** Date the periodic reassessment falls due (null when never assessed). */
  dueDate: string | null;
}

/**
 * Whether a (re)assessment is due on `today`. Periodic: due on and after last + intervalMonths
 * (default 12). A change of condition (即时) makes it due at once. No previous assessment: 首次.
 */
export function reassessmentDue(
  lastAssessmentDate: string | null,
  today: string,
  { intervalMonths = 12 }: { intervalMonths?: number } = {},
  conditionChanged = false,
): ReassessmentDue {
  parseIsoDate(today);
  if (!Number.isInteger(intervalMonths) || intervalMonths < 1)
    throw new RangeError(`intervalMonths must be a positive integer: ${intervalMonths}`);
  if (lastAssessmentDate === null) return { due: true, reason: 'initial', dueDate: null };
  const dueDate = addMonths(lastAssessmentDate, intervalMonths);
  if (conditionChanged) return { due: true, reason: 'immediate', dueDate };
  if (today >= dueDate) return { due: true, reason: 'periodic', dueDate };
  return { due: false, reason: null, dueDate };
}
