import { describe, expect, it } from 'vitest';
import {
  type Caregiver,
  type HomeCareProblem,
  type HomeCareSolution,
  HomeCareValidationError,
  solveHomeCare,
  type Visit,
} from '../src/index.ts';
import { checkHomeCareSolution } from './checker.ts';

/**
 * Small problems on a travel matrix (minutes). Each test is built so that a
 * solver ignoring the rule would return a different (cheaper) answer.
 */
const H = (h: number, m = 0) => h * 60 + m;

/** symmetric matrix from points on a line: travel = |a - b| minutes */
function lineMatrix(pos: number[]): number[][] {
  return pos.map((a) => pos.map((b) => Math.abs(a - b)));
}

function cg(id: string, loc: number, extra: Partial<Caregiver> = {}): Caregiver {
  return { id, start: loc, shift: { start: H(8), end: H(18) }, skills: [], ...extra };
}

function visit(id: string, loc: number, extra: Partial<Visit> = {}): Visit {
  return { id, location: loc, timeWindow: { start: H(8), end: H(17) }, duration: 30, ...extra };
}

function solve(p: HomeCareProblem, iterations = 300): HomeCareSolution {
  const sol = solveHomeCare(p, { iterations, seed: 1 });
  expect(checkHomeCareSolution(p, sol)).toEqual([]);
  return sol;
}

const who = (sol: HomeCareSolution, visitId: string) => sol.routes.find((r) => r.stops.some((s) => s.visitId === visitId))?.caregiverId;
const reason = (sol: HomeCareSolution, visitId: string) => sol.unserved.find((u) => u.visitId === visitId)?.reason;

// locations: 0 and 1 close together, 2 far away
const M = lineMatrix([0, 5, 40]);

describe('home-care rules', () => {
  it('skills: a visit goes only to a caregiver with every required skill', () => {
    const p: HomeCareProblem = {
      caregivers: [cg('A', 0, { skills: ['personal-care'] }), cg('B', 2, { skills: ['personal-care', 'nursing'] })],
      visits: [visit('v1', 1, { requiredSkills: ['nursing'] })],
      travel: { matrix: M },
    };
    expect(who(solve(p), 'v1')).toBe('B');
    const none = solve({ ...p, visits: [visit('v1', 1, { requiredSkills: ['wound-care'] })] });
    expect(reason(none, 'v1')).toBe('NO_SKILLED_CAREGIVER');
  });

  it('shifts: visits are only served inside a caregiver shift', () => {
    const p: HomeCareProblem = {
      caregivers: [cg('A', 0, { shift: { start: H(8), end: H(10) } }), cg('B', 2)],
      visits: [visit('v1', 1, { timeWindow: { start: H(14), end: H(15) } }), visit('v2', 1, { timeWindow: { start: H(19), end: H(20) } })],
      travel: { matrix: M },
    };
    const sol = solve(p);
    expect(who(sol, 'v1')).toBe('B');
    expect(reason(sol, 'v2')).toBe('OUTSIDE_ALL_SHIFTS');
    const a = sol.routes.find((r) => r.caregiverId === 'A');
    expect(a?.stops).toEqual([]);
  });

  it('breaks: the break is placed in its window and never overlaps a visit', () => {
    const p: HomeCareProblem = {
      caregivers: [cg('A', 0, { skills: ['x'], break: { start: H(12), end: H(13), duration: 60 } }), cg('B', 2)],
      visits: [
        visit('v1', 1, { timeWindow: { start: H(11, 30), end: H(11, 30) }, duration: 60 }),
        // v2 and v3 can only be done by A, around its break
        visit('v2', 1, { timeWindow: { start: H(9), end: H(10) }, duration: 30, requiredSkills: ['x'] }),
        visit('v3', 1, { timeWindow: { start: H(13), end: H(16) }, duration: 30, requiredSkills: ['x'] }),
      ],
      travel: { matrix: M },
    };
    const sol = solve(p);
    // v1 runs 11:30-12:30, across A's only possible break 12:00-13:00
    expect(who(sol, 'v1')).toBe('B');
    const a = sol.routes.find((r) => r.caregiverId === 'A');
    expect(a?.stops.map((s) => s.visitId)).toEqual(['v2', 'v3']);
    expect(a?.break).toMatchObject({ start: H(12), end: H(13) });
    for (const s of a?.stops ?? []) expect(s.end <= H(12) || s.start >= H(13)).toBe(true);
  });

  it('end location: the day ends at the caregiver end place, within the shift', () => {
    const p: HomeCareProblem = {
      caregivers: [cg('A', 0, { end: 2, shift: { start: H(8), end: H(9) } })],
      visits: [visit('v1', 1)],
      travel: { matrix: M },
    };
    // 5 + 30 + 35 = 70 minutes > 60 minute shift (with end = start it would be 40)
    expect(reason(solve(p), 'v1')).toBe('TIME_WINDOW_UNREACHABLE');
    const longer = solve({ ...p, caregivers: [cg('A', 0, { end: 2, shift: { start: H(8), end: H(9, 10) } })] });
    expect(longer.routes[0].arrival).toBeCloseTo(H(9, 10), 6);
    expect(longer.routes[0].travelMinutes).toBe(40);
  });

  it('time windows: hard by default, soft with a lateness cost when asked', () => {
    const far = lineMatrix([0, 60]);
    const p: HomeCareProblem = {
      caregivers: [cg('A', 0)],
      visits: [visit('v1', 1, { timeWindow: { start: H(8), end: H(8, 30) } })],
      travel: { matrix: far },
    };
    const hard = solve(p);
    expect(reason(hard, 'v1')).toBe('TIME_WINDOW_UNREACHABLE');
    const soft = solve({ ...p, timeWindows: 'soft', weights: { lateness: 3 } });
    expect(soft.unserved).toEqual([]);
    expect(soft.routes[0].stops[0].lateness).toBe(30);
    expect(soft.cost.lateness).toBe(90);
    // per-visit override
    const perVisit = solve({ ...p, visits: [visit('v1', 1, { timeWindow: { start: H(8), end: H(8, 30) }, softTimeWindow: true })] });
    expect(perVisit.routes[0].stops[0].start).toBe(H(9));
  });

  it('maximum working time: travel + visits never exceed it', () => {
    const p: HomeCareProblem = {
      caregivers: [cg('A', 0, { maxWorkMinutes: 100 }), cg('B', 2)],
      visits: [visit('v1', 1, { duration: 45 }), visit('v2', 1, { duration: 45 })],
      travel: { matrix: M },
    };
    // both on A: 5 + 45 + 45 + 5 = 100 minutes, the cheapest plan
    const sol = solve(p);
    expect(sol.routes[0].stops).toHaveLength(2);
    const tight = solve({ ...p, caregivers: [cg('A', 0, { maxWorkMinutes: 99 }), cg('B', 2)] });
    expect(tight.unserved).toEqual([]);
    expect(tight.routes[0].stops.length).toBeLessThan(2);
    const tiny = solve({ ...p, caregivers: [cg('A', 0, { maxWorkMinutes: 30 })] });
    expect(tiny.unserved.map((u) => u.reason)).toEqual(['MAX_WORK_TIME', 'MAX_WORK_TIME']);
  });

  it('continuity: the preferred caregiver is used unless it costs more than the preference weight', () => {
    const m = lineMatrix([0, 5, 12]);
    const p: HomeCareProblem = {
      caregivers: [cg('A', 0), cg('B', 2)],
      visits: [visit('v1', 1, { preferredCaregiver: 'B' })],
      travel: { matrix: m },
      weights: { imbalance: 0 },
    };
    // A: 10 min round trip, B: 14 min; preference weight 30 > 4
    expect(who(solve(p), 'v1')).toBe('B');
    expect(who(solve({ ...p, weights: { imbalance: 0, preference: 0 } }), 'v1')).toBe('A');
    expect(who(solve({ ...p, weights: { imbalance: 0, preference: 3 } }), 'v1')).toBe('A');
  });

  it('priority: when not everything fits, lower-priority visits are left out', () => {
    const m = lineMatrix([0, 5, 10]);
    const p: HomeCareProblem = {
      caregivers: [cg('A', 0)],
      visits: [
        visit('low', 1, { timeWindow: { start: H(9), end: H(9) }, duration: 60, priority: 1 }),
        visit('high', 2, { timeWindow: { start: H(9), end: H(9) }, duration: 60, priority: 3 }),
      ],
      travel: { matrix: m },
    };
    const sol = solve(p);
    expect(who(sol, 'high')).toBe('A');
    expect(reason(sol, 'low')).toBe('NO_FEASIBLE_INSERTION');
    expect(sol.cost.unserved).toBe(1000);
    const swapped = solve({
      ...p,
      visits: [
        visit('low', 1, { timeWindow: { start: H(9), end: H(9) }, duration: 60, priority: 5 }),
        visit('high', 2, { timeWindow: { start: H(9), end: H(9) }, duration: 60, priority: 3 }),
      ],
    });
    expect(who(swapped, 'low')).toBe('A');
  });

  it('unprofitable visits are reported as such', () => {
    const m = lineMatrix([0, 300]);
    const sol = solve({
      caregivers: [cg('A', 0, { shift: { start: 0, end: 24 * 60 } })],
      visits: [visit('v1', 1, { timeWindow: { start: 0, end: H(20) } })],
      travel: { matrix: m },
      weights: { unserved: 100, imbalance: 0 },
    });
    expect(reason(sol, 'v1')).toBe('NOT_PROFITABLE');
  });

  it('workload balance: a high imbalance weight spreads visits over caregivers', () => {
    const m = lineMatrix([0, 30, 31]);
    const vs = [visit('v1', 1), visit('v2', 1), visit('v3', 2), visit('v4', 2)];
    const base: HomeCareProblem = { caregivers: [cg('A', 0), cg('B', 0)], visits: vs, travel: { matrix: m } };
    const counts = (s: HomeCareSolution) => s.routes.map((r) => r.stops.length).sort();
    expect(counts(solve({ ...base, weights: { imbalance: 0 } }))).toEqual([0, 4]);
    expect(counts(solve({ ...base, weights: { imbalance: 100 } }))).toEqual([2, 2]);
  });

  it('blacklist: forbidden and unavailable caregivers are never dispatched', () => {
    const p: HomeCareProblem = {
      caregivers: [cg('A', 0), cg('B', 2), cg('C', 1, { unavailable: true })],
      visits: [visit('v1', 1, { forbiddenCaregivers: ['A'] }), visit('v2', 1, { forbiddenCaregivers: ['A', 'B'] })],
      travel: { matrix: M },
    };
    const sol = solve(p);
    expect(who(sol, 'v1')).toBe('B');
    expect(reason(sol, 'v2')).toBe('NO_ELIGIBLE_CAREGIVER');
    expect(sol.routes.find((r) => r.caregiverId === 'C')?.stops).toEqual([]);
  });

  it('uses a straight-line estimate with road factor and speed when no matrix is given', () => {
    const p: HomeCareProblem = {
      caregivers: [{ id: 'A', start: { lat: 30, lng: 120 }, shift: { start: H(8), end: H(18) } }],
      visits: [{ id: 'v1', location: { lat: 30.09, lng: 120 }, timeWindow: { start: H(8), end: H(12) }, duration: 30 }],
      travel: { speedKmh: 20, roadFactor: 1.5 },
    };
    const sol = solve(p);
    // 0.09 deg latitude ~ 10.0 km -> 15 km by road at 20 km/h = 45 min each way
    expect(sol.routes[0].travelMinutes).toBeGreaterThan(89);
    expect(sol.routes[0].travelMinutes).toBeLessThan(91);
    // leaves at 08:00 sharp, arrives after the ~45 minute drive
    expect(sol.routes[0].departure).toBeCloseTo(H(8), 6);
    expect(sol.routes[0].stops[0].arrival).toBeCloseTo(H(8, 45), 0);
  });

  it('handles empty inputs without spinning until the time limit', () => {
    const t0 = performance.now();
    const noCaregivers = solveHomeCare({ caregivers: [], visits: [visit('v1', 0)], travel: { matrix: [[0]] } }, { timeLimitMs: 5000 });
    expect(noCaregivers.unserved).toEqual([{ visitId: 'v1', reason: 'NO_SKILLED_CAREGIVER' }]);
    const noVisits = solveHomeCare({ caregivers: [cg('A', 0)], visits: [], travel: { matrix: [[0]] } }, { timeLimitMs: 5000 });
    expect(noVisits.cost.total).toBe(0);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('rejects malformed input with a list of precise errors', () => {
    const bad = {
      caregivers: [{ id: 'A', start: { lat: 200, lng: 0 }, shift: { start: 600, end: 500 } }, { id: 'A', start: { lat: 0, lng: 0 }, shift: { start: 0, end: 10 } }],
      visits: [{ id: 'v', location: { lat: 0, lng: 0 }, timeWindow: { start: 0, end: 10 }, duration: -5, priority: 0 }],
      weights: { travell: 1 },
    } as unknown as HomeCareProblem;
    let err: unknown;
    try {
      solveHomeCare(bad, { iterations: 10 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HomeCareValidationError);
    const issues = (err as HomeCareValidationError).issues.join('\n');
    expect(issues).toMatch(/caregivers\[0\]\.start/);
    expect(issues).toMatch(/caregivers\[0\]\.shift: start \(600\) is after end \(500\)/);
    expect(issues).toMatch(/duplicate caregiver id "A"/);
    expect(issues).toMatch(/visits\[0\]\.duration/);
    expect(issues).toMatch(/visits\[0\]\.priority/);
    expect(issues).toMatch(/weights\.travell: unknown weight/);
    expect(() => solveHomeCare({ caregivers: [], visits: [], travel: { matrix: [[0, 1]] } }, { iterations: 1 })).toThrow(/travel\.matrix\[0\]/);
  });
});
