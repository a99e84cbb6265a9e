import { describe, expect, it } from 'vitest';
import { generateHomeCareProblem, type HomeCareProblem, solveHomeCare } from '../src/index.ts';
import { Rng } from '../src/rng.ts';
import { checkHomeCareSolution } from './checker.ts';

/** Random small problems mixing every feature; some visits are impossible on purpose. */
function randomProblem(seed: number): HomeCareProblem {
  const rng = new Rng(seed * 7919);
  const p = generateHomeCareProblem({ seed, visits: 8 + rng.int(20), caregivers: 1 + rng.int(5), radiusKm: 3 + rng.int(8) });
  for (const v of p.visits) {
    const r = rng.next();
    if (r < 0.05) v.requiredSkills = ['astronaut'];
    else if (r < 0.1) v.timeWindow = { start: 21 * 60, end: 22 * 60 };
    else if (r < 0.15) v.duration = 400;
    if (rng.next() < 0.15) v.softTimeWindow = true;
  }
  for (const c of p.caregivers) {
    if (rng.next() < 0.1) c.unavailable = true;
    if (rng.next() < 0.3) c.maxWorkMinutes = 60 + rng.int(200);
    if (rng.next() < 0.3) c.break = { start: 12 * 60, end: 13 * 60 + rng.int(60), duration: 30 + rng.int(31) };
  }
  if (seed % 3 === 0) p.timeWindows = 'soft';
  if (seed % 4 === 0) {
    // same problem on an explicit (asymmetric) travel matrix
    const points: { lat: number; lng: number }[] = [];
    const idx = (l: unknown) => {
      points.push(l as { lat: number; lng: number });
      return points.length - 1;
    };
    for (const c of p.caregivers) {
      c.start = idx(c.start);
      c.end = idx(c.end ?? c.start);
    }
    for (const v of p.visits) v.location = idx(v.location);
    const matrix = points.map(() => points.map(() => 0));
    for (let a = 0; a < points.length; a++)
      for (let b = 0; b < points.length; b++)
        if (a !== b) matrix[a][b] = 2 + Math.round(60 * Math.hypot(points[a].lat - points[b].lat, points[a].lng - points[b].lng) * 100) / 100 + (a < b ? 1 : 0);
    p.travel = { matrix };
  }
  return p;
}

describe('property: random small home-care problems', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`seed ${seed}`, () => {
      const p = randomProblem(seed);
      const sol = solveHomeCare(p, { iterations: 150 + (seed % 5) * 50, seed });
      expect(checkHomeCareSolution(p, sol)).toEqual([]);
      const served = new Set(sol.routes.flatMap((r) => r.stops.map((s) => s.visitId)));
      for (const v of p.visits) {
        const u = sol.unserved.find((x) => x.visitId === v.id);
        expect(served.has(v.id) !== (u !== undefined)).toBe(true);
        if (v.requiredSkills?.includes('astronaut')) expect(u?.reason).toBe('NO_SKILLED_CAREGIVER');
        if (v.timeWindow.start >= 21 * 60 && u?.reason !== 'NO_SKILLED_CAREGIVER' && u?.reason !== 'NO_ELIGIBLE_CAREGIVER')
          expect(u?.reason).toBe('OUTSIDE_ALL_SHIFTS');
      }
      // deterministic for seed + iterations
      const again = solveHomeCare(p, { iterations: 150 + (seed % 5) * 50, seed });
      expect(again.routes).toEqual(sol.routes);
    });
  }
});

describe('the independent checker catches broken plans', () => {
  const p = randomProblem(5);
  const sol = solveHomeCare(p, { iterations: 200, seed: 5 });
  const route = sol.routes.find((r) => r.stops.length >= 2);
  it('has a plan to corrupt', () => {
    expect(route).toBeDefined();
    expect(checkHomeCareSolution(p, sol)).toEqual([]);
  });
  const mutate = (f: (s: typeof sol, prob: HomeCareProblem) => void) => {
    const copy = structuredClone(sol);
    const prob = structuredClone(p);
    f(copy, prob);
    return checkHomeCareSolution(prob, copy);
  };
  const ri = sol.routes.indexOf(route as (typeof sol.routes)[number]);
  it('missing visit', () => expect(mutate((s) => s.routes[ri].stops.pop()).join()).toMatch(/appears 0 times/));
  it('swapped order breaks timing', () =>
    expect(
      mutate((s) => {
        const st = s.routes[ri].stops;
        [st[0], st[1]] = [st[1], st[0]];
      }).length,
    ).toBeGreaterThan(0));
  it('unskilled caregiver', () =>
    expect(
      mutate((s, prob) => {
        const v = prob.visits.find((x) => x.id === s.routes[ri].stops[0].visitId);
        if (v) v.requiredSkills = ['nobody-has-this'];
      }).join(),
    ).toMatch(/lacks skill/));
  it('wrong cost', () => expect(mutate((s) => (s.cost.travel += 1)).join()).toMatch(/cost\.travel/));
});
