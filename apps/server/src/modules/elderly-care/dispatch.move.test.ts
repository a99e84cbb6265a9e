/** Manual moves in a draft dispatch plan re-time the routes they touch, and say when a route breaks a rule. */
import { travelMinutes } from '@lq/vrptw';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeIdNumber, type TestEnv } from '../../test/harness.ts';
import { ecDispatchPlans } from './schema.ts';
import { approvedOrder, type ElderlyFixtures, elderlyFixtures } from './test-support.ts';

let env: TestEnv;
let f: ElderlyFixtures;
const E = '/api/elderly-care';
const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);

interface LatLng {
  lat: number;
  lng: number;
}
interface Stop {
  visitId: string;
  personName: string;
  location: LatLng | null;
  windowStart: string;
  windowEnd: string;
  arrival: string | null;
  start: string;
  end: string;
  manual: boolean;
}
interface Route {
  caregiverId: string;
  home: LatLng;
  departure: string | null;
  arrival: string | null;
  break: { start: string; end: string } | null;
  travelMinutes: number;
  workMinutes: number;
  stops: Stop[];
  shift?: { start: string; end: string };
  warnings?: { visitId: string | null; kind: string; minutes: number; message: string }[];
}
interface Plan {
  id: string;
  version: number;
  routes: Route[];
  unserved: { visitId: string }[];
  stats: { served: number; unserved: number; travelMinutes: number };
}

const min = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
/** The planner's travel estimate (the solver's default speed and road factor). */
const leg = (a: LatLng, b: LatLng) => travelMinutes({ caregivers: [], visits: [] }, a, b);
const routeOf = (p: Plan, caregiverId: string) => p.routes.find((r) => r.caregiverId === caregiverId) as Route;

/**
 * Times in order: leave home; reach each stop no earlier than the previous end plus the travel to it;
 * start at max(arrival, window start), or at the end of a break taken there; come home after the last
 * end plus the travel back. A start after the window end carries a 'late' warning. Times are shown to
 * the minute, hence the 1-minute slack on sums.
 */
function expectConsistent(r: Route) {
  if (!r.stops.length) {
    expect(r.departure).toBeNull();
    expect(r.arrival).toBeNull();
    return;
  }
  let prevEnd = min(r.departure as string);
  let at = r.home;
  for (const s of r.stops) {
    expect(s.arrival, `${s.visitId} has an arrival`).not.toBeNull();
    const arrival = min(s.arrival as string);
    const travel = s.location ? leg(at, s.location) : 0;
    expect(arrival, `${s.visitId} arrives after the previous end + travel`).toBeGreaterThanOrEqual(prevEnd + travel - 1);
    const ready = Math.max(arrival, min(s.windowStart));
    expect(min(s.start), `${s.visitId} starts at arrival or when the window opens`).toBeGreaterThanOrEqual(ready);
    if (min(s.start) > ready) expect(r.break?.end, `${s.visitId} starts late only after a break`).toBe(s.start);
    expect(min(s.end)).toBeGreaterThan(min(s.start));
    if (min(s.start) > min(s.windowEnd)) expect(r.warnings?.some((w) => w.kind === 'late' && w.visitId === s.visitId)).toBe(true);
    prevEnd = min(s.end);
    at = s.location ?? at;
  }
  expect(min(r.arrival as string)).toBeGreaterThanOrEqual(prevEnd + leg(at, r.home) - 1);
}

let plan: Plan;
let built: Plan;
let shortShift: string;
let farLate: string;

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
  const caregiver = async (name: string, shiftStart: string, shiftEnd: string, home: LatLng, maxWorkMin: number) => {
    const c = await f.provA.request('POST', `${E}/caregivers`, {
      providerId: f.providerA.id,
      name,
      skills: ['meal'],
      shiftStart,
      shiftEnd,
      home,
      maxWorkMin,
    });
    if (c.statusCode !== 201) throw new Error(c.body);
    return c.json().id as string;
  };
  // A caregiver whose shift ends before the visits' windows open.
  shortShift = await caregiver('早班护理员', '06:00', '08:00', { lat: f.elderA.lat, lng: f.elderA.lng }, 120);
  // A caregiver who starts at 10:50 about 30 km away: cannot reach a visit before its window closes at 11:00.
  farLate = await caregiver('远处护理员', '10:50', '18:00', { lat: f.elderA.lat + 0.27, lng: f.elderA.lng }, 480);
  const p = await f.provA.request('POST', `${E}/dispatch/plans`, { date: tomorrow, providerId: f.providerA.id, iterations: 300 });
  if (p.statusCode !== 201) throw new Error(p.body);
  plan = p.json();
  built = plan;
}, 180_000);
afterAll(async () => env?.close());

const move = (visitId: string, toCaregiverId: string | null, reason = '人工调整') =>
  f.provA.request('PATCH', `${E}/dispatch/plans/${plan.id}`, { visitId, toCaregiverId, reason, version: plan.version });

describe('manual moves re-time the plan', () => {
  it('the solver plan serves the three visits on one caregiver, consistently timed; routes keep their shift', () => {
    const route = routeOf(plan, f.caregiverA1);
    expect(route.stops.length).toBe(3);
    expectConsistent(route);
    expect(route.shift).toMatchObject({ start: '00:00', end: '23:59' });
    expect(routeOf(plan, shortShift).stops).toHaveLength(0);
    expect(routeOf(plan, shortShift).shift).toMatchObject({ start: '06:00', end: '08:00' });
  });

  it('moving a visit to a caregiver whose shift is over gives a route with warnings, not made-up times', async () => {
    const a1 = routeOf(plan, f.caregiverA1);
    const middle = a1.stops[1];
    const r = await move(middle.visitId, shortShift, '家属要求早班护理员');
    expect(r.statusCode, r.body).toBe(200);
    const next: Plan = r.json();
    const target = routeOf(next, shortShift);
    expect(target.stops.map((s) => s.visitId)).toEqual([middle.visitId]);
    expect(target.stops[0].manual).toBe(true);
    expectConsistent(target);
    const overrun = (target.warnings ?? []).find((w) => w.kind === 'shift_overrun');
    expect(overrun?.minutes).toBe(min(target.arrival as string) - min('08:00'));
    // The source route is re-timed: two stops, travel recomputed (not the old three-stop figure).
    const source = routeOf(next, f.caregiverA1);
    expect(source.stops.map((s) => s.visitId)).toEqual([a1.stops[0].visitId, a1.stops[2].visitId]);
    expectConsistent(source);
    expect(source.warnings).toEqual([]);
    expect(source.travelMinutes).toBeLessThanOrEqual(a1.travelMinutes);
    expect(source.workMinutes).toBeLessThan(a1.workMinutes);
    expect(next.stats.served).toBe(3);
    expect(next.stats.travelMinutes).toBe(next.routes.reduce((n, x) => n + x.travelMinutes, 0));
    plan = next;
  });

  it('moving it back puts it where it adds the least travel: the solver own times come back, no warnings', async () => {
    const moved = routeOf(plan, shortShift).stops[0];
    const r = await move(moved.visitId, f.caregiverA1, '早班护理员无法到岗');
    expect(r.statusCode, r.body).toBe(200);
    plan = r.json();
    const a1 = routeOf(plan, f.caregiverA1);
    expect(a1.stops).toHaveLength(3);
    expectConsistent(a1);
    expect(a1.warnings).toEqual([]);
    // the same model as the planner: the same order and the same times as the solver gave
    const orig = routeOf(built, f.caregiverA1);
    const times = (x: Route) => ({
      departure: x.departure,
      arrival: x.arrival,
      travelMinutes: x.travelMinutes,
      workMinutes: x.workMinutes,
      stops: x.stops.map((s) => [s.visitId, s.arrival, s.start, s.end]),
    });
    expect(times(a1)).toEqual(times(orig));
    expect(a1.stops.find((s) => s.visitId === moved.visitId)?.manual).toBe(true);
    const emptied = routeOf(plan, shortShift);
    expect(emptied.stops).toEqual([]);
    expect(emptied).toMatchObject({ departure: null, arrival: null, travelMinutes: 0, workMinutes: 0, warnings: [] });
  });

  it('a visit the new caregiver cannot reach in its window is flagged late on its stop', async () => {
    const first = routeOf(plan, f.caregiverA1).stops[0];
    const r = await move(first.visitId, farLate, '试排远处护理员');
    expect(r.statusCode, r.body).toBe(200);
    plan = r.json();
    const target = routeOf(plan, farLate);
    expectConsistent(target);
    const s = target.stops[0];
    expect(min(s.start)).toBeGreaterThan(min(s.windowEnd));
    const late = target.warnings?.find((w) => w.kind === 'late');
    expect(late).toMatchObject({ visitId: s.visitId });
    expect(late?.minutes).toBe(min(s.start) - min(s.windowEnd));
    expect(late?.message).toContain('晚于时间窗');
    // and back again
    const back = await move(first.visitId, f.caregiverA1, '改回');
    expect(back.statusCode, back.body).toBe(200);
    plan = back.json();
    expect(routeOf(plan, farLate).warnings).toEqual([]);
    expect(routeOf(plan, f.caregiverA1).warnings).toEqual([]);
  });

  it('taking a visit out of the plan re-times the route it left; the move and its result are audited', async () => {
    const a1 = routeOf(plan, f.caregiverA1);
    // the farthest elder: without that visit the round trip is strictly shorter
    const last = a1.stops.find((s) => s.personName === '派单测试丙') as Stop;
    const r = await move(last.visitId, null, '老人住院');
    expect(r.statusCode, r.body).toBe(200);
    plan = r.json();
    const after = routeOf(plan, f.caregiverA1);
    expect(after.stops).toHaveLength(2);
    expectConsistent(after);
    expect(after.travelMinutes).toBeLessThan(a1.travelMinutes);
    expect(plan.unserved.map((u) => u.visitId)).toContain(last.visitId);
    expect(plan.stats).toMatchObject({ served: 2, unserved: 1 });
    const audit = (await f.auditor.request('GET', '/api/audit?action=elderly.dispatch.move&pageSize=20')).json();
    const entries = audit.items.filter((a: { action: string }) => a.action === 'elderly.dispatch.move');
    expect(entries.length).toBeGreaterThanOrEqual(5);
    const toShort = entries.find((a: { details: { to: string } }) => a.details.to === shortShift);
    expect(toShort.details).toMatchObject({ feasible: false, position: 0 });
    expect(toShort.details.warnings.map((w: { kind: string }) => w.kind)).toContain('shift_overrun');
    const backToA1 = entries.find((a: { details: { to: string; reason: string } }) => a.details.reason === '早班护理员无法到岗');
    expect(backToA1.details).toMatchObject({ feasible: true, position: 1, warnings: [] });
    const out = entries.find((a: { details: { to: string | null } }) => a.details.to === null);
    expect(out.details).toMatchObject({ position: null, feasible: null });
  });

  it('a plan stored before re-timing (no shifts, durations or travel settings kept) still takes a move', async () => {
    // Make the stored plan look like one from before: strip the new fields, and leave one stop with the
    // made-up times an old move wrote (start = window start, no arrival).
    const [row] = await env.ctx.db.select().from(ecDispatchPlans).where(eq(ecDispatchPlans.id, plan.id));
    const old = structuredClone(row.plan) as Record<string, unknown> & { routes: (Route & Record<string, unknown>)[] };
    delete old.travel;
    for (const r of old.routes) {
      delete r.shift;
      delete r.warnings;
      for (const s of r.stops) delete (s as Stop & { durationMin?: number }).durationMin;
    }
    const stale = routeOf(old as unknown as Plan, f.caregiverA1).stops[1];
    Object.assign(stale, { arrival: null, start: stale.windowStart, end: stale.windowStart });
    await env.ctx.db.update(ecDispatchPlans).set({ plan: old }).where(eq(ecDispatchPlans.id, plan.id));

    const outside = plan.unserved[0].visitId;
    const r = await move(outside, f.caregiverA1, '老人出院');
    expect(r.statusCode, r.body).toBe(200);
    plan = r.json();
    const a1 = routeOf(plan, f.caregiverA1);
    expect(a1.stops).toHaveLength(3);
    expectConsistent(a1);
    expect(a1.warnings).toEqual([]);
    expect(a1.stops.find((s) => s.visitId === stale.visitId)?.arrival).not.toBeNull();
    // the shift was read from the caregiver and is kept in the plan from now on
    expect(a1.shift).toMatchObject({ start: '00:00', end: '23:59' });
    expect(plan.stats).toMatchObject({ served: 3, unserved: 0 });
  });
});
