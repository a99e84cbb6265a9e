import { ageOn, shanghaiToday } from '@lq/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, makeIdNumber, type Session, type TestEnv, TOWN_A, TOWN_B } from '../../test/harness.ts';

let env: TestEnv;
let county: Session;
let townA: Session;
let townB: Session;
let villageA: string;

beforeAll(async () => {
  env = await createTestEnv();
  county = await login(env.app, 'county');
  townA = await login(env.app, `town-${TOWN_A}`);
  townB = await login(env.app, `town-${TOWN_B}`);
  const villages = (await county.request('GET', `/api/regions?parent=${TOWN_A}`)).json();
  villageA = villages[0].code;
});
afterAll(async () => env?.close());

async function create(s: Session, body: Record<string, unknown>) {
  return s.request('POST', '/api/people', { residenceRegionCode: villageA, ...body });
}

describe('people: create', () => {
  it('rejects a bad ID number with a field error naming idNumber', async () => {
    const res = await create(townA, { name: '蓝小花', idNumber: '331181195001010011' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details[0]).toMatchObject({ field: 'idNumber', code: 'ID_CHECK_CHARACTER' });
    expect(body.details[0].message).toMatch(/校验位/);
  });

  it('never answers 500 on malformed input', async () => {
    const res = await townA.request('POST', '/api/people', { name: 12, idNumber: null });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['name', 'idNumber']));
    const bad = await env.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: townA.cookie, 'x-csrf-token': townA.csrf, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(bad.statusCode).toBe(400);
  });

  it('creates a person with derived birth date and sex, masked ID and phone', async () => {
    const id = makeIdNumber({ birth: '19400315', sex: 'F' });
    const res = await create(townA, { name: '雷秀英', idNumber: id, phone: '13812345678', tags: ['高龄'] });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ name: '雷秀英', age: ageOn('1940-03-15', shanghaiToday()), sex: 'F', version: 1, phone: '138****5678' });
    expect(p).not.toHaveProperty('birthDate');
    expect(p.idNumber).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
    expect(p.id).toEqual(expect.any(String));
  });

  it('converts an old 15-digit number', async () => {
    const id18 = makeIdNumber({ birth: '19520607', sex: 'M' });
    const id15 = id18.slice(0, 6) + id18.slice(8, 17);
    const res = await create(townA, { name: '钟根福', idNumber: id15 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ age: ageOn('1952-06-07', shanghaiToday()), sex: 'M' });
    expect(res.json().idNumber.slice(-4)).toBe(id18.slice(-4));
  });

  it('refuses the same ID number twice', async () => {
    const id = makeIdNumber();
    expect((await create(townA, { name: '甲', idNumber: id })).statusCode).toBe(201);
    const again = await create(townA, { name: '乙', idNumber: id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ID_NUMBER_EXISTS');
  });

  it('flags a possible duplicate (same name, birth date, village) and creates only when confirmed', async () => {
    const first = await create(townA, { name: '盘金花', idNumber: makeIdNumber({ birth: '19600101', sex: 'F' }) });
    expect(first.statusCode).toBe(201);
    const dupBody = { name: '盘金花', idNumber: makeIdNumber({ birth: '19600101', sex: 'F' }) };
    const dup = await create(townA, dupBody);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('POSSIBLE_DUPLICATE');
    expect(dup.json().details[0].code).toBe(first.json().id);
    const confirmed = await create(townA, { ...dupBody, confirmDuplicate: true });
    expect(confirmed.statusCode).toBe(201);
  });

  it('refuses a residence outside the user region', async () => {
    const villagesB = (await county.request('GET', `/api/regions?parent=${TOWN_B}`)).json();
    const res = await townA.request('POST', '/api/people', {
      name: '外乡人',
      idNumber: makeIdNumber(),
      residenceRegionCode: villagesB[0].code,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toMatchObject({ field: 'residenceRegionCode', code: 'REGION_OUT_OF_SCOPE' });
  });
});

describe('people: read, edit, history, region scope', () => {
  it('edits with a version, refuses a stale version with 409 and keeps history', async () => {
    const p = (await create(townA, { name: '蓝根土', idNumber: makeIdNumber({ birth: '19450202', sex: 'M' }) })).json();
    const ok = await townA.request('PATCH', `/api/people/${p.id}`, {
      version: 1,
      livingArrangement: 'alone',
      disabilityCategory: 'physical',
      disabilityGrade: 2,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, livingArrangement: 'alone', disabilityGrade: 2 });
    const stale = await townA.request('PATCH', `/api/people/${p.id}`, { version: 1, livingArrangement: 'with_children' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const hist = (await townA.request('GET', `/api/people/${p.id}/history`)).json();
    const la = hist.find((h: { field: string }) => h.field === 'livingArrangement');
    expect(la).toMatchObject({ oldValue: null, newValue: 'alone', version: 2, changedBy: expect.stringContaining('竹垟') });
    expect(hist.some((h: { field: string }) => h.field === '*created')).toBe(true);
  });

  it('gives 404, never the data, to a township user asking for a person of another township', async () => {
    const p = (await create(townA, { name: '雷小明', idNumber: makeIdNumber() })).json();
    const other = await townB.request('GET', `/api/people/${p.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('雷小明');
    expect((await townB.request('PATCH', `/api/people/${p.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect((await townB.request('GET', `/api/people/${p.id}/history`)).statusCode).toBe(404);
    expect((await townB.request('POST', `/api/people/${p.id}/reveal`, { field: 'idNumber', purpose: '核对' })).statusCode).toBe(404);
    expect((await county.request('GET', `/api/people/${p.id}`)).statusCode).toBe(200);
    const list = (await townB.request('GET', '/api/people?q=雷小明')).json();
    expect(list.total).toBe(0);
  });

  it('reveals an ID number only with a purpose, and logs it', async () => {
    const idn = makeIdNumber();
    const p = (await create(townA, { name: '钟玉兰', idNumber: idn })).json();
    const noPurpose = await townA.request('POST', `/api/people/${p.id}/reveal`, { field: 'idNumber', purpose: '' });
    expect(noPurpose.statusCode).toBe(400);
    const r = await townA.request('POST', `/api/people/${p.id}/reveal`, { field: 'idNumber', purpose: '低保入户核对' });
    expect(r.json()).toEqual({ field: 'idNumber', value: idn });
    const auditor = await login(env.app, 'auditor');
    const log = (await auditor.request('GET', `/api/audit?action=person.reveal&targetId=${p.id}`)).json();
    expect(log.items[0].details).toMatchObject({ field: 'idNumber', purpose: '低保入户核对' });
  });
});

describe('people: search', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    for (const [name, birth] of [
      ['蓝芳', '19580101'],
      ['兰芳华', '19590101'],
      ['锺国庆', '19491001'],
      ['张三丰', '19300505'],
      ['欧阳明月', '19880808'],
    ] as const) {
      const idNumber = makeIdNumber({ birth });
      ids[name] = idNumber;
      const r = await create(townA, { name, idNumber, phone: name === '张三丰' ? '13911112222' : null });
      expect(r.statusCode).toBe(201);
    }
  });
  const names = async (q: string, s: Session = townA) => {
    const r = await s.request('GET', `/api/people?q=${encodeURIComponent(q)}&pageSize=50`);
    expect(r.statusCode).toBe(200);
    return (r.json().items as { name: string }[]).map((p) => p.name);
  };

  it('finds by 1, 2 and 3 characters', async () => {
    expect(await names('丰')).toContain('张三丰');
    expect(await names('三丰')).toContain('张三丰');
    expect(await names('张三丰')).toEqual(['张三丰']);
    expect(await names('明月')).toContain('欧阳明月');
  });
  it('treats 蓝/兰 and 钟/锺 as the same character', async () => {
    const lan = await names('兰芳');
    expect(lan).toEqual(expect.arrayContaining(['蓝芳', '兰芳华']));
    expect(await names('钟国庆')).toContain('锺国庆');
  });
  it('finds by full pinyin and by initials', async () => {
    expect(await names('zhangsanfeng')).toContain('张三丰');
    expect(await names('zsf')).toContain('张三丰');
    expect(await names('oyny')).not.toContain('欧阳明月');
    expect(await names('oymy')).toContain('欧阳明月');
  });
  it('finds by full ID number, its last digits, and phone', async () => {
    expect(await names(ids['锺国庆'])).toEqual(['锺国庆']);
    expect(await names(ids['锺国庆'].slice(-6))).toContain('锺国庆');
    expect(await names('13911112222')).toEqual(['张三丰']);
  });
  it('pages and sorts', async () => {
    const p1 = (await townA.request('GET', '/api/people?pageSize=2&page=1&sort=age&order=desc')).json();
    const p2 = (await townA.request('GET', '/api/people?pageSize=2&page=2&sort=age&order=desc')).json();
    expect(p1.items).toHaveLength(2);
    expect(p1.total).toBeGreaterThan(4);
    // Sorted by birth year (ages of one year differ by at most one).
    expect(p1.items[1].age + 1).toBeGreaterThanOrEqual(p2.items[0].age);
    expect(p1.items[0].id).not.toBe(p2.items[0].id);
  });
  it('exports a search result to xlsx', async () => {
    const r = await townA.request('GET', `/api/people/export?q=${encodeURIComponent('兰芳')}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/spreadsheetml/);
    expect(r.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
