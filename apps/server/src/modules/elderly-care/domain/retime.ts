/**
 * Re-timing a caregiver's route after a dispatcher changed it by hand (智能派单 人工调整).
 *
 * The solver's times are only valid for the routes it built. When a visit is moved by hand, the two
 * routes it left and joined are re-timed here with the planner's own model: the travel function is
 * @lq/vrptw `travelMinutes` under the plan's travel settings, durations are the visits' standard
 * durations, and the schedule of a route follows the solver's rules exactly (packages/vrptw
 * homecare.ts, `simulate`/`bestSchedule`), so a route the solver built comes out with the solver's
 * own times (checked against solveHomeCare in retime.test.ts):
 *
 * - the caregiver leaves home at shift start, or later so as to arrive when the first window opens
 *   (unless the break is taken before the first visit);
 * - service starts at max(arrival, window start); a visit's window is the interval in which its
 *   service must START;
 * - the break is taken in one of the gaps between places (before the first visit, between two
 *   visits, or on coming home): on arrival at the next place when it can still start by
 *   `break.end - duration`, otherwise before leaving; every gap is tried and the earliest finish
 *   wins. A route with a break window that ends before the window opens needs no break;
 * - work time = travel + service minutes (waiting and the break do not count).
 *
 * Where the solver rejects a schedule (late start, coming home after the shift, break outside its
 * window, over the work maximum) this module still times the route, measures each breach in
 * minutes, picks the break gap with the smallest total breach, and returns the breaches as warnings.
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
  /** `afterStop`: index of the stop the break follows (-1: before the first visit) */
  break: { start: number; end: number; afterStop: number } | null;
  travelMinutes: number;
  workMinutes: number;
  stops: TimedStop[];
  warnings: RouteWarning[];
  /** sum of the minutes of every breach (0 = the solver would accept this route) */
  violation: number;
}

/** The solver's tolerance on time comparisons. */
const EPS = 1e-9;

const fmt = (m: number) => {
  const r = Math.round(m);
  return `${String(Math.floor(r / 60)).padStart(2, '0')}:${String(r % 60).padStart(2, '0')}`;
};
/** A breach shown to the dispatcher is at least one minute. */
const shown = (m: number) => Math.max(1, Math.round(m));

interface Sim {
  stops: TimedStop[];
  departure: number;
  end: number;
  brk: { start: number; end: number; afterStop: number } | null;
  late: number[];
  shiftOver: number;
  breakOver: number;
  violation: number;
}

/**
 * The solver's `simulate` for break gap `g` (-1: no break), relaxed: a breach is measured instead of
 * rejecting the schedule. Returns null only where the solver's rule has no relaxed reading (no
 * break although the route runs past the break window's opening).
 */
function simulate(
  shift: { start: number; end: number },
  brk: { start: number; latest: number; dur: number } | null,
  stops: readonly { visitId: string; ws: number; we: number; dur: number }[],
  legs: readonly number[],
  g: number,
): Sim | null {
  const n = stops.length;
  let t = shift.start;
  const out: TimedStop[] = [];
  const late: number[] = [];
  let placed: Sim['brk'] = null;
  let breakOver = 0;
  let shiftOver = 0;
  for (let i = 0; i <= n; i++) {
    const tt = legs[i];
    let arrival = t + tt;
    let ready = arrival;
    if (g === i && brk) {
      // on arrival at the next place, or else before leaving
      let bs = Math.max(arrival, brk.start);
      if (bs <= brk.latest) ready = bs + brk.dur;
      else {
        bs = Math.max(t, brk.start);
        if (bs > brk.latest + EPS) breakOver = bs - brk.latest;
        arrival = bs + brk.dur + tt;
        ready = arrival;
      }
      placed = { start: bs, end: bs + brk.dur, afterStop: i - 1 };
    }
    if (i === n) {
      if (ready > shift.end + EPS) shiftOver = ready - shift.end;
      if (g < 0 && brk && n > 0 && ready > brk.start + EPS) return null;
      t = ready;
    } else {
      const s = stops[i];
      const st = Math.max(ready, s.ws);
      late.push(st > s.we + EPS ? st - s.we : 0);
      out.push({ visitId: s.visitId, arrival, start: st, end: st + s.dur });
      t = st + s.dur;
    }
  }
  let departure = shift.start;
  if (n > 0 && placed?.afterStop !== -1) {
    // leave home just in time for the first visit instead of waiting there
    departure = Math.max(departure, out[0].start - legs[0]);
    out[0].arrival = departure + legs[0];
  }
  const violation = late.reduce((a, b) => a + b, 0) + shiftOver + breakOver;
  return { stops: out, departure, end: t, brk: placed, late, shiftOver, breakOver, violation };
}

/** Times of a route visiting `stops` in this order. Pure; never throws for an infeasible order. */
export function timeRoute(cg: RetimeCaregiver, stops: readonly RetimeStop[], travel: TravelFn): TimedRoute {
  const shift = { start: hhmmToMin(cg.shiftStart), end: hhmmToMin(cg.shiftEnd) };
  const brk =
    cg.break && cg.break.durationMin > 0
      ? { start: hhmmToMin(cg.break.start), latest: hhmmToMin(cg.break.end) - cg.break.durationMin, dur: cg.break.durationMin }
      : null;
  const warnings: RouteWarning[] = [];
  if (!stops.length)
    return { departure: null, arrival: null, break: null, travelMinutes: 0, workMinutes: 0, stops: [], warnings, violation: 0 };

  // legs[i]: travel into stop i (i = n: back home). A stop without coordinates adds no travel.
  const legs: number[] = [];
  let pos: LatLngPoint = cg.home;
  for (const s of stops) {
    legs.push(s.location ? travel(pos, s.location) : 0);
    if (s.location) pos = s.location;
    else
      warnings.push({
        visitId: s.visitId,
        kind: 'no_location',
        minutes: 0,
        message: '老人缺少坐标,路程无法估算 / no coordinates, travel not estimated',
      });
  }
  legs.push(travel(pos, cg.home));
  const mins = stops.map((s) => ({ visitId: s.visitId, ws: hhmmToMin(s.windowStart), we: hhmmToMin(s.windowEnd), dur: s.durationMin }));

  // The solver's bestSchedule: no break first, then each gap; the least breach, then the earliest finish.
  let best: Sim | null = null;
  for (let g = -1; g <= (brk ? stops.length : -1); g++) {
    const s = simulate(shift, brk, mins, legs, g);
    if (s && (!best || s.violation < best.violation - EPS || (Math.abs(s.violation - best.violation) <= EPS && s.end < best.end))) best = s;
  }
  const sim = best as Sim;

  sim.late.forEach((late, i) => {
    if (late > 0)
      warnings.push({
        visitId: stops[i].visitId,
        kind: 'late',
        minutes: shown(late),
        message: `开始 ${fmt(sim.stops[i].start)} 晚于时间窗 ${stops[i].windowEnd} / starts after its window`,
      });
  });
  if (sim.breakOver > 0 && sim.brk)
    warnings.push({
      visitId: null,
      kind: 'break',
      minutes: shown(sim.breakOver),
      message: `休息 ${fmt(sim.brk.start)}-${fmt(sim.brk.end)} 超出休息时段 ${cg.break?.start}-${cg.break?.end} / break outside its window`,
    });
  if (sim.shiftOver > 0)
    warnings.push({
      visitId: null,
      kind: 'shift_overrun',
      minutes: shown(sim.shiftOver),
      message: `收工 ${fmt(sim.end)} 晚于下班 ${cg.shiftEnd} / ends after the shift`,
    });
  const travelTotal = legs.reduce((a, b) => a + b, 0);
  const work = travelTotal + mins.reduce((n, s) => n + s.dur, 0);
  const workOver = work > cg.maxWorkMin + EPS ? work - cg.maxWorkMin : 0;
  if (workOver > 0)
    warnings.push({
      visitId: null,
      kind: 'max_work',
      minutes: shown(workOver),
      message: `工作 ${Math.round(work)} 分钟超过上限 ${cg.maxWorkMin} / over the daily maximum`,
    });
  return {
    departure: sim.departure,
    arrival: sim.end,
    break: sim.brk,
    travelMinutes: travelTotal,
    workMinutes: work,
    stops: sim.stops,
    warnings,
    violation: sim.violation + workOver,
  };
}

/**
 * Where to put `stop` in `stops`: among the positions that break nothing, the one adding the least
 * travel; when every position breaks something, the one with the smallest breach (then the least
 * travel). Ties go to the earliest position. Returns the index to insert at and the timed route.
 */
export function bestInsertion(
  cg: RetimeCaregiver,
  stops: readonly RetimeStop[],
  stop: RetimeStop,
  travel: TravelFn,
): { index: number; route: TimedRoute } {
  let best: { index: number; route: TimedRoute } | null = null;
  for (let i = 0; i <= stops.length; i++) {
    const route = timeRoute(cg, [...stops.slice(0, i), stop, ...stops.slice(i)], travel);
    if (
      !best ||
      route.violation < best.route.violation - 1e-6 ||
      (Math.abs(route.violation - best.route.violation) <= 1e-6 && route.travelMinutes < best.route.travelMinutes - 1e-9)
    )
      best = { index: i, route };
  }
  return best as { index: number; route: TimedRoute };
}
