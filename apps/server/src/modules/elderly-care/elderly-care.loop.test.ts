/**
 * One order through the whole loop over HTTP (apply -> accept -> assess -> approve -> visits ->
 * dispatch -> publish -> check-in/out -> confirm -> follow-up + complaint -> anomaly -> auditor ->
 * settlement -> approve -> xlsx + bank file), then the forbidden steps.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusDrift } from '../../platform/cases/index.ts';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { IMPORT_CASE } from '../imports/import.workflow.ts';
import { ACCOUNT_CASE } from '../users/account.workflow.ts';
import { ELDERLY_CASE_TYPES } from './cases.ts';
import { type ElderlyFixtures, elderlyFixtures, fullScores, shanghaiNow } from './test-support.ts';

let env: TestEnv;
let f: ElderlyFixtures;
const E = '/api/elderly-care';
const today = shanghaiNow();
const month = today.slice(0, 7);

beforeAll(async () => {
  env = await createTestEnv();
  f = await elderlyFixtures(env);
}, 120_000);
afterAll(async () => env?.close());

/** A time earlier today (Shanghai), at least `minutesAgo` before now when the day allows it. */
function earlierToday(minutesAgo: number): string {
  const startOfDay = Date.parse(`${today}T00:00:00+08:00`);
  return new Date(Math.max(startOfDay + 60_000, Date.now() - minutesAgo * 60_000)).toISOString();
}

describe('elderly-care closed loop', () => {
  // biome-ignore lint/suspicious/noExplicitAny: the walk carries API JSON answers from step to step; each step asserts the fields it reads
  const s: Record<string, any> = {};

  it('county adds a menu item version; everyone sees the menu', async () => {
    const r = await f.county.request('POST', `${E}/menu-items`, {
      code: 'TEST-01',
      nameZh: '测试助餐',
      category: '助餐',
      standardDurationMin: 30,
      requiredSkill: 'meal',
      priceFen: 2000,
      unit: 'meal',
      checklist: [{ key: 'deliver', label: '送餐', required: true }],
      validFrom: today,
      validTo: null,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().version).toBe(1);
    const m = await f.carerA1.request('GET', `${E}/menu-items`);
    expect(m.json().map((x: { code: string }) => x.code)).toContain('TEST-01');
    expect((await f.townA.request('POST', `${E}/menu-items`, { ...(r.json() as object), code: 'TEST-02' })).statusCode).toBe(403);
  });

  it('village worker applies; approve before accept is 409; other township cannot see it', async () => {
    const r = await f.vwA.request('POST', `${E}/orders`, {
      personId: f.elderA.id,
      channel: 'village_worker',
      items: [{ itemCode: 'TEST-01', frequency: { kind: 'once', date: today }, windowStart: '00:00', windowEnd: '23:00' }],
    });
    expect(r.statusCode, r.body).toBe(201);
    s.order = r.json();
    expect(s.order.status).toBe('applied');
    expect(s.order.trackUrl).toMatch(/^\/track\//);
    const early = await f.county.request('POST', `${E}/orders/${s.order.id}/actions/approve`, { version: s.order.version });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('INVALID_TRANSITION');
    expect((await f.townB.request('POST', `${E}/orders/${s.order.id}/actions/accept`, { version: s.order.version })).statusCode).toBe(404);
    expect((await f.vwB.request('GET', `${E}/orders/${s.order.id}`)).statusCode).toBe(404);
    // A village worker may not accept (role), and a stale version is a conflict.
    expect((await f.vwA.request('POST', `${E}/orders/${s.order.id}/actions/accept`, { version: s.order.version })).statusCode).toBe(403);
    expect((await f.townA.request('POST', `${E}/orders/${s.order.id}/actions/accept`, { version: 99 })).statusCode).toBe(409);
    const a = await f.townA.request('POST', `${E}/orders/${s.order.id}/actions/accept`, { version: s.order.version });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().status).toBe('accepted');
  });

  it('township assessor assesses (GB/T 42195) and the order is assessed', async () => {
    const r = await f.townA.request('POST', `${E}/assessments`, {
      personId: f.elderA.id,
      orderId: s.order.id,
      reason: 'initial',
      assessedOn: today,
      assessorIds: ['second-assessor'],
      scores: { ...fullScores(), 洗澡: 0, 平地行走: 1, 上下楼梯: 0, 执行日常事务: 1 },
      dementia: true,
      riskEvents30d: 0,
      coma: false,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().result).toMatchObject({ total: 77, baseLevel: 1, level: 2, raisedBy: ['dementia'] });
    const h = await f.townA.request('GET', `${E}/assessments?personId=${f.elderA.id}`);
    expect(h.json().items).toHaveLength(1);
    expect(h.json().reassessment.due).toBe(false);
    expect(
      (await f.townA.request('GET', `${E}/assessments?personId=${f.elderA.id}&conditionChanged=true`)).json().reassessment,
    ).toMatchObject({ due: true, reason: 'immediate' });
    const o = await f.townA.request('GET', `${E}/orders/${s.order.id}`);
    expect(o.json().status).toBe('assessed');
    expect(o.json().availableActions).not.toContain('approve');
    s.order = o.json();
  });

  it('township cannot approve; county approves with a subsidy decision and visits are generated', async () => {
    expect((await f.townA.request('POST', `${E}/orders/${s.order.id}/actions/approve`, { version: s.order.version })).statusCode).toBe(403);
    // The county sees what approving will decide before it approves; nothing is written by the preview.
    const pv = await f.county.request('POST', `${E}/subsidy/preview`, { personId: s.order.personId, assessmentId: s.order.assessmentId });
    expect(pv.statusCode, pv.body).toBe(200);
    expect(pv.json()).toMatchObject({ ruleVersion: 'DEMO-2024', eligible: true, selfPayShareBp: 0, on: today });
    expect(pv.json().basis).toContain('status:低保');
    expect((await f.county.request('GET', `${E}/orders/${s.order.id}`)).json()).toMatchObject({
      status: 'assessed',
      version: s.order.version,
    });
    const other = await f.county.request('POST', `${E}/subsidy/preview`, { personId: s.order.personId, assessmentId: crypto.randomUUID() });
    expect(other.statusCode).toBe(400);
    const r = await f.county.request('POST', `${E}/orders/${s.order.id}/actions/approve`, {
      version: s.order.version,
      providerId: f.providerA.id,
    });
    expect(r.statusCode, r.body).toBe(200);
    const o = r.json();
    expect(o.status).toBe('approved');
    expect(o.subsidyDecision.ruleVersion).toBe('DEMO-2024');
    expect(o.subsidyDecision.basis).toContain('status:低保');
    expect(o.subsidyDecision.explanation).toContain('低保');
    expect(o.selfPayShareBp).toBe(0);
    expect(o.subsidyDecision).toMatchObject({
      monthlyAmountFen: pv.json().monthlyAmountFen,
      monthlyHours: pv.json().monthlyHours,
      explanation: pv.json().explanation,
    });
    expect(o.history.map((h: { action: string }) => h.action)).toEqual(['apply', 'accept', 'assess', 'approve']);
    const v = await f.provA.request('GET', `${E}/visits?orderId=${o.id}`);
    expect(v.json().total).toBe(1);
    s.visit = v.json().items[0];
    expect(s.visit).toMatchObject({ status: 'planned', serviceDate: today, providerId: f.providerA.id });
  });

  it('provider plans the day with the solver, moves by hand (recorded) and publishes', async () => {
    const r = await f.provA.request('POST', `${E}/dispatch/plans`, { date: today, providerId: f.providerA.id, iterations: 200 });
    expect(r.statusCode, r.body).toBe(201);
    const plan = r.json();
    const route = plan.routes.find((x: { stops: { visitId: string }[] }) => x.stops.some((st) => st.visitId === s.visit.id));
    expect(route.caregiverId).toBe(f.caregiverA1); // the only caregiver with the meal skill
    expect(plan.cost).toHaveProperty('travel');
    // Moving to a caregiver without the skill is refused; moving out and back is recorded.
    expect(
      (
        await f.provA.request('PATCH', `${E}/dispatch/plans/${plan.id}`, {
          visitId: s.visit.id,
          toCaregiverId: f.caregiverA2,
          reason: '测试',
          version: plan.version,
        })
      ).statusCode,
    ).toBe(400);
    let m = await f.provA.request('PATCH', `${E}/dispatch/plans/${plan.id}`, {
      visitId: s.visit.id,
      toCaregiverId: null,
      reason: '老人临时外出',
      version: plan.version,
    });
    expect(m.statusCode, m.body).toBe(200);
    m = await f.provA.request('PATCH', `${E}/dispatch/plans/${plan.id}`, {
      visitId: s.visit.id,
      toCaregiverId: f.caregiverA1,
      reason: '老人已回家',
      version: m.json().version,
    });
    expect(m.statusCode, m.body).toBe(200);
    expect(m.json().moves).toHaveLength(2);
    expect((await f.provB.request('GET', `${E}/dispatch/plans/${plan.id}`)).statusCode).toBe(404);
    const p = await f.provA.request('POST', `${E}/dispatch/plans/${plan.id}/publish`, { version: m.json().version });
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json().dispatched).toBeGreaterThanOrEqual(1);
    expect((await f.provA.request('POST', `${E}/dispatch/plans/${plan.id}/publish`, { version: p.json().version })).statusCode).toBe(409);
    const v = (await f.provA.request('GET', `${E}/visits/${s.visit.id}`)).json();
    expect(v).toMatchObject({ status: 'dispatched', caregiverId: f.caregiverA1, manualOverride: true });
  });

  it('caregiver serves: route, check-in far away (replayed once), check-out, family confirms', async () => {
    const route = await f.carerA1.request('GET', `${E}/caregiver/my-route?date=${today}`);
    expect(route.statusCode, route.body).toBe(200);
    expect(route.json().stops.map((x: { id: string }) => x.id)).toContain(s.visit.id);
    expect((await f.carerA2.request('GET', `${E}/caregiver/my-route?date=${today}`)).json().stops).toHaveLength(0);
    const body = {
      clientEventId: 'evt-checkin-0001',
      recordedAt: earlierToday(40),
      position: { lat: f.elderA.lat + 0.05, lng: f.elderA.lng, accuracyM: 20 },
    };
    // Not yours: another caregiver of the provider gets 403, one of another provider 404.
    expect(
      (await f.carerA2.request('POST', `${E}/visits/${s.visit.id}/check-in`, { ...body, clientEventId: 'evt-other-0001' })).statusCode,
    ).toBe(403);
    expect(
      (await f.carerB1.request('POST', `${E}/visits/${s.visit.id}/check-in`, { ...body, clientEventId: 'evt-other-0002' })).statusCode,
    ).toBe(404);
    const a = await f.carerA1.request('POST', `${E}/visits/${s.visit.id}/check-in`, body);
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toMatchObject({ status: 'checked_in', replayed: false });
    expect(a.json().checkIn.at).toBe(body.recordedAt);
    const replay = await f.carerA1.request('POST', `${E}/visits/${s.visit.id}/check-in`, body);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ status: 'checked_in', replayed: true, version: a.json().version });
    // A second, different check-in is a forbidden transition.
    expect(
      (await f.carerA1.request('POST', `${E}/visits/${s.visit.id}/check-in`, { ...body, clientEventId: 'evt-checkin-0002' })).statusCode,
    ).toBe(409);
    const bad = await f.carerA1.request('POST', `${E}/visits/${s.visit.id}/check-out`, {
      clientEventId: 'evt-out-bad',
      recordedAt: earlierToday(1),
      position: null,
      checklist: [{ key: 'nope', done: true }],
    });
    expect(bad.statusCode).toBe(400);
    const out = await f.carerA1.request('POST', `${E}/visits/${s.visit.id}/check-out`, {
      clientEventId: 'evt-checkout-0001',
      recordedAt: earlierToday(1),
      position: { lat: f.elderA.lat, lng: f.elderA.lng },
      checklist: [{ key: 'deliver', done: true }],
      note: '已送餐',
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().status).toBe('checked_out');
    const c = await f.carerA1.request('POST', `${E}/visits/${s.visit.id}/confirm`, {
      clientEventId: 'evt-confirm-0001',
      recordedAt: new Date().toISOString(),
      method: 'signature',
      by: 'family',
      name: '家属',
      satisfaction: 2,
    });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().status).toBe('confirmed');
  });

  it('follow-up call opens a complaint; the ticket closes only with an outcome', async () => {
    const sm = await f.townA.request('POST', `${E}/followups/sample`, { from: today, to: today, shareBp: 10_000, seed: 'loop-test' });
    expect(sm.statusCode, sm.body).toBe(200);
    expect(sm.json().created).toBeGreaterThanOrEqual(1);
    const list = (await f.townA.request('GET', `${E}/followups?status=pending`)).json();
    const fu = list.find((x: { visitId: string }) => x.visitId === s.visit.id);
    expect(fu).toBeTruthy();
    // The caller sees whom to call about which service; the number masked, the full one only by an audited reveal.
    expect(fu).toMatchObject({
      personId: f.elderA.id,
      personName: f.elderA.name,
      serviceDate: today,
      providerName: expect.any(String),
      phone: expect.stringMatching(/^138\*+5678$/),
    });
    expect(fu.itemName).toEqual(expect.any(String));
    expect(fu.caregiverName).toEqual(expect.any(String));
    expect(JSON.stringify(list)).not.toContain('13812345678');
    expect((await f.townB.request('GET', `${E}/followups`)).json().some((x: { id: string }) => x.id === fu.id)).toBe(false);
    const rec = await f.townA.request('POST', `${E}/followups/${fu.id}/record`, {
      status: 'done',
      method: 'phone',
      serviceConfirmed: true,
      satisfaction: 2,
      note: '送餐迟到且饭菜偏凉',
      openComplaint: true,
      complaintCategory: 'late',
    });
    expect(rec.statusCode, rec.body).toBe(200);
    const cid = rec.json().complaintId;
    expect(cid).toBeTruthy();
    let t = (await f.townA.request('GET', `${E}/complaints`)).json().find((x: { id: string }) => x.id === cid);
    expect(t).toMatchObject({ personName: f.elderA.name, providerName: expect.any(String) });
    expect((await f.townA.request('POST', `${E}/complaints/${cid}/actions/close`, { version: t.version, outcome: 'x' })).statusCode).toBe(
      409,
    );
    let r = await f.townA.request('POST', `${E}/complaints/${cid}/actions/resolve`, {
      version: t.version,
      resolution: '已约谈服务中心，调整送餐时间',
    });
    expect(r.statusCode, r.body).toBe(200);
    t = r.json();
    expect((await f.townA.request('POST', `${E}/complaints/${cid}/actions/close`, { version: t.version })).statusCode).toBe(400);
    r = await f.townA.request('POST', `${E}/complaints/${cid}/actions/close`, { version: t.version, outcome: '投诉属实，已整改' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'closed', outcome: '投诉属实，已整改' });
  });

  it('anomaly checks flag the far check-in; the flagged visit is not paid until the auditor clears it', async () => {
    expect((await f.townA.request('POST', `${E}/anomalies/run`, { month })).statusCode).toBe(403);
    const run = await f.auditor.request('POST', `${E}/anomalies/run`, { month });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().byCode.CHECKIN_FAR).toBeGreaterThanOrEqual(1);
    const open = (await f.auditor.request('GET', `${E}/anomalies?status=open`)).json();
    const far = open.find((a: { visitId: string; code: string }) => a.visitId === s.visit.id && a.code === 'CHECKIN_FAR');
    expect(far, 'CHECKIN_FAR flag').toBeTruthy();
    expect(far.visit).toMatchObject({ personName: f.elderA.name, providerName: expect.any(String) });
    expect(far.visit.caregiverName).toEqual(expect.any(String));
    expect(far.visit.itemName).toEqual(expect.any(String));
    expect(far.visit.checkInAt).toEqual(expect.any(String));
    const v = (await f.auditor.request('GET', `${E}/visits/${s.visit.id}`)).json();
    expect(v.status).toBe('flagged');
    // Settling now pays nothing: the flagged visit is excluded.
    const st = await f.county.request('POST', `${E}/settlements/run`, { month, providerId: f.providerA.id });
    expect(st.statusCode, st.body).toBe(200);
    expect(st.json().added).toBe(0);
    expect(st.json().skipped).toContainEqual({ reason: 'FLAGGED', count: 1 });
    s.settlement = st.json();
    // Township staff may not decide; the auditor clears with a note.
    expect(
      (await f.townA.request('POST', `${E}/anomalies/visits/${s.visit.id}/decide`, { decision: 'clear', note: 'x', version: v.version }))
        .statusCode,
    ).toBe(403);
    const d = await f.auditor.request('POST', `${E}/anomalies/visits/${s.visit.id}/decide`, {
      decision: 'clear',
      note: '老人当日在女儿家接受服务，已电话核实',
      version: v.version,
    });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({ status: 'cleared' });
    // Rerunning the checks does not flag it again.
    const rerun = await f.auditor.request('POST', `${E}/anomalies/run`, { month });
    expect(rerun.json().flagged).toBe(0);
    expect((await f.auditor.request('GET', `${E}/visits/${s.visit.id}`)).json().status).toBe('cleared');
  });

  it('monthly settlement pays the visit once; approval by county; xlsx and bank file', async () => {
    const r = await f.county.request('POST', `${E}/settlements/run`, { month, providerId: f.providerA.id });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ id: s.settlement.id, added: 1, created: false });
    expect(r.json().totals).toMatchObject({ lines: 1, priceFen: 2000, subsidyFen: 2000, selfPayFen: 0, payableFen: 2000 });
    const again = await f.county.request('POST', `${E}/settlements/run`, { month, providerId: f.providerA.id });
    expect(again.json()).toMatchObject({ added: 0, totals: { lines: 1 } });
    expect(
      (await f.townA.request('POST', `${E}/settlements/${s.settlement.id}/approve`, { version: again.json().version })).statusCode,
    ).toBe(403);
    expect((await f.provA.request('GET', `${E}/settlements/${s.settlement.id}/bank-file`)).statusCode).toBe(403);
    expect((await f.county.request('GET', `${E}/settlements/${s.settlement.id}/bank-file`)).statusCode).toBe(409); // draft
    const ap = await f.county.request('POST', `${E}/settlements/${s.settlement.id}/approve`, { version: again.json().version });
    expect(ap.statusCode, ap.body).toBe(200);
    expect(ap.json().status).toBe('approved');
    expect((await f.county.request('POST', `${E}/settlements/${s.settlement.id}/approve`, { version: ap.json().version })).statusCode).toBe(
      409,
    );
    // A second settlement run for the approved month pays nothing more.
    const second = await f.county.request('POST', `${E}/settlements/run`, { month, providerId: f.providerA.id });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ added: 0, status: 'approved', totals: { lines: 1 } });
    const x = await f.provA.request('GET', `${E}/settlements/${s.settlement.id}/export.xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('明细')?.rowCount).toBe(2);
    const detail = (await f.county.request('GET', `${E}/settlements/${s.settlement.id}`)).json();
    expect(detail.lines[0].personName).toBe(s.order.personName);
    expect(detail.lines[0].itemName).toEqual(expect.any(String));
    expect(wb.getWorksheet('明细')?.getRow(2).values).toContain(detail.lines[0].itemName);
    const bank = await f.county.request('GET', `${E}/settlements/${s.settlement.id}/bank-file`);
    expect(bank.statusCode).toBe(200);
    expect(bank.body).toContain('收款户名,收款账号,金额(元),用途');
    expect(bank.body).toContain('621700000000001,20.00');
    // The month-wide file holds the same approved settlement; paying it takes it out of the next file.
    const monthFile = await f.county.request('GET', `${E}/settlements/bank-file?month=${month}`);
    expect(monthFile.statusCode, monthFile.body).toBe(200);
    expect(monthFile.body).toContain('621700000000001,20.00');
    expect(monthFile.headers['x-payment-total-fen']).toBe('2000');
    expect((await f.provA.request('POST', `${E}/settlements/${s.settlement.id}/pay`, { version: ap.json().version })).statusCode).toBe(403);
    const paid = await f.county.request('POST', `${E}/settlements/${s.settlement.id}/pay`, { version: ap.json().version });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().status).toBe('paid');
    expect((await f.county.request('POST', `${E}/settlements/${s.settlement.id}/pay`, { version: paid.json().version })).statusCode).toBe(
      409,
    );
    expect((await f.county.request('GET', `${E}/settlements/bank-file?month=${month}`)).statusCode).toBe(409);
    expect((await f.auditor.request('GET', `${E}/visits/${s.visit.id}`)).json().status).toBe('settled');
    // The settled visit cannot be served or audited again.
    expect(
      (
        await f.carerA1.request('POST', `${E}/visits/${s.visit.id}/check-in`, {
          clientEventId: 'evt-late-0001',
          recordedAt: new Date().toISOString(),
          position: null,
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (await f.auditor.request('POST', `${E}/anomalies/visits/${s.visit.id}/decide`, { decision: 'reject', note: 'x', version: 1 }))
        .statusCode,
    ).toBe(409);
  });

  it('corrections are adjusting lines in a later draft settlement, never edits', async () => {
    const next = `${Number(month.slice(0, 4)) + (month.endsWith('12') ? 1 : 0)}-${month.endsWith('12') ? '01' : String(Number(month.slice(5)) + 1).padStart(2, '0')}`;
    const draft = await f.county.request('POST', `${E}/settlements/run`, { month: next, providerId: f.providerA.id });
    expect(draft.statusCode, draft.body).toBe(200);
    const line = (await f.county.request('GET', `${E}/settlements/${s.settlement.id}`)).json().lines[0];
    const adj = await f.county.request('POST', `${E}/settlements/${draft.json().id}/adjustments`, {
      lineId: line.id,
      kind: 'reverse',
      reason: '回访核实未送达',
      version: draft.json().version,
    });
    expect(adj.statusCode, adj.body).toBe(201);
    expect(adj.json()).toMatchObject({ kind: 'adjustment', priceFen: -2000, refersToLineId: line.id });
    const d2 = (await f.county.request('GET', `${E}/settlements/${draft.json().id}`)).json();
    expect(
      (
        await f.county.request('POST', `${E}/settlements/${draft.json().id}/adjustments`, {
          lineId: line.id,
          kind: 'reverse',
          reason: '再次冲销',
          version: d2.version,
        })
      ).statusCode,
    ).toBe(409);
    expect(d2.totals).toMatchObject({ subsidyFen: -2000, recoverFen: 2000, payableFen: 0 });
    expect((await f.county.request('GET', `${E}/settlements/${s.settlement.id}`)).json().totals.lines).toBe(1);
  });

  it('the order history and audit trail record every step', async () => {
    const audit = await f.auditor.request('GET', '/api/audit?pageSize=200');
    const actions = audit.json().items.map((a: { action: string }) => a.action);
    for (const a of [
      'elderly.order.apply',
      'elderly.order.approve',
      'elderly.dispatch.publish',
      'elderly.visit.check_in',
      'elderly.anomaly.clear',
      'elderly.settlement.approve',
    ])
      expect(actions).toContain(a);
    const ov = await f.county.request('GET', `${E}/overview`);
    expect(ov.statusCode, ov.body).toBe(200);
    expect(ov.json().onTime.served).toBeGreaterThanOrEqual(1);
  });

  it('after the whole loop every case of every type has its stored status = its last logged step', async () => {
    expect(await statusDrift(env.ctx.db, [...ELDERLY_CASE_TYPES, ACCOUNT_CASE, IMPORT_CASE])).toEqual([]);
  });
});
