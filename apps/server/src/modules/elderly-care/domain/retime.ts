/**
 * Re-timing a caregiver's route after a dispatcher changed it by hand (智能派单 人工调整).
 *
 * The solver's times are only valid for the routes it built. When a visit is moved by hand, the two
 * routes it left and joined are re-timed here with the same travel model (straight line x road factor
 * at a fixed speed, see @lq/vrptw travelMinutes), the visit's standard duration, the caregiver's
 * shift and break. The moved visit goes where it adds the least travel among the positions that
 * break nothing; when every position breaks something it goes where the breach is smallest, and the
 * route carries explicit warnings instead of silently wrong times.
 *
 * Timing rules (same as the solver's): the caregiver leaves home so as to arrive at the first visit
 * when its window opens, not before the shift starts; service starts at max(arrival, window start);
 * a visit's window is the interval in which its service must start; the break (if any) is taken
 * between visits, before the first visit whose service would otherwise push the break past the end
 * of its window (unless that would make the visit later than the break would overrun), else after
 * the last visit, never before the window opens; work time = travel + service minutes.
 */
import { hhmmToMin } from './util.ts';

export interface LatLngPoint {
  lat: number;
  lng: number;
}
export type TravelFn = (a: LatLngPoint, b: LatLngPoint) => number;

export interface RetimeCaregiver {
  home: LatLngPoint;
  shiftStart: string;
  shiftEnd: string;
  break?: { start: string; end: string; durationMin: number } | null;
  maxWorkMin: number;
}
export interface RetimeStop {
  visitId: string;
  location: LatLngPoint | null;
  windowStart: string;
  windowEnd: string;
  durationMin: number;
}
export type RouteWarningKind = 'late' | 'shift_overrun' | 'break' | 'max_work' | 'no_location';
export interface RouteWarning {
  visitId: string | null;
  kind: RouteWarningKind;
  minutes: number;
  message: string;
}
export interface TimedStop {
  visitId: string;
  arrival: number;
  start: number;
  end: number;
}
export interface TimedRoute {
  departure: number | null;
  arrival: number | null;
  break: { start: number; end: number } | null;
  travelMinutes: number;
  workMinutes: number;
  stops: TimedStop[];
  warnings: RouteWarning[];
  /** sum of the minutes of every breach (0 = feasible) */
  violation: number;
}

const fmt = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(Math.round(m) % 60).padStart(2, '0')}`;

/** Times of a route visiting `stops` in this order. Pure; never throws for an infeasible order. */
export function timeRoute(cg: RetimeCaregiver, stops: readonly RetimeStop[], travel: TravelFn): TimedRoute {
  const shiftStart = hhmmToMin(cg.shiftStart);
  const shiftEnd = hhmmToMin(cg.shiftEnd);
  const brk =
    cg.break && cg.break.durationMin > 0
      ? { start: hhmmToMin(cg.break.start), end: hhmmToMin(cg.break.end), dur: cg.break.durationMin }
      : null;
  const warnings: RouteWarning[] = [];
  if (!stops.length)
    return { departure: null, arrival: null, break: null, travelMinutes: 0, workMinutes: 0, stops: [], warnings, violation: 0 };

  // A stop without coordinates: no travel to or from it can be estimated.
  const leg = (a: LatLngPoint | null, b: LatLngPoint | null) => (a && b ? travel(a, b) : 0);
  let pos: LatLngPoint | null = cg.home;
  const first = stops[0];
  const firstLeg = leg(pos, first.location);
  const departure = Math.max(shiftStart, hhmmToMin(first.windowStart) - firstLeg);
  let t = departure;
  let travelTotal = 0;
  let service = 0;
  let breakAt: { start: number; end: number } | null = null;
  const takeBreak = (at: number) => {
    if (!brk) return at;
    breakAt = { start: at, end: at + brk.dur };
    return at + brk.dur;
  };
  const out: TimedStop[] = [];
  for (const s of stops) {
    if (!s.location)
      warnings.push({
        visitId: s.visitId,
        kind: 'no_location',
        minutes: 0,
        message: '老人缺少坐标,路程无法估算 / no coordinates, travel not estimated',
      });
    const ws = hhmmToMin(s.windowStart);
    const we = hhmmToMin(s.windowEnd);
    const l = leg(pos, s.location);
    let arrival = t + l;
    let start = Math.max(arrival, ws);
    // The break goes before this visit when serving it first would push the break past its window,
    // unless taking it first makes the visit later than the break would overrun.
    if (brk && !breakAt) {
      const overrunIfServedFirst = Math.max(start + s.durationMin, brk.start) + brk.dur - brk.end;
      if (overrunIfServedFirst > 0) {
        const startAfterBreak = Math.max(Math.max(t, brk.start) + brk.dur + l, ws);
        const extraLate = Math.max(0, startAfterBreak - we) - Math.max(0, start - we);
        if (extraLate <= overrunIfServedFirst) {
          t = takeBreak(Math.max(t, brk.start));
          arrival = t + l;
          start = Math.max(arrival, ws);
        }
      }
    }
    const end = start + s.durationMin;
    if (start > we)
      warnings.push({
        visitId: s.visitId,
        kind: 'late',
        minutes: Math.round(start - we),
        message: `开始 ${fmt(start)} 晚于时间窗 ${s.windowEnd} / starts after its window`,
      });
    out.push({ visitId: s.visitId, arrival, start, end });
    travelTotal += l;
    service += s.durationMin;
    t = end;
    pos = s.location ?? pos;
  }
  if (brk && !breakAt) t = takeBreak(Math.max(t, brk.start));
  const back = t + leg(pos, cg.home);
  travelTotal += leg(pos, cg.home);
  if (brk && breakAt) {
    const b = breakAt as { start: number; end: number };
    const late = Math.max(0, b.end - brk.end);
    if (late > 0)
      warnings.push({
        visitId: null,
        kind: 'break',
        minutes: Math.round(late),
        message: `休息 ${fmt(b.start)}-${fmt(b.end)} 超出休息时段 / break outside its window`,
      });
  }
  if (back > shiftEnd)
    warnings.push({
      visitId: null,
      kind: 'shift_overrun',
      minutes: Math.round(back - shiftEnd),
      message: `收工 ${fmt(back)} 晚于下班 ${cg.shiftEnd} / ends after the shift`,
    });
  const work = travelTotal + service;
  if (work > cg.maxWorkMin)
    warnings.push({
      visitId: null,
      kind: 'max_work',
      minutes: Math.round(work - cg.maxWorkMin),
      message: `工作 ${Math.round(work)} 分钟超过上限 ${cg.maxWorkMin} / over the daily maximum`,
    });
  return {
    departure,
    arrival: back,
    break: breakAt,
    travelMinutes: travelTotal,
    workMinutes: work,
    stops: out,
    warnings,
    violation: warnings.reduce((n, w) => n + w.minutes, 0),
  };
}

/**
 * Where to put `stop` in `stops`: the position with the least breach, then the least added travel
 * (ties: the earliest position). Returns the index to insert at and the timed route.
 */
export function bestInsertion(
  cg: RetimeCaregiver,
  stops: readonly RetimeStop[],
  stop: RetimeStop,
  travel: TravelFn,
): { index: number; route: TimedRoute } {
  let best: { index: number; route: TimedRoute } | null = null;
  for (let i = 0; i <= stops.length; i++) {
    const cand = [...stops.slice(0, i), stop, ...stops.slice(i)];
    const route = timeRoute(cg, cand, travel);
    if (
      !best ||
      route.violation < best.route.violation - 1e-9 ||
      (Math.abs(route.violation - best.route.violation) <= 1e-9 && route.travelMinutes < best.route.travelMinutes - 1e-9)
    )
      best = { index: i, route };
  }
  return best as { index: number; route: TimedRoute };
}
