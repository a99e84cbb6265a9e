import type { Disability, Obligor } from '@lq/contracts';
import { describe, expect, it } from 'vitest';
import { careLevel, disabilityMeansNoWorkCapacity, evaluateTekun, obligorUnable, type TekunPerson, workCapacity } from './tekun.ts';
import { AS_OF, income, PARAMS } from './test-fixtures.ts';

const person = (over: Partial<TekunPerson> = {}): TekunPerson => ({
  birthDate: '1950-01-01',
  disability: null,
  incomes: [],
  assetsWithinLimits: true,
  ...over,
});

describe('rule 4: work capacity', () => {
  const ages: [string, string, Partial<TekunPerson>, boolean][] = [
    ['60 on the birthday', '1966-06-15', {}, true],
    ['59 the day before', '1966-06-16', {}, false],
    ['15 (under 16)', '2010-06-16', {}, true],
    ['16 on the birthday, new applicant', '2010-06-15', {}, false],
    ['17, already supported: continues to 18', '2009-01-01', { alreadySupported: true }, true],
    ['18 on the birthday, supported, not in school', '2008-06-15', { alreadySupported: true }, false],
    ['19, supported, in senior high', '2007-01-01', { alreadySupported: true, inSchool: true }, true],
    ['19, in school but never supported', '2007-01-01', { inSchool: true }, false],
  ];
  for (const [name, birthDate, over, none] of ages)
    it(name, () => expect(workCapacity(person({ birthDate, ...over }), AS_OF, PARAMS).none).toBe(none));

  const grades: [Disability['category'], boolean[]][] = [
    // grade 1..4 -> no work capacity?
    ['intellectual', [true, true, true, false]],
    ['mental', [true, true, true, false]],
    ['physical', [true, true, false, false]],
    ['visual', [true, false, false, false]],
    ['hearing', [false, false, false, false]],
    ['speech', [false, false, false, false]],
    ['multiple', [true, true, false, false]],
  ];
  for (const [category, byGrade] of grades)
    it(`${category} grades 1-4`, () => {
      byGrade.forEach((none, i) => {
        const d = { category, grade: i + 1 };
        expect(disabilityMeansNoWorkCapacity(d)).toBe(none);
        expect(workCapacity(person({ birthDate: '1980-01-01', disability: d }), AS_OF, PARAMS).none).toBe(none);
      });
    });
});

describe('rule 4: supporters unable', () => {
  const o = (over: Partial<Obligor>): Obligor => ({ relation: 'child', birthDate: '1980-01-01', ...over });
  const table: [string, Obligor, boolean][] = [
    ['able-bodied adult child, nothing declared', o({}), false],
    ['is 特困 himself', o({ isTekun: true }), true],
    ['60 on 低保', o({ birthDate: '1966-06-15', isDibaoRecipient: true }), true],
    ['59 on 低保', o({ birthDate: '1966-06-16', isDibaoRecipient: true }), false],
    [
      '70, income below per-capita disposable income, assets ok',
      o({ birthDate: '1956-06-15', annualIncome: 47_999.99, assetsWithinLimits: true }),
      true,
    ],
    [
      '70, income exactly the per-capita disposable income',
      o({ birthDate: '1956-06-15', annualIncome: 48_000, assetsWithinLimits: true }),
      false,
    ],
    ['70, low income, assets over', o({ birthDate: '1956-06-15', annualIncome: 10_000, assetsWithinLimits: false }), false],
    ['69, low income', o({ birthDate: '1956-06-16', annualIncome: 10_000, assetsWithinLimits: true }), false],
    ['70, income not declared', o({ birthDate: '1950-01-01', assetsWithinLimits: true }), false],
    [
      'grade 2 hearing, low income',
      o({ disability: { category: 'hearing', grade: 2 }, annualIncome: 10_000, assetsWithinLimits: true }),
      true,
    ],
    [
      'grade 3 mental, low income',
      o({ disability: { category: 'mental', grade: 3 }, annualIncome: 10_000, assetsWithinLimits: true }),
      true,
    ],
    [
      'grade 3 physical, low income',
      o({ disability: { category: 'physical', grade: 3 }, annualIncome: 10_000, assetsWithinLimits: true }),
      false,
    ],
    ['grade 1, high income', o({ disability: { category: 'physical', grade: 1 }, annualIncome: 90_000, assetsWithinLimits: true }), false],
    ['no civil capacity, assets ok', o({ incapacitated: true, assetsWithinLimits: true }), true],
    ['declared missing, assets ok', o({ declaredMissing: true, assetsWithinLimits: true }), true],
    ['in prison, assets ok', o({ inPrison: true, assetsWithinLimits: true }), true],
    ['in prison, assets over', o({ inPrison: true, assetsWithinLimits: false }), false],
  ];
  for (const [name, ob, unable] of table) it(name, () => expect(obligorUnable(ob, AS_OF, PARAMS).unable).toBe(unable));
});

describe('rule 4: care level from 6 self-care items', () => {
  const levels = ['self_care', 'partial', 'partial', 'partial', 'full', 'full', 'full'];
  for (const [items, level] of levels.entries()) {
    it(`${items} items unable -> ${level}`, () => expect(careLevel(items, PARAMS)).toBe(level));
  }
});

describe('rule 4: the three conditions together', () => {
  it('elderly, no income, no supporters: eligible, with care level and allowance', () => {
    const d = evaluateTekun(person(), [], 5, AS_OF, PARAMS);
    expect(d).toMatchObject({ eligible: true, careLevel: 'full', supportStandardFen: 130_000, careAllowanceFen: 100_000 });
    expect(d.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['NO_WORK_CAPACITY_AGE', 'NO_LIVELIHOOD', 'NO_OBLIGORS', 'TEKUN_ELIGIBLE']),
    );
  });
  it('income exactly S: has livelihood', () => {
    expect(evaluateTekun(person({ incomes: [income('pension', 1000)] }), [], 0, AS_OF, PARAMS).eligible).toBe(false);
    expect(evaluateTekun(person({ incomes: [income('pension', 999.99)] }), [], 0, AS_OF, PARAMS).eligible).toBe(true);
  });
  it('old-age allowance is not income for 特困', () => {
    expect(evaluateTekun(person({ incomes: [income('old_age_allowance', 2000)] }), [], 0, AS_OF, PARAMS).eligible).toBe(true);
  });
  it('assets over the 特困 limit: not eligible', () => {
    expect(evaluateTekun(person({ assetsWithinLimits: false }), [], 0, AS_OF, PARAMS).eligible).toBe(false);
  });
  it('one able supporter among unable ones: not eligible', () => {
    const obligors: Obligor[] = [
      { relation: 'child', birthDate: '1975-01-01', isTekun: true },
      { relation: 'child', birthDate: '1978-01-01' },
    ];
    expect(evaluateTekun(person(), obligors, 0, AS_OF, PARAMS).eligible).toBe(false);
    expect(evaluateTekun(person(), obligors.slice(0, 1), 0, AS_OF, PARAMS).eligible).toBe(true);
  });
  it('working-age adult without disability: not eligible', () => {
    expect(evaluateTekun(person({ birthDate: '1980-01-01' }), [], 0, AS_OF, PARAMS).eligible).toBe(false);
  });
  it('a minor who chose the children allowance is not 特困', () => {
    const d = evaluateTekun(person({ birthDate: '2015-01-01', choosesChildrenAllowance: true }), [], 0, AS_OF, PARAMS);
    expect(d.eligible).toBe(false);
    expect(d.reasons.map((r) => r.code)).toContain('CHOSE_CHILDREN_ALLOWANCE');
  });
});
