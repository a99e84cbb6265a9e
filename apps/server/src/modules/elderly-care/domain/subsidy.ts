/**
 * Elderly-care subsidy entitlement (居家养老服务补贴), evaluated as a pure function of
 * (facts as of the date, assessment level, effective-dated rules, date).
 *
 * Composition (documented rule, applies to every rule version):
 *  - not eligible when dead on the date or younger than rule.minAge;
 *  - level terms   L = rule.byLevel[level]
 *  - status terms  S = rule.byStatus[status] for the most favourable status held
 *                      (precedence 特困 > 低保 > 低保边缘), none for ordinary elders
 *  - 高龄 bonus     B = rule.elderlyBonus when age >= rule.elderlyAgeThreshold
 *  - monthlyAmountFen = L.amount + S.amount + B.amount; monthlyHours likewise
 *  - selfPayShareBp   = min(L.share, S.share) (the elder pays the lower share)
 *  - eligible when the amount or the hours are > 0.
 * Rule selection: the single rule with validFrom <= date <= validTo (validTo null = open);
 * no rule or overlapping rules -> SubsidyRuleError.
 */
import type { AbilityLevel, EconomicStatus, Entitlement, EntitlementFacts, EntitlementTerms, SubsidyRule } from './contracts.ts';
import { ABILITY_LEVEL_NAMES } from './contracts.ts';
import { ageOn, assertIsoDate, fenToYuan } from './util.ts';

export type { Entitlement, EntitlementFacts, SubsidyRule };

export const STATUS_PRECEDENCE: readonly EconomicStatus[] = ['特困', '低保', '低保边缘'];

export class SubsidyRuleError extends Error {
  constructor(
    readonly code: 'NO_RULE_IN_FORCE' | 'OVERLAPPING_RULES' | 'BAD_RULE',
    message: string,
  ) {
    super(message);
    this.name = 'SubsidyRuleError';
  }
}

/** Checks a rule set: valid intervals, unique versions, no two rules in force on the same day. */
export function validateRuleSet(rules: readonly SubsidyRule[]): void {
  const versions = new Set<string>();
  for (const r of rules) {
    assertIsoDate(r.validFrom, 'validFrom');
    if (r.validTo !== null) assertIsoDate(r.validTo, 'validTo');
    if (r.validTo !== null && r.validTo < r.validFrom)
      throw new SubsidyRuleError('BAD_RULE', `规则 ${r.version} 的截止日期早于起始日期 / validTo before validFrom`);
    if (versions.has(r.version)) throw new SubsidyRuleError('BAD_RULE', `规则版本重复 / duplicate rule version ${r.version}`);
    versions.add(r.version);
  }
  const sorted = [...rules].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (prev.validTo === null || prev.validTo >= sorted[i].validFrom) {
      throw new SubsidyRuleError(
        'OVERLAPPING_RULES',
        `规则 ${prev.version} 与 ${sorted[i].version} 有效期重叠 / rules ${prev.version} and ${sorted[i].version} overlap`,
      );
    }
  }
}

/** The rule in force on `date` (validFrom and validTo inclusive). */
export function ruleInForce(rules: readonly SubsidyRule[], date: string): SubsidyRule {
  assertIsoDate(date);
  const hits = rules.filter((r) => r.validFrom <= date && (r.validTo === null || date <= r.validTo));
  if (hits.length === 0) throw new SubsidyRuleError('NO_RULE_IN_FORCE', `${date} 无有效的补贴规则 / no subsidy rule in force on ${date}`);
  if (hits.length > 1)
    throw new SubsidyRuleError(
      'OVERLAPPING_RULES',
      `${date} 有多条补贴规则同时有效：${hits.map((r) => r.version).join('、')} / overlapping rules`,
    );
  return hits[0];
}

const yuan = (fen: number) => `${fenToYuan(fen)} 元`;
const pct = (bp: number) => `${bp / 100}%`;

export function computeEntitlement(facts: EntitlementFacts, level: AbilityLevel, rules: readonly SubsidyRule[], date: string): Entitlement {
  const rule = ruleInForce(rules, date);
  const ruleText = `依据补贴规则 ${rule.version}（${rule.validFrom} 起${rule.validTo ? `至 ${rule.validTo}` : ''}）`;
  const basis: string[] = [`rule:${rule.version}`];
  const none = (why: string, code: string): Entitlement => ({
    eligible: false,
    ruleVersion: rule.version,
    monthlyAmountFen: 0,
    monthlyHours: 0,
    selfPayShareBp: 10_000,
    basis: [...basis, code],
    explanation: `${ruleText}：${why}，不享受居家养老服务补贴。`,
  });

  if (facts.deathDate && facts.deathDate <= date) return none(`已于 ${facts.deathDate} 死亡`, `deceased:${facts.deathDate}`);
  const age = ageOn(facts.birthDate, date);
  basis.push(`age:${age}`);
  if (age < rule.minAge) return none(`${date} 时年龄 ${age} 周岁，未满 ${rule.minAge} 周岁`, `underage:${age}<${rule.minAge}`);

  if (!(level in rule.byLevel))
    throw new SubsidyRuleError('BAD_RULE', `规则 ${rule.version} 缺少能力等级 ${level} / missing level ${level}`);
  const L: EntitlementTerms = rule.byLevel[String(level) as keyof SubsidyRule['byLevel']];
  basis.push(`level:${level}`);
  const parts: string[] = [
    `能力等级 ${level}（${ABILITY_LEVEL_NAMES[level]}）：每月 ${yuan(L.monthlyAmountFen)}、${L.monthlyHours} 小时，自付 ${pct(L.selfPayShareBp)}`,
  ];
  let amount = L.monthlyAmountFen;
  let hours = L.monthlyHours;
  let share = L.selfPayShareBp;

  const status = STATUS_PRECEDENCE.find((s) => facts.statuses.includes(s));
  if (status) {
    const S = rule.byStatus[status];
    basis.push(`status:${status}`);
    amount += S.monthlyAmountFen;
    hours += S.monthlyHours;
    share = Math.min(share, S.selfPayShareBp);
    const others = facts.statuses.filter((s) => s !== status);
    parts.push(
      `${status}对象：加 ${yuan(S.monthlyAmountFen)}、${S.monthlyHours} 小时，自付比例 ${pct(S.selfPayShareBp)}${others.length ? `（同时登记 ${others.join('、')}，按较优的${status}计）` : ''}`,
    );
  } else {
    parts.push('非特困、低保、低保边缘对象：无身份补贴');
  }

  if (age >= rule.elderlyAgeThreshold) {
    basis.push(`高龄:${age}>=${rule.elderlyAgeThreshold}`);
    amount += rule.elderlyBonus.monthlyAmountFen;
    hours += rule.elderlyBonus.monthlyHours;
    parts.push(
      `高龄（${age} 周岁，满 ${rule.elderlyAgeThreshold} 周岁）：加 ${yuan(rule.elderlyBonus.monthlyAmountFen)}、${rule.elderlyBonus.monthlyHours} 小时`,
    );
  } else {
    parts.push(`${age} 周岁，未满高龄线 ${rule.elderlyAgeThreshold} 周岁`);
  }

  const eligible = amount > 0 || hours > 0;
  const total = eligible
    ? `合计每月补贴 ${yuan(amount)}、服务 ${hours} 小时，个人自付 ${pct(share)}。`
    : '合计为零，不享受居家养老服务补贴。';
  return {
    eligible,
    ruleVersion: rule.version,
    monthlyAmountFen: amount,
    monthlyHours: hours,
    selfPayShareBp: eligible ? share : 10_000,
    basis,
    explanation: `${ruleText}：${parts.join('；')}。${total}`,
  };
}

// ---------------------------------------------------------------------------------------------
// DEMO PARAMETERS. No public source confirms Longquan's elderly-care subsidy amounts; these
// values only make the demo work and must be replaced by the bureau's figures (effective-dated
// configuration edited in the admin UI). Do not present them as policy.

const t = (yuan: number, monthlyHours: number, selfPayShareBp: number): EntitlementTerms => ({
  monthlyAmountFen: yuan * 100,
  monthlyHours,
  selfPayShareBp,
});

export const DEMO_SUBSIDY_RULES: readonly SubsidyRule[] = [
  {
    version: 'DEMO-2020',
    validFrom: '2020-01-01',
    validTo: '2023-12-31',
    minAge: 60,
    elderlyAgeThreshold: 80,
    elderlyBonus: { monthlyAmountFen: 50_00, monthlyHours: 1 },
    byStatus: { 特困: t(200, 8, 0), 低保: t(150, 6, 0), 低保边缘: t(100, 4, 3000) },
    byLevel: { '0': t(0, 0, 10_000), '1': t(50, 2, 5000), '2': t(100, 4, 3000), '3': t(200, 8, 2000), '4': t(300, 12, 1000) },
    source: 'DEMO PARAMETERS — 演示参数，非龙泉市正式标准',
  },
  {
    version: 'DEMO-2024',
    validFrom: '2024-01-01',
    validTo: null,
    minAge: 60,
    elderlyAgeThreshold: 80,
    elderlyBonus: { monthlyAmountFen: 60_00, monthlyHours: 1 },
    byStatus: { 特困: t(240, 10, 0), 低保: t(180, 8, 0), 低保边缘: t(120, 5, 2000) },
    byLevel: { '0': t(0, 0, 10_000), '1': t(60, 2, 5000), '2': t(120, 5, 3000), '3': t(240, 10, 2000), '4': t(360, 15, 1000) },
    source: 'DEMO PARAMETERS — 演示参数，非龙泉市正式标准',
  },
];
