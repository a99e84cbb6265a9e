/**
 * Monthly settlement for 100,000 cleared visits (19 providers) through the real use case
 * (runSettlement: candidate query, domain computation, unnest insert with ON CONFLICT on the
 * partial unique index, visits marked settled, workflow log, totals, audit). PGlite in memory.
 *   npx tsx bench/elderly-care/settlement.ts [--visits 100000]
 */
import { sql } from 'drizzle-orm';
import { ecProviders } from '../../apps/server/src/modules/elderly-care/schema.ts';
import { runSettlement } from '../../apps/server/src/modules/elderly-care/settlement.service.ts';
import { queryRows } from '../../apps/server/src/platform/db/client.ts';
import { actorOf, benchContext, insertElders, r2 } from './setup.ts';

const args = process.argv.slice(2);
const N = args.includes('--visits') ? Number(args[args.indexOf('--visits') + 1]) : 100_000;
const month = '2026-03';
const { ctx, database } = await benchContext();
const towns = await queryRows<{ code: string }>(ctx.db, sql`SELECT code FROM regions WHERE parent_code = '331181' ORDER BY code`);
const providers = await ctx.db
  .insert(ecProviders)
  .values(
    towns.map((t) => ({
      name: `${t.code}中心`,
      kind: 'home_care_center',
      regionCode: t.code,
      serviceAreaCodes: [t.code],
      bankAccount: { accountName: `${t.code}中心`, accountNumber: `6217${t.code}`, bankName: '基准' },
    })),
  )
  .returning();
const elders = await insertElders(ctx.db, 5000);
const tSetup = performance.now();
// One approved order per elder (all 8 menu items, self-pay 20%), visits spread over the month.
await ctx.db.execute(sql`
  INSERT INTO ec_orders (number, person_id, region_code, channel, status, provider_id, self_pay_share_bp, tracking_code)
  SELECT 'B-' || p.id, p.id, p.residence_region_code, 'township', 'active', pr.id, 2000, 'bench-' || p.id
  FROM people p JOIN ec_providers pr ON pr.region_code = substr(p.residence_region_code, 1, 9) WHERE p.id_enc = 'bench'`);
await ctx.db.execute(sql`
  INSERT INTO ec_order_items (order_id, item_code, item_version_id, item_name, price_fen, standard_duration_min, required_skill, frequency)
  SELECT o.id, m.code, m.id, m.name_zh, m.price_fen, m.standard_duration_min, m.required_skill, '{"kind":"weekly","weekdays":[1],"startDate":"2026-01-01","endDate":null}'::jsonb
  FROM ec_orders o CROSS JOIN ec_menu_items m`);
await ctx.db.execute(sql`
  WITH o AS (SELECT id, person_id, provider_id, region_code, (row_number() OVER (ORDER BY id) - 1)::int AS i FROM ec_orders),
       it AS (SELECT order_id, item_code, item_version_id, standard_duration_min, required_skill, (row_number() OVER (PARTITION BY order_id ORDER BY item_code) - 1)::int AS j FROM ec_order_items)
  INSERT INTO ec_visits (order_id, order_item_id, person_id, provider_id, region_code, item_code, item_version_id, standard_duration_min, required_skill, service_date, window_start, window_end, status)
  SELECT o.id, gen_random_uuid(), o.person_id, o.provider_id, o.region_code, it.item_code, it.item_version_id, it.standard_duration_min, it.required_skill,
         ${`${month}-01`}::date + (g % 31), '08:00', '10:00', 'cleared'
  FROM generate_series(0, ${N - 1}) g
  JOIN o ON o.i = g % ${elders.length}
  JOIN it ON it.order_id = o.id AND it.j = (g / ${elders.length}) % 8`);
const setupSeconds = (performance.now() - tSetup) / 1000;
const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ec_visits WHERE status = 'cleared'`);
const county = await actorOf(ctx, 'county');
const t0 = performance.now();
let lines = 0;
let payable = 0;
for (const p of providers) {
  const s = await runSettlement(ctx, county, { month, providerId: p.id });
  lines += s.added;
  payable += s.totals.payableFen;
}
const first = (performance.now() - t0) / 1000;
const t1 = performance.now();
let again = 0;
for (const p of providers) again += (await runSettlement(ctx, county, { month, providerId: p.id })).added;
const rerun = (performance.now() - t1) / 1000;
const [chk] = await queryRows<{ lines: number; visits: number; settled: number }>(
  ctx.db,
  sql`
  SELECT (SELECT count(*)::int FROM ec_settlement_lines WHERE kind = 'normal') AS lines, (SELECT count(DISTINCT visit_id)::int FROM ec_settlement_lines) AS visits,
         (SELECT count(*)::int FROM ec_visits WHERE status = 'settled') AS settled`,
);
console.log(
  JSON.stringify(
    {
      bench: 'elderly-care monthly settlement (PGlite in memory)',
      visits: n,
      providers: providers.length,
      setupSeconds: r2(setupSeconds),
      settlementSeconds: r2(first),
      visitsPerSecond: Math.round(n / first),
      linesAdded: lines,
      payableYuan: r2(payable / 100),
      rerunSeconds: r2(rerun),
      rerunLinesAdded: again,
      check: chk,
    },
    null,
    1,
  ),
);
await database.close();
