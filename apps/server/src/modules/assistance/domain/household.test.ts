import type { AssistanceMember, IncomeKind } from '@lq/contracts';
import { describe, expect, it } from 'vitest';
import { countedIncome, incomeCounted, membership } from './household.ts';
import { AS_OF, income, member, PARAMS } from './test-fixtures.ts';

describe('rule 1: who counts (relations are relative to the head)', () => {
  const cases: [string, Partial<AssistanceMember>, boolean, string][] = [
    ['head', { relation: 'head' }, true, 'MEMBER_COUNTED'],
    ['spouse', { relation: 'spouse' }, true, 'MEMBER_COUNTED'],
    ['minor child, 17 the day before the 18th birthday', { relation: 'child', birthDate: '2008-06-16' }, true, 'MEMBER_COUNTED_MINOR'],
    [
      'child on the 18th birthday, independent',
      { relation: 'child', birthDate: '2008-06-15' },
      false,
      'MEMBER_NOT_COUNTED_INDEPENDENT_ADULT',
    ],
    [
      'adult child in full-time education',
      { relation: 'child', birthDate: '2004-01-01', situation: 'full_time_student' },
      true,
      'MEMBER_COUNTED_DEPENDENT_ADULT',
    ],
    [
      'adult child with a grade 2 disability',
      { relation: 'child', birthDate: '1990-01-01', disability: { category: 'hearing', grade: 2 } },
      true,
      'MEMBER_COUNTED_DEPENDENT_ADULT',
    ],
    [
      'adult child with a grade 3 disability (lives independently)',
      { relation: 'child', birthDate: '1990-01-01', disability: { category: 'physical', grade: 3 } },
      false,
      'MEMBER_NOT_COUNTED_INDEPENDENT_ADULT',
    ],
    [
      'adult child with a grade 4 intellectual disability',
      { relation: 'child', birthDate: '1990-01-01', disability: { category: 'intellectual', grade: 4 } },
      true,
      'MEMBER_COUNTED_DEPENDENT_ADULT',
    ],
    [
      'adult child with a serious illness',
      { relation: 'child', birthDate: '1990-01-01', seriousIllness: true },
      true,
      'MEMBER_COUNTED_DEPENDENT_ADULT',
    ],
    [
      'adult child with a grade 4 visual disability',
      { relation: 'child', birthDate: '1990-01-01', disability: { category: 'visual', grade: 4 } },
      false,
      'MEMBER_NOT_COUNTED_INDEPENDENT_ADULT',
    ],
    ['parent', { relation: 'parent', birthDate: '1950-01-01' }, true, 'MEMBER_COUNTED_SUPPORT_DUTY'],
    ['grandparent', { relation: 'grandparent', birthDate: '1930-01-01' }, true, 'MEMBER_COUNTED_SUPPORT_DUTY'],
    ['minor grandchild', { relation: 'grandchild', birthDate: '2015-01-01' }, true, 'MEMBER_COUNTED_MINOR'],
    ['adult grandchild', { relation: 'grandchild', birthDate: '2000-01-01' }, false, 'MEMBER_NOT_COUNTED_INDEPENDENT_ADULT'],
    ['minor sibling', { relation: 'sibling', birthDate: '2012-01-01' }, true, 'MEMBER_COUNTED_MINOR'],
    ['other (no duty of support)', { relation: 'other' }, false, 'MEMBER_NOT_COUNTED_NO_DUTY'],
    ['spouse serving a sentence', { relation: 'spouse', situation: 'serving_sentence' }, false, 'MEMBER_EXCLUDED_SERVING_SENTENCE'],
    ['head in compulsory rehab', { relation: 'head', situation: 'compulsory_rehab' }, false, 'MEMBER_EXCLUDED_COMPULSORY_REHAB'],
    [
      'minor child declared missing',
      { relation: 'child', birthDate: '2015-01-01', situation: 'declared_missing' },
      false,
      'MEMBER_EXCLUDED_DECLARED_MISSING',
    ],
  ];
  for (const [name, over, counted, code] of cases)
    it(name, () => {
      const r = membership(member(over), AS_OF, PARAMS);
      expect(r.counted).toBe(counted);
      expect(r.reason.code).toBe(code);
      expect(r.reason.message).toMatch(/计入/);
    });
});

describe('rule 2: income kinds', () => {
  const table: [IncomeKind, boolean, boolean][] = [
    // kind, counted for 低保, counted for 特困
    ['wage', true, true],
    ['business', true, true],
    ['property', true, true],
    ['pension', true, true],
    ['family_support', true, true],
    ['other', true, true],
    ['preferential_care', false, false],
    ['family_planning_reward', false, false],
    ['scholarship', false, false],
    ['assistance', false, false],
    ['old_age_allowance', true, false],
    ['basic_pension_base', false, false],
  ];
  for (const [kind, dibao, tekun] of table)
    it(`${kind}: 低保 ${dibao ? 'counted' : 'not counted'}, 特困 ${tekun ? 'counted' : 'not counted'}`, () => {
      expect(incomeCounted(kind, AS_OF.replace('2026', '2025'), 'dibao', PARAMS).counted).toBe(dibao);
      expect(incomeCounted(kind, AS_OF.replace('2026', '2025'), 'tekun', PARAMS).counted).toBe(tekun);
    });

  it('basic_pension_base: excluded through 2025-12-31, after that per the parameter', () => {
    expect(incomeCounted('basic_pension_base', '2025-12-31', 'dibao', PARAMS).counted).toBe(false);
    expect(incomeCounted('basic_pension_base', '2026-01-01', 'dibao', PARAMS).counted).toBe(true);
    const stillExcluded = { basicPensionBase: { excludedUntil: '2025-12-31', excludedAfter: true } };
    expect(incomeCounted('basic_pension_base', '2026-01-01', 'dibao', stillExcluded).counted).toBe(false);
  });

  it('sums counted kinds in fen and names the excluded ones with their amount', () => {
    const r = countedIncome(
      [
        { incomes: [income('wage', 1000.1), income('scholarship', 500)] },
        { incomes: [income('scholarship', 0.25), income('pension', 0.2)] },
      ],
      AS_OF,
      'dibao',
      PARAMS,
    );
    expect(r.fen).toBe(100_030);
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0].code).toBe('INCOME_EXCLUDED_SCHOLARSHIP');
    expect(r.reasons[0].message).toContain('500.25');
  });
});
