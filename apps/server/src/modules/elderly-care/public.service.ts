/** Resident self-service: apply without logging in, follow progress by an unguessable code. */

import { maskName, ORDER_STATUS_LABELS, parseIdNumber, shanghaiToday } from '@lq/contracts';
import { and, desc, eq, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { appendAudit } from '../../platform/audit.ts';
import { assertCanTake, caseRow, create, isStatus, transition } from '../../platform/cases/index.ts';
import type { Actor } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { people, regions } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { assertUuid, elderlyActor, requireAnyRole } from './access.ts';
import type { ApplicationStatus } from './cases.ts';
import { APPLICATION_CASE, ORDER_CASE } from './cases.ts';
import { menuItemOn } from './catalog.service.ts';
import { insertOrder, newTrackingCode, trackingView } from './order.service.ts';
import { ecApplications, ecOrders } from './schema.ts';

export interface PublicApplicationBody {
  name: string;
  idNumber: string;
  phone: string;
  itemCodes: string[];
  note?: string;
  /** The township (乡镇/街道) the resident lives in: its staff verify an unmatched application. */
  townshipCode: string;
}

/** The resident acting for themselves (or a family member) through the public page. */
function publicActor(ip: string | null, requestId: string | null): Actor {
  return {
    userId: null,
    username: 'public',
    displayName: '居民自助申请',
    roles: ['resident'],
    regionCode: '',
    providerId: null,
    requestId,
    ip,
  };
}

const APPLICATION_STATUS_LABELS: Record<string, string> = {
  pending_verification: '待核实身份',
  submitted: '已提交申请',
  rejected: '未通过核实',
};

export async function submitPublicApplication(
  ctx: AppContext,
  body: PublicApplicationBody,
  meta: { ip: string | null; requestId: string | null },
) {
  const parsed = parseIdNumber(body.idNumber);
  if (!parsed.ok)
    throw new AppError('VALIDATION_FAILED', [
      { field: 'idNumber', code: `ID_${parsed.problem}`, message: '身份证号码无效 / invalid ID number' },
    ]);
  const today = shanghaiToday();
  for (const [i, code] of body.itemCodes.entries()) {
    if (!(await menuItemOn(ctx.db, code, today)))
      throw new AppError('VALIDATION_FAILED', [{ field: `itemCodes.${i}`, message: `服务项目 ${code} 不存在 / unknown menu item` }]);
  }
  {
    const [t] = await ctx.db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.code, body.townshipCode), eq(regions.parentCode, ctx.config.deployment.county.code)));
    if (!t) throw new AppError('VALIDATION_FAILED', [{ field: 'townshipCode', message: '乡镇(街道)代码不存在 / unknown township' }]);
  }
  const idHash = ctx.crypto.hash(parsed.idNumber);
  const trackingCode = newTrackingCode();
  const result = await ctx.db.transaction(async (tx) => {
    const [person] = await tx.select().from(people).where(eq(people.idHash, idHash));
    // Only an exact match of ID number AND name links the registered person; anything else waits for staff.
    const matched = person && person.name === body.name.trim() && !person.deathDate ? person : null;
    const regionCode = matched?.residenceRegionCode ?? body.townshipCode;
    const actor = publicActor(meta.ip, meta.requestId);
    const app = await create(tx, APPLICATION_CASE, {
      action: 'submit',
      actor,
      input: { matched: !!matched },
      note: matched ? '身份证号与姓名匹配登记人员 / matched a registered person' : null,
      values: {
        trackingCode,
        regionCode,
        name: body.name.trim(),
        idHash,
        idEnc: ctx.crypto.encrypt(parsed.idNumber),
        phoneEnc: ctx.crypto.encrypt(body.phone),
        itemCodes: body.itemCodes,
        note: body.note ?? null,
        personId: matched?.id ?? null,
      },
    });
    let orderId: string | null = null;
    if (matched) {
      const ea = { ...(await elderlyActor(tx, actor)), personIds: [matched.id] };
      const order = await insertOrder(tx, ea, {
        personId: matched.id,
        regionCode,
        channel: 'self',
        trackingCode,
        items: body.itemCodes.map((c) => ({
          itemCode: c,
          frequency: { kind: 'weekly' as const, weekdays: [1, 4], startDate: today, endDate: null },
        })),
        contactPhone: body.phone,
        note: body.note ?? null,
        parent: { workflow: APPLICATION_CASE.name, caseId: app.id },
      });
      orderId = order.id;
      await tx.update(ecApplications).set({ orderId }).where(eq(ecApplications.id, app.id));
    }
    await appendAudit(tx, actor, {
      action: 'elderly.application.public',
      targetType: 'ec_application',
      targetId: app.id,
      details: { matched: !!matched, orderId, items: body.itemCodes },
    });
    return { matched: !!matched };
  });
  const trackUrl = `/track/${trackingCode}`;
  const qrSvg = await QRCode.toString(trackUrl, { type: 'svg', margin: 1, width: 200 });
  return {
    trackingCode,
    trackUrl,
    qrSvg,
    status: result.matched ? 'submitted' : 'pending_verification',
    statusLabel: result.matched ? '已提交申请' : '待核实身份',
  };
}

/** Status only: steps and the masked name, nothing else about the person. */
export async function trackByCode(ctx: AppContext, code: string) {
  if (!/^[A-Za-z0-9_-]{16,40}$/.test(code)) throw new AppError('NOT_FOUND');
  const [o] = await ctx.db
    .select({ status: ecOrders.status, updatedAt: ecOrders.updatedAt, name: people.name })
    .from(ecOrders)
    .innerJoin(people, eq(people.id, ecOrders.personId))
    .where(eq(ecOrders.trackingCode, code));
  if (o && isStatus(ORDER_CASE, o.status))
    return trackingView(code, maskName(o.name), o.status, ORDER_STATUS_LABELS[o.status], o.updatedAt, o.status);
  const [a] = await ctx.db.select().from(ecApplications).where(eq(ecApplications.trackingCode, code));
  if (!a) throw new AppError('NOT_FOUND');
  return trackingView(code, maskName(a.name), a.status, APPLICATION_STATUS_LABELS[a.status] ?? a.status, a.createdAt, null);
}

// ---------------------------------------------------------------- staff side of public applications

export async function listApplications(ctx: AppContext, actor: Actor, q: { status?: ApplicationStatus }) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'auditor']);
  const rows = await ctx.db
    .select()
    .from(ecApplications)
    .where(
      and(
        actor.roles.includes('auditor') ? undefined : sql`${ecApplications.regionCode} LIKE ${`${actor.regionCode}%`}`,
        q.status ? eq(ecApplications.status, q.status) : undefined,
      ),
    )
    .orderBy(desc(ecApplications.createdAt))
    .limit(200);
  return rows.map((a) => ({
    id: a.id,
    status: a.status,
    statusLabel: APPLICATION_STATUS_LABELS[a.status] ?? a.status,
    regionCode: a.regionCode,
    name: a.name,
    itemCodes: a.itemCodes,
    note: a.note,
    personId: a.personId,
    orderId: a.orderId,
    trackingCode: a.trackingCode,
    createdAt: a.createdAt.toISOString(),
    version: a.version,
  }));
}

/** The application in the actor's region, row-locked, at the version the caller saw (404 / 409 otherwise). */
async function lockApplication(tx: Executor, actor: Actor, id: string, version: number) {
  const [a] = await tx
    .select()
    .from(ecApplications)
    .where(and(eq(ecApplications.id, id), sql`${ecApplications.regionCode} LIKE ${`${actor.regionCode}%`}`))
    .for('update');
  if (!a) throw new AppError('NOT_FOUND');
  if (a.version !== version) throw new AppError('VERSION_CONFLICT');
  return caseRow(APPLICATION_CASE, a);
}

/** Staff verify a pending application against a registered person: the order is created (channel self). */
export async function verifyApplication(ctx: AppContext, actor: Actor, id: string, body: { personId: string; version: number }) {
  requireAnyRole(actor, ['township_staff']);
  assertUuid(id);
  return ctx.db.transaction(async (tx) => {
    const a = await lockApplication(tx, actor, id, body.version);
    assertCanTake(APPLICATION_CASE, a, 'verify', actor);
    assertUuid(body.personId);
    const [p] = await tx
      .select()
      .from(people)
      .where(and(eq(people.id, body.personId), sql`${people.residenceRegionCode} LIKE ${`${actor.regionCode}%`}`));
    if (!p)
      throw new AppError('VALIDATION_FAILED', [{ field: 'personId', message: '人员不存在或不在辖区 / person not found in your region' }]);
    if (p.idHash !== a.idHash)
      throw new AppError('VALIDATION_FAILED', [
        { field: 'personId', message: '身份证号与申请不一致 / ID number does not match the application' },
      ]);
    const today = shanghaiToday();
    const ea = await elderlyActor(tx, actor);
    const order = await insertOrder(tx, ea, {
      personId: p.id,
      regionCode: p.residenceRegionCode,
      channel: 'self',
      trackingCode: a.trackingCode,
      note: a.note,
      items: a.itemCodes.map((c) => ({
        itemCode: c,
        frequency: { kind: 'weekly' as const, weekdays: [1, 4], startDate: today, endDate: null },
      })),
      contactPhone: ctx.crypto.decrypt(a.phoneEnc),
      parent: { workflow: APPLICATION_CASE.name, caseId: id },
    });
    // The order now owns the tracking code; the application keeps it as a pointer.
    await transition(tx, APPLICATION_CASE, {
      caseId: id,
      action: 'verify',
      actor,
      expectedVersion: body.version,
      set: { personId: p.id, orderId: order.id },
      audit: { personId: p.id, orderId: order.id },
    });
    return { applicationId: id, orderId: order.id };
  });
}

export async function rejectApplication(ctx: AppContext, actor: Actor, id: string, body: { note: string; version: number }) {
  requireAnyRole(actor, ['township_staff']);
  assertUuid(id);
  return ctx.db.transaction(async (tx) => {
    await lockApplication(tx, actor, id, body.version);
    await transition(tx, APPLICATION_CASE, { caseId: id, action: 'reject', actor, expectedVersion: body.version, note: body.note });
    return { applicationId: id, orderId: null };
  });
}
