/**
 * The follow-up, complaint and anomaly work lists carry what staff need to act (whom to call about
 * which service, who served), phones only masked, paging and sorting, the follow-up export; and a
 * township of another region still sees none of it.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/schema.ts';
import { readXlsx } from '../../platform/tabular.ts';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { ecCaregivers, ecMenuItems, ecVisits } from './schema.ts';
import { approvedOrder, type ElderlyFixtures, elderlyFixtures, shanghaiNow } from './test-support.ts';

let env: TestEnv;
let f: ElderlyFixtures;
const E = '/api/elderly-care';
const today = shanghaiNow();
const PHONE = '13812345678';
const PHOTO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** An 18-character ID number anywhere in a body (UUIDs and dates never match: they have separators). */
const ID_NUMBER = /(?<![\dA-Za-z-])\d{17}[\dX](?![\dA-Za-z-])/;

function must<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`missing: ${what}`);
  return v;
}

const expected = { visitId: '', itemName: '', caregiverName: '', complaintId: '' };

beforeAll(async () => {
  env = await createTestEnv();
  f = await elderlyFixtures(env);
  const order = await approvedOrder(f, f.elderA, f.vwA, f.townA, { providerId: f.providerA.id });
  const visit = (await f.provA.request('GET', `${E}/visits?orderId=${order.id}`)).json().items[0];
  expected.visitId = visit.id;
  const plan = (await f.provA.request('POST', `${E}/dispatch/plans`, { date: today, providerId: f.providerA.id, iterations: 100 })).json();
  expect((await f.provA.request('POST', `${E}/dispatch/plans/${plan.id}/publish`, { version: plan.version })).statusCode).toBe(200);
  const at = new Date(Math.max(Date.parse(`${today}T00:01:00+08:00`), Date.now() - 60_000)).toISOString();
  // Checked in about 5.5 km north of the elder's address, checked out a minute later.
  const cin = await f.carerA1.request('POST', `${E}/visits/${visit.id}/check-in`, {
    clientEventId: 'wl-in-0001',
    recordedAt: at,
    position: { lat: f.elderA.lat + 0.05, lng: f.elderA.lng, accuracyM: 15 },
  });
  expect(cin.statusCode, cin.body).toBe(200);
  const out = await f.carerA1.request('POST', `${E}/visits/${visit.id}/check-out`, {
    clientEventId: 'wl-out-0001',
    recordedAt: new Date().toISOString(),
    position: null,
    checklist: [],
    photo: PHOTO,
  });
  expect(out.statusCode, out.body).toBe(200);
  const sm = await f.townA.request('POST', `${E}/followups/sample`, { from: today, to: today, shareBp: 10_000, seed: 'worklists' });
  expect(sm.statusCode, sm.body).toBe(200);
  const c = await f.townA.request('POST', `${E}/complaints`, {
    personId: f.elderA.id,
    visitId: visit.id,
    category: 'quality',
    description: '送餐迟到',
    channel: 'phone',
  });
  expect(c.statusCode, c.body).toBe(201);
  expected.complaintId = c.json().id;
  const run = await f.auditor.request('POST', `${E}/anomalies/run`, { month: today.slice(0, 7) });
  expect(run.statusCode, run.body).toBe(200);

  const [v] = await env.ctx.db.select().from(ecVisits).where(eq(ecVisits.id, visit.id));
  const [item] = await env.ctx.db.select().from(ecMenuItems).where(eq(ecMenuItems.id, v.itemVersionId));
  const [carer] = await env.ctx.db.select().from(ecCaregivers).where(eq(ecCaregivers.id, f.caregiverA1));
  expected.itemName = item.nameZh;
  expected.caregiverName = carer.name;
  expect(v.caregiverId).toBe(f.caregiverA1);
}, 180_000);
afterAll(async () => env?.close());

const PROVIDER_A = '测试A居家养老服务中心';

describe('follow-up list', () => {
  it('names the elder, service, item, provider and caregiver; the phone only masked', async () => {
    const r = await f.townA.request('GET', `${E}/followups`);
    expect(r.statusCode, r.body).toBe(200);
    const rows = r.json() as Record<string, unknown>[];
    const fu = rows.find((x) => x.visitId === expected.visitId && x.reason === 'sample');
    expect(fu, 'sampled follow-up').toBeTruthy();
    expect(fu).toMatchObject({
      personId: f.elderA.id,
      personName: f.elderA.name,
      phone: '138****5678',
      serviceDate: today,
      itemName: expected.itemName,
      providerName: PROVIDER_A,
      caregiverName: expected.caregiverName,
      status: 'pending',
    });
    // The complaint put the same visit on the list a second time (reason complaint), with the same names.
    expect(rows.find((x) => x.visitId === expected.visitId && x.reason === 'complaint')).toMatchObject({ personName: f.elderA.name });
    expect(r.body).not.toContain(PHONE);
    expect(r.body).not.toMatch(ID_NUMBER);
    // The auditor (all regions) and the provider see the same masked number.
    for (const s of [f.auditor, f.provA]) {
      const b = await s.request('GET', `${E}/followups`);
      expect(b.statusCode).toBe(200);
      expect(b.body).toContain(expected.visitId);
      expect(b.body).not.toContain(PHONE);
    }
  });

  it('pages and sorts; the default answer is unchanged', async () => {
    const all = (await f.townA.request('GET', `${E}/followups`)).json() as { id: string; serviceDate: string }[];
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = (await f.townA.request('GET', `${E}/followups?limit=1`)).json();
    const second = (await f.townA.request('GET', `${E}/followups?limit=1&offset=1`)).json();
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0].id).toBe(all[0].id);
    expect(second[0].id).toBe(all[1].id);
    const byDate = (await f.townA.request('GET', `${E}/followups?sort=serviceDate&status=pending`)).json() as { serviceDate: string }[];
    expect(byDate.map((x) => x.serviceDate)).toEqual([...byDate.map((x) => x.serviceDate)].sort());
    expect((await f.townA.request('GET', `${E}/followups?limit=0`)).statusCode).toBe(400);
    expect((await f.townA.request('GET', `${E}/followups?limit=5000`)).statusCode).toBe(400);
    expect((await f.townA.request('GET', `${E}/followups?sort=phone`)).statusCode).toBe(400);
  });

  it('recording answers with the names too', async () => {
    const pending = (await f.townA.request('GET', `${E}/followups?status=pending`)).json() as { id: string; reason: string }[];
    const fu = must(
      pending.find((x) => x.reason === 'sample'),
      'pending sampled follow-up',
    );
    const r = await f.townA.request('POST', `${E}/followups/${fu.id}/record`, {
      status: 'unreachable',
      method: 'phone',
      serviceConfirmed: null,
      satisfaction: null,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'unreachable', personName: f.elderA.name, phone: '138****5678', itemName: expected.itemName });
    expect(r.body).not.toContain(PHONE);
  });

  it('another township, another provider: none of it', async () => {
    for (const s of [f.townB, f.provB]) {
      const r = await s.request('GET', `${E}/followups`);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual([]);
      expect(r.body).not.toContain(f.elderA.name);
    }
    expect((await f.vwA.request('GET', `${E}/followups`)).statusCode).toBe(403);
  });

  it('exports the scoped list as xlsx with masked phones, audited', async () => {
    const r = await f.townA.request('GET', `${E}/followups/export?status=pending`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain('回访清单');
    const rows = await readXlsx(r.rawPayload);
    expect(rows[0]).toEqual(expect.arrayContaining(['服务日期', '老人', '联系电话(脱敏)', '服务项目', '服务机构', '护理员']));
    const data = rows.slice(1).filter((x) => x.some(Boolean));
    expect(data.length).toBeGreaterThanOrEqual(1);
    expect(data[0]).toEqual(
      expect.arrayContaining([today, f.elderA.name, '138****5678', expected.itemName, PROVIDER_A, expected.caregiverName, '待回访']),
    );
    expect(rows.flat().join('|')).not.toContain(PHONE);
    const audit = await env.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'elderly.followup.export'));
    expect(audit.length).toBeGreaterThanOrEqual(1);

    const other = await f.townB.request('GET', `${E}/followups/export`);
    expect(other.statusCode).toBe(200);
    const otherRows = (await readXlsx(other.rawPayload)).slice(1).filter((x) => x.some(Boolean));
    expect(otherRows).toEqual([]);
    expect((await f.vwA.request('GET', `${E}/followups/export`)).statusCode).toBe(403);
  });
});

describe('complaint list', () => {
  it('names the elder, provider and caregiver; another township sees none', async () => {
    const r = await f.townA.request('GET', `${E}/complaints`);
    expect(r.statusCode).toBe(200);
    const c = (r.json() as { id: string }[]).find((x) => x.id === expected.complaintId);
    expect(c).toMatchObject({
      personId: f.elderA.id,
      personName: f.elderA.name,
      providerName: PROVIDER_A,
      caregiverName: expected.caregiverName,
    });
    expect(r.body).not.toContain(PHONE);
    expect(r.body).not.toMatch(ID_NUMBER);
    expect((await f.townA.request('GET', `${E}/complaints?limit=1&sort=dueOn`)).json()).toHaveLength(1);
    const o = await f.townB.request('GET', `${E}/complaints`);
    expect(o.statusCode).toBe(200);
    expect(o.json()).toEqual([]);
  });
});

describe('anomaly list', () => {
  it('names elder, item, provider and caregiver, with the check-in distance and the duration', async () => {
    const r = await f.townA.request('GET', `${E}/anomalies?status=open`);
    expect(r.statusCode, r.body).toBe(200);
    const flags = (
      r.json() as { visitId: string; code: string; details: Record<string, unknown>; visit: Record<string, unknown> }[]
    ).filter((a) => a.visitId === expected.visitId);
    const far = must(
      flags.find((a) => a.code === 'CHECKIN_FAR'),
      'CHECKIN_FAR',
    );
    expect(far.visit).toMatchObject({
      personId: f.elderA.id,
      personName: f.elderA.name,
      serviceDate: today,
      itemName: expected.itemName,
      providerName: PROVIDER_A,
      caregiverName: expected.caregiverName,
      checkInAccuracyM: 15,
      checkOutAt: expect.any(String),
      standardDurationMin: expect.any(Number),
    });
    // The distance is the one the check measured (0.05 degrees of latitude, about 5.6 km).
    expect(far.visit.checkInDistanceM).toBe(far.details.distanceM);
    expect(far.visit.checkInDistanceM).toBeGreaterThan(5000);
    expect(far.visit.checkInDistanceM).toBeLessThan(6000);
    expect(far.visit.durationMin).toEqual(expect.any(Number));
    expect(far.visit.durationMin as number).toBeLessThanOrEqual(2);
    expect(r.body).not.toContain(PHONE);
    expect(r.body).not.toMatch(ID_NUMBER);
    const one = (await f.townA.request('GET', `${E}/anomalies?status=open&limit=1&sort=serviceDate`)).json();
    expect(one).toHaveLength(1);
  });

  it('another township and another provider see none', async () => {
    for (const s of [f.townB, f.provB]) {
      const o = await s.request('GET', `${E}/anomalies`);
      expect(o.statusCode).toBe(200);
      expect(o.json()).toEqual([]);
    }
  });
});
