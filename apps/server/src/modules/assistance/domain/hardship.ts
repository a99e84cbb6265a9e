/**
 * Order of the hardship tests (rule 5: 特困 -> 低保 -> 低保边缘 -> 刚性支出困难) and the gradual
 * exit period (渐退期, the seed's local rule (六)). Pure.
 */
import { addMonths, dayBefore } from './dates.ts';
import { type AssistanceRuleParams, type Reason, yuanText } from './rules.ts';

export type HardshipStatus = 'tekun' | 'dibao' | 'marginal' | 'rigid_expense' | 'none';

export interface HardshipFacts {
  tekunEligible: boolean;
  dibaoDecision: 'dibao' | 'marginal' | 'none';
  countedMembers: number;
  countedMonthlyIncomeFen: number;
  /** Out-of-pocket medical, education and rehabilitation costs of the last 12 months, fen. */
  rigidExpensesLast12MonthsFen: number;
}

/**
 * The first status that applies. Rigid-expense hardship: per-capita annual income below last
 * year's per-capita disposable income, and the last 12 months' rigid costs strictly above the
 * parameter share of the household's annual income; valid for the parameter months.
 */
export function hardshipStatus(f: HardshipFacts, p: AssistanceRuleParams): { status: HardshipStatus; reason: Reason } {
  if (f.tekunEligible) return { status: 'tekun', reason: { code: 'HARDSHIP_TEKUN', message: '符合特困人员条件(优先认定)。' } };
  if (f.dibaoDecision === 'dibao') return { status: 'dibao', reason: { code: 'HARDSHIP_DIBAO', message: '符合低保条件。' } };
  if (f.dibaoDecision === 'marginal') return { status: 'marginal', reason: { code: 'HARDSHIP_MARGINAL', message: '符合低保边缘条件。' } };
  const annualIncome = f.countedMonthlyIncomeFen * 12;
  const n = Math.max(f.countedMembers, 1);
  const incomeBelow = annualIncome < p.perCapitaDisposableIncomeFen * n;
  const shareBp = Math.round(p.rigidExpense.shareOfIncome * 10_000);
  const expensesHigh = f.rigidExpensesLast12MonthsFen * 10_000 > shareBp * annualIncome;
  const values = {
    annualIncomeFen: annualIncome,
    perCapitaDisposableIncomeFen: p.perCapitaDisposableIncomeFen,
    shareOfIncome: p.rigidExpense.shareOfIncome,
    validMonths: p.rigidExpense.validMonths,
  };
  if (f.countedMembers > 0 && incomeBelow && expensesHigh)
    return {
      status: 'rigid_expense',
      reason: {
        code: 'HARDSHIP_RIGID_EXPENSE',
        message: `人均年收入低于上年人均可支配收入 ${yuanText(p.perCapitaDisposableIncomeFen)} 元,近 12 个月刚性支出 ${yuanText(f.rigidExpensesLast12MonthsFen)} 元超过家庭年收入的 ${p.rigidExpense.shareOfIncome * 100}%,认定为刚性支出困难家庭,有效期 ${p.rigidExpense.validMonths} 个月。`,
        values,
      },
    };
  return {
    status: 'none',
    reason: {
      code: 'HARDSHIP_NONE',
      message: incomeBelow ? '刚性支出未超过家庭年收入的规定比例。' : '人均年收入不低于上年人均可支配收入。',
      values,
    },
  };
}

/**
 * 渐退期: a 低保 or marginal family whose income rose above its line keeps its support for the
 * parameter months (seed: 12) from the month the rise was found; with employmentOnly on (the
 * national variant) only when the rise comes from a member finding work.
 */
export function gradualExit(
  input: { incomeRoseOn: string; fromEmployment: boolean },
  p: AssistanceRuleParams,
): { keeps: boolean; until: string | null; reason: Reason } {
  const { months, employmentOnly } = p.gradualExit;
  const values = { months, employmentOnly };
  if (months <= 0 || (employmentOnly && !input.fromEmployment))
    return {
      keeps: false,
      until: null,
      reason: { code: 'NO_GRADUAL_EXIT', message: employmentOnly ? '收入增加并非因成员就业,不适用渐退期。' : '渐退期为 0 个月。', values },
    };
  const until = dayBefore(addMonths(`${input.incomeRoseOn.slice(0, 7)}-01`, months + 1));
  return {
    keeps: true,
    until,
    reason: { code: 'GRADUAL_EXIT', message: `收入超过标准后给予 ${months} 个月渐退期,保障至 ${until}。`, values },
  };
}

/**
 * Review interval of a 低保 family: yearly when stable; every 6 months (parameters) when a member is
 * of working age or the income is irregular. (Within 3 months of a member's death is an event, not an interval.)
 */
export function reviewIntervalMonths(input: { memberAges: readonly number[]; irregularIncome: boolean }, p: AssistanceRuleParams): number {
  const { workingAgeFrom, workingAgeTo, stableMonths, variableMonths } = p.review;
  const working = input.memberAges.some((a) => a >= workingAgeFrom && a <= workingAgeTo);
  return working || input.irregularIncome ? variableMonths : stableMonths;
}

/**
 * Emergency temporary assistance (急难型, 先行救助): who may grant an amount (township up to its cap,
 * county up to its cap, both as multiples of S) and when the paperwork is due (calendar days after the help).
 */
export function emergencyAssistance(
  input: { amountFen: number; helpedOn: string },
  p: AssistanceRuleParams,
): { grantedBy: 'township' | 'county' | 'beyond_county_cap'; townshipCapFen: number; countyCapFen: number; paperworkDue: string } {
  const t = p.temporaryAssistance;
  const townshipCapFen = Math.round(p.dibaoStandardFen * t.townshipCapMultiple);
  const countyCapFen = Math.round(p.dibaoStandardFen * t.countyCapMultiple);
  const due = new Date(`${input.helpedOn}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + t.paperworkDays);
  const grantedBy = input.amountFen <= townshipCapFen ? 'township' : input.amountFen <= countyCapFen ? 'county' : 'beyond_county_cap';
  return { grantedBy, townshipCapFen, countyCapFen, paperworkDue: due.toISOString().slice(0, 10) };
}
