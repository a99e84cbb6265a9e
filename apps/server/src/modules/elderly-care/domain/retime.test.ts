import { generateHomeCareProblem, type HomeCareProblem, solveHomeCare, travelMinutes } from '@lq/vrptw';
import { describe, expect, it } from 'vitest';
import { bestInsertion, type RetimeCaregiver, type RetimeStop, timeRoute } from './retime.ts';

// Coordinates read as minutes on a line: travel = |Δlng| (lat fixed), easy to check by hand.
const at = (m: number) => ({ lat: 0, lng: m });
const line = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => Math.abs(a.lng - b.lng) + Math.abs(a.lat - b.lat);
const cg = (over: Partial<RetimeCaregiver> = {}): RetimeCaregiver => ({
  home: at(0),
  shiftStart: '08:00',
  shiftEnd: '17:00',
  break: null,
  maxWorkMin: 480,
  ...over,
});
const stop = (id: string, m: number, ws: string, we: string, d = 30): RetimeStop => ({
  visitId: id,
  location: at(m),
  windowStart: ws,
  windowEnd: we,
  durationMin: d,
});

describe('timeRoute', () => {
  it('leaves home to arrive as the first window opens, serves in order, comes back; work = travel + service', () => {
    const r = timeRoute(cg(), [stop('a', 20, '09:00', '10:00'), stop('b', 30, '09:00', '11:00')], line);
    expect(r.departure).toBe(8 * 60 + 40);
    expect(r.stops).toEqual([
      { visitId: 'a', arrival: 540, start: 540, end: 570 },
      { visitId: 'b', arrival: 580, start: 580, end: 610 },
    ]);
    expect(r.arrival).toBe(640);
    expect(r.travelMinutes).toBe(60);
    expect(r.workMinutes).toBe(120);
    expect(r.warnings).toEqual([]);
    expect(r.violation).toBe(0);
  });

  it('never leaves before the shift; waits for a window that opens later', () => {
    const r = timeRoute(cg(), [stop('a', 120, '08:30', '12:00'), stop('b', 125, '11:00', '12:00')], line);
    expect(r.departure).toBe(480);
    expect(r.stops[0]).toMatchObject({ arrival: 600, start: 600, end: 630 });
    expect(r.stops[1]).toMatchObject({ arrival: 635, start: 660 });
  });

  it('reports a late start, a shift overrun and the work maximum with their minutes', () => {
    const r = timeRoute(
      cg({ shiftEnd: '10:00', maxWorkMin: 60 }),
      [stop('a', 30, '08:00', '08:10', 60), stop('b', 60, '08:00', '09:00', 30)],
      line,
    );
    // a: arrive 08:30 (late 20), end 09:30; b: arrive 10:00 (late 60), end 10:30; home 11:30
    expect(r.warnings.map((w) => [w.kind, w.visitId, w.minutes])).toEqual([
      ['late', 'a', 20],
      ['late', 'b', 60],
      ['shift_overrun', null, 90],
      ['max_work', null, 150],
    ]);
    expect(r.workMinutes).toBe(120 + 90);
    expect(r.violation).toBe(20 + 60 + 90 + 150);
  });

  it('takes the break on arrival at the next visit when it fits there (the solver rule)', () => {
    const c = cg({ break: { start: '11:30', end: '12:30', durationMin: 30 } });
    const r = timeRoute(c, [stop('a', 10, '11:00', '11:30', 30), stop('b', 20, '12:00', '12:30', 30)], line);
    // a 11:00-11:30; at b by 11:40, rest 11:40-12:10 there, serve 12:10-12:40; home 13:00
    expect(r.break).toEqual({ start: 700, end: 730, afterStop: 0 });
    expect(r.departure).toBe(650);
    expect(r.stops).toEqual([
      { visitId: 'a', arrival: 660, start: 660, end: 690 },
      { visitId: 'b', arrival: 700, start: 730, end: 760 },
    ]);
    expect(r.arrival).toBe(780);
    expect(r.warnings).toEqual([]);
  });

  it('needs no break when the route is over before the break window opens', () => {
    const c = cg({ break: { start: '12:00', end: '14:00', durationMin: 60 } });
    const r = timeRoute(c, [stop('a', 10, '09:00', '09:30')], line);
    expect(r.break).toBeNull();
    expect(r.arrival).toBe(580);
  });

  it('a break before the first visit: the caregiver leaves at shift start and rests on arrival', () => {
    const c = cg({ break: { start: '12:00', end: '13:00', durationMin: 60 } });
    const r = timeRoute(c, [stop('a', 10, '13:00', '13:30', 90)], line);
    expect(r.break).toEqual({ start: 720, end: 780, afterStop: -1 });
    expect(r.departure).toBe(480);
    expect(r.stops[0]).toEqual({ visitId: 'a', arrival: 490, start: 780, end: 870 });
    expect(r.warnings).toEqual([]);
  });

  it('when every break placement breaks something, the smallest breach wins and is reported', () => {
    const c = cg({ break: { start: '12:00', end: '13:00', durationMin: 30 } });
    // resting first makes the visit start 12:30, 20 late; serving first pushes the break 90 past its window
    const r = timeRoute(c, [stop('a', 10, '12:00', '12:10', 120)], line);
    expect(r.break).toEqual({ start: 720, end: 750, afterStop: -1 });
    expect(r.warnings.map((w) => [w.kind, w.visitId, w.minutes])).toEqual([['late', 'a', 20]]);
    // a long visit in the break window: no placement keeps the break inside it
    const over = timeRoute(cg({ break: { start: '12:00', end: '12:30', durationMin: 30 } }), [stop('a', 10, '11:00', '11:00', 120)], line);
    expect(over.warnings.map((w) => [w.kind, w.minutes])).toEqual([['break', 60]]);
    expect(over.break).toEqual({ start: 780, end: 810, afterStop: 0 });
  });

  it('an empty route has no times', () => {
    expect(timeRoute(cg(), [], line)).toMatchObject({ departure: null, arrival: null, travelMinutes: 0, stops: [], violation: 0 });
  });

  it('a stop without coordinates is timed without travel and flagged', () => {
    const r = timeRoute(cg(), [{ ...stop('a', 0, '09:00', '10:00'), location: null }], line);
    expect(r.stops[0].start).toBe(540);
    expect(r.warnings[0]).toMatchObject({ kind: 'no_location', visitId: 'a' });
  });

  it('works with the planner travel model (25 km/h x 1.3 on the great circle)', () => {
    const t = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => travelMinutes({ caregivers: [], visits: [] }, a, b);
    const home = { lat: 28.07, lng: 119.13 };
    const r = timeRoute(cg({ home }), [{ ...stop('a', 0, '09:00', '10:00'), location: { lat: 28.08, lng: 119.14 } }], t);
    expect(r.travelMinutes).toBeCloseTo(2 * t(home, { lat: 28.08, lng: 119.14 }), 6);
    expect(r.travelMinutes).toBeGreaterThan(0);
  });
});

describe('timeRoute = the solver schedule', () => {
  const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  it('re-times every route solveHomeCare built to the solver times, with no warnings', () => {
    let routes = 0;
    let withBreak = 0;
    for (const seed of [1, 2, 3]) {
      const p: HomeCareProblem = generateHomeCareProblem({ seed, visits: 60, caregivers: 8 });
      // every other caregiver without a break, to cover both kinds of route
      p.caregivers.forEach((c, i) => {
        if (i % 2) delete c.break;
      });
      const sol = solveHomeCare(p, { seed, iterations: 200 });
      const t = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => travelMinutes(p, a, b);
      for (const r of sol.routes) {
        if (!r.stops.length) continue;
        const c = p.caregivers.find((x) => x.id === r.caregiverId) as HomeCareProblem['caregivers'][number];
        const timed = timeRoute(
          {
            home: c.start as { lat: number; lng: number },
            shiftStart: hm(c.shift.start),
            shiftEnd: hm(c.shift.end),
            break: c.break ? { start: hm(c.break.start), end: hm(c.break.end), durationMin: c.break.duration } : null,
            maxWorkMin: c.maxWorkMinutes ?? 1440,
          },
          r.stops.map((s) => {
            const v = p.visits.find((x) => x.id === s.visitId) as HomeCareProblem['visits'][number];
            return {
              visitId: v.id,
              location: v.location as { lat: number; lng: number },
              windowStart: hm(v.timeWindow.start),
              windowEnd: hm(v.timeWindow.end),
              durationMin: v.duration,
            };
          }),
          t,
        );
        routes++;
        if (r.break) withBreak++;
        expect(timed.warnings).toEqual([]);
        expect(timed.departure).toBeCloseTo(r.departure as number, 6);
        expect(timed.arrival).toBeCloseTo(r.arrival as number, 6);
        expect(timed.travelMinutes).toBeCloseTo(r.travelMinutes, 6);
        expect(timed.workMinutes).toBeCloseTo(r.workMinutes, 6);
        expect(timed.break?.afterStop ?? null).toBe(r.break?.afterStop ?? null);
        if (r.break) expect(timed.break?.start).toBeCloseTo(r.break.start, 6);
        timed.stops.forEach((s, i) => {
          expect(s.visitId).toBe(r.stops[i].visitId);
          expect(s.arrival).toBeCloseTo(r.stops[i].arrival, 6);
          expect(s.start).toBeCloseTo(r.stops[i].start, 6);
          expect(s.end).toBeCloseTo(r.stops[i].end, 6);
        });
      }
    }
    expect(routes).toBeGreaterThan(10);
    expect(withBreak).toBeGreaterThan(3);
    expect(withBreak).toBeLessThan(routes);
  });
});

describe('bestInsertion', () => {
  const route = [stop('a', 10, '09:00', '09:30'), stop('c', 30, '10:00', '10:30')];

  it('puts the visit where it adds the least travel among feasible positions', () => {
    const b = bestInsertion(cg(), route, stop('b', 20, '09:00', '11:00'), line);
    expect(b.index).toBe(1);
    expect(b.route.stops.map((s) => s.visitId)).toEqual(['a', 'b', 'c']);
    expect(b.route.violation).toBe(0);
    // times are consistent: each start >= arrival >= previous end + travel
    for (let i = 1; i < b.route.stops.length; i++) expect(b.route.stops[i].arrival).toBeGreaterThanOrEqual(b.route.stops[i - 1].end);
  });

  it('prefers a feasible position over a shorter one that breaks a window', () => {
    // at the end it is on the way home but too late; first it fits its early window
    const b = bestInsertion(cg(), route, stop('x', 5, '08:00', '08:40'), line);
    expect(b.index).toBe(0);
    expect(b.route.warnings).toEqual([]);
  });

  it('when nothing fits, takes the smallest breach and says so', () => {
    const z = stop('z', 200, '08:00', '08:05');
    const b = bestInsertion(cg(), route, z, line);
    const each = [0, 1, 2].map((i) => timeRoute(cg(), [...route.slice(0, i), z, ...route.slice(i)], line).violation);
    expect(Math.min(...each)).toBeGreaterThan(0);
    expect(b.route.violation).toBe(Math.min(...each));
    expect(b.index).toBe(each.indexOf(Math.min(...each)));
    expect(b.route.warnings.some((w) => w.kind === 'late' && w.visitId === 'z')).toBe(true);
  });
});
