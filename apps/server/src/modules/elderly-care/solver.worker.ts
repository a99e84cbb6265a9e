/**
 * Worker-thread entry of the dispatch solver (spawned by solver.ts): solves one home-care
 * problem off the request loop and posts the solution, or the error, back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type HomeCareOptions, type HomeCareProblem, solveHomeCare } from '@lq/vrptw';

const input = workerData as { problem: HomeCareProblem; options: HomeCareOptions };
try {
  parentPort?.postMessage({ ok: true, solution: solveHomeCare(input.problem, input.options) });
} catch (e) {
  parentPort?.postMessage({ ok: false, name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) });
}
