import type { Parent } from '@lq/contracts';
import { describe, expect, it } from 'vitest';
import { assessParent, type ChildRuleParams, classifyChild } from './classify.ts';

const R: ChildRuleParams = { adultAge: 18, leftBehindAge: 16, minRestrictionMonths: 6, minMissingMonths: 6 };
const AS_OF = '2026-06-15';
const parent = (role: Parent['role'], over: Partial<Parent> = {}): Parent => ({
  role,
  state: 'alive',
  disability: null,
  seriousIllness: false,
  workingAway: false,
  ...over,
});
const classify = (f: Partial<Parent>, m: Partial<Parent>, child: { birthDate?: string; rural?: boolean } = {}) =>
  classifyChild(
    { child: { birthDate: '2015-01-01', rural: true, ...child }, parents: [parent('father', f), parent('mother', m)] },
    AS_OF,
    R,
  ).category;

describe('parent situations (each alone)', () => {
  const table: [string, Partial<Parent>, boolean][] = [
    ['healthy, alive', {}, false],
    ['serious illness', { seriousIllness: true }, true],
    ['prison, term 6 months', { state: 'serving_sentence', termMonths: 6 }, true],
    ['prison, term 5 months', { state: 'serving_sentence', termMonths: 5 }, false],
    ['compulsory rehab, 24 months', { state: 'compulsory_rehab', termMonths: 24 }, true],
    ['compulsory rehab, 3 months', { state: 'compulsory_rehab', termMonths: 3 }, false],
    ['missing contact exactly 6 months on asOf', { state: 'missing', since: '2025-12-15' }, true],
    ['missing contact one day short of 6 months', { state: 'missing', since: '2025-12-16' }, false],
    ['declared missing by a court', { state: 'declared_missing' }, true],
    ['working away', { workingAway: true }, false],
  ];
  for (const [name, over, situation] of table)
    it(name, () => expect(assessParent(parent('father', over), AS_OF, R).situations.length > 0).toBe(situation));

  const grades: [NonNullable<Parent['disability']>['category'], boolean[]][] = [
    ['physical', [true, true, false, false]],
    ['visual', [true, true, false, false]],
    ['hearing', [true, true, false, false]],
    ['speech', [true, true, false, false]],
    ['multiple', [true, true, false, false]],
    ['mental', [true, true, true, true]],
    ['intellectual', [true, true, true, true]],
  ];
  for (const [category, byGrade] of grades)
    it(`disability ${category}, grades 1-4`, () => {
      byGrade.forEach((s, i) => {
        expect(assessParent(parent('mother', { disability: { category, grade: i + 1 } }), AS_OF, R).situations.length > 0).toBe(s);
      });
    });
  it('dead and declared dead are death, not situations', () => {
    expect(assessParent(parent('father', { state: 'dead' }), AS_OF, R)).toEqual({ gone: 'dead', situations: [] });
    expect(assessParent(parent('father', { state: 'declared_dead' }), AS_OF, R)).toEqual({ gone: 'dead', situations: [] });
  });
});

describe('categories from pairs of parents', () => {
  const dead = { state: 'dead' } as const;
  const declaredDead = { state: 'declared_dead' } as const;
  const declaredMissing = { state: 'declared_missing' } as const;
  const ill = { seriousIllness: true };
  const prison = { state: 'serving_sentence', termMonths: 12 } as const;
  const shortPrison = { state: 'serving_sentence', termMonths: 5 } as const;
  const lost = { state: 'missing', since: '2025-01-01' } as const;
  const lostRecently = { state: 'missing', since: '2026-03-01' } as const;
  const severe = { disability: { category: 'physical', grade: 1 } } as const;
  const away = { workingAway: true };
  const healthy = {};
  const table: [string, Partial<Parent>, Partial<Parent>, string][] = [
    ['both dead', dead, dead, 'orphan'],
    ['dead + declared dead', dead, declaredDead, 'orphan'],
    ['both declared dead', declaredDead, declaredDead, 'orphan'],
    ['dead + seriously ill', dead, ill, 'de_facto_unattended'],
    ['dead + prison 12 months', dead, prison, 'de_facto_unattended'],
    ['dead + prison 5 months', dead, shortPrison, 'none'],
    ['dead + lost contact over 6 months', dead, lost, 'de_facto_unattended'],
    ['dead + lost contact 3 months', dead, lostRecently, 'none'],
    ['dead + healthy', dead, healthy, 'none'],
    ['dead + healthy working away (rural, under 16)', dead, away, 'left_behind'],
    ['declared missing + severe disability', declaredMissing, severe, 'de_facto_unattended'],
    ['declared missing + healthy', declaredMissing, healthy, 'none'],
    ['declared missing + dead', declaredMissing, dead, 'de_facto_unattended'],
    ['both declared missing', declaredMissing, declaredMissing, 'de_facto_unattended'],
    ['both seriously ill', ill, ill, 'de_facto_unattended'],
    ['ill + prison', ill, prison, 'de_facto_unattended'],
    ['both lost contact', lost, lost, 'de_facto_unattended'],
    ['severe + healthy', severe, healthy, 'none'],
    ['both working away', away, away, 'left_behind'],
    ['one away, the other seriously ill', away, ill, 'left_behind'],
    ['one away, the other healthy at home', away, healthy, 'none'],
    ['one away, the other in prison 5 months (not a situation)', away, shortPrison, 'none'],
  ];
  for (const [name, f, m, category] of table) {
    it(`${name} -> ${category}`, () => {
      expect(classify(f, m)).toBe(category);
      expect(classify(m, f)).toBe(category);
    });
  }
  it('orphan and left behind at once: orphan (stronger protection first)', () => {
    expect(classify({ ...dead, workingAway: true }, { ...dead, workingAway: true })).toBe('orphan');
  });
  it('de facto unattended and left behind at once: de facto unattended', () => {
    expect(classify({ ...away, ...ill }, { ...away, ...ill })).toBe('de_facto_unattended');
  });
});

describe('ages exactly on the birthday', () => {
  it('18th birthday: no longer orphan or de facto unattended', () => {
    expect(classify({ state: 'dead' }, { state: 'dead' }, { birthDate: '2008-06-16' })).toBe('orphan');
    expect(classify({ state: 'dead' }, { state: 'dead' }, { birthDate: '2008-06-15' })).toBe('none');
    expect(classify({ seriousIllness: true }, { state: 'dead' }, { birthDate: '2008-06-16' })).toBe('de_facto_unattended');
    expect(classify({ seriousIllness: true }, { state: 'dead' }, { birthDate: '2008-06-15' })).toBe('none');
  });
  it('16th birthday: no longer left behind; urban children never', () => {
    expect(classify({ workingAway: true }, { workingAway: true }, { birthDate: '2010-06-16' })).toBe('left_behind');
    expect(classify({ workingAway: true }, { workingAway: true }, { birthDate: '2010-06-15' })).toBe('none');
    expect(classify({ workingAway: true }, { workingAway: true }, { rural: false })).toBe('none');
  });
  it('thresholds are parameters', () => {
    const r = { ...R, minMissingMonths: 3 };
    const c = classifyChild(
      {
        child: { birthDate: '2015-01-01', rural: false },
        parents: [parent('father', { state: 'dead' }), parent('mother', { state: 'missing', since: '2026-03-15' })],
      },
      AS_OF,
      r,
    );
    expect(c.category).toBe('de_facto_unattended');
    expect(c.reasons.map((x) => x.code)).toContain('DE_FACTO_UNATTENDED');
  });
});
