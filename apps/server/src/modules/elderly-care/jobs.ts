/**
 * Elderly-care work that runs as background jobs (platform/jobs): the anomaly check (on demand
 * and nightly) and settlement generation. The use cases stay in their services; these handlers
 * call them as the user who asked (or the scheduler) and report progress.
 */

import { IsoMonth, type Job } from '@lq/contracts';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { jobActor } from '../../platform/jobs/actor.ts';
import { enqueueJob, toJob } from '../../platform/jobs/queue.ts';
import { registerJobKind } from '../../platform/jobs/registry.ts';
import { declareSchedule, shanghaiDayBefore } from '../../platform/jobs/scheduler.ts';
import { assertUuid, requireAnyRole } from './access.ts';
import { runAnomalyChecks } from './anomaly.service.ts';
import { monthBounds } from './params.ts';
import { runSettlement } from './settlement.service.ts';

export const ANOMALY_CHECK_KIND = 'elderly.anomaly_check';
export const SETTLEMENT_KIND = 'elderly.settlement';

/** `?async=1` on a route that can also run as a job. */
export const AsyncQuery = z.object({ async: z.enum(['0', '1']).optional() });
/** Settlement run body: providerId is required unless it runs as a job (then: all providers). */
export const SettlementRunAnyBody = z.object({ month: IsoMonth, providerId: z.string().uuid().optional() });
const AnomalyPayload = z.object({
  /** absent: the month of the day before the planned run (the nightly schedule) */
  month: IsoMonth.optional(),
  providerId: z.string().uuid().optional(),
  scheduledFor: z.string().optional(),
});
const SettlementPayload = z.object({ month: IsoMonth, providerId: z.string().uuid().optional() });

registerJobKind(ANOMALY_CHECK_KIND, {
  parse: (raw) => AnomalyPayload.parse(raw),
  maxAttempts: 3,
  handler: async (p, jc) => {
    const actor = await jobActor(jc.app.db, jc.job, ['auditor']);
    const day = shanghaiDayBefore(p.scheduledFor ? new Date(p.scheduledFor) : jc.job.runAt);
    const month = p.month ?? day.slice(0, 7);
    jc.reportProgress(0.05, `检查 ${month} 的服务记录 / checking ${month}`);
    const out = await runAnomalyChecks(jc.app, actor, { month, providerId: p.providerId });
    jc.reportProgress(1, `发现 ${out.newFindings} 条新异常 / ${out.newFindings} new findings`);
    return p.month ? out : { ...out, forDay: day };
  },
});

registerJobKind(SETTLEMENT_KIND, {
  parse: (raw) => SettlementPayload.parse(raw),
  maxAttempts: 2,
  handler: async (p, jc) => {
    const actor = await jobActor(jc.app.db, jc.job, ['county_staff']);
    let providerIds: string[];
    if (p.providerId) providerIds = [p.providerId];
    else {
      // Every provider of the actor's region with cleared visits not yet settled up to the month's end.
      const { last } = monthBounds(p.month);
      const rows = await queryRows<{ id: string }>(
        jc.app.db,
        sql`
        SELECT pr.id FROM ec_providers pr
        WHERE pr.region_code LIKE ${`${actor.regionCode}%`} AND EXISTS (
          SELECT 1 FROM ec_visits v WHERE v.provider_id = pr.id AND v.status = 'cleared' AND v.service_date <= ${last}
            AND NOT EXISTS (SELECT 1 FROM ec_settlement_lines l WHERE l.visit_id = v.id AND l.kind = 'normal'))
        ORDER BY pr.name, pr.id`,
      );
      providerIds = rows.map((r) => r.id);
    }
    const settlements: { id: string; providerId: string; providerName: string | null; created: boolean; added: number; totals: unknown }[] =
      [];
    for (const [i, providerId] of providerIds.entries()) {
      if (jc.signal.aborted) throw jc.signal.reason;
      jc.reportProgress(
        i / Math.max(1, providerIds.length),
        `结算 ${i + 1}/${providerIds.length} / settling provider ${i + 1} of ${providerIds.length}`,
      );
      const s = await runSettlement(jc.app, actor, { month: p.month, providerId });
      settlements.push({
        id: s.id,
        providerId: s.providerId,
        providerName: s.providerName,
        created: s.created,
        added: s.added,
        totals: s.totals,
      });
    }
    jc.reportProgress(1, `已生成 ${settlements.length} 份结算单 / ${settlements.length} settlements`);
    return { month: p.month, providers: settlements.length, added: settlements.reduce((a, s) => a + s.added, 0), settlements };
  },
  cancellable: true,
});

declareSchedule({ name: 'elderly.anomaly_check.nightly', kind: ANOMALY_CHECK_KIND, spec: 'daily 01:30' });

/** On demand (the console's 运行异常检查 button): the same checks as a job. */
export async function enqueueAnomalyCheck(ctx: AppContext, actor: Actor, body: { month: string; providerId?: string }): Promise<Job> {
  requireAnyRole(actor, ['auditor', 'county_staff']);
  if (body.providerId) assertUuid(body.providerId);
  return toJob(await enqueueJob(ctx.db, { kind: ANOMALY_CHECK_KIND, payload: body, actor }));
}

/** Settlement generation as a job (one provider, or every provider with unsettled cleared visits). */
export async function enqueueSettlementRun(ctx: AppContext, actor: Actor, body: { month: string; providerId?: string }): Promise<Job> {
  requireAnyRole(actor, ['county_staff']);
  if (body.providerId) assertUuid(body.providerId);
  return toJob(await enqueueJob(ctx.db, { kind: SETTLEMENT_KIND, payload: body, actor }));
}
