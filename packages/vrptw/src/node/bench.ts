/** Node-only helpers (file system) for the CLI and the benchmark scripts. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkVrptw, parseSolomon, solveVrptw } from '../solomon.ts';

/** Repository root (this file is packages/vrptw/src/node/bench.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** Default benchmark folder: ../shared/bench/vrptw next to the repository. */
export const defaultBenchDir = path.resolve(repoRoot, '..', 'shared', 'bench', 'vrptw');

export interface BenchRow {
  instance: string;
  distance: number;
  vehicles: number;
  bestKnown: number | null;
  gapPercent: number | null;
  feasible: boolean;
  iterations: number;
  seconds: number;
}

export interface BenchReport {
  folder: string;
  timeLimitSeconds: number;
  clock: 'wall' | 'cpu';
  seed: number;
  instances: BenchRow[];
  meanGapPercent: number | null;
  allFeasible: boolean;
}

/** Instance files of a folder (or of its `solomon/` subfolder) and the best-known table, if any. */
export function benchFiles(folder: string): { files: string[]; bks: Record<string, { best_known_cost: number }> | null } {
  let dir = folder;
  const txt = (d: string) =>
    existsSync(d)
      ? readdirSync(d)
          .filter((f) => /\.txt$/i.test(f))
          .sort()
      : [];
  if (txt(dir).length === 0 && txt(path.join(dir, 'solomon')).length > 0) dir = path.join(dir, 'solomon');
  const files = txt(dir).map((f) => path.join(dir, f));
  let bks = null;
  for (const cand of [path.join(dir, 'BKS-subset.json'), path.join(dir, '..', 'BKS-subset.json'), path.join(folder, 'BKS-subset.json')]) {
    if (existsSync(cand)) {
      bks = JSON.parse(readFileSync(cand, 'utf8'));
      break;
    }
  }
  return { files, bks };
}

export function runBench(
  folder: string,
  timeLimitSeconds: number,
  seed = 1,
  log: (line: string) => void = () => {},
  clock: 'wall' | 'cpu' = 'wall',
): BenchReport {
  const { files, bks } = benchFiles(folder);
  const rows: BenchRow[] = [];
  for (const file of files) {
    const inst = parseSolomon(readFileSync(file, 'utf8'));
    const name = path.basename(file).replace(/\.txt$/i, '');
    const sol = solveVrptw(inst, { timeLimitMs: timeLimitSeconds * 1000, seed, engine: { clock } });
    const check = checkVrptw(inst, sol.routes);
    const entry = bks?.[`${name}_distance`] ?? bks?.[name];
    const bestKnown = entry ? entry.best_known_cost : null;
    const gap = bestKnown ? ((sol.distance - bestKnown) / bestKnown) * 100 : null;
    const row: BenchRow = {
      instance: name,
      distance: round(sol.distance, 2),
      vehicles: sol.vehicles,
      bestKnown,
      gapPercent: gap === null ? null : round(gap, 2),
      feasible: check.feasible,
      iterations: sol.iterations,
      seconds: round(sol.seconds, 2),
    };
    rows.push(row);
    log(JSON.stringify(row));
  }
  const gaps = rows.filter((r) => r.gapPercent !== null).map((r) => r.gapPercent as number);
  return {
    folder,
    timeLimitSeconds,
    clock,
    seed,
    instances: rows,
    meanGapPercent: gaps.length ? round(gaps.reduce((a, b) => a + b, 0) / gaps.length, 3) : null,
    allFeasible: rows.every((r) => r.feasible),
  };
}

export function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
