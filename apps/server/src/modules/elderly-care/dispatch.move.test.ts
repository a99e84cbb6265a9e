/** Manual moves in a draft dispatch plan re-time the routes they touch, and say when a route breaks a rule. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeIdNumber, type TestEnv } from '../../test/harness.ts';
import { approvedOrder, type ElderlyFixtures, elderlyFixtures } from './test-support.ts';

let env: TestEnv;
let f: ElderlyFixtures;
const E = '/api/elderly-care';
const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);

interface Stop {
  visitId: string;
  personName: string;
  windowStart: string;
  windowEnd: string;
  arrival: string | null;
  start: string;
  end: string;
  manual: boolean;
}
interface Route {
  caregiverId: string;
  departure: string | null;
  arrival: string | null;
  travelMinutes: number;
  workMinutes: number;
  stops: Stop[];
  warnings?: { visitId: string | null; kind: string; minutes: number }[];
}
interface Plan {
  id: string;
  version: number;
  routes: Route[];
  unserved: { visitId: string }[];
  stats: { served: number; unserved: number; travelMinutes: number };
}

const min = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** Times in order: leave, then each arrival after the previous end, service from max(arrival, window start). */
function expectConsistent(r: Route) {
  if (!r.stops.length) {
    expect(r.departure).toBeNull();
    return;
  }
  let prev = min(r.departure as string);
  for (const s of r.stops) {
    const arrival = min(s.arrival as string);
    expect(arrival, `${s.visitId} arrives after the previous end`).toBeGreaterThanOrEqual(prev);
    expect(min(s.start), `${s.visitId} starts at arrival or when the window opens`).toBe(Math.max(arrival, min(s.windowStart)));
    expect(min(s.end)).toBeGreaterThan(min(s.start));
    if (min(s.start) > min(s.windowEnd)) expect(r.warnings?.some((w) => w.kind === 'late' && w.visitId === s.visitId)).toBe(true);
    prev = min(s.end);
  }
  expect(min(r.arrival as string)).toBeGreaterThanOrEqual(prev);
}

let plan: Plan;
let shortShift: string;

beforeAll(async () => {
  env = await createTestEnv();
  f = await elderlyFixtures(env);
  // Three more elders along a line from the village, each with a meal visit tomorrow in a morning window.
  const elders = [];
  for (const [i, d] of [0.01, 0.02, 0.03].entries()) {
    const r = await f.county.request('POST', '/api/people', {
      name: `派单测试${'甲乙丙'[i]}`,
      idNumber: makeIdNumber({ birth: '1938-03-04' }),
      residenceRegionCode: f.villageA,
      latitude: f.elderA.lat + d,
      longitude: f.elderA.lng + d,
      tags: ['低保'],
    });
    if (r.statusCode !== 201) throw new Error(r.body);
    elders.push({ id: r.json().id as string });
  }
  for (const e of elders)
    await approvedOrder(f, e, f.vwA, f.townA, { providerId: f.providerA.id, date: tomorrow, windowStart: '09:00', windowEnd: '11:00' });
  // A caregiver whose shift ends before the visits' windows open.
  const c = await f.provA.request('POST', `${E}/caregivers`, {
    providerId: f.providerA.id,
    name: '早班护理员',
    skills: ['meal'],
    shiftStart: '06:00',
    shiftEnd: '08:00',
    home: { lat: f.elderA.lat, lng: f.elderA.lng },
    maxWorkMin: 120,
  });
  if (c.statusCode !== 201) throw new Error(c.body);
  shortShift = c.json().id;
  const p = await f.provA.request('POST', `${E}/dispatch/plans`, { date: tomorrow, providerId: f.providerA.id, iterations: 300 });
  if (p.statusCode !== 201) throw new Error(p.body);
  plan = p.json();
}, 180_000);
afterAll(async () => env?.close());

const move = (visitId: string, toCaregiverId: string | null, reason = '人工调整') =>
  f.provA.request('PATCH', `${E}/dispatch/plans/${plan.id}`, { visitId, toCaregiverId, reason, version: plan.version });

describe('manual moves re-time the plan', () => {
  it('the solver plan serves the three visits on one caregiver, consistently timed', () => {
    const route = plan.routes.find((r) => r.caregiverId === f.caregiverA1) as Route;
    expect(route.stops.length).toBe(3);
    expectConsistent(route);
    expect(plan.routes.find((r) => r.caregiverId === shortShift)?.stops.length ?? 0).toBe(0);
  });

  it('moving a visit to a caregiver whose shift is over gives a route with warnings, not made-up times', async () => {
    const a1 = plan.routes.find((r) => r.caregiverId === f.caregiverA1) as Route;
    const middle = a1.stops[1];
    const r = await move(middle.visitId, shortShift, '家属要求早班护理员');
    expect(r.statusCode, r.body).toBe(200);
    const next: Plan = r.json();
    const target = next.routes.find((x) => x.caregiverId === shortShift) as Route;
    expect(target.stops.map((s) => s.visitId)).toEqual([middle.visitId]);
    expect(target.stops[0].manual).toBe(true);
    expectConsistent(target);
    const kinds = (target.warnings ?? []).map((w) => w.kind);
    expect(kinds).toContain('shift_overrun');
    // The source route is re-timed: two stops, travel recomputed (not the old three-stop figure).
    const source = next.routes.find((x) => x.caregiverId === f.caregiverA1) as Route;
    expect(source.stops.map((s) => s.visitId)).toEqual([a1.stops[0].visitId, a1.stops[2].visitId]);
    expectConsistent(source);
    expect(source.warnings).toEqual([]);
    expect(source.travelMinutes).toBeLessThanOrEqual(a1.travelMinutes);
    expect(next.stats.served).toBe(3);
    expect(next.stats.travelMinutes).toBe(next.routes.reduce((n, x) => n + x.travelMinutes, 0));
    plan = next;
  });

  it('moving it back puts it where it adds the least travel, with no warnings', async () => {
    const moved = (plan.routes.find((x) => x.caregiverId === shortShift) as Route).stops[0];
    const r = await move(moved.visitId, f.caregiverA1, '早班护理员无法到岗');
    expect(r.statusCode, r.body).toBe(200);
    plan = r.json();
    const a1 = plan.routes.find((x) => x.caregiverId === f.caregiverA1) as Route;
    expect(a1.stops).toHaveLength(3);
    expectConsistent(a1);
    expect(a1.warnings).toEqual([]);
    // the elders lie on a line from home: the cheapest order visits them outwards (or inwards)
    const emptied = plan.routes.find((x) => x.caregiverId === shortShift) as Route;
    expect(emptied.stops).toEqual([]);
    expect(emptied).toMatchObject({ departure: null, arrival: null, travelMinutes: 0, warnings: [] });
  });

  it('taking a visit out of the plan re-times the route it left; the move and its result are audited', async () => {
    const a1 = plan.routes.find((x) => x.caregiverId === f.caregiverA1) as Route;
    // the farthest elder: without that visit the round trip is strictly shorter
    const last = a1.stops.find((s) => s.personName === '派单测试丙') as Stop;
    const r = await move(last.visitId, null, '老人住院');
    expect(r.statusCode, r.body).toBe(200);
    plan = r.json();
    const after = plan.routes.find((x) => x.caregiverId === f.caregiverA1) as Route;
    expect(after.stops).toHaveLength(2);
    expectConsistent(after);
    expect(after.travelMinutes).toBeLessThan(a1.travelMinutes);
    expect(plan.unserved.map((u) => u.visitId)).toContain(last.visitId);
    const audit = (await f.auditor.request('GET', '/api/audit?action=elderly.dispatch.move&pageSize=10')).json();
    const entries = audit.items.filter((a: { action: string }) => a.action === 'elderly.dispatch.move');
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const toShort = entries.find((a: { details: { to: string } }) => a.details.to === shortShift);
    expect(toShort.details).toMatchObject({ feasible: false, position: 0 });
    expect(toShort.details.warnings.length).toBeGreaterThan(0);
  });
});
