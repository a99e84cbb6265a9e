import { describe, expect, it } from 'vitest';
import { VISIT_STATUSES } from './contracts.ts';
import { type FollowUpCandidate, inSample, selectFollowUps } from './followup.ts';

const many = (n: number, status: FollowUpCandidate['status'] = 'cleared'): FollowUpCandidate[] =>
  Array.from({ length: n }, (_, i) => ({ id: `visit-${i}`, status }));

describe('selectFollowUps', () => {
  it('same seed -> same picks; different seed -> different picks', () => {
    const vs = many(5000);
    const a = selectFollowUps(vs, { seed: '2024-05' });
    expect(
      selectFollowUps([...vs].reverse(), { seed: '2024-05' })
        .map((p) => p.visitId)
        .sort(),
    ).toEqual(a.map((p) => p.visitId).sort());
    expect(selectFollowUps(vs, { seed: '2024-06' })).not.toEqual(a);
  });
  it('adding visits does not change earlier picks', () => {
    const vs = many(3000);
    const a = new Set(selectFollowUps(vs.slice(0, 1000), { seed: 's' }).map((p) => p.visitId));
    const b = selectFollowUps(vs, { seed: 's' }).map((p) => p.visitId);
    expect(b.filter((id) => Number(id.split('-')[1]) < 1000)).toEqual([...a]);
  });
  it.each([
    [0, 0, 0],
    [1000, 0.085, 0.115],
    [2500, 0.23, 0.27],
    [10000, 1, 1],
  ])('share %i bp picks about the share', (shareBp, lo, hi) => {
    const share = selectFollowUps(many(10_000), { seed: 'x', shareBp }).length / 10_000;
    expect(share).toBeGreaterThanOrEqual(lo);
    expect(share).toBeLessThanOrEqual(hi);
  });
  it('default share is 10 %', () => {
    const n = selectFollowUps(many(10_000), { seed: 'x' }).length;
    expect(n).toBeGreaterThan(850);
    expect(n).toBeLessThan(1150);
  });
  it.each(VISIT_STATUSES.map((s) => [s, ['checked_out', 'confirmed', 'flagged', 'cleared', 'settled'].includes(s)] as const))(
    'status %s finished=%s',
    (status, finished) => {
      expect(selectFollowUps(many(50, status), { seed: 's', shareBp: 10_000 }).length).toBe(finished ? 50 : 0);
    },
  );
  it('all complained visits are included, reason complaint, whatever the sample', () => {
    const vs = many(200);
    const complained = new Set(['visit-3', 'visit-77', 'visit-150']);
    const picks = selectFollowUps(vs, { seed: 's', shareBp: 0, complainedVisitIds: complained });
    expect(picks).toEqual([...complained].map((visitId) => ({ visitId, reason: 'complaint' })));
    const withSample = selectFollowUps(vs, { seed: 's', shareBp: 5000, complainedVisitIds: complained });
    expect(withSample.filter((p) => p.reason === 'complaint').map((p) => p.visitId)).toEqual([...complained]);
    expect(withSample.filter((p) => p.reason === 'sample').every((p) => inSample('s', p.visitId, 5000) && !complained.has(p.visitId))).toBe(
      true,
    );
  });
  it('duplicates are picked once; bad parameters throw', () => {
    expect(selectFollowUps([...many(3), ...many(3)], { seed: 's', shareBp: 10_000 })).toHaveLength(3);
    expect(() => selectFollowUps([], { seed: 's', shareBp: 10_001 })).toThrow(RangeError);
    expect(() => selectFollowUps([], { seed: '' })).toThrow(/seed/);
  });
});
