import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type Session, type TestEnv, TOWN_A, TOWN_B } from '../../test/harness.ts';
import { systemActor } from '../context.ts';
import { queryRows } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { CASE_TIMERS_KIND } from './catalog.ts';
import { enqueueJob } from './queue.ts';
import { addJobHook, registerJobKind } from './registry.ts';
import { ensureSchedules, nextRun, parseSpec, Scheduler, shanghaiDayBefore } from './scheduler.ts';
import { jobSchedules, jobs } from './schema.ts';
import { JobWorker } from './worker.ts';

let env: TestEnv;
let county: Session;
let townA: Session;
let townB: Session;

/** A clock the test moves by hand. */
function clock(start: string) {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms), set: (iso: string) => (t = new Date(iso).getTime()) };
}

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const calls: string[] = [];
registerJobKind<{ n: number }>('test.double', {
  parse: (raw) => {
    const n = (raw as { n?: unknown }).n;
    if (typeof n !== 'number') throw new Error('n must be a number');
    return { n };
  },
  handler: async (p, jc) => {
    calls.push(jc.job.id);
    return { doubled: p.n * 2, actor: jc.job.createdByName };
  },
});
registerJobKind('test.claim', { handler: async () => ({}) });
registerJobKind('test.crash', { handler: async () => ({}), maxAttempts: 2 });
let flakyRuns = 0;
registerJobKind('test.flaky', {
  maxAttempts: 3,
  handler: async () => {
    flakyRuns++;
    throw new Error(`boom ${flakyRuns}`);
  },
});
registerJobKind('test.refused', {
  handler: async () => {
    throw new AppError('PARAMETER_MISSING');
  },
});
const gate = { reached: deferred(), release: deferred() };
registerJobKind('test.progress', {
  handler: async (_p, jc) => {
    jc.reportProgress(0.25, '一');
    jc.reportProgress(0.5, '一半');
    gate.reached.resolve();
    await gate.release.promise;
    return { ok: true };
  },
});
const cancelGate = { started: deferred(), seen: deferred<string>() };
registerJobKind('test.cancellable', {
  cancellable: true,
  handler: async (_p, jc) => {
    cancelGate.started.resolve();
    await new Promise<void>((resolve) => jc.signal.addEventListener('abort', () => resolve(), { once: true }));
    cancelGate.seen.resolve(String(jc.signal.reason));
    throw jc.signal.reason;
  },
});

beforeAll(async () => {
  env = await createTestEnv();
  county = await login(env.app, 'county');
  townA = await login(env.app, `town-${TOWN_A}`);
  townB = await login(env.app, `town-${TOWN_B}`);
});
afterAll(async () => env?.close());

async function row(id: string) {
  const [r] = await env.ctx.db.select().from(jobs).where(eq(jobs.id, id));
  return r;
}

describe('job queue', () => {
  it('enqueues, claims and completes a job; the API shows it to its region only', async () => {
    const [u] = await env.ctx.db
      .select()
      .from(users)
      .where(eq(users.username, `town-${TOWN_A}`));
    const actor = {
      ...systemActor(u.regionCode, u.username),
      userId: u.id,
      displayName: u.displayName,
      roles: ['township_staff' as const],
    };
    const j = await enqueueJob(env.ctx.db, { kind: 'test.double', payload: { n: 21 }, actor });
    expect(j.status).toBe('queued');
    const w = new JobWorker(env.ctx, { kinds: ['test.double'] });
    const done = await w.runOnce();
    expect(done).toMatchObject({ id: j.id, status: 'succeeded', attempts: 1, progress: 1, result: { doubled: 42 } });
    expect(done?.finishedAt).toBeInstanceOf(Date);
    expect(await w.runOnce()).toBeNull();
    expect(calls).toEqual([j.id]);

    const a = await townA.request('GET', `/api/jobs/${j.id}`);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ status: 'succeeded', result: { doubled: 42 }, kind: 'test.double', regionCode: TOWN_A });
    expect((await townB.request('GET', `/api/jobs/${j.id}`)).statusCode).toBe(404);
    expect((await county.request('GET', `/api/jobs/${j.id}`)).statusCode).toBe(200);
    const listB = (await townB.request('GET', '/api/jobs?kind=test.double')).json();
    expect(listB.total).toBe(0);
    const listA = (await townA.request('GET', '/api/jobs?kind=test.double&status=succeeded')).json();
    expect(listA.items.map((i: { id: string }) => i.id)).toEqual([j.id]);
    expect((await townA.request('GET', '/api/jobs?status=bogus')).statusCode).toBe(400);
  });

  it('fails a job with a bad payload at once, without retrying', async () => {
    const j = await enqueueJob(env.ctx.db, { kind: 'test.double', payload: { n: 'x' }, regionCode: TOWN_A });
    const done = await new JobWorker(env.ctx, { kinds: ['test.double'] }).runOnce();
    expect(done).toMatchObject({ id: j.id, status: 'failed', attempts: 1 });
    expect(done?.error).toMatch(/n must be a number/);
  });

  it('never gives the same job to two workers claiming at the same time', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) ids.add((await enqueueJob(env.ctx.db, { kind: 'test.claim', regionCode: TOWN_A })).id);
    const w1 = new JobWorker(env.ctx, { kinds: ['test.claim'], workerId: 'w1' });
    const w2 = new JobWorker(env.ctx, { kinds: ['test.claim'], workerId: 'w2' });
    const claims = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? w1 : w2).claim()));
    const got = claims.filter((c) => c !== null).map((c) => c.id);
    expect(got.length).toBe(12);
    expect(new Set(got)).toEqual(ids);
    const owners = await env.ctx.db.select({ lockedBy: jobs.lockedBy, status: jobs.status }).from(jobs).where(eq(jobs.kind, 'test.claim'));
    expect(owners.every((o) => o.status === 'running')).toBe(true);
    expect(new Set(owners.map((o) => o.lockedBy))).toEqual(new Set(['w1', 'w2']));
  });

  it('picks a job up again after its lease ran out (process killed), until its attempts are used up', async () => {
    const c = clock('2026-05-01T08:00:00Z');
    const j = await enqueueJob(env.ctx.db, { kind: 'test.crash', regionCode: TOWN_A, runAt: c.now() });
    const crashed = new JobWorker(env.ctx, { kinds: ['test.crash'], now: c.now, leaseMs: 60_000, workerId: 'dead' });
    expect((await crashed.claim())?.id).toBe(j.id); // ...and the process dies: no completion, no renewal.
    const next = new JobWorker(env.ctx, { kinds: ['test.crash'], now: c.now, leaseMs: 60_000, workerId: 'next' });
    expect(await next.claim()).toBeNull(); // the lease still holds
    c.advance(61_000);
    const again = await next.claim();
    expect(again).toMatchObject({ id: j.id, attempts: 2, lockedBy: 'next', status: 'running' });
    expect(again?.error).toMatch(/interrupted/);
    // Killed again on its last attempt: the next poll fails it for good.
    c.advance(61_000);
    expect(await next.claim()).toBeNull();
    expect(await row(j.id)).toMatchObject({ status: 'failed', attempts: 2, lockedBy: null });
    expect((await row(j.id)).error).toMatch(/no attempts left/);
  });

  it('retries a failing job with back-off, then fails it with the last error; a refusal is not retried', async () => {
    const c = clock('2026-05-02T08:00:00Z');
    const j = await enqueueJob(env.ctx.db, { kind: 'test.flaky', regionCode: TOWN_A, runAt: c.now() });
    const w = new JobWorker(env.ctx, { kinds: ['test.flaky'], now: c.now, retryBaseMs: 1000 });
    expect(await w.runOnce()).toMatchObject({ status: 'queued', attempts: 1, error: 'boom 1' });
    expect((await row(j.id)).runAt.toISOString()).toBe('2026-05-02T08:00:01.000Z');
    expect(await w.runOnce()).toBeNull(); // not due yet
    c.advance(1000);
    expect(await w.runOnce()).toMatchObject({ status: 'queued', attempts: 2, error: 'boom 2' });
    expect((await row(j.id)).runAt.toISOString()).toBe('2026-05-02T08:00:03.000Z'); // 2 s after the second try
    c.advance(2000);
    const last = await w.runOnce();
    expect(last).toMatchObject({ status: 'failed', attempts: 3, error: 'boom 3' });
    expect(last?.finishedAt?.toISOString()).toBe('2026-05-02T08:00:03.000Z');
    expect(flakyRuns).toBe(3);

    await enqueueJob(env.ctx.db, { kind: 'test.refused', regionCode: TOWN_A, runAt: c.now() });
    const refused = await new JobWorker(env.ctx, { kinds: ['test.refused'], now: c.now }).runOnce();
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refused?.error).toMatch(/^PARAMETER_MISSING: 缺少当日有效的业务参数/);
  });

  it('writes reported progress to the job while it runs', async () => {
    const j = await enqueueJob(env.ctx.db, { kind: 'test.progress', regionCode: TOWN_A });
    const w = new JobWorker(env.ctx, { kinds: ['test.progress'], progressFlushMs: 20 });
    const run = w.runOnce();
    await gate.reached.promise;
    let seen = await row(j.id);
    for (let i = 0; i < 100 && seen.progress !== 0.5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await row(j.id);
    }
    expect(seen).toMatchObject({ status: 'running', progress: 0.5, progressMessage: '一半' });
    const api = (await townA.request('GET', `/api/jobs/${j.id}`)).json();
    expect(api).toMatchObject({ status: 'running', progress: 0.5, progressMessage: '一半' });
    gate.release.resolve();
    expect(await run).toMatchObject({ status: 'succeeded', progress: 1 });
  });

  it('cancels a queued job at once and a running one through its signal; only cancellable kinds', async () => {
    const q = await enqueueJob(env.ctx.db, { kind: 'test.cancellable', regionCode: TOWN_A });
    expect((await townB.request('POST', `/api/jobs/${q.id}/cancel`)).statusCode).toBe(404);
    const c1 = await county.request('POST', `/api/jobs/${q.id}/cancel`);
    expect(c1.statusCode, c1.body).toBe(200);
    expect(c1.json()).toMatchObject({ status: 'cancelled', cancellable: false });
    expect((await county.request('POST', `/api/jobs/${q.id}/cancel`)).statusCode).toBe(409);
    // Township staff did not create it: refused.
    const r = await enqueueJob(env.ctx.db, { kind: 'test.cancellable', regionCode: TOWN_A });
    expect((await townA.request('POST', `/api/jobs/${r.id}/cancel`)).statusCode).toBe(403);
    const w = new JobWorker(env.ctx, { kinds: ['test.cancellable'], leaseMs: 150 });
    const run = w.runOnce();
    await cancelGate.started.promise;
    expect((await county.request('POST', `/api/jobs/${r.id}/cancel`)).json()).toMatchObject({ status: 'running', cancelRequested: true });
    expect(await cancelGate.seen.promise).toMatch(/cancelled/);
    expect(await run).toMatchObject({ status: 'cancelled' });
    const notCancellable = await enqueueJob(env.ctx.db, { kind: 'test.claim', regionCode: TOWN_A, runAt: new Date('2099-01-01') });
    expect((await county.request('POST', `/api/jobs/${notCancellable.id}/cancel`)).statusCode).toBe(409);
  });

  it('hands a running job back to the queue on shutdown, without counting the attempt', async () => {
    const j = await enqueueJob(env.ctx.db, { kind: 'test.cancellable', regionCode: TOWN_A });
    cancelGate.started = deferred();
    cancelGate.seen = deferred<string>();
    const w = new JobWorker(env.ctx, { kinds: ['test.cancellable'], stopGraceMs: 10, pollMs: 10_000 });
    w.start();
    await cancelGate.started.promise;
    await w.stop();
    expect(await row(j.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
  });

  it('runs a hook kind (case timers): no hook yet means nothing done, added hooks run in order', async () => {
    const w = new JobWorker(env.ctx, { kinds: [CASE_TIMERS_KIND] });
    await enqueueJob(env.ctx.db, { kind: CASE_TIMERS_KIND, regionCode: '331181' });
    expect(await w.runOnce()).toMatchObject({ status: 'succeeded', result: { hooks: [], ran: {} } });
    addJobHook(CASE_TIMERS_KIND, 'test-hook', async () => ({ reminded: 2 }));
    await enqueueJob(env.ctx.db, { kind: CASE_TIMERS_KIND, regionCode: '331181' });
    expect(await w.runOnce()).toMatchObject({
      status: 'succeeded',
      result: { hooks: ['test-hook'], ran: { 'test-hook': { reminded: 2 } } },
    });
  });
});

describe('schedules', () => {
  it('computes the next run in Asia/Shanghai', () => {
    expect(nextRun('daily 01:30', new Date('2026-03-09T17:00:00Z')).toISOString()).toBe('2026-03-09T17:30:00.000Z');
    expect(nextRun('daily 01:30', new Date('2026-03-09T17:30:00Z')).toISOString()).toBe('2026-03-10T17:30:00.000Z');
    expect(nextRun('monthly 5 02:00', new Date('2026-01-31T00:00:00Z')).toISOString()).toBe('2026-02-04T18:00:00.000Z');
    expect(nextRun('monthly 5 02:00', new Date('2026-12-04T18:00:00Z')).toISOString()).toBe('2027-01-04T18:00:00.000Z');
    expect(nextRun('every 15m', new Date('2026-03-09T17:00:00Z')).toISOString()).toBe('2026-03-09T17:15:00.000Z');
    expect(shanghaiDayBefore(new Date('2026-03-09T17:30:00Z'))).toBe('2026-03-09'); // 01:30 on the 10th in Shanghai
    expect(() => parseSpec('daily 25:00')).toThrow();
    expect(() => parseSpec('monthly 31 02:00')).toThrow();
    expect(() => parseSpec('sometimes')).toThrow();
  });

  it('a due schedule enqueues exactly one job even with two schedulers, then moves on', async () => {
    const c = clock('2026-03-09T16:00:00Z'); // 00:00 in Shanghai
    const def = { name: 'test.nightly', kind: 'test.double', spec: 'daily 01:30', payload: { n: 1 }, regionCode: TOWN_A };
    await ensureSchedules(env.ctx.db, c.now(), [def]);
    await ensureSchedules(env.ctx.db, c.now(), [def]); // idempotent
    const [s] = await env.ctx.db.select().from(jobSchedules).where(eq(jobSchedules.name, 'test.nightly'));
    expect(s.nextRunAt.toISOString()).toBe('2026-03-09T17:30:00.000Z');
    const s1 = new Scheduler(env.ctx.db, { now: c.now });
    const s2 = new Scheduler(env.ctx.db, { now: c.now });
    expect([...(await s1.tick()), ...(await s2.tick())].filter((j) => j.scheduleName === 'test.nightly')).toEqual([]);
    c.set('2026-03-09T17:31:00Z');
    const fired = (await Promise.all([s1.tick(), s2.tick(), s1.tick()])).flat().filter((j) => j.scheduleName === 'test.nightly');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      kind: 'test.double',
      regionCode: TOWN_A,
      payload: { n: 1, scheduledFor: '2026-03-09T17:30:00.000Z' },
    });
    const [after] = await env.ctx.db.select().from(jobSchedules).where(eq(jobSchedules.name, 'test.nightly'));
    expect(after).toMatchObject({ lastJobId: fired[0].id });
    expect(after.nextRunAt.toISOString()).toBe('2026-03-10T17:30:00.000Z');
    // Down for three days: one catch-up run, then the next planned one after now.
    c.set('2026-03-13T09:00:00Z');
    expect((await s2.tick()).filter((j) => j.scheduleName === 'test.nightly')).toHaveLength(1);
    const [later] = await env.ctx.db.select().from(jobSchedules).where(eq(jobSchedules.name, 'test.nightly'));
    expect(later.nextRunAt.toISOString()).toBe('2026-03-13T17:30:00.000Z');
    // Switched off: nothing fires.
    await env.ctx.db.update(jobSchedules).set({ enabled: false }).where(eq(jobSchedules.name, 'test.nightly'));
    c.set('2026-03-20T00:00:00Z');
    expect((await s1.tick()).filter((j) => j.scheduleName === 'test.nightly')).toHaveLength(0);
    const [{ n }] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM jobs WHERE schedule_name = 'test.nightly'`,
    );
    expect(n).toBe(2);
  });

  it('ships the nightly anomaly check, the case timers and the monthly payment run', async () => {
    await import('../../modules/elderly-care/jobs.ts');
    const { declaredSchedules } = await import('./scheduler.ts');
    const names = declaredSchedules().map((d) => `${d.name} ${d.kind} ${d.spec}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'elderly.anomaly_check.nightly elderly.anomaly_check daily 01:30',
        'case.timers case.timers every 15m',
        'payments.monthly_run payments.monthly_run monthly 5 02:00',
      ]),
    );
  });
});
