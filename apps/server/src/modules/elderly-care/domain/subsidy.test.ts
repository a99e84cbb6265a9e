import { describe, expect, it } from 'vitest';
import type { EntitlementTerms, SubsidyRule } from './contracts.ts';
import { computeEntitlement, DEMO_SUBSIDY_RULES, ruleInForce, SubsidyRuleError, validateRuleSet } from './subsidy.ts';
import { ageOn, fenToYuan } from './util.ts';

const t = (amount: number, hours: number, bp: number): EntitlementTerms => ({
  monthlyAmountFen: amount,
  monthlyHours: hours,
  selfPayShareBp: bp,
});
function rule(version: string, validFrom: string, validTo: string | null, scale = 1): SubsidyRule {
  return {
    version,
    validFrom,
    validTo,
    minAge: 60,
    elderlyAgeThreshold: 80,
    elderlyBonus: { monthlyAmountFen: 5000 * scale, monthlyHours: 1 },
    byStatus: { 特困: t(20000 * scale, 8, 0), 低保: t(15000 * scale, 6, 500), 低保边缘: t(10000 * scale, 4, 3000) },
    byLevel: {
      '0': t(0, 0, 10000),
      '1': t(5000 * scale, 2, 5000),
      '2': t(10000 * scale, 4, 3000),
      '3': t(20000 * scale, 8, 2000),
      '4': t(30000 * scale, 12, 1000),
    },
    source: 'test',
  };
}
const RULES = [rule('R1', '2020-01-01', '2022-12-31'), rule('R2', '2023-01-01', '2023-06-30', 2), rule('R3', '2023-07-01', null, 3)];
const facts = (birthDate: string, statuses: ('特困' | '低保' | '低保边缘')[] = [], deathDate: string | null = null) => ({
  birthDate,
  statuses,
  deathDate,
});

describe('rule selection at effective-date boundaries', () => {
  it.each([
    ['2020-01-01', 'R1'],
    ['2022-12-31', 'R1'],
    ['2023-01-01', 'R2'],
    ['2023-06-30', 'R2'],
    ['2023-07-01', 'R3'],
    ['2099-12-31', 'R3'],
  ])('%s -> %s', (date, version) => {
    expect(ruleInForce(RULES, date).version).toBe(version);
    expect(computeEntitlement(facts('1940-01-01'), 3, RULES, date).ruleVersion).toBe(version);
  });
  it('before the first rule -> NO_RULE_IN_FORCE', () => {
    expect(() => ruleInForce(RULES, '2019-12-31')).toThrow(SubsidyRuleError);
    try {
      ruleInForce(RULES, '2019-12-31');
    } catch (e) {
      expect((e as SubsidyRuleError).code).toBe('NO_RULE_IN_FORCE');
    }
  });
  it('gap between rules -> NO_RULE_IN_FORCE', () => {
    const gap = [rule('A', '2020-01-01', '2020-12-31'), rule('B', '2021-02-01', null)];
    expect(() => ruleInForce(gap, '2021-01-15')).toThrow(/no subsidy rule/);
  });
  it('overlap detected both by validateRuleSet and at selection', () => {
    const bad = [rule('A', '2020-01-01', '2021-01-01'), rule('B', '2021-01-01', null)];
    expect(() => validateRuleSet(bad)).toThrow(/overlap/);
    expect(() => ruleInForce(bad, '2021-01-01')).toThrow(/overlapping/);
    expect(() => validateRuleSet([rule('A', '2020-01-01', null), rule('B', '2021-01-01', null)])).toThrow(/overlap/);
    expect(() => validateRuleSet([rule('A', '2020-01-01', '2019-01-01')])).toThrow(/validTo/);
    expect(() => validateRuleSet([rule('A', '2020-01-01', '2020-01-31'), rule('A', '2021-01-01', null)])).toThrow(/duplicate/);
    expect(() => validateRuleSet(RULES)).not.toThrow();
    expect(() => validateRuleSet(DEMO_SUBSIDY_RULES)).not.toThrow();
  });
  it('bad date', () => expect(() => ruleInForce(RULES, '2023-13-01')).toThrow(RangeError));
});

describe('by level (ordinary 70-year-old, R1)', () => {
  it.each([
    [0, 0, 0, 10000, false],
    [1, 5000, 2, 5000, true],
    [2, 10000, 4, 3000, true],
    [3, 20000, 8, 2000, true],
    [4, 30000, 12, 1000, true],
  ] as const)('level %i -> %i fen, %i h, %i bp', (level, amount, hours, bp, eligible) => {
    const e = computeEntitlement(facts('1950-06-01'), level, RULES, '2021-01-01');
    expect(e).toMatchObject({ monthlyAmountFen: amount, monthlyHours: hours, selfPayShareBp: bp, eligible });
    expect(e.basis).toContain(`level:${level}`);
    expect(e.basis).not.toContain('status:低保');
  });
});

describe('by status (level 2, 70 years, R1)', () => {
  it.each([
    [['特困'], '特困', 10000 + 20000, 4 + 8, 0],
    [['低保'], '低保', 10000 + 15000, 4 + 6, 500],
    [['低保边缘'], '低保边缘', 10000 + 10000, 4 + 4, 3000],
    [['低保边缘', '低保'], '低保', 25000, 10, 500],
    [['低保', '特困'], '特困', 30000, 12, 0],
  ] as const)('%j -> %s', (statuses, used, amount, hours, bp) => {
    const e = computeEntitlement(facts('1950-06-01', [...statuses]), 2, RULES, '2021-01-01');
    expect(e).toMatchObject({ monthlyAmountFen: amount, monthlyHours: hours, selfPayShareBp: bp, eligible: true });
    expect(e.basis).toContain(`status:${used}`);
    expect(e.explanation).toContain(`${used}对象`);
  });
  it('status lowers the self-pay share only when more favourable', () => {
    // level 4 share 1000 bp vs 低保边缘 3000 bp -> 1000
    expect(computeEntitlement(facts('1950-06-01', ['低保边缘']), 4, RULES, '2021-01-01').selfPayShareBp).toBe(1000);
  });
  it('level 0 with a status is eligible through the status', () => {
    const e = computeEntitlement(facts('1950-06-01', ['特困']), 0, RULES, '2021-01-01');
    expect(e).toMatchObject({ eligible: true, monthlyAmountFen: 20000, monthlyHours: 8, selfPayShareBp: 0 });
  });
});

describe('高龄 threshold and age limits', () => {
  it.each([
    ['1941-01-02', '2021-01-01', 79, false],
    ['1941-01-01', '2021-01-01', 80, true],
    ['1940-12-31', '2021-01-01', 80, true],
    ['1944-02-29', '2024-02-28', 79, false], // leap-day birthday not reached yet
    ['1944-02-29', '2024-02-29', 80, true],
    ['1941-02-28', '2021-02-28', 80, true],
  ] as const)('born %s on %s: age %i, 高龄 %s', (birth, date, age, elderly) => {
    expect(ageOn(birth, date)).toBe(age);
    const e = computeEntitlement(facts(birth), 1, RULES, date);
    expect(e.basis).toContain(`age:${age}`);
    expect(e.basis.some((b) => b.startsWith('高龄:'))).toBe(elderly);
    const r = ruleInForce(RULES, date);
    expect(e.monthlyAmountFen).toBe(r.byLevel['1'].monthlyAmountFen + (elderly ? r.elderlyBonus.monthlyAmountFen : 0));
    expect(e.monthlyHours).toBe(2 + (elderly ? 1 : 0));
  });
  it('leap-day birthday ages on 03-01 in common years', () => {
    expect(ageOn('1940-02-29', '2020-02-28')).toBe(79);
    expect(ageOn('1940-02-29', '2020-02-29')).toBe(80);
    expect(ageOn('1940-02-29', '2021-02-28')).toBe(80);
    expect(ageOn('1940-02-29', '2021-03-01')).toBe(81);
  });
  it('under 60: not eligible', () => {
    const e = computeEntitlement(facts('1961-01-02', ['特困']), 4, RULES, '2021-01-01');
    expect(e).toMatchObject({ eligible: false, monthlyAmountFen: 0, monthlyHours: 0, selfPayShareBp: 10000 });
    expect(e.explanation).toContain('未满 60 周岁');
    expect(computeEntitlement(facts('1961-01-01'), 4, RULES, '2021-01-01').eligible).toBe(true);
  });
  it('dead on or before the date: not eligible', () => {
    expect(computeEntitlement(facts('1940-01-01', ['低保'], '2021-01-01'), 4, RULES, '2021-01-01')).toMatchObject({
      eligible: false,
      monthlyAmountFen: 0,
    });
    expect(computeEntitlement(facts('1940-01-01', ['低保'], '2021-01-02'), 4, RULES, '2021-01-01').eligible).toBe(true);
  });
});

describe('explanation', () => {
  it('names the rule, level, status, 高龄 and the totals in yuan', () => {
    const e = computeEntitlement(facts('1938-05-05', ['低保']), 3, RULES, '2023-08-01'); // R3 x3
    expect(e.monthlyAmountFen).toBe(60000 + 45000 + 15000);
    expect(e.explanation).toContain('依据补贴规则 R3（2023-07-01 起）');
    expect(e.explanation).toContain('能力等级 3（重度失能）');
    expect(e.explanation).toContain('低保对象：加 450.00 元、6 小时');
    expect(e.explanation).toContain('高龄（85 周岁，满 80 周岁）');
    expect(e.explanation).toContain('合计每月补贴 1200.00 元、服务 15 小时，个人自付 5%。');
    expect(e.basis).toEqual(['rule:R3', 'age:85', 'level:3', 'status:低保', '高龄:85>=80']);
  });
  it('bounded rule shows its end date', () => {
    expect(computeEntitlement(facts('1950-01-01'), 1, RULES, '2023-03-01').explanation).toContain('R2（2023-01-01 起至 2023-06-30）');
  });
  it('zero total explains no entitlement', () => {
    const e = computeEntitlement(facts('1950-01-01'), 0, RULES, '2021-01-01');
    expect(e.eligible).toBe(false);
    expect(e.explanation).toContain('合计为零');
  });
  it('demo rules are labelled as demo parameters', () => {
    for (const r of DEMO_SUBSIDY_RULES) expect(r.source).toContain('DEMO PARAMETERS');
    expect(computeEntitlement(facts('1940-01-01', ['特困']), 4, DEMO_SUBSIDY_RULES, '2024-03-01').ruleVersion).toBe('DEMO-2024');
  });
  it('fenToYuan is exact', () => {
    expect([0, 1, 10, 99, 100, 123456, -5, 1e11].map(fenToYuan)).toEqual([
      '0.00',
      '0.01',
      '0.10',
      '0.99',
      '1.00',
      '1234.56',
      '-0.05',
      '1000000000.00',
    ]);
    expect(() => fenToYuan(1.5)).toThrow();
  });
});
