import { describe, expect, it } from 'vitest';
import { addMonths, ageOn } from './dates.ts';
import { emergencyAssistance, gradualExit, hardshipStatus, reviewIntervalMonths } from './hardship.ts';
import { PARAMS } from './test-fixtures.ts';

describe('rule 5: order of tests 特困 -> 低保 -> marginal -> rigid expense', () => {
  const base = {
    tekunEligible: false,
    dibaoDecision: 'none' as const,
    countedMembers: 2,
    countedMonthlyIncomeFen: 300_000,
    rigidExpensesLast12MonthsFen: 0,
  };
  it('特困 first, even when 低保 also applies', () => {
    expect(hardshipStatus({ ...base, tekunEligible: true, dibaoDecision: 'dibao' }, PARAMS).status).toBe('tekun');
  });
  it('低保 before marginal', () => expect(hardshipStatus({ ...base, dibaoDecision: 'dibao' }, PARAMS).status).toBe('dibao'));
  it('marginal before rigid expense', () =>
    expect(hardshipStatus({ ...base, dibaoDecision: 'marginal', rigidExpensesLast12MonthsFen: 9e9 }, PARAMS).status).toBe('marginal'));
  // Annual income 36 000 yuan (3 600 000 fen), 2 members: per-capita 18 000 < 48 000. Share 50% -> 1 800 000 fen.
  it('rigid expense strictly above the share of annual income', () => {
    expect(hardshipStatus({ ...base, rigidExpensesLast12MonthsFen: 1_800_001 }, PARAMS).status).toBe('rigid_expense');
    expect(hardshipStatus({ ...base, rigidExpensesLast12MonthsFen: 1_800_000 }, PARAMS).status).toBe('none');
  });
  it('rigid expense needs per-capita income below the per-capita disposable income', () => {
    // 2 members x 48 000 yuan = 96 000 / 12 = 8 000 yuan a month exactly: not below.
    expect(hardshipStatus({ ...base, countedMonthlyIncomeFen: 800_000, rigidExpensesLast12MonthsFen: 9e9 }, PARAMS).status).toBe('none');
    expect(hardshipStatus({ ...base, countedMonthlyIncomeFen: 799_999, rigidExpensesLast12MonthsFen: 9e9 }, PARAMS).status).toBe(
      'rigid_expense',
    );
  });
});

describe('渐退期 (gradual exit)', () => {
  it('seed default: 12 months after the month the rise was found, whatever its cause', () => {
    expect(gradualExit({ incomeRoseOn: '2026-03-15', fromEmployment: false }, PARAMS)).toMatchObject({ keeps: true, until: '2027-03-31' });
  });
  it('national variant as parameters: 6 months, employment only', () => {
    const p = { ...PARAMS, gradualExit: { months: 6, employmentOnly: true } };
    expect(gradualExit({ incomeRoseOn: '2026-03-15', fromEmployment: false }, p).keeps).toBe(false);
    expect(gradualExit({ incomeRoseOn: '2026-03-15', fromEmployment: true }, p)).toMatchObject({ keeps: true, until: '2026-09-30' });
  });
});

describe('dates', () => {
  it('age rises on the birthday; 29 February birthdays on 1 March in common years', () => {
    expect(ageOn('2008-06-15', '2026-06-14')).toBe(17);
    expect(ageOn('2008-06-15', '2026-06-15')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
  it('adds months, clamping to the month end', () => {
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', 6)).toBe('2026-07-15');
    expect(addMonths('2025-12-01', 1)).toBe('2026-01-01');
  });
});

describe('review interval and emergency assistance (parameters)', () => {
  it('yearly for stable families, 6 months with a working-age member (16-59) or irregular income', () => {
    expect(reviewIntervalMonths({ memberAges: [70, 15], irregularIncome: false }, PARAMS)).toBe(12);
    expect(reviewIntervalMonths({ memberAges: [70, 60], irregularIncome: false }, PARAMS)).toBe(12);
    expect(reviewIntervalMonths({ memberAges: [70, 59], irregularIncome: false }, PARAMS)).toBe(6);
    expect(reviewIntervalMonths({ memberAges: [70, 16], irregularIncome: false }, PARAMS)).toBe(6);
    expect(reviewIntervalMonths({ memberAges: [80], irregularIncome: true }, PARAMS)).toBe(6);
  });
  it('caps as multiples of S decide who grants; paperwork due N days after the help', () => {
    // S = 1000.00: township cap 3000.00, county cap 12000.00, 5 days.
    expect(emergencyAssistance({ amountFen: 300_000, helpedOn: '2026-12-29' }, PARAMS)).toEqual({
      grantedBy: 'township',
      townshipCapFen: 300_000,
      countyCapFen: 1_200_000,
      paperworkDue: '2027-01-03',
    });
    expect(emergencyAssistance({ amountFen: 300_001, helpedOn: '2026-12-29' }, PARAMS).grantedBy).toBe('county');
    expect(emergencyAssistance({ amountFen: 1_200_001, helpedOn: '2026-12-29' }, PARAMS).grantedBy).toBe('beyond_county_cap');
  });
});
