import { and, eq, sql } from 'drizzle-orm';
import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { type Actor, inRegion, systemActor } from '../context.ts';
import { queryRows } from '../db/client.ts';
import { auditLog, workflowLog } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import {
  approve,
  availableActions,
  bulkTransition,
  childrenProgress,
  claim,
  create,
  createMany,
  defineCaseType,
  dueDateOf,
  overdue,
  reassign,
  rejectApproval,
  release,
  requestApproval,
  transition,
  transitionMany,
} from './engine.ts';

/** A small case type on a table created by this test: applications with review, approval, tasks. */
const testCases = pgTable('engine_test_cases', {
  id: uuid('id').primaryKey().defaultRandom(),
  status: text('status').notNull(),
  version: integer('version').notNull().default(1),
  regionCode: text('region_code').notNull(),
  title: text('title').notNull(),
  amountFen: integer('amount_fen').notNull().default(0),
});

type S = 'open' | 'review' | 'approved' | 'refused' | 'done';
const staff = (a: Actor, r: { regionCode: string }) => a.roles.includes('township_staff') && inRegion(a.regionCode, r.regionCode);
const county = (a: Actor, r: { regionCode: string }) => a.roles.includes('county_staff') && inRegion(a.regionCode, r.regionCode);

const APP = defineCaseType({
  name: 'test_app',
  table: testCases,
  statuses: ['open', 'review', 'approved', 'refused', 'done'] as const satisfies readonly S[],
  actions: {
    submit: { from: [], to: 'open', policy: staff },
    send: { from: ['open'], to: 'review', policy: staff },
    // Guard-chosen target: small amounts are approved at once, large ones refused for a second look.
    decide: {
      from: ['review'],
      to: (row, input) => (input.accept === false || (row?.amountFen ?? 0) > 100_000 ? 'refused' : 'approved'),
      guard: (row) => (row.title.trim() ? true : { code: 'NO_TITLE', message: '缺少标题 / title missing' }),
      policy: county,
    },
    pay: { from: ['approved'], to: 'done', policy: county, makerChecker: true },
  },
  due: { review: { days: 5, kind: 'working' }, approved: { days: 10, kind: 'calendar' } },
  regionOf: (r) => r.regionCode,
  auditAction: (a) => `test.app.${a}`,
  actorOf: (a: Actor) => a,
  canReassign: county,
});

const TASK = defineCaseType({
  name: 'test_task',
  table: testCases,
  statuses: ['open', 'done'] as const,
  actions: { spawn: { from: [], to: 'open', policy: staff }, finish: { from: ['open'], to: 'done', policy: staff } },
  regionOf: (r) => r.regionCode,
  auditAction: (a) => `test.task.${a}`,
  actorOf: (a: Actor) => a,
});

const REGION = '331181203201';
const person = (roles: Actor['roles'], userId: string, name: string, region = '331181203'): Actor => ({
  ...systemActor(region, name),
  roles,
  userId,
  displayName: name,
});
const townA = person(['township_staff'], '00000000-0000-4000-8000-0000000000a1', '乡镇甲');
const townB = person(['township_staff'], '00000000-0000-4000-8000-0000000000a2', '乡镇乙');
const otherTown = person(['township_staff'], '00000000-0000-4000-8000-0000000000a3', '外乡镇', '331181100');
const countyA = person(['county_staff'], '00000000-0000-4000-8000-0000000000c1', '县甲', '331181');
const countyB = person(['county_staff'], '00000000-0000-4000-8000-0000000000c2', '县乙', '331181');

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await env.ctx.db.execute(sql`CREATE TABLE engine_test_cases (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), status text NOT NULL, version integer NOT NULL DEFAULT 1,
    region_code text NOT NULL, title text NOT NULL, amount_fen integer NOT NULL DEFAULT 0)`);
});
afterAll(async () => env?.close());

const newApp = (title = '申请', amountFen = 500) =>
  create(env.ctx.db, APP, { action: 'submit', actor: townA, values: { regionCode: REGION, title, amountFen } });

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'OK';
}

describe('case engine: create and transition', () => {
  it('creates with a log row, an index row and an audit entry; refuses a creator out of scope', async () => {
    const row = await newApp();
    expect(row).toMatchObject({ status: 'open', version: 1 });
    const log = await env.ctx.db.select().from(workflowLog).where(eq(workflowLog.caseId, row.id));
    expect(log.map((l) => [l.action, l.fromStatus, l.toStatus])).toEqual([['submit', null, 'open']]);
    const audit = await env.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, row.id));
    expect(audit.map((a) => a.action)).toEqual(['test.app.submit']);
    expect(await code(create(env.ctx.db, APP, { action: 'submit', actor: otherTown, values: { regionCode: REGION, title: 'x' } }))).toBe(
      'FORBIDDEN',
    );
    // The refused insert was rolled back.
    const [{ n }] = await env.ctx.db.select({ n: sql<number>`count(*)::int` }).from(testCases).where(eq(testCases.title, 'x'));
    expect(n).toBe(0);
  });

  it('owns lock, policy, state, version, guard, write, log and audit', async () => {
    const row = await newApp();
    expect(await code(transition(env.ctx.db, APP, { caseId: row.id, action: 'send', actor: otherTown }))).toBe('FORBIDDEN');
    expect(await code(transition(env.ctx.db, APP, { caseId: row.id, action: 'send', actor: townA, expectedVersion: 7 }))).toBe(
      'VERSION_CONFLICT',
    );
    expect(await code(transition(env.ctx.db, APP, { caseId: row.id, action: 'decide', actor: countyA }))).toBe('INVALID_TRANSITION');
    const sent = await transition(env.ctx.db, APP, {
      caseId: row.id,
      action: 'send',
      actor: townA,
      expectedVersion: 1,
      note: '送审',
      set: { title: '申请(已送审)' },
    });
    expect(sent).toMatchObject({ status: 'review', version: 2, title: '申请(已送审)' });
    expect(await code(transition(env.ctx.db, APP, { caseId: row.id, action: 'send', actor: townA }))).toBe('INVALID_TRANSITION');
    expect(await code(transition(env.ctx.db, APP, { caseId: crypto.randomUUID(), action: 'send', actor: townA }))).toBe('NOT_FOUND');
    const log = await env.ctx.db.select().from(workflowLog).where(eq(workflowLog.caseId, row.id));
    expect(log.map((l) => `${l.fromStatus}>${l.toStatus}`)).toEqual(['null>open', 'open>review']);
    expect(log[1]).toMatchObject({ actorName: '乡镇甲', note: '送审' });
  });

  it('a guard refuses with its own code; the target may be chosen from the row and input', async () => {
    const blank = await newApp(' ');
    await transition(env.ctx.db, APP, { caseId: blank.id, action: 'send', actor: townA });
    try {
      await transition(env.ctx.db, APP, { caseId: blank.id, action: 'decide', actor: countyA });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).details[0].code).toBe('NO_TITLE');
    }
    const small = await newApp('小额', 500);
    const big = await newApp('大额', 500_000);
    for (const r of [small, big]) await transition(env.ctx.db, APP, { caseId: r.id, action: 'send', actor: townA });
    expect((await transition(env.ctx.db, APP, { caseId: small.id, action: 'decide', actor: countyA })).status).toBe('approved');
    expect((await transition(env.ctx.db, APP, { caseId: big.id, action: 'decide', actor: countyA })).status).toBe('refused');
  });

  it('an effect that throws rolls everything back', async () => {
    const row = await newApp();
    await expect(
      transition(env.ctx.db, APP, {
        caseId: row.id,
        action: 'send',
        actor: townA,
        effect: async () => {
          throw new AppError('VALIDATION_FAILED');
        },
      }),
    ).rejects.toThrow(AppError);
    const [fresh] = await env.ctx.db.select().from(testCases).where(eq(testCases.id, row.id));
    expect(fresh).toMatchObject({ status: 'open', version: 1 });
    const log = await env.ctx.db.select().from(workflowLog).where(eq(workflowLog.caseId, row.id));
    expect(log).toHaveLength(1);
  });

  it('concurrent transitions with the same expected version: one wins, the other is a version conflict', async () => {
    const row = await newApp();
    const r = await Promise.all(
      [townA, townB].map((a) => code(transition(env.ctx.db, APP, { caseId: row.id, action: 'send', actor: a, expectedVersion: 1 }))),
    );
    expect(r.sort()).toEqual(['INVALID_TRANSITION', 'OK']);
  });

  it('availableActions applies the state table and the policy to the record', async () => {
    const row = await newApp();
    expect(availableActions(APP, row, townA)).toEqual(['send']);
    expect(availableActions(APP, row, otherTown)).toEqual([]);
    expect(availableActions(APP, row, countyA)).toEqual([]);
    expect(availableActions(APP, { ...row, status: 'review' }, countyA)).toEqual(['decide']);
  });
});

describe('case engine: assignment', () => {
  it('claim, others see who has it, release, reassign by a supervisor', async () => {
    const row = await newApp();
    const a = await claim(env.ctx.db, APP, { caseId: row.id, actor: townA });
    expect(a).toMatchObject({ assigneeId: townA.userId, assigneeName: '乡镇甲' });
    expect(await code(claim(env.ctx.db, APP, { caseId: row.id, actor: townB }))).toBe('CASE_CLAIMED');
    expect(await code(release(env.ctx.db, APP, { caseId: row.id, actor: townB }))).toBe('CASE_CLAIMED');
    expect(await code(claim(env.ctx.db, APP, { caseId: row.id, actor: otherTown }))).toBe('FORBIDDEN');
    expect(await code(reassign(env.ctx.db, APP, { caseId: row.id, actor: townA, to: { id: 'x', name: 'x' } }))).toBe('FORBIDDEN');
    const r = await reassign(env.ctx.db, APP, { caseId: row.id, actor: countyA, to: { id: townB.userId ?? '', name: '乡镇乙' } });
    expect(r.assigneeName).toBe('乡镇乙');
    expect((await release(env.ctx.db, APP, { caseId: row.id, actor: townB })).assigneeId).toBeNull();
    const log = await env.ctx.db.select().from(workflowLog).where(eq(workflowLog.caseId, row.id));
    expect(log.map((l) => l.action)).toEqual(['submit', 'claim', 'reassign', 'release']);
  });
});

describe('case engine: maker-checker', () => {
  it('needs a request by one person and an approval by another', async () => {
    const row = await newApp();
    await transition(env.ctx.db, APP, { caseId: row.id, action: 'send', actor: townA });
    await transition(env.ctx.db, APP, { caseId: row.id, action: 'decide', actor: countyA });
    expect(await code(transition(env.ctx.db, APP, { caseId: row.id, action: 'pay', actor: countyA }))).toBe('APPROVAL_REQUIRED');
    expect(await code(requestApproval(env.ctx.db, APP, { caseId: row.id, action: 'pay', actor: townA }))).toBe('FORBIDDEN');
    const req = await requestApproval(env.ctx.db, APP, { caseId: row.id, action: 'pay', actor: countyA, note: '付款' });
    expect(await code(requestApproval(env.ctx.db, APP, { caseId: row.id, action: 'pay', actor: countyB }))).toBe('CONFLICT');
    expect(await code(approve(env.ctx.db, APP, { approvalId: req.id, actor: countyA }))).toBe('MAKER_CHECKER_SAME_PERSON');
    const done = await approve(env.ctx.db, APP, { approvalId: req.id, actor: countyB });
    expect(done.status).toBe('done');
    expect(await code(approve(env.ctx.db, APP, { approvalId: req.id, actor: countyB }))).toBe('INVALID_TRANSITION');
    const [last] = await env.ctx.db
      .select()
      .from(workflowLog)
      .where(and(eq(workflowLog.caseId, row.id), eq(workflowLog.action, 'pay')));
    expect(last).toMatchObject({ actorName: '县乙', note: '付款', payload: { approvalId: req.id } });
  });

  it('a rejected request leaves the case as it was', async () => {
    const row = await newApp();
    await transition(env.ctx.db, APP, { caseId: row.id, action: 'send', actor: townA });
    await transition(env.ctx.db, APP, { caseId: row.id, action: 'decide', actor: countyA });
    const req = await requestApproval(env.ctx.db, APP, { caseId: row.id, action: 'pay', actor: countyA });
    expect(await code(rejectApproval(env.ctx.db, APP, { approvalId: req.id, actor: countyA, note: 'x' }))).toBe(
      'MAKER_CHECKER_SAME_PERSON',
    );
    expect((await rejectApproval(env.ctx.db, APP, { approvalId: req.id, actor: countyB, note: '材料不全' })).state).toBe('rejected');
    const [fresh] = await env.ctx.db.select().from(testCases).where(eq(testCases.id, row.id));
    expect(fresh.status).toBe('approved');
  });
});

describe('case engine: due dates, children, bulk', () => {
  it('sets the due date on entering a status, in working days across 国庆 2025, and lists overdue cases', async () => {
    const row = await newApp();
    await transition(env.ctx.db, APP, { caseId: row.id, action: 'send', actor: townA, today: '2025-09-30' });
    // 9-30 (Tue) + 5 working days: 10-1..8 holidays, 10-9 Thu, 10-10 Fri, 10-11 Sat (调休 workday), 10-13 Mon, 10-14 Tue.
    expect(await dueDateOf(env.ctx.db, 'test_app', row.id)).toBe('2025-10-14');
    const late = await overdue(env.ctx.db, APP, { regionPrefix: '331181203', asOf: '2025-10-15' });
    expect(late.map((c) => c.caseId)).toContain(row.id);
    expect((await overdue(env.ctx.db, APP, { regionPrefix: '331181100', asOf: '2025-10-15' })).map((c) => c.caseId)).not.toContain(row.id);
    expect((await overdue(env.ctx.db, APP, { regionPrefix: '331181', asOf: '2025-10-14' })).map((c) => c.caseId)).not.toContain(row.id);
    await transition(env.ctx.db, APP, { caseId: row.id, action: 'decide', actor: countyA, today: '2025-10-10' });
    expect(await dueDateOf(env.ctx.db, 'test_app', row.id)).toBe('2025-10-20');
  });

  it('children: one application fans out into tasks, progress counts by status', async () => {
    const parent = await newApp();
    const ref = { workflow: 'test_app', caseId: parent.id };
    const tasks = await createMany(env.ctx.db, TASK, {
      action: 'spawn',
      actor: townA,
      values: [1, 2, 3].map((i) => ({ regionCode: REGION, title: `任务${i}` })),
      parentOf: () => ref,
    });
    expect(tasks).toHaveLength(3);
    await transition(env.ctx.db, TASK, { caseId: tasks[0].id, action: 'finish', actor: townA });
    expect(await childrenProgress(env.ctx.db, ref)).toEqual({
      total: 3,
      byStatus: { open: 2, done: 1 },
      byWorkflow: { test_task: { open: 2, done: 1 } },
    });
  });

  it('transitionMany: set-based inside one transaction, all or nothing', async () => {
    const rows = await Promise.all([newApp('m1'), newApp('m2'), newApp('m3')]);
    const moved = await transitionMany(env.ctx.db, APP, { caseIds: rows.map((r) => r.id), action: 'send', actor: townA, note: '批量' });
    expect(moved.map((r) => [r.status, r.version])).toEqual(rows.map(() => ['review', 2]));
    const again = await newApp('m4');
    expect(await code(transitionMany(env.ctx.db, APP, { caseIds: [again.id, rows[0].id], action: 'send', actor: townA }))).toBe(
      'INVALID_TRANSITION',
    );
    const [fresh] = await env.ctx.db.select().from(testCases).where(eq(testCases.id, again.id));
    expect(fresh.status).toBe('open');
  });

  it('bulkTransition: each item in its own transaction with a per-item result', async () => {
    const a = await newApp('b1');
    const b = await newApp('b2');
    await transition(env.ctx.db, APP, { caseId: b.id, action: 'send', actor: townA });
    const res = await bulkTransition(env.ctx.db, APP, {
      items: [{ caseId: a.id, expectedVersion: 1 }, { caseId: b.id }, { caseId: crypto.randomUUID() }],
      action: 'send',
      actor: townA,
    });
    expect(res.map((r) => (r.ok ? r.status : r.error))).toEqual(['review', 'INVALID_TRANSITION', 'NOT_FOUND']);
  });

  it('stored status equals the last logged target for every case of these types', async () => {
    const bad = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`
      SELECT c.id FROM engine_test_cases c
      LEFT JOIN LATERAL (SELECT to_status FROM workflow_log l WHERE l.case_id = c.id::text ORDER BY l.id DESC LIMIT 1) l ON TRUE
      WHERE l.to_status IS DISTINCT FROM c.status`,
    );
    expect(bad).toEqual([]);
  });
});
