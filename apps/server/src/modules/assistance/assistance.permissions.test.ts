/** Permission matrix over the assistance and children preview routes: every role, and anonymous. */
import { ROLES } from '@lq/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeCatalog } from '../../app.ts';
import { createTestEnv, login, type Session, type TestEnv, TOWN_A } from '../../test/harness.ts';
import { RULES_MATRIX } from './assistance.matrix.ts';
import { seedAssistanceParameters } from './seed.ts';

let env: TestEnv;
const sessions = new Map<string, Session>();
beforeAll(async () => {
  env = await createTestEnv();
  await seedAssistanceParameters(env.ctx.db);
  const admin = await login(env.app, 'admin');
  for (const role of ROLES) {
    const username = `rules-${role.replace(/_/g, '-')}`;
    const r = await admin.request('POST', '/api/users', {
      username,
      displayName: username,
      roles: [role],
      regionCode: role === 'admin' || role === 'county_staff' || role === 'auditor' ? '331181' : TOWN_A,
      password: 'Good#Pass9',
    });
    expect(r.statusCode, r.body).toBe(201);
    sessions.set(role, await login(env.app, username, 'Good#Pass9'));
  }
}, 120_000);
afterAll(async () => env?.close());

describe('assistance and children permission matrix', () => {
  it('every assistance/children route is in the matrix', () => {
    const routes = [...routeCatalog].filter((r) => /^[A-Z]+ \/api\/(assistance|children)\//.test(r));
    expect(routes.sort()).toEqual(Object.keys(RULES_MATRIX).sort());
  });
  for (const [route, spec] of Object.entries(RULES_MATRIX)) {
    const [method, url] = route.split(' ');
    it(`${route}: 401 anonymous, 2xx for allowed roles, 403 for the others`, async () => {
      const anon = await env.app.inject({ method: method as 'POST', url, payload: spec.body as object });
      expect(anon.statusCode).toBe(401);
      for (const role of ROLES) {
        const r = await sessions.get(role)!.request(method, url, spec.body);
        if (spec.allowed.includes(role)) expect(r.statusCode, `${role} ${route} -> ${r.body}`).toBe(200);
        else expect(r.statusCode, `${role} ${route} -> ${r.body}`).toBe(403);
      }
    });
  }
});
