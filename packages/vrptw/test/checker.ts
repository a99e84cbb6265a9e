/**
 * Independent feasibility checkers for the tests. They do not import the
 * solver: they parse / re-simulate from the raw instance data only.
 */

// ------------------------------------------------------------ classic VRPTW (Solomon text)

interface Cust {
  x: number;
  y: number;
  q: number;
  a: number;
  b: number;
  s: number;
}

export function readSolomonRows(text: string): { vehicles: number; capacity: number; rows: Map<number, Cust> } {
  const lines = text.split('\n');
  let vehicles = 0;
  let capacity = 0;
  const rows = new Map<number, Cust>();
  let mode = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('VEHICLE')) mode = 1;
    else if (line.startsWith('CUSTOMER')) mode = 2;
    const f = line.split(/\s+/).map(Number);
    if (line === '' || f.some(Number.isNaN)) continue;
    if (mode === 1 && f.length === 2) [vehicles, capacity] = f;
    if (mode === 2 && f.length === 7) rows.set(f[0], { x: f[1], y: f[2], q: f[3], a: f[4], b: f[5], s: f[6] });
  }
  return { vehicles, capacity, rows };
}

export function checkSolomonSolution(text: string, routes: number[][]): { errors: string[]; distance: number } {
  const { vehicles, capacity, rows } = readSolomonRows(text);
  const ids = [...rows.keys()];
  const depotId = ids[0];
  const depot = rows.get(depotId) as Cust;
  const d = (p: Cust, q: Cust) => Math.sqrt((p.x - q.x) ** 2 + (p.y - q.y) ** 2);
  const errors: string[] = [];
  const count = new Map<number, number>();
  let distance = 0;
  if (routes.length > vehicles) errors.push(`too many routes: ${routes.length} > ${vehicles}`);
  for (const route of routes) {
    let clock = depot.a;
    let load = 0;
    let at = depot;
    for (const id of route) {
      const c = rows.get(id);
      if (!c || id === depotId) {
        errors.push(`bad customer ${id}`);
        continue;
      }
      count.set(id, (count.get(id) ?? 0) + 1);
      distance += d(at, c);
      clock += d(at, c);
      if (clock < c.a) clock = c.a;
      if (clock > c.b + 1e-7) errors.push(`customer ${id}: service starts ${clock.toFixed(3)} > due ${c.b}`);
      clock += c.s;
      load += c.q;
      at = c;
    }
    distance += d(at, depot);
    clock += d(at, depot);
    if (clock > depot.b + 1e-7) errors.push(`route back at ${clock} after depot closes ${depot.b}`);
    if (load > capacity) errors.push(`load ${load} > capacity ${capacity}`);
  }
  for (const id of ids.slice(1)) {
    const k = count.get(id) ?? 0;
    if (k !== 1) errors.push(`customer ${id} served ${k} times`);
  }
  return { errors, distance };
}

// ------------------------------------------------------------ home care

type Loc = { lat: number; lng: number } | number;
interface P {
  caregivers: {
    id: string;
    start: Loc;
    end?: Loc;
    shift: { start: number; end: number };
    break?: { start: number; end: number; duration: number };
    skills?: string[];
    maxWorkMinutes?: number;
    unavailable?: boolean;
  }[];
  visits: {
    id: string;
    location: Loc;
    timeWindow: { start: number; end: number };
    duration: number;
    requiredSkills?: string[];
    preferredCaregiver?: string;
    forbiddenCaregivers?: string[];
    priority?: number;
    softTimeWindow?: boolean;
  }[];
  travel?: { matrix?: number[][]; speedKmh?: number; roadFactor?: number };
  weights?: Record<string, number>;
  timeWindows?: 'hard' | 'soft';
  maxLatenessMinutes?: number;
}
interface S {
  routes: {
    caregiverId: string;
    departure: number | null;
    arrival: number | null;
    stops: { visitId: string; arrival: number; start: number; end: number; lateness: number }[];
    break: { start: number; end: number; afterStop: number } | null;
  }[];
  unserved: { visitId: string; reason: string }[];
  cost: { travel: number; lateness: number; unserved: number; preference: number; imbalance: number; total: number };
}

const REASONS = new Set([
  'NO_SKILLED_CAREGIVER',
  'NO_ELIGIBLE_CAREGIVER',
  'OUTSIDE_ALL_SHIFTS',
  'MAX_WORK_TIME',
  'TIME_WINDOW_UNREACHABLE',
  'NO_FEASIBLE_INSERTION',
  'NOT_PROFITABLE',
]);

function minutes(p: P, a: Loc, b: Loc): number {
  if (p.travel?.matrix) return p.travel.matrix[a as number][b as number];
  const A = a as { lat: number; lng: number };
  const B = b as { lat: number; lng: number };
  const rad = Math.PI / 180;
  const x = Math.sin(((B.lat - A.lat) * rad) / 2) ** 2 + Math.cos(A.lat * rad) * Math.cos(B.lat * rad) * Math.sin(((B.lng - A.lng) * rad) / 2) ** 2;
  const km = 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(x)));
  return (km * (p.travel?.roadFactor ?? 1.3) * 60) / (p.travel?.speedKmh ?? 25);
}

export function checkHomeCareSolution(p: P, s: S): string[] {
  const E = 1e-6;
  const errors: string[] = [];
  const w = { travel: 1, lateness: 2, unserved: 1000, preference: 30, imbalance: 2, ...(p.weights ?? {}) };
  const visits = new Map(p.visits.map((v) => [v.id, v]));
  const cgs = new Map(p.caregivers.map((c) => [c.id, c]));
  const seen = new Map<string, number>();
  const mark = (id: string) => seen.set(id, (seen.get(id) ?? 0) + 1);
  let travel = 0;
  let lateCost = 0;
  let prefCost = 0;
  let unservedCost = 0;
  const works = new Map<string, number>();
  for (const r of s.routes) {
    const c = cgs.get(r.caregiverId);
    if (!c) {
      errors.push(`route of unknown caregiver ${r.caregiverId}`);
      continue;
    }
    works.set(c.id, 0);
    if (r.stops.length === 0) {
      if (r.break) errors.push(`${c.id}: break on an empty route`);
      continue;
    }
    if (c.unavailable) errors.push(`${c.id}: unavailable caregiver has visits`);
    const tag = (m: string) => errors.push(`${c.id}: ${m}`);
    if (r.departure === null || r.arrival === null) {
      tag('missing departure/arrival');
      continue;
    }
    if (r.departure < c.shift.start - E) tag(`leaves at ${r.departure} before shift start ${c.shift.start}`);
    let t = r.departure;
    let at: Loc = c.start;
    let work = 0;
    const brk = r.break;
    for (let i = 0; i <= r.stops.length; i++) {
      const last = i === r.stops.length;
      const st = last ? null : r.stops[i];
      const v = st ? visits.get(st.visitId) : undefined;
      if (st && !v) {
        tag(`unknown visit ${st.visitId}`);
        continue;
      }
      const to: Loc = v ? v.location : (c.end ?? c.start);
      const tt = minutes(p, at, to);
      travel += tt;
      work += tt;
      const next = st ? st.start : r.arrival;
      let need = tt;
      if (brk && brk.afterStop === i - 1) {
        need += c.break ? c.break.duration : 0;
        if (brk.start < t - E || brk.end > next + E) tag(`break [${brk.start}, ${brk.end}] not inside gap [${t}, ${next}]`);
        if (!(brk.start >= t + tt - E || brk.end + tt <= next + E)) tag('break overlaps travel');
      }
      if (next - t < need - E) tag(`not enough time before ${st ? st.visitId : 'end'}: ${next - t} < ${need}`);
      if (st && v) {
        mark(v.id);
        if (st.arrival > st.start + E || st.arrival < t + tt - E) tag(`${v.id}: arrival ${st.arrival} inconsistent`);
        if (st.start < v.timeWindow.start - E) tag(`${v.id}: starts before window`);
        const soft = v.softTimeWindow ?? p.timeWindows === 'soft';
        const limit = soft ? v.timeWindow.end + (p.maxLatenessMinutes ?? 120) : v.timeWindow.end;
        if (st.start > limit + E) tag(`${v.id}: starts ${st.start} after ${limit}`);
        const late = Math.max(0, st.start - v.timeWindow.end);
        if (Math.abs(late - st.lateness) > E) tag(`${v.id}: lateness reported ${st.lateness}, is ${late}`);
        lateCost += soft ? late * w.lateness : 0;
        if (Math.abs(st.end - st.start - v.duration) > E) tag(`${v.id}: wrong end`);
        for (const sk of v.requiredSkills ?? []) if (!(c.skills ?? []).includes(sk)) tag(`${v.id}: lacks skill ${sk}`);
        if ((v.forbiddenCaregivers ?? []).includes(c.id)) tag(`${v.id}: forbidden caregiver`);
        if (v.preferredCaregiver && cgs.has(v.preferredCaregiver) && v.preferredCaregiver !== c.id) prefCost += w.preference;
        work += v.duration;
        t = st.end;
        at = to;
      }
    }
    if (r.arrival > c.shift.end + E) tag(`arrives ${r.arrival} after shift end ${c.shift.end}`);
    if (c.break && c.break.duration > 0) {
      if (brk) {
        if (brk.start < c.break.start - E || brk.end > c.break.end + E) tag('break outside its window');
        if (Math.abs(brk.end - brk.start - c.break.duration) > E) tag('break has wrong duration');
      } else if (r.arrival > c.break.start + E) tag('no break although working through the break window');
    } else if (brk) tag('break reported for a caregiver without break');
    if (c.maxWorkMinutes !== undefined && work > c.maxWorkMinutes + E) tag(`works ${work} > max ${c.maxWorkMinutes}`);
    works.set(c.id, work);
  }
  for (const u of s.unserved) {
    mark(u.visitId);
    if (!REASONS.has(u.reason)) errors.push(`${u.visitId}: bad reason ${u.reason}`);
    const v = visits.get(u.visitId);
    if (v) unservedCost += w.unserved * (v.priority ?? 1);
  }
  for (const id of visits.keys()) if (seen.get(id) !== 1) errors.push(`visit ${id} appears ${seen.get(id) ?? 0} times`);
  // cost components
  const avail = p.caregivers.filter((c) => !c.unavailable);
  let share = 0;
  for (const v of p.visits)
    if (avail.some((c) => (v.requiredSkills ?? []).every((k) => (c.skills ?? []).includes(k)) && !(v.forbiddenCaregivers ?? []).includes(c.id)))
      share += v.duration;
  share = avail.length ? share / avail.length : 0;
  let imb = 0;
  for (const c of avail) imb += w.imbalance * (((works.get(c.id) ?? 0) - share) / 60) ** 2;
  const expect: Record<string, number> = {
    travel: travel * w.travel,
    lateness: lateCost,
    unserved: unservedCost,
    preference: prefCost,
    imbalance: imb,
  };
  expect.total = expect.travel + expect.lateness + expect.unserved + expect.preference + expect.imbalance;
  for (const [k, val] of Object.entries(expect))
  {
    const got = (s.cost as Record<string, number>)[k] ?? Number.NaN;
    if (Math.abs(got - val) > 1e-6 * Math.max(1, Math.abs(val))) errors.push(`cost.${k} = ${got}, recomputed ${val}`);
  }
  return errors;
}
