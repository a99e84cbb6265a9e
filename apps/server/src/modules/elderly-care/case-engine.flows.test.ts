/**
 * The real case types on the case engine: an order cancelled after approval withdraws its visits
 * with a log row each, the order detail carries due date / assignee / visit progress, claims show
 * who has an order, and after every flow each case's stored status equals its last logged step.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claim, overdue, statusDrift } from '../../platform/cases/index.ts';
import { users, workflowLog } from '../../platform/db/schema.ts';
import { createTestEnv, type TestEnv, TOWN_A } from '../../test/harness.ts';
import { IMPORT_CASE } from '../imports/import.workflow.ts';
import { ACCOUNT_CASE } from '../users/account.workflow.ts';
import { elderlyActor } from './access.ts';
import { ELDERLY_CASE_TYPES, ORDER_CASE } from './cases.ts';
import { type ElderlyFixtures, elderlyFixtures, fullScores, shanghaiNow } from './test-support.ts';

let env: TestEnv;
let f: ElderlyFixtures;
const E = '/api/elderly-care';
const today = shanghaiNow();

beforeAll(async () => {
  env = await createTestEnv();
  f = await elderlyFixtures(env);
  const m = await f.county.request('POST', `${E}/menu-items`, {
    code: 'TEST-01',
    nameZh: '测试助餐',
    category: '助餐',
    standardDurationMin: 30,
    requiredSkill: 'meal',
    priceFen: 2000,
    unit: 'meal',
    checklist: [{ key: 'deliver', label: '送餐', required: true }],
    validFrom: today,
    validTo: null,
  });
  expect(m.statusCode, m.body).toBe(201);
}, 120_000);
afterAll(async () => env?.close());

async function approvedOrder() {
  const r = await f.vwA.request('POST', `${E}/orders`, {
    personId: f.elderA.id,
    channel: 'village_worker',
    items: [{ itemCode: 'TEST-01', frequency: { kind: 'once', date: today }, windowStart: '00:00', windowEnd: '23:00' }],
  });
  expect(r.statusCode, r.body).toBe(201);
  const o = r.json();
  expect((await f.townA.request('POST', `${E}/orders/${o.id}/actions/accept`, { version: o.version })).statusCode).toBe(200);
  const a = await f.townA.request('POST', `${E}/assessments`, {
    personId: f.elderA.id,
    orderId: o.id,
    reason: 'initial',
    assessedOn: today,
    assessorIds: ['second-assessor'],
    scores: { ...fullScores(), 洗澡: 0, 平地行走: 1, 上下楼梯: 0, 执行日常事务: 1 },
    dementia: true,
    riskEvents30d: 0,
    coma: false,
  });
  expect(a.statusCode, a.body).toBe(201);
  const cur = (await f.county.request('GET', `${E}/orders/${o.id}`)).json();
  const ap = await f.county.request('POST', `${E}/orders/${o.id}/actions/approve`, { version: cur.version, providerId: f.providerA.id });
  expect(ap.statusCode, ap.body).toBe(200);
  return ap.json();
}

describe('case engine on the elderly-care case types', () => {
  it('an order shows its due date while waiting, and its visits as child cases after approval', async () => {
    const r = await f.vwA.request('POST', `${E}/orders`, {
      personId: f.elderA.id,
      channel: 'village_worker',
      items: [{ itemCode: 'TEST-01', frequency: { kind: 'once', date: today } }],
    });
    const o = r.json();
    // 受理 within 5 working days of the application.
    expect(o.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(o.dueDate > today).toBe(true);
    expect(o.assignee).toBeNull();
    const late = await overdue(env.ctx.db, ORDER_CASE, { regionPrefix: f.villageA, asOf: '2999-01-01' });
    expect(late.map((c) => c.caseId)).toContain(o.id);
    const approved = await approvedOrder();
    expect(approved.dueDate).toBeNull();
    expect(approved.visitProgress).toEqual({ total: 1, byStatus: { planned: 1 } });
  });

  it('a township worker claims an order; others see who has it; a second claim is 409 CASE_CLAIMED', async () => {
    const r = await f.vwA.request('POST', `${E}/orders`, {
      personId: f.elderA.id,
      channel: 'village_worker',
      items: [{ itemCode: 'TEST-01', frequency: { kind: 'once', date: today } }],
    });
    const o = r.json();
    const [town] = await env.ctx.db
      .select()
      .from(users)
      .where(eq(users.username, `town-${TOWN_A}`));
    const base = {
      userId: town.id,
      username: town.username,
      displayName: town.displayName,
      roles: ['township_staff' as const],
      regionCode: TOWN_A,
      providerId: null,
      requestId: null,
      ip: null,
    };
    const ea = await elderlyActor(env.ctx.db, base);
    const c = await claim(env.ctx.db, ORDER_CASE, { caseId: o.id, actor: ea });
    expect(c.assigneeName).toBe(base.displayName);
    const seen = (await f.county.request('GET', `${E}/orders/${o.id}`)).json();
    expect(seen.assignee).toEqual({ id: base.userId, name: base.displayName });
    const other = await elderlyActor(env.ctx.db, { ...base, userId: crypto.randomUUID(), displayName: '另一人' });
    await expect(claim(env.ctx.db, ORDER_CASE, { caseId: o.id, actor: other })).rejects.toMatchObject({ code: 'CASE_CLAIMED' });
  });

  it('cancelling an approved order withdraws its planned visits, each with a log row', async () => {
    const o = await approvedOrder();
    const vs = (await f.provA.request('GET', `${E}/visits?orderId=${o.id}`)).json();
    expect(vs.total).toBe(1);
    const c = await f.townA.request('POST', `${E}/orders/${o.id}/actions/cancel`, { version: o.version, note: '家属撤回' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().visitProgress).toEqual({ total: 1, byStatus: { cancelled: 1 } });
    const v = (await f.provA.request('GET', `${E}/visits/${vs.items[0].id}`)).json();
    expect(v.status).toBe('cancelled');
    const log = await env.ctx.db
      .select()
      .from(workflowLog)
      .where(and(eq(workflowLog.workflow, 'ec_visit'), eq(workflowLog.caseId, vs.items[0].id)));
    expect(log.map((l) => [l.action, l.fromStatus, l.toStatus])).toEqual([
      ['generate', null, 'planned'],
      ['withdraw', 'planned', 'cancelled'],
    ]);
  });

  it('every case of every type: stored status = last logged step = index row', async () => {
    expect(await statusDrift(env.ctx.db, [...ELDERLY_CASE_TYPES, ACCOUNT_CASE, IMPORT_CASE])).toEqual([]);
  });
});
