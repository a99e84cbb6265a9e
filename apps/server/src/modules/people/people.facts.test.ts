import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, makeIdNumber, type TestEnv, TOWN_A } from '../../test/harness.ts';
import { personFactsAsOf } from './people.service.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('effective-dated facts', () => {
  it('reconstructs the facts as they stood at an earlier instant', async () => {
    const town = await login(env.app, `town-${TOWN_A}`);
    const village = (await town.request('GET', `/api/regions?parent=${TOWN_A}`)).json()[0].code;
    const p = (
      await town.request('POST', '/api/people', {
        name: '雷时点',
        idNumber: makeIdNumber({ birth: '19380101' }),
        residenceRegionCode: village,
        livingArrangement: 'with_children',
      })
    ).json();
    await new Promise((r) => setTimeout(r, 20));
    const before = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const r = await town.request('PATCH', `/api/people/${p.id}`, { version: 1, livingArrangement: 'alone', tags: ['独居', '高龄'] });
    expect(r.statusCode).toBe(200);
    const then = await personFactsAsOf(env.ctx.db, p.id, before);
    expect(then).toMatchObject({ livingArrangement: 'with_children', tags: [] });
    const now = await personFactsAsOf(env.ctx.db, p.id, new Date());
    expect(now).toMatchObject({ livingArrangement: 'alone', tags: ['独居', '高龄'] });
    expect(await personFactsAsOf(env.ctx.db, p.id, new Date('2000-01-01'))).toBeNull();
  });
});
