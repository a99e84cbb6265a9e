import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client.ts';
import { createTestEnv, login, type Session, type TestEnv } from '../../test/harness.ts';
import { seedAssistanceParameters } from '../assistance/seed.ts';

let env: TestEnv;
let county: Session;
beforeAll(async () => {
  env = await createTestEnv();
  await seedAssistanceParameters(env.ctx.db);
  county = await login(env.app, 'county');
});
afterAll(async () => env?.close());

const parent = (role: 'father' | 'mother', over: object = {}) => ({
  role,
  state: 'alive',
  disability: null,
  seriousIllness: false,
  workingAway: false,
  ...over,
});
const body = (f: object, m: object, extra: object = {}) => ({
  asOf: '2026-06-15',
  child: { birthDate: '2014-06-15', rural: true },
  parents: [parent('father', f), parent('mother', m)],
  ...extra,
});
const U = '/api/children/classify';

describe('POST /api/children/classify', () => {
  it('200 shapes for each category; audit entry without child data', async () => {
    const before = (
      await queryRows<{ n: number }>(env.ctx.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'children.classify.preview'`)
    )[0].n;
    const cases: [object, object, string][] = [
      [{ state: 'dead' }, { state: 'declared_dead' }, 'orphan'],
      [{ state: 'dead' }, { state: 'missing', since: '2025-12-15' }, 'de_facto_unattended'],
      [{ state: 'declared_missing' }, { seriousIllness: true }, 'de_facto_unattended'],
      [{ workingAway: true }, { workingAway: true }, 'left_behind'],
      [{ state: 'dead' }, { state: 'missing', since: '2025-12-16' }, 'none'],
    ];
    for (const [f, m, category] of cases) {
      const r = await county.request('POST', U, body(f, m));
      expect(r.statusCode, r.body).toBe(200);
      expect(Object.keys(r.json()).sort()).toEqual(['category', 'reasons']);
      expect(r.json().category).toBe(category);
      expect(r.json().reasons.length).toBeGreaterThan(1);
    }
    const rows = await queryRows<{ details: Record<string, unknown> }>(
      env.ctx.db,
      sql`SELECT details FROM audit_log WHERE action = 'children.classify.preview' ORDER BY id`,
    );
    expect(rows.length).toBe(before + cases.length);
    expect(JSON.stringify(rows.at(-1)?.details)).not.toContain('2014-06-15');
  });

  it('a child supervisor may classify', async () => {
    const admin = await login(env.app, 'admin');
    const r = await admin.request('POST', '/api/users', {
      username: 'child-sup-1',
      displayName: '督导员',
      roles: ['child_supervisor'],
      regionCode: '331181203',
      password: 'Good#Pass9',
    });
    expect(r.statusCode, r.body).toBe(201);
    const s = await login(env.app, 'child-sup-1', 'Good#Pass9');
    expect((await s.request('POST', U, body({}, {}))).statusCode).toBe(200);
    expect((await admin.request('POST', U, body({}, {}))).statusCode).toBe(403);
  });

  it('400 naming the field', async () => {
    const cases: [object, string][] = [
      [body({}, {}, { child: { birthDate: '2014-02-30', rural: true } }), 'child.birthDate'],
      [body({ state: 'missing' }, {}), 'parents.0.since'],
      [body({}, { state: 'serving_sentence' }), 'parents.1.termMonths'],
      [body({}, { state: 'exiled' }), 'parents.1.state'],
      [body({}, { disability: { category: 'mental', grade: 5 } }), 'parents.1.disability.grade'],
      [{ ...body({}, {}), parents: [parent('father'), parent('father')] }, 'parents'],
      [{ ...body({}, {}), parents: [parent('father')] }, 'parents'],
    ];
    for (const [b, field] of cases) {
      const r = await county.request('POST', U, b);
      expect(r.statusCode, `${field}: ${r.body}`).toBe(400);
      expect(r.json().details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('401 without login, 403 without the CSRF header', async () => {
    expect((await env.app.inject({ method: 'POST', url: U, payload: body({}, {}) })).statusCode).toBe(401);
    const r = await env.app.inject({ method: 'POST', url: U, payload: body({}, {}), headers: { cookie: county.cookie } });
    expect(r.statusCode).toBe(403);
  });
});
