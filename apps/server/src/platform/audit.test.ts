import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type TestEnv } from '../test/harness.ts';
import { appendAudit, verifyAuditChain } from './audit.ts';
import { systemActor } from './context.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('hash-chained audit log', () => {
  it('verifies an intact chain', async () => {
    for (let i = 0; i < 5; i++)
      await appendAudit(env.ctx.db, systemActor(), { action: 'test.entry', details: { i, nested: { b: 1, a: [1, 2] } } });
    const r = await verifyAuditChain(env.ctx.db);
    expect(r).toMatchObject({ ok: true, firstBrokenId: null });
    expect(r.checked).toBeGreaterThan(5);
  });

  it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    await expect(env.ctx.db.execute(sql`UPDATE audit_log SET action = 'x' WHERE id = 1`)).rejects.toThrow();
    await expect(env.ctx.db.execute(sql`DELETE FROM audit_log WHERE id = 1`)).rejects.toThrow();
    await expect(env.ctx.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
  });

  it('keeps appends ordered under concurrency', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendAudit(env.ctx.db, systemActor(), { action: 'test.concurrent', details: { i } })),
    );
    expect((await verifyAuditChain(env.ctx.db)).ok).toBe(true);
  });

  it('reports the first changed entry when someone edits the table behind the application', async () => {
    const rows = (await env.ctx.db.execute(
      sql`SELECT id FROM audit_log WHERE action = 'test.entry' ORDER BY id LIMIT 1 OFFSET 2`,
    )) as unknown as { rows: { id: number }[] };
    const target = Number(rows.rows[0].id);
    // A DBA with table-owner rights can switch the trigger off; the chain still shows it.
    await env.ctx.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await env.ctx.db.execute(sql`UPDATE audit_log SET details = '{"i": 99}'::jsonb WHERE id = ${target}`);
    await env.ctx.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
    const r = await verifyAuditChain(env.ctx.db);
    expect(r).toMatchObject({ ok: false, firstBrokenId: target });
    expect(r.broken).toEqual([{ id: target, reason: expect.stringContaining('content') }]);
    // The auditor page reports the same through the API.
    const auditor = await login(env.app, 'auditor');
    const api = (await auditor.request('POST', '/api/audit/verify')).json();
    expect(api).toMatchObject({ ok: false, firstBrokenId: target });
  });
});

describe('every break is reported, and what is stored is what was hashed', () => {
  it('reports two separately changed entries, not just the first', async () => {
    const e = await createTestEnv();
    try {
      for (let i = 0; i < 6; i++) await appendAudit(e.ctx.db, systemActor(), { action: 'test.two', details: { i } });
      const ids = (await e.ctx.db.execute(sql`SELECT id FROM audit_log WHERE action = 'test.two' ORDER BY id`)) as unknown as {
        rows: { id: number }[];
      };
      const a = Number(ids.rows[1].id);
      const b = Number(ids.rows[4].id);
      await e.ctx.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
      await e.ctx.db.execute(sql`UPDATE audit_log SET details = '{"i": 99}'::jsonb WHERE id = ${a}`);
      await e.ctx.db.execute(sql`UPDATE audit_log SET action = 'test.hidden' WHERE id = ${b}`);
      await e.ctx.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
      const r = await verifyAuditChain(e.ctx.db);
      expect(r.ok).toBe(false);
      expect(r.broken.map((x) => x.id)).toEqual([a, b]);
      expect(r.firstBrokenId).toBe(a);
      // A removed entry in the middle is reported as a gap, and checking goes on after it.
      await e.ctx.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
      await e.ctx.db.execute(sql`DELETE FROM audit_log WHERE id = ${a + 1}`);
      await e.ctx.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
      const r2 = await verifyAuditChain(e.ctx.db);
      expect(r2.broken.map((x) => x.id)).toEqual([a, a + 1, b]);
    } finally {
      await e.close();
    }
  });

  it('refuses ill-formed text at the edge, and an entry with such text still verifies', async () => {
    const e = await createTestEnv();
    try {
      // JSON with a lone surrogate escape: the parsed string cannot be stored as UTF-8.
      for (const username of ['a\\ud800b', 'a\\udc00', 'nul\\u0000x']) {
        const res = await e.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: `{"username":"${username}","password":"x"}`,
        });
        expect(res.statusCode).toBe(400);
      }
      const nested = await e.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username":"admin","password":"x","extra":{"k\\ud800":1}}',
      });
      expect(nested.statusCode).toBe(400);
      // A caller inside the server that passes such text anyway gets it stored and hashed the same way.
      await appendAudit(
        e.ctx.db,
        { ...systemActor(), username: 'a\ud800b' },
        {
          action: 'test.surrogate\u0000',
          targetId: '\udfff',
          details: { 'k\ud800': ['v\u0000', { n: 1.5, big: 2 ** 60, s: '\ud83d\ude00' }] },
        },
      );
      const r = await verifyAuditChain(e.ctx.db);
      expect(r).toMatchObject({ ok: true, broken: [] });
      const stored = (await e.ctx.db.execute(
        sql`SELECT username, details FROM audit_log WHERE action LIKE 'test.surrogate%'`,
      )) as unknown as {
        rows: { username: string; details: unknown }[];
      };
      expect(stored.rows[0].username).toBe('a\ufffdb');
    } finally {
      await e.close();
    }
  });
});

describe('chain with removed tail', () => {
  it('notices entries removed from the end', async () => {
    const e = await createTestEnv();
    try {
      for (let i = 0; i < 3; i++) await appendAudit(e.ctx.db, systemActor(), { action: 'test.tail' });
      const before = await verifyAuditChain(e.ctx.db);
      await e.ctx.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
      await e.ctx.db.execute(sql`DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`);
      await e.ctx.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
      const r = await verifyAuditChain(e.ctx.db);
      expect(r.ok).toBe(false);
      expect(r.firstBrokenId).toBe(before.checked);
    } finally {
      await e.close();
    }
  });
});
