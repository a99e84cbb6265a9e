import { Engine, type EngineOptions } from './engine.ts';
import { emptyModelArrays, type Model } from './model.ts';

/** A classic VRPTW instance. Node 0 is the depot, 1..n the customers. */
export interface VrptwInstance {
  name: string;
  vehicles: number;
  capacity: number;
  /** depot first */
  nodes: VrptwNode[];
}

export interface VrptwNode {
  id: number;
  x: number;
  y: number;
  demand: number;
  ready: number;
  due: number;
  service: number;
}

export interface VrptwOptions {
  seed?: number;
  /** wall-clock limit in milliseconds */
  timeLimitMs?: number;
  /** iteration limit; with no time limit the run is deterministic for a seed */
  iterations?: number;
  engine?: Omit<EngineOptions, 'seed' | 'iterations' | 'timeLimitMs'>;
}

export interface VrptwSolution {
  instance: string;
  /** number of non-empty routes */
  vehicles: number;
  distance: number;
  /** customer ids (as in the file) in visiting order, one array per used vehicle */
  routes: number[][];
  /** customer ids that could not be served (empty for a feasible instance) */
  unserved: number[];
  iterations: number;
  seconds: number;
}

/** Parse the Solomon text format (name, VEHICLE section, CUSTOMER table). */
export function parseSolomon(text: string): VrptwInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const name = lines.find((l) => l.length > 0) ?? 'unnamed';
  let vehicles = Number.NaN;
  let capacity = Number.NaN;
  const nodes: VrptwNode[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^VEHICLE/i.test(l)) {
      section = 'vehicle';
      continue;
    }
    if (/^CUSTOMER/i.test(l)) {
      section = 'customer';
      continue;
    }
    const nums = l.split(/\s+/).filter((x) => x.length > 0);
    if (nums.length === 0 || !nums.every((x) => /^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(x))) continue;
    const vals = nums.map(Number);
    if (section === 'vehicle' && vals.length === 2 && Number.isNaN(vehicles)) {
      vehicles = vals[0];
      capacity = vals[1];
    } else if (section === 'customer' && vals.length >= 7) {
      nodes.push({ id: vals[0], x: vals[1], y: vals[2], demand: vals[3], ready: vals[4], due: vals[5], service: vals[6] });
    }
  }
  if (Number.isNaN(vehicles) || Number.isNaN(capacity)) throw new Error('Solomon file: missing VEHICLE NUMBER / CAPACITY line');
  if (nodes.length < 2) throw new Error('Solomon file: needs a depot row and at least one customer row');
  return { name, vehicles, capacity, nodes };
}

export function euclid(a: VrptwNode, b: VrptwNode): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Internal model: locations = nodes, jobs = customers (job j is node j+1). */
export function vrptwModel(inst: VrptwInstance): Model {
  const nodes = inst.nodes;
  const nLoc = nodes.length;
  const nJobs = nLoc - 1;
  const V = inst.vehicles;
  const m = emptyModelArrays(nJobs, V, nLoc);
  for (let a = 0; a < nLoc; a++) for (let b = 0; b < nLoc; b++) m.time[a * nLoc + b] = euclid(nodes[a], nodes[b]);
  for (let j = 0; j < nJobs; j++) {
    const c = nodes[j + 1];
    m.jobLoc[j] = j + 1;
    m.demand[j] = c.demand;
    m.twStart[j] = c.ready;
    m.twEnd[j] = c.due;
    m.twHard[j] = c.due;
    m.service[j] = c.service;
    m.unservedPenalty[j] = 1e7;
  }
  const depot = nodes[0];
  for (let v = 0; v < V; v++) {
    m.vStart[v] = 0;
    m.vEnd[v] = 0;
    m.vTwStart[v] = depot.ready;
    m.vTwEnd[v] = depot.due;
    m.capacity[v] = inst.capacity;
  }
  m.refLoc = 0;
  return m;
}

/** Minimise total distance with all customers served and every constraint hard. */
export function solveVrptw(inst: VrptwInstance, options: VrptwOptions = {}): VrptwSolution {
  const model = vrptwModel(inst);
  const engine = new Engine(model, options.seed ?? 1);
  const res = engine.solve({
    ...options.engine,
    seed: options.seed,
    iterations: options.iterations,
    timeLimitMs: options.timeLimitMs,
  });
  const routes: number[][] = [];
  let distance = 0;
  for (const r of res.routes) {
    if (r.length === 0) continue;
    const ids = r.map((j) => inst.nodes[j + 1].id);
    routes.push(ids);
    let prev = 0;
    for (const j of r) {
      distance += euclid(inst.nodes[prev], inst.nodes[j + 1]);
      prev = j + 1;
    }
    distance += euclid(inst.nodes[prev], inst.nodes[0]);
  }
  return {
    instance: inst.name,
    vehicles: routes.length,
    distance,
    routes,
    unserved: res.unserved.map((j) => inst.nodes[j + 1].id),
    iterations: res.iterations,
    seconds: res.elapsedMs / 1000,
  };
}

export interface VrptwCheck {
  feasible: boolean;
  distance: number;
  errors: string[];
}

/** Re-simulate routes (customer ids) against the instance. Used by the CLI and bench. */
export function checkVrptw(inst: VrptwInstance, routes: number[][]): VrptwCheck {
  const errors: string[] = [];
  const byId = new Map<number, VrptwNode>();
  for (const nd of inst.nodes.slice(1)) byId.set(nd.id, nd);
  const depot = inst.nodes[0];
  const seen = new Set<number>();
  let distance = 0;
  if (routes.length > inst.vehicles) errors.push(`uses ${routes.length} vehicles, fleet is ${inst.vehicles}`);
  routes.forEach((r, ri) => {
    let t = depot.ready;
    let load = 0;
    let prev = depot;
    for (const id of r) {
      const c = byId.get(id);
      if (!c) {
        errors.push(`route ${ri}: unknown customer ${id}`);
        continue;
      }
      if (seen.has(id)) errors.push(`customer ${id} visited twice`);
      seen.add(id);
      const d = euclid(prev, c);
      distance += d;
      t = Math.max(t + d, c.ready);
      if (t > c.due + 1e-9) errors.push(`route ${ri}: customer ${id} starts at ${t} after due ${c.due}`);
      t += c.service;
      load += c.demand;
      prev = c;
    }
    const d = euclid(prev, depot);
    distance += d;
    t += d;
    if (t > depot.due + 1e-9) errors.push(`route ${ri}: returns at ${t} after depot due ${depot.due}`);
    if (load > inst.capacity + 1e-9) errors.push(`route ${ri}: load ${load} > capacity ${inst.capacity}`);
  });
  for (const id of byId.keys()) if (!seen.has(id)) errors.push(`customer ${id} not served`);
  return { feasible: errors.length === 0, distance, errors };
}
