/** Apply, assess, approve: orders, assessments, subsidy decisions, visit generation. */
import crypto from 'node:crypto';
import {
  ABILITY_LEVEL_NAMES,
  type AbilityLevel,
  APPLICATION_CHANNELS,
  type ApplicationChannel,
  type ApplicationCreate,
  type AssessmentCreate,
  type AssessmentDimension,
  type AssessmentPreviewBody,
  type AssessmentScores,
  type EconomicStatus,
  type Frequency,
  maskName,
  ORDER_STATUS_LABELS,
  reassessmentDue,
  scoreAssessment,
  shanghaiToday,
} from '@lq/contracts';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import {
  assignmentOf,
  availableActions,
  type CaseRef,
  type CaseRow,
  caseHistory,
  caseRow,
  childrenProgress,
  create,
  createMany,
  dueDateOf,
  transition,
  transitionMany,
} from '../../platform/cases/index.ts';
import type { Actor } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { people } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { must } from '../../platform/must.ts';
import { loadPersonRow } from '../people/people.service.ts';
import { assertUuid, CASE_READERS, type ElderlyActor, elderlyActor, requireAnyRole, scopeSql } from './access.ts';
import { ORDER_CASE, VISIT_CASE } from './cases.ts';
import { menuItemOn } from './catalog.service.ts';
import { canTakeOrderAction } from './domain/order.policy.ts';
import type { OrderAction, OrderStatus } from './domain/order.states.ts';
import { computeEntitlement, STATUS_PRECEDENCE, SubsidyRuleError } from './domain/subsidy.ts';
import { addDays, isoWeekday, loadSubsidyRules, paramOn } from './params.ts';
import { ecAssessments, ecOrderItems, ecOrders, ecProviders, ecSubsidyDecisions, ecVisits } from './schema.ts';
import { assertProviderNotBlacklisted } from './supervision.service.ts';

export type OrderRow = CaseRow<typeof ecOrders, OrderStatus>;

export function newTrackingCode(): string {
  // 15 random bytes: unguessable, URL-safe, short enough for a QR code.
  return crypto.randomBytes(15).toString('base64url');
}
function newOrderNumber(today: string): string {
  return `YL-${today.replace(/-/g, '')}-${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
}

export interface OrderItemInput {
  itemCode: string;
  frequency: Frequency;
  windowStart?: string;
  windowEnd?: string;
  note?: string;
}

/** Resolve items against the menu in force today; unknown codes are a 400 naming the item. */
async function resolveItems(ex: Executor, items: OrderItemInput[], today: string) {
  const out = [];
  for (const [i, it] of items.entries()) {
    const v = await menuItemOn(ex, it.itemCode, today);
    if (!v)
      throw new AppError('VALIDATION_FAILED', [
        { field: `items.${i}.itemCode`, message: `服务项目 ${it.itemCode} 不存在或未生效 / unknown menu item` },
      ]);
    out.push({ input: it, version: v });
  }
  return out;
}

/** The stored channel as its contract type (the column holds only values the create schema allowed). */
function channelOf(c: string): ApplicationChannel {
  return must(
    APPLICATION_CHANNELS.find((x) => x === c),
    `order channel '${c}'`,
  );
}

export interface NewOrder {
  personId: string;
  regionCode: string;
  channel: string;
  items: OrderItemInput[];
  preferredProviderId?: string | null;
  contactPhone?: string | null;
  note?: string | null;
  trackingCode?: string;
  isDemo?: boolean;
  /** The case this order was created from (a public application). */
  parent?: CaseRef;
}

/** Insert an order and its items and take the 'apply' action (policy checked by the workflow). */
export async function insertOrder(tx: Executor, ea: ElderlyActor, input: NewOrder, today = shanghaiToday()) {
  if (input.preferredProviderId) {
    assertUuid(input.preferredProviderId);
    const [p] = await tx.select({ id: ecProviders.id }).from(ecProviders).where(eq(ecProviders.id, input.preferredProviderId));
    if (!p) throw new AppError('VALIDATION_FAILED', [{ field: 'preferredProviderId', message: '服务机构不存在 / unknown provider' }]);
    await assertProviderNotBlacklisted(tx, input.preferredProviderId, today, 'preferredProviderId');
  }
  const items = await resolveItems(tx, input.items, today);
  const id = crypto.randomUUID();
  const number = newOrderNumber(today);
  // The policy sees the new order (region, person, preferred provider); a refusal rolls the insert back.
  const row = await create(tx, ORDER_CASE, {
    action: 'apply',
    actor: ea,
    values: {
      id,
      number,
      personId: input.personId,
      regionCode: input.regionCode,
      channel: input.channel,
      preferredProviderId: input.preferredProviderId ?? null,
      trackingCode: input.trackingCode ?? newTrackingCode(),
      contactPhone: input.contactPhone ?? null,
      note: input.note ?? null,
      createdBy: ea.base.userId,
      isDemo: input.isDemo ?? false,
    },
    note: input.note ?? null,
    payload: { channel: input.channel },
    audit: { number, personId: input.personId, channel: input.channel, items: input.items.map((i) => i.itemCode) },
    parent: input.parent ?? null,
    today,
  });
  await tx.insert(ecOrderItems).values(
    items.map(({ input: it, version: v }) => ({
      orderId: id,
      itemCode: v.code,
      itemVersionId: v.id,
      itemName: v.nameZh,
      priceFen: v.priceFen,
      standardDurationMin: v.standardDurationMin,
      requiredSkill: v.requiredSkill,
      frequency: it.frequency,
      windowStart: it.windowStart ?? null,
      windowEnd: it.windowEnd ?? null,
      note: it.note ?? null,
    })),
  );
  return row;
}

/** Staff / village worker / provider applies for a registered person (person must be in the actor's region). */
export async function createOrder(ctx: AppContext, actor: Actor, body: ApplicationCreate) {
  requireAnyRole(actor, ['village_worker', 'township_staff', 'provider_staff', 'resident']);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const person = await loadPersonRow(tx, actor, body.personId);
    if (person.deathDate)
      throw new AppError('VALIDATION_FAILED', [{ field: 'personId', message: '该人员已死亡 / the person is deceased' }]);
    const row = await insertOrder(tx, ea, {
      personId: person.id,
      regionCode: person.residenceRegionCode,
      channel: body.channel,
      items: body.items,
      preferredProviderId: body.preferredProviderId,
      contactPhone: body.contactPhone,
      note: body.note,
    });
    return orderView(tx, ea, row);
  });
}

// ---------------------------------------------------------------- reading

export async function loadOrder(ex: Executor, ea: ElderlyActor, id: string, forUpdate = false): Promise<OrderRow> {
  assertUuid(id);
  const scope = scopeSql(ea, 'ec_orders', {
    caregiverSql: (cid) => sql`ec_orders.id IN (SELECT order_id FROM ec_visits WHERE caregiver_id = ${cid})`,
  });
  const q = ex
    .select()
    .from(ecOrders)
    .where(and(eq(ecOrders.id, id), scope));
  const rows = forUpdate ? await q.for('update') : await q;
  if (!rows[0]) throw new AppError('NOT_FOUND');
  return caseRow(ORDER_CASE, rows[0]);
}

export async function orderView(ex: Executor, ea: ElderlyActor, o: OrderRow) {
  const items = await ex.select().from(ecOrderItems).where(eq(ecOrderItems.orderId, o.id)).orderBy(asc(ecOrderItems.itemCode));
  const [person] = await ex.select({ name: people.name }).from(people).where(eq(people.id, o.personId));
  const history = await caseHistory(ex, 'ec_order', o.id);
  const [decision] = o.subsidyDecisionId
    ? await ex.select().from(ecSubsidyDecisions).where(eq(ecSubsidyDecisions.id, o.subsidyDecisionId))
    : [];
  const [assessment] = o.assessmentId ? await ex.select().from(ecAssessments).where(eq(ecAssessments.id, o.assessmentId)) : [];
  const [provider] = o.providerId
    ? await ex.select({ name: ecProviders.name }).from(ecProviders).where(eq(ecProviders.id, o.providerId))
    : [];
  const [dueDate, assignment, visits] = await Promise.all([
    dueDateOf(ex, ORDER_CASE.name, o.id),
    assignmentOf(ex, ORDER_CASE.name, o.id),
    childrenProgress(ex, { workflow: ORDER_CASE.name, caseId: o.id }),
  ]);
  return {
    id: o.id,
    number: o.number,
    personId: o.personId,
    personName: person?.name ?? '',
    regionCode: o.regionCode,
    channel: channelOf(o.channel),
    status: o.status,
    statusLabel: ORDER_STATUS_LABELS[o.status],
    providerId: o.providerId,
    providerName: provider?.name ?? null,
    preferredProviderId: o.preferredProviderId,
    assessmentId: o.assessmentId,
    subsidyDecisionId: o.subsidyDecisionId,
    selfPayShareBp: o.selfPayShareBp,
    trackingCode: o.trackingCode,
    trackUrl: `/track/${o.trackingCode}`,
    note: o.note,
    items: items.map((i) => ({
      id: i.id,
      itemCode: i.itemCode,
      itemName: i.itemName,
      itemVersionId: i.itemVersionId,
      priceFen: i.priceFen,
      standardDurationMin: i.standardDurationMin,
      requiredSkill: i.requiredSkill,
      frequency: i.frequency as Frequency,
      windowStart: i.windowStart,
      windowEnd: i.windowEnd,
    })),
    assessment: assessment
      ? {
          id: assessment.id,
          total: assessment.total,
          level: assessment.level,
          levelName: ABILITY_LEVEL_NAMES[assessment.level as AbilityLevel],
          assessedOn: assessment.assessedOn,
        }
      : null,
    subsidyDecision: decision ? toDecision(decision) : null,
    history: history.map((h) => ({
      at: h.at.toISOString(),
      actorName: h.actorName,
      actorRole: h.actorRole,
      action: h.action,
      from: h.fromStatus,
      to: h.toStatus,
      note: h.note,
    })),
    availableActions: availableActions(ORDER_CASE, o, ea),
    dueDate,
    assignee: assignment.assigneeId ? { id: assignment.assigneeId, name: assignment.assigneeName ?? '' } : null,
    visitProgress: { total: visits.total, byStatus: visits.byStatus },
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    version: o.version,
  };
}

function toDecision(d: typeof ecSubsidyDecisions.$inferSelect) {
  return {
    id: d.id,
    ruleVersion: d.ruleVersion,
    eligible: d.eligible,
    abilityLevel: d.abilityLevel,
    monthlyAmountFen: d.monthlyAmountFen,
    monthlyHours: d.monthlyHours,
    selfPayShareBp: d.selfPayShareBp,
    basis: d.basis,
    explanation: d.explanation,
    decidedOn: d.decidedOn,
    facts: maskedFacts(d.facts as Record<string, unknown>),
  };
}

/** The stored facts keep the full birth date (to reproduce the decision); shown, it is cut to the year. */
function maskedFacts(f: Record<string, unknown>): Record<string, unknown> {
  return typeof f.birthDate === 'string' ? { ...f, birthDate: `${f.birthDate.slice(0, 4)}-**-**` } : f;
}

export async function getOrder(ctx: AppContext, actor: Actor, id: string) {
  requireAnyRole(actor, CASE_READERS);
  const ea = await elderlyActor(ctx.db, actor);
  return orderView(ctx.db, ea, await loadOrder(ctx.db, ea, id));
}

export async function listOrders(
  ctx: AppContext,
  actor: Actor,
  q: { status?: OrderStatus; regionCode?: string; providerId?: string; personId?: string; q?: string; page: number; pageSize: number },
) {
  requireAnyRole(actor, CASE_READERS);
  const ea = await elderlyActor(ctx.db, actor);
  const where = and(
    scopeSql(ea, 'ec_orders', { caregiverSql: (cid) => sql`ec_orders.id IN (SELECT order_id FROM ec_visits WHERE caregiver_id = ${cid})` }),
    q.status ? eq(ecOrders.status, q.status) : undefined,
    q.regionCode ? sql`${ecOrders.regionCode} LIKE ${`${q.regionCode}%`}` : undefined,
    q.providerId ? eq(ecOrders.providerId, q.providerId) : undefined,
    q.personId ? eq(ecOrders.personId, q.personId) : undefined,
    q.q ? sql`(${ecOrders.number} = ${q.q} OR ${people.name} LIKE ${`%${q.q}%`})` : undefined,
  );
  const [{ n }] = await ctx.db.select({ n: count() }).from(ecOrders).innerJoin(people, eq(people.id, ecOrders.personId)).where(where);
  const rows = await ctx.db
    .select({ o: ecOrders, name: people.name, provider: ecProviders.name })
    .from(ecOrders)
    .innerJoin(people, eq(people.id, ecOrders.personId))
    .leftJoin(ecProviders, eq(ecProviders.id, ecOrders.providerId))
    .where(where)
    .orderBy(desc(ecOrders.createdAt), asc(ecOrders.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    total: Number(n),
    items: rows
      .map(({ o: raw, name, provider }) => ({ o: caseRow(ORDER_CASE, raw), name, provider }))
      .map(({ o, name, provider }) => ({
        id: o.id,
        number: o.number,
        personId: o.personId,
        personName: name,
        regionCode: o.regionCode,
        channel: channelOf(o.channel),
        status: o.status,
        statusLabel: ORDER_STATUS_LABELS[o.status],
        providerId: o.providerId,
        providerName: provider ?? null,
        createdAt: o.createdAt.toISOString(),
        version: o.version,
      })),
  };
}

// ---------------------------------------------------------------- actions

export interface OrderActionInput {
  version: number;
  note?: string;
  providerId?: string;
  assessmentId?: string;
}

export async function orderAction(ctx: AppContext, actor: Actor, id: string, action: OrderAction, body: OrderActionInput) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'village_worker', 'provider_staff', 'resident', 'auditor', 'caregiver']);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const o = await loadOrder(tx, ea, id, true);
    const r = await applyOrderAction(tx, ea, o, action, body);
    return orderView(tx, ea, r.row);
  });
}

/** The state change and its side effects through the case engine (shared by the route, assessments and the demo seed). */
export async function applyOrderAction(
  tx: Executor,
  ea: ElderlyActor,
  o: OrderRow,
  action: OrderAction,
  body: OrderActionInput,
  today = shanghaiToday(),
) {
  const details: Record<string, unknown> = {};
  // Engine: policy and state table first (403 / 409), the version (409), then the action's own inputs (400) here.
  const row = await transition(tx, ORDER_CASE, {
    caseId: o.id,
    action,
    actor: ea,
    expectedVersion: body.version,
    note: body.note ?? null,
    payload: { providerId: body.providerId ?? null, assessmentId: body.assessmentId ?? null },
    today,
    effect: async (etx, cur) => {
      const patch: Partial<typeof ecOrders.$inferInsert> = {};
      if ((action === 'reject' || action === 'return') && !body.note?.trim())
        throw new AppError('VALIDATION_FAILED', [{ field: 'note', message: '须填写理由 / a reason is required' }]);
      if (action === 'assess') {
        if (!body.assessmentId)
          throw new AppError('VALIDATION_FAILED', [{ field: 'assessmentId', message: '须先完成能力评估 / create the assessment first' }]);
        assertUuid(body.assessmentId);
        const [a] = await etx
          .select()
          .from(ecAssessments)
          .where(and(eq(ecAssessments.id, body.assessmentId), eq(ecAssessments.personId, cur.personId)));
        if (!a)
          throw new AppError('VALIDATION_FAILED', [
            { field: 'assessmentId', message: '评估记录不存在或不属于该老人 / assessment not found for this person' },
          ]);
        patch.assessmentId = a.id;
        details.assessmentId = a.id;
        details.level = a.level;
      }
      if (action === 'approve') Object.assign(details, await approve(etx, ea, cur, body, patch, today));
      if (action === 'close' || action === 'cancel') {
        // Planned (not yet served) visits of a closed order are withdrawn, each with its log row.
        const open = await etx
          .select({ id: ecVisits.id })
          .from(ecVisits)
          .where(
            and(
              eq(ecVisits.orderId, cur.id),
              inArray(ecVisits.status, ['planned', 'dispatched']),
              sql`${ecVisits.serviceDate} >= ${today}`,
            ),
          );
        const cancelled = await transitionMany(etx, VISIT_CASE, {
          caseIds: open.map((v) => v.id),
          action: 'withdraw',
          actor: ea,
          note: `工单${action === 'close' ? '结案' : '撤销'} / order ${action}`,
          payload: { orderId: cur.id },
          today,
        });
        details.visitsCancelled = cancelled.length;
      }
      return { set: { ...patch, updatedAt: new Date() }, audit: details };
    },
  });
  return { status: row.status, details, row };
}

/** The economic statuses the registry holds for a person (tags 特困/低保/低保边缘). */
export function economicStatuses(tags: readonly string[]): EconomicStatus[] {
  return STATUS_PRECEDENCE.filter((s) => tags.includes(s));
}

/** The facts of the person on the date and the entitlement the rules in force give; no rule is a 409. */
async function entitlementFor(
  ex: Executor,
  p: Pick<typeof people.$inferSelect, 'id' | 'birthDate' | 'deathDate' | 'tags'>,
  level: AbilityLevel,
  date: string,
) {
  const facts = { personId: p.id, birthDate: p.birthDate, deathDate: p.deathDate, statuses: economicStatuses(p.tags ?? []) };
  try {
    return { facts, ent: computeEntitlement(facts, level, await loadSubsidyRules(ex), date) };
  } catch (e) {
    if (e instanceof SubsidyRuleError)
      throw new AppError('PARAMETER_MISSING', [{ field: 'subsidyRule', code: e.code, message: e.message }]);
    throw e;
  }
}

async function approve(
  tx: Executor,
  ea: ElderlyActor,
  o: OrderRow,
  body: OrderActionInput,
  patch: Partial<typeof ecOrders.$inferInsert>,
  today: string,
) {
  if (!o.assessmentId)
    throw new AppError('INVALID_TRANSITION', [{ field: 'assessmentId', message: '工单没有能力评估 / the order has no assessment' }]);
  const [a] = await tx.select().from(ecAssessments).where(eq(ecAssessments.id, o.assessmentId));
  const [p] = await tx.select().from(people).where(eq(people.id, o.personId));
  // Provider: chosen by the approver, else the applicant's preference, else the township centre serving the elder.
  let providerId = body.providerId ?? o.preferredProviderId ?? null;
  if (!providerId) {
    const [auto] = await tx
      .select({ id: ecProviders.id })
      .from(ecProviders)
      .where(
        and(
          eq(ecProviders.kind, 'home_care_center'),
          sql`EXISTS (SELECT 1 FROM unnest(${ecProviders.serviceAreaCodes}) AS area WHERE ${o.regionCode} LIKE area || '%')`,
        ),
      )
      .limit(1);
    providerId = auto?.id ?? null;
  }
  if (!providerId) throw new AppError('VALIDATION_FAILED', [{ field: 'providerId', message: '须指定服务机构 / choose a provider' }]);
  assertUuid(providerId);
  const [prov] = await tx.select().from(ecProviders).where(eq(ecProviders.id, providerId));
  if (!prov) throw new AppError('VALIDATION_FAILED', [{ field: 'providerId', message: '服务机构不存在 / unknown provider' }]);
  await assertProviderNotBlacklisted(tx, providerId, today);
  const { facts, ent } = await entitlementFor(tx, p, a.level as AbilityLevel, today);
  const [d] = await tx
    .insert(ecSubsidyDecisions)
    .values({
      orderId: o.id,
      personId: o.personId,
      assessmentId: a.id,
      abilityLevel: a.level,
      decidedOn: today,
      decidedBy: ea.base.userId,
      ruleVersion: ent.ruleVersion,
      eligible: ent.eligible,
      monthlyAmountFen: ent.monthlyAmountFen,
      monthlyHours: ent.monthlyHours,
      selfPayShareBp: ent.selfPayShareBp,
      basis: ent.basis,
      explanation: ent.explanation,
      facts,
    })
    .returning();
  patch.providerId = providerId;
  patch.subsidyDecisionId = d.id;
  patch.selfPayShareBp = ent.selfPayShareBp;
  const horizon = (await paramOn(tx, 'visits', today)).horizonDays;
  const generated = await generateVisitsForOrder(tx, { ...o, providerId }, today, addDays(today, horizon - 1), ea);
  return {
    providerId,
    subsidyDecisionId: d.id,
    ruleVersion: ent.ruleVersion,
    monthlyAmountFen: ent.monthlyAmountFen,
    selfPayShareBp: ent.selfPayShareBp,
    visitsGenerated: generated,
  };
}

/** Dates of a frequency inside [from, to]. */
export function occurrences(f: Frequency, from: string, to: string): string[] {
  if (f.kind === 'once') return f.date >= from && f.date <= to ? [f.date] : [];
  const out: string[] = [];
  const start = f.startDate > from ? f.startDate : from;
  const end = f.endDate && f.endDate < to ? f.endDate : to;
  for (let d = start; d <= end; d = addDays(d, 1)) if (f.weekdays.includes(isoWeekday(d))) out.push(d);
  return out;
}

/** Planned visits of an order's items between two dates; existing ones are kept (idempotent). */
export async function generateVisitsForOrder(
  tx: Executor,
  o: Pick<OrderRow, 'id' | 'personId' | 'regionCode' | 'isDemo'> & { providerId: string | null },
  from: string,
  to: string,
  ea: ElderlyActor,
): Promise<number> {
  if (!o.providerId) return 0;
  const items = await tx.select().from(ecOrderItems).where(eq(ecOrderItems.orderId, o.id));
  const defaults = await paramOn(tx, 'visits', from);
  const values = items.flatMap((i) =>
    occurrences(i.frequency as Frequency, from, to).map((d) => ({
      orderId: o.id,
      orderItemId: i.id,
      personId: o.personId,
      providerId: o.providerId as string,
      regionCode: o.regionCode,
      itemCode: i.itemCode,
      itemVersionId: i.itemVersionId,
      standardDurationMin: i.standardDurationMin,
      requiredSkill: i.requiredSkill,
      serviceDate: d,
      windowStart: i.windowStart ?? defaults.defaultWindowStart,
      windowEnd: i.windowEnd ?? defaults.defaultWindowEnd,
      isDemo: o.isDemo,
    })),
  );
  if (!values.length) return 0;
  // Existing visits are kept (unique order item + date); each new one is a child case of its order.
  const r = await createMany(tx, VISIT_CASE, {
    action: 'generate',
    actor: ea,
    values,
    skipConflicts: true,
    parentOf: (v) => ({ workflow: ORDER_CASE.name, caseId: v.orderId }),
    audit: { orderId: o.id, from, to },
  });
  return r.length;
}

/** Extend recurring orders (approved/active) in the actor's scope to a date range. */
export async function generateVisits(ctx: AppContext, actor: Actor, from: string, to: string) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'provider_staff']);
  if (to < from || addDays(from, 92) < to)
    throw new AppError('VALIDATION_FAILED', [{ field: 'to', message: '日期范围须在 92 天内 / range must be 0-92 days' }]);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const orders = await tx
      .select()
      .from(ecOrders)
      .where(and(scopeSql(ea, 'ec_orders'), inArray(ecOrders.status, ['approved', 'active'])));
    let n = 0;
    for (const o of orders) n += await generateVisitsForOrder(tx, o, from, to, ea);
    await appendAudit(tx, actor, {
      action: 'elderly.visits.generate',
      targetType: 'ec_visit',
      details: { from, to, orders: orders.length, visits: n },
    });
    return { orders: orders.length, visitsCreated: n };
  });
}

// ---------------------------------------------------------------- assessments

export async function assessmentParams(ex: Executor, on: string) {
  const p = await paramOn(ex, 'assessment', on);
  return { comaLevel: p.comaLevel, cumulativeRaises: p.cumulativeRaises, reassessmentIntervalMonths: p.reassessmentIntervalMonths };
}

export async function previewAssessment(ctx: AppContext, body: AssessmentPreviewBody) {
  const p = await assessmentParams(ctx.db, shanghaiToday());
  return scoreAssessment(
    { scores: body.scores as AssessmentScores, dementia: body.dementia, riskEvents30d: body.riskEvents30d, coma: body.coma },
    p,
  );
}

export type AssessmentRow = typeof ecAssessments.$inferSelect;
export function toAssessment(a: AssessmentRow) {
  return {
    id: a.id,
    personId: a.personId,
    orderId: a.orderId,
    regionCode: a.regionCode,
    reason: a.reason,
    assessedOn: a.assessedOn,
    assessorIds: a.assessorIds,
    scores: a.scores as Record<string, number>,
    dementia: a.dementia,
    riskEvents30d: a.riskEvents30d,
    coma: a.coma,
    result: {
      total: a.total,
      dimensions: a.dimensions as Record<AssessmentDimension, number>,
      baseLevel: a.baseLevel,
      level: a.level,
      levelName: ABILITY_LEVEL_NAMES[a.level as AbilityLevel],
      raisedBy: a.raisedBy,
    },
    params: a.params as Record<string, unknown>,
    note: a.note,
    createdAt: a.createdAt.toISOString(),
  };
}

/**
 * Record an assessment (assessor = township staff of the elder's region). With an orderId the
 * order takes the 'assess' action in the same transaction.
 */
export async function createAssessment(ctx: AppContext, actor: Actor, body: AssessmentCreate) {
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const r = await insertAssessment(tx, ea, body);
    await appendAudit(tx, actor, {
      action: 'elderly.assessment.create',
      targetType: 'ec_assessment',
      targetId: r.id,
      details: { personId: r.personId, orderId: r.orderId, total: r.total, level: r.level, reason: r.reason },
    });
    return toAssessment(r);
  });
}

export async function insertAssessment(tx: Executor, ea: ElderlyActor, body: AssessmentCreate, today = shanghaiToday()) {
  if (body.assessedOn > today)
    throw new AppError('VALIDATION_FAILED', [{ field: 'assessedOn', message: '评估日期不能晚于今天 / assessedOn is in the future' }]);
  const person = await loadPersonRow(tx, ea.base, body.personId);
  let order: OrderRow | null = null;
  if (body.orderId) {
    order = await loadOrder(tx, ea, body.orderId, true);
    if (order.personId !== person.id)
      throw new AppError('VALIDATION_FAILED', [{ field: 'orderId', message: '工单不属于该老人 / order of another person' }]);
  }
  const d = canTakeOrderAction(ea, 'assess', {
    regionCode: person.residenceRegionCode,
    personId: person.id,
    providerId: order?.providerId ?? null,
  });
  if (!d.allowed) throw new AppError('FORBIDDEN', [{ field: 'assess', code: d.code, message: d.message }]);
  const params = await assessmentParams(tx, body.assessedOn);
  const result = scoreAssessment(
    { scores: body.scores as AssessmentScores, dementia: body.dementia, riskEvents30d: body.riskEvents30d, coma: body.coma },
    params,
  );
  const assessors = [...new Set([ea.base.userId ?? 'system', ...body.assessorIds])];
  const [row] = await tx
    .insert(ecAssessments)
    .values({
      personId: person.id,
      orderId: order?.id ?? null,
      regionCode: person.residenceRegionCode,
      reason: body.reason,
      assessedOn: body.assessedOn,
      assessorIds: assessors,
      scores: body.scores,
      dementia: body.dementia,
      riskEvents30d: body.riskEvents30d,
      coma: body.coma,
      total: result.total,
      dimensions: result.dimensions,
      baseLevel: result.baseLevel,
      level: result.level,
      raisedBy: result.raisedBy,
      params,
      note: body.note ?? null,
      createdBy: ea.base.userId,
    })
    .returning();
  if (order) await applyOrderAction(tx, ea, order, 'assess', { version: order.version, assessmentId: row.id, note: body.note }, today);
  return row;
}

export async function assessmentHistory(ctx: AppContext, actor: Actor, personId: string, conditionChanged = false) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'village_worker', 'auditor']);
  const person = await loadPersonRow(ctx.db, actor, personId);
  const rows = await ctx.db
    .select()
    .from(ecAssessments)
    .where(eq(ecAssessments.personId, person.id))
    .orderBy(desc(ecAssessments.assessedOn), desc(ecAssessments.createdAt));
  const today = shanghaiToday();
  const p = await assessmentParams(ctx.db, today);
  return {
    items: rows.map(toAssessment),
    reassessment: reassessmentDue(rows[0]?.assessedOn ?? null, today, { intervalMonths: p.reassessmentIntervalMonths }, conditionChanged),
  };
}

export async function getAssessment(ctx: AppContext, actor: Actor, id: string) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'village_worker', 'auditor']);
  assertUuid(id);
  const [a] = await ctx.db
    .select()
    .from(ecAssessments)
    .where(
      and(
        eq(ecAssessments.id, id),
        actor.roles.includes('auditor') ? undefined : sql`${ecAssessments.regionCode} LIKE ${`${actor.regionCode}%`}`,
      ),
    );
  if (!a) throw new AppError('NOT_FOUND');
  return toAssessment(a);
}

// ---------------------------------------------------------------- public tracking

const TRACK_STEPS: { key: string; label: string; reachedBy: OrderStatus[] }[] = [
  {
    key: 'applied',
    label: '已提交申请',
    reachedBy: ['applied', 'accepted', 'assessed', 'approved', 'rejected', 'active', 'suspended', 'closed'],
  },
  { key: 'accepted', label: '乡镇已受理', reachedBy: ['accepted', 'assessed', 'approved', 'rejected', 'active', 'suspended', 'closed'] },
  { key: 'assessed', label: '已完成能力评估', reachedBy: ['assessed', 'approved', 'rejected', 'active', 'suspended', 'closed'] },
  { key: 'decided', label: '民政局已审批', reachedBy: ['approved', 'rejected', 'active', 'suspended', 'closed'] },
  { key: 'serving', label: '服务中', reachedBy: ['active', 'suspended', 'closed'] },
];

export function trackingView(
  code: string,
  maskedName: string,
  status: string,
  statusLabel: string,
  updatedAt: Date,
  orderStatus: OrderStatus | null,
) {
  return {
    trackingCode: code,
    maskedName,
    status,
    statusLabel,
    updatedOn: shanghaiToday(updatedAt),
    steps: TRACK_STEPS.map((s) => ({ key: s.key, label: s.label, done: orderStatus !== null && s.reachedBy.includes(orderStatus) })),
  };
}

export function maskedNameOf(name: string) {
  return maskName(name);
}

// ---------------------------------------------------------------- subsidy preview (before approval)

/**
 * The entitlement an approval would decide for this person and assessment on a date (default today),
 * computed with the same rule set and function as `approve`, without writing anything. Lets the
 * county see the amount, the rule version and the explanation before pressing 批准.
 */
export async function previewEntitlement(ctx: AppContext, actor: Actor, body: { personId: string; assessmentId: string; on?: string }) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'auditor']);
  const person = await loadPersonRow(ctx.db, actor, body.personId);
  assertUuid(body.assessmentId);
  const [a] = await ctx.db
    .select()
    .from(ecAssessments)
    .where(and(eq(ecAssessments.id, body.assessmentId), eq(ecAssessments.personId, person.id)));
  if (!a)
    throw new AppError('VALIDATION_FAILED', [
      { field: 'assessmentId', message: '评估记录不存在或不属于该老人 / assessment not found for this person' },
    ]);
  const on = body.on ?? shanghaiToday();
  const { ent } = await entitlementFor(ctx.db, person, a.level as AbilityLevel, on);
  return { ...ent, on, abilityLevel: a.level };
}
