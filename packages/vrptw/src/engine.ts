import type { Model } from './model.ts';
import { Rng } from './rng.ts';

/**
 * Ruin-and-recreate search in the style of SISR (Christiaens & Vanden Berghe,
 * "Slack induction by string removals for vehicle routing problems", 2020):
 * adjacent string / split-string removal, greedy insertion with blinks,
 * simulated-annealing acceptance.
 *
 * Feasibility of an insertion is tested in O(1) from per-route forward
 * (earliest departure) and backward (latest start) times. Routes whose
 * vehicle has a break, or models with soft time windows, additionally run an
 * exact two-label (break taken / not yet taken) forward pass from the
 * insertion point; home-care routes are short so that stays cheap.
 */

export interface EngineOptions {
  seed?: number;
  /** maximum number of ruin-and-recreate iterations */
  iterations?: number;
  /** wall-clock limit in milliseconds */
  timeLimitMs?: number;
  /** average number of removed jobs per ruin (SISR c-bar) */
  avgRemoved?: number;
  /** maximum string length (SISR L-max) */
  maxStringLength?: number;
  /** probability of skipping a position during insertion */
  blinkRate?: number;
  /** probability of using split-string removal instead of string removal */
  splitRate?: number;
  /** split depth: chance to stop growing the preserved part */
  splitDepth?: number;
  /**
   * clock for timeLimitMs: 'wall' (default) or 'cpu' (process CPU time; for benchmarks on a
   * shared machine, where wall time would charge other processes' work to the solver)
   */
  clock?: 'wall' | 'cpu';
  /** probability that a ruin empties a whole (preferably short) route instead */
  routeRemovalRate?: number;
  /** start / end temperature relative to the average travel cost per served job */
  startTemperature?: number;
  endTemperature?: number;
}

export interface EngineResult {
  /** job indices per vehicle, in visiting order */
  routes: number[][];
  unserved: number[];
  cost: number;
  iterations: number;
  elapsedMs: number;
}

const INF = Number.POSITIVE_INFINITY;

export class Engine {
  readonly m: Model;
  private readonly n: number;
  private readonly V: number;
  private readonly L: number;
  private readonly rng: Rng;

  // per-route state
  readonly len: Int32Array;
  readonly jobs: Int32Array[];
  private readonly locs: Int32Array[];
  private readonly dep: Float64Array[];
  private readonly zs: Float64Array[];
  private readonly nT: Float64Array[];
  private readonly nLt: Float64Array[];
  private readonly tT: Float64Array[];
  private readonly tLt: Float64Array[];
  readonly load: Float64Array;
  readonly travel: Float64Array;
  readonly work: Float64Array;
  readonly late: Float64Array;
  readonly prefSum: Float64Array;
  readonly rcost: Float64Array;
  private readonly slow: Uint8Array;
  private readonly vClass: Int32Array;
  private readonly classStamp: Int32Array;
  private stamp = 0;

  readonly jobRoute: Int32Array;
  private readonly jobPos: Int32Array;
  unserved: number[] = [];
  /** jobs that no vehicle can serve even alone; never inserted */
  readonly never: Uint8Array;
  private readonly adj: Int32Array[];
  private readonly removedMark: Uint8Array;

  // undo log
  private iterStamp = 0;
  private readonly savedStamp: Int32Array;
  private readonly savedLen: Int32Array;
  private readonly savedJobs: Int32Array[];
  private touched: number[] = [];
  private routeRemovalRate = 0;

  // scratch state of the label simulation
  private sNt = 0;
  private sNl = 0;
  private sTt = 0;
  private sTl = 0;
  private sLoc = 0;
  /** set by step(): the "break taken" label was created in this gap */
  sBreakHere = false;
  /** set by step(): break taken before the travel of this gap (otherwise after it) */
  sBreakBeforeTravel = false;

  constructor(model: Model, seed = 1) {
    this.m = model;
    const n = model.nJobs;
    const V = model.nVeh;
    this.n = n;
    this.V = V;
    this.L = model.nLoc;
    this.rng = new Rng(seed);
    const size = n + 2;
    this.len = new Int32Array(V);
    this.jobs = [];
    this.locs = [];
    this.dep = [];
    this.zs = [];
    this.nT = [];
    this.nLt = [];
    this.tT = [];
    this.tLt = [];
    this.savedJobs = [];
    this.slow = new Uint8Array(V);
    for (let v = 0; v < V; v++) {
      this.jobs.push(new Int32Array(size));
      this.locs.push(new Int32Array(size));
      this.dep.push(new Float64Array(size));
      this.zs.push(new Float64Array(size));
      this.savedJobs.push(new Int32Array(size));
      this.slow[v] = model.hasBreak[v] || model.anySoft ? 1 : 0;
      if (this.slow[v]) {
        this.nT.push(new Float64Array(size));
        this.nLt.push(new Float64Array(size));
        this.tT.push(new Float64Array(size));
        this.tLt.push(new Float64Array(size));
      } else {
        const empty = new Float64Array(0);
        this.nT.push(empty);
        this.nLt.push(empty);
        this.tT.push(empty);
        this.tLt.push(empty);
      }
    }
    this.load = new Float64Array(V);
    this.travel = new Float64Array(V);
    this.work = new Float64Array(V);
    this.late = new Float64Array(V);
    this.prefSum = new Float64Array(V);
    this.rcost = new Float64Array(V);
    this.savedStamp = new Int32Array(V);
    this.savedLen = new Int32Array(V);
    this.jobRoute = new Int32Array(n).fill(-1);
    this.jobPos = new Int32Array(n);
    this.removedMark = new Uint8Array(n);

    // vehicle classes: identical empty vehicles need to be tried only once
    this.vClass = new Int32Array(V);
    const classes = new Map<string, number>();
    for (let v = 0; v < V; v++) {
      const parts: (number | string)[] = [
        model.vStart[v],
        model.vEnd[v],
        model.vTwStart[v],
        model.vTwEnd[v],
        model.capacity[v],
        model.maxWork[v],
        model.hasBreak[v],
        model.brkStart[v],
        model.brkLatest[v],
        model.brkDur[v],
      ];
      let col = '';
      for (let j = 0; j < n; j++) col += model.allowed[j * V + v] ? '1' : '0';
      parts.push(col);
      if (model.pref) {
        const p: number[] = [];
        for (let j = 0; j < n; j++) p.push(model.pref[j * V + v]);
        parts.push(p.join(','));
      }
      const key = parts.join('|');
      let c = classes.get(key);
      if (c === undefined) {
        c = classes.size;
        classes.set(key, c);
      }
      this.vClass[v] = c;
    }
    this.classStamp = new Int32Array(classes.size).fill(-1);

    // neighbour lists by travel time (symmetrised)
    const T = model.time;
    const L = this.L;
    this.adj = [];
    const idx: number[] = [];
    for (let j = 0; j < n; j++) idx.push(j);
    const key = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const li = model.jobLoc[i];
      for (let j = 0; j < n; j++) {
        const lj = model.jobLoc[j];
        key[j] = i === j ? -1 : T[li * L + lj] + T[lj * L + li];
      }
      const order = idx.slice().sort((a, b) => key[a] - key[b] || a - b);
      this.adj.push(Int32Array.from(order));
    }

    for (let v = 0; v < V; v++) this.rebuild(v);
    this.never = new Uint8Array(n);
    for (let j = 0; j < n; j++) if (!this.canServeAlone(j)) this.never[j] = 1;
  }

  private imb(w: number): number {
    const d = (w - this.m.imbTarget) / this.m.imbScale;
    return this.m.imbW * d * d;
  }

  /** Recompute all cached data of route v from its job sequence. */
  rebuild(v: number): void {
    const m = this.m;
    const T = m.time;
    const L = this.L;
    const V = this.V;
    const k = this.len[v];
    const J = this.jobs[v];
    const Lc = this.locs[v];
    const dep = this.dep[v];
    const zs = this.zs[v];
    Lc[0] = m.vStart[v];
    Lc[k + 1] = m.vEnd[v];
    let d = m.vTwStart[v];
    dep[0] = d;
    let load = 0;
    let trav = 0;
    let serv = 0;
    let pref = 0;
    let prev = m.vStart[v];
    for (let i = 1; i <= k; i++) {
      const j = J[i];
      const loc = m.jobLoc[j];
      Lc[i] = loc;
      const t = T[prev * L + loc];
      trav += t;
      let a = d + t;
      if (a < m.twStart[j]) a = m.twStart[j];
      d = a + m.service[j];
      dep[i] = d;
      load += m.demand[j];
      serv += m.service[j];
      if (m.pref) pref += m.pref[j * V + v];
      this.jobRoute[j] = v;
      this.jobPos[j] = i;
      prev = loc;
    }
    if (k > 0) {
      const t = T[prev * L + m.vEnd[v]];
      trav += t;
      dep[k + 1] = d + t;
    } else {
      dep[1] = d;
    }
    zs[k + 1] = m.vTwEnd[v];
    for (let i = k; i >= 1; i--) {
      const j = J[i];
      const z = zs[i + 1] - T[Lc[i] * L + Lc[i + 1]] - m.service[j];
      zs[i] = Math.min(z, m.twHard[j]);
    }
    zs[0] = k > 0 ? zs[1] - T[Lc[0] * L + Lc[1]] : m.vTwEnd[v];
    this.load[v] = load;
    this.travel[v] = trav;
    this.work[v] = trav + serv;
    this.prefSum[v] = pref;
    let late = 0;
    if (this.slow[v]) {
      const nT = this.nT[v];
      const nLt = this.nLt[v];
      const tT = this.tT[v];
      const tLt = this.tLt[v];
      this.startLabels(v);
      nT[0] = this.sNt;
      nLt[0] = this.sNl;
      tT[0] = this.sTt;
      tLt[0] = this.sTl;
      for (let i = 1; i <= k; i++) {
        this.step(v, J[i]);
        nT[i] = this.sNt;
        nLt[i] = this.sNl;
        tT[i] = this.sTt;
        tLt[i] = this.sTl;
      }
      late = k > 0 ? this.finish(v) : 0;
    }
    this.late[v] = late;
    this.rcost[v] = m.costPerTime * trav + late + pref + (m.imbW !== 0 ? this.imb(trav + serv) : 0);
  }

  // ---- exact label simulation (breaks, soft windows) ----

  startLabels(v: number): void {
    this.sNt = this.m.vTwStart[v];
    this.sNl = 0;
    this.sTt = INF;
    this.sTl = 0;
    this.sLoc = this.m.vStart[v];
  }

  /** Extend both labels by visiting job j (label times = departure after service). */
  step(v: number, j: number): void {
    const m = this.m;
    const loc = m.jobLoc[j];
    const t = m.time[this.sLoc * this.L + loc];
    const e = m.twStart[j];
    const due = m.twEnd[j];
    const hard = m.twHard[j];
    const s = m.service[j];
    const w = m.lateW[j];
    let ntt = INF;
    let ntl = 0;
    this.sBreakHere = false;
    const tt = this.sTt;
    if (tt < INF) {
      let st = tt + t;
      if (st < e) st = e;
      if (st <= hard) {
        ntt = st + s;
        ntl = this.sTl + (st > due ? (st - due) * w : 0);
      }
    }
    let nnt = INF;
    let nnl = 0;
    const nt = this.sNt;
    if (nt < INF) {
      let st = nt + t;
      if (st < e) st = e;
      if (st <= hard) {
        nnt = st + s;
        nnl = this.sNl + (st > due ? (st - due) * w : 0);
      }
      if (m.hasBreak[v]) {
        const bE = m.brkStart[v];
        const bL = m.brkLatest[v];
        const bd = m.brkDur[v];
        let ready = INF;
        let before = false;
        const arr = nt + t;
        let bs = Math.max(arr, bE);
        if (bs <= bL) ready = bs + bd;
        else {
          bs = Math.max(nt, bE);
          if (bs <= bL) {
            ready = bs + bd + t;
            before = true;
          }
        }
        if (ready < INF) {
          const st2 = Math.max(ready, e);
          if (st2 <= hard) {
            const c = st2 + s;
            const cl = this.sNl + (st2 > due ? (st2 - due) * w : 0);
            if (c < ntt || (c === ntt && cl < ntl)) {
              ntt = c;
              ntl = cl;
              this.sBreakHere = true;
              this.sBreakBeforeTravel = before;
            }
          }
        }
      }
    }
    this.sNt = nnt;
    this.sNl = nnl;
    this.sTt = ntt;
    this.sTl = ntl;
    this.sLoc = loc;
  }

  /** Close the route at the end location; returns lateness cost or INF if infeasible. */
  finish(v: number): number {
    const m = this.m;
    const t = m.time[this.sLoc * this.L + m.vEnd[v]];
    const lim = m.vTwEnd[v];
    let best = INF;
    this.sBreakHere = false;
    if (this.sTt < INF && this.sTt + t <= lim) best = this.sTl;
    const nt = this.sNt;
    if (nt < INF && this.sNl < best) {
      const arr = nt + t;
      if (arr <= lim) {
        if (!m.hasBreak[v] || arr <= m.brkStart[v]) best = this.sNl;
        else {
          const bE = m.brkStart[v];
          const bL = m.brkLatest[v];
          const bd = m.brkDur[v];
          let ok = false;
          let bs = Math.max(arr, bE);
          if (bs <= bL && bs + bd <= lim) ok = true;
          else {
            bs = Math.max(nt, bE);
            if (bs <= bL && bs + bd + t <= lim) {
              ok = true;
              this.sBreakBeforeTravel = true;
            }
          }
          if (ok) {
            best = this.sNl;
            this.sBreakHere = true;
          }
        }
      }
    }
    return best;
  }

  /** Lateness cost of route v with job u inserted after position p (INF if infeasible). */
  private simulateInsert(v: number, p: number, u: number): number {
    this.sNt = this.nT[v][p];
    this.sNl = this.nLt[v][p];
    this.sTt = this.tT[v][p];
    this.sTl = this.tLt[v][p];
    this.sLoc = this.locs[v][p];
    this.step(v, u);
    if (this.sNt === INF && this.sTt === INF) return INF;
    const k = this.len[v];
    const J = this.jobs[v];
    for (let i = p + 1; i <= k; i++) {
      this.step(v, J[i]);
      if (this.sNt === INF && this.sTt === INF) return INF;
    }
    return this.finish(v);
  }

  /** Is job j feasible on an otherwise empty route of some allowed vehicle? */
  canServeAlone(j: number): boolean {
    for (let v = 0; v < this.V; v++) if (this.aloneOn(j, v)) return true;
    return false;
  }

  aloneOn(j: number, v: number): boolean {
    const m = this.m;
    if (!m.allowed[j * this.V + v]) return false;
    if (m.demand[j] > m.capacity[v]) return false;
    const L = this.L;
    const t1 = m.time[m.vStart[v] * L + m.jobLoc[j]];
    const t2 = m.time[m.jobLoc[j] * L + m.vEnd[v]];
    if (t1 + t2 + m.service[j] > m.maxWork[v]) return false;
    this.startLabels(v);
    this.step(v, j);
    return this.finish(v) < INF;
  }

  // ---- moves ----

  private save(v: number): void {
    if (this.savedStamp[v] === this.iterStamp) return;
    this.savedStamp[v] = this.iterStamp;
    const k = this.len[v];
    this.savedLen[v] = k;
    this.savedJobs[v].set(this.jobs[v].subarray(1, k + 1));
    this.touched.push(v);
  }

  private insertAt(v: number, p: number, u: number): void {
    this.save(v);
    const J = this.jobs[v];
    const k = this.len[v];
    J.copyWithin(p + 2, p + 1, k + 1);
    J[p + 1] = u;
    this.len[v] = k + 1;
    this.rebuild(v);
  }

  /** vehicle and position found by the last findInsertion() call (-1 if none) */
  foundV = -1;
  foundP = -1;
  private blinkLeft = 0;

  /** Best insertion of u; returns true if inserted. */
  private insertBest(u: number, blink: number): boolean {
    this.findInsertion(u, blink, this.m.unservedPenalty[u]);
    if (this.foundV < 0) return false;
    this.insertAt(this.foundV, this.foundP, u);
    return true;
  }

  /**
   * Cheapest feasible insertion of job u whose cost increase is below `limit`
   * (positions skipped with probability `blink`). Result in foundV / foundP;
   * returns the cost increase (or `limit` when nothing was found).
   */
  findInsertion(u: number, blink: number, limit: number): number {
    const m = this.m;
    const T = m.time;
    const L = this.L;
    const V = this.V;
    const rng = this.rng;
    const ul = m.jobLoc[u];
    const eU = m.twStart[u];
    const hU = m.twHard[u];
    const sU = m.service[u];
    const dU = m.demand[u];
    const c = m.costPerTime;
    const imbOn = m.imbW !== 0;
    let best = limit;
    let bestV = -1;
    let bestP = -1;
    const st0 = ++this.stamp;
    for (let v = 0; v < V; v++) {
      if (!m.allowed[u * V + v]) continue;
      if (this.load[v] + dU > m.capacity[v]) continue;
      const k = this.len[v];
      if (k === 0) {
        const cl = this.vClass[v];
        if (this.classStamp[cl] === st0) continue;
        this.classStamp[cl] = st0;
      }
      const pu = m.pref ? m.pref[u * V + v] : 0;
      if (!imbOn && pu >= best) continue;
      const dep = this.dep[v];
      const zs = this.zs[v];
      const Lc = this.locs[v];
      const wv = this.work[v];
      const maxW = m.maxWork[v];
      const slow = this.slow[v];
      const imb0 = imbOn ? this.imb(wv) : 0;
      for (let p = 0; p <= k; p++) {
        const dp = dep[p];
        if (dp > hU) break;
        if (blink > 0 && --this.blinkLeft <= 0) {
          // geometric gap to the next skipped position: one random draw per blink, not per position
          this.blinkLeft = 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - blink));
          continue;
        }
        const pl = Lc[p];
        const ql = Lc[p + 1];
        const tpu = T[pl * L + ul];
        let st = dp + tpu;
        if (st < eU) st = eU;
        if (st > hU) continue;
        const tuq = T[ul * L + ql];
        if (st + sU + tuq > zs[p + 1]) continue;
        const dT = k === 0 ? tpu + tuq : tpu + tuq - T[pl * L + ql];
        if (wv + dT + sU > maxW) continue;
        let delta = c * dT + pu;
        if (imbOn) delta += this.imb(wv + dT + sU) - imb0;
        if (delta >= best) continue;
        if (slow) {
          const nl = this.simulateInsert(v, p, u);
          if (nl === INF) continue;
          delta += nl - this.late[v];
          if (delta >= best) continue;
        }
        best = delta;
        bestV = v;
        bestP = p;
      }
    }
    this.foundV = bestV;
    this.foundP = bestP;
    return best;
  }

  totalCost(): number {
    let s = 0;
    for (let v = 0; v < this.V; v++) s += this.rcost[v];
    for (const j of this.unserved) s += this.m.unservedPenalty[j];
    return s;
  }

  // ---- ruin ----

  private ruin(avgRemoved: number, lMax: number, splitRate: number, splitDepth: number, out: number[]): void {
    const rng = this.rng;
    const V = this.V;
    let served = 0;
    let used = 0;
    for (let v = 0; v < V; v++) {
      if (this.len[v] > 0) {
        served += this.len[v];
        used++;
      }
    }
    if (served === 0) return;
    let forcedSeed = -1;
    if (used > 1 && rng.next() < this.routeRemovalRate) {
      // empty a whole route (short routes more likely): lets the search drop a vehicle
      let pick = -1;
      let bestScore = INF;
      for (let v = 0; v < V; v++) {
        if (this.len[v] === 0) continue;
        const score = this.len[v] * (0.5 + rng.next());
        if (score < bestScore) {
          bestScore = score;
          pick = v;
        }
      }
      this.save(pick);
      const J = this.jobs[pick];
      const k = this.len[pick];
      forcedSeed = J[1 + rng.int(k)];
      served -= k;
      used--;
      for (let i = 1; i <= k; i++) {
        this.jobRoute[J[i]] = -1;
        out.push(J[i]);
      }
      this.len[pick] = 0;
      this.rebuild(pick);
      if (served === 0) return;
    }
    const avgLen = served / used;
    const lsMax = Math.min(lMax, avgLen);
    const ksMax = (4 * avgRemoved) / (1 + lsMax) - 1;
    const ks = Math.floor(rng.next() * ksMax) + 1;
    // random served seed job
    let seed = forcedSeed;
    for (let tries = 0; tries < 10 * this.n && seed < 0; tries++) {
      const j = rng.int(this.n);
      if (this.jobRoute[j] >= 0) seed = j;
    }
    if (seed < 0) return;
    const ruined: number[] = [];
    const mark = this.removedMark;
    const visit = (c: number): boolean => {
      const v = this.jobRoute[c];
      if (v < 0 || mark[c] || ruined.includes(v)) return false;
      const k = this.len[v];
      const lmaxT = Math.min(k, lsMax);
      const l = Math.floor(rng.next() * lmaxT) + 1;
      const pos = this.jobPos[c];
      const J = this.jobs[v];
      if (l >= k || rng.next() >= splitRate) {
        // string removal: l consecutive jobs containing c
        const lo = Math.max(1, pos - l + 1);
        const hi = Math.min(pos, k - l + 1);
        const start = lo + rng.int(hi - lo + 1);
        for (let i = start; i < start + l; i++) {
          mark[J[i]] = 1;
          out.push(J[i]);
        }
      } else {
        // split string: a string of l + mm containing c, mm consecutive jobs kept
        let mm = 1;
        while (l + mm < k && rng.next() > splitDepth) mm++;
        const size = l + mm;
        const lo = Math.max(1, pos - size + 1);
        const hi = Math.min(pos, k - size + 1);
        const start = lo + rng.int(hi - lo + 1);
        const keepFrom = start + rng.int(l + 1);
        for (let i = start; i < start + size; i++) {
          if (i >= keepFrom && i < keepFrom + mm) continue;
          mark[J[i]] = 1;
          out.push(J[i]);
        }
      }
      ruined.push(v);
      return true;
    };
    visit(seed);
    const nb = this.adj[seed];
    for (let i = 0; i < nb.length && ruined.length < ks; i++) visit(nb[i]);
    // apply removals
    for (const v of ruined) {
      this.save(v);
      const J = this.jobs[v];
      const k = this.len[v];
      let w = 1;
      for (let i = 1; i <= k; i++) {
        const j = J[i];
        if (mark[j]) {
          mark[j] = 0;
          this.jobRoute[j] = -1;
        } else J[w++] = j;
      }
      this.len[v] = w - 1;
      this.rebuild(v);
    }
  }

  private sortPool(pool: number[]): void {
    const m = this.m;
    const rng = this.rng;
    rng.shuffle(pool);
    const r = rng.next() * 13;
    const T = m.time;
    const L = this.L;
    const ref = m.refLoc;
    if (r < 4) return; // random
    if (r < 8) {
      pool.sort((a, b) => m.demand[b] - m.demand[a]);
    } else if (r < 10) {
      pool.sort((a, b) => T[ref * L + m.jobLoc[b]] - T[ref * L + m.jobLoc[a]]);
    } else if (r < 11) {
      pool.sort((a, b) => T[ref * L + m.jobLoc[a]] - T[ref * L + m.jobLoc[b]]);
    } else {
      pool.sort((a, b) => m.twHard[a] - m.twStart[a] - (m.twHard[b] - m.twStart[b]));
    }
    // more important jobs (higher penalty for leaving them out) first
    if (!this.uniformPenalty) pool.sort((a, b) => m.unservedPenalty[b] - m.unservedPenalty[a]);
  }

  private get uniformPenalty(): boolean {
    if (this._uniform === undefined) {
      const p = this.m.unservedPenalty;
      let u = true;
      for (let j = 1; j < this.n; j++) if (p[j] !== p[0]) u = false;
      this._uniform = u;
    }
    return this._uniform;
  }
  private _uniform: boolean | undefined;

  private recreate(pool: number[], blink: number): void {
    this.sortPool(pool);
    const left: number[] = [];
    for (const u of pool) if (!this.insertBest(u, blink)) left.push(u);
    this.unserved = left;
  }

  // ---- solution copies ----

  snapshot(): { jobs: Int32Array[]; unserved: number[] } {
    const jobs: Int32Array[] = [];
    for (let v = 0; v < this.V; v++) jobs.push(this.jobs[v].slice(1, this.len[v] + 1));
    return { jobs, unserved: this.unserved.slice() };
  }

  restore(s: { jobs: Int32Array[]; unserved: number[] }): void {
    for (let v = 0; v < this.V; v++) {
      this.jobs[v].set(s.jobs[v], 1);
      this.len[v] = s.jobs[v].length;
      this.rebuild(v);
    }
    this.unserved = s.unserved.slice();
    for (const j of this.unserved) this.jobRoute[j] = -1;
  }

  /** Set the routes directly (job indices per vehicle); jobs not listed are unserved. */
  setRoutes(routes: number[][]): void {
    this.jobRoute.fill(-1);
    for (let v = 0; v < this.V; v++) {
      const r = routes[v] ?? [];
      for (let i = 0; i < r.length; i++) this.jobs[v][i + 1] = r[i];
      this.len[v] = r.length;
      this.rebuild(v);
    }
    this.unserved = [];
    for (let j = 0; j < this.n; j++) if (this.jobRoute[j] < 0 && !this.never[j]) this.unserved.push(j);
  }

  private undo(prevUnserved: number[]): void {
    for (const j of this.unserved) this.jobRoute[j] = -1;
    for (const v of this.touched) {
      const k = this.savedLen[v];
      this.jobs[v].set(this.savedJobs[v].subarray(0, k), 1);
      this.len[v] = k;
      this.rebuild(v);
    }
    this.unserved = prevUnserved;
    for (const j of prevUnserved) this.jobRoute[j] = -1;
  }

  // ---- main loop ----

  solve(opts: EngineOptions = {}): EngineResult {
    const cpu = opts.clock === 'cpu' && typeof process !== 'undefined' && typeof process.cpuUsage === 'function';
    const now = cpu
      ? () => {
          const u = process.cpuUsage();
          return (u.user + u.system) / 1000;
        }
      : () => performance.now();
    const t0 = now();
    const maxIter = opts.iterations ?? (opts.timeLimitMs === undefined ? 20000 : Number.POSITIVE_INFINITY);
    const limitMs = opts.timeLimitMs ?? Number.POSITIVE_INFINITY;
    const avgRemoved = opts.avgRemoved ?? 10;
    const lMax = opts.maxStringLength ?? 10;
    const blink = opts.blinkRate ?? 0.01;
    const splitRate = opts.splitRate ?? 0.5;
    const splitDepth = opts.splitDepth ?? 0.01;
    const rng = this.rng;
    this.routeRemovalRate = opts.routeRemovalRate ?? 0.05;

    // initial solution: insert everything that is servable
    const pool: number[] = [];
    for (let j = 0; j < this.n; j++) if (!this.never[j] && this.jobRoute[j] < 0) pool.push(j);
    this.iterStamp++;
    this.touched = [];
    this.recreate(pool, 0);
    let cur = this.totalCost();
    let bestCost = cur;
    let best = this.snapshot();

    let servedTravel = 0;
    let served = 0;
    for (let v = 0; v < this.V; v++) {
      servedTravel += this.travel[v] * this.m.costPerTime;
      served += this.len[v];
    }
    const scale = served > 0 ? servedTravel / served : 1;
    const T0 = (opts.startTemperature ?? 1) * scale;
    const Tf = (opts.endTemperature ?? 0.03) * scale;

    let it = 0;
    const removed: number[] = [];
    let servable = 0;
    for (let j = 0; j < this.n; j++) if (!this.never[j]) servable++;
    while (it < maxIter && servable > 0) {
      let frac: number;
      if (maxIter !== Number.POSITIVE_INFINITY) frac = it / maxIter;
      else {
        const el = now() - t0;
        if (el >= limitMs) break;
        frac = el / limitMs;
      }
      if (limitMs !== Number.POSITIVE_INFINITY && maxIter !== Number.POSITIVE_INFINITY && (it & 15) === 0) {
        if (now() - t0 >= limitMs) break;
      }
      it++;
      const temp = T0 * (Tf / T0) ** frac;
      this.iterStamp++;
      this.touched = [];
      const prevUnserved = this.unserved;
      removed.length = 0;
      this.ruin(avgRemoved, lMax, splitRate, splitDepth, removed);
      for (const j of prevUnserved) removed.push(j);
      this.recreate(removed.slice(), blink);
      const cost = this.totalCost();
      if (cost < cur - temp * Math.log(rng.next() + 1e-300)) {
        cur = cost;
        if (cost < bestCost - 1e-9) {
          bestCost = cost;
          best = this.snapshot();
        }
      } else {
        this.undo(prevUnserved);
      }
    }
    this.restore(best);
    const routes: number[][] = [];
    for (let v = 0; v < this.V; v++) routes.push(Array.from(best.jobs[v]));
    const unserved = best.unserved.slice();
    for (let j = 0; j < this.n; j++) if (this.never[j]) unserved.push(j);
    unserved.sort((a, b) => a - b);
    return { routes, unserved, cost: this.totalCost() + this.neverPenalty(), iterations: it, elapsedMs: now() - t0 };
  }

  private neverPenalty(): number {
    let s = 0;
    for (let j = 0; j < this.n; j++) if (this.never[j]) s += this.m.unservedPenalty[j];
    return s;
  }
}
