/** Permission matrix over every elderly-care route: role x in-region / out-of-region. */

import type { Role } from '@lq/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeCatalog } from '../../app.ts';
import { systemActor } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { createTestEnv, login, makeIdNumber, type Session, TEST_PASSWORD, type TestEnv, TOWN_A, TOWN_B } from '../../test/harness.ts';
import { createUser } from '../users/users.service.ts';
import { type EcFixtures, type EcMakers, ELDERLY_MATRIX } from './elderly.matrix.ts';
import { resetPublicRateLimit } from './elderly-care.routes.ts';
import { approvedOrder, type ElderlyFixtures, elderlyFixtures, shanghaiNow } from './test-support.ts';

let env: TestEnv;
let fx: EcFixtures;
const sessions = new Map<string, Session>();
const E = '/api/elderly-care';
const PHOTO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const ROLES: Role[] = ['admin', 'county_staff', 'auditor', 'township_staff', 'village_worker', 'provider_staff', 'caregiver', 'resident'];

beforeAll(async () => {
  env = await createTestEnv();
  const f = await elderlyFixtures(env);
  const today = shanghaiNow();
  const order = await approvedOrder(f, f.elderA, f.vwA, f.townA, { providerId: f.providerA.id });
  const visit = (await f.provA.request('GET', `${E}/visits?orderId=${order.id}`)).json().items[0];
  const plan = (await f.provA.request('POST', `${E}/dispatch/plans`, { date: today, providerId: f.providerA.id, iterations: 100 })).json();
  expect((await f.provA.request('POST', `${E}/dispatch/plans/${plan.id}/publish`, { version: plan.version })).statusCode).toBe(200);
  const at = new Date(Math.max(Date.parse(`${today}T00:01:00+08:00`), Date.now() - 60_000)).toISOString();
  expect(
    (
      await f.carerA1.request('POST', `${E}/visits/${visit.id}/check-in`, {
        clientEventId: 'fx-in-0001',
        recordedAt: at,
        position: { lat: f.elderA.lat + 0.1, lng: f.elderA.lng },
      })
    ).statusCode,
  ).toBe(200);
  const out = await f.carerA1.request('POST', `${E}/visits/${visit.id}/check-out`, {
    clientEventId: 'fx-out-0001',
    recordedAt: new Date().toISOString(),
    position: null,
    checklist: [],
    photo: PHOTO,
  });
  expect(out.statusCode, out.body).toBe(200);
  expect((await f.townA.request('POST', `${E}/followups/sample`, { from: today, to: today, shareBp: 10_000, seed: 'fx' })).statusCode).toBe(
    200,
  );
  const followupId = (await f.townA.request('GET', `${E}/followups`)).json()[0].id;
  const complaint = (
    await f.townA.request('POST', `${E}/complaints`, {
      personId: f.elderA.id,
      visitId: visit.id,
      category: 'quality',
      description: '夹具投诉',
      channel: 'phone',
    })
  ).json();
  expect((await f.auditor.request('POST', `${E}/anomalies/run`, { month: today.slice(0, 7) })).json().flagged).toBe(1);
  // The fixture visit is cleared, settled and approved (bank files need an approved, unpaid settlement);
  // adjusting entries go into the next month's draft.
  const flagged = (await f.townA.request('GET', `${E}/visits/${visit.id}`)).json();
  const cleared = await f.auditor.request('POST', `${E}/anomalies/visits/${visit.id}/decide`, {
    decision: 'clear',
    note: '夹具',
    version: flagged.version,
  });
  expect(cleared.statusCode, cleared.body).toBe(200);
  const month = today.slice(0, 7);
  const settlement = (await f.county.request('POST', `${E}/settlements/run`, { month, providerId: f.providerA.id })).json();
  const approved = await f.county.request('POST', `${E}/settlements/${settlement.id}/approve`, { version: settlement.version });
  expect(approved.statusCode, approved.body).toBe(200);
  const settledLineId = (await f.county.request('GET', `${E}/settlements/${settlement.id}`)).json().lines[0].id as number;
  const [y, m] = month.split('-').map(Number);
  const nextMonth = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const draft = (await f.county.request('POST', `${E}/settlements/run`, { month: nextMonth, providerId: f.providerA.id })).json();
  const bl = (
    await f.county.request('POST', `${E}/blacklist`, {
      subjectKind: 'caregiver',
      subjectId: f.caregiverA2,
      reason: '夹具',
      decisionRef: '龙民〔2099〕2号',
      source: '夹具',
      validFrom: '2099-01-01',
      validTo: null,
    })
  ).json();
  const insp = (
    await f.county.request('POST', `${E}/inspections/draw`, { providerCount: 2, inspectorsPerProvider: 1, seed: 'fixture-seed-1' })
  ).json();
  resetPublicRateLimit();
  const app = await env.app.inject({
    method: 'POST',
    url: '/api/public/elderly-care/applications',
    payload: {
      name: '未登记',
      idNumber: makeIdNumber({ birth: '1941-02-03' }),
      phone: '13800000001',
      itemCodes: ['ZC-01'],
      townshipCode: TOWN_A,
    },
  });
  expect(app.statusCode, app.body).toBe(201);
  const applicationId = (await f.townA.request('GET', `${E}/applications`)).json()[0].id;
  const assessment = (await f.townA.request('GET', `${E}/assessments?personId=${f.elderA.id}`)).json().items[0];
  const o = (await f.townA.request('GET', `${E}/orders/${order.id}`)).json();
  fx = {
    orderId: order.id,
    orderVersion: o.version,
    visitId: visit.id,
    visitVersion: 1,
    personId: f.elderA.id,
    personBId: f.elderB.id,
    assessmentId: assessment.id,
    applicationId,
    providerId: f.providerA.id,
    providerVersion: 1,
    caregiverId: f.caregiverA1,
    caregiverUserId: f.users.carerA1,
    planId: plan.id,
    followupId,
    complaintId: complaint.id,
    settlementId: settlement.id,
    blacklistId: bl.id,
    inspectionId: insp.id,
    trackingCode: app.json().trackingCode,
    today,
    month,
    draftSettlementId: draft.id,
    openMonth: nextMonth,
    settledLineId,
    make: makers(f, today),
  };
  // Sessions: in = the fixtures' region / provider / caregiver / person; out = the other township's.
  const hash = await hashPassword(TEST_PASSWORD);
  const mkResident = async (name: string, personId: string, region: string) => {
    await createUser(
      env.ctx.db,
      systemActor(),
      { username: name, displayName: name, roles: ['resident'], regionCode: region, personId, password: '' },
      hash,
    );
    return login(env.app, name);
  };
  sessions.set('admin/in', f.admin).set('county_staff/in', f.county).set('auditor/in', f.auditor);
  sessions.set('township_staff/in', f.townA).set('township_staff/out', f.townB);
  sessions.set('village_worker/in', f.vwA).set('village_worker/out', f.vwB);
  sessions.set('provider_staff/in', f.provA).set('provider_staff/out', f.provB);
  sessions.set('caregiver/in', f.carerA1).set('caregiver/out', f.carerB1);
  sessions
    .set('resident/in', await mkResident('ec-res-in', f.elderA.id, f.villageA))
    .set('resident/out', await mkResident('ec-res-out', f.elderB.id, f.villageB));
  void TOWN_B;
}, 300_000);
afterAll(async () => env?.close());

describe('elderly-care permission matrix', () => {
  it('covers every elderly-care and public route, and nothing else', () => {
    const mine = [...routeCatalog].filter((r) => r.includes(' /api/elderly-care') || r.includes(' /api/public/elderly-care'));
    expect(mine.filter((r) => !(r in ELDERLY_MATRIX))).toEqual([]);
    expect(Object.keys(ELDERLY_MATRIX).filter((r) => !routeCatalog.has(r))).toEqual([]);
  });

  it('refuses anonymous access to every non-public route; public routes answer without a session', async () => {
    const anon = {
      request: (method: string, url: string, body?: unknown) => env.app.inject({ method: method as 'GET', url, payload: body as object }),
    };
    resetPublicRateLimit();
    for (const [route, spec] of Object.entries(ELDERLY_MATRIX)) {
      const r = await spec.call(anon, fx);
      if (spec.allowed === 'public')
        expect.soft(r.statusCode >= 200 && r.statusCode < 300, `${route} -> ${r.statusCode} ${r.body}`).toBe(true);
      else expect(r.statusCode, `${route} -> ${r.body}`).toBe(401);
    }
  });

  for (const role of ROLES) {
    it(`${role}: allowed routes work in its region, others are 403; out of region records are 404, lists empty`, async () => {
      resetPublicRateLimit();
      for (const [route, spec] of Object.entries(ELDERLY_MATRIX)) {
        if (spec.allowed === 'public') continue;
        const allowed = spec.allowed.includes(role);
        const r = await spec.call(sessions.get(`${role}/in`)!, fx);
        if (!allowed) {
          expect(r.statusCode, `${role} ${route} -> ${r.body}`).toBe(spec.invisibleTo?.includes(role) ? 404 : 403);
          continue;
        }
        expect.soft(r.statusCode >= 200 && r.statusCode < 300, `${role} ${route} in-region -> ${r.statusCode} ${r.body}`).toBe(true);
        const outS = sessions.get(`${role}/out`);
        if (!outS || spec.scope === 'none') continue;
        if (spec.scope === 'list') expect(r.body, `${role} ${route} in-region list`).toContain(spec.marker?.(fx));
        const o = await spec.call(outS, fx);
        if (spec.scope === 'record') expect(o.statusCode, `${role} ${route} out-of-region -> ${o.body}`).toBe(404);
        if (spec.scope === 'list') {
          expect(o.statusCode, `${role} ${route} out-of-region`).toBe(200);
          expect(o.body, `${role} ${route} out-of-region list`).not.toContain(spec.marker?.(fx));
        }
      }
    }, 600_000);
  }
});

function ok(r: { statusCode: number; body: string }, what: string) {
  if (r.statusCode < 200 || r.statusCode >= 300) throw new Error(`fixture ${what}: ${r.statusCode} ${r.body}`);
  return JSON.parse(r.body);
}

/** Fresh in-region cases, made through the API by the fixture users. */
function makers(f: ElderlyFixtures, today: string): EcMakers {
  let n = 0;
  const newVisit = async () => {
    const order = await approvedOrder(f, f.elderA, f.vwA, f.townA, { providerId: f.providerA.id });
    return ok(await f.provA.request('GET', `${E}/visits?orderId=${order.id}`), 'visit').items[0] as { id: string };
  };
  const draftPlan = async () => {
    const visit = await newVisit();
    const plan = ok(
      await f.provA.request('POST', `${E}/dispatch/plans`, { date: today, providerId: f.providerA.id, iterations: 20 }),
      'plan',
    );
    return { id: plan.id as string, version: plan.version as number, visitId: visit.id };
  };
  const visitAt: EcMakers['visitAt'] = async (stage) => {
    const p = await draftPlan();
    const moved = ok(
      await f.provA.request('PATCH', `${E}/dispatch/plans/${p.id}`, {
        visitId: p.visitId,
        toCaregiverId: f.caregiverA1,
        reason: '夹具',
        version: p.version,
      }),
      'move',
    );
    ok(await f.provA.request('POST', `${E}/dispatch/plans/${p.id}/publish`, { version: moved.version }), 'publish');
    const near = { lat: f.elderA.lat, lng: f.elderA.lng, accuracyM: 10 };
    if (stage !== 'dispatched') {
      ok(
        await f.carerA1.request('POST', `${E}/visits/${p.visitId}/check-in`, {
          clientEventId: `mk-in-${n++}-${process.pid}`,
          recordedAt: new Date(Date.now() - 60_000).toISOString(),
          position: near,
        }),
        'check-in',
      );
    }
    if (stage === 'checked_out') {
      ok(
        await f.carerA1.request('POST', `${E}/visits/${p.visitId}/check-out`, {
          clientEventId: `mk-out-${n++}-${process.pid}`,
          recordedAt: new Date().toISOString(),
          position: near,
          checklist: [],
          photo: PHOTO,
        }),
        'check-out',
      );
    }
    const v = ok(await f.townA.request('GET', `${E}/visits/${p.visitId}`), 'visit');
    return { id: v.id as string, version: v.version as number };
  };
  const flaggedVisit: EcMakers['flaggedVisit'] = async () => {
    const p = await draftPlan();
    const moved = ok(
      await f.provA.request('PATCH', `${E}/dispatch/plans/${p.id}`, {
        visitId: p.visitId,
        toCaregiverId: f.caregiverA1,
        reason: '夹具',
        version: p.version,
      }),
      'move',
    );
    ok(await f.provA.request('POST', `${E}/dispatch/plans/${p.id}/publish`, { version: moved.version }), 'publish');
    const far = { lat: f.elderA.lat + 0.1, lng: f.elderA.lng, accuracyM: 10 };
    ok(
      await f.carerA1.request('POST', `${E}/visits/${p.visitId}/check-in`, {
        clientEventId: `mk-fin-${n++}-${process.pid}`,
        recordedAt: new Date(Date.now() - 60_000).toISOString(),
        position: far,
      }),
      'check-in',
    );
    ok(
      await f.carerA1.request('POST', `${E}/visits/${p.visitId}/check-out`, {
        clientEventId: `mk-fout-${n++}-${process.pid}`,
        recordedAt: new Date().toISOString(),
        position: far,
        checklist: [],
        photo: PHOTO,
      }),
      'check-out',
    );
    ok(await f.auditor.request('POST', `${E}/anomalies/run`, { month: today.slice(0, 7) }), 'anomalies');
    const v = ok(await f.townA.request('GET', `${E}/visits/${p.visitId}`), 'visit');
    if (v.status !== 'flagged') throw new Error(`visit not flagged: ${v.status}`);
    return { id: v.id, version: v.version };
  };
  let months = 0;
  return {
    async appliedOrder() {
      const o = ok(
        await f.vwA.request('POST', `${E}/orders`, {
          personId: f.elderA.id,
          channel: 'village_worker',
          items: [{ itemCode: 'ZJ-01', frequency: { kind: 'once', date: today } }],
        }),
        'order',
      );
      return { id: o.id, version: o.version };
    },
    async pendingApplication() {
      const idNumber = makeIdNumber({ birth: '1942-03-04' });
      resetPublicRateLimit();
      const sent = ok(
        await env.app.inject({
          method: 'POST',
          url: '/api/public/elderly-care/applications',
          payload: { name: '矩阵申请人', idNumber, phone: '13800000002', itemCodes: ['ZC-01'], townshipCode: TOWN_A },
        }),
        'application',
      );
      const person = ok(
        await f.county.request('POST', '/api/people', {
          name: '矩阵申请人',
          idNumber,
          residenceRegionCode: f.villageA,
          confirmDuplicate: true,
        }),
        'person',
      );
      const a = (
        ok(await f.townA.request('GET', `${E}/applications`), 'applications') as { id: string; trackingCode: string; version: number }[]
      ).find((x) => x.trackingCode === sent.trackingCode);
      if (!a) throw new Error('application not listed');
      return { id: a.id, personId: person.id, version: a.version };
    },
    visitAt,
    draftPlan,
    async openComplaint() {
      const c = ok(
        await f.townA.request('POST', `${E}/complaints`, {
          personId: f.elderA.id,
          category: 'late',
          description: '矩阵投诉',
          channel: 'phone',
        }),
        'complaint',
      );
      return { id: c.id, version: c.version };
    },
    flaggedVisit,
    async settlement(stage) {
      const v = await flaggedVisit();
      ok(
        await f.auditor.request('POST', `${E}/anomalies/visits/${v.id}/decide`, { decision: 'clear', note: '夹具', version: v.version }),
        'clear',
      );
      const k = months++;
      const month = `${2040 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
      let st = ok(await f.county.request('POST', `${E}/settlements/run`, { month, providerId: f.providerA.id }), 'settlement');
      if (stage === 'approved')
        st = ok(await f.county.request('POST', `${E}/settlements/${st.id}/approve`, { version: st.version }), 'approve');
      return { id: st.id, version: st.version };
    },
    async inspectionReady() {
      const d = ok(
        await f.county.request('POST', `${E}/inspections/draw`, {
          providerCount: 1,
          inspectorsPerProvider: 1,
          seed: `mk-${n++}-${process.pid}`,
        }),
        'draw',
      );
      const detail = ok(await f.county.request('GET', `${E}/inspections/${d.id}`), 'inspection');
      for (const a of detail.assignments as { providerId: string }[]) {
        ok(
          await f.county.request('POST', `${E}/inspections/${d.id}/results`, {
            providerId: a.providerId,
            inspectedOn: today,
            rating: '合格',
            findings: '矩阵',
          }),
          'result',
        );
      }
      return d.id as string;
    },
    async version(table, id) {
      const rows = await queryRows<{ version: number }>(env.ctx.db, sql`SELECT version FROM ${sql.identifier(table)} WHERE id = ${id}`);
      return Number(rows[0].version);
    },
  };
}
