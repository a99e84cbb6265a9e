/** 审核: automatic anomaly checks over a month's finished visits, and the auditor's decisions. */

import { ANOMALY_LABELS, type AnomalyCode, type AnomalyStatus } from '@lq/contracts';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import { people } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { assertUuid, elderlyActor, requireAnyRole, scopeSql } from './access.ts';
import { type AnomalyVisit, detectAnomalies, type ElderFacts, haversineM } from './domain/anomalies.ts';
import { monthBounds, paramOn } from './params.ts';
import { ecAnomalies, ecCaregivers, ecMenuItems, ecProviders, ecVisits } from './schema.ts';
import { bulkVisitStep, loadVisit, visitStep } from './visit.service.ts';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Check every finished, unsettled visit of the month (optionally one provider). Findings are
 * stored once per (visit, code); a visit with an open finding is flagged and waits for an
 * auditor; a confirmed visit without one is cleared for payment. Findings an auditor already
 * cleared do not flag the visit again.
 */
export async function runAnomalyChecks(ctx: AppContext, actor: Actor, body: { month: string; providerId?: string }) {
  requireAnyRole(actor, ['auditor', 'county_staff']);
  const { first, last } = monthBounds(body.month);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const params = await paramOn(tx, 'anomaly', last);
    if (body.providerId) assertUuid(body.providerId);
    const provider = body.providerId ? sql`AND v.provider_id = ${body.providerId}` : sql``;
    const rows = await queryRows<{
      id: string;
      person_id: string;
      caregiver_id: string | null;
      service_date: string;
      standard_duration_min: number;
      check_in: string | null;
      check_out: string | null;
      lat: number | null;
      lng: number | null;
      status: string;
      region_code: string;
      provider_id: string;
      item_code: string;
    }>(
      tx,
      sql`
      SELECT v.id, v.person_id, v.caregiver_id, v.service_date::text AS service_date, v.standard_duration_min,
             to_char(v.check_in_at AT TIME ZONE 'UTC', ${sql.raw(ISO)}) AS check_in, to_char(v.check_out_at AT TIME ZONE 'UTC', ${sql.raw(ISO)}) AS check_out,
             v.check_in_lat AS lat, v.check_in_lng AS lng, v.status, v.region_code, v.provider_id, v.item_code
      FROM ec_visits v
      WHERE v.service_date BETWEEN ${first} AND ${last} AND v.status IN ('checked_out', 'confirmed', 'cleared', 'flagged') ${provider}`,
    );
    const elderRows = await queryRows<{ id: string; lat: number | null; lng: number | null; death: string | null }>(
      tx,
      sql`
      SELECT p.id, p.latitude AS lat, p.longitude AS lng, p.death_date::text AS death FROM people p
      WHERE p.id IN (SELECT DISTINCT v.person_id FROM ec_visits v WHERE v.service_date BETWEEN ${first} AND ${last} ${provider})`,
    );
    const elders = new Map<string, ElderFacts>(elderRows.map((e) => [e.id, { lat: e.lat, lng: e.lng, deathDate: e.death }]));
    const claimKey = (r: { person_id: string; item_code: string; service_date: string }) =>
      `${r.person_id}|${r.item_code}|${r.service_date}`;
    const settled = await queryRows<{ person_id: string; item_code: string; service_date: string }>(
      tx,
      sql`
      SELECT v.person_id, v.item_code, v.service_date::text AS service_date FROM ec_settlement_lines l JOIN ec_visits v ON v.id = l.visit_id
      WHERE l.kind = 'normal' AND v.service_date BETWEEN ${first} AND ${last}`,
    );
    const visits: AnomalyVisit[] = rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      caregiverId: r.caregiver_id,
      serviceDate: r.service_date,
      standardDurationMin: r.standard_duration_min,
      checkInAt: r.check_in,
      checkOutAt: r.check_out,
      checkInPosition: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null,
      claimKey: claimKey(r),
    }));
    const findings = detectAnomalies(visits, elders, {
      maxCheckinDistanceM: params.maxCheckinDistanceM,
      minDurationShare: params.minDurationShare,
      alreadyClaimedKeys: new Set(settled.map(claimKey)),
    });
    const CHUNK = 5000;
    let inserted = 0;
    for (let i = 0; i < findings.length; i += CHUNK) {
      const part = findings.slice(i, i + CHUNK);
      const r = await queryRows<{ id: string }>(
        tx,
        sql`
        INSERT INTO ec_anomalies (visit_id, code, message, details, status, month)
        SELECT x.visit_id::uuid, x.code, x.message, x.details::jsonb, 'open', ${body.month}
        FROM unnest(${sql.param(part.map((f) => f.visitId))}::text[], ${sql.param(part.map((f) => f.code))}::text[], ${sql.param(part.map((f) => f.message))}::text[],
                    ${sql.param(part.map((f) => JSON.stringify(f.details)))}::text[]) AS x(visit_id, code, message, details)
        ON CONFLICT (visit_id, code) DO NOTHING RETURNING id`,
      );
      inserted += r.length;
    }
    const open = new Set(
      (
        await queryRows<{ visit_id: string }>(
          tx,
          sql`
      SELECT DISTINCT a.visit_id FROM ec_anomalies a JOIN ec_visits v ON v.id = a.visit_id
      WHERE a.status = 'open' AND v.service_date BETWEEN ${first} AND ${last} ${provider}`,
        )
      ).map((r) => r.visit_id),
    );
    const toFlag = rows.filter((r) => open.has(r.id) && r.status !== 'flagged').map((r) => r.id);
    const toClear = rows.filter((r) => !open.has(r.id) && r.status === 'confirmed').map((r) => r.id);
    await bulkVisitStep(tx, ea, toFlag, 'flag', '自动异常检查 / automatic anomaly check');
    await bulkVisitStep(tx, ea, toClear, 'clear', '自动检查无异常 / automatic check passed');
    const byCode: Record<string, number> = {};
    for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    const summary = {
      month: body.month,
      providerId: body.providerId ?? null,
      checked: rows.length,
      findings: findings.length,
      newFindings: inserted,
      byCode,
      flagged: toFlag.length,
      cleared: toClear.length,
      openVisits: open.size,
      params,
    };
    await appendAudit(tx, actor, { action: 'elderly.anomaly.run', targetType: 'ec_visit', details: summary });
    return summary;
  });
}

const ANOMALY_ORDER = {
  '-createdAt': () => [desc(ecAnomalies.createdAt), ecAnomalies.id],
  serviceDate: () => [asc(ecVisits.serviceDate), ecAnomalies.visitId, ecAnomalies.id],
  '-serviceDate': () => [desc(ecVisits.serviceDate), ecAnomalies.visitId, ecAnomalies.id],
} as const;

/** Whole metres between two points, or null when either is unknown. */
function distanceM(aLat: number | null, aLng: number | null, bLat: number | null, bLng: number | null): number | null {
  if (aLat === null || aLng === null || bLat === null || bLng === null) return null;
  return Math.round(haversineM(aLat, aLng, bLat, bLng));
}

export async function listAnomalies(
  ctx: AppContext,
  actor: Actor,
  q: { status?: AnomalyStatus; month?: string; visitId?: string; limit?: number; offset?: number; sort?: keyof typeof ANOMALY_ORDER },
) {
  requireAnyRole(actor, ['auditor', 'county_staff', 'township_staff', 'provider_staff']);
  const ea = await elderlyActor(ctx.db, actor);
  const rows = await ctx.db
    .select({
      a: ecAnomalies,
      v: ecVisits,
      name: people.name,
      personLat: people.latitude,
      personLng: people.longitude,
      itemName: ecMenuItems.nameZh,
      providerName: ecProviders.name,
      caregiverName: ecCaregivers.name,
    })
    .from(ecAnomalies)
    .innerJoin(ecVisits, eq(ecVisits.id, ecAnomalies.visitId))
    .innerJoin(people, eq(people.id, ecVisits.personId))
    .leftJoin(ecMenuItems, eq(ecMenuItems.id, ecVisits.itemVersionId))
    .leftJoin(ecProviders, eq(ecProviders.id, ecVisits.providerId))
    .leftJoin(ecCaregivers, eq(ecCaregivers.id, ecVisits.caregiverId))
    .where(
      and(
        scopeSql(ea, 'ec_visits'),
        q.status ? eq(ecAnomalies.status, q.status) : undefined,
        q.month ? eq(ecAnomalies.month, q.month) : undefined,
        q.visitId ? eq(ecAnomalies.visitId, q.visitId) : undefined,
      ),
    )
    .orderBy(...ANOMALY_ORDER[q.sort ?? '-createdAt']())
    .limit(q.limit ?? 1000)
    .offset(q.offset ?? 0);
  return rows.map(({ a, v, name, personLat, personLng, itemName, providerName, caregiverName }) => ({
    id: a.id,
    visitId: a.visitId,
    code: a.code as AnomalyCode,
    label: ANOMALY_LABELS[a.code as AnomalyCode] ?? a.code,
    message: a.message,
    details: a.details as Record<string, unknown>,
    status: a.status as 'open' | 'cleared' | 'confirmed',
    month: a.month,
    reviewedBy: a.reviewedBy,
    reviewNote: a.reviewNote,
    reviewedAt: a.reviewedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    visit: {
      serviceDate: v.serviceDate,
      status: v.status,
      providerId: v.providerId,
      caregiverId: v.caregiverId,
      personName: name,
      itemCode: v.itemCode,
      itemName,
      providerName,
      caregiverName,
      regionCode: v.regionCode,
      checkInAt: v.checkInAt?.toISOString() ?? null,
      checkOutAt: v.checkOutAt?.toISOString() ?? null,
      standardDurationMin: v.standardDurationMin,
      personId: v.personId,
      durationMin: v.checkInAt && v.checkOutAt ? Math.round((v.checkOutAt.getTime() - v.checkInAt.getTime()) / 60_000) : null,
      checkInDistanceM: distanceM(personLat, personLng, v.checkInLat, v.checkInLng),
      checkInAccuracyM: v.checkInAccuracyM,
    },
  }));
}

/** The auditor's decision on a flagged visit: clear (paid) or reject (never paid). */
export async function decideAnomaly(
  ctx: AppContext,
  actor: Actor,
  visitId: string,
  body: { decision: 'clear' | 'reject'; note: string; version: number },
) {
  requireAnyRole(actor, ['auditor', 'county_staff']);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const v = await loadVisit(tx, ea, visitId, true);
    if (v.version !== body.version) throw new AppError('VERSION_CONFLICT');
    const { status: to } = await visitStep(tx, ea, v, body.decision, { note: body.note, expectedVersion: body.version });
    const n = await tx
      .update(ecAnomalies)
      .set({
        status: body.decision === 'clear' ? 'cleared' : 'confirmed',
        reviewedBy: actor.userId,
        reviewNote: body.note,
        reviewedAt: new Date(),
      })
      .where(and(eq(ecAnomalies.visitId, v.id), eq(ecAnomalies.status, 'open')))
      .returning({ id: ecAnomalies.id });
    await appendAudit(tx, actor, {
      action: `elderly.anomaly.${body.decision}`,
      targetType: 'ec_visit',
      targetId: v.id,
      details: { findings: n.length, note: body.note },
    });
    return { visitId: v.id, status: to, findingsDecided: n.length };
  });
}
