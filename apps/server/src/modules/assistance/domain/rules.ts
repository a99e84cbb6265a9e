/**
 * Shared vocabulary of the assistance rules: the parameter values a decision uses (money in
 * integer fen) and the reasons it gives (code, Chinese sentence, the values it relied on).
 */

/** Version of the rule code; the parameter versions used are appended to it in each decision. */
export const ASSISTANCE_RULES_VERSION = 'lq-assistance-rules/1';

export type RoundingMode = 'fen' | 'yuan_half_up' | 'yuan_up' | 'yuan_down';

export interface TekunThresholds {
  /** Age from which a person has no work capacity (60). */
  elderAge: number;
  /** Under this age no work capacity (16). */
  minorAge: number;
  /** Support of a person already supported continues to this age (18), and beyond while in school. */
  supportUntilAge: number;
  /** A supporter this old on 低保 is unable (60). */
  obligorDibaoAge: number;
  /** A supporter this old with income below the per-capita disposable income is unable (70). */
  obligorElderAge: number;
  /** Self-care items unable (of 6) from which the care level is partial (1) and full (4). */
  partialFromItems: number;
  fullFromItems: number;
}

export interface AssistanceRuleParams {
  /** 低保 standard S, fen per person-month. */
  dibaoStandardFen: number;
  /** k in "per-capita income < k x S" (低保边缘), e.g. 1.5. */
  marginalMultiple: number;
  /** Last year's local per-capita disposable income, fen per year. */
  perCapitaDisposableIncomeFen: number;
  /** basic_pension_base is not income through excludedUntil; after that day it is excluded iff excludedAfter. */
  basicPensionBase: { excludedUntil: string; excludedAfter: boolean };
  rounding: RoundingMode;
  /** Age of majority for household membership and the single-application rule (18). */
  adultAge: number;
  tekun: TekunThresholds;
  /** 特困 basic support standard as a multiple of S (1.3). */
  tekunSupportMultiple: number;
  /** Care allowance per care level, fen per month. */
  careAllowanceFen: { self_care: number; partial: number; full: number };
  gradualExit: { months: number; employmentOnly: boolean };
  rigidExpense: { shareOfIncome: number; validMonths: number };
  /** Kinds of rigid disability / serious-illness costs deducted from household income. */
  rigidCostDeduction: { kinds: string[] };
  /** Review intervals (months): stable families, families with working-age members or irregular income; working age range. */
  review: { stableMonths: number; variableMonths: number; workingAgeFrom: number; workingAgeTo: number };
  /** Emergency temporary assistance: paperwork completed within N days; township and county caps as multiples of S. */
  temporaryAssistance: { paperworkDays: number; townshipCapMultiple: number; countyCapMultiple: number };
}

export interface Reason {
  code: string;
  message: string;
  values?: Record<string, string | number | boolean>;
}

/** Fen as yuan with 2 decimals, for messages ("1050.00"). */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
export const fenToYuan = (fen: number): number => Math.round(fen) / 100;
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);

/** A multiple as an integer in 1/10000 (1.5 -> 15000), so comparisons stay in integers. */
export const toBp = (multiple: number): number => Math.round(multiple * 10_000);

/** Rounds an amount in fen per the rounding parameter (the amount is computed on the household total first). */
export function roundAmount(fen: number, mode: RoundingMode): number {
  switch (mode) {
    case 'fen':
      return fen;
    case 'yuan_half_up':
      return Math.floor((fen + 50) / 100) * 100;
    case 'yuan_up':
      return Math.ceil(fen / 100) * 100;
    case 'yuan_down':
      return Math.floor(fen / 100) * 100;
  }
}

/** Integer division rounded half up (per-capita income in fen). */
export const divRound = (a: number, b: number): number => Math.floor((2 * a + b) / (2 * b));

export const SEVERE_GRADES = 2;
export const MENTAL_OR_INTELLECTUAL = new Set(['mental', 'intellectual']);
