import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, makeIdNumber, type Session, type TestEnv, TOWN_A, TOWN_B } from '../../test/harness.ts';

let env: TestEnv;
let town: Session;
let village: string;
beforeAll(async () => {
  env = await createTestEnv();
  town = await login(env.app, `town-${TOWN_A}`);
  village = (await town.request('GET', `/api/regions?parent=${TOWN_A}`)).json()[0].code;
});
afterAll(async () => env?.close());

describe('households', () => {
  it('creates a household with members and their relation to the head, edits with a version', async () => {
    const head = (
      await town.request('POST', '/api/people', {
        name: '钟大山',
        idNumber: makeIdNumber({ birth: '19500101' }),
        residenceRegionCode: village,
      })
    ).json();
    const wife = (
      await town.request('POST', '/api/people', {
        name: '蓝桂花',
        idNumber: makeIdNumber({ birth: '19520101', sex: 'F' }),
        residenceRegionCode: village,
      })
    ).json();
    const r = await town.request('POST', '/api/households', {
      householdNumber: 'ZY-001',
      residenceRegionCode: village,
      address: '1号',
      members: [
        { personId: head.id, relation: 'head' },
        { personId: wife.id, relation: 'spouse' },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const h = r.json();
    expect(h).toMatchObject({ headName: '钟大山', memberCount: 2, version: 1 });
    expect(h.members.map((m: { relation: string }) => m.relation).sort()).toEqual(['head', 'spouse']);
    expect(h.members[0].idNumber).toMatch(/\*{8}/);
    const child = (
      await town.request('POST', '/api/people', {
        name: '钟小山',
        idNumber: makeIdNumber({ birth: '19800101' }),
        residenceRegionCode: village,
      })
    ).json();
    const add = await town.request('POST', `/api/households/${h.id}/members`, { personId: child.id, relation: 'child' });
    expect(add.json().memberCount).toBe(3);
    const secondHead = await town.request('POST', `/api/households/${h.id}/members`, { personId: child.id, relation: 'head' });
    expect(secondHead.statusCode).toBe(400);
    const edit = await town.request('PATCH', `/api/households/${h.id}`, { version: add.json().version, address: '2号' });
    expect(edit.statusCode).toBe(200);
    expect((await town.request('PATCH', `/api/households/${h.id}`, { version: 1, address: '3号' })).statusCode).toBe(409);
    const rm = await town.request('DELETE', `/api/households/${h.id}/members/${child.id}`);
    expect(rm.json().memberCount).toBe(2);
    const search = (await town.request('GET', `/api/households?q=${encodeURIComponent('钟大山')}`)).json();
    expect(search.items.map((x: { id: string }) => x.id)).toContain(h.id);
    const other = await login(env.app, `town-${TOWN_B}`);
    expect((await other.request('GET', `/api/households/${h.id}`)).statusCode).toBe(404);
    expect((await other.request('GET', '/api/households?q=ZY-001')).json().total).toBe(0);
  });
});
