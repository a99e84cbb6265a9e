import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client.ts';
import { listVersions } from '../../platform/parameters.ts';
import { createTestEnv, login, type Session, type TestEnv } from '../../test/harness.ts';
import { P } from './parameters.ts';
import { seedAssistanceDemo, seedAssistanceParameters } from './seed.ts';

let env: TestEnv;
let county: Session;
let town: Session;
beforeAll(async () => {
  env = await createTestEnv();
  await seedAssistanceParameters(env.ctx.db);
  county = await login(env.app, 'county');
  town = await login(env.app, 'town-331181203');
});
afterAll(async () => env?.close());

const auditCount = async (action: string) =>
  (await queryRows<{ n: number }>(env.ctx.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`))[0].n;

// DEMO standard 1050.00 yuan per person-month, k = 1.5, rounding up to the yuan.
const household = (headIncome: number, extra: object = {}) => ({
  asOf: '2026-06-15',
  household: {
    assetsWithinLimits: true,
    members: [
      {
        id: 'a',
        relation: 'head',
        birthDate: '1970-05-01',
        situation: 'none',
        disability: null,
        seriousIllness: false,
        incomes: [{ kind: 'wage', monthlyAmount: headIncome }],
      },
      {
        id: 'b',
        relation: 'child',
        birthDate: '1995-01-01',
        situation: 'none',
        disability: { category: 'mental', grade: 3 },
        seriousIllness: false,
        incomes: [{ kind: 'assistance', monthlyAmount: 300 }],
      },
      { id: 'c', relation: 'child', birthDate: '2012-02-29', situation: 'none', disability: null, seriousIllness: false, incomes: [] },
    ],
  },
  ...extra,
});

describe('POST /api/assistance/evaluate', () => {
  it('200: 低保 with counted members, income, per-capita and the amount on the total, rounded up to the yuan; audit entry only', async () => {
    const before = await auditCount('assistance.evaluate.preview');
    const r = await town.request('POST', '/api/assistance/evaluate', household(1000.01));
    expect(r.statusCode, r.body).toBe(200);
    const b = r.json();
    expect(Object.keys(b).sort()).toEqual(
      ['countedMembers', 'countedMonthlyIncome', 'decision', 'monthlyAmount', 'perCapitaIncome', 'reasons', 'ruleVersion'].sort(),
    );
    // 3 x 1050 - 1000.01 = 2149.99 -> 2150 (yuan_up)
    expect(b).toMatchObject({
      decision: 'dibao',
      countedMembers: 3,
      countedMonthlyIncome: 1000.01,
      perCapitaIncome: 333.34,
      monthlyAmount: 2150,
    });
    expect(b.reasons.map((x: { code: string }) => x.code)).toEqual(
      expect.arrayContaining(['MEMBER_COUNTED_DEPENDENT_ADULT', 'INCOME_EXCLUDED_ASSISTANCE', 'DIBAO_ELIGIBLE']),
    );
    for (const x of b.reasons) expect(Object.keys(x).sort()).toEqual(['code', 'message']);
    expect(b.ruleVersion).toMatch(/^lq-assistance-rules\/1 \(2026-06-15; dibaoStandard@2020-01-01/);
    expect(await auditCount('assistance.evaluate.preview')).toBe(before + 1);
    const [entry] = await queryRows<{ username: string; details: { decision: string; monthlyAmountFen: number } }>(
      env.ctx.db,
      sql`SELECT username, details FROM audit_log WHERE action = 'assistance.evaluate.preview' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry).toMatchObject({ username: 'town-331181203', details: { decision: 'dibao', monthlyAmountFen: 215_000 } });
  });

  it('strictly below: per-capita exactly S is marginal, exactly 1.5 S is none', async () => {
    // counted income 3 x 1050 = 3150 -> exactly S per capita
    let r = await county.request('POST', '/api/assistance/evaluate', household(3150));
    expect(r.json()).toMatchObject({ decision: 'marginal', perCapitaIncome: 1050, monthlyAmount: 0 });
    r = await county.request('POST', '/api/assistance/evaluate', household(4725));
    expect(r.json()).toMatchObject({ decision: 'none', monthlyAmount: 0 });
    r = await county.request('POST', '/api/assistance/evaluate', household(4724.99));
    expect(r.json().decision).toBe('marginal');
  });

  it('parameters overrides are honoured (what-if) and named in the rule version', async () => {
    const r = await county.request(
      'POST',
      '/api/assistance/evaluate',
      household(3150, { parameters: { dibaoStandard: 1100, marginalMultiple: 2 } }),
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ decision: 'dibao', monthlyAmount: 150 });
    expect(r.json().ruleVersion).toContain('dibaoStandard=override');
    expect(r.json().ruleVersion).toContain('marginalMultiple=override');
    const m = await county.request('POST', '/api/assistance/evaluate', household(5000, { parameters: { marginalMultiple: 2 } }));
    expect(m.json().decision).toBe('marginal');
  });

  it('basic_pension_base: not income through 2025-12-31, income from 2026-01-01 with the DEMO parameter', async () => {
    const body = (asOf: string) => {
      const h = household(0, { asOf });
      h.household.members[0].incomes = [{ kind: 'basic_pension_base', monthlyAmount: 200 }];
      return h;
    };
    expect((await county.request('POST', '/api/assistance/evaluate', body('2025-12-31'))).json().countedMonthlyIncome).toBe(0);
    expect((await county.request('POST', '/api/assistance/evaluate', body('2026-01-01'))).json().countedMonthlyIncome).toBe(200);
  });

  it('applicantId: the member alone (单独列户) as a household of one, or none with the reason', async () => {
    const r = await county.request('POST', '/api/assistance/evaluate', household(1000, { applicantId: 'b' }));
    expect(r.json()).toMatchObject({ decision: 'dibao', countedMembers: 1, countedMonthlyIncome: 0, monthlyAmount: 1050 });
    const no = await county.request('POST', '/api/assistance/evaluate', household(1000, { applicantId: 'c' }));
    expect(no.json()).toMatchObject({ decision: 'none', monthlyAmount: 0 });
    expect(no.json().reasons.map((x: { code: string }) => x.code)).toContain('SINGLE_NOT_ALLOWED');
  });

  it('no counted member: none with a reason', async () => {
    const h = household(0);
    h.household.members = [{ ...h.household.members[0], situation: 'serving_sentence' }];
    const r = await county.request('POST', '/api/assistance/evaluate', h);
    expect(r.json()).toMatchObject({ decision: 'none', countedMembers: 0, perCapitaIncome: 0, monthlyAmount: 0 });
    expect(r.json().reasons.map((x: { code: string }) => x.code)).toContain('NO_COUNTED_MEMBERS');
  });

  it('400 naming the field: impossible date, bad kind, 3 decimals, no head, unknown applicant, bad override', async () => {
    const cases: [object, string][] = [];
    const bad = household(0);
    bad.household.members[0].birthDate = '2026-02-30';
    cases.push([bad, 'household.members.0.birthDate']);
    const kind = household(0);
    (kind.household.members[1].incomes[0] as { kind: string }).kind = 'salary';
    cases.push([kind, 'household.members.1.incomes.0.kind']);
    cases.push([household(10.001), 'household.members.0.incomes.0.monthlyAmount']);
    const noHead = household(0);
    noHead.household.members[0].relation = 'spouse';
    cases.push([noHead, 'household.members']);
    cases.push([household(0, { applicantId: 'zz' }), 'applicantId']);
    cases.push([household(0, { asOf: '2026-13-01' }), 'asOf']);
    cases.push([household(0, { parameters: { dibaoStandard: -1 } }), 'parameters.dibaoStandard']);
    for (const [body, field] of cases) {
      const r = await county.request('POST', '/api/assistance/evaluate', body);
      expect(r.statusCode, `${field}: ${r.body}`).toBe(400);
      expect(r.json().code).toBe('VALIDATION_FAILED');
      expect(r.json().details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('409 PARAMETER_MISSING when no parameter is in force on asOf', async () => {
    const r = await county.request('POST', '/api/assistance/evaluate', household(0, { asOf: '2019-12-31' }));
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('PARAMETER_MISSING');
  });

  it('401 without login, 403 without the CSRF header, 403 for a role without case work', async () => {
    const anon = await env.app.inject({ method: 'POST', url: '/api/assistance/evaluate', payload: household(0) });
    expect(anon.statusCode).toBe(401);
    const noCsrf = await env.app.inject({
      method: 'POST',
      url: '/api/assistance/evaluate',
      payload: household(0),
      headers: { cookie: county.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('CSRF');
    const admin = await login(env.app, 'admin');
    expect((await admin.request('POST', '/api/assistance/evaluate', household(0))).statusCode).toBe(403);
  });
});

const tekun = (extra: object = {}) => ({
  asOf: '2026-06-15',
  person: {
    birthDate: '1950-03-01',
    disability: null,
    incomes: [{ kind: 'old_age_allowance', monthlyAmount: 200 }],
    assetsWithinLimits: true,
  },
  obligors: [{ relation: 'child', birthDate: '1955-01-01', annualIncome: 30_000, assetsWithinLimits: true }],
  selfCareItemsUnable: 4,
  ...extra,
});

describe('POST /api/assistance/tekun/evaluate', () => {
  it('200: eligible with care level; the 70+ low-income supporter is unable; audit entry', async () => {
    const before = await auditCount('assistance.tekun.preview');
    const r = await town.request('POST', '/api/assistance/tekun/evaluate', tekun());
    expect(r.statusCode, r.body).toBe(200);
    expect(Object.keys(r.json()).sort()).toEqual(['careLevel', 'eligible', 'reasons', 'ruleVersion']);
    expect(r.json()).toMatchObject({ eligible: true, careLevel: 'full' });
    expect(r.json().reasons.map((x: { code: string }) => x.code)).toEqual(
      expect.arrayContaining(['NO_WORK_CAPACITY_AGE', 'INCOME_EXCLUDED_OLD_AGE_ALLOWANCE', 'OBLIGOR_UNABLE', 'TEKUN_ELIGIBLE']),
    );
    expect(await auditCount('assistance.tekun.preview')).toBe(before + 1);
  });

  it('per-capita disposable income override: the supporter becomes able', async () => {
    const r = await county.request('POST', '/api/assistance/tekun/evaluate', tekun({ parameters: { perCapitaDisposableIncome: 30_000 } }));
    expect(r.json()).toMatchObject({ eligible: false, careLevel: 'full' });
    expect(r.json().ruleVersion).toContain('perCapitaDisposableIncome=override');
  });

  it('care levels 0 / 1 / 3', async () => {
    for (const [n, level] of [
      [0, 'self_care'],
      [1, 'partial'],
      [3, 'partial'],
    ] as const)
      expect((await county.request('POST', '/api/assistance/tekun/evaluate', tekun({ selfCareItemsUnable: n }))).json().careLevel).toBe(
        level,
      );
  });

  it('400 naming the field; 401; 403 without CSRF', async () => {
    const r = await county.request('POST', '/api/assistance/tekun/evaluate', tekun({ selfCareItemsUnable: 7 }));
    expect(r.statusCode).toBe(400);
    expect(r.json().details.map((d: { field: string }) => d.field)).toContain('selfCareItemsUnable');
    const bad = tekun();
    bad.obligors[0].birthDate = '1955-02-29';
    const r2 = await county.request('POST', '/api/assistance/tekun/evaluate', bad);
    expect(r2.json().details.map((d: { field: string }) => d.field)).toContain('obligors.0.birthDate');
    expect((await env.app.inject({ method: 'POST', url: '/api/assistance/tekun/evaluate', payload: tekun() })).statusCode).toBe(401);
    const noCsrf = await env.app.inject({
      method: 'POST',
      url: '/api/assistance/tekun/evaluate',
      payload: tekun(),
      headers: { cookie: county.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});

describe('DEMO parameters and the published contract', () => {
  it('every assistance parameter is seeded once, labelled DEMO; seeding again adds nothing and writes no audit entry', async () => {
    const rows = await listVersions(env.ctx.db, 'assistance');
    expect(rows.map((r) => r.key).sort()).toEqual(Object.keys(P).sort());
    for (const r of rows) expect(r.source).toContain('DEMO');
    const before = await auditCount('seed.assistance.parameters');
    await seedAssistanceDemo(env.ctx);
    expect(await auditCount('seed.assistance.parameters')).toBe(before);
    expect((await listVersions(env.ctx.db, 'assistance')).length).toBe(rows.length);
  });

  it('the OpenAPI document lists the three previews', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(r.statusCode).toBe(200);
    const paths = Object.keys(r.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/assistance/evaluate', '/api/assistance/tekun/evaluate', '/api/children/classify']));
  });
});
