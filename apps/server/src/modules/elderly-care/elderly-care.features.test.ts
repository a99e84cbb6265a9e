/** Assessment preview contract, blacklist effects, reproducible inspection draws, public apply + track. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeIdNumber, type TestEnv, TOWN_A, TOWN_B } from '../../test/harness.ts';
import { DEMO_SUBSIDY_RULES } from './domain/subsidy.ts';
import { PUBLIC_APPLY_LIMIT, resetPublicRateLimit } from './elderly-care.routes.ts';
import { approvedOrder, type ElderlyFixtures, elderlyFixtures, fullScores, shanghaiNow } from './test-support.ts';

let env: TestEnv;
let f: ElderlyFixtures;
const E = '/api/elderly-care';
const today = shanghaiNow();

beforeAll(async () => {
  env = await createTestEnv();
  f = await elderlyFixtures(env);
}, 120_000);
afterAll(async () => env?.close());

const preview = (body: unknown) => env.app.inject({ method: 'POST', url: `${E}/assessments/preview`, payload: body as object });

describe('assessment preview contract', () => {
  it('valid body -> total, dimensions, levels 0-4', async () => {
    const r = await preview({ scores: fullScores(), dementia: false, riskEvents30d: 0, coma: false });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      total: 90,
      dimensions: { 自理能力: 32, 基础运动能力: 15, 精神状态: 28, 感知觉与社会参与: 15 },
      baseLevel: 0,
      level: 0,
    });
    const low = Object.fromEntries(Object.keys(fullScores()).map((k) => [k, 0]));
    expect((await preview({ scores: low, dementia: true, riskEvents30d: 3, coma: false })).json()).toMatchObject({
      total: 0,
      baseLevel: 4,
      level: 4,
    });
    // 66 (level 1) + dementia + 2 risk events -> level 3
    const s66 = { ...fullScores(), 进食: 0, 修饰: 0, 洗澡: 0, '穿/脱上衣': 0, '穿/脱裤子和鞋袜': 0, 小便控制: 0 };
    expect((await preview({ scores: s66, dementia: true, riskEvents30d: 2, coma: false })).json()).toMatchObject({
      total: 66,
      baseLevel: 1,
      level: 3,
    });
    expect((await preview({ scores: fullScores(), dementia: false, riskEvents30d: 0, coma: true })).json()).toMatchObject({ level: 4 });
  });

  it('missing item -> 400 naming it; out-of-range -> 400 naming it', async () => {
    const { 进食: _, ...missing } = fullScores();
    let r = await preview({ scores: missing, dementia: false, riskEvents30d: 0, coma: false });
    expect(r.statusCode).toBe(400);
    expect(r.json().details.map((d: { field: string }) => d.field)).toContain('scores.进食');
    r = await preview({ scores: { ...fullScores(), 上下楼梯: 4 }, dementia: false, riskEvents30d: 0, coma: false });
    expect(r.statusCode).toBe(400);
    expect(r.json().details[0].field).toBe('scores.上下楼梯');
    r = await preview({ scores: { ...fullScores(), '穿/脱上衣': -1 }, dementia: false, riskEvents30d: 0, coma: false });
    expect(r.json().details[0].field).toBe('scores.穿/脱上衣');
  });

  it('the coma level is an effective-dated parameter', async () => {
    const r = await f.county.request('POST', `${E}/parameters`, {
      key: 'assessment',
      validFrom: today,
      value: { comaLevel: 3, cumulativeRaises: true, reassessmentIntervalMonths: 12 },
      source: '测试：昏迷定为重度',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect((await preview({ scores: fullScores(), dementia: false, riskEvents30d: 0, coma: true })).json().level).toBe(3);
    expect(
      (await f.county.request('POST', `${E}/parameters`, { key: 'assessment', validFrom: today, value: { comaLevel: 5 }, source: 'x' }))
        .statusCode,
    ).toBe(400);
  });
});

describe('blacklist blocks dispatch and new orders', () => {
  it('a blacklisted provider gets no new orders and no dispatch', async () => {
    const order = await approvedOrder(f, f.elderB, f.vwB, f.townB, { providerId: f.providerB.id });
    const bl = await f.county.request('POST', `${E}/blacklist`, {
      subjectKind: 'provider',
      subjectId: f.providerB.id,
      reason: '虚报服务记录',
      decisionRef: '龙民〔2026〕9号',
      source: '投诉核查',
      measures: ['暂停派单'],
      validFrom: today,
      validTo: null,
    });
    expect(bl.statusCode, bl.body).toBe(201);
    const apply = await f.vwB.request('POST', `${E}/orders`, {
      personId: f.elderB.id,
      channel: 'village_worker',
      preferredProviderId: f.providerB.id,
      items: [{ itemCode: 'ZC-01', frequency: { kind: 'once', date: today } }],
    });
    expect(apply.statusCode).toBe(409);
    expect(apply.json().code).toBe('PROVIDER_BLACKLISTED');
    const plan = await f.provB.request('POST', `${E}/dispatch/plans`, { date: today, providerId: f.providerB.id, iterations: 50 });
    expect(plan.statusCode, plan.body).toBe(201);
    expect(plan.json().routes).toHaveLength(0);
    expect(plan.json().unserved.find((u: { reason: string }) => u.reason === 'PROVIDER_BLACKLISTED')).toBeTruthy();
    expect((await f.provB.request('GET', `${E}/providers/${f.providerB.id}`)).json().blacklisted).toBe(true);
    // Lifting restores it.
    expect((await f.county.request('POST', `${E}/blacklist/${bl.json().id}/lift`, { reason: '整改完成' })).statusCode).toBe(200);
    const again = await f.provB.request('POST', `${E}/dispatch/plans`, { date: today, providerId: f.providerB.id, iterations: 50 });
    expect(again.json().stats.served).toBe(1);
    void order;
  });

  it('a blacklisted caregiver is never planned nor moved to', async () => {
    await approvedOrder(f, f.elderA, f.vwA, f.townA, { providerId: f.providerA.id });
    const bl = await f.county.request('POST', `${E}/blacklist`, {
      subjectKind: 'caregiver',
      subjectId: f.caregiverA1,
      reason: '冒名签到',
      decisionRef: '龙民〔2026〕10号',
      source: '异常审核',
      validFrom: today,
      validTo: null,
    });
    expect(bl.statusCode).toBe(201);
    const plan = (await f.provA.request('POST', `${E}/dispatch/plans`, { date: today, providerId: f.providerA.id, iterations: 50 })).json();
    expect(plan.routes.map((r: { caregiverId: string }) => r.caregiverId)).not.toContain(f.caregiverA1);
    expect(plan.notes.some((n: { code: string }) => n.code === 'CAREGIVER_BLACKLISTED')).toBe(true);
    expect(plan.unserved.length).toBeGreaterThanOrEqual(1); // only A1 had the meal skill
    const caregivers = (await f.provA.request('GET', `${E}/caregivers`)).json();
    expect(caregivers.find((c: { id: string }) => c.id === f.caregiverA1).blacklisted).toBe(true);
  });
});

describe('双随机 inspections', () => {
  it('the draw is stored with its seed, replays identically and never sends staff to their own organisation', async () => {
    const r = await f.county.request('POST', `${E}/inspections/draw`, {
      providerCount: 2,
      inspectorsPerProvider: 1,
      seed: 'longquan-2026-q1',
    });
    expect(r.statusCode, r.body).toBe(201);
    const d = r.json();
    expect(d).toMatchObject({ seed: 'longquan-2026-q1', reproducible: true });
    const again = (
      await f.county.request('POST', `${E}/inspections/draw`, { providerCount: 2, inspectorsPerProvider: 1, seed: 'longquan-2026-q1' })
    ).json();
    expect(again.assignments.map((a: { providerId: string; inspectorIds: string[] }) => [a.providerId, a.inspectorIds])).toEqual(
      d.assignments.map((a: { providerId: string; inspectorIds: string[] }) => [a.providerId, a.inspectorIds]),
    );
    const townAUser = (await f.townA.request('GET', '/api/auth/me')).json();
    const a = d.assignments.find((x: { providerId: string }) => x.providerId === f.providerA.id);
    expect(a.inspectorIds).not.toContain(townAUser.id ?? townAUser.user?.id);
    for (const x of d.assignments) {
      expect(
        (
          await f.county.request('POST', `${E}/inspections/${d.id}/results`, {
            providerId: x.providerId,
            inspectedOn: today,
            rating: '合格',
            findings: '台账齐全',
          })
        ).statusCode,
      ).toBe(200);
    }
    expect((await f.county.request('POST', `${E}/inspections/${d.id}/publish`)).statusCode).toBe(200);
    const pub = await env.app.inject({ method: 'GET', url: '/api/public/elderly-care/inspections' });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()[0]).toMatchObject({ seed: 'longquan-2026-q1' });
    expect(pub.body).toContain('测试A居家养老服务中心');
  });
});

describe('public application and tracking', () => {
  const post = (payload: unknown) =>
    env.app.inject({ method: 'POST', url: '/api/public/elderly-care/applications', payload: payload as object, remoteAddress: '10.1.2.3' });

  it('a registered resident applies without login; the tracking page shows status and masked name only', async () => {
    resetPublicRateLimit();
    const idNumber = makeIdNumber({ birth: '1938-03-04' });
    const p = await f.county.request('POST', '/api/people', {
      name: '公开申请人',
      idNumber,
      residenceRegionCode: f.villageA,
      phone: '13911112222',
    });
    expect(p.statusCode).toBe(201);
    const r = await post({
      name: '公开申请人',
      idNumber,
      phone: '13911112222',
      itemCodes: ['ZC-01', 'ZJ-01'],
      townshipCode: TOWN_A,
      note: '行动不便',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'submitted' });
    expect(r.json().trackUrl).toBe(`/track/${r.json().trackingCode}`);
    expect(r.json().qrSvg).toContain('<svg');
    expect(r.json().trackingCode.length).toBeGreaterThanOrEqual(20);
    const t = await env.app.inject({ method: 'GET', url: `/api/public/elderly-care/track/${r.json().trackingCode}` });
    expect(t.statusCode).toBe(200);
    expect(t.json()).toMatchObject({ maskedName: '公****', status: 'applied' });
    expect(t.json().steps[0]).toMatchObject({ key: 'applied', done: true });
    for (const secret of ['公开申请人', idNumber, '13911112222', f.villageA, '行动不便']) expect(t.body).not.toContain(secret);
    // The township sees the order (channel self) and moves it on; the tracking page follows.
    const list = (await f.townA.request('GET', `${E}/orders?personId=${p.json().id}`)).json();
    expect(list.items[0].channel).toBe('self');
    await f.townA.request('POST', `${E}/orders/${list.items[0].id}/actions/accept`, { version: list.items[0].version });
    const t2 = (await env.app.inject({ method: 'GET', url: `/api/public/elderly-care/track/${r.json().trackingCode}` })).json();
    expect(t2.steps.find((s: { key: string }) => s.key === 'accepted').done).toBe(true);
  });

  it('an unknown person waits for verification by the township; bad input is 400; the form is rate-limited', async () => {
    resetPublicRateLimit();
    const r = await post({ name: '未登记人', idNumber: makeIdNumber(), phone: '13900000000', itemCodes: ['ZC-01'], townshipCode: TOWN_B });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().status).toBe('pending_verification');
    expect(
      (await f.townB.request('GET', `${E}/applications`))
        .json()
        .some((a: { trackingCode: string }) => a.trackingCode === r.json().trackingCode),
    ).toBe(true);
    expect(
      (await f.townA.request('GET', `${E}/applications`))
        .json()
        .some((a: { trackingCode: string }) => a.trackingCode === r.json().trackingCode),
    ).toBe(false);
    expect(
      (await post({ name: '坏', idNumber: '331181194005060019', phone: '13900000000', itemCodes: ['ZC-01'], townshipCode: TOWN_B }))
        .statusCode,
    ).toBe(400);
    expect((await post({ name: '<script>', idNumber: makeIdNumber(), phone: '1', itemCodes: [], townshipCode: TOWN_B })).statusCode).toBe(
      400,
    );
    expect(
      (await post({ name: '多字段', idNumber: makeIdNumber(), phone: '13900000000', itemCodes: ['ZC-01'], townshipCode: TOWN_B, extra: 1 }))
        .statusCode,
    ).toBe(400);
    expect((await env.app.inject({ method: 'GET', url: '/api/public/elderly-care/track/AAAAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(404);
    resetPublicRateLimit();
    const codes: number[] = [];
    for (let i = 0; i <= PUBLIC_APPLY_LIMIT.max; i++)
      codes.push(
        (await post({ name: '限流', idNumber: makeIdNumber(), phone: '13900000000', itemCodes: ['ZC-01'], townshipCode: TOWN_B }))
          .statusCode,
      );
    expect(codes.slice(0, PUBLIC_APPLY_LIMIT.max).every((c) => c === 201)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});

describe('effective-dated configuration is guarded', () => {
  it('a subsidy rule needs a source and a new version; the rule it ends is recorded', async () => {
    const base = { ...DEMO_SUBSIDY_RULES[1], validFrom: '2098-01-01', validTo: null };
    const blank = await f.county.request('POST', `${E}/subsidy-rules`, { ...base, version: 'CFG-1', source: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().details[0].field).toBe('source');
    const ok = await f.county.request('POST', `${E}/subsidy-rules`, { ...base, version: 'CFG-1', source: '龙民〔2098〕1号' });
    expect(ok.statusCode, ok.body).toBe(201);
    const dup = await f.county.request('POST', `${E}/subsidy-rules`, { ...base, validFrom: '2099-01-01', version: 'CFG-1', source: 'x' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().details[0].field).toBe('version');
    const audit = (await f.auditor.request('GET', '/api/audit?action=elderly.subsidy_rule.create&pageSize=5')).json();
    const entry = audit.items.find((a: { targetId: string }) => a.targetId === 'CFG-1');
    expect(entry.details.closedPrevious).toMatchObject({ validTo: '2097-12-31' });
  });

  it('a parameter version needs a source and valid HH:MM windows, start before end', async () => {
    const value = { horizonDays: 14, defaultWindowStart: '08:00', defaultWindowEnd: '16:00', onTimeGraceMin: 15 };
    const post = (v: unknown, source = '龙民〔2098〕2号') =>
      f.county.request('POST', `${E}/parameters`, { key: 'visits', validFrom: '2098-02-01', value: v, source });
    expect((await post(value, '   ')).statusCode).toBe(400);
    const bad = await post({ ...value, defaultWindowEnd: '25:99' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('value.defaultWindowEnd');
    expect((await post({ ...value, defaultWindowStart: '17:00' })).statusCode).toBe(400);
    expect((await post(value)).statusCode).toBe(201);
  });
});
