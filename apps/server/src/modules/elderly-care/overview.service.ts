/** 总览: orders by status and township, on-time rate, satisfaction, subsidy vs budget, ability levels, centre coverage. */

import { shanghaiToday } from '@lq/contracts';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireAnyRole } from './access.ts';
import { paramOn } from './params.ts';

export async function overview(ctx: AppContext, actor: Actor, q: { year?: number }) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'auditor']);
  const today = shanghaiToday();
  const year = q.year ?? Number(today.slice(0, 4));
  const county = ctx.config.deployment.county.code;
  const region = actor.roles.includes('auditor') || actor.roles.includes('county_staff') ? county : actor.regionCode;
  const like = `${region}%`;
  const [budget, coverage, visitParams] = await Promise.all([
    paramOn(ctx.db, 'budget', today),
    paramOn(ctx.db, 'coverage', today),
    paramOn(ctx.db, 'visits', today),
  ]);
  const ordersByStatus = await queryRows<{ township: string; name: string | null; status: string; n: number }>(
    ctx.db,
    sql`
    SELECT substr(o.region_code, 1, 9) AS township, r.name, o.status, count(*)::int AS n FROM ec_orders o LEFT JOIN regions r ON r.code = substr(o.region_code, 1, 9)
    WHERE o.region_code LIKE ${like} GROUP BY 1, 2, 3 ORDER BY 1, 3`,
  );
  const [onTime] = await queryRows<{ served: number; on_time: number }>(
    ctx.db,
    sql`
    SELECT count(*)::int AS served,
           count(*) FILTER (WHERE (v.check_in_at AT TIME ZONE 'Asia/Shanghai')::time <= (v.window_end::time + make_interval(mins => ${visitParams.onTimeGraceMin})))::int AS on_time
    FROM ec_visits v WHERE v.region_code LIKE ${like} AND v.check_in_at IS NOT NULL AND v.service_date BETWEEN ${`${year}-01-01`} AND ${`${year}-12-31`}`,
  );
  const [sat] = await queryRows<{ n: number; avg: number | null }>(
    ctx.db,
    sql`
    SELECT count(*)::int AS n, avg(s)::float AS avg FROM (
      SELECT f.satisfaction AS s FROM ec_followups f WHERE f.region_code LIKE ${like} AND f.satisfaction IS NOT NULL
      UNION ALL SELECT (v.confirmation->>'satisfaction')::int FROM ec_visits v WHERE v.region_code LIKE ${like} AND v.confirmation->>'satisfaction' IS NOT NULL) x`,
  );
  const [spent] = await queryRows<{ fen: string | number | null }>(
    ctx.db,
    sql`
    SELECT sum(l.subsidy_fen) AS fen FROM ec_settlement_lines l JOIN ec_settlements s ON s.id = l.settlement_id
    WHERE s.region_code LIKE ${like} AND s.month LIKE ${`${year}-%`} AND s.status IN ('approved', 'paid')`,
  );
  const levels = await queryRows<{ level: number; n: number }>(
    ctx.db,
    sql`
    SELECT level, count(*)::int AS n FROM (SELECT DISTINCT ON (a.person_id) a.level FROM ec_assessments a WHERE a.region_code LIKE ${like} ORDER BY a.person_id, a.assessed_on DESC, a.created_at DESC) x
    GROUP BY level ORDER BY level`,
  );
  const [cov] = await queryRows<{ covered: number; townships: number }>(
    ctx.db,
    sql`
    SELECT (SELECT count(DISTINCT substr(p.region_code, 1, 9))::int FROM ec_providers p WHERE p.kind = 'home_care_center' AND p.region_code LIKE ${like}) AS covered,
           (SELECT count(*)::int FROM regions r WHERE r.parent_code = ${county} AND r.code LIKE ${like}) AS townships`,
  );
  const spentFen = Number(spent?.fen ?? 0);
  return {
    regionCode: region,
    year,
    ordersByTownship: ordersByStatus.map((r) => ({ townshipCode: r.township, townshipName: r.name, status: r.status, count: r.n })),
    onTime: {
      served: onTime.served,
      onTime: onTime.on_time,
      rate: onTime.served ? onTime.on_time / onTime.served : null,
      graceMin: visitParams.onTimeGraceMin,
    },
    satisfaction: { responses: sat.n, average: sat.avg },
    subsidy: {
      spentFen,
      budgetFen: region === county ? budget.annualSubsidyBudgetFen : null,
      share: region === county && budget.annualSubsidyBudgetFen ? spentFen / budget.annualSubsidyBudgetFen : null,
    },
    eldersByLevel: levels.map((l) => ({ level: l.level, count: l.n })),
    centreCoverage: {
      townshipsWithCentre: cov.covered,
      townships: cov.townships,
      target: coverage.townshipCentreTarget,
      targetYear: coverage.targetYear,
      met: cov.covered >= coverage.townshipCentreTarget,
    },
  };
}
