import { describe, expect, it } from 'vitest';
import {
  ABILITY_LEVEL_BANDS,
  ASSESSMENT_DIMENSION_MAX,
  ASSESSMENT_ITEMS,
  ASSESSMENT_MAX_TOTAL,
  ASSESSMENT_REASONS,
  type AssessmentInput,
  AssessmentPreviewBody,
  type AssessmentScores,
  addMonths,
  levelForTotal,
  reassessmentDue,
  scoreAssessment,
} from './assessment.ts';

const EXPECTED_KEYS = [
  '进食',
  '修饰',
  '洗澡',
  '穿/脱上衣',
  '穿/脱裤子和鞋袜',
  '小便控制',
  '大便控制',
  '如厕',
  '床上体位转移',
  '床椅转移',
  '平地行走',
  '上下楼梯',
  '时间定向',
  '空间定向',
  '人物定向',
  '记忆',
  '理解能力',
  '表达能力',
  '攻击行为',
  '抑郁症状',
  '意识水平',
  '视力',
  '听力',
  '执行日常事务',
  '使用交通工具外出',
  '社会交往能力',
];

/** Full marks everywhere. */
function fullScores(): AssessmentScores {
  return Object.fromEntries(ASSESSMENT_ITEMS.map((i) => [i.key, i.max])) as AssessmentScores;
}
/** Scores adding up to `total`, filled in form order. */
function scoresWithTotal(total: number): AssessmentScores {
  let rest = total;
  const out: Record<string, number> = {};
  for (const i of ASSESSMENT_ITEMS) {
    const v = Math.min(i.max, rest);
    out[i.key] = v;
    rest -= v;
  }
  if (rest !== 0) throw new Error('total too large');
  return out as AssessmentScores;
}
const input = (total: number, extra: Partial<AssessmentInput> = {}): AssessmentInput => ({
  scores: scoresWithTotal(total),
  dementia: false,
  riskEvents30d: 0,
  coma: false,
  ...extra,
});

describe('item table', () => {
  it('has the 26 items of domain.md in order, exact keys', () => {
    expect(ASSESSMENT_ITEMS.map((i) => i.key)).toEqual(EXPECTED_KEYS);
  });
  it.each([
    ['上下楼梯', 3],
    ['攻击行为', 1],
    ['抑郁症状', 1],
    ['意识水平', 2],
    ['视力', 2],
    ['听力', 2],
    ['使用交通工具外出', 3],
    ['进食', 4],
    ['社会交往能力', 4],
  ])('%s max %i', (key, max) => {
    expect(ASSESSMENT_ITEMS.find((i) => i.key === key)?.max).toBe(max);
  });
  it('dimension maxima 32/15/28/15 and total 90', () => {
    const sums: Record<string, number> = {};
    for (const i of ASSESSMENT_ITEMS) sums[i.dimension] = (sums[i.dimension] ?? 0) + i.max;
    expect(sums).toEqual({ 自理能力: 32, 基础运动能力: 15, 精神状态: 28, 感知觉与社会参与: 15 });
    expect(sums).toEqual(ASSESSMENT_DIMENSION_MAX);
    expect(ASSESSMENT_MAX_TOTAL).toBe(90);
  });
  it('every item has a scale description', () => {
    for (const i of ASSESSMENT_ITEMS) expect(i.scale).toMatch(new RegExp(`^${i.max} .+ 0 `));
  });
  it('level bands cover 0..90 without gaps or overlap', () => {
    const seen = new Array(91).fill(0);
    for (const b of ABILITY_LEVEL_BANDS) for (let t = b.min; t <= b.max; t++) seen[t]++;
    expect(seen.every((n) => n === 1)).toBe(true);
  });
});

describe('scoreAssessment: level boundaries', () => {
  it.each([
    [90, 0, '能力完好'],
    [89, 1, '轻度失能'],
    [66, 1, '轻度失能'],
    [65, 2, '中度失能'],
    [46, 2, '中度失能'],
    [45, 3, '重度失能'],
    [30, 3, '重度失能'],
    [29, 4, '完全失能'],
    [0, 4, '完全失能'],
  ] as const)('total %i -> level %i %s', (total, level, name) => {
    const r = scoreAssessment(input(total));
    expect(r.total).toBe(total);
    expect(r.baseLevel).toBe(level);
    expect(r.level).toBe(level);
    expect(r.levelName).toBe(name);
    expect(r.raisedBy).toEqual([]);
    expect(levelForTotal(total)).toBe(level);
  });
  it('max total is 90 with full marks', () => {
    const r = scoreAssessment({ scores: fullScores(), dementia: false, riskEvents30d: 0, coma: false });
    expect(r.total).toBe(90);
    expect(r.dimensions).toEqual({ 自理能力: 32, 基础运动能力: 15, 精神状态: 28, 感知觉与社会参与: 15 });
  });
  it('levelForTotal rejects out-of-range totals', () => {
    for (const t of [-1, 91, 1.5, Number.NaN]) expect(() => levelForTotal(t)).toThrow(RangeError);
  });
});

describe('scoreAssessment: dimension subtotals', () => {
  it.each(ASSESSMENT_ITEMS.map((i) => [i.key, i.dimension, i.max] as const))('lowering %s only reduces %s', (key, dim, max) => {
    const scores = { ...fullScores(), [key]: 0 };
    const r = scoreAssessment({ scores, dementia: false, riskEvents30d: 0, coma: false });
    expect(r.total).toBe(90 - max);
    for (const [d, m] of Object.entries(ASSESSMENT_DIMENSION_MAX))
      expect(r.dimensions[d as keyof typeof r.dimensions]).toBe(d === dim ? m - max : m);
  });
  it('mixed example', () => {
    const scores = { ...fullScores(), 进食: 2, 洗澡: 0, 上下楼梯: 1, 记忆: 3, 意识水平: 1, 视力: 1, 社会交往能力: 2 };
    const r = scoreAssessment({ scores, dementia: false, riskEvents30d: 0, coma: false });
    expect(r.dimensions).toEqual({ 自理能力: 26, 基础运动能力: 13, 精神状态: 26, 感知觉与社会参与: 12 });
    expect(r.total).toBe(77);
    expect(r.level).toBe(1);
  });
});

describe('scoreAssessment: raising rules', () => {
  // [total, dementia, riskEvents30d, expected level, expected raisedBy]
  it.each([
    [90, true, 0, 1, ['dementia']],
    [90, false, 2, 1, ['riskEvents']],
    [90, false, 1, 0, []],
    [90, false, 5, 1, ['riskEvents']],
    [90, true, 2, 2, ['dementia', 'riskEvents']],
    [66, true, 0, 2, ['dementia']],
    [65, false, 3, 3, ['riskEvents']],
    [46, true, 2, 4, ['dementia', 'riskEvents']],
    [45, true, 0, 4, ['dementia']],
    [45, false, 2, 4, ['riskEvents']],
    [45, true, 2, 4, ['dementia', 'riskEvents']], // 3 + 2 capped at 4
    [29, true, 0, 4, ['dementia']], // already 4: cap
    [29, true, 4, 4, ['dementia', 'riskEvents']],
    [0, false, 2, 4, ['riskEvents']],
  ] as const)('total %i dementia=%s risk=%i -> %i', (total, dementia, risk, level, raisedBy) => {
    const r = scoreAssessment(input(total, { dementia, riskEvents30d: risk }));
    expect(r.level).toBe(level);
    expect(r.raisedBy).toEqual(raisedBy);
    expect(r.level).toBeLessThanOrEqual(4);
  });
  it('cumulativeRaises: false raises at most one level', () => {
    expect(scoreAssessment(input(90, { dementia: true, riskEvents30d: 2 }), { cumulativeRaises: false }).level).toBe(1);
    expect(scoreAssessment(input(90, { dementia: true }), { cumulativeRaises: false }).level).toBe(1);
  });
  it('rejects negative or fractional risk event counts', () => {
    expect(() => scoreAssessment(input(90, { riskEvents30d: -1 }))).toThrow(/riskEvents30d/);
    expect(() => scoreAssessment(input(90, { riskEvents30d: 1.5 }))).toThrow(/riskEvents30d/);
  });
});

describe('scoreAssessment: coma parameter', () => {
  it.each([
    [undefined, 90, 4],
    [4, 90, 4],
    [3, 90, 3],
    [3, 0, 3],
    [4, 0, 4],
    [3, 50, 3],
  ] as const)('comaLevel=%s total=%i -> %i', (comaLevel, total, level) => {
    const r = scoreAssessment(input(total, { coma: true, dementia: true, riskEvents30d: 3 }), comaLevel ? { comaLevel } : {});
    expect(r.level).toBe(level);
    expect(r.baseLevel).toBe(levelForTotal(total));
    expect(r.raisedBy).toEqual(['coma']);
    expect(r.levelName).toBe(level === 4 ? '完全失能' : '重度失能');
  });
  it('rejects an invalid comaLevel', () => {
    expect(() => scoreAssessment(input(0, { coma: true }), { comaLevel: 2 as 3 })).toThrow(/comaLevel/);
  });
});

describe('scoreAssessment: bad scores name the item', () => {
  it.each([
    ['进食', 5],
    ['上下楼梯', 4],
    ['攻击行为', 2],
    ['意识水平', -1],
    ['视力', 1.5],
  ])('%s = %s', (key, v) => {
    expect(() => scoreAssessment({ scores: { ...fullScores(), [key]: v }, dementia: false, riskEvents30d: 0, coma: false })).toThrow(key);
  });
  it('missing item', () => {
    const scores: Record<string, number> = fullScores();
    delete scores.如厕;
    expect(() => scoreAssessment({ scores: scores as AssessmentScores, dementia: false, riskEvents30d: 0, coma: false })).toThrow('如厕');
  });
});

describe('AssessmentPreviewBody validation', () => {
  const body = (scores: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    scores,
    dementia: false,
    riskEvents30d: 0,
    coma: false,
    ...extra,
  });
  const issues = (data: unknown) => {
    const r = AssessmentPreviewBody.safeParse(data);
    expect(r.success).toBe(false);
    return r.success ? [] : r.error.issues;
  };

  it('accepts a complete body', () => {
    const r = AssessmentPreviewBody.parse(body(fullScores()));
    expect(scoreAssessment(r).total).toBe(90);
  });

  it.each(ASSESSMENT_ITEMS.map((i) => [i.key, i.max] as const))('missing %s -> issue at scores.%s', (key, max) => {
    const scores: Record<string, unknown> = fullScores();
    delete scores[key];
    const is = issues(body(scores));
    expect(is).toHaveLength(1);
    expect(is[0].path).toEqual(['scores', key]);
    expect(is[0].message).toContain(key);
    expect(is[0].message).toContain(`0-${max}`);
    expect(is[0].message).toContain(`from 0 to ${max}`);
  });

  it.each([
    ['进食', 5, '0-4'],
    ['进食', -1, '0-4'],
    ['上下楼梯', 4, '0-3'],
    ['攻击行为', 2, '0-1'],
    ['意识水平', 3, '0-2'],
    ['视力', 1.5, '0-2'],
    ['记忆', 2.5, '0-4'],
    ['听力', '2', '0-2'],
    ['社会交往能力', null, '0-4'],
  ] as const)('%s = %s -> issue naming the item and range %s', (key, v, range) => {
    const is = issues(body({ ...fullScores(), [key]: v }));
    expect(is.length).toBeGreaterThanOrEqual(1);
    for (const i of is) {
      expect(i.path).toEqual(['scores', key]);
      expect(i.message).toContain(`“${key}”须为 ${range} 的整数`);
      expect(i.message).toContain(`"${key}" must be an integer`);
    }
  });

  it('several bad items give one issue path each', () => {
    const is = issues(body({ ...fullScores(), 进食: 9, 听力: 7 }));
    expect(is.map((i) => i.path.join('.')).sort()).toEqual(['scores.听力', 'scores.进食']);
  });

  it('rejects unknown items (typos)', () => {
    const is = issues(body({ ...fullScores(), 穿脱上衣: 4 }));
    expect(is[0].message).toContain('穿脱上衣');
  });

  it.each([
    [{ riskEvents30d: -1 }, 'riskEvents30d'],
    [{ riskEvents30d: 1.5 }, 'riskEvents30d'],
    [{ dementia: 'yes' }, 'dementia'],
    [{ coma: undefined }, 'coma'],
  ])('flags %o', (extra, path) => {
    expect(issues(body(fullScores(), extra))[0].path).toEqual([path]);
  });
});

describe('reasons and reassessment', () => {
  it('reasons', () => {
    expect(ASSESSMENT_REASONS.map((r) => r.label)).toEqual(['首次', '常规', '即时', '复评', '其他']);
  });
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-05-15', 12, '2025-05-15'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
  ] as const)('addMonths(%s, %i) = %s', (d, n, out) => {
    expect(addMonths(d, n)).toBe(out);
  });
  it.each([
    [null, '2024-06-01', {}, false, { due: true, reason: 'initial', dueDate: null }],
    ['2023-06-01', '2024-05-31', {}, false, { due: false, reason: null, dueDate: '2024-06-01' }],
    ['2023-06-01', '2024-06-01', {}, false, { due: true, reason: 'periodic', dueDate: '2024-06-01' }],
    ['2023-06-01', '2024-07-01', {}, false, { due: true, reason: 'periodic', dueDate: '2024-06-01' }],
    ['2023-06-01', '2023-12-01', { intervalMonths: 6 }, false, { due: true, reason: 'periodic', dueDate: '2023-12-01' }],
    ['2023-06-01', '2023-11-30', { intervalMonths: 6 }, false, { due: false, reason: null, dueDate: '2023-12-01' }],
    ['2024-05-01', '2024-05-02', {}, true, { due: true, reason: 'immediate', dueDate: '2025-05-01' }],
  ] as const)('last=%s today=%s %o changed=%s', (last, today, opts, changed, expected) => {
    expect(reassessmentDue(last, today, opts, changed)).toEqual(expected);
  });
  it('rejects bad dates and intervals', () => {
    expect(() => reassessmentDue('2024-02-30', '2024-03-01')).toThrow(/无效日期/);
    expect(() => reassessmentDue('2024-01-01', '2024/03/01')).toThrow(/YYYY-MM-DD/);
    expect(() => reassessmentDue('2024-01-01', '2024-03-01', { intervalMonths: 0 })).toThrow(/intervalMonths/);
  });
});
