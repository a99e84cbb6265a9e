/**
 * 审核: anomaly checks over 100,000 finished visits of a month through the real use case
 * (runAnomalyChecks: load visits and elders, domain detectAnomalies, store findings, flag/clear
 * visits with their workflow log), plus the pure domain function alone. PGlite in memory.
 *   npx tsx bench/elderly-care/anomalies.ts [--visits 100000]
 */
import { sql } from 'drizzle-orm';
import { runAnomalyChecks } from '../../apps/server/src/modules/elderly-care/anomaly.service.ts';
import { type AnomalyVisit, detectAnomalies, type ElderFacts } from '../../apps/server/src/modules/elderly-care/domain/anomalies.ts';
import { ecProviders } from '../../apps/server/src/modules/elderly-care/schema.ts';
import { queryRows } from '../../apps/server/src/platform/db/client.ts';
import { actorOf, benchContext, insertElders, r2 } from './setup.ts';

const args = process.argv.slice(2);
const N = args.includes('--visits') ? Number(args[args.indexOf('--visits') + 1]) : 100_000;
const month = '2026-03';
const { ctx, database } = await benchContext();
const towns = await queryRows<{ code: string }>(ctx.db, sql`SELECT code FROM regions WHERE parent_code = '331181' ORDER BY code`);
await ctx.db
  .insert(ecProviders)
  .values(towns.map((t) => ({ name: `${t.code}中心`, kind: 'home_care_center', regionCode: t.code, serviceAreaCodes: [t.code] })));
const elders = await insertElders(ctx.db, 5000);
// 100k confirmed visits: 400 caregivers, each with ~8 visits a day back to back; ~2% checked in far away,
// ~2% too short, ~1% overlapping (start moved into the previous visit).
const t0 = performance.now();
await ctx.db.execute(sql`
  WITH e AS (SELECT id, residence_region_code AS region, latitude, longitude, (row_number() OVER (ORDER BY id) - 1)::int AS i FROM people WHERE id_enc = 'bench'),
       cg AS (SELECT gen_random_uuid() AS id, g AS k FROM generate_series(0, 399) g),
       m AS (SELECT id, code, standard_duration_min AS d, required_skill AS s FROM ec_menu_items WHERE code = 'ZJ-01'),
       x AS (SELECT g, (g % 400) AS k, (g / 400) AS n FROM generate_series(0, ${N - 1}) g)
  INSERT INTO ec_visits (order_id, order_item_id, person_id, provider_id, region_code, item_code, item_version_id, standard_duration_min, required_skill, service_date,
                         window_start, window_end, status, caregiver_id, check_in_at, check_in_lat, check_in_lng, check_out_at, confirmation)
  SELECT gen_random_uuid(), gen_random_uuid(), e.id, p.id, e.region, m.code, m.id, m.d, m.s, ${`${month}-01`}::date + ((x.n / 8) % 31), '08:00', '17:00', 'confirmed', cg.id,
         ts.start - CASE WHEN x.g % 100 = 7 THEN interval '20 minutes' ELSE interval '0' END,
         e.latitude + CASE WHEN x.g % 50 = 3 THEN 0.02 ELSE 0.0005 END, e.longitude,
         ts.start + CASE WHEN x.g % 50 = 5 THEN interval '10 minutes' ELSE interval '55 minutes' END, '{"method":"signature","by":"elder"}'::jsonb
  FROM x JOIN e ON e.i = (x.g * 7919) % ${elders.length} JOIN cg ON cg.k = x.k CROSS JOIN m
  JOIN ec_providers p ON p.region_code = substr(e.region, 1, 9)
  CROSS JOIN LATERAL (SELECT (${`${month}-01`}::date + ((x.n / 8) % 31))::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '8 hours' + (x.n % 8) * interval '65 minutes' AS start) ts`);
const setupSeconds = (performance.now() - t0) / 1000;
const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ec_visits`);
const auditor = await actorOf(ctx, 'auditor');
const t1 = performance.now();
const r = await runAnomalyChecks(ctx, auditor, { month });
const runSeconds = (performance.now() - t1) / 1000;
const t2 = performance.now();
const again = await runAnomalyChecks(ctx, auditor, { month });
const rerunSeconds = (performance.now() - t2) / 1000;
// The pure domain function on the same visits (no database).
const rows = await queryRows<{
  id: string;
  person_id: string;
  caregiver_id: string;
  service_date: string;
  d: number;
  i: string;
  o: string;
  lat: number;
  lng: number;
}>(
  ctx.db,
  sql`
  SELECT id, person_id, caregiver_id, service_date::text AS service_date, standard_duration_min AS d, to_char(check_in_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS i,
         to_char(check_out_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS o, check_in_lat AS lat, check_in_lng AS lng FROM ec_visits`,
);
const visits: AnomalyVisit[] = rows.map((v) => ({
  id: v.id,
  personId: v.person_id,
  caregiverId: v.caregiver_id,
  serviceDate: v.service_date,
  standardDurationMin: v.d,
  checkInAt: v.i,
  checkOutAt: v.o,
  checkInPosition: { lat: v.lat, lng: v.lng },
}));
const eldersMap = new Map<string, ElderFacts>(elders.map((e) => [e.id, { lat: e.lat, lng: e.lng, deathDate: null }]));
const t3 = performance.now();
const findings = detectAnomalies(visits, eldersMap, { maxCheckinDistanceM: 500, minDurationShare: 0.5 });
const pureMs = performance.now() - t3;
console.log(
  JSON.stringify(
    {
      bench: 'elderly-care anomaly checks (PGlite in memory)',
      visits: n,
      setupSeconds: r2(setupSeconds),
      runSeconds: r2(runSeconds),
      visitsPerSecond: Math.round(n / runSeconds),
      findings: r.findings,
      byCode: r.byCode,
      flagged: r.flagged,
      cleared: r.cleared,
      rerunSeconds: r2(rerunSeconds),
      rerunNewFindings: again.newFindings,
      pureDetectMs: r2(pureMs),
      pureFindings: findings.length,
    },
    null,
    1,
  ),
);
await database.close();
