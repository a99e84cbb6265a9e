import { Engine } from './engine.ts';
import type {
  Caregiver,
  CaregiverRoute,
  CostBreakdown,
  CostWeights,
  HomeCareLocation,
  HomeCareOptions,
  HomeCareProblem,
  HomeCareSolution,
  Stop,
  UnservedReason,
  Visit,
} from './homecare-types.ts';
import { emptyModelArrays, type Model } from './model.ts';

export const DEFAULT_WEIGHTS: CostWeights = { travel: 1, lateness: 2, unserved: 1000, preference: 30, imbalance: 2 };
const DEFAULT_SPEED_KMH = 25;
const DEFAULT_ROAD_FACTOR = 1.3;
const DEFAULT_MAX_LATENESS = 120;

export class HomeCareValidationError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid home-care problem:\n  - ${issues.join('\n  - ')}`);
    this.name = 'HomeCareValidationError';
    this.issues = issues;
  }
}

// ---------------------------------------------------------------- validation

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Throws HomeCareValidationError listing every problem found. */
export function validateHomeCareProblem(input: unknown): asserts input is HomeCareProblem {
  const issues: string[] = [];
  const bad = (path: string, msg: string) => issues.push(`${path}: ${msg}`);
  if (!isObj(input)) throw new HomeCareValidationError(['problem: must be an object']);
  const p = input;
  let matrixSize = -1;
  if (p.travel !== undefined) {
    if (!isObj(p.travel)) bad('travel', 'must be an object');
    else {
      const t = p.travel;
      if (t.matrix !== undefined) {
        if (!Array.isArray(t.matrix) || t.matrix.length === 0) bad('travel.matrix', 'must be a non-empty array of rows');
        else {
          matrixSize = t.matrix.length;
          t.matrix.forEach((row, i) => {
            if (!Array.isArray(row) || row.length !== matrixSize) bad(`travel.matrix[${i}]`, `must be an array of ${matrixSize} numbers`);
            else if (!row.every((x) => isNum(x) && x >= 0)) bad(`travel.matrix[${i}]`, 'entries must be finite numbers >= 0 (minutes)');
          });
        }
      }
      for (const k of ['speedKmh', 'roadFactor'] as const)
        if (t[k] !== undefined && !(isNum(t[k]) && (t[k] as number) > 0)) bad(`travel.${k}`, 'must be a number > 0');
    }
  }
  const checkLoc = (path: string, loc: unknown) => {
    if (matrixSize > 0) {
      if (!(Number.isInteger(loc) && (loc as number) >= 0 && (loc as number) < matrixSize))
        bad(path, `must be a matrix index 0..${matrixSize - 1} when travel.matrix is given`);
    } else if (!isObj(loc) || !isNum(loc.lat) || !isNum(loc.lng) || Math.abs(loc.lat) > 90 || Math.abs(loc.lng) > 180) {
      bad(path, 'must be { lat, lng } with -90 <= lat <= 90 and -180 <= lng <= 180');
    }
  };
  const checkWindow = (path: string, w: unknown) => {
    if (!isObj(w) || !isNum(w.start) || !isNum(w.end)) bad(path, 'must be { start, end } in minutes');
    else if (w.start > w.end) bad(path, `start (${w.start}) is after end (${w.end})`);
  };
  const checkStrings = (path: string, a: unknown) => {
    if (a !== undefined && (!Array.isArray(a) || !a.every((s) => typeof s === 'string'))) bad(path, 'must be an array of strings');
  };
  const cgIds = new Set<string>();
  if (!Array.isArray(p.caregivers)) bad('caregivers', 'must be an array');
  else
    p.caregivers.forEach((c: unknown, i: number) => {
      const path = `caregivers[${i}]`;
      if (!isObj(c)) {
        bad(path, 'must be an object');
        return;
      }
      if (typeof c.id !== 'string' || c.id.length === 0) bad(`${path}.id`, 'must be a non-empty string');
      else if (cgIds.has(c.id)) bad(`${path}.id`, `duplicate caregiver id "${c.id}"`);
      else cgIds.add(c.id);
      checkLoc(`${path}.start`, c.start);
      if (c.end !== undefined) checkLoc(`${path}.end`, c.end);
      checkWindow(`${path}.shift`, c.shift);
      if (c.break !== undefined) {
        const b = c.break;
        if (!isObj(b) || !isNum(b.start) || !isNum(b.end) || !isNum(b.duration) || b.duration < 0)
          bad(`${path}.break`, 'must be { start, end, duration >= 0 } in minutes');
        else if (b.start + b.duration > b.end) bad(`${path}.break`, 'duration does not fit between start and end');
      }
      checkStrings(`${path}.skills`, c.skills);
      if (c.maxWorkMinutes !== undefined && !(isNum(c.maxWorkMinutes) && c.maxWorkMinutes >= 0))
        bad(`${path}.maxWorkMinutes`, 'must be a number >= 0');
      if (c.unavailable !== undefined && typeof c.unavailable !== 'boolean') bad(`${path}.unavailable`, 'must be a boolean');
    });
  const visitIds = new Set<string>();
  if (!Array.isArray(p.visits)) bad('visits', 'must be an array');
  else
    p.visits.forEach((v: unknown, i: number) => {
      const path = `visits[${i}]`;
      if (!isObj(v)) {
        bad(path, 'must be an object');
        return;
      }
      if (typeof v.id !== 'string' || v.id.length === 0) bad(`${path}.id`, 'must be a non-empty string');
      else if (visitIds.has(v.id)) bad(`${path}.id`, `duplicate visit id "${v.id}"`);
      else visitIds.add(v.id);
      checkLoc(`${path}.location`, v.location);
      checkWindow(`${path}.timeWindow`, v.timeWindow);
      if (!isNum(v.duration) || v.duration < 0) bad(`${path}.duration`, 'must be a number >= 0 (minutes)');
      checkStrings(`${path}.requiredSkills`, v.requiredSkills);
      checkStrings(`${path}.forbiddenCaregivers`, v.forbiddenCaregivers);
      if (v.preferredCaregiver !== undefined && typeof v.preferredCaregiver !== 'string')
        bad(`${path}.preferredCaregiver`, 'must be a caregiver id (string)');
      if (v.priority !== undefined && !(isNum(v.priority) && v.priority > 0)) bad(`${path}.priority`, 'must be a number > 0');
      if (v.softTimeWindow !== undefined && typeof v.softTimeWindow !== 'boolean') bad(`${path}.softTimeWindow`, 'must be a boolean');
    });
  if (p.weights !== undefined) {
    if (!isObj(p.weights)) bad('weights', 'must be an object');
    else
      for (const [k, w] of Object.entries(p.weights)) {
        if (!(k in DEFAULT_WEIGHTS)) bad(`weights.${k}`, `unknown weight (known: ${Object.keys(DEFAULT_WEIGHTS).join(', ')})`);
        else if (!(isNum(w) && w >= 0)) bad(`weights.${k}`, 'must be a number >= 0');
      }
  }
  if (p.timeWindows !== undefined && p.timeWindows !== 'hard' && p.timeWindows !== 'soft') bad('timeWindows', 'must be "hard" or "soft"');
  if (p.maxLatenessMinutes !== undefined && !(isNum(p.maxLatenessMinutes) && p.maxLatenessMinutes >= 0))
    bad('maxLatenessMinutes', 'must be a number >= 0');
  if (issues.length > 0) throw new HomeCareValidationError(issues);
}

// ---------------------------------------------------------------- travel

/** Great-circle distance in km. */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6371.0088;
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLng = (b.lng - a.lng) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Travel minutes between two locations under the problem's travel settings. */
export function travelMinutes(problem: HomeCareProblem, a: HomeCareLocation, b: HomeCareLocation): number {
  const t = problem.travel ?? {};
  if (t.matrix) return t.matrix[a as number][b as number];
  const speed = t.speedKmh ?? DEFAULT_SPEED_KMH;
  const factor = t.roadFactor ?? DEFAULT_ROAD_FACTOR;
  return (haversineKm(a as { lat: number; lng: number }, b as { lat: number; lng: number }) * factor * 60) / speed;
}

// ---------------------------------------------------------------- model

export interface HomeCareModel {
  model: Model;
  weights: CostWeights;
  /** index into problem.caregivers of each model vehicle (available caregivers only) */
  vehCaregiver: number[];
  problem: HomeCareProblem;
}

export function buildHomeCareModel(problem: HomeCareProblem): HomeCareModel {
  const weights: CostWeights = { ...DEFAULT_WEIGHTS, ...(problem.weights ?? {}) };
  const visits = problem.visits;
  const cgs = problem.caregivers;
  const vehCaregiver: number[] = [];
  cgs.forEach((c, i) => {
    if (!c.unavailable) vehCaregiver.push(i);
  });
  const V = vehCaregiver.length;
  const n = visits.length;

  // locations
  const locs: HomeCareLocation[] = [];
  const locIndex = new Map<string, number>();
  const matrix = problem.travel?.matrix;
  const locOf = (l: HomeCareLocation): number => {
    if (matrix) return l as number;
    const p = l as { lat: number; lng: number };
    const key = `${p.lat},${p.lng}`;
    let i = locIndex.get(key);
    if (i === undefined) {
      i = locs.length;
      locs.push(p);
      locIndex.set(key, i);
    }
    return i;
  };
  const jobLoc = visits.map((v) => locOf(v.location));
  const vStart = vehCaregiver.map((ci) => locOf(cgs[ci].start));
  const vEnd = vehCaregiver.map((ci) => locOf(cgs[ci].end ?? cgs[ci].start));
  const nLoc = matrix ? matrix.length : locs.length;
  const m = emptyModelArrays(n, V, Math.max(nLoc, 1));
  if (matrix) {
    for (let a = 0; a < nLoc; a++) for (let b = 0; b < nLoc; b++) m.time[a * nLoc + b] = matrix[a][b];
  } else {
    for (let a = 0; a < nLoc; a++)
      for (let b = 0; b < nLoc; b++) m.time[a * nLoc + b] = a === b ? 0 : travelMinutes(problem, locs[a], locs[b]);
  }
  m.costPerTime = weights.travel;
  const cgIdx = new Map<string, number>();
  for (let i = 0; i < cgs.length; i++) cgIdx.set(cgs[i].id, i);
  const defaultSoft = problem.timeWindows === 'soft';
  const maxLate = problem.maxLatenessMinutes ?? DEFAULT_MAX_LATENESS;
  let anyPref = false;
  for (let j = 0; j < n; j++) {
    const vis = visits[j];
    m.jobLoc[j] = jobLoc[j];
    m.demand[j] = 0;
    m.twStart[j] = vis.timeWindow.start;
    m.twEnd[j] = vis.timeWindow.end;
    const soft = vis.softTimeWindow ?? defaultSoft;
    m.twHard[j] = soft ? vis.timeWindow.end + maxLate : vis.timeWindow.end;
    m.lateW[j] = soft ? weights.lateness : 0;
    if (soft) m.anySoft = true;
    m.service[j] = vis.duration;
    m.unservedPenalty[j] = weights.unserved * (vis.priority ?? 1);
    if (vis.preferredCaregiver !== undefined && cgIdx.has(vis.preferredCaregiver)) anyPref = true;
    const req = vis.requiredSkills ?? [];
    const forbidden = new Set(vis.forbiddenCaregivers ?? []);
    for (let v = 0; v < V; v++) {
      const cg = cgs[vehCaregiver[v]];
      const skills = new Set(cg.skills ?? []);
      m.allowed[j * V + v] = req.every((s) => skills.has(s)) && !forbidden.has(cg.id) ? 1 : 0;
    }
  }
  if (anyPref && weights.preference > 0) {
    const pref = new Float64Array(n * V);
    for (let j = 0; j < n; j++) {
      const pc = visits[j].preferredCaregiver;
      if (pc === undefined || !cgIdx.has(pc)) continue;
      for (let v = 0; v < V; v++) if (cgs[vehCaregiver[v]].id !== pc) pref[j * V + v] = weights.preference;
    }
    m.pref = pref;
  }
  let totalDur = 0;
  for (let v = 0; v < V; v++) {
    const cg = cgs[vehCaregiver[v]];
    m.vStart[v] = vStart[v];
    m.vEnd[v] = vEnd[v];
    m.vTwStart[v] = cg.shift.start;
    m.vTwEnd[v] = cg.shift.end;
    m.capacity[v] = Number.POSITIVE_INFINITY;
    m.maxWork[v] = cg.maxWorkMinutes ?? Number.POSITIVE_INFINITY;
    if (cg.break && cg.break.duration > 0) {
      m.hasBreak[v] = 1;
      m.brkStart[v] = cg.break.start;
      m.brkLatest[v] = cg.break.end - cg.break.duration;
      m.brkDur[v] = cg.break.duration;
    }
  }
  for (let j = 0; j < n; j++) {
    let any = false;
    for (let v = 0; v < V; v++) if (m.allowed[j * V + v]) any = true;
    if (any) totalDur += visits[j].duration;
  }
  m.imbW = weights.imbalance;
  m.imbScale = 60;
  m.imbTarget = V > 0 ? totalDur / V : 0;
  m.refLoc = V > 0 ? vStart[0] : n > 0 ? jobLoc[0] : 0;
  return { model: m, weights, vehCaregiver, problem };
}

// ---------------------------------------------------------------- schedule of one route

interface Schedule {
  feasible: boolean;
  lateCost: number;
  lateMinutes: number;
  departure: number;
  arrivalEnd: number;
  stops: Stop[];
  brk: { start: number; end: number; afterStop: number } | null;
}

/**
 * Times of a route for a given break gap g (-1: no break; g: after the g-th stop,
 * 0 = before the first visit). The break is taken on arrival at the next place,
 * or before leaving when arriving would be too late for it.
 */
function simulate(m: Model, v: number, jobs: number[], visits: Visit[], g: number): Schedule {
  const T = m.time;
  const L = m.nLoc;
  let t = m.vTwStart[v];
  let loc = m.vStart[v];
  const stops: Stop[] = [];
  let lateCost = 0;
  let lateMinutes = 0;
  let brk: Schedule['brk'] = null;
  const fail: Schedule = { feasible: false, lateCost: Infinity, lateMinutes: 0, departure: 0, arrivalEnd: 0, stops: [], brk: null };
  for (let i = 0; i <= jobs.length; i++) {
    const isEnd = i === jobs.length;
    const nextLoc = isEnd ? m.vEnd[v] : m.jobLoc[jobs[i]];
    const tt = T[loc * L + nextLoc];
    let arrival = t + tt;
    let ready = arrival;
    if (g === i) {
      const bE = m.brkStart[v];
      const bL = m.brkLatest[v];
      const bd = m.brkDur[v];
      let bs = Math.max(arrival, bE);
      if (bs <= bL) ready = bs + bd;
      else {
        bs = Math.max(t, bE);
        if (bs > bL) return fail;
        arrival = bs + bd + tt;
        ready = arrival;
      }
      brk = { start: bs, end: bs + bd, afterStop: i - 1 };
    }
    if (isEnd) {
      if (ready > m.vTwEnd[v] + 1e-9) return fail;
      if (g < 0 && m.hasBreak[v] && jobs.length > 0 && ready > m.brkStart[v] + 1e-9) return fail;
      t = ready;
    } else {
      const j = jobs[i];
      const st = Math.max(ready, m.twStart[j]);
      if (st > m.twHard[j] + 1e-9) return fail;
      const late = Math.max(0, st - m.twEnd[j]);
      lateMinutes += late;
      lateCost += late * m.lateW[j];
      stops.push({ visitId: visits[j].id, arrival, start: st, end: st + m.service[j], lateness: late });
      t = st + m.service[j];
      loc = nextLoc;
    }
  }
  let departure = m.vTwStart[v];
  if (stops.length > 0 && !(brk && brk.afterStop === -1)) {
    // leave home just in time for the first visit instead of waiting there
    const tt = T[m.vStart[v] * L + m.jobLoc[jobs[0]]];
    departure = Math.max(departure, stops[0].start - tt);
    stops[0].arrival = departure + tt;
  }
  return { feasible: true, lateCost, lateMinutes, departure, arrivalEnd: t, stops, brk };
}

function bestSchedule(m: Model, v: number, jobs: number[], visits: Visit[]): Schedule {
  let best = simulate(m, v, jobs, visits, -1);
  if (m.hasBreak[v] && jobs.length > 0) {
    for (let g = 0; g <= jobs.length; g++) {
      const s = simulate(m, v, jobs, visits, g);
      if (!s.feasible) continue;
      if (
        !best.feasible ||
        s.lateCost < best.lateCost - 1e-9 ||
        (Math.abs(s.lateCost - best.lateCost) <= 1e-9 && s.arrivalEnd < best.arrivalEnd)
      )
        best = s;
    }
  }
  return best;
}

// ---------------------------------------------------------------- solve

export function solveHomeCare(problem: HomeCareProblem, options: HomeCareOptions = {}): HomeCareSolution {
  validateHomeCareProblem(problem);
  const hm = buildHomeCareModel(problem);
  const m = hm.model;
  const engine = new Engine(m, options.seed ?? 1);
  const res = engine.solve({
    seed: options.seed,
    iterations: options.iterations,
    timeLimitMs: options.timeLimitMs ?? (options.iterations === undefined ? 5000 : undefined),
  });
  return buildSolution(hm, engine, res.routes, res.unserved, res.iterations, res.elapsedMs);
}

function buildSolution(
  hm: HomeCareModel,
  engine: Engine,
  vehRoutes: number[][],
  unservedJobs: number[],
  iterations: number,
  elapsedMs: number,
): HomeCareSolution {
  const { model: m, weights, vehCaregiver, problem } = hm;
  const visits = problem.visits;
  const cgs = problem.caregivers;
  const V = m.nVeh;
  const cost: CostBreakdown = { travel: 0, lateness: 0, unserved: 0, preference: 0, imbalance: 0, total: 0 };
  let travelTotal = 0;
  let lateTotal = 0;
  let prefMisses = 0;
  const routes: CaregiverRoute[] = cgs.map((c) => ({
    caregiverId: c.id,
    departure: null,
    arrival: null,
    stops: [],
    break: null,
    travelMinutes: 0,
    workMinutes: 0,
  }));
  const works: number[] = [];
  for (let v = 0; v < V; v++) {
    const jobs = vehRoutes[v];
    const r = routes[vehCaregiver[v]];
    let trav = 0;
    let serv = 0;
    if (jobs.length > 0) {
      const sched = bestSchedule(m, v, jobs, visits);
      if (!sched.feasible) throw new Error(`internal error: route of ${r.caregiverId} is infeasible`);
      let prev = m.vStart[v];
      for (const j of jobs) {
        trav += m.time[prev * m.nLoc + m.jobLoc[j]];
        serv += m.service[j];
        prev = m.jobLoc[j];
        if (m.pref && m.pref[j * V + v] > 0) {
          cost.preference += m.pref[j * V + v];
          prefMisses++;
        }
      }
      trav += m.time[prev * m.nLoc + m.vEnd[v]];
      r.stops = sched.stops;
      r.break = sched.brk;
      r.departure = sched.departure;
      r.arrival = sched.arrivalEnd;
      cost.lateness += sched.lateCost;
      lateTotal += sched.lateMinutes;
    }
    r.travelMinutes = trav;
    r.workMinutes = trav + serv;
    works.push(trav + serv);
    travelTotal += trav;
    const d = (trav + serv - m.imbTarget) / m.imbScale;
    cost.imbalance += m.imbW * d * d;
  }
  cost.travel = weights.travel * travelTotal;
  const unserved = unservedJobs.map((j) => {
    cost.unserved += m.unservedPenalty[j];
    return { visitId: visits[j].id, reason: unservedReason(hm, engine, j) };
  });
  cost.total = cost.travel + cost.lateness + cost.unserved + cost.preference + cost.imbalance;
  const served = visits.length - unserved.length;
  return {
    routes,
    unserved,
    cost,
    stats: {
      servedVisits: served,
      unservedVisits: unserved.length,
      usedCaregivers: routes.filter((r) => r.stops.length > 0).length,
      travelMinutes: travelTotal,
      lateMinutes: lateTotal,
      preferenceMisses: prefMisses,
      workMinutes: {
        min: works.length ? Math.min(...works) : 0,
        max: works.length ? Math.max(...works) : 0,
        mean: works.length ? works.reduce((a, b) => a + b, 0) / works.length : 0,
      },
      iterations,
      elapsedMs,
    },
  };
}

/** Why visit j is not in the plan (engine must hold the final routes). */
function unservedReason(hm: HomeCareModel, engine: Engine, j: number): UnservedReason {
  const { model: m, problem, vehCaregiver } = hm;
  const V = m.nVeh;
  const vis = problem.visits[j];
  const req = vis.requiredSkills ?? [];
  const skilled = problem.caregivers.some((c: Caregiver) => req.every((s) => (c.skills ?? []).includes(s)));
  if (!skilled) return 'NO_SKILLED_CAREGIVER';
  let stage = -1; // 0 shift, 1 max work, 2 time window, 3 feasible alone
  const names: UnservedReason[] = ['OUTSIDE_ALL_SHIFTS', 'MAX_WORK_TIME', 'TIME_WINDOW_UNREACHABLE'];
  for (let v = 0; v < V; v++) {
    if (!m.allowed[j * V + v]) continue;
    const cg = problem.caregivers[vehCaregiver[v]];
    let s = 0;
    const begin = Math.max(vis.timeWindow.start, cg.shift.start);
    const latest = m.twHard[j];
    if (begin <= latest && begin + vis.duration <= cg.shift.end) {
      s = 1;
      const tt = m.time[m.vStart[v] * m.nLoc + m.jobLoc[j]] + m.time[m.jobLoc[j] * m.nLoc + m.vEnd[v]];
      if (tt + vis.duration <= m.maxWork[v]) {
        s = 2;
        if (engine.aloneOn(j, v)) s = 3;
      }
    }
    stage = Math.max(stage, s);
  }
  if (stage < 0) return 'NO_ELIGIBLE_CAREGIVER';
  if (stage < 3) return names[stage];
  engine.findInsertion(j, 0, Number.POSITIVE_INFINITY);
  return engine.foundV < 0 ? 'NO_FEASIBLE_INSERTION' : 'NOT_PROFITABLE';
}
