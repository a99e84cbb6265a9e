import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, makeIdNumber, type Session, TEST_PASSWORD, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
let admin: Session;
let county: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
  county = await login(env.app, 'county');
});
afterAll(async () => env?.close());

function upload(s: Session, content: string) {
  const b = '----x';
  return env.app.inject({
    method: 'POST',
    url: '/api/regions/import',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${b}` },
    payload: `--${b}\r\nContent-Disposition: form-data; name="file"; filename="villages.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${b}--\r\n`,
  });
}

describe('regions', () => {
  it('lists the county and its 19 township-level units with real codes', async () => {
    const top = (await county.request('GET', '/api/regions')).json();
    expect(top).toEqual([{ code: '331181', name: '龙泉市', level: 'county', parentCode: null, isDemo: false }]);
    const towns = (await county.request('GET', '/api/regions?parent=331181')).json();
    expect(towns).toHaveLength(19);
    expect(towns.find((t: { code: string }) => t.code === '331181203')).toMatchObject({
      name: '竹垟畲族乡',
      level: 'township',
      parentCode: '331181',
    });
    expect(towns.some((t: { code: string }) => t.code === '331181201')).toBe(false);
  });

  it('has demo villages with 12-digit codes, marked as demo', async () => {
    const vs = (await county.request('GET', '/api/regions?parent=331181203')).json();
    expect(vs.length).toBeGreaterThan(3);
    for (const v of vs) {
      expect(v.code).toMatch(/^331181203\d{3}$/);
      expect(v.isDemo).toBe(true);
    }
  });

  it('limits the tree to the user region', async () => {
    const town = await login(env.app, 'town-331181203');
    const tree = (await town.request('GET', '/api/regions/tree')).json();
    expect(tree).toHaveLength(1);
    expect(tree[0].code).toBe('331181203');
    expect(tree[0].children.length).toBeGreaterThan(3);
  });

  it('rejects a bad official list with per-row reasons and changes nothing', async () => {
    const r = await upload(admin, 'code,name\n331181203001,A社区\n12345,坏\n331181999001,无上级\n');
    expect(r.statusCode).toBe(400);
    expect(r.json().details.map((d: { row: number }) => d.row)).toEqual([3, 4]);
    const empty = await upload(admin, 'code,name\n');
    expect(empty.statusCode).toBe(400);
    const vs = (await county.request('GET', '/api/regions?parent=331181203')).json();
    expect(vs.every((v: { isDemo: boolean }) => v.isDemo)).toBe(true);
  });

  it('replaces the demo villages with the official list; people in removed demo villages move to the township', async () => {
    const demoVillages = (await county.request('GET', '/api/regions?parent=331181203')).json();
    const p = (
      await county.request('POST', '/api/people', { name: '蓝迁移', idNumber: makeIdNumber(), residenceRegionCode: demoVillages[1].code })
    ).json();
    const keep = demoVillages[0].code;
    const csv = `code,name\n${keep},官方村甲\n331181203299,官方村乙\n`;
    const r = await upload(admin, csv);
    expect(r.statusCode, r.body).toBe(200);
    const totalDemo = r.json().removedDemo;
    expect(r.json()).toMatchObject({ imported: 2, peopleMovedToTownship: 1 });
    expect(totalDemo).toBeGreaterThan(100);
    const after = (await county.request('GET', '/api/regions?parent=331181203')).json();
    expect(after.map((v: { code: string; name: string; isDemo: boolean }) => [v.code, v.name, v.isDemo])).toEqual([
      [keep, '官方村甲', false],
      ['331181203299', '官方村乙', false],
    ]);
    const moved = (await county.request('GET', `/api/people/${p.id}`)).json();
    expect(moved.residenceRegionCode).toBe('331181203');
    const others = (await county.request('GET', '/api/regions?parent=331181100')).json();
    expect(others).toEqual([]);
    // The demo village worker of a kept village stays; those of removed villages are disabled (recorded).
    expect(r.json().accountsDisabled).not.toContain(`village-${keep}`);
    const gone = r.json().accountsDisabled.find((u: string) => u.startsWith('village-331181100'));
    expect(gone).toBeTruthy();
    expect(r.json().accountsDisabled.length).toBe(18);
    const denied = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: gone, password: TEST_PASSWORD },
    });
    expect(denied.statusCode).toBeGreaterThanOrEqual(400);
    expect((await login(env.app, `village-${keep}`)).request).toBeTypeOf('function');
  });

  it('only the admin imports the official list', async () => {
    expect((await upload(county, 'code,name\n331181203001,x社区\n')).statusCode).toBe(403);
  });
});
