/** Elderly-care work as background jobs: the nightly and on-demand anomaly check, settlement runs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredSchedules, ensureSchedules, Scheduler } from '../../platform/jobs/scheduler.ts';
import { JobWorker } from '../../platform/jobs/worker.ts';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { ANOMALY_CHECK_KIND, SETTLEMENT_KIND } from './jobs.ts';
import { approvedOrder, type ElderlyFixtures, elderlyFixtures, shanghaiNow } from './test-support.ts';

let env: TestEnv;
let f: ElderlyFixtures;
const E = '/api/elderly-care';
const PHOTO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const today = shanghaiNow();

beforeAll(async () => {
  env = await createTestEnv();
  f = await elderlyFixtures(env);
  // One finished visit today, checked in far from the elder's home: an anomaly.
  const order = await approvedOrder(f, f.elderA, f.vwA, f.townA, { providerId: f.providerA.id });
  const visit = (await f.provA.request('GET', `${E}/visits?orderId=${order.id}`)).json().items[0];
  const plan = (await f.provA.request('POST', `${E}/dispatch/plans`, { date: today, providerId: f.providerA.id, iterations: 100 })).json();
  expect((await f.provA.request('POST', `${E}/dispatch/plans/${plan.id}/publish`, { version: plan.version })).statusCode).toBe(200);
  const at = new Date(Math.max(Date.parse(`${today}T00:01:00+08:00`), Date.now() - 60_000)).toISOString();
  const inR = await f.carerA1.request('POST', `${E}/visits/${visit.id}/check-in`, {
    clientEventId: 'job-in-0001',
    recordedAt: at,
    position: { lat: f.elderA.lat + 0.1, lng: f.elderA.lng },
  });
  expect(inR.statusCode, inR.body).toBe(200);
  const out = await f.carerA1.request('POST', `${E}/visits/${visit.id}/check-out`, {
    clientEventId: 'job-out-0001',
    recordedAt: new Date().toISOString(),
    position: null,
    checklist: [],
    photo: PHOTO,
  });
  expect(out.statusCode, out.body).toBe(200);
});
afterAll(async () => env?.close());

describe('elderly-care jobs', () => {
  it('the nightly schedule checks the month of the previous day as the scheduler', async () => {
    const def = declaredSchedules().find((d) => d.name === 'elderly.anomaly_check.nightly');
    expect(def).toMatchObject({ kind: ANOMALY_CHECK_KIND, spec: 'daily 01:30' });
    if (!def) return;
    // Midday today in Shanghai; the next run is 01:30 tomorrow, checking today.
    let t = Date.parse(`${today}T12:00:00+08:00`);
    const now = () => new Date(t);
    await ensureSchedules(env.ctx.db, now(), [def]);
    const scheduler = new Scheduler(env.ctx.db, { now });
    expect(await scheduler.tick()).toEqual([]);
    t += 14 * 3600_000; // 02:00 tomorrow
    const fired = await scheduler.tick();
    expect(fired.map((j) => j.kind)).toEqual([ANOMALY_CHECK_KIND]);
    const done = await new JobWorker(env.ctx, { kinds: [ANOMALY_CHECK_KIND], now }).runOnce();
    expect(done?.error).toBeNull();
    expect(done).toMatchObject({
      status: 'succeeded',
      scheduleName: 'elderly.anomaly_check.nightly',
      result: { month: today.slice(0, 7), forDay: today, checked: 1, flagged: 1 },
    });
    expect((done?.result as { newFindings?: number } | undefined)?.newFindings).toBeGreaterThan(0);
  });

  it('runs the check on demand as a job the console polls; only auditors and county staff start it', async () => {
    const month = today.slice(0, 7);
    expect((await f.townA.request('POST', `${E}/anomalies/run?async=1`, { month })).statusCode).toBe(403);
    const r = await f.auditor.request('POST', `${E}/anomalies/run?async=1`, { month });
    expect(r.statusCode, r.body).toBe(202);
    const job = r.json().job;
    expect(job).toMatchObject({ kind: ANOMALY_CHECK_KIND, status: 'queued', progress: 0, regionCode: '331181' });
    await new JobWorker(env.ctx, { kinds: [ANOMALY_CHECK_KIND] }).runUntilIdle();
    const polled = (await f.auditor.request('GET', `/api/jobs/${job.id}`)).json();
    expect(polled).toMatchObject({ status: 'succeeded', progress: 1, result: { month, checked: 1 } });
    expect(polled.progressMessage).toMatch(new RegExp(`发现 ${polled.result.newFindings} 条新异常`));
    // The synchronous API is unchanged: run again, nothing new.
    const sync = await f.auditor.request('POST', `${E}/anomalies/run`, { month });
    expect(sync.statusCode).toBe(200);
    expect(sync.json()).toMatchObject({ month, checked: 1, newFindings: 0, flagged: 0 });
    const list = (await f.auditor.request('GET', `/api/jobs?kind=${ANOMALY_CHECK_KIND}&status=succeeded`)).json();
    expect(list.items.map((j: { id: string }) => j.id)).toContain(job.id);
  });

  it('generates a settlement as a job with progress; the synchronous run stays', async () => {
    const month = today.slice(0, 7);
    expect((await f.townA.request('POST', `${E}/settlements/run?async=1`, { month, providerId: f.providerA.id })).statusCode).toBe(403);
    const r = await f.county.request('POST', `${E}/settlements/run?async=1`, { month, providerId: f.providerA.id });
    expect(r.statusCode, r.body).toBe(202);
    const [done] = await new JobWorker(env.ctx, { kinds: [SETTLEMENT_KIND] }).runUntilIdle();
    expect(done).toMatchObject({ id: r.json().job.id, status: 'succeeded', progress: 1 });
    const result = done.result as { providers: number; settlements: { id: string; providerId: string; created: boolean }[] };
    expect(result.providers).toBe(1);
    expect(result.settlements[0]).toMatchObject({ providerId: f.providerA.id, created: true });
    const detail = await f.county.request('GET', `${E}/settlements/${result.settlements[0].id}`);
    expect(detail.statusCode).toBe(200);
    const again = await f.county.request('POST', `${E}/settlements/run`, { month, providerId: f.providerA.id });
    expect(again.json()).toMatchObject({ id: result.settlements[0].id, created: false });
    expect((await f.county.request('POST', `${E}/settlements/run`, { month })).statusCode).toBe(400);
    // Without a provider, as a job: every provider with cleared visits to settle (none left here).
    const all = await f.county.request('POST', `${E}/settlements/run?async=1`, { month });
    expect(all.statusCode, all.body).toBe(202);
    const [allDone] = await new JobWorker(env.ctx, { kinds: [SETTLEMENT_KIND] }).runUntilIdle();
    expect(allDone).toMatchObject({ status: 'succeeded', result: { month, providers: 0, settlements: [] } });
  });
});
