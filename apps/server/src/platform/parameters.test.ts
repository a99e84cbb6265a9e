import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestEnv, type TestEnv } from '../test/harness.ts';
import { systemActor } from './context.ts';
import { queryRows } from './db/client.ts';
import { AppError } from './errors.ts';
import { addVersion, defineParameter, listVersions, paramOn, seedVersionIfAbsent, valueOn } from './parameters.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const rate = defineParameter('test', 'rate', z.object({ fen: z.number().int().min(0) }));
const actor = systemActor();

async function expectAppError(p: Promise<unknown>, code: string, field?: string) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (field) expect((e as AppError).details.map((d) => d.field)).toContain(field);
  return e as AppError;
}

describe('platform parameter store', () => {
  it('no version in force: 409 PARAMETER_MISSING naming module and key, in Chinese and English', async () => {
    const e = await expectAppError(paramOn(env.ctx.db, 'test', 'rate', '2026-01-01'), 'PARAMETER_MISSING', 'test.rate');
    expect(e.status).toBe(409);
    expect(e.details[0].message).toMatch(/无有效的参数.*no parameter test\/rate/);
  });

  it('a new version ends the one in force the day before; the audit entry names the version it ends', async () => {
    const v1 = await addVersion(env.ctx.db, actor, {
      module: 'test',
      key: 'rate',
      validFrom: '2024-01-01',
      value: { fen: 100 },
      source: '文件 1',
    });
    const v2 = await addVersion(env.ctx.db, actor, {
      module: 'test',
      key: 'rate',
      validFrom: '2025-07-01',
      value: { fen: 200 },
      source: '文件 2',
    });
    const rows = await listVersions(env.ctx.db, 'test', 'rate');
    expect(rows.map((r) => [r.validFrom, r.validTo])).toEqual([
      ['2024-01-01', '2025-06-30'],
      ['2025-07-01', null],
    ]);
    expect(await paramOn(env.ctx.db, 'test', 'rate', '2025-06-30')).toEqual({ fen: 100 });
    expect(await paramOn(env.ctx.db, 'test', 'rate', '2025-07-01')).toEqual({ fen: 200 });
    expect((await valueOn(env.ctx.db, rate, '2030-01-01')).validFrom).toBe('2025-07-01');
    await expectAppError(paramOn(env.ctx.db, 'test', 'rate', '2023-12-31'), 'PARAMETER_MISSING');
    const audit = await queryRows<{ action: string; target_id: string; details: { ends: { id: string; validTo: string } | null } }>(
      env.ctx.db,
      sql`SELECT action, target_id, details FROM audit_log WHERE action = 'parameter.version' ORDER BY id`,
    );
    expect(audit.map((a) => a.target_id)).toEqual([v1.id, v2.id]);
    expect(audit[0].details.ends).toBeNull();
    expect(audit[1].details.ends).toMatchObject({ id: v1.id, validFrom: '2024-01-01', validTo: '2025-06-30', previousValidTo: null });
  });

  it('refuses a version not after the latest, a blank source, a value off its schema, an unknown key', async () => {
    await expectAppError(
      addVersion(env.ctx.db, actor, { module: 'test', key: 'rate', validFrom: '2025-07-01', value: { fen: 1 }, source: 'x' }),
      'CONFLICT',
      'validFrom',
    );
    await expectAppError(
      addVersion(env.ctx.db, actor, { module: 'test', key: 'rate', validFrom: '2027-01-01', value: { fen: 1 }, source: '  ' }),
      'VALIDATION_FAILED',
      'source',
    );
    await expectAppError(
      addVersion(env.ctx.db, actor, { module: 'test', key: 'rate', validFrom: '2027-01-01', value: { fen: -1 }, source: 'x' }),
      'VALIDATION_FAILED',
      'value.fen',
    );
    await expectAppError(
      addVersion(env.ctx.db, actor, { module: 'test', key: 'nope', validFrom: '2027-01-01', value: {}, source: 'x' }),
      'VALIDATION_FAILED',
      'key',
    );
  });

  it('the database refuses an inverted range, a blank source and a duplicate first day', async () => {
    const db = env.ctx.db;
    await expect(
      db.execute(
        sql`INSERT INTO parameters (module, key, valid_from, valid_to, value, source) VALUES ('t','k','2026-01-02','2026-01-01','{}','s')`,
      ),
    ).rejects.toThrow();
    await expect(
      db.execute(sql`INSERT INTO parameters (module, key, valid_from, value, source) VALUES ('t','k','2026-01-01','{}',' ')`),
    ).rejects.toThrow();
    await db.execute(sql`INSERT INTO parameters (module, key, valid_from, value, source) VALUES ('t','k','2026-01-01','{}','s')`);
    await expect(
      db.execute(sql`INSERT INTO parameters (module, key, valid_from, value, source) VALUES ('t','k','2026-01-01','{}','s')`),
    ).rejects.toThrow();
  });

  it('seeding is idempotent and leaves a configured key alone', async () => {
    expect(
      await seedVersionIfAbsent(env.ctx.db, { module: 'test', key: 'rate', validFrom: '2000-01-01', value: { fen: 5 }, source: 'DEMO' }),
    ).toBe(false);
    expect(await paramOn(env.ctx.db, 'test', 'rate', '2030-01-01')).toEqual({ fen: 200 });
  });
});
