/**
 * Elderly-care configuration (DEMO parameters, subsidy rules, service menu) and the Longquan demo:
 * a 居家养老服务中心 per township with a provider account and 2-4 caregivers, ~150 elders with
 * assessments and approved recurring orders, this week's visits, and today's routes published.
 */

import { ASSESSMENT_ITEMS, type AssessmentScores, type Role, type SubsidyRule, shanghaiToday } from '@lq/contracts';
import { eq, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import { type Actor, systemActor } from '../../platform/context.ts';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { regions, users } from '../../platform/db/schema.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { createUser } from '../users/users.service.ts';
import { elderlyActor } from './access.ts';
import { buildPlan, publishPlan } from './dispatch.service.ts';
import { DEMO_SUBSIDY_RULES } from './domain/subsidy.ts';
import { mulberry32 } from './domain/util.ts';
import { applyOrderAction, generateVisitsForOrder, insertAssessment, insertOrder, loadOrder } from './order.service.ts';
import { addDays, DEMO_PARAMETERS, DEMO_SOURCE, isoWeekday, PARAMETER_KEYS } from './params.ts';
import { ecCaregivers, ecMenuItems, ecParameters, ecProviders, ecSubsidyRules } from './schema.ts';

const c = (key: string, label: string) => ({ key, label, required: true });
/** DEMO prices and durations (演示价格): the bureau sets the real menu. */
export const DEMO_MENU = [
  {
    code: 'ZC-01',
    nameZh: '助餐',
    category: '助餐',
    standardDurationMin: 30,
    requiredSkill: 'meal',
    priceFen: 1500,
    unit: 'meal',
    checklist: [c('deliver', '送餐到户'), c('hot', '饭菜温度适宜'), c('tableware', '餐具回收')],
  },
  {
    code: 'ZJ-01',
    nameZh: '助洁',
    category: '助洁',
    standardDurationMin: 60,
    requiredSkill: 'cleaning',
    priceFen: 4000,
    unit: 'visit',
    checklist: [c('floor', '清扫地面'), c('kitchen', '厨房清洁'), c('toilet', '卫生间清洁'), c('garbage', '垃圾清运')],
  },
  {
    code: 'ZY-01',
    nameZh: '助浴',
    category: '助浴',
    standardDurationMin: 60,
    requiredSkill: 'bathing',
    priceFen: 6000,
    unit: 'visit',
    checklist: [c('water', '水温检查'), c('antislip', '防滑措施'), c('bath', '协助洗浴'), c('dry', '擦干更衣')],
  },
  {
    code: 'ZYI-01',
    nameZh: '助医',
    category: '助医',
    standardDurationMin: 120,
    requiredSkill: 'medical_escort',
    priceFen: 8000,
    unit: 'visit',
    checklist: [c('escort', '陪同就医'), c('medicine', '代取药品'), c('record', '记录医嘱')],
  },
  {
    code: 'ZX-01',
    nameZh: '助行',
    category: '生活照料',
    standardDurationMin: 60,
    requiredSkill: 'personal_care',
    priceFen: 3000,
    unit: 'visit',
    checklist: [c('walk', '陪同行走'), c('safety', '安全防护')],
  },
  {
    code: 'KF-01',
    nameZh: '康复护理',
    category: '康复',
    standardDurationMin: 60,
    requiredSkill: 'rehab',
    priceFen: 8000,
    unit: 'visit',
    checklist: [c('assess', '身体状况观察'), c('exercise', '康复训练'), c('record', '训练记录')],
  },
  {
    code: 'JS-01',
    nameZh: '精神慰藉',
    category: '精神慰藉',
    standardDurationMin: 60,
    requiredSkill: 'companionship',
    priceFen: 2500,
    unit: 'visit',
    checklist: [c('talk', '聊天陪伴'), c('mood', '情绪观察')],
  },
  {
    code: 'DB-01',
    nameZh: '代办',
    category: '其他',
    standardDurationMin: 60,
    requiredSkill: 'personal_care',
    priceFen: 2000,
    unit: 'visit',
    checklist: [c('errand', '代办事项完成'), c('receipt', '票据交回')],
  },
] as const;

/** Parameters, subsidy rules and the menu (DEMO values, clearly labelled). Idempotent. */
export async function seedElderlyCareConfig(ex: Executor, validFrom = '2020-01-01'): Promise<void> {
  for (const key of PARAMETER_KEYS) {
    await ex.insert(ecParameters).values({ key, validFrom, value: DEMO_PARAMETERS[key], source: DEMO_SOURCE }).onConflictDoNothing();
  }
  for (const rule of DEMO_SUBSIDY_RULES as readonly SubsidyRule[]) {
    await ex
      .insert(ecSubsidyRules)
      .values({ version: rule.version, validFrom: rule.validFrom, validTo: rule.validTo, rule })
      .onConflictDoNothing();
  }
  for (const m of DEMO_MENU) {
    await ex
      .insert(ecMenuItems)
      .values({ ...m, checklist: [...m.checklist], version: 1, description: 'DEMO 演示价格', validFrom, validTo: null, isDemo: true })
      .onConflictDoNothing();
  }
}

const SKILL_SETS: string[][] = [
  ['personal_care', 'meal', 'cleaning', 'companionship'],
  ['bathing', 'personal_care', 'rehab', 'medical_escort'],
  ['meal', 'cleaning', 'companionship', 'medical_escort'],
  ['nursing', 'rehab', 'bathing', 'personal_care'],
];

function actorOf(u: typeof users.$inferSelect): Actor {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    regionCode: u.regionCode,
    providerId: u.providerId,
    requestId: null,
    ip: null,
  };
}

export async function seedElderlyCareDemo(ctx: AppContext, log: (s: string) => void = () => {}): Promise<void> {
  const t0 = Date.now();
  await ctx.db.transaction(async (tx) => {
    await seedElderlyCareConfig(tx);
    await appendAudit(tx, systemActor(ctx.config.deployment.county.code), {
      action: 'seed.elderly_care.config',
      targetType: 'ec_parameters',
      details: { parameters: PARAMETER_KEYS.length, menu: DEMO_MENU.length },
    });
  });
  const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ec_providers`);
  if (Number(n) > 0) return;
  const today = shanghaiToday();
  const rnd = mulberry32(20_260_101);
  const countyCode = ctx.config.deployment.county.code;
  const townships = await ctx.db.select().from(regions).where(eq(regions.parentCode, countyCode)).orderBy(regions.code);
  const centres = await queryRows<{ code: string; lat: number; lng: number }>(
    ctx.db,
    sql`
    SELECT parent_code AS code, avg(latitude)::float AS lat, avg(longitude)::float AS lng FROM regions WHERE latitude IS NOT NULL AND parent_code LIKE ${`${countyCode}%`} AND length(code) = 12 GROUP BY parent_code`,
  );
  const centreOf = new Map(centres.map((x) => [x.code, x]));
  const hash = await hashPassword(ctx.config.demoPassword);
  const sys = systemActor(countyCode);
  const county = await ctx.db.select().from(users).where(eq(users.username, 'county'));
  let caregivers = 0;
  let orders = 0;
  let visits = 0;
  const providerUsers: Actor[] = [];
  await ctx.db.transaction(async (tx) => {
    for (const [ti, t] of townships.entries()) {
      const loc = centreOf.get(t.code) ?? {
        lat: t.latitude ?? ctx.config.deployment.map.center.lat,
        lng: t.longitude ?? ctx.config.deployment.map.center.lng,
      };
      const [p] = await tx
        .insert(ecProviders)
        .values({
          name: `${t.name}居家养老服务中心`,
          kind: 'home_care_center',
          regionCode: t.code,
          serviceAreaCodes: [t.code],
          address: `${t.name}(演示地址)`,
          latitude: loc.lat,
          longitude: loc.lng,
          contactName: '中心负责人(演示)',
          contactPhone: '0578-7000000',
          bankAccount: {
            accountName: `${t.name}居家养老服务中心`,
            accountNumber: `62170000${String(ti + 1).padStart(8, '0')}`,
            bankName: ctx.config.deployment.demo.bankName,
          },
          isDemo: true,
        })
        .returning();
      const uid = await createUser(
        tx,
        sys,
        {
          username: `provider-${t.code}`,
          displayName: `${t.name}居家养老服务中心(演示)`,
          roles: ['provider_staff'],
          regionCode: t.code,
          providerId: p.id,
          password: '',
          isDemo: true,
        },
        hash,
      );
      const [pu] = await tx.select().from(users).where(eq(users.id, uid));
      providerUsers.push(actorOf(pu));
      const count = 2 + (ti % 3);
      for (let k = 1; k <= count; k++) {
        const cuid = await createUser(
          tx,
          sys,
          {
            username: `carer-${t.code}-${k}`,
            displayName: `${t.name}护理员${k}(演示)`,
            roles: ['caregiver'],
            regionCode: t.code,
            providerId: p.id,
            password: '',
            isDemo: true,
          },
          hash,
        );
        await tx.insert(ecCaregivers).values({
          providerId: p.id,
          userId: cuid,
          regionCode: t.code,
          name: `${t.name.slice(0, 2)}护理员${k}`,
          phone: `1390000${String(ti * 10 + k).padStart(4, '0')}`,
          skills: SKILL_SETS[(k - 1) % SKILL_SETS.length],
          certificates: [{ kind: '养老护理员职业技能等级证书', level: '初级', issuedOn: '2021-06-01' }],
          trainingRecords: [
            {
              course: '居家养老服务规范培训',
              hours: 16,
              completedOn: '2023-04-20',
              organiser: ctx.config.deployment.demo.trainingOrganiser,
            },
          ],
          shiftStart: '08:00',
          shiftEnd: '17:00',
          breakWindow: { start: '11:30', end: '13:30', durationMin: 60 },
          homeLat: loc.lat + (rnd() - 0.5) * 0.02,
          homeLng: loc.lng + (rnd() - 0.5) * 0.02,
          maxWorkMin: 480,
          status: 'active',
          isDemo: true,
        });
        caregivers++;
      }
    }
    // ~8 elders (60+, alive, located) per township from the demo population.
    const elders = await queryRows<{ id: string; region: string }>(
      tx,
      sql`
      SELECT id, residence_region_code AS region FROM (
        SELECT p.id, p.residence_region_code, row_number() OVER (PARTITION BY substr(p.residence_region_code, 1, 9) ORDER BY p.id) AS rn
        FROM people p WHERE p.is_demo AND p.death_date IS NULL AND p.latitude IS NOT NULL AND p.birth_date <= ${addDays(today, -61 * 366)}::date) x
      WHERE rn <= 8`,
    );
    const townUsers = new Map(
      (await tx.select().from(users).where(sql`${users.username} LIKE 'town-%'`)).map((u) => [u.regionCode, actorOf(u)]),
    );
    const countyEa = await elderlyActor(tx, actorOf(county[0]));
    const monday = addDays(today, 1 - isoWeekday(today));
    const eaByTown = new Map<string, Awaited<ReturnType<typeof elderlyActor>>>();
    for (const e of elders) {
      const town = townUsers.get(e.region.slice(0, 9));
      if (!town) continue;
      const ea = eaByTown.get(town.regionCode) ?? (await elderlyActor(tx, town));
      eaByTown.set(town.regionCode, ea);
      const menu = DEMO_MENU[Math.floor(rnd() * DEMO_MENU.length)];
      const second = DEMO_MENU[Math.floor(rnd() * DEMO_MENU.length)];
      const codes = [...new Set([menu.code, second.code])];
      const startH = 8 + Math.floor(rnd() * 6);
      const items = codes.map((code, i) => {
        const d1 = 1 + Math.floor(rnd() * 5);
        return {
          itemCode: code,
          frequency: { kind: 'weekly' as const, weekdays: [...new Set([d1, d1 + 2 > 7 ? 1 : d1 + 2])], startDate: monday, endDate: null },
          windowStart: `${String(startH + i).padStart(2, '0')}:00`,
          windowEnd: `${String(startH + i + 2).padStart(2, '0')}:00`,
        };
      });
      let o = await insertOrder(tx, ea, { personId: e.id, regionCode: e.region, channel: 'township', items, isDemo: true });
      o = (await applyOrderAction(tx, ea, o, 'accept', { version: o.version })).row;
      const scores = Object.fromEntries(
        ASSESSMENT_ITEMS.map((it) => [it.key, Math.max(0, it.max - Math.floor(rnd() * rnd() * (it.max + 1) * 1.6))]),
      ) as AssessmentScores;
      await insertAssessment(tx, ea, {
        personId: e.id,
        orderId: o.id,
        reason: 'initial',
        assessedOn: today,
        assessorIds: [town.userId as string],
        scores,
        dementia: rnd() < 0.1,
        riskEvents30d: rnd() < 0.1 ? 2 : 0,
        coma: false,
      });
      o = await loadOrder(tx, ea, o.id);
      const r = await applyOrderAction(tx, countyEa, o, 'approve', { version: o.version, note: '演示数据自动审批' });
      // This week's visits from Monday (approval generated the days from today).
      visits += await generateVisitsForOrder(tx, r.row, monday, addDays(today, -1), countyEa);
      orders++;
    }
    await appendAudit(tx, sys, {
      action: 'seed.elderly_care.demo',
      targetType: 'ec_orders',
      details: { providers: townships.length, caregivers, orders },
    });
  });
  const tOrders = Date.now() - t0;
  // Today's routes, planned and published by each centre (so the caregiver phone page has data).
  let dispatched = 0;
  for (const pu of providerUsers) {
    const plan = await buildPlan(ctx, pu, { date: today, providerId: pu.providerId as string, iterations: 200, seed: 1 });
    if (plan.stats.served > 0) dispatched += (await publishPlan(ctx, pu, plan.id, { version: plan.version })).dispatched;
  }
  log(
    `  养老演示数据 elderly-care demo: ${townships.length} providers, ${caregivers} caregivers, ${orders} orders, ${visits} earlier visits this week, ${dispatched} dispatched today (${Date.now() - t0} ms, routes ${Date.now() - t0 - tOrders} ms)`,
  );
}
