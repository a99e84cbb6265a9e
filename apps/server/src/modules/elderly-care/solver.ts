/** Runs the dispatch solver in a worker thread so a long solve never blocks the request loop. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HomeCareOptions, HomeCareProblem, HomeCareSolution } from '@lq/vrptw';

type WorkerReply = { ok: true; solution: HomeCareSolution } | { ok: false; name: string; message: string };

/**
 * The worker entry next to this module: `solver.worker.js` in a compiled build (every
 * src/**\/*.worker.ts is an entry point; a bundle whose code lives in dist/main.js finds it under
 * dist/modules/elderly-care/), `solver.worker.ts` under tsx (development, tests). Node 20 does not
 * apply `--import tsx` from a worker's execArgv, so a .ts entry is started by a small bootstrap
 * that registers tsx's loader in the worker first.
 */
export function solverWorkerEntry(moduleUrl: string = import.meta.url): { url: URL; tsx: boolean } {
  if (!fileURLToPath(moduleUrl).endsWith('.js')) return { url: new URL('./solver.worker.ts', moduleUrl), tsx: true };
  const candidates = [new URL('./solver.worker.js', moduleUrl), new URL('./modules/elderly-care/solver.worker.js', moduleUrl)];
  const url = candidates.find((c) => fs.existsSync(fileURLToPath(c))) ?? candidates[0];
  return { url, tsx: false };
}

function startWorker(workerData: unknown): Worker {
  const { url, tsx } = solverWorkerEntry();
  if (!tsx) return new Worker(url, { workerData });
  let api = 'tsx/esm/api';
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    // vitest's module runner has no import.meta.resolve; the bare name resolves from the cwd.
  }
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

export function solveHomeCareInWorker(problem: HomeCareProblem, options: HomeCareOptions): Promise<HomeCareSolution> {
  return new Promise<HomeCareSolution>((resolve, reject) => {
    let settled = false;
    const w = startWorker({ problem, options });
    w.once('message', (m: WorkerReply) => {
      settled = true;
      if (m.ok) resolve(m.solution);
      else {
        const err = new Error(m.message);
        err.name = m.name;
        reject(err);
      }
      void w.terminate();
    });
    w.once('error', (e) => {
      settled = true;
      reject(e);
    });
    w.once('exit', (code) => {
      if (!settled) reject(new Error(`求解进程异常退出 / solver worker exited with code ${code}`));
    });
  });
}
