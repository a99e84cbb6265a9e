import type { HouseholdCreate, HouseholdPatch, HouseholdSearchQuery } from '@lq/contracts';
import { ageOn, type Household, maskIdNumber, shanghaiToday } from '@lq/contracts';
import { and, asc, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { appendAudit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { households, people } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { classifyQuery, normalizeName, queryGrams } from '../../platform/search-keys.ts';
import { assertCanRead, assertCanWrite } from '../people/people.access.ts';
import { loadPersonRow } from '../people/people.service.ts';
import { assertRegionInScope, regionMap } from '../regions/regions.service.ts';

type HouseholdRow = typeof households.$inferSelect;

export function householdScope(actor: Actor): SQL {
  const p = `${actor.regionCode}%`;
  return sql`(${households.residenceRegionCode} LIKE ${p} OR ${households.registeredRegionCode} LIKE ${p})`;
}

async function loadHousehold(ex: Executor, actor: Actor, id: string, forUpdate = false): Promise<HouseholdRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND');
  const q = ex
    .select()
    .from(households)
    .where(and(eq(households.id, id), householdScope(actor)));
  const rows = forUpdate ? await q.for('update') : await q;
  if (!rows[0]) throw new AppError('NOT_FOUND');
  return rows[0];
}

async function toHousehold(ctx: AppContext, ex: Executor, h: HouseholdRow, withMembers: boolean): Promise<Household> {
  const members = await ex.select().from(people).where(eq(people.householdId, h.id)).orderBy(asc(people.birthDate));
  const head = members.find((m) => m.id === h.headPersonId);
  const names = await regionMap(ex);
  const today = shanghaiToday();
  return {
    id: h.id,
    householdNumber: h.householdNumber,
    headPersonId: h.headPersonId,
    headName: head?.name ?? null,
    registeredRegionCode: h.registeredRegionCode,
    residenceRegionCode: h.residenceRegionCode,
    residenceRegionName: names.get(h.residenceRegionCode)?.name ?? null,
    address: h.address,
    memberCount: members.length,
    members: withMembers
      ? members.map((m) => ({
          personId: m.id,
          name: m.name,
          relation: m.relationToHead ?? 'other',
          idNumber: maskIdNumber(ctx.crypto.decrypt(m.idEnc)) ?? '',
          age: ageOn(m.birthDate, m.deathDate ?? today),
          sex: m.sex as 'M' | 'F',
        }))
      : undefined,
    isDemo: h.isDemo,
    version: h.version,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

async function attachMember(tx: Executor, actor: Actor, h: HouseholdRow, personId: string, relation: string) {
  const p = await loadPersonRow(tx, actor, personId, true);
  await tx
    .update(people)
    .set({ householdId: h.id, relationToHead: relation, version: p.version + 1, updatedAt: sql`now()` })
    .where(eq(people.id, p.id));
  if (relation === 'head') await tx.update(households).set({ headPersonId: p.id }).where(eq(households.id, h.id));
}

export async function createHousehold(ctx: AppContext, actor: Actor, input: z.infer<typeof HouseholdCreate>): Promise<Household> {
  assertCanWrite(actor);
  return ctx.db.transaction(async (tx) => {
    await assertRegionInScope(tx, actor, input.residenceRegionCode, 'residenceRegionCode');
    const heads = (input.members ?? []).filter((m) => m.relation === 'head');
    if (heads.length > 1)
      throw new AppError('VALIDATION_FAILED', [{ field: 'members', message: '一户只能有一名户主 / one head per household' }]);
    const [h] = await tx
      .insert(households)
      .values({
        householdNumber: input.householdNumber ?? null,
        registeredRegionCode: input.registeredRegionCode ?? input.residenceRegionCode,
        residenceRegionCode: input.residenceRegionCode,
        address: input.address ?? null,
      })
      .returning();
    for (const m of input.members ?? []) await attachMember(tx, actor, h, m.personId, m.relation);
    await appendAudit(tx, actor, {
      action: 'household.create',
      targetType: 'household',
      targetId: h.id,
      details: { members: (input.members ?? []).length },
    });
    const [fresh] = await tx.select().from(households).where(eq(households.id, h.id));
    return toHousehold(ctx, tx, fresh, true);
  });
}

export async function getHousehold(ctx: AppContext, actor: Actor, id: string): Promise<Household> {
  assertCanRead(actor);
  return toHousehold(ctx, ctx.db, await loadHousehold(ctx.db, actor, id), true);
}

export async function updateHousehold(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: z.infer<typeof HouseholdPatch>,
): Promise<Household> {
  assertCanWrite(actor);
  return ctx.db.transaction(async (tx) => {
    const h = await loadHousehold(tx, actor, id, true);
    if (h.version !== patch.version) throw new AppError('VERSION_CONFLICT', [{ field: 'version', message: `current ${h.version}` }]);
    if (patch.residenceRegionCode) await assertRegionInScope(tx, actor, patch.residenceRegionCode, 'residenceRegionCode');
    const set: Partial<typeof households.$inferInsert> = { version: h.version + 1, updatedAt: new Date() };
    const changed: string[] = [];
    for (const f of ['householdNumber', 'registeredRegionCode', 'residenceRegionCode', 'address'] as const) {
      if (patch[f] !== undefined && patch[f] !== h[f]) {
        (set as Record<string, unknown>)[f] = patch[f];
        changed.push(f);
      }
    }
    await tx.update(households).set(set).where(eq(households.id, h.id));
    for (const m of patch.members ?? []) await attachMember(tx, actor, h, m.personId, m.relation);
    await appendAudit(tx, actor, {
      action: 'household.update',
      targetType: 'household',
      targetId: h.id,
      details: { fields: changed, version: h.version + 1 },
    });
    const [fresh] = await tx.select().from(households).where(eq(households.id, h.id));
    return toHousehold(ctx, tx, fresh, true);
  });
}

export async function addMember(ctx: AppContext, actor: Actor, id: string, personId: string, relation: string): Promise<Household> {
  assertCanWrite(actor);
  return ctx.db.transaction(async (tx) => {
    const h = await loadHousehold(tx, actor, id, true);
    if (relation === 'head' && h.headPersonId && h.headPersonId !== personId) {
      throw new AppError('VALIDATION_FAILED', [{ field: 'relation', message: '该户已有户主 / the household already has a head' }]);
    }
    await attachMember(tx, actor, h, personId, relation);
    await tx
      .update(households)
      .set({ version: h.version + 1, updatedAt: new Date() })
      .where(eq(households.id, h.id));
    await appendAudit(tx, actor, {
      action: 'household.member.add',
      targetType: 'household',
      targetId: h.id,
      details: { personId, relation },
    });
    const [fresh] = await tx.select().from(households).where(eq(households.id, h.id));
    return toHousehold(ctx, tx, fresh, true);
  });
}

export async function removeMember(ctx: AppContext, actor: Actor, id: string, personId: string): Promise<Household> {
  assertCanWrite(actor);
  return ctx.db.transaction(async (tx) => {
    const h = await loadHousehold(tx, actor, id, true);
    const p = await loadPersonRow(tx, actor, personId, true);
    if (p.householdId !== h.id) throw new AppError('NOT_FOUND');
    await tx
      .update(people)
      .set({ householdId: null, relationToHead: null, version: p.version + 1, updatedAt: sql`now()` })
      .where(eq(people.id, p.id));
    await tx
      .update(households)
      .set({
        version: h.version + 1,
        updatedAt: new Date(),
        headPersonId: h.headPersonId === p.id ? null : h.headPersonId,
      })
      .where(eq(households.id, h.id));
    await appendAudit(tx, actor, { action: 'household.member.remove', targetType: 'household', targetId: h.id, details: { personId } });
    const [fresh] = await tx.select().from(households).where(eq(households.id, h.id));
    return toHousehold(ctx, tx, fresh, true);
  });
}

export async function searchHouseholds(ctx: AppContext, actor: Actor, q: z.infer<typeof HouseholdSearchQuery>) {
  assertCanRead(actor);
  const conds: (SQL | undefined)[] = [householdScope(actor)];
  if (q.regionCode) conds.push(sql`${households.residenceRegionCode} LIKE ${`${q.regionCode}%`}`);
  const c = classifyQuery(q.q ?? '');
  if (c.kind === 'name') {
    const grams = queryGrams(c.value);
    const norm = normalizeName(c.value);
    conds.push(sql`${households.id} IN (SELECT ${people.householdId} FROM ${people} WHERE ${people.nameGrams} @> ARRAY[${sql.join(
      grams.map((g) => sql`${g}`),
      sql`, `,
    )}]::text[]
      AND ${people.nameNorm} LIKE ${`%${norm}%`} AND ${people.householdId} IS NOT NULL)`);
  } else if (c.kind !== 'empty') {
    conds.push(sql`${households.householdNumber} LIKE ${`${q.q}%`}`);
  }
  const where = and(...conds);
  const [{ n }] = await ctx.db.select({ n: count() }).from(households).where(where);
  const rows = await ctx.db
    .select()
    .from(households)
    .where(where)
    .orderBy(asc(households.residenceRegionCode), asc(households.householdNumber), asc(households.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await ctx.db
        .select({ h: people.householdId, n: count() })
        .from(people)
        .where(inArray(people.householdId, ids))
        .groupBy(people.householdId)
    : [];
  const heads = rows.map((r) => r.headPersonId).filter((x): x is string => !!x);
  const headRows = heads.length
    ? await ctx.db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, heads))
    : [];
  const names = await regionMap(ctx.db);
  return {
    total: Number(n),
    items: rows.map((h) => ({
      id: h.id,
      householdNumber: h.householdNumber,
      headPersonId: h.headPersonId,
      headName: headRows.find((x) => x.id === h.headPersonId)?.name ?? null,
      registeredRegionCode: h.registeredRegionCode,
      residenceRegionCode: h.residenceRegionCode,
      residenceRegionName: names.get(h.residenceRegionCode)?.name ?? null,
      address: h.address,
      memberCount: Number(counts.find((c2) => c2.h === h.id)?.n ?? 0),
      isDemo: h.isDemo,
      version: h.version,
      createdAt: h.createdAt.toISOString(),
      updatedAt: h.updatedAt.toISOString(),
    })),
  };
}
