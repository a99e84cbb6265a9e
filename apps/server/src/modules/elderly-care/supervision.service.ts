/** Supervision: blacklist (黑名单) and 双随机、一公开 inspections. */

import { shanghaiToday } from '@lq/contracts';
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import { caseRow, create, transition } from '../../platform/cases/index.ts';
import type { Actor } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { users } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { assertUuid, requireAnyRole } from './access.ts';
import { BLACKLIST_CASE, INSPECTION_CASE } from './cases.ts';
import { drawInspections, InspectionDrawError, type Inspector, newInspectionSeed } from './domain/inspection.ts';
import { ecBlacklist, ecCaregivers, ecInspectionAssignments, ecInspections, ecProviders } from './schema.ts';

/** Provider and caregiver ids blacklisted on a date (active entry covering the date). */
export async function activeBlacklist(ex: Executor, date: string): Promise<{ providers: Set<string>; caregivers: Set<string> }> {
  const rows = await ex
    .select({ kind: ecBlacklist.subjectKind, id: ecBlacklist.subjectId })
    .from(ecBlacklist)
    .where(
      and(
        eq(ecBlacklist.status, 'active'),
        lte(ecBlacklist.validFrom, date),
        sql`(${ecBlacklist.validTo} IS NULL OR ${ecBlacklist.validTo} >= ${date})`,
      ),
    );
  const out = { providers: new Set<string>(), caregivers: new Set<string>() };
  for (const r of rows) (r.kind === 'provider' ? out.providers : out.caregivers).add(r.id);
  return out;
}

export async function assertProviderNotBlacklisted(ex: Executor, providerId: string, date: string, field = 'providerId') {
  const bl = await activeBlacklist(ex, date);
  if (bl.providers.has(providerId)) throw new AppError('PROVIDER_BLACKLISTED', [{ field, message: providerId }]);
}

function toEntry(r: typeof ecBlacklist.$inferSelect) {
  return {
    id: r.id,
    subjectKind: r.subjectKind as 'provider' | 'caregiver',
    subjectId: r.subjectId,
    reason: r.reason,
    decisionRef: r.decisionRef,
    source: r.source,
    measures: r.measures,
    validFrom: r.validFrom,
    validTo: r.validTo,
    status: caseRow(BLACKLIST_CASE, r).status,
    liftedReason: r.liftedReason,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listBlacklist(ctx: AppContext, actor: Actor) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'provider_staff', 'auditor']);
  const rows = await ctx.db.select().from(ecBlacklist).orderBy(desc(ecBlacklist.createdAt));
  const ids = (kind: 'provider' | 'caregiver') => [...new Set(rows.filter((r) => r.subjectKind === kind).map((r) => r.subjectId))];
  const [pIds, cIds] = [ids('provider'), ids('caregiver')];
  const names = new Map<string, string>();
  if (pIds.length)
    for (const p of await ctx.db
      .select({ id: ecProviders.id, name: ecProviders.name })
      .from(ecProviders)
      .where(inArray(ecProviders.id, pIds)))
      names.set(p.id, p.name);
  if (cIds.length)
    for (const c of await ctx.db
      .select({ id: ecCaregivers.id, name: ecCaregivers.name })
      .from(ecCaregivers)
      .where(inArray(ecCaregivers.id, cIds)))
      names.set(c.id, c.name);
  return rows.map((r) => ({ ...toEntry(r), subjectName: names.get(r.subjectId) ?? null }));
}

export interface BlacklistInput {
  subjectKind: 'provider' | 'caregiver';
  subjectId: string;
  reason: string;
  decisionRef: string;
  source: string;
  measures: string[];
  validFrom: string;
  validTo: string | null;
}

export async function addToBlacklist(ctx: AppContext, actor: Actor, input: BlacklistInput) {
  requireAnyRole(actor, ['county_staff']);
  return ctx.db.transaction(async (tx) => {
    assertUuid(input.subjectId);
    const table = input.subjectKind === 'provider' ? ecProviders : ecCaregivers;
    const [subject] = await tx.select({ id: table.id, regionCode: table.regionCode }).from(table).where(eq(table.id, input.subjectId));
    if (!subject) throw new AppError('VALIDATION_FAILED', [{ field: 'subjectId', message: '对象不存在 / unknown subject' }]);
    if (input.validTo && input.validTo < input.validFrom)
      throw new AppError('VALIDATION_FAILED', [{ field: 'validTo', message: 'validTo 不得早于 validFrom / validTo before validFrom' }]);
    const row = await create(tx, BLACKLIST_CASE, {
      action: 'list',
      actor,
      values: { ...input, createdBy: actor.userId },
      note: input.reason,
      payload: { subjectKind: input.subjectKind, subjectId: input.subjectId },
    });
    await appendAudit(tx, actor, {
      action: 'elderly.blacklist.add',
      targetType: `ec_${input.subjectKind}`,
      targetId: input.subjectId,
      details: {
        entryId: row.id,
        reason: input.reason,
        decisionRef: input.decisionRef,
        source: input.source,
        validFrom: input.validFrom,
        validTo: input.validTo,
      },
    });
    return toEntry(row);
  });
}

export async function liftBlacklist(ctx: AppContext, actor: Actor, id: string, reason: string) {
  requireAnyRole(actor, ['county_staff']);
  assertUuid(id);
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.select().from(ecBlacklist).where(eq(ecBlacklist.id, id)).for('update');
    if (!r) throw new AppError('NOT_FOUND');
    const row = await transition(tx, BLACKLIST_CASE, { caseId: id, action: 'lift', actor, note: reason, set: { liftedReason: reason } });
    await appendAudit(tx, actor, {
      action: 'elderly.blacklist.lift',
      targetType: `ec_${r.subjectKind}`,
      targetId: r.subjectId,
      details: { entryId: id, reason },
    });
    return toEntry(row);
  });
}

// ---------------------------------------------------------------- inspections

interface StoredDrawInput {
  providerCount: number;
  inspectorsPerProvider: number;
  providerKinds: string[] | null;
  regionCode: string | null;
  providers: { id: string }[];
  inspectors: Inspector[];
}

/** Inspectors: active county/township staff and auditors; a township's staff belong to the providers located in it. */
async function inspectorPool(ex: Executor, providers: { id: string; regionCode: string }[]): Promise<Inspector[]> {
  const rows = await ex
    .select({ id: users.id, roles: users.roles, regionCode: users.regionCode, providerId: users.providerId })
    .from(users)
    .where(and(sql`${users.status} <> 'disabled'`, sql`${users.roles} && ARRAY['county_staff','township_staff','auditor']::text[]`))
    .orderBy(asc(users.id));
  return rows.map((u) => {
    const orgs = new Set<string>();
    if (u.providerId) orgs.add(u.providerId);
    if (u.regionCode.length > 6) for (const p of providers) if (p.regionCode.startsWith(u.regionCode)) orgs.add(p.id);
    return { id: u.id, organisationIds: [...orgs].sort() };
  });
}

export async function drawInspection(
  ctx: AppContext,
  actor: Actor,
  body: { providerCount: number; inspectorsPerProvider: number; providerKinds?: string[]; regionCode?: string; seed?: string },
) {
  requireAnyRole(actor, ['county_staff']);
  return ctx.db.transaction(async (tx) => {
    const all = await tx
      .select({ id: ecProviders.id, regionCode: ecProviders.regionCode, kind: ecProviders.kind })
      .from(ecProviders)
      .orderBy(asc(ecProviders.id));
    const bl = await activeBlacklist(tx, shanghaiToday());
    const providers = all.filter(
      (p) =>
        (!body.providerKinds || body.providerKinds.includes(p.kind)) &&
        (!body.regionCode || p.regionCode.startsWith(body.regionCode)) &&
        !bl.providers.has(p.id),
    );
    const inspectors = await inspectorPool(tx, all);
    const seed = body.seed ?? newInspectionSeed();
    let draw: ReturnType<typeof drawInspections>;
    try {
      draw = drawInspections(
        seed,
        providers.map((p) => ({ id: p.id })),
        inspectors,
        body.providerCount,
        body.inspectorsPerProvider,
      );
    } catch (e) {
      if (e instanceof InspectionDrawError)
        throw new AppError('VALIDATION_FAILED', [
          { field: e.code === 'TOO_FEW_PROVIDERS' ? 'providerCount' : 'inspectorsPerProvider', code: e.code, message: e.message },
        ]);
      throw e;
    }
    const input: StoredDrawInput = {
      providerCount: body.providerCount,
      inspectorsPerProvider: body.inspectorsPerProvider,
      providerKinds: body.providerKinds ?? null,
      regionCode: body.regionCode ?? null,
      providers: providers.map((p) => ({ id: p.id })),
      inspectors,
    };
    const row = await create(tx, INSPECTION_CASE, {
      action: 'draw',
      actor,
      values: { seed, algorithm: draw.algorithm, input, drawnBy: actor.userId },
      payload: { seed, providerCount: body.providerCount },
      audit: { seed, algorithm: draw.algorithm, assignments: draw.assignments.length },
    });
    if (draw.assignments.length) {
      await tx
        .insert(ecInspectionAssignments)
        .values(draw.assignments.map((a) => ({ inspectionId: row.id, providerId: a.providerId, inspectorIds: a.inspectorIds })));
    }

    return getInspectionTx(tx, row.id);
  });
}

async function getInspectionTx(ex: Executor, id: string) {
  const [r] = await ex.select().from(ecInspections).where(eq(ecInspections.id, id));
  if (!r) throw new AppError('NOT_FOUND');
  const assignments = await ex
    .select({ a: ecInspectionAssignments, name: ecProviders.name })
    .from(ecInspectionAssignments)
    .innerJoin(ecProviders, eq(ecProviders.id, ecInspectionAssignments.providerId))
    .where(eq(ecInspectionAssignments.inspectionId, id));
  const input = r.input as StoredDrawInput;
  // Replay the draw from the stored seed and pools: anyone can check it was not rearranged.
  const replay = drawInspections(r.seed, input.providers, input.inspectors, input.providerCount, input.inspectorsPerProvider);
  const byProvider = new Map(assignments.map((x) => [x.a.providerId, x]));
  const inspectorIds = [...new Set(assignments.flatMap((x) => x.a.inspectorIds))];
  const inspectorName = new Map(
    inspectorIds.length
      ? (await ex.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, inspectorIds))).map((u) => [
          u.id,
          u.name,
        ])
      : [],
  );
  const ordered = replay.assignments.map((a) => byProvider.get(a.providerId)).filter((x) => x !== undefined);
  const reproducible =
    replay.assignments.length === assignments.length &&
    replay.assignments.every((a) => JSON.stringify(byProvider.get(a.providerId)?.a.inspectorIds) === JSON.stringify(a.inspectorIds));
  return {
    id: r.id,
    seed: r.seed,
    algorithm: r.algorithm,
    status: caseRow(INSPECTION_CASE, r).status,
    drawnAt: r.drawnAt.toISOString(),
    drawnBy: r.drawnBy,
    publishedOn: r.publishedOn,
    reproducible,
    params: {
      providerCount: input.providerCount,
      inspectorsPerProvider: input.inspectorsPerProvider,
      providerKinds: input.providerKinds,
      regionCode: input.regionCode,
      candidateProviders: input.providers.length,
      candidateInspectors: input.inspectors.length,
    },
    assignments: ordered.map(({ a, name }) => ({
      providerId: a.providerId,
      providerName: name,
      inspectorIds: a.inspectorIds,
      inspectorNames: a.inspectorIds.map((i) => inspectorName.get(i) ?? '—'),
      inspectedOn: a.inspectedOn,
      rating: a.rating,
      findings: a.findings,
    })),
  };
}

export async function listInspections(ctx: AppContext, actor: Actor) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'auditor']);
  const rows = await ctx.db.select({ id: ecInspections.id }).from(ecInspections).orderBy(desc(ecInspections.drawnAt)).limit(100);
  const out = [];
  for (const r of rows) out.push(await getInspectionTx(ctx.db, r.id));
  return out;
}

export async function getInspection(ctx: AppContext, actor: Actor, id: string) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'auditor']);
  assertUuid(id);
  return getInspectionTx(ctx.db, id);
}

export async function recordInspectionResult(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { providerId: string; inspectedOn: string; rating: string; findings: string },
) {
  requireAnyRole(actor, ['county_staff']);
  assertUuid(id);
  return ctx.db.transaction(async (tx) => {
    await transition(tx, INSPECTION_CASE, {
      caseId: id,
      action: 'record',
      actor,
      payload: { providerId: body.providerId, rating: body.rating },
      audit: { providerId: body.providerId, rating: body.rating },
      effect: async () => {
        const updated = await tx
          .update(ecInspectionAssignments)
          .set({ inspectedOn: body.inspectedOn, rating: body.rating, findings: body.findings, recordedBy: actor.userId })
          .where(and(eq(ecInspectionAssignments.inspectionId, id), eq(ecInspectionAssignments.providerId, body.providerId)))
          .returning();
        if (!updated.length)
          throw new AppError('VALIDATION_FAILED', [
            { field: 'providerId', message: '该机构未被抽中 / provider not drawn in this inspection' },
          ]);
        return undefined;
      },
    });
    return getInspectionTx(tx, id);
  });
}

export async function publishInspection(ctx: AppContext, actor: Actor, id: string) {
  requireAnyRole(actor, ['county_staff']);
  assertUuid(id);
  return ctx.db.transaction(async (tx) => {
    await transition(tx, INSPECTION_CASE, {
      caseId: id,
      action: 'publish',
      actor,
      set: { publishedOn: shanghaiToday() },
      effect: async () => {
        const pending = await tx
          .select({ id: ecInspectionAssignments.id })
          .from(ecInspectionAssignments)
          .where(and(eq(ecInspectionAssignments.inspectionId, id), sql`${ecInspectionAssignments.rating} IS NULL`));
        if (pending.length)
          throw new AppError('VALIDATION_FAILED', [
            { field: 'assignments', message: `还有 ${pending.length} 家机构未录入检查结果 / ${pending.length} results missing` },
          ]);
        return undefined;
      },
    });
    return getInspectionTx(tx, id);
  });
}

/** 一公开: published results for the public page (organisation names and results; no inspector identities). */
export async function publicInspections(ctx: AppContext) {
  const rows = await ctx.db
    .select()
    .from(ecInspections)
    .where(eq(ecInspections.status, 'published'))
    .orderBy(desc(ecInspections.publishedOn))
    .limit(50);
  if (!rows.length) return [];
  const assignments = await ctx.db
    .select({ a: ecInspectionAssignments, name: ecProviders.name })
    .from(ecInspectionAssignments)
    .innerJoin(ecProviders, eq(ecProviders.id, ecInspectionAssignments.providerId))
    .where(
      inArray(
        ecInspectionAssignments.inspectionId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({
    id: r.id,
    publishedOn: r.publishedOn ?? '',
    seed: r.seed,
    algorithm: r.algorithm,
    results: assignments
      .filter((x) => x.a.inspectionId === r.id)
      .map((x) => ({ providerName: x.name, inspectedOn: x.a.inspectedOn, rating: x.a.rating, findings: x.a.findings })),
  }));
}
