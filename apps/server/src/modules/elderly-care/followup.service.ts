/** 跟踪回访 (sampled satisfaction follow-ups) and complaint tickets. */

import crypto from 'node:crypto';
import { FOLLOWUP_REASON_LABELS, maskPhone, shanghaiToday } from '@lq/contracts';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import { assertCanTake, caseRow, create, createMany, isStatus, transition } from '../../platform/cases/index.ts';
import type { Actor } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { people } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { must } from '../../platform/must.ts';
import { toXlsx } from '../../platform/tabular.ts';
import { assertUuid, elderlyActor, requireAnyRole, scopeSql } from './access.ts';
import type { ComplaintStatus, FollowupStatus } from './cases.ts';
import { COMPLAINT_CASE, type ComplaintAction, FOLLOWUP_CASE, VISIT_CASE } from './cases.ts';
import { FINISHED_VISIT_STATUSES, selectFollowUps } from './domain/followup.ts';
import { addDays, paramOn } from './params.ts';
import { ecCaregivers, ecComplaints, ecFollowups, ecMenuItems, ecOrders, ecProviders, ecVisits } from './schema.ts';
import { loadVisit } from './visit.service.ts';

type FollowupRow = typeof ecFollowups.$inferSelect;
/** What the caller needs beside the follow-up itself: whom to call about which service. */
interface FollowupContext {
  personId?: string | null;
  personName?: string | null;
  phone?: string | null;
  serviceDate?: string | null;
  itemName?: string | null;
  providerName?: string | null;
  caregiverName?: string | null;
}

function toFollowup(f: FollowupRow, c: FollowupContext = {}) {
  return {
    id: f.id,
    visitId: f.visitId,
    orderId: f.orderId,
    providerId: f.providerId,
    regionCode: f.regionCode,
    personId: c.personId ?? null,
    personName: c.personName ?? null,
    // Masked like everywhere else; the full number only through the audited reveal of the person.
    phone: maskPhone(c.phone ?? null),
    serviceDate: c.serviceDate ?? null,
    itemName: c.itemName ?? null,
    providerName: c.providerName ?? null,
    caregiverName: c.caregiverName ?? null,
    reason: f.reason,
    source: f.source,
    status: caseRow(FOLLOWUP_CASE, f).status,
    method: f.method,
    serviceConfirmed: f.serviceConfirmed,
    satisfaction: f.satisfaction,
    note: f.note,
    doneAt: f.doneAt?.toISOString() ?? null,
    doneBy: f.doneBy,
  };
}

/**
 * Sample finished visits of a period in the actor's region: a seeded share (parameter), plus every
 * visit with a complaint. Visits already followed up for the same reason are not added twice.
 */
export async function sampleFollowups(ctx: AppContext, actor: Actor, body: { from: string; to: string; shareBp?: number; seed?: string }) {
  requireAnyRole(actor, ['county_staff', 'township_staff']);
  if (body.to < body.from) throw new AppError('VALIDATION_FAILED', [{ field: 'to', message: 'to 早于 from / to before from' }]);
  return ctx.db.transaction(async (tx) => {
    const shareBp = body.shareBp ?? (await paramOn(tx, 'followup', body.to)).sampleShareBp;
    const seed = body.seed ?? crypto.randomBytes(8).toString('hex');
    const region = sql`${ecVisits.regionCode} LIKE ${`${actor.regionCode}%`}`;
    const visits = await tx
      .select({
        id: ecVisits.id,
        status: ecVisits.status,
        orderId: ecVisits.orderId,
        providerId: ecVisits.providerId,
        regionCode: ecVisits.regionCode,
      })
      .from(ecVisits)
      .where(
        and(
          region,
          sql`${ecVisits.serviceDate} BETWEEN ${body.from} AND ${body.to}`,
          inArray(ecVisits.status, [...FINISHED_VISIT_STATUSES]),
        ),
      );
    const complained = await tx
      .select({ id: ecComplaints.visitId })
      .from(ecComplaints)
      .where(and(sql`${ecComplaints.visitId} IS NOT NULL`, sql`${ecComplaints.regionCode} LIKE ${`${actor.regionCode}%`}`));
    const picks = selectFollowUps(
      visits.flatMap((v) => (isStatus(VISIT_CASE, v.status) ? [{ id: v.id, status: v.status }] : [])),
      { seed, shareBp, complainedVisitIds: new Set(complained.map((c) => c.id as string)) },
    );
    const byId = new Map(visits.map((v) => [v.id, v]));
    const source = `sample:${body.from}..${body.to}:${seed}`;
    const rows = picks
      .filter((p) => byId.has(p.visitId))
      .map((p) => {
        const v = must(byId.get(p.visitId), 'sampled visit');
        return {
          visitId: v.id,
          orderId: v.orderId,
          providerId: v.providerId,
          regionCode: v.regionCode,
          reason: p.reason,
          source,
        };
      });
    const inserted = await createMany(tx, FOLLOWUP_CASE, { action: 'sample', actor, values: rows, skipConflicts: true, note: source });
    await appendAudit(tx, actor, {
      action: 'elderly.followup.sample',
      targetType: 'ec_followup',
      details: { from: body.from, to: body.to, shareBp, seed, finished: visits.length, picked: picks.length, created: inserted.length },
    });
    return { seed, shareBp, finishedVisits: visits.length, picked: picks.length, created: inserted.length };
  });
}

/**
 * Follow-ups with whom to call about which service: the elder (through the visit), the item version
 * the visit was made under, provider and caregiver. The caller adds the where-clause (region scope).
 */
function selectFollowups(ex: Executor) {
  return ex
    .select({
      f: ecFollowups,
      personId: people.id,
      personName: people.name,
      phone: people.phone,
      serviceDate: ecVisits.serviceDate,
      itemName: ecMenuItems.nameZh,
      providerName: ecProviders.name,
      caregiverName: ecCaregivers.name,
    })
    .from(ecFollowups)
    .leftJoin(ecVisits, eq(ecVisits.id, ecFollowups.visitId))
    .leftJoin(people, eq(people.id, ecVisits.personId))
    .leftJoin(ecMenuItems, eq(ecMenuItems.id, ecVisits.itemVersionId))
    .leftJoin(ecProviders, eq(ecProviders.id, ecFollowups.providerId))
    .leftJoin(ecCaregivers, eq(ecCaregivers.id, ecVisits.caregiverId));
}

export interface FollowupListQuery {
  status?: FollowupStatus;
  limit?: number;
  offset?: number;
  sort?: '-createdAt' | 'createdAt' | 'serviceDate' | '-serviceDate';
}

const FOLLOWUP_ORDER = {
  '-createdAt': () => [desc(ecFollowups.createdAt), ecFollowups.id],
  createdAt: () => [asc(ecFollowups.createdAt), ecFollowups.id],
  serviceDate: () => [asc(ecVisits.serviceDate), asc(ecFollowups.createdAt), ecFollowups.id],
  '-serviceDate': () => [desc(ecVisits.serviceDate), desc(ecFollowups.createdAt), ecFollowups.id],
} as const;

export async function listFollowups(ctx: AppContext, actor: Actor, q: FollowupListQuery) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'provider_staff', 'auditor']);
  const ea = await elderlyActor(ctx.db, actor);
  const rows = await selectFollowups(ctx.db)
    .where(and(scopeSql(ea, 'ec_followups'), q.status ? eq(ecFollowups.status, q.status) : undefined))
    .orderBy(...FOLLOWUP_ORDER[q.sort ?? '-createdAt']())
    .limit(q.limit ?? 500)
    .offset(q.offset ?? 0);
  return rows.map((r) => toFollowup(r.f, r));
}

const FOLLOWUP_EXPORT_MAX = 20_000;
const FU_STATUS_ZH: Record<string, string> = { pending: '待回访', done: '已回访', unreachable: '未联系上' };
const FU_METHOD_ZH: Record<string, string> = { phone: '电话', home_visit: '上门' };

/** 导出回访清单: the scoped list as the page shows it (phones masked), audited. */
export async function exportFollowupsXlsx(ctx: AppContext, actor: Actor, q: Omit<FollowupListQuery, 'limit' | 'offset'>) {
  const items: ReturnType<typeof toFollowup>[] = [];
  for (let offset = 0; offset < FOLLOWUP_EXPORT_MAX; offset += 1000) {
    const page = await listFollowups(ctx, actor, { ...q, limit: 1000, offset });
    items.push(...page);
    if (page.length < 1000) break;
  }
  await appendAudit(ctx.db, actor, {
    action: 'elderly.followup.export',
    targetType: 'ec_followup',
    details: { rows: items.length, status: q.status ?? null, sort: q.sort ?? null },
  });
  const buf = await toXlsx([
    {
      name: '回访清单',
      columns: [
        { header: '服务日期', key: 'serviceDate', width: 12 },
        { header: '老人', key: 'personName', width: 12 },
        { header: '联系电话(脱敏)', key: 'phone', width: 16 },
        { header: '服务项目', key: 'itemName', width: 16 },
        { header: '服务机构', key: 'providerName', width: 24 },
        { header: '护理员', key: 'caregiverName', width: 12 },
        { header: '区划', key: 'regionCode', width: 14 },
        { header: '来源', key: 'reason', width: 10 },
        { header: '状态', key: 'status', width: 10 },
        { header: '回访方式', key: 'method', width: 10 },
        { header: '服务属实', key: 'serviceConfirmed', width: 10 },
        { header: '满意度', key: 'satisfaction', width: 8 },
        { header: '回访记录', key: 'note', width: 30 },
        { header: '回访时间', key: 'doneAt', width: 22 },
      ],
      rows: items.map((f) => ({
        ...f,
        reason: FOLLOWUP_REASON_LABELS[f.reason as keyof typeof FOLLOWUP_REASON_LABELS] ?? f.reason,
        status: FU_STATUS_ZH[f.status] ?? f.status,
        method: f.method ? (FU_METHOD_ZH[f.method] ?? f.method) : '',
        serviceConfirmed: f.serviceConfirmed === null ? '' : f.serviceConfirmed ? '是' : '否',
      })),
    },
  ]);
  return { buf, fileName: '养老服务回访清单.xlsx', rows: items.length };
}

export async function recordFollowup(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: {
    status: 'done' | 'unreachable';
    method: string;
    serviceConfirmed: boolean | null;
    satisfaction: number | null;
    note?: string;
    openComplaint: boolean;
    complaintCategory?: string;
  },
) {
  assertUuid(id);
  return ctx.db.transaction(async (tx) => {
    const [f] = await tx
      .select()
      .from(ecFollowups)
      .where(and(eq(ecFollowups.id, id), sql`${ecFollowups.regionCode} LIKE ${`${actor.regionCode}%`}`))
      .for('update');
    if (!f) throw new AppError('NOT_FOUND');
    let complaintId: string | null = null;
    const row = await transition(tx, FOLLOWUP_CASE, {
      caseId: id,
      action: body.status === 'done' ? 'complete' : 'unreachable',
      actor,
      note: body.note ?? null,
      set: {
        method: body.method,
        serviceConfirmed: body.serviceConfirmed,
        satisfaction: body.satisfaction,
        note: body.note ?? null,
        doneAt: new Date(),
        doneBy: actor.userId,
      },
      effect: async () => {
        if (body.status === 'done' && body.satisfaction === null)
          throw new AppError('VALIDATION_FAILED', [{ field: 'satisfaction', message: '须填写满意度 / satisfaction is required' }]);
        complaintId = await complaintFromFollowup(tx, actor, f, body);
        return { audit: { satisfaction: body.satisfaction, serviceConfirmed: body.serviceConfirmed, complaintId } };
      },
    });
    const [named] = await selectFollowups(tx).where(eq(ecFollowups.id, id));
    return { ...toFollowup(row, named), complaintId };
  });
}

async function complaintFromFollowup(
  tx: Executor,
  actor: Actor,
  f: typeof ecFollowups.$inferSelect,
  body: { note?: string; openComplaint: boolean; complaintCategory?: string; serviceConfirmed: boolean | null },
): Promise<string | null> {
  if (!body.openComplaint) return null;
  const [v] = await tx.select().from(ecVisits).where(eq(ecVisits.id, f.visitId));
  const c = await insertComplaint(tx, actor, {
    personId: v.personId,
    orderId: v.orderId,
    visitId: v.id,
    providerId: v.providerId,
    caregiverId: v.caregiverId,
    regionCode: v.regionCode,
    category: body.complaintCategory ?? (body.serviceConfirmed === false ? 'false_record' : 'quality'),
    description: body.note ?? '回访中提出投诉',
    channel: 'followup',
  });
  return c.id;
}

// ---------------------------------------------------------------- complaints

type ComplaintRow = typeof ecComplaints.$inferSelect;
function toComplaint(c: ComplaintRow) {
  return {
    id: c.id,
    number: c.number,
    personId: c.personId,
    orderId: c.orderId,
    visitId: c.visitId,
    providerId: c.providerId,
    caregiverId: c.caregiverId,
    regionCode: c.regionCode,
    category: c.category,
    description: c.description,
    channel: c.channel,
    status: caseRow(COMPLAINT_CASE, c).status,
    assigneeId: c.assigneeId,
    dueOn: c.dueOn,
    resolution: c.resolution,
    outcome: c.outcome,
    createdAt: c.createdAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    version: c.version,
  };
}

interface NewComplaint {
  personId: string;
  orderId?: string | null;
  visitId?: string | null;
  providerId?: string | null;
  caregiverId?: string | null;
  regionCode: string;
  category: string;
  description: string;
  channel: string;
}

/** A complaint ticket; one about a visit also puts that visit on the follow-up list (reason complaint). */
async function insertComplaint(tx: Executor, actor: Actor, c: NewComplaint) {
  const today = shanghaiToday();
  const days = (await paramOn(tx, 'followup', today)).complaintResponseDays;
  const number = `TS-${today.replace(/-/g, '')}-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  const row = await create(tx, COMPLAINT_CASE, {
    action: 'open',
    actor,
    note: c.description,
    audit: { number, category: c.category, visitId: c.visitId ?? null },
    values: {
      number,
      personId: c.personId,
      orderId: c.orderId ?? null,
      visitId: c.visitId ?? null,
      providerId: c.providerId ?? null,
      caregiverId: c.caregiverId ?? null,
      regionCode: c.regionCode,
      category: c.category,
      description: c.description,
      channel: c.channel,
      dueOn: addDays(today, days),
      createdBy: actor.userId,
    },
  });
  if (c.visitId) {
    const [v] = await tx.select().from(ecVisits).where(eq(ecVisits.id, c.visitId));
    // The follow-up is a child case of the complaint.
    await createMany(tx, FOLLOWUP_CASE, {
      action: 'sample',
      actor,
      values: [
        {
          visitId: v.id,
          orderId: v.orderId,
          providerId: v.providerId,
          regionCode: v.regionCode,
          reason: 'complaint',
          source: `complaint:${row.number}`,
        },
      ],
      skipConflicts: true,
      parentOf: () => ({ workflow: COMPLAINT_CASE.name, caseId: row.id }),
      note: `complaint:${row.number}`,
    });
  }
  return row;
}

export async function createComplaint(
  ctx: AppContext,
  actor: Actor,
  body: { personId: string; orderId?: string; visitId?: string; category: string; description: string; channel: string },
) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'village_worker']);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    let personId = body.personId;
    let regionCode: string | null = null;
    let extra: Partial<NewComplaint> = {};
    if (body.visitId) {
      const v = await loadVisit(tx, ea, body.visitId);
      if (v.personId !== personId)
        throw new AppError('VALIDATION_FAILED', [{ field: 'visitId', message: '服务记录不属于该老人 / visit of another person' }]);
      extra = { orderId: v.orderId, visitId: v.id, providerId: v.providerId, caregiverId: v.caregiverId };
      regionCode = v.regionCode;
    }
    if (!regionCode) {
      assertUuid(personId);
      const [p] = await tx
        .select()
        .from(people)
        .where(and(eq(people.id, personId), sql`${people.residenceRegionCode} LIKE ${`${actor.regionCode}%`}`));
      if (!p) throw new AppError('NOT_FOUND');
      personId = p.id;
      regionCode = p.residenceRegionCode;
      if (body.orderId) {
        assertUuid(body.orderId);
        const [o] = await tx
          .select()
          .from(ecOrders)
          .where(and(eq(ecOrders.id, body.orderId), eq(ecOrders.personId, p.id)));
        if (!o) throw new AppError('VALIDATION_FAILED', [{ field: 'orderId', message: '工单不存在 / unknown order' }]);
        extra = { orderId: o.id, providerId: o.providerId };
      }
    }
    const row = await insertComplaint(tx, actor, {
      personId,
      regionCode,
      category: body.category,
      description: body.description,
      channel: body.channel,
      ...extra,
    });
    return toComplaint(row);
  });
}

const COMPLAINT_ORDER = {
  '-createdAt': () => [desc(ecComplaints.createdAt), ecComplaints.id],
  createdAt: () => [asc(ecComplaints.createdAt), ecComplaints.id],
  dueOn: () => [asc(ecComplaints.dueOn), asc(ecComplaints.createdAt), ecComplaints.id],
  '-dueOn': () => [desc(ecComplaints.dueOn), desc(ecComplaints.createdAt), ecComplaints.id],
} as const;

export async function listComplaints(
  ctx: AppContext,
  actor: Actor,
  q: { status?: ComplaintStatus; limit?: number; offset?: number; sort?: keyof typeof COMPLAINT_ORDER },
) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'village_worker', 'provider_staff', 'auditor']);
  const ea = await elderlyActor(ctx.db, actor);
  const rows = await ctx.db
    .select({ c: ecComplaints, personName: people.name, providerName: ecProviders.name, caregiverName: ecCaregivers.name })
    .from(ecComplaints)
    .leftJoin(people, eq(people.id, ecComplaints.personId))
    .leftJoin(ecProviders, eq(ecProviders.id, ecComplaints.providerId))
    .leftJoin(ecCaregivers, eq(ecCaregivers.id, ecComplaints.caregiverId))
    .where(and(scopeSql(ea, 'ec_complaints'), q.status ? eq(ecComplaints.status, q.status) : undefined))
    .orderBy(...COMPLAINT_ORDER[q.sort ?? '-createdAt']())
    .limit(q.limit ?? 500)
    .offset(q.offset ?? 0);
  return rows.map((r) => ({
    ...toComplaint(r.c),
    personName: r.personName,
    providerName: r.providerName,
    caregiverName: r.caregiverName,
  }));
}

export async function complaintAction(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: Exclude<ComplaintAction, 'open'>,
  body: { version: number; assigneeId?: string; resolution?: string; outcome?: string; note?: string },
) {
  requireAnyRole(actor, ['county_staff', 'township_staff']);
  assertUuid(id);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const [c] = await tx
      .select()
      .from(ecComplaints)
      .where(and(eq(ecComplaints.id, id), scopeSql(ea, 'ec_complaints')))
      .for('update');
    if (!c) throw new AppError('NOT_FOUND');
    if (c.version !== body.version) throw new AppError('VERSION_CONFLICT');
    assertCanTake(COMPLAINT_CASE, caseRow(COMPLAINT_CASE, c), action, actor);
    const patch: Partial<typeof ecComplaints.$inferInsert> = {};
    if (action === 'assign') patch.assigneeId = body.assigneeId ?? actor.userId;
    if (action === 'resolve') {
      if (!body.resolution?.trim())
        throw new AppError('VALIDATION_FAILED', [{ field: 'resolution', message: '须填写处理情况 / resolution is required' }]);
      patch.resolution = body.resolution;
    }
    if (action === 'close') {
      // A ticket is closed only with an outcome (e.g. 属实-已整改, 不属实, 已退款).
      if (!body.outcome?.trim())
        throw new AppError('VALIDATION_FAILED', [{ field: 'outcome', message: '关闭工单须填写结果 / an outcome is required to close' }]);
      patch.outcome = body.outcome;
      patch.closedAt = new Date();
    }
    const row = await transition(tx, COMPLAINT_CASE, {
      caseId: id,
      action,
      actor,
      expectedVersion: body.version,
      note: body.note ?? body.resolution ?? body.outcome ?? null,
      set: patch,
      audit: { outcome: body.outcome ?? null },
    });
    return toComplaint(row);
  });
}
