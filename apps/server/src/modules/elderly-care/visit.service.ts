/** Serve: visits, the caregiver's route, check-in/out (idempotent, offline-tolerant) and confirmation. */

import { maskPhone, shanghaiToday, VISIT_STATUS_LABELS } from '@lq/contracts';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { type CaseRow, type CaseSet, caseRow, transition, transitionMany } from '../../platform/cases/index.ts';
import type { Actor } from '../../platform/context.ts';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { people } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { assertUuid, CASE_READERS, type ElderlyActor, elderlyActor, requireAnyRole, scopeSql } from './access.ts';
import { VISIT_CASE } from './cases.ts';
import { VISIT_ACTION_ROLES } from './domain/order.policy.ts';
import type { VisitAction, VisitStatus } from './domain/visit.states.ts';
import { ecCaregivers, ecMenuItems, ecVisitEvents, ecVisits } from './schema.ts';

export type VisitRow = CaseRow<typeof ecVisits, VisitStatus>;

const caregiverVisitSql = (cid: string) => sql`ec_visits.caregiver_id = ${cid}`;
export const visitScope = (ea: ElderlyActor) => scopeSql(ea, 'ec_visits', { caregiverSql: caregiverVisitSql });

/**
 * Load a visit for an action. Out of scope is 404, except a caregiver acting on a visit of their
 * own provider assigned to someone else: that is 403 (the visit exists, it is not theirs).
 */
export async function loadVisit(ex: Executor, ea: ElderlyActor, id: string, forUpdate = false): Promise<VisitRow> {
  assertUuid(id);
  const q = ex
    .select()
    .from(ecVisits)
    .where(and(eq(ecVisits.id, id), visitScope(ea)));
  const rows = forUpdate ? await q.for('update') : await q;
  if (rows[0]) return caseRow(VISIT_CASE, rows[0]);
  if (ea.caregiverProviderId) {
    const [other] = await ex
      .select({ id: ecVisits.id })
      .from(ecVisits)
      .where(and(eq(ecVisits.id, id), eq(ecVisits.providerId, ea.caregiverProviderId)));
    if (other) throw new AppError('FORBIDDEN', [{ field: 'visit', message: '该服务不是派给您的 / this visit is not assigned to you' }]);
  }
  throw new AppError('NOT_FOUND');
}

export function scopeOf(v: VisitRow) {
  return { regionCode: v.regionCode, personId: v.personId, providerId: v.providerId, caregiverId: v.caregiverId };
}

/** One visit step through the case engine (policy + state table + version + write + log + audit). */
export async function visitStep(
  tx: Executor,
  ea: ElderlyActor,
  v: VisitRow,
  action: VisitAction,
  opts: {
    note?: string | null;
    payload?: Record<string, unknown>;
    set?: CaseSet<typeof ecVisits>;
    audit?: Record<string, unknown>;
    expectedVersion?: number;
  } = {},
): Promise<VisitRow> {
  return transition(tx, VISIT_CASE, { caseId: v.id, action, actor: ea, ...opts });
}

/**
 * The same step for many visits at once (anomaly runs, settlement): the engine checks the policy
 * per visit scope and the state table per source status, writes statuses and one log row per visit.
 */
export async function bulkVisitStep(tx: Executor, ea: ElderlyActor, visitIds: readonly string[], action: VisitAction, note: string | null) {
  return transitionMany(tx, VISIT_CASE, { caseIds: visitIds, action, actor: ea, note });
}

export function toVisit(v: VisitRow, extra: { personName?: string; itemName?: string; caregiverName?: string | null } = {}) {
  return {
    id: v.id,
    orderId: v.orderId,
    personId: v.personId,
    personName: extra.personName ?? null,
    providerId: v.providerId,
    regionCode: v.regionCode,
    itemCode: v.itemCode,
    itemName: extra.itemName ?? null,
    itemVersionId: v.itemVersionId,
    standardDurationMin: v.standardDurationMin,
    requiredSkill: v.requiredSkill,
    serviceDate: v.serviceDate,
    windowStart: v.windowStart,
    windowEnd: v.windowEnd,
    plannedStart: v.plannedStart,
    caregiverId: v.caregiverId,
    caregiverName: extra.caregiverName ?? null,
    status: v.status,
    statusLabel: VISIT_STATUS_LABELS[v.status],
    checkIn: v.checkInAt
      ? {
          at: v.checkInAt.toISOString(),
          position:
            v.checkInLat !== null && v.checkInLng !== null
              ? { lat: v.checkInLat, lng: v.checkInLng, accuracyM: v.checkInAccuracyM ?? undefined }
              : null,
        }
      : null,
    checkOut: v.checkOutAt
      ? {
          at: v.checkOutAt.toISOString(),
          position: v.checkOutLat !== null && v.checkOutLng !== null ? { lat: v.checkOutLat, lng: v.checkOutLng } : null,
        }
      : null,
    checklist: v.checklist as { key: string; done: boolean; note?: string }[],
    note: v.note,
    hasPhoto: !!v.photo,
    confirmation: (v.confirmation as Record<string, unknown> | null) ?? null,
    manualOverride: v.manualOverride,
    version: v.version,
  };
}

export async function listVisits(
  ctx: AppContext,
  actor: Actor,
  q: {
    date?: string;
    from?: string;
    to?: string;
    status?: VisitStatus;
    providerId?: string;
    caregiverId?: string;
    orderId?: string;
    page: number;
    pageSize: number;
  },
) {
  requireAnyRole(actor, CASE_READERS);
  const ea = await elderlyActor(ctx.db, actor);
  const where = and(
    visitScope(ea),
    q.date ? eq(ecVisits.serviceDate, q.date) : undefined,
    q.from ? sql`${ecVisits.serviceDate} >= ${q.from}` : undefined,
    q.to ? sql`${ecVisits.serviceDate} <= ${q.to}` : undefined,
    q.status ? eq(ecVisits.status, q.status) : undefined,
    q.providerId ? eq(ecVisits.providerId, q.providerId) : undefined,
    q.caregiverId ? eq(ecVisits.caregiverId, q.caregiverId) : undefined,
    q.orderId ? eq(ecVisits.orderId, q.orderId) : undefined,
  );
  const [{ n }] = await ctx.db.select({ n: count() }).from(ecVisits).where(where);
  const rows = await ctx.db
    .select({ v: ecVisits, name: people.name, item: ecMenuItems.nameZh, cg: ecCaregivers.name })
    .from(ecVisits)
    .innerJoin(people, eq(people.id, ecVisits.personId))
    .innerJoin(ecMenuItems, eq(ecMenuItems.id, ecVisits.itemVersionId))
    .leftJoin(ecCaregivers, eq(ecCaregivers.id, ecVisits.caregiverId))
    .where(where)
    .orderBy(asc(ecVisits.serviceDate), asc(ecVisits.windowStart), asc(ecVisits.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    total: Number(n),
    items: rows.map((r) => toVisit(caseRow(VISIT_CASE, r.v), { personName: r.name, itemName: r.item, caregiverName: r.cg })),
  };
}

export async function getVisit(ctx: AppContext, actor: Actor, id: string) {
  requireAnyRole(actor, CASE_READERS);
  const ea = await elderlyActor(ctx.db, actor);
  const v = await loadVisit(ctx.db, ea, id);
  return visitDetail(ctx.db, v);
}

async function visitDetail(ex: Executor, v: VisitRow) {
  const [p] = await ex.select({ name: people.name }).from(people).where(eq(people.id, v.personId));
  const [m] = await ex.select({ name: ecMenuItems.nameZh }).from(ecMenuItems).where(eq(ecMenuItems.id, v.itemVersionId));
  const [c] = v.caregiverId
    ? await ex.select({ name: ecCaregivers.name }).from(ecCaregivers).where(eq(ecCaregivers.id, v.caregiverId))
    : [];
  return toVisit(v, { personName: p?.name, itemName: m?.name, caregiverName: c?.name ?? null });
}

/** Today's route on the caregiver's phone: the elder's name, address and position, item and checklist. */
export async function myRoute(ctx: AppContext, actor: Actor, date = shanghaiToday()) {
  requireAnyRole(actor, ['caregiver']);
  const ea = await elderlyActor(ctx.db, actor);
  if (!ea.caregiverId)
    throw new AppError('NOT_FOUND', [{ field: 'caregiver', message: '账号未关联护理员档案 / account not linked to a caregiver' }]);
  const rows = await ctx.db
    .select({ v: ecVisits, p: people, m: ecMenuItems })
    .from(ecVisits)
    .innerJoin(people, eq(people.id, ecVisits.personId))
    .innerJoin(ecMenuItems, eq(ecMenuItems.id, ecVisits.itemVersionId))
    .where(and(eq(ecVisits.caregiverId, ea.caregiverId), eq(ecVisits.serviceDate, date), sql`${ecVisits.status} <> 'cancelled'`))
    .orderBy(asc(sql`coalesce(${ecVisits.plannedStart}, ${ecVisits.windowStart})`));
  return {
    caregiverId: ea.caregiverId,
    date,
    stops: rows.map(({ v, p, m }) => ({
      ...toVisit(caseRow(VISIT_CASE, v), { personName: p.name, itemName: m.nameZh }),
      address: p.address,
      phone: maskPhone(p.phone),
      location: p.latitude !== null && p.longitude !== null ? { lat: p.latitude, lng: p.longitude } : null,
      serviceStandard: m.checklist as { key: string; label: string; required: boolean }[],
    })),
  };
}

// ---------------------------------------------------------------- phone events

export interface PhoneEvent {
  clientEventId: string;
  recordedAt: string;
}

/**
 * Idempotency: the first request with a clientEventId is applied; a replay of the same event
 * (same visit and kind) returns the visit as it is now, without applying anything again.
 */
async function claimEvent(tx: Tx | Executor, ea: ElderlyActor, visitId: string, kind: string, ev: PhoneEvent): Promise<boolean> {
  const inserted = await tx
    .insert(ecVisitEvents)
    .values({ clientEventId: ev.clientEventId, visitId, kind, userId: ea.base.userId, recordedAt: new Date(ev.recordedAt) })
    .onConflictDoNothing()
    .returning({ id: ecVisitEvents.clientEventId });
  if (inserted.length) return true;
  const [prev] = await tx.select().from(ecVisitEvents).where(eq(ecVisitEvents.clientEventId, ev.clientEventId));
  if (prev && prev.visitId === visitId && prev.kind === kind) return false;
  throw new AppError('IDEMPOTENCY_CONFLICT', [{ field: 'clientEventId', message: ev.clientEventId }]);
}

/** The client's recorded time may lag (offline queue) but not lie in the future or be stale. */
function checkRecordedAt(recordedAt: string, serviceDate: string) {
  const t = Date.parse(recordedAt);
  const now = Date.now();
  if (t > now + 5 * 60_000)
    throw new AppError('VALIDATION_FAILED', [{ field: 'recordedAt', message: '记录时间晚于服务器时间 / recordedAt is in the future' }]);
  if (t < now - 7 * 86_400_000)
    throw new AppError('VALIDATION_FAILED', [{ field: 'recordedAt', message: '记录时间超过 7 天 / recordedAt older than 7 days' }]);
  const localDay = shanghaiToday(new Date(t));
  if (localDay !== serviceDate)
    throw new AppError('VALIDATION_FAILED', [
      { field: 'recordedAt', message: `记录日期 ${localDay} 与服务日期 ${serviceDate} 不符 / not on the service date` },
    ]);
}

type Position = { lat: number; lng: number; accuracyM?: number } | null;

async function phoneStep(
  ctx: AppContext,
  actor: Actor,
  id: string,
  kind: 'check_in' | 'check_out' | 'confirm',
  ev: PhoneEvent,
  apply: (tx: Executor, v: VisitRow) => Partial<typeof ecVisits.$inferInsert>,
  auditDetails: Record<string, unknown>,
) {
  requireAnyRole(actor, VISIT_ACTION_ROLES[kind]);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const v = await loadVisit(tx, ea, id, true);
    const fresh = await claimEvent(tx, ea, v.id, kind, ev);
    if (!fresh) return { ...(await visitDetail(tx, v)), replayed: true };
    if (kind !== 'confirm') checkRecordedAt(ev.recordedAt, v.serviceDate);
    const row = await transition(tx, VISIT_CASE, {
      caseId: v.id,
      action: kind,
      actor: ea,
      payload: { clientEventId: ev.clientEventId, recordedAt: ev.recordedAt },
      effect: async (_etx, cur) => ({ set: apply(tx, cur) }),
      audit: { clientEventId: ev.clientEventId, recordedAt: ev.recordedAt, ...auditDetails },
    });
    return { ...(await visitDetail(tx, row)), replayed: false };
  });
}

export async function checkIn(ctx: AppContext, actor: Actor, id: string, body: PhoneEvent & { position: Position }) {
  return phoneStep(
    ctx,
    actor,
    id,
    'check_in',
    body,
    () => ({
      checkInAt: new Date(body.recordedAt),
      checkInLat: body.position?.lat ?? null,
      checkInLng: body.position?.lng ?? null,
      checkInAccuracyM: body.position?.accuracyM ?? null,
    }),
    { position: body.position },
  );
}

export async function checkOut(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: PhoneEvent & { position: Position; checklist: { key: string; done: boolean; note?: string }[]; note?: string; photo?: string },
) {
  // Ticks must name the item's service standard (checked before anything is written).
  requireAnyRole(actor, VISIT_ACTION_ROLES.check_out);
  const ea = await elderlyActor(ctx.db, actor);
  const v = await loadVisit(ctx.db, ea, id);
  const [m] = await ctx.db.select({ checklist: ecMenuItems.checklist }).from(ecMenuItems).where(eq(ecMenuItems.id, v.itemVersionId));
  const keys = new Set(((m?.checklist ?? []) as { key: string }[]).map((c) => c.key));
  body.checklist.forEach((t, i) => {
    if (!keys.has(t.key))
      throw new AppError('VALIDATION_FAILED', [
        { field: `checklist.${i}.key`, message: `服务标准中没有“${t.key}” / not in the service standard` },
      ]);
  });
  return phoneStep(
    ctx,
    actor,
    id,
    'check_out',
    body,
    (_tx, row) => {
      if (row.checkInAt && Date.parse(body.recordedAt) < row.checkInAt.getTime())
        throw new AppError('VALIDATION_FAILED', [{ field: 'recordedAt', message: '签出时间早于签到时间 / check-out before check-in' }]);
      return {
        checkOutAt: new Date(body.recordedAt),
        checkOutLat: body.position?.lat ?? null,
        checkOutLng: body.position?.lng ?? null,
        checklist: body.checklist,
        note: body.note ?? null,
        photo: body.photo ?? null,
      };
    },
    { position: body.position, ticks: body.checklist.filter((t) => t.done).length, photo: !!body.photo },
  );
}

export async function confirmVisit(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: PhoneEvent & { method: string; by: string; name?: string; satisfaction?: number; signature?: string },
) {
  const confirmation = {
    method: body.method,
    by: body.by,
    name: body.name ?? null,
    at: body.recordedAt,
    satisfaction: body.satisfaction ?? null,
    signature: body.signature ? true : null,
  };
  return phoneStep(ctx, actor, id, 'confirm', body, () => ({ confirmation }), {
    method: body.method,
    by: body.by,
    satisfaction: body.satisfaction ?? null,
  });
}

export async function visitPhoto(ctx: AppContext, actor: Actor, id: string) {
  requireAnyRole(actor, CASE_READERS);
  const ea = await elderlyActor(ctx.db, actor);
  const v = await loadVisit(ctx.db, ea, id);
  if (!v.photo) throw new AppError('NOT_FOUND');
  const m = /^data:(image\/[a-z]+);base64,(.*)$/.exec(v.photo);
  if (!m) throw new AppError('NOT_FOUND');
  return { type: m[1], data: Buffer.from(m[2], 'base64') };
}

export async function visitsByIds(ex: Executor, ids: string[]): Promise<VisitRow[]> {
  if (!ids.length) return [];
  return (await ex.select().from(ecVisits).where(inArray(ecVisits.id, ids))).map((v) => caseRow(VISIT_CASE, v));
}
