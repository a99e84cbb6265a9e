import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng.ts';
import { type VrptwInstance, solveVrptw } from '../src/index.ts';
import { checkSolomonSolution } from './checker.ts';

/** Random tiny instance written as Solomon text (so the checker reads it independently). */
function tinyText(seed: number, n: number): string {
  const rng = new Rng(seed);
  const rows = ['    0   50   50    0    0  400    0'];
  for (let i = 1; i <= n; i++) {
    const x = rng.int(101);
    const y = rng.int(101);
    const q = 1 + rng.int(9);
    const a = rng.int(200);
    const b = a + 20 + rng.int(120);
    rows.push(`${i} ${x} ${y} ${q} ${a} ${b} ${5 + rng.int(10)}`);
  }
  return `TINY${seed}\n\nVEHICLE\nNUMBER CAPACITY\n  3  20\n\nCUSTOMER\nCUST NO. X Y DEMAND READY DUE SERVICE\n\n${rows.join('\n')}\n`;
}

function toInstance(text: string): VrptwInstance {
  const lines = text.split('\n');
  const [vehicles, capacity] = lines[4].trim().split(/\s+/).map(Number);
  const nodes = lines
    .slice(8)
    .filter((l) => l.trim())
    .map((l) => {
      const [id, x, y, demand, ready, due, service] = l.trim().split(/\s+/).map(Number);
      return { id, x, y, demand, ready, due, service };
    });
  return { name: lines[0], vehicles, capacity, nodes };
}

/** Exact optimum: best single route per subset (all permutations), then set-partition DP with a fleet limit. */
function bruteForce(inst: VrptwInstance): number {
  const n = inst.nodes.length - 1;
  const N = inst.nodes;
  const d = (i: number, j: number) => Math.hypot(N[i].x - N[j].x, N[i].y - N[j].y);
  const full = 1 << n;
  const route = new Float64Array(full).fill(Infinity);
  const perm: number[] = [];
  const used = new Array(n + 1).fill(false);
  // DFS over sequences; every prefix sequence is a candidate route
  const dfs = (last: number, mask: number, time: number, load: number, dist: number) => {
    if (mask) {
      const back = time + d(last, 0);
      if (back <= N[0].due) route[mask] = Math.min(route[mask], dist + d(last, 0));
    }
    for (let c = 1; c <= n; c++) {
      if (used[c]) continue;
      const l = load + N[c].demand;
      if (l > inst.capacity) continue;
      let t = time + d(last, c);
      if (t < N[c].ready) t = N[c].ready;
      if (t > N[c].due) continue;
      used[c] = true;
      perm.push(c);
      dfs(c, mask | (1 << (c - 1)), t + N[c].service, l, dist + d(last, c));
      perm.pop();
      used[c] = false;
    }
  };
  dfs(0, 0, N[0].ready, 0, 0);
  // best[k][mask]: cover mask with exactly k routes
  let best = new Float64Array(full).fill(Infinity);
  best[0] = 0;
  let answer = Infinity;
  for (let k = 1; k <= inst.vehicles; k++) {
    const next = new Float64Array(full).fill(Infinity);
    for (let mask = 1; mask < full; mask++) {
      const low = mask & -mask;
      for (let sub = mask; sub; sub = (sub - 1) & mask) {
        if (!(sub & low)) continue;
        const v = route[sub] + best[mask ^ sub];
        if (v < next[mask]) next[mask] = v;
      }
    }
    best = next;
    answer = Math.min(answer, best[full - 1]);
  }
  return answer;
}

describe('exact optimum on tiny instances (brute force)', () => {
  let checked = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const n = seed % 2 === 0 ? 7 : 6;
    it(`seed ${seed}, ${n} customers`, () => {
      const text = tinyText(seed, n);
      const inst = toInstance(text);
      const opt = bruteForce(inst);
      const sol = solveVrptw(inst, { iterations: 1500, seed });
      if (!Number.isFinite(opt)) {
        // infeasible with 3 vehicles: the solver must say so by leaving customers out
        expect(sol.unserved.length).toBeGreaterThan(0);
        return;
      }
      checked++;
      const chk = checkSolomonSolution(text, sol.routes);
      expect(chk.errors).toEqual([]);
      expect(sol.distance).toBeCloseTo(opt, 6);
    });
  }
  it('covered feasible cases', () => expect(checked).toBeGreaterThanOrEqual(6));
});
