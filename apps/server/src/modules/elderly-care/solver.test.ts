/** The dispatch solver runs in a worker thread: the server keeps answering while it solves. */
import { generateHomeCareProblem, solveHomeCare } from '@lq/vrptw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { solveHomeCareInWorker, solverWorkerEntry } from './solver.ts';
import { approvedOrder, type ElderlyFixtures, elderlyFixtures } from './test-support.ts';

let env: TestEnv;
let f: ElderlyFixtures;
const E = '/api/elderly-care';
const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  env = await createTestEnv();
  f = await elderlyFixtures(env);
  await approvedOrder(f, f.elderA, f.vwA, f.townA, {
    providerId: f.providerA.id,
    date: tomorrow,
    windowStart: '09:00',
    windowEnd: '11:00',
  });
});
afterAll(async () => env?.close());

describe('solver in a worker thread', () => {
  it('returns exactly what the solver returns', async () => {
    const p = generateHomeCareProblem({ seed: 5, visits: 30, caregivers: 5 });
    const inWorker = await solveHomeCareInWorker(p, { seed: 2, iterations: 400 });
    const direct = solveHomeCare(p, { seed: 2, iterations: 400 });
    // Everything but the wall time it took.
    const untimed = (s: typeof direct) => ({ ...s, stats: { ...s.stats, elapsedMs: 0 } });
    expect(untimed(inWorker)).toEqual(untimed(direct));
    expect(inWorker.routes.length).toBeGreaterThan(0);
  });

  it('passes the solver error back', async () => {
    const p = generateHomeCareProblem({ seed: 5, visits: 3, caregivers: 1 });
    p.visits[0].duration = -5;
    let direct = '';
    try {
      solveHomeCare(p, { iterations: 1 });
    } catch (e) {
      direct = (e as Error).message;
    }
    expect(direct).not.toBe('');
    await expect(solveHomeCareInWorker(p, { iterations: 1 })).rejects.toThrow(direct);
  });

  it('picks the compiled worker next to a .js module', () => {
    expect(solverWorkerEntry('file:///app/dist/modules/elderly-care/solver.js').url.href).toBe(
      'file:///app/dist/modules/elderly-care/solver.worker.js',
    );
    expect(solverWorkerEntry('file:///app/dist/modules/elderly-care/solver.js').tsx).toBe(false);
    const dev = solverWorkerEntry('file:///repo/src/modules/elderly-care/solver.ts');
    expect(dev.url.href).toBe('file:///repo/src/modules/elderly-care/solver.worker.ts');
    expect(dev.tsx).toBe(true);
  });

  it('answers a health request within a second while a dispatch plan solves', async () => {
    let planDone = false;
    const plan = f.provA
      .request('POST', `${E}/dispatch/plans`, { date: tomorrow, providerId: f.providerA.id, timeLimitMs: 4000 })
      .then((r) => {
        planDone = true;
        return r;
      });
    await new Promise((r) => setTimeout(r, 1200)); // the plan's queries are done; the solver runs
    const t0 = performance.now();
    const health = await env.app.inject({ method: 'GET', url: '/api/health' });
    const ms = performance.now() - t0;
    expect(health.statusCode).toBe(200);
    expect(ms).toBeLessThan(1000);
    expect(planDone).toBe(false);
    const r = await plan;
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().stats.served).toBe(1);
  });
});
