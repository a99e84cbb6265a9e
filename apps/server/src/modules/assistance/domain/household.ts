/**
 * Who counts in a household (共同生活家庭成员) and which income counts (家庭收入): rules 1 and 2.
 * Relations are relative to the head (the applicant).
 *
 * Reading of rule 1 documented here and in the reasons:
 * - head and spouse count; parents and grandparents count (the head owes them support and they
 *   are listed as living with the family);
 * - children, grandchildren and siblings count while minors; as adults only when they cannot
 *   live independently: in full-time education up to undergraduate level (situation
 *   full_time_student; a postgraduate is not one), seriously ill, with a severe disability
 *   (grade 1-2 of any category) or a grade 3-4 mental or intellectual disability. An adult who
 *   can live independently is a family of his own; what he pays the household is family_support
 *   income;
 * - `other` has no legal duty of support and does not count;
 * - nobody counts while serving a sentence, in compulsory drug rehabilitation, or declared missing.
 */
import type { AssistanceMember, IncomeEntry, IncomeKind } from '@lq/contracts';
import { ageOn } from './dates.ts';
import { type AssistanceRuleParams, MENTAL_OR_INTELLECTUAL, type Reason, SEVERE_GRADES, yuanText, yuanToFen } from './rules.ts';

export const RELATION_ZH: Record<AssistanceMember['relation'], string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母/外祖父母',
  grandchild: '孙子女/外孙子女',
  sibling: '兄弟姐妹',
  other: '其他人员',
};

export const INCOME_ZH: Record<IncomeKind, string> = {
  wage: '工资性收入(扣除必要就业成本)',
  business: '经营净收入',
  property: '财产净收入',
  pension: '养老金等转移性收入',
  family_support: '赡养/抚养/扶养费',
  preferential_care: '优抚金',
  family_planning_reward: '计划生育奖励扶助金',
  scholarship: '奖学金、见义勇为奖励',
  assistance: '社会救助款物',
  basic_pension_base: '城乡居民基本养老保险基础养老金',
  old_age_allowance: '高龄津贴',
  other: '其他收入',
};

export interface Membership {
  member: AssistanceMember;
  counted: boolean;
  reason: Reason;
}

const SITUATION_OUT: Partial<Record<AssistanceMember['situation'], string>> = {
  serving_sentence: '正在服刑',
  compulsory_rehab: '在强制隔离戒毒所',
  declared_missing: '已被宣告失踪',
};

function who(m: AssistanceMember, age: number): string {
  return `成员 ${m.id}(${RELATION_ZH[m.relation]},${age}周岁)`;
}

/**
 * Adult who cannot live independently: full-time student up to undergraduate, serious illness,
 * severe disability (grade 1-2), or grade 3-4 mental or intellectual disability. The last groups
 * are those the seed lets apply alone (单独列户), which presumes they otherwise belong to the family.
 */
function dependentAdult(m: AssistanceMember): string | null {
  if (m.situation === 'full_time_student') return '在校接受本科及以下全日制学历教育';
  if (m.seriousIllness) return '患重病';
  const d = m.disability;
  if (d && d.grade <= SEVERE_GRADES) return '重度残疾(一、二级)';
  if (d && MENTAL_OR_INTELLECTUAL.has(d.category)) return `${d.grade}级${d.category === 'mental' ? '精神' : '智力'}残疾`;
  return null;
}

export function membership(m: AssistanceMember, asOf: string, p: Pick<AssistanceRuleParams, 'adultAge'>): Membership {
  const age = ageOn(m.birthDate, asOf);
  const w = who(m, age);
  const values = { member: m.id, age, adultAge: p.adultAge };
  const out = SITUATION_OUT[m.situation];
  if (out)
    return {
      member: m,
      counted: false,
      reason: { code: `MEMBER_EXCLUDED_${m.situation.toUpperCase()}`, message: `${w}${out},不计入共同生活家庭成员。`, values },
    };
  switch (m.relation) {
    case 'head':
    case 'spouse':
      return { member: m, counted: true, reason: { code: 'MEMBER_COUNTED', message: `${w}计入共同生活家庭成员。`, values } };
    case 'parent':
    case 'grandparent':
      return {
        member: m,
        counted: true,
        reason: { code: 'MEMBER_COUNTED_SUPPORT_DUTY', message: `${w}与家庭共同生活且户主对其负有法定赡养义务,计入。`, values },
      };
    case 'child':
    case 'grandchild':
    case 'sibling': {
      if (age < p.adultAge)
        return { member: m, counted: true, reason: { code: 'MEMBER_COUNTED_MINOR', message: `${w}未成年,计入。`, values } };
      const why = dependentAdult(m);
      if (why) {
        return {
          member: m,
          counted: true,
          reason: { code: 'MEMBER_COUNTED_DEPENDENT_ADULT', message: `${w}已成年但不能独立生活(${why}),计入。`, values },
        };
      }
      return {
        member: m,
        counted: false,
        reason: {
          code: 'MEMBER_NOT_COUNTED_INDEPENDENT_ADULT',
          message: `${w}已成年且能独立生活,不计入;其给付的赡养/扶养费按家庭收入计算。`,
          values,
        },
      };
    }
    case 'other':
      return {
        member: m,
        counted: false,
        reason: { code: 'MEMBER_NOT_COUNTED_NO_DUTY', message: `${w}与户主无法定赡养、扶养、抚养义务关系,不计入。`, values },
      };
  }
}

export type Programme = 'dibao' | 'tekun';

/** Whether an income kind counts on `asOf` (rule 2); the reason says why not. */
export function incomeCounted(
  kind: IncomeKind,
  asOf: string,
  programme: Programme,
  p: Pick<AssistanceRuleParams, 'basicPensionBase'>,
): { counted: boolean; reason: Reason | null } {
  const label = INCOME_ZH[kind];
  switch (kind) {
    case 'preferential_care':
    case 'family_planning_reward':
    case 'scholarship':
    case 'assistance':
      return {
        counted: false,
        reason: { code: `INCOME_EXCLUDED_${kind.toUpperCase()}`, message: `${label}不计入家庭收入。`, values: { kind } },
      };
    case 'basic_pension_base': {
      const { excludedUntil, excludedAfter } = p.basicPensionBase;
      const excluded = asOf <= excludedUntil || excludedAfter;
      const values = { kind, excludedUntil, excludedAfter };
      return excluded
        ? {
            counted: false,
            reason: {
              code: 'INCOME_EXCLUDED_BASIC_PENSION_BASE',
              message:
                asOf <= excludedUntil
                  ? `${label}在 ${excludedUntil} 前(含)不计入家庭收入。`
                  : `${label}按 ${excludedUntil} 后的参数仍不计入家庭收入。`,
              values,
            },
          }
        : {
            counted: true,
            reason: { code: 'INCOME_COUNTED_BASIC_PENSION_BASE', message: `${label}自 ${excludedUntil} 后按参数计入家庭收入。`, values },
          };
    }
    case 'old_age_allowance':
      return programme === 'tekun'
        ? {
            counted: false,
            reason: { code: 'INCOME_EXCLUDED_OLD_AGE_ALLOWANCE', message: `认定特困时${label}不计入收入。`, values: { kind } },
          }
        : { counted: true, reason: null };
    default:
      return { counted: true, reason: null };
  }
}

export interface IncomeTotal {
  fen: number;
  reasons: Reason[];
}

/** Monthly counted income of some members, in fen; one reason per excluded kind. */
export function countedIncome(
  members: readonly { incomes: readonly IncomeEntry[] }[],
  asOf: string,
  programme: Programme,
  p: Pick<AssistanceRuleParams, 'basicPensionBase'>,
  skip: (kind: IncomeKind) => boolean = () => false,
): IncomeTotal {
  let fen = 0;
  const reasons = new Map<string, Reason>();
  for (const m of members)
    for (const inc of m.incomes) {
      if (skip(inc.kind)) continue;
      const c = incomeCounted(inc.kind, asOf, programme, p);
      if (c.counted) fen += yuanToFen(inc.monthlyAmount);
      if (c.reason) {
        const prev = reasons.get(c.reason.code);
        const amount = yuanToFen(inc.monthlyAmount) + Number(prev?.values?.amountFen ?? 0);
        reasons.set(c.reason.code, {
          ...c.reason,
          message: `${c.reason.message}(合计每月 ${yuanText(amount)} 元)`,
          values: { ...c.reason.values, amountFen: amount },
        });
      }
    }
  return { fen, reasons: [...reasons.values()] };
}

/**
 * Rigid costs of disability or serious illness deducted from the counted income (rule 2): only the
 * kinds in the parameter list, of counted members; the income after deduction is never below 0.
 */
export function rigidCostDeduction(
  members: readonly Pick<AssistanceMember, 'rigidCosts'>[],
  p: Pick<AssistanceRuleParams, 'rigidCostDeduction'>,
): { fen: number; reasons: Reason[] } {
  const allowed = new Set(p.rigidCostDeduction.kinds);
  let fen = 0;
  const refused = new Set<string>();
  for (const m of members)
    for (const c of m.rigidCosts ?? []) {
      if (allowed.has(c.kind)) fen += yuanToFen(c.monthlyAmount);
      else refused.add(c.kind);
    }
  const reasons: Reason[] = [];
  if (fen > 0)
    reasons.push({
      code: 'RIGID_COSTS_DEDUCTED',
      message: `扣减因残疾、重病产生的刚性支出每月 ${yuanText(fen)} 元(可扣减项目:${[...allowed].join('、')})。`,
      values: { deductedFen: fen },
    });
  if (refused.size)
    reasons.push({
      code: 'RIGID_COSTS_NOT_DEDUCTIBLE',
      message: `支出项目 ${[...refused].join('、')} 不在可扣减的刚性支出清单内,未扣减。`,
    });
  return { fen, reasons };
}
