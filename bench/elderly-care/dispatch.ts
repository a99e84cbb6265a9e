/**
 * 智能派单 through the real use case (buildPlan: query, problem builder, @lq/vrptw, plan stored):
 * one township, 300 visits, 40 caregivers (skills, shifts, breaks, preferences), PGlite in memory.
 *   npx tsx bench/elderly-care/dispatch.ts [--time-limit-ms 10000] [--seed 1]
 */

import { shanghaiToday } from '@lq/contracts';
import { sql } from 'drizzle-orm';
import { buildPlan } from '../../apps/server/src/modules/elderly-care/dispatch.service.ts';
import { ecCaregivers, ecProviders } from '../../apps/server/src/modules/elderly-care/schema.ts';
import { actorOf, benchContext, insertElders, r2, TOWN } from './setup.ts';

const args = process.argv.slice(2);
const flag = (name: string, def: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : def);
const limits = args.includes('--time-limit-ms') ? [flag('time-limit-ms', 10_000)] : [2_000, 10_000];
const seed = flag('seed', 1);

const { ctx, database } = await benchContext();
const date = shanghaiToday();
const [centre] = await ctx.db
  .execute(sql`SELECT avg(latitude)::float AS lat, avg(longitude)::float AS lng FROM regions WHERE parent_code = ${TOWN}`)
  .then((r) => (r as unknown as { rows: { lat: number; lng: number }[] }).rows);
const [p] = await ctx.db
  .insert(ecProviders)
  .values({
    name: '基准居家养老服务中心',
    kind: 'home_care_center',
    regionCode: TOWN,
    serviceAreaCodes: [TOWN],
    latitude: centre.lat,
    longitude: centre.lng,
  })
  .returning();
const SKILLS = [
  ['personal_care', 'meal', 'cleaning', 'companionship'],
  ['bathing', 'personal_care', 'rehab', 'medical_escort'],
  ['meal', 'cleaning', 'companionship', 'medical_escort'],
  ['nursing', 'rehab', 'bathing', 'personal_care'],
];
let rnd = 12345;
const rand = () => {
  rnd = (rnd * 1103515245 + 12345) % 2147483648;
  return rnd / 2147483648;
};
await ctx.db.insert(ecCaregivers).values(
  Array.from({ length: 40 }, (_, i) => ({
    providerId: p.id,
    regionCode: TOWN,
    name: `护理员${i + 1}`,
    skills: SKILLS[i % 4],
    shiftStart: i % 5 === 0 ? '10:00' : '08:00',
    shiftEnd: i % 5 === 0 ? '19:00' : '17:00',
    breakWindow: { start: '11:30', end: '13:30', durationMin: 45 },
    homeLat: centre.lat + (rand() - 0.5) * 0.06,
    homeLng: centre.lng + (rand() - 0.5) * 0.06,
    maxWorkMin: 480,
  })),
);
const elders = await insertElders(ctx.db, 150, TOWN);
const menu = await ctx.db
  .execute(sql`SELECT id, code, standard_duration_min AS d, required_skill AS s FROM ec_menu_items`)
  .then((r) => (r as unknown as { rows: { id: string; code: string; d: number; s: string }[] }).rows);
// 300 visits: two per elder, 2-hour start windows between 08:00 and 16:00.
const visits = Array.from({ length: 300 }, (_, i) => {
  const e = elders[i % elders.length];
  const m = menu[Math.floor(rand() * menu.length)];
  const h = 8 + Math.floor(rand() * 7);
  return { e, m, ws: `${String(h).padStart(2, '0')}:00`, we: `${String(h + 2).padStart(2, '0')}:00` };
});
for (const v of visits) {
  await ctx.db.execute(sql`INSERT INTO ec_visits (order_id, order_item_id, person_id, provider_id, region_code, item_code, item_version_id, standard_duration_min, required_skill, service_date, window_start, window_end, status)
    VALUES (gen_random_uuid(), gen_random_uuid(), ${v.e.id}, ${p.id}, ${v.e.region}, ${v.m.code}, ${v.m.id}, ${v.m.d}, ${v.m.s}, ${date}, ${v.ws}, ${v.we}, 'planned')`);
}
const actor = await actorOf(ctx, `town-${TOWN}`);
const runs = [];
for (const timeLimitMs of limits) {
  const t0 = performance.now();
  const plan = await buildPlan(ctx, actor, { date, townshipCode: TOWN, timeLimitMs, seed });
  const ms = performance.now() - t0;
  const reasons: Record<string, number> = {};
  for (const u of plan.unserved) reasons[u.reason] = (reasons[u.reason] ?? 0) + 1;
  runs.push({
    timeLimitMs,
    endToEndSeconds: r2(ms / 1000),
    solverSeconds: r2(plan.stats.elapsedMs / 1000),
    iterations: plan.stats.iterations,
    cost: Object.fromEntries(Object.entries(plan.cost).map(([k, v]) => [k, r2(v)])),
    served: plan.stats.served,
    unserved: plan.stats.unserved,
    unservedReasons: reasons,
    usedCaregivers: plan.stats.usedCaregivers,
    travelMinutes: plan.stats.travelMinutes,
    preferenceMisses: plan.stats.preferenceMisses,
    workMinutes: Object.fromEntries(Object.entries(plan.stats.workMinutes).map(([k, v]) => [k, r2(v)])),
  });
}
console.log(
  JSON.stringify({ bench: 'elderly-care dispatch, one township (PGlite in memory)', visits: 300, caregivers: 40, seed, runs }, null, 1),
);
await database.close();
