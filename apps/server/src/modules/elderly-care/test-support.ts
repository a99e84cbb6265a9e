/** Test fixtures for the elderly-care API tests (the test template has no elderly-care data). */

import type { Role } from '@lq/contracts';
import { eq } from 'drizzle-orm';
import { systemActor } from '../../platform/context.ts';
import { regions } from '../../platform/db/schema.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { login, makeIdNumber, type Session, TEST_PASSWORD, type TestEnv, TOWN_A, TOWN_B } from '../../test/harness.ts';
import { createUser } from '../users/users.service.ts';
import { seedElderlyCareConfig } from './seed.ts';

export interface ElderlyFixtures {
  county: Session;
  auditor: Session;
  admin: Session;
  townA: Session;
  townB: Session;
  villageA: string;
  villageB: string;
  providerA: { id: string; version: number };
  providerB: { id: string; version: number };
  provA: Session;
  provB: Session;
  carerA1: Session;
  carerA2: Session;
  carerB1: Session;
  vwA: Session;
  vwB: Session;
  caregiverA1: string;
  caregiverA2: string;
  caregiverB1: string;
  elderA: { id: string; name: string; lat: number; lng: number };
  elderB: { id: string; name: string; lat: number; lng: number };
  users: Record<string, string>;
}

export function shanghaiNow(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

let seq = 0;
export async function elderlyFixtures(env: TestEnv): Promise<ElderlyFixtures> {
  const { app, ctx } = env;
  await seedElderlyCareConfig(ctx.db);
  const county = await login(app, 'county');
  const auditor = await login(app, 'auditor');
  const admin = await login(app, 'admin');
  const townA = await login(app, `town-${TOWN_A}`);
  const townB = await login(app, `town-${TOWN_B}`);
  const villageA = (await ctx.db.select().from(regions).where(eq(regions.parentCode, TOWN_A)).orderBy(regions.code))[0];
  const villageB = (await ctx.db.select().from(regions).where(eq(regions.parentCode, TOWN_B)).orderBy(regions.code))[0];
  const provider = async (town: string, lat: number, lng: number, n: string) => {
    const r = await county.request('POST', '/api/elderly-care/providers', {
      name: `测试${n}居家养老服务中心`,
      kind: 'home_care_center',
      regionCode: town,
      serviceAreaCodes: [town],
      location: { lat, lng },
      bankAccount: {
        accountName: `测试${n}居家养老服务中心`,
        accountNumber: `6217000000000${n === 'A' ? '01' : '02'}`,
        bankName: '测试银行',
      },
    });
    if (r.statusCode !== 201) throw new Error(r.body);
    return r.json() as { id: string; version: number };
  };
  const latA = villageA.latitude ?? 28.0;
  const lngA = villageA.longitude ?? 119.1;
  const latB = villageB.latitude ?? 28.2;
  const lngB = villageB.longitude ?? 119.2;
  const providerA = await provider(TOWN_A, latA, lngA, 'A');
  const providerB = await provider(TOWN_B, latB, lngB, 'B');
  const hash = await hashPassword(TEST_PASSWORD);
  const users: Record<string, string> = {};
  const tag = `${process.pid}-${seq++}`;
  const mk = async (key: string, roles: Role[], regionCode: string, providerId: string | null = null) => {
    users[key] = await createUser(
      ctx.db,
      systemActor(),
      { username: `ec-${key}-${tag}`, displayName: key, roles, regionCode, providerId, password: '' },
      hash,
    );
    return login(app, `ec-${key}-${tag}`);
  };
  const provA = await mk('provA', ['provider_staff'], TOWN_A, providerA.id);
  const provB = await mk('provB', ['provider_staff'], TOWN_B, providerB.id);
  const carerA1 = await mk('carerA1', ['caregiver'], TOWN_A, providerA.id);
  const carerA2 = await mk('carerA2', ['caregiver'], TOWN_A, providerA.id);
  const carerB1 = await mk('carerB1', ['caregiver'], TOWN_B, providerB.id);
  const vwA = await mk('vwA', ['village_worker'], villageA.code);
  const vwB = await mk('vwB', ['village_worker'], villageB.code);
  const caregiver = async (s: Session, providerId: string, userId: string, skills: string[], lat: number, lng: number) => {
    const r = await s.request('POST', '/api/elderly-care/caregivers', {
      providerId,
      userId,
      name: `护理员${userId.slice(0, 4)}`,
      skills,
      shiftStart: '00:00',
      shiftEnd: '23:59',
      home: { lat, lng },
      maxWorkMin: 600,
    });
    if (r.statusCode !== 201) throw new Error(r.body);
    return r.json().id as string;
  };
  const caregiverA1 = await caregiver(provA, providerA.id, users.carerA1, ['meal', 'personal_care', 'cleaning'], latA, lngA);
  const caregiverA2 = await caregiver(provA, providerA.id, users.carerA2, ['bathing'], latA, lngA);
  const caregiverB1 = await caregiver(provB, providerB.id, users.carerB1, ['meal', 'personal_care', 'cleaning'], latB, lngB);
  const person = async (village: string, lat: number, lng: number, name: string) => {
    const r = await county.request('POST', '/api/people', {
      name,
      idNumber: makeIdNumber({ birth: '1940-05-06' }),
      residenceRegionCode: village,
      phone: '13812345678',
      latitude: lat,
      longitude: lng,
      tags: ['低保'],
    });
    if (r.statusCode !== 201) throw new Error(r.body);
    return { id: r.json().id as string, name, lat, lng };
  };
  const elderA = await person(villageA.code, latA + 0.001, lngA + 0.001, '测试甲老人');
  const elderB = await person(villageB.code, latB + 0.001, lngB + 0.001, '测试乙老人');
  return {
    county,
    auditor,
    admin,
    townA,
    townB,
    villageA: villageA.code,
    villageB: villageB.code,
    providerA,
    providerB,
    provA,
    provB,
    carerA1,
    carerA2,
    carerB1,
    vwA,
    vwB,
    caregiverA1,
    caregiverA2,
    caregiverB1,
    elderA,
    elderB,
    users,
  };
}

/** All 26 items at their maximum (total 90). */
export function fullScores(): Record<string, number> {
  return {
    进食: 4,
    修饰: 4,
    洗澡: 4,
    '穿/脱上衣': 4,
    '穿/脱裤子和鞋袜': 4,
    小便控制: 4,
    大便控制: 4,
    如厕: 4,
    床上体位转移: 4,
    床椅转移: 4,
    平地行走: 4,
    上下楼梯: 3,
    时间定向: 4,
    空间定向: 4,
    人物定向: 4,
    记忆: 4,
    理解能力: 4,
    表达能力: 4,
    攻击行为: 1,
    抑郁症状: 1,
    意识水平: 2,
    视力: 2,
    听力: 2,
    执行日常事务: 4,
    使用交通工具外出: 3,
    社会交往能力: 4,
  };
}

/** An order for `elder` taken through apply, accept, assess and approve; returns the order id. */
export async function approvedOrder(
  f: ElderlyFixtures,
  elder: { id: string },
  apply: Session,
  town: Session,
  opts: { itemCode?: string; date?: string; providerId?: string; windowStart?: string; windowEnd?: string } = {},
) {
  const date = opts.date ?? shanghaiNow();
  let r = await apply.request('POST', '/api/elderly-care/orders', {
    personId: elder.id,
    channel: 'village_worker',
    items: [
      {
        itemCode: opts.itemCode ?? 'ZC-01',
        frequency: { kind: 'once', date },
        windowStart: opts.windowStart ?? '00:00',
        windowEnd: opts.windowEnd ?? '23:00',
      },
    ],
  });
  if (r.statusCode !== 201) throw new Error(`apply ${r.body}`);
  let o = r.json();
  r = await town.request('POST', `/api/elderly-care/orders/${o.id}/actions/accept`, { version: o.version });
  if (r.statusCode !== 200) throw new Error(`accept ${r.body}`);
  r = await town.request('POST', '/api/elderly-care/assessments', {
    personId: elder.id,
    orderId: o.id,
    reason: 'initial',
    assessedOn: shanghaiNow(),
    assessorIds: ['x'],
    scores: { ...fullScores(), 洗澡: 1, 平地行走: 1 },
    dementia: false,
    riskEvents30d: 0,
    coma: false,
  });
  if (r.statusCode !== 201) throw new Error(`assess ${r.body}`);
  o = (await town.request('GET', `/api/elderly-care/orders/${o.id}`)).json();
  r = await f.county.request('POST', `/api/elderly-care/orders/${o.id}/actions/approve`, {
    version: o.version,
    providerId: opts.providerId,
  });
  if (r.statusCode !== 200) throw new Error(`approve ${r.body}`);
  return r.json() as { id: string; version: number; status: string };
}
