import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../platform/tabular.ts';
import { createTestEnv, login, makeIdNumber, type Session, type TestEnv, TOWN_A } from '../../test/harness.ts';
import { approvedOrder, elderlyFixtures } from '../elderly-care/test-support.ts';

// A masked ID shows the first 6 and last 4 digits; the 8 hidden ones are the birth date. No
// response may carry, anywhere, a date (or year-month-day digits) that completes a masked ID.

let env: TestEnv;
let town: Session;
let village: string;
const ids: string[] = [];
const personIds: string[] = [];
let householdId = '';

beforeAll(async () => {
  env = await createTestEnv();
  const county = await login(env.app, 'county');
  town = await login(env.app, `town-${TOWN_A}`);
  village = (await county.request('GET', `/api/regions?parent=${TOWN_A}`)).json()[0].code;
  for (const [i, birth] of ['19400315', '19521107', '19880229', '20150601'].entries()) {
    const id = makeIdNumber({ birth, sex: i % 2 ? 'M' : 'F' });
    const r = await town.request('POST', '/api/people', {
      name: `蓝掩码${i}`,
      idNumber: id,
      phone: `1381234567${i}`,
      residenceRegionCode: village,
    });
    expect(r.statusCode, r.body).toBe(201);
    ids.push(id);
    personIds.push(r.json().id);
  }
  const h = await town.request('POST', '/api/households', {
    residenceRegionCode: village,
    members: personIds.map((personId, i) => ({ personId, relation: i === 0 ? 'head' : 'child' })),
  });
  expect(h.statusCode, h.body).toBe(201);
  householdId = h.json().id;
  // A corrected ID number (new birth date) and a new phone go into the history.
  const newId = makeIdNumber({ birth: '19400316', sex: 'F' });
  const { version } = (await town.request('GET', `/api/people/${personIds[0]}`)).json();
  const p = await town.request('PATCH', `/api/people/${personIds[0]}`, { version, idNumber: newId, phone: '13900001111' });
  expect(p.statusCode, p.body).toBe(200);
  ids.push(newId);
});
afterAll(async () => env?.close());

/** Every ID that can be completed from a masked ID and a date found in the same text. */
function rebuilt(text: string): string[] {
  const masked = [...text.matchAll(/(\d{6})\*{8}(\d{3}[\dX])/g)].map((m) => [m[1], m[2]]);
  const dates = new Set<string>();
  for (const m of text.matchAll(/(19|20)(\d{2})\D?(\d{2})\D?(\d{2})/g)) dates.add(`${m[1]}${m[2]}${m[3]}${m[4]}`);
  const out: string[] = [];
  for (const [head, tail] of masked) for (const d of dates) if (ids.includes(`${head}${d}${tail}`)) out.push(`${head}${d}${tail}`);
  return out;
}

describe('masked ID numbers cannot be completed from other fields', () => {
  it('people list, detail and search carry age, not the birth date', async () => {
    const list = await town.request('GET', `/api/people?q=${encodeURIComponent('蓝掩码')}&pageSize=50`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBe(4);
    expect(list.body).toContain('********');
    expect(rebuilt(list.body)).toEqual([]);
    for (const item of list.json().items) {
      expect(item).not.toHaveProperty('birthDate');
      expect(item.age).toEqual(expect.any(Number));
    }
    for (const id of personIds) {
      const d = await town.request('GET', `/api/people/${id}`);
      expect(d.statusCode).toBe(200);
      expect(d.json()).not.toHaveProperty('birthDate');
      expect(rebuilt(d.body)).toEqual([]);
    }
  });

  it('household members carry age, not the birth date', async () => {
    const h = await town.request('GET', `/api/households/${householdId}`);
    expect(h.statusCode).toBe(200);
    expect(h.json().members).toHaveLength(4);
    expect(h.body).toContain('********');
    for (const m of h.json().members) expect(m).not.toHaveProperty('birthDate');
    expect(rebuilt(h.body)).toEqual([]);
  });

  it('the people export has no birth date column', async () => {
    const r = await town.request('GET', `/api/people/export?q=${encodeURIComponent('蓝掩码')}`);
    expect(r.statusCode).toBe(200);
    const table = await readXlsx(r.rawPayload);
    expect(table[0]).not.toContain('出生日期');
    const text = table.map((row) => row.join('\t')).join('\n');
    expect(text).toContain('********');
    expect(rebuilt(text)).toEqual([]);
  });

  it('history masks phones and cuts birth dates to the year', async () => {
    const r = await town.request('GET', `/api/people/${personIds[0]}/history`);
    expect(r.statusCode).toBe(200);
    const hist = r.json() as { field: string; oldValue: unknown; newValue: unknown }[];
    const phone = hist.find((h) => h.field === 'phone');
    expect(phone).toMatchObject({ oldValue: '138****5670', newValue: '139****1111' });
    const birth = hist.find((h) => h.field === 'birthDate');
    expect(birth).toMatchObject({ oldValue: '1940-**-**', newValue: '1940-**-**' });
    expect(r.body).not.toContain('13812345670');
    expect(r.body).not.toContain('13900001111');
    expect(rebuilt(r.body)).toEqual([]);
  });

  it('a possible duplicate names the other person without ID digits', async () => {
    const again = makeIdNumber({ birth: '19521107', sex: 'M' });
    const r = await town.request('POST', '/api/people', { name: '蓝掩码1', idNumber: again, residenceRegionCode: village });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('POSSIBLE_DUPLICATE');
    expect(r.body).not.toMatch(/\d{6}\*{8}/);
  });

  it('the full number stays available through the audited reveal', async () => {
    const r = await town.request('POST', `/api/people/${personIds[1]}/reveal`, { field: 'idNumber', purpose: '入户核对' });
    expect(r.json().value).toBe(ids[1]);
  });

  it('an elderly-care subsidy decision shows the birth year only', async () => {
    const f = await elderlyFixtures(env);
    const o = await approvedOrder(f, f.elderA, f.vwA, f.townA);
    const r = await f.townA.request('GET', `/api/elderly-care/orders/${o.id}`);
    expect(r.statusCode).toBe(200);
    const facts = r.json().subsidyDecision.facts;
    expect(facts.birthDate).toMatch(/^\d{4}-\*\*-\*\*$/);
    expect(r.body).not.toMatch(/"birthDate":"\d{4}-\d{2}-\d{2}"/);
  });
});
