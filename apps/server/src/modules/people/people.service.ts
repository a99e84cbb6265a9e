import {
  ageOn,
  ID_NUMBER_PROBLEM_MESSAGES,
  maskIdNumber,
  maskPhone,
  type Person,
  type PersonCreate,
  type PersonPatch,
  type PersonSearchQuery,
  parseIdNumber,
  shanghaiToday,
} from '@lq/contracts';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/context.ts';
import type { FieldCrypto } from '../../platform/crypto.ts';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { households, people, personHistory } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { classifyQuery, nameGrams, namePinyin, normalizeName, queryGrams } from '../../platform/search-keys.ts';
import { assertRegionInScope, regionMap } from '../regions/regions.service.ts';
import { assertCanRead, assertCanReveal, assertCanWrite, personScope } from './people.access.ts';

export type PersonRow = typeof people.$inferSelect;

/** Validate an ID number into the derived facts, or a 400 naming the idNumber field. */
export function checkIdNumber(raw: string, field = 'idNumber') {
  const r = parseIdNumber(raw);
  if (!r.ok) {
    const m = ID_NUMBER_PROBLEM_MESSAGES[r.problem];
    throw new AppError('VALIDATION_FAILED', [{ field, code: `ID_${r.problem}`, message: `${m.zh} / ${m.en}` }]);
  }
  return r;
}

/** Columns derived from the name and the ID number: search keys, ciphertext, keyed hash. */
export function derivedColumns(crypto: FieldCrypto, name: string, idNumber: string) {
  const norm = normalizeName(name);
  const py = namePinyin(name);
  return {
    nameNorm: norm,
    namePinyin: py.full,
    nameInitials: py.initials,
    nameGrams: nameGrams(name),
    idEnc: crypto.encrypt(idNumber),
    idHash: crypto.hash(idNumber),
    idTailRev: Array.from(idNumber.slice(-6)).reverse().join(''),
  };
}

export interface ToPersonOptions {
  reveal?: boolean;
  today?: string;
  regionNames?: Map<string, { name: string }>;
}

export function toPerson(crypto: FieldCrypto, r: PersonRow, opts: ToPersonOptions = {}): Person {
  const id = crypto.decrypt(r.idEnc);
  const today = opts.today ?? shanghaiToday();
  const names = opts.regionNames;
  return {
    id: r.id,
    name: r.name,
    idNumber: (opts.reveal ? id : maskIdNumber(id)) ?? '',
    sex: r.sex as 'M' | 'F',
    age: ageOn(r.birthDate, r.deathDate ?? today),
    phone: opts.reveal ? r.phone : maskPhone(r.phone),
    registeredRegionCode: r.registeredRegionCode,
    registeredRegionName: r.registeredRegionCode ? (names?.get(r.registeredRegionCode)?.name ?? null) : null,
    residenceRegionCode: r.residenceRegionCode,
    residenceRegionName: names?.get(r.residenceRegionCode)?.name ?? null,
    address: r.address,
    ethnicity: r.ethnicity,
    householdId: r.householdId,
    relationToHead: r.relationToHead,
    disabilityCategory: r.disabilityCategory,
    disabilityGrade: r.disabilityGrade,
    health: r.health,
    seriousIllnesses: r.seriousIllnesses ?? [],
    labourCapacity: r.labourCapacity,
    livingArrangement: r.livingArrangement,
    tags: r.tags ?? [],
    deathDate: r.deathDate,
    latitude: r.latitude,
    longitude: r.longitude,
    isDemo: r.isDemo,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function checkRegions(ex: Executor, actor: Actor, input: { residenceRegionCode?: string; registeredRegionCode?: string | null }) {
  if (input.residenceRegionCode !== undefined) await assertRegionInScope(ex, actor, input.residenceRegionCode, 'residenceRegionCode');
  const reg = input.registeredRegionCode;
  // 户籍 may lie outside the county (people who moved in); inside it, the code must exist.
  if (reg?.startsWith(actor.regionCode.slice(0, 6))) {
    const map = await regionMap(ex);
    if (!map.has(reg)) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'registeredRegionCode', code: 'UNKNOWN_REGION', message: `区划代码 ${reg} 不存在 / unknown region code` },
      ]);
    }
  }
}

function disabilityCheck(category: unknown, grade: unknown) {
  if ((category == null) !== (grade == null)) {
    throw new AppError('VALIDATION_FAILED', [
      {
        field: category == null ? 'disabilityCategory' : 'disabilityGrade',
        message: '残疾类别与等级需同时填写 / disability category and grade go together',
      },
    ]);
  }
}

export async function findDuplicates(ex: Executor, name: string, birthDate: string, regionCode: string, excludeId?: string) {
  const rows = await ex
    .select()
    .from(people)
    .where(
      and(
        eq(people.nameNorm, normalizeName(name)),
        eq(people.birthDate, birthDate),
        eq(people.residenceRegionCode, regionCode),
        excludeId ? sql`${people.id} <> ${excludeId}` : undefined,
      ),
    )
    .limit(10);
  return rows;
}

const FACT_FIELDS = [
  'name',
  'phone',
  'registeredRegionCode',
  'residenceRegionCode',
  'address',
  'ethnicity',
  'disabilityCategory',
  'disabilityGrade',
  'health',
  'seriousIllnesses',
  'labourCapacity',
  'livingArrangement',
  'tags',
  'deathDate',
  'latitude',
  'longitude',
] as const;

/** Create a person inside an open transaction (used by the route, the importer and the seed). */
export async function insertPerson(
  tx: Executor,
  ctx: Pick<AppContext, 'crypto'>,
  actor: Actor,
  input: PersonCreate,
  opts: { skipDuplicateCheck?: boolean; isDemo?: boolean; audit?: boolean } = {},
): Promise<PersonRow> {
  const id = checkIdNumber(input.idNumber);
  disabilityCheck(input.disabilityCategory, input.disabilityGrade);
  const derived = derivedColumns(ctx.crypto, input.name, id.idNumber);
  const existing = await tx.select({ id: people.id }).from(people).where(eq(people.idHash, derived.idHash)).limit(1);
  if (existing.length) {
    throw new AppError('ID_NUMBER_EXISTS', [
      { field: 'idNumber', code: 'ID_EXISTS', message: `${maskIdNumber(id.idNumber)} 已登记 / already registered` },
    ]);
  }
  if (!opts.skipDuplicateCheck && !input.confirmDuplicate) {
    const dups = await findDuplicates(tx, input.name, id.birthDate, input.residenceRegionCode);
    if (dups.length) {
      throw new AppError(
        'POSSIBLE_DUPLICATE',
        // No ID digits: the caller knows the birth date (it is in the number just typed), so even
        // a masked number of the other person could be completed.
        dups.map((d) => ({
          field: 'name',
          code: d.id,
          message: `${d.name} ${ageOn(d.birthDate, d.deathDate ?? shanghaiToday())}岁 ${d.residenceRegionCode}`,
        })),
      );
    }
  }
  const [row] = await tx
    .insert(people)
    .values({
      ...derived,
      name: input.name.trim(),
      birthDate: id.birthDate,
      sex: id.sex,
      phone: input.phone ?? null,
      householdId: input.householdId ?? null,
      relationToHead: input.relationToHead ?? null,
      registeredRegionCode: input.registeredRegionCode ?? input.residenceRegionCode,
      residenceRegionCode: input.residenceRegionCode,
      address: input.address ?? null,
      ethnicity: input.ethnicity ?? null,
      disabilityCategory: input.disabilityCategory ?? null,
      disabilityGrade: input.disabilityGrade ?? null,
      health: input.health ?? null,
      seriousIllnesses: input.seriousIllnesses ?? [],
      labourCapacity: input.labourCapacity ?? null,
      livingArrangement: input.livingArrangement ?? null,
      tags: input.tags ?? [],
      deathDate: input.deathDate ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      isDemo: opts.isDemo ?? false,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    })
    .returning();
  await tx.insert(personHistory).values({
    personId: row.id,
    version: 1,
    field: '*created',
    oldValue: null,
    newValue: { name: row.name, residenceRegionCode: row.residenceRegionCode },
    changedBy: actor.userId,
    changedByName: actor.displayName,
  });
  if (opts.audit !== false) {
    await appendAudit(tx, actor, {
      action: 'person.create',
      targetType: 'person',
      targetId: row.id,
      details: { residenceRegionCode: row.residenceRegionCode, duplicateConfirmed: !!input.confirmDuplicate },
    });
  }
  return row;
}

export async function createPerson(ctx: AppContext, actor: Actor, input: PersonCreate): Promise<Person> {
  assertCanWrite(actor);
  const row = await ctx.db.transaction(async (tx) => {
    await checkRegions(tx, actor, input);
    if (input.householdId) await loadHouseholdInScope(tx, actor, input.householdId);
    return insertPerson(tx, ctx, actor, input);
  });
  return toPerson(ctx.crypto, row, { regionNames: await regionMap(ctx.db) });
}

async function loadHouseholdInScope(ex: Executor, actor: Actor, householdId: string) {
  const prefix = `${actor.regionCode}%`;
  const rows = await ex
    .select()
    .from(households)
    .where(
      and(
        eq(households.id, householdId),
        sql`(${households.residenceRegionCode} LIKE ${prefix} OR ${households.registeredRegionCode} LIKE ${prefix})`,
      ),
    );
  if (!rows[0]) throw new AppError('VALIDATION_FAILED', [{ field: 'householdId', message: '家庭户不存在 / household not found' }]);
  return rows[0];
}

export async function loadPersonRow(ex: Executor, actor: Actor, id: string, forUpdate = false): Promise<PersonRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND');
  const q = ex
    .select()
    .from(people)
    .where(and(eq(people.id, id), personScope(actor)));
  const rows = forUpdate ? await q.for('update') : await q;
  if (!rows[0]) throw new AppError('NOT_FOUND');
  return rows[0];
}

export async function getPerson(ctx: AppContext, actor: Actor, id: string): Promise<Person> {
  assertCanRead(actor);
  const row = await loadPersonRow(ctx.db, actor, id);
  return toPerson(ctx.crypto, row, { regionNames: await regionMap(ctx.db) });
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export async function updatePerson(ctx: AppContext, actor: Actor, id: string, patch: PersonPatch): Promise<Person> {
  assertCanWrite(actor);
  const row = await ctx.db.transaction(async (tx) => {
    const cur = await loadPersonRow(tx, actor, id, true);
    if (cur.version !== patch.version) {
      throw new AppError('VERSION_CONFLICT', [{ field: 'version', message: `current ${cur.version}, yours ${patch.version}` }]);
    }
    await checkRegions(tx, actor, patch);
    const set: Partial<typeof people.$inferInsert> = {};
    const changes: { field: string; oldValue: unknown; newValue: unknown }[] = [];
    for (const f of FACT_FIELDS) {
      if (!(f in patch) || patch[f] === undefined) continue;
      const next = patch[f];
      if (!sameValue(cur[f], next)) {
        changes.push({ field: f, oldValue: cur[f] ?? null, newValue: next ?? null });
        (set as Record<string, unknown>)[f] = next ?? (f === 'tags' || f === 'seriousIllnesses' ? [] : null);
      }
    }
    disabilityCheck(
      'disabilityCategory' in set ? set.disabilityCategory : cur.disabilityCategory,
      'disabilityGrade' in set ? set.disabilityGrade : cur.disabilityGrade,
    );
    let newId: string | null = null;
    if (patch.idNumber !== undefined) {
      const parsed = checkIdNumber(patch.idNumber);
      const oldId = ctx.crypto.decrypt(cur.idEnc);
      if (parsed.idNumber !== oldId) {
        newId = parsed.idNumber;
        const h = ctx.crypto.hash(newId);
        const clash = await tx
          .select({ id: people.id })
          .from(people)
          .where(and(eq(people.idHash, h), sql`${people.id} <> ${cur.id}`));
        if (clash.length)
          throw new AppError('ID_NUMBER_EXISTS', [
            { field: 'idNumber', message: '该身份证号已登记 / this ID number is already registered' },
          ]);
        Object.assign(set, { birthDate: parsed.birthDate, sex: parsed.sex });
        changes.push({ field: 'idNumber', oldValue: maskIdNumber(oldId), newValue: maskIdNumber(newId) });
        if (parsed.birthDate !== cur.birthDate) changes.push({ field: 'birthDate', oldValue: cur.birthDate, newValue: parsed.birthDate });
      }
    }
    if (set.name !== undefined || newId) {
      const d = derivedColumns(ctx.crypto, set.name ?? cur.name, newId ?? ctx.crypto.decrypt(cur.idEnc));
      Object.assign(
        set,
        newId ? d : { nameNorm: d.nameNorm, namePinyin: d.namePinyin, nameInitials: d.nameInitials, nameGrams: d.nameGrams },
      );
    }
    if (changes.length === 0) return cur;
    const version = cur.version + 1;
    const [updated] = await tx
      .update(people)
      .set({ ...set, version, updatedAt: sql`now()`, updatedBy: actor.userId })
      .where(and(eq(people.id, cur.id), eq(people.version, cur.version)))
      .returning();
    if (!updated) throw new AppError('VERSION_CONFLICT');
    await tx.insert(personHistory).values(
      changes.map((c) => ({
        personId: cur.id,
        version,
        field: c.field,
        oldValue: c.oldValue,
        newValue: c.newValue,
        changedBy: actor.userId,
        changedByName: actor.displayName,
      })),
    );
    await appendAudit(tx, actor, {
      action: 'person.update',
      targetType: 'person',
      targetId: cur.id,
      details: { version, fields: changes.map((c) => c.field) },
    });
    return updated;
  });
  return toPerson(ctx.crypto, row, { regionNames: await regionMap(ctx.db) });
}

/**
 * History keeps the full values (facts as of a past date are rebuilt from it); shown, they are
 * masked as in the person detail: phones masked, birth dates cut to the year (next to a masked ID
 * number a full birth date would complete it). ID numbers are stored masked already.
 */
function maskHistoryValue(field: string, raw: unknown): unknown {
  // Digits-only values may come back from jsonb as numbers.
  const v = typeof raw === 'number' ? String(raw) : raw;
  if (typeof v !== 'string') return raw;
  if (field === 'phone') return maskPhone(v);
  if (field === 'birthDate') return `${v.slice(0, 4)}-**-**`;
  if (field === 'idNumber') return maskIdNumber(v);
  return raw;
}

export async function personHistoryOf(ctx: AppContext, actor: Actor, id: string) {
  assertCanRead(actor);
  await loadPersonRow(ctx.db, actor, id);
  const rows = await ctx.db.select().from(personHistory).where(eq(personHistory.personId, id)).orderBy(desc(personHistory.id));
  return rows.map((h) => ({
    id: String(h.id),
    field: h.field,
    oldValue: maskHistoryValue(h.field, h.oldValue),
    newValue: maskHistoryValue(h.field, h.newValue),
    version: h.version,
    changedBy: h.changedByName,
    changedAt: h.changedAt.toISOString(),
  }));
}

/**
 * The person's facts as they stood at the end of a given instant: the current row with every
 * later change rolled back (so a past decision can be reproduced from the facts it used).
 */
export async function personFactsAsOf(ex: Executor, personId: string, at: Date): Promise<Record<string, unknown> | null> {
  const rows = await ex.select().from(people).where(eq(people.id, personId));
  if (!rows[0]) return null;
  if (rows[0].createdAt > at) return null;
  const facts: Record<string, unknown> = { ...rows[0] };
  const later = await ex
    .select()
    .from(personHistory)
    .where(and(eq(personHistory.personId, personId), sql`${personHistory.changedAt} > ${at.toISOString()}`))
    .orderBy(desc(personHistory.id));
  for (const h of later) if (!h.field.startsWith('*') && h.field !== 'idNumber') facts[h.field] = h.oldValue;
  return facts;
}

export async function revealField(ctx: AppContext, actor: Actor, id: string, field: 'idNumber' | 'phone', purpose: string) {
  assertCanReveal(actor);
  const row = await loadPersonRow(ctx.db, actor, id);
  const value = field === 'idNumber' ? ctx.crypto.decrypt(row.idEnc) : row.phone;
  await appendAudit(ctx.db, actor, { action: 'person.reveal', targetType: 'person', targetId: id, details: { field, purpose } });
  return { field, value };
}

// Broad searches (a common surname character) show "2000+" and invite narrowing by region: counting
// and sorting more matches than anyone pages through would cost every search.
export const SEARCH_COUNT_CAP = 2_000;

/** Conditions of a registry search (the region filter is always added). */
export function searchConditions(
  ctx: Pick<AppContext, 'crypto'>,
  actor: Actor,
  q: Pick<PersonSearchQuery, 'q' | 'regionCode' | 'tag'>,
): SQL {
  const conds: (SQL | undefined)[] = [personScope(actor)];
  if (q.regionCode) {
    const p = `${q.regionCode}%`;
    conds.push(sql`(${people.residenceRegionCode} LIKE ${p} OR ${people.registeredRegionCode} LIKE ${p})`);
  }
  if (q.tag) conds.push(sql`${people.tags} @> ARRAY[${q.tag}]::text[]`);
  const c = classifyQuery(q.q ?? '');
  switch (c.kind) {
    case 'empty':
      break;
    case 'name': {
      const grams = queryGrams(c.value);
      const norm = normalizeName(c.value);
      conds.push(
        sql`${people.nameGrams} @> ARRAY[${sql.join(
          grams.map((g) => sql`${g}`),
          sql`, `,
        )}]::text[]`,
      );
      if (Array.from(norm).length >= 3) conds.push(sql`${people.nameNorm} LIKE ${`%${norm}%`}`);
      break;
    }
    case 'pinyin':
    case 'initials':
      // Short latin input is ambiguous ("lan" is a syllable and could be initials): match either.
      conds.push(sql`(${people.namePinyin} LIKE ${`${c.value}%`} OR ${people.nameInitials} LIKE ${`${c.value}%`})`);
      break;
    case 'idFull': {
      const parsed = parseIdNumber(c.value);
      conds.push(parsed.ok ? eq(people.idHash, ctx.crypto.hash(parsed.idNumber)) : sql`false`);
      break;
    }
    case 'idTail':
      conds.push(sql`${people.idTailRev} LIKE ${`${Array.from(c.value).reverse().join('')}%`}`);
      break;
    case 'phone':
      conds.push(c.value.length === 11 ? eq(people.phone, c.value) : sql`${people.phone} LIKE ${`${c.value}%`}`);
      break;
  }
  return and(...conds) as SQL;
}

// Ordering by the full birth date would rank people inside a year and so leak their birth dates.
const birthYear = sql`date_part('year', ${people.birthDate})`;

function orderOf(q: Pick<PersonSearchQuery, 'sort' | 'order'>): SQL[] {
  const dir = q.order === 'desc' ? desc : asc;
  switch (q.sort) {
    case 'age':
      return [q.order === 'desc' ? asc(birthYear) : desc(birthYear), asc(people.id)];
    case 'birthDate':
      return [dir(birthYear), asc(people.id)];
    case 'updatedAt':
      return [dir(people.updatedAt), asc(people.id)];
    case 'regionCode':
      return [dir(people.residenceRegionCode), asc(people.nameNorm), asc(people.id)];
    default:
      // Users expect names in pinyin order; (name_pinyin, id) is indexed.
      return [dir(people.namePinyin), dir(people.id)];
  }
}

function orderSql(q: Pick<PersonSearchQuery, 'sort' | 'order'>): SQL {
  const dir = q.order === 'desc' ? sql`DESC` : sql`ASC`;
  switch (q.sort) {
    case 'age':
      return sql`date_part('year', m.birth_date) ${q.order === 'desc' ? sql`ASC` : sql`DESC`}, m.id`;
    case 'birthDate':
      return sql`date_part('year', m.birth_date) ${dir}, m.id`;
    case 'updatedAt':
      return sql`m.updated_at ${dir}, m.id`;
    case 'regionCode':
      return sql`m.residence_region_code ${dir}, m.name_pinyin, m.id`;
    default:
      return sql`m.name_pinyin ${dir}, m.id ${dir}`;
  }
}

export async function searchPeople(ctx: AppContext, actor: Actor, q: PersonSearchQuery) {
  assertCanRead(actor);
  const where = searchConditions(ctx, actor, q);
  const regionNames = await regionMap(ctx.db);
  const today = shanghaiToday();
  let rows: PersonRow[];
  let n: number;
  if (!q.q) {
    // Browsing: walk the ordered index; the count is capped so it stays cheap.
    const countRes = await queryRows<{ n: number | string }>(
      ctx.db,
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${people} WHERE ${where} LIMIT ${SEARCH_COUNT_CAP + 1}) t`,
    );
    n = Number(countRes[0]?.n ?? 0);
    rows = await ctx.db
      .select()
      .from(people)
      .where(where)
      .orderBy(...orderOf(q))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
  } else {
    // Searching: take at most CAP+1 matches through the search indexes (never an ordered walk
    // of the whole table, which the planner may pick for LIMIT queries and which is slow when the
    // matches cluster at the end of the order), then count and sort just those.
    const page = await queryRows<{ n: number | string; ids: string[] | string | null }>(
      ctx.db,
      sql`
      WITH m AS MATERIALIZED (
        SELECT id, name_pinyin, birth_date, updated_at, residence_region_code FROM ${people} WHERE ${where} LIMIT ${SEARCH_COUNT_CAP + 1}
      )
      SELECT (SELECT count(*) FROM m) AS n,
             array(SELECT m.id::text FROM m ORDER BY ${orderSql(q)} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}) AS ids`,
    );
    n = Number(page[0]?.n ?? 0);
    const raw = page[0]?.ids ?? [];
    const ids = Array.isArray(raw)
      ? raw
      : raw
          .replace(/^\{|\}$/g, '')
          .split(',')
          .filter(Boolean);
    const found = ids.length ? await ctx.db.select().from(people).where(inArray(people.id, ids)) : [];
    const byId = new Map(found.map((r) => [r.id, r]));
    rows = ids.map((id) => byId.get(id)).filter((r): r is PersonRow => !!r);
  }
  return {
    items: rows.map((r) => toPerson(ctx.crypto, r, { regionNames, today })),
    total: Math.min(n, SEARCH_COUNT_CAP),
    totalCapped: n > SEARCH_COUNT_CAP,
  };
}

export const EXPORT_LIMIT = 50_000;

export async function exportPeopleRows(ctx: AppContext, actor: Actor, q: PersonSearchQuery) {
  assertCanRead(actor);
  const where = searchConditions(ctx, actor, q);
  const rows = await ctx.db
    .select()
    .from(people)
    .where(where)
    .orderBy(...orderOf(q))
    .limit(EXPORT_LIMIT);
  const regionNames = await regionMap(ctx.db);
  await appendAudit(ctx.db, actor, {
    action: 'person.export',
    targetType: 'person',
    details: { q: q.q ?? null, regionCode: q.regionCode ?? null, tag: q.tag ?? null, rows: rows.length },
  });
  return rows.map((r) => toPerson(ctx.crypto, r, { regionNames }));
}
