/** Builders for the rule-table tests (DEMO-like parameter values given explicitly, never read from code). */
import type { AssistanceMember, IncomeEntry } from '@lq/contracts';
import type { AssistanceRuleParams } from './rules.ts';

export const PARAMS: AssistanceRuleParams = {
  dibaoStandardFen: 100_000,
  marginalMultiple: 1.5,
  perCapitaDisposableIncomeFen: 4_800_000,
  basicPensionBase: { excludedUntil: '2025-12-31', excludedAfter: false },
  rounding: 'fen',
  adultAge: 18,
  tekun: {
    elderAge: 60,
    minorAge: 16,
    supportUntilAge: 18,
    obligorDibaoAge: 60,
    obligorElderAge: 70,
    partialFromItems: 1,
    fullFromItems: 4,
  },
  tekunSupportMultiple: 1.3,
  careAllowanceFen: { self_care: 10_000, partial: 50_000, full: 100_000 },
  gradualExit: { months: 12, employmentOnly: false },
  rigidExpense: { shareOfIncome: 0.5, validMonths: 12 },
  rigidCostDeduction: { kinds: ['serious_illness_medical', 'disability_rehabilitation'] },
  review: { stableMonths: 12, variableMonths: 6, workingAgeFrom: 16, workingAgeTo: 59 },
  temporaryAssistance: { paperworkDays: 5, townshipCapMultiple: 3, countyCapMultiple: 12 },
};
export const AS_OF = '2026-06-15';

let n = 0;
export function member(over: Partial<AssistanceMember> = {}): AssistanceMember {
  n += 1;
  return {
    id: `m${n}`,
    relation: 'head',
    birthDate: '1980-01-01',
    situation: 'none',
    disability: null,
    seriousIllness: false,
    incomes: [],
    ...over,
  };
}
export const income = (kind: IncomeEntry['kind'], monthlyAmount: number): IncomeEntry => ({ kind, monthlyAmount });
