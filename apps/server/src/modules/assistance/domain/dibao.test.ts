import type { AssistanceMember } from '@lq/contracts';
import { describe, expect, it } from 'vitest';
import { decide, evaluateHousehold, evaluateSingleApplication } from './dibao.ts';
import { roundAmount } from './rules.ts';
import { AS_OF, income, member, PARAMS } from './test-fixtures.ts';

// S = 1000.00 yuan (100 000 fen), k = 1.5 in these tables.
const codes = (rs: { code: string }[]) => rs.map((r) => r.code);

describe('rule 3: 低保 and marginal boundaries (strictly below, on totals)', () => {
  const table: [string, number, number, 'dibao' | 'marginal' | 'none', number][] = [
    // name, members, household income fen, decision, amount fen
    ['no income', 3, 0, 'dibao', 300_000],
    ['one fen below S x n', 3, 299_999, 'dibao', 1],
    ['exactly S per capita is not eligible', 3, 300_000, 'marginal', 0],
    ['one fen below 1.5 x S x n', 3, 449_999, 'marginal', 0],
    ['exactly 1.5 x S per capita is not marginal', 3, 450_000, 'none', 0],
    ['above', 2, 400_000, 'none', 0],
    ['per-capita 999.999...: 2999.99 over 3 rounds to 1000.00 yet is below', 3, 299_999, 'dibao', 1],
  ];
  for (const [name, n, fen, decision, amount] of table)
    it(name, () => {
      const d = decide(n, fen, true, PARAMS);
      expect(d.decision).toBe(decision);
      expect(d.monthlyAmountFen).toBe(amount);
    });

  it('assets over the limit: none, for 低保 and marginal alike', () => {
    expect(decide(2, 0, false, PARAMS)).toMatchObject({ decision: 'none', monthlyAmountFen: 0, reason: { code: 'ASSETS_OVER_LIMIT' } });
    expect(decide(2, 250_000, false, PARAMS).decision).toBe('none');
  });

  it('no counted member: none with a reason', () => {
    expect(decide(0, 0, true, PARAMS)).toMatchObject({ decision: 'none', reason: { code: 'NO_COUNTED_MEMBERS' } });
  });

  it('marginal multiple as a parameter (k = 2)', () => {
    expect(decide(1, 199_999, true, { ...PARAMS, marginalMultiple: 2 }).decision).toBe('marginal');
    expect(decide(1, 200_000, true, { ...PARAMS, marginalMultiple: 2 }).decision).toBe('none');
  });
});

describe('rule 3: amount = S x n - income, computed on the total then rounded', () => {
  it('rounding modes', () => {
    expect(roundAmount(12_345, 'fen')).toBe(12_345);
    expect(roundAmount(12_345, 'yuan_up')).toBe(12_400);
    expect(roundAmount(12_300, 'yuan_up')).toBe(12_300);
    expect(roundAmount(12_349, 'yuan_half_up')).toBe(12_300);
    expect(roundAmount(12_350, 'yuan_half_up')).toBe(12_400);
    expect(roundAmount(12_399, 'yuan_down')).toBe(12_300);
  });
  it('never per capita first: 3 members, S 1000.01, income 0.01 -> 3000.02 (per-capita rounding would give 3000.03)', () => {
    const d = decide(3, 1, true, { ...PARAMS, dibaoStandardFen: 100_001 });
    expect(d.monthlyAmountFen).toBe(300_002);
    expect(decide(3, 1, true, { ...PARAMS, dibaoStandardFen: 100_001, rounding: 'yuan_up' }).monthlyAmountFen).toBe(300_100);
  });
});

describe('household evaluation', () => {
  it('counts members and their counted income only; excluded kinds and members are explained', () => {
    const h = {
      assetsWithinLimits: true,
      members: [
        member({ relation: 'head', incomes: [income('wage', 1500), income('preferential_care', 800)] }),
        member({ relation: 'spouse', situation: 'serving_sentence', incomes: [income('wage', 3000)] }),
        member({ relation: 'child', birthDate: '2012-03-01', incomes: [income('scholarship', 100)] }),
        member({ relation: 'child', birthDate: '1999-03-01', incomes: [income('wage', 6000)] }),
      ],
    };
    const d = evaluateHousehold(h, AS_OF, PARAMS);
    expect(d).toMatchObject({ decision: 'dibao', countedMembers: 2, countedMonthlyIncomeFen: 150_000, perCapitaIncomeFen: 75_000 });
    expect(d.monthlyAmountFen).toBe(50_000);
    expect(codes(d.reasons)).toEqual(
      expect.arrayContaining([
        'MEMBER_EXCLUDED_SERVING_SENTENCE',
        'MEMBER_NOT_COUNTED_INDEPENDENT_ADULT',
        'INCOME_EXCLUDED_PREFERENTIAL_CARE',
        'INCOME_EXCLUDED_SCHOLARSHIP',
        'DIBAO_ELIGIBLE',
      ]),
    );
  });
  it('rigid costs of disability or serious illness in the parameter list are deducted (never below 0); others are not', () => {
    const h = {
      assetsWithinLimits: true,
      members: [
        member({
          incomes: [income('wage', 1200)],
          rigidCosts: [
            { kind: 'serious_illness_medical', monthlyAmount: 150 },
            { kind: 'travel', monthlyAmount: 500 },
          ],
        }),
        member({ relation: 'other', rigidCosts: [{ kind: 'disability_rehabilitation', monthlyAmount: 900 }] }),
      ],
    };
    const d = evaluateHousehold(h, AS_OF, PARAMS);
    expect(d).toMatchObject({ decision: 'marginal', countedMembers: 1, countedMonthlyIncomeFen: 105_000 });
    expect(codes(d.reasons)).toEqual(expect.arrayContaining(['RIGID_COSTS_DEDUCTED', 'RIGID_COSTS_NOT_DEDUCTIBLE']));
    const all = evaluateHousehold(
      {
        assetsWithinLimits: true,
        members: [member({ incomes: [income('wage', 100)], rigidCosts: [{ kind: 'disability_rehabilitation', monthlyAmount: 900 }] })],
      },
      AS_OF,
      PARAMS,
    );
    expect(all).toMatchObject({ decision: 'dibao', countedMonthlyIncomeFen: 0, monthlyAmountFen: 100_000 });
  });

  it('only excluded members: none with NO_COUNTED_MEMBERS', () => {
    const d = evaluateHousehold({ assetsWithinLimits: true, members: [member({ situation: 'declared_missing' })] }, AS_OF, PARAMS);
    expect(d).toMatchObject({ decision: 'none', countedMembers: 0, monthlyAmountFen: 0 });
    expect(codes(d.reasons)).toContain('NO_COUNTED_MEMBERS');
  });
});

describe('单独列户 (single application, seed rule)', () => {
  // Family of 3 (the applicant counts when he is a minor or cannot live independently) with 4200
  // yuan: per-capita 1400 -> marginal (in difficulty). With 4800: 1600 -> not in difficulty.
  const family = (applicant: Partial<AssistanceMember>, familyIncome: number) => {
    const a = member({ relation: 'child', ...applicant });
    return {
      id: a.id,
      h: {
        assetsWithinLimits: true,
        members: [
          member({ relation: 'head', birthDate: '1960-01-01', incomes: [income('pension', familyIncome)] }),
          member({ relation: 'spouse' }),
          a,
        ],
      },
    };
  };
  const cases: [string, Partial<AssistanceMember>, number, 'dibao' | 'none', string][] = [
    [
      'seriously ill member of a marginal family',
      { birthDate: '1990-01-01', seriousIllness: true },
      4200,
      'dibao',
      'SINGLE_GROUND_DIFFICULT_FAMILY',
    ],
    [
      'grade 2 visual disability, marginal family',
      { birthDate: '1990-01-01', disability: { category: 'visual', grade: 2 }, incomes: [income('wage', 100)] },
      4200,
      'dibao',
      'SINGLE_GROUND_DIFFICULT_FAMILY',
    ],
    [
      'adult with grade 3 mental disability, marginal family',
      { birthDate: '1990-01-01', disability: { category: 'mental', grade: 3 } },
      4200,
      'dibao',
      'SINGLE_GROUND_DIFFICULT_FAMILY',
    ],
    [
      'adult with grade 4 intellectual disability, marginal family',
      { birthDate: '1990-01-01', disability: { category: 'intellectual', grade: 4 } },
      4200,
      'dibao',
      'SINGLE_GROUND_DIFFICULT_FAMILY',
    ],
    [
      'minor (17) with grade 3 intellectual disability: only adults qualify',
      { birthDate: '2008-06-16', disability: { category: 'intellectual', grade: 3 } },
      4200,
      'none',
      'SINGLE_NOT_ALLOWED',
    ],
    [
      'adult on the 18th birthday with grade 3 intellectual disability',
      { birthDate: '2008-06-15', disability: { category: 'intellectual', grade: 3 } },
      4200,
      'dibao',
      'SINGLE_GROUND_DIFFICULT_FAMILY',
    ],
    [
      'grade 3 physical disability does not qualify',
      { birthDate: '1990-01-01', disability: { category: 'physical', grade: 3 } },
      4200,
      'none',
      'SINGLE_NOT_ALLOWED',
    ],
    [
      'grade 4 hearing disability does not qualify',
      { birthDate: '1990-01-01', disability: { category: 'hearing', grade: 4 } },
      4200,
      'none',
      'SINGLE_NOT_ALLOWED',
    ],
    [
      'grade 3 speech disability does not qualify',
      { birthDate: '1990-01-01', disability: { category: 'speech', grade: 3 } },
      4200,
      'none',
      'SINGLE_NOT_ALLOWED',
    ],
    [
      'grade 4 visual disability does not qualify',
      { birthDate: '1990-01-01', disability: { category: 'visual', grade: 4 } },
      4200,
      'none',
      'SINGLE_NOT_ALLOWED',
    ],
    [
      'seriously ill, family above the marginal line',
      { birthDate: '1990-01-01', seriousIllness: true },
      4800,
      'none',
      'SINGLE_NOT_ALLOWED',
    ],
    [
      'adult grade 3 mental, family above the marginal line',
      { birthDate: '1990-01-01', disability: { category: 'mental', grade: 3 } },
      4800,
      'none',
      'SINGLE_NOT_ALLOWED',
    ],
    [
      'unemployed adult with grade 1 disability, family above the line',
      { birthDate: '1990-01-01', disability: { category: 'physical', grade: 1 } },
      9000,
      'dibao',
      'SINGLE_GROUND_SEVERE_UNEMPLOYED_ADULT',
    ],
    [
      'employed adult with grade 1 disability, family above the line',
      { birthDate: '1990-01-01', disability: { category: 'physical', grade: 1 }, incomes: [income('wage', 500)] },
      9000,
      'none',
      'SINGLE_NOT_ALLOWED',
    ],
    [
      'eligible ground but own income not below S (exactly S)',
      { birthDate: '1990-01-01', seriousIllness: true, incomes: [income('pension', 1000)] },
      3200,
      'none',
      'SINGLE_INCOME_NOT_BELOW_STANDARD',
    ],
    [
      'member serving a sentence cannot apply',
      { birthDate: '1990-01-01', seriousIllness: true, situation: 'serving_sentence' },
      4200,
      'none',
      'SINGLE_APPLICANT_EXCLUDED',
    ],
  ];
  for (const [name, applicant, familyIncome, decision, code] of cases)
    it(name, () => {
      const { id, h } = family(applicant, familyIncome);
      const d = evaluateSingleApplication(h, id, AS_OF, PARAMS);
      expect(d.decision).toBe(decision);
      expect(codes(d.reasons)).toContain(code);
      if (decision === 'dibao') {
        expect(d.countedMembers).toBe(1);
        expect(d.monthlyAmountFen).toBe(100_000 - d.countedMonthlyIncomeFen);
        expect(codes(d.reasons)).toContain('SINGLE_DIBAO_ELIGIBLE');
      } else expect(d.monthlyAmountFen).toBe(0);
    });

  it('support from siblings or parents 60+ may be exempted for a severely disabled unemployed adult (recorded)', () => {
    const { id, h } = family(
      { birthDate: '1990-01-01', disability: { category: 'visual', grade: 1 }, incomes: [income('family_support', 1200)] },
      9000,
    );
    expect(evaluateSingleApplication(h, id, AS_OF, PARAMS).decision).toBe('none');
    const d = evaluateSingleApplication(h, id, AS_OF, PARAMS, { exemptSupportFromSiblingsOrElderlyParents: true });
    expect(d).toMatchObject({ decision: 'dibao', countedMonthlyIncomeFen: 0, monthlyAmountFen: 100_000 });
    expect(codes(d.reasons)).toContain('SINGLE_SUPPORT_EXEMPTED');
  });
});
