/**
 * 审核支付: monthly settlement per provider. Each visit is paid at most once: the partial UNIQUE
 * index on ec_settlement_lines(visit_id) WHERE kind = 'normal' refuses a second payment line
 * whatever runs concurrently, inserts use ON CONFLICT DO NOTHING, and the (provider, month)
 * settlement row is locked so reruns and double clicks serialise and add only unpaid visits.
 * Corrections are new 'adjustment' lines referring to the original line, never edits.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import { caseRow, create, transition } from '../../platform/cases/index.ts';
import type { Actor } from '../../platform/context.ts';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { people } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { must } from '../../platform/must.ts';
import { toXlsx } from '../../platform/tabular.ts';
import { assertUuid, elderlyActor, requireAnyRole } from './access.ts';
import { SETTLEMENT_CASE } from './cases.ts';
import {
  computeSettlement,
  type PricedItemVersion,
  paymentFile,
  paymentRowsFromSettlements,
  repriceLine,
  reversalLine,
  SettlementError,
  type SettlementLine,
  type SettlementOrder,
  type SettlementVisit,
} from './domain/settlement.ts';
import { fenToYuan } from './domain/util.ts';
import { monthBounds } from './params.ts';
import { ecMenuItems, ecOrderItems, ecOrders, ecProviders, ecSettlementLines, ecSettlements } from './schema.ts';
import { bulkVisitStep } from './visit.service.ts';

type SettlementRow = typeof ecSettlements.$inferSelect;
export interface Totals {
  lines: number;
  priceFen: number;
  subsidyFen: number;
  selfPayFen: number;
  payableFen: number;
  recoverFen: number;
}
const ZERO: Totals = { lines: 0, priceFen: 0, subsidyFen: 0, selfPayFen: 0, payableFen: 0, recoverFen: 0 };

function toSettlement(s: SettlementRow, providerName?: string) {
  return {
    id: s.id,
    providerId: s.providerId,
    providerName: providerName ?? null,
    month: s.month,
    regionCode: s.regionCode,
    status: caseRow(SETTLEMENT_CASE, s).status,
    totals: s.totals as Totals,
    skipped: s.skipped as { reason: string; count: number }[],
    createdAt: s.createdAt.toISOString(),
    approvedBy: s.approvedBy,
    approvedAt: s.approvedAt?.toISOString() ?? null,
    paidAt: s.paidAt?.toISOString() ?? null,
    version: s.version,
  };
}

async function recomputeTotals(tx: Executor, settlementId: string): Promise<Totals> {
  const [t] = await queryRows<{
    lines: number;
    price: string | number | null;
    subsidy: string | number | null;
    self: string | number | null;
  }>(
    tx,
    sql`
    SELECT count(*)::int AS lines, sum(price_fen) AS price, sum(subsidy_fen) AS subsidy, sum(self_pay_fen) AS self FROM ec_settlement_lines WHERE settlement_id = ${settlementId}`,
  );
  const subsidy = Number(t.subsidy ?? 0);
  return {
    lines: Number(t.lines),
    priceFen: Number(t.price ?? 0),
    subsidyFen: subsidy,
    selfPayFen: Number(t.self ?? 0),
    payableFen: Math.max(0, subsidy),
    recoverFen: Math.max(0, -subsidy),
  };
}

/** Lock (creating if needed) the provider's settlement of the month. */
async function lockSettlement(tx: Executor, actor: Actor, providerId: string, month: string) {
  const [p] = await tx.select().from(ecProviders).where(eq(ecProviders.id, providerId));
  if (!p) throw new AppError('VALIDATION_FAILED', [{ field: 'providerId', message: '服务机构不存在 / unknown provider' }]);
  const find = () =>
    tx
      .select({ id: ecSettlements.id })
      .from(ecSettlements)
      .where(and(eq(ecSettlements.providerId, providerId), eq(ecSettlements.month, month)));
  let created = false;
  if (!(await find()).length) {
    try {
      // In a savepoint: a concurrent run may create the same provider-month first (unique index).
      await tx.transaction((sp) =>
        create(sp, SETTLEMENT_CASE, {
          action: 'create',
          actor,
          values: { providerId, month, regionCode: p.regionCode, totals: ZERO, createdBy: actor.userId },
          audit: { providerId, month },
        }),
      );
      created = true;
    } catch (e) {
      if ((e as { code?: unknown }).code !== '23505' && (e as { cause?: { code?: unknown } }).cause?.code !== '23505') throw e;
    }
  }
  const [s] = await tx
    .select()
    .from(ecSettlements)
    .where(and(eq(ecSettlements.providerId, providerId), eq(ecSettlements.month, month)))
    .for('update');
  return { s, created, provider: p };
}

export async function runSettlement(ctx: AppContext, actor: Actor, body: { month: string; providerId: string }) {
  requireAnyRole(actor, ['county_staff']);
  assertUuid(body.providerId);
  const { first, last } = monthBounds(body.month);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const { s, created, provider } = await lockSettlement(tx, actor, body.providerId, body.month);
    // Candidates: cleared visits up to the month's end not yet on a normal line (late clearances of earlier months included).
    const cand = await queryRows<{
      id: string;
      order_id: string;
      provider_id: string;
      item_code: string;
      service_date: string;
      status: string;
      region_code: string;
      person_id: string;
      caregiver_id: string | null;
    }>(
      tx,
      sql`
      SELECT v.id, v.order_id, v.provider_id, v.item_code, v.service_date::text AS service_date, v.status, v.region_code, v.person_id, v.caregiver_id
      FROM ec_visits v
      WHERE v.provider_id = ${body.providerId} AND v.status = 'cleared' AND v.service_date <= ${last}
        AND NOT EXISTS (SELECT 1 FROM ec_settlement_lines l WHERE l.visit_id = v.id AND l.kind = 'normal')`,
    );
    const waiting = await queryRows<{ status: string; n: number }>(
      tx,
      sql`
      SELECT v.status, count(*)::int AS n FROM ec_visits v
      WHERE v.provider_id = ${body.providerId} AND v.service_date BETWEEN ${first} AND ${last} AND v.status IN ('checked_out', 'confirmed', 'flagged')
      GROUP BY v.status`,
    );
    if (s.status !== 'draft') {
      if (cand.length)
        throw new AppError('SETTLEMENT_CLOSED', [{ field: 'month', message: `${cand.length} visits cleared after approval` }]);
      return { ...toSettlement(s, provider.name), created: false, added: 0 };
    }
    const orderIds = [...new Set(cand.map((c) => c.order_id))];
    const orders = new Map<string, SettlementOrder>();
    const versions = new Map<string, PricedItemVersion>();
    if (orderIds.length) {
      const os = await tx.select({ id: ecOrders.id, bp: ecOrders.selfPayShareBp }).from(ecOrders).where(inArray(ecOrders.id, orderIds));
      const items = await tx
        .select({ orderId: ecOrderItems.orderId, code: ecOrderItems.itemCode, versionId: ecOrderItems.itemVersionId })
        .from(ecOrderItems)
        .where(inArray(ecOrderItems.orderId, orderIds));
      const byOrder = new Map<string, Record<string, string>>();
      for (const i of items) byOrder.set(i.orderId, { ...(byOrder.get(i.orderId) ?? {}), [i.code]: i.versionId });
      for (const o of os) orders.set(o.id, { id: o.id, selfPayShareBp: o.bp, itemVersionIds: byOrder.get(o.id) ?? {} });
      const vids = [...new Set(items.map((i) => i.versionId))];
      for (const m of await tx
        .select({ id: ecMenuItems.id, code: ecMenuItems.code, priceFen: ecMenuItems.priceFen })
        .from(ecMenuItems)
        .where(inArray(ecMenuItems.id, vids)))
        versions.set(m.id, m);
    }
    const visits: SettlementVisit[] = cand.map((c) => ({
      id: c.id,
      orderId: c.order_id,
      providerId: c.provider_id,
      itemCode: c.item_code,
      serviceDate: c.service_date,
      status: 'cleared',
    }));
    const comp = computeSettlement({ providerId: body.providerId, month: body.month, visits, orders, itemVersions: versions });
    const insertedIds: string[] = [];
    const CHUNK = 5000;
    for (let i = 0; i < comp.lines.length; i += CHUNK) {
      const part = comp.lines.slice(i, i + CHUNK);
      const r = await queryRows<{ visit_id: string }>(
        tx,
        sql`
        INSERT INTO ec_settlement_lines (settlement_id, kind, visit_id, order_id, item_code, item_version_id, service_date, self_pay_share_bp, price_fen, subsidy_fen, self_pay_fen)
        SELECT ${s.id}::uuid, 'normal', x.visit_id::uuid, x.order_id::uuid, x.item_code, x.item_version_id::uuid, x.service_date::date, x.bp, x.price, x.subsidy, x.self
        FROM unnest(${sql.param(part.map((l) => l.visitId))}::text[], ${sql.param(part.map((l) => l.orderId))}::text[], ${sql.param(part.map((l) => l.itemCode))}::text[],
                    ${sql.param(part.map((l) => l.itemVersionId))}::text[], ${sql.param(part.map((l) => l.serviceDate))}::text[], ${sql.param(part.map((l) => l.selfPayShareBp))}::int[],
                    ${sql.param(part.map((l) => l.priceFen))}::int[], ${sql.param(part.map((l) => l.subsidyFen))}::int[], ${sql.param(part.map((l) => l.selfPayFen))}::int[])
             AS x(visit_id, order_id, item_code, item_version_id, service_date, bp, price, subsidy, self)
        ON CONFLICT (visit_id) WHERE kind = 'normal' DO NOTHING
        RETURNING visit_id`,
      );
      for (const x of r) insertedIds.push(x.visit_id);
    }
    const inserted = new Set(insertedIds);
    const settledVisits = cand.filter((c) => inserted.has(c.id)).map((c) => c.id);
    await bulkVisitStep(tx, ea, settledVisits, 'settle', `结算 ${body.month}`);
    const skippedByReason = new Map<string, number>();
    for (const k of comp.skipped) skippedByReason.set(k.reason, (skippedByReason.get(k.reason) ?? 0) + 1);
    for (const w of waiting)
      skippedByReason.set(
        w.status === 'flagged' ? 'FLAGGED' : 'NOT_CLEARED',
        (skippedByReason.get(w.status === 'flagged' ? 'FLAGGED' : 'NOT_CLEARED') ?? 0) + w.n,
      );
    const skipped = [...skippedByReason].map(([reason, count]) => ({ reason, count }));
    const totals = await recomputeTotals(tx, s.id);
    const saved = inserted.size
      ? await transition(tx, SETTLEMENT_CASE, {
          caseId: s.id,
          action: 'add_lines',
          actor,
          payload: { added: inserted.size },
          set: { totals, skipped },
          audit: { added: inserted.size },
        })
      : (await tx.update(ecSettlements).set({ totals, skipped }).where(eq(ecSettlements.id, s.id)).returning())[0];
    await appendAudit(tx, actor, {
      action: 'elderly.settlement.run',
      targetType: 'ec_settlement',
      targetId: s.id,
      details: { providerId: body.providerId, month: body.month, created, added: inserted.size, totals },
    });
    return { ...toSettlement(saved, provider.name), created, added: inserted.size };
  });
}

function settlementScope(actor: Actor) {
  if (actor.roles.includes('county_staff') || actor.roles.includes('auditor')) return sql`TRUE`;
  const parts = [];
  if (actor.roles.includes('township_staff')) parts.push(sql`${ecSettlements.regionCode} LIKE ${`${actor.regionCode}%`}`);
  if (actor.roles.includes('provider_staff') && actor.providerId) parts.push(sql`${ecSettlements.providerId} = ${actor.providerId}`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`FALSE`;
}

export async function listSettlements(ctx: AppContext, actor: Actor, q: { month?: string; providerId?: string }) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'provider_staff', 'auditor']);
  const rows = await ctx.db
    .select({ s: ecSettlements, name: ecProviders.name })
    .from(ecSettlements)
    .innerJoin(ecProviders, eq(ecProviders.id, ecSettlements.providerId))
    .where(
      and(
        settlementScope(actor),
        q.month ? eq(ecSettlements.month, q.month) : undefined,
        q.providerId ? eq(ecSettlements.providerId, q.providerId) : undefined,
      ),
    )
    .orderBy(desc(ecSettlements.month), asc(ecProviders.name))
    .limit(500);
  return rows.map((r) => toSettlement(r.s, r.name));
}

async function loadSettlement(ex: Executor, actor: Actor, id: string, forUpdate = false) {
  assertUuid(id);
  const q = ex
    .select({ s: ecSettlements, name: ecProviders.name, bank: ecProviders.bankAccount })
    .from(ecSettlements)
    .innerJoin(ecProviders, eq(ecProviders.id, ecSettlements.providerId))
    .where(and(eq(ecSettlements.id, id), settlementScope(actor)));
  const [r] = forUpdate ? await q.for('update', { of: ecSettlements }) : await q;
  if (!r) throw new AppError('NOT_FOUND');
  return r;
}

function toLine(l: typeof ecSettlementLines.$inferSelect) {
  return {
    id: l.id,
    kind: l.kind as 'normal' | 'adjustment',
    visitId: l.visitId,
    orderId: l.orderId,
    itemCode: l.itemCode,
    itemVersionId: l.itemVersionId,
    serviceDate: l.serviceDate,
    selfPayShareBp: l.selfPayShareBp,
    priceFen: l.priceFen,
    subsidyFen: l.subsidyFen,
    selfPayFen: l.selfPayFen,
    refersToLineId: l.refersToLineId,
    reason: l.reason,
  };
}

export async function getSettlement(ctx: AppContext, actor: Actor, id: string, limit = 2000) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'provider_staff', 'auditor']);
  const r = await loadSettlement(ctx.db, actor, id);
  // Names for the reader: the elder (through the order) and the item as it was when served.
  const lines = await ctx.db
    .select({ l: ecSettlementLines, personName: people.name, itemName: ecMenuItems.nameZh })
    .from(ecSettlementLines)
    .leftJoin(ecOrders, eq(ecOrders.id, ecSettlementLines.orderId))
    .leftJoin(people, eq(people.id, ecOrders.personId))
    .leftJoin(ecMenuItems, eq(ecMenuItems.id, ecSettlementLines.itemVersionId))
    .where(eq(ecSettlementLines.settlementId, id))
    .orderBy(asc(ecSettlementLines.serviceDate), asc(ecSettlementLines.id))
    .limit(limit);
  return {
    ...toSettlement(r.s, r.name),
    lines: lines.map((x) => ({ ...toLine(x.l), personName: x.personName, itemName: x.itemName })),
  };
}

export async function settlementAction(ctx: AppContext, actor: Actor, id: string, action: 'approve' | 'pay', body: { version: number }) {
  requireAnyRole(actor, ['county_staff']);
  return ctx.db.transaction(async (tx) => {
    const r = await loadSettlement(tx, actor, id, true);
    if (r.s.version !== body.version) throw new AppError('VERSION_CONFLICT');
    const saved = await transition(tx, SETTLEMENT_CASE, {
      caseId: id,
      action,
      actor,
      expectedVersion: body.version,
      effect: async () => {
        if (action === 'approve' && (r.s.totals as Totals).lines === 0)
          throw new AppError('VALIDATION_FAILED', [{ field: 'lines', message: '结算单没有明细 / the settlement has no lines' }]);
        return { set: action === 'approve' ? { approvedBy: actor.userId, approvedAt: new Date() } : { paidAt: new Date() } };
      },
      audit: { providerId: r.s.providerId, month: r.s.month, totals: r.s.totals as Record<string, unknown> },
    });
    return toSettlement(saved, r.name);
  });
}

/** A correction booked into the provider's draft settlement `id`, referring to a paid normal line. */
export async function addAdjustment(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { lineId: number; kind: 'reverse' | 'reprice'; newPriceFen?: number; newSelfPayShareBp?: number; reason: string; version: number },
) {
  requireAnyRole(actor, ['county_staff']);
  return ctx.db.transaction(async (tx) => {
    const r = await loadSettlement(tx, actor, id, true);
    if (r.s.version !== body.version) throw new AppError('VERSION_CONFLICT');
    let added: typeof ecSettlementLines.$inferSelect | undefined;
    await transition(tx, SETTLEMENT_CASE, {
      caseId: id,
      action: 'adjust',
      actor,
      expectedVersion: body.version,
      note: body.reason,
      payload: { lineId: body.lineId, kind: body.kind },
      effect: async () => {
        const r2 = await adjustmentLine(tx, id, r.s.providerId, body);
        added = r2.line;
        return { set: { totals: await recomputeTotals(tx, id) }, audit: r2.audit };
      },
    });
    return toLine(must(added, 'adjustment line'));
  });
}

async function adjustmentLine(
  tx: Executor,
  id: string,
  providerId: string,
  body: { lineId: number; kind: 'reverse' | 'reprice'; newPriceFen?: number; newSelfPayShareBp?: number; reason: string },
) {
  {
    const [orig] = await tx
      .select({ l: ecSettlementLines, providerId: ecSettlements.providerId })
      .from(ecSettlementLines)
      .innerJoin(ecSettlements, eq(ecSettlements.id, ecSettlementLines.settlementId))
      .where(eq(ecSettlementLines.id, body.lineId));
    if (orig?.l.kind !== 'normal' || orig.providerId !== providerId)
      throw new AppError('VALIDATION_FAILED', [
        { field: 'lineId', message: '须为该机构已结算的服务行 / must be a settled service line of this provider' },
      ]);
    const prior = await tx.select().from(ecSettlementLines).where(eq(ecSettlementLines.refersToLineId, orig.l.id));
    const net = orig.l.priceFen + prior.reduce((n, p) => n + p.priceFen, 0);
    const base: SettlementLine = {
      kind: 'service',
      visitId: orig.l.visitId,
      orderId: orig.l.orderId,
      itemCode: orig.l.itemCode,
      itemVersionId: orig.l.itemVersionId,
      serviceDate: orig.l.serviceDate,
      selfPayShareBp: orig.l.selfPayShareBp,
      priceFen: orig.l.priceFen,
      subsidyFen: orig.l.subsidyFen,
      selfPayFen: orig.l.selfPayFen,
      refersTo: null,
      reason: null,
    };
    if (prior.length) {
      // Later corrections apply to the line as already corrected.
      base.priceFen = net;
      base.subsidyFen = orig.l.subsidyFen + prior.reduce((n, p) => n + p.subsidyFen, 0);
      base.selfPayFen = orig.l.selfPayFen + prior.reduce((n, p) => n + p.selfPayFen, 0);
      base.selfPayShareBp = prior[prior.length - 1].selfPayShareBp;
    }
    if (body.kind === 'reverse' && net === 0)
      throw new AppError('CONFLICT', [{ field: 'lineId', message: '该行已冲销 / already reversed' }]);
    let adj: SettlementLine;
    try {
      adj =
        body.kind === 'reverse'
          ? reversalLine(base, orig.l.settlementId, body.reason)
          : repriceLine(
              base,
              orig.l.settlementId,
              { newPriceFen: body.newPriceFen, newSelfPayShareBp: body.newSelfPayShareBp },
              body.reason,
            );
    } catch (e) {
      if (e instanceof SettlementError) throw new AppError('VALIDATION_FAILED', [{ field: 'kind', message: e.message }]);
      throw e;
    }
    const [line] = await tx
      .insert(ecSettlementLines)
      .values({
        settlementId: id,
        kind: 'adjustment',
        visitId: adj.visitId,
        orderId: adj.orderId,
        itemCode: adj.itemCode,
        itemVersionId: adj.itemVersionId,
        serviceDate: adj.serviceDate,
        selfPayShareBp: adj.selfPayShareBp,
        priceFen: adj.priceFen,
        subsidyFen: adj.subsidyFen,
        selfPayFen: adj.selfPayFen,
        refersToLineId: orig.l.id,
        reason: body.reason,
      })
      .returning();
    return { line, audit: { lineId: line.id, refersTo: orig.l.id, kind: body.kind, priceFen: adj.priceFen, reason: body.reason } };
  }
}

export async function exportSettlementXlsx(ctx: AppContext, actor: Actor, id: string) {
  const s = await getSettlement(ctx, actor, id, 1_000_000);
  const t = s.totals;
  const buf = await toXlsx([
    {
      name: '汇总',
      columns: [
        { header: '项目', key: 'k', width: 16 },
        { header: '值', key: 'v', width: 40 },
      ],
      rows: [
        { k: '服务机构', v: s.providerName },
        { k: '结算月份', v: s.month },
        { k: '状态', v: s.status },
        { k: '明细行数', v: t.lines },
        { k: '服务金额(元)', v: fenToYuan(t.priceFen) },
        { k: '补贴金额(元)', v: fenToYuan(t.subsidyFen) },
        { k: '个人自付(元)', v: fenToYuan(t.selfPayFen) },
        { k: '应付机构(元)', v: fenToYuan(t.payableFen) },
        { k: '应追回(元)', v: fenToYuan(t.recoverFen) },
      ],
    },
    {
      name: '明细',
      columns: [
        { header: '行号', key: 'id', width: 8 },
        { header: '类型', key: 'kind', width: 8 },
        { header: '服务日期', key: 'date', width: 12 },
        { header: '老人', key: 'person', width: 10 },
        { header: '服务记录', key: 'visit', width: 38 },
        { header: '项目', key: 'item', width: 14 },
        { header: '价格(元)', key: 'price', width: 10 },
        { header: '自付比例', key: 'bp', width: 10 },
        { header: '补贴(元)', key: 'subsidy', width: 10 },
        { header: '自付(元)', key: 'self', width: 10 },
        { header: '更正原行', key: 'ref', width: 10 },
        { header: '原因', key: 'reason', width: 24 },
      ],
      rows: s.lines.map((l) => ({
        id: l.id,
        kind: l.kind === 'normal' ? '服务' : '调整',
        date: l.serviceDate,
        person: l.personName ?? '',
        visit: l.visitId,
        item: l.itemName ?? l.itemCode,
        price: fenToYuan(l.priceFen),
        bp: `${l.selfPayShareBp / 100}%`,
        subsidy: fenToYuan(l.subsidyFen),
        self: fenToYuan(l.selfPayFen),
        ref: l.refersToLineId ?? '',
        reason: l.reason ?? '',
      })),
    },
  ]);
  await appendAudit(ctx.db, actor, {
    action: 'elderly.settlement.export',
    targetType: 'ec_settlement',
    targetId: id,
    details: { format: 'xlsx', lines: s.lines.length },
  });
  return { buf, fileName: `settlement-${s.month}-${s.providerId.slice(0, 8)}.xlsx` };
}

/** The bank payment file (CSV, fixed columns) of an approved settlement. */
type BankAccount = { accountName: string; accountNumber: string } | null;

/** The bank CSV (with BOM for Excel) for settlements of one month; a bad account is a 400 naming it. */
function bankCsv(month: string, rows: { s: typeof ecSettlements.$inferSelect; bank: unknown }[]) {
  try {
    return paymentFile(
      month,
      paymentRowsFromSettlements(
        rows.map((r) => ({ providerId: r.s.providerId, totals: r.s.totals as Totals })),
        new Map(rows.map((r) => [r.s.providerId, r.bank as BankAccount])),
      ),
      { bom: true },
    );
  } catch (e) {
    if (e instanceof SettlementError) throw new AppError('VALIDATION_FAILED', [{ field: 'bankAccount', message: e.message }]);
    throw e;
  }
}

export async function bankFile(ctx: AppContext, actor: Actor, id: string) {
  requireAnyRole(actor, ['county_staff', 'auditor']);
  const r = await loadSettlement(ctx.db, actor, id);
  if (r.s.status === 'draft')
    throw new AppError('INVALID_TRANSITION', [{ field: 'status', message: '结算单审批后才能生成付款文件 / approve the settlement first' }]);
  const file = bankCsv(r.s.month, [r]);
  await appendAudit(ctx.db, actor, {
    action: 'elderly.settlement.bank_file',
    targetType: 'ec_settlement',
    targetId: id,
    details: { count: file.count, totalFen: file.totalFen },
  });
  return { csv: file.csv, fileName: `payment-${r.s.month}-${r.s.providerId.slice(0, 8)}.csv`, totalFen: file.totalFen };
}

/**
 * One bank payment file for a whole month: every approved (not yet paid) settlement of the month,
 * one row per provider with a payable amount. Paid and draft settlements are left out (a draft is
 * not yet approved; a paid one must not be sent to the bank twice); the answer says what was left out.
 */
export async function monthBankFile(ctx: AppContext, actor: Actor, month: string) {
  requireAnyRole(actor, ['county_staff', 'auditor']);
  const rows = await ctx.db
    .select({ s: ecSettlements, name: ecProviders.name, bank: ecProviders.bankAccount })
    .from(ecSettlements)
    .innerJoin(ecProviders, eq(ecProviders.id, ecSettlements.providerId))
    .where(and(eq(ecSettlements.month, month), settlementScope(actor)))
    .orderBy(asc(ecProviders.name));
  const approved = rows.filter((r) => r.s.status === 'approved');
  if (!approved.length)
    throw new AppError('CONFLICT', [
      { field: 'month', message: `${month} 没有已审批待支付的结算单 / no approved, unpaid settlement in ${month}` },
    ]);
  const missing = approved.filter((r) => (r.s.totals as Totals).payableFen > 0 && !r.bank).map((r) => r.name);
  if (missing.length)
    throw new AppError('VALIDATION_FAILED', [
      { field: 'bankAccount', message: `以下机构未登记收款账户 / no bank account: ${missing.join('、')}` },
    ]);
  const file = bankCsv(month, approved);
  await appendAudit(ctx.db, actor, {
    action: 'elderly.settlement.bank_file',
    targetType: 'ec_settlement_month',
    targetId: month,
    details: {
      count: file.count,
      totalFen: file.totalFen,
      settlementIds: approved.map((r) => r.s.id),
      leftOut: rows.filter((r) => r.s.status !== 'approved').map((r) => ({ id: r.s.id, status: r.s.status })),
    },
  });
  return { csv: file.csv, fileName: `payment-${month}-all.csv`, totalFen: file.totalFen, count: file.count };
}
