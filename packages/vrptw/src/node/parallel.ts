/**
 * Node-only: run independent seeds in worker threads and keep the best
 * solution. With iteration limits the outcome is deterministic (best cost,
 * ties to the earlier seed). Workers load the TypeScript sources through
 * tsx's loader, so this is meant for the repository's tsx / vitest runtime.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { validateHomeCareProblem } from '../homecare.ts';
import type { HomeCareOptions, HomeCareProblem, HomeCareSolution } from '../homecare-types.ts';
import type { VrptwInstance, VrptwOptions, VrptwSolution } from '../solomon.ts';

export interface ParallelOptions {
  /** seeds to run (default: one per core, 1..n) */
  seeds?: number[];
  /** concurrent workers (default: number of cores) */
  threads?: number;
}

function runWorker<T>(kind: 'homecare' | 'vrptw', input: unknown, options: unknown): Promise<T> {
  const target = new URL('./worker.ts', import.meta.url).href;
  let api: string;
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    api = 'tsx/esm/api';
  }
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Promise<T>((resolve, reject) => {
    const w = new Worker(boot, { eval: true, workerData: { kind, input, options } });
    w.once('message', (m: T) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`solver worker exited with code ${code}`));
    });
  });
}

async function pool<T>(seeds: number[], threads: number, run: (seed: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(seeds.length);
  let next = 0;
  const lane = async () => {
    while (next < seeds.length) {
      const i = next++;
      out[i] = await run(seeds[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, seeds.length)) }, lane));
  return out;
}

function plan(p: ParallelOptions): { seeds: number[]; threads: number } {
  const cores = availableParallelism();
  const seeds = p.seeds && p.seeds.length > 0 ? p.seeds : Array.from({ length: cores }, (_, i) => i + 1);
  return { seeds, threads: p.threads ?? cores };
}

export async function solveHomeCareParallel(
  problem: HomeCareProblem,
  options: Omit<HomeCareOptions, 'seed'> & ParallelOptions = {},
): Promise<HomeCareSolution> {
  validateHomeCareProblem(problem);
  const { seeds, threads } = plan(options);
  const base = { timeLimitMs: options.timeLimitMs, iterations: options.iterations };
  const sols = await pool(seeds, threads, (seed) => runWorker<HomeCareSolution>('homecare', problem, { ...base, seed }));
  let best = 0;
  for (let i = 1; i < sols.length; i++) if (sols[i].cost.total < sols[best].cost.total) best = i;
  return sols[best];
}

export async function solveVrptwParallel(
  instance: VrptwInstance,
  options: Omit<VrptwOptions, 'seed'> & ParallelOptions = {},
): Promise<VrptwSolution> {
  const { seeds, threads } = plan(options);
  const base = { timeLimitMs: options.timeLimitMs, iterations: options.iterations, engine: options.engine };
  const sols = await pool(seeds, threads, (seed) => runWorker<VrptwSolution>('vrptw', instance, { ...base, seed }));
  let best = 0;
  for (let i = 1; i < sols.length; i++) {
    const a = sols[i];
    const b = sols[best];
    if (a.unserved.length < b.unserved.length || (a.unserved.length === b.unserved.length && a.distance < b.distance)) best = i;
  }
  return sols[best];
}
