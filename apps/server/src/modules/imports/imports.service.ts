import { ID_NUMBER_PROBLEM_MESSAGES, type ImportJob, type PersonCreate, parseIdNumber } from '@lq/contracts';
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import { caseRow, create, transition } from '../../platform/cases/index.ts';
import type { Actor } from '../../platform/context.ts';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { households, importJobs, people } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { jobActor } from '../../platform/jobs/actor.ts';
import { enqueueJob, latestJobWhere } from '../../platform/jobs/queue.ts';
import { type JobRunContext, registerJobKind } from '../../platform/jobs/registry.ts';
import { PermanentJobError } from '../../platform/jobs/worker.ts';
import { normalizeName } from '../../platform/search-keys.ts';
import { readTable } from '../../platform/tabular.ts';
import { assertCanRead, assertCanWrite } from '../people/people.access.ts';
import { insertPerson } from '../people/people.service.ts';
import { regionMap } from '../regions/regions.service.ts';
import { IMPORT_COLUMNS, type ImportColumnKey, lookups } from './import.columns.ts';
import { IMPORT_CASE } from './import.workflow.ts';

export interface RowProblem {
  row: number;
  column: string;
  reason: string;
}

export interface ImportRow {
  row: number;
  householdNumber: string | null;
  relation: string | null;
  person: PersonCreate;
}

type JobRow = typeof importJobs.$inferSelect;

const PHONE_RE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** Check every row of a table against the template; nothing is written here. */
export async function validateRows(
  ex: Executor,
  ctx: Pick<AppContext, 'crypto'>,
  actor: Actor,
  table: string[][],
): Promise<{ rows: ImportRow[]; problems: RowProblem[]; dataRows: number }> {
  const problems: RowProblem[] = [];
  const nonEmpty = table.map((r, i) => ({ cells: r, rowNo: i + 1 })).filter((r) => r.cells.some((c) => (c ?? '').trim() !== ''));
  if (nonEmpty.length === 0) return { rows: [], problems: [{ row: 1, column: '-', reason: '文件为空 / the file is empty' }], dataRows: 0 };
  const header = nonEmpty[0].cells.map((h) => (h ?? '').trim());
  const colIndex = new Map<ImportColumnKey, number>();
  for (const c of IMPORT_COLUMNS) {
    const i = header.findIndex((h) => h === c.header || h === c.key);
    if (i >= 0) colIndex.set(c.key, i);
    else if (c.required)
      problems.push({ row: nonEmpty[0].rowNo, column: c.header, reason: `缺少必填列"${c.header}" / missing required column` });
  }
  if (problems.length) return { rows: [], problems, dataRows: nonEmpty.length - 1 };
  const body = nonEmpty.slice(1);
  if (body.length === 0)
    return { rows: [], problems: [{ row: nonEmpty[0].rowNo + 1, column: '-', reason: '没有数据行 / no data rows' }], dataRows: 0 };

  const regions = await regionMap(ex);
  const seenIds = new Map<string, number>();
  const rows: ImportRow[] = [];
  const headsByHousehold = new Map<string, number>();
  for (const { cells, rowNo } of body) {
    const get = (k: ImportColumnKey) => {
      const i = colIndex.get(k);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const bad = (k: ImportColumnKey, reason: string) =>
      problems.push({ row: rowNo, column: IMPORT_COLUMNS.find((c) => c.key === k)?.header ?? k, reason });
    const before = problems.length;

    const name = get('name');
    if (!name) bad('name', '姓名为空 / name is empty');
    else if (Array.from(name).length > 50) bad('name', '姓名过长 / name too long');
    const idr = parseIdNumber(get('idNumber'));
    if (!idr.ok) {
      const m = ID_NUMBER_PROBLEM_MESSAGES[idr.problem];
      bad('idNumber', `${m.zh} / ${m.en}`);
    } else if (seenIds.has(idr.idNumber)) {
      bad('idNumber', `与第 ${seenIds.get(idr.idNumber)} 行身份证号重复 / same ID number as row ${seenIds.get(idr.idNumber)}`);
    } else seenIds.set(idr.idNumber, rowNo);

    const residence = get('residenceRegionCode');
    if (!residence) bad('residenceRegionCode', '常住地区划代码为空 / residence region code is empty');
    else if (!regions.has(residence)) bad('residenceRegionCode', `区划代码 ${residence} 不存在 / unknown region code`);
    else if (!residence.startsWith(actor.regionCode))
      bad('residenceRegionCode', `区划 ${residence} 不在您的管辖范围 / outside your region`);
    const registered = get('registeredRegionCode');
    if (registered && !/^\d{6,12}$/.test(registered)) bad('registeredRegionCode', '区划代码应为6-12位数字 / 6-12 digits');
    // Inside our county (its 6-digit code is a known region) the code must exist; other counties' codes pass.
    else if (registered && regions.has(registered.slice(0, 6)) && !regions.has(registered))
      bad('registeredRegionCode', `区划代码 ${registered} 不存在 / unknown region code`);

    const phone = get('phone');
    if (phone && !PHONE_RE.test(phone)) bad('phone', `电话号码格式不正确:${phone} / invalid phone number`);

    const enumField = (k: 'relation' | 'disabilityCategory' | 'health' | 'labourCapacity' | 'livingArrangement') => {
      const v = get(k);
      const code = lookups[k](v);
      if (code === undefined) bad(k, `无法识别的值"${v}" / unknown value`);
      return code ?? null;
    };
    const relation = enumField('relation');
    const disabilityCategory = enumField('disabilityCategory');
    const gradeText = get('disabilityGrade').replace(/级$/, '');
    let disabilityGrade: number | null = null;
    if (gradeText) {
      const g = Number(gradeText);
      if (!Number.isInteger(g) || g < 1 || g > 4) bad('disabilityGrade', '残疾等级应为1-4 / grade must be 1-4');
      else disabilityGrade = g;
    }
    if ((disabilityCategory === null) !== (disabilityGrade === null) && problems.length === before) {
      bad(
        disabilityCategory === null ? 'disabilityCategory' : 'disabilityGrade',
        '残疾类别与等级需同时填写 / category and grade go together',
      );
    }
    const health = enumField('health');
    const labourCapacity = enumField('labourCapacity');
    const livingArrangement = enumField('livingArrangement');
    const householdNumber = get('householdNumber') || null;
    if (relation === 'head' && householdNumber) {
      if (headsByHousehold.has(householdNumber))
        bad('relation', `户 ${householdNumber} 已在第 ${headsByHousehold.get(householdNumber)} 行有户主 / household already has a head`);
      else headsByHousehold.set(householdNumber, rowNo);
    }
    if (relation && !householdNumber) bad('householdNumber', '填写了与户主关系但没有户编号 / relation given without a household number');

    if (problems.length === before && idr.ok) {
      rows.push({
        row: rowNo,
        householdNumber,
        relation,
        person: {
          name,
          idNumber: idr.idNumber,
          phone: phone || null,
          residenceRegionCode: residence,
          registeredRegionCode: registered || residence,
          address: get('address') || null,
          ethnicity: get('ethnicity') || null,
          disabilityCategory: disabilityCategory as PersonCreate['disabilityCategory'],
          disabilityGrade,
          health: health as PersonCreate['health'],
          labourCapacity: labourCapacity as PersonCreate['labourCapacity'],
          livingArrangement: livingArrangement as PersonCreate['livingArrangement'],
          tags: get('tags')
            ? get('tags')
                .split(/[,，、;；\s]+/)
                .filter(Boolean)
            : [],
        },
      });
    }
  }

  // Against the database: already registered ID numbers and possible duplicates.
  const registeredRows = new Set<number>();
  const hashes = rows.map((r) => ctx.crypto.hash(r.person.idNumber));
  for (let i = 0; i < hashes.length; i += 1000) {
    const chunk = hashes.slice(i, i + 1000);
    const found = await ex.select({ h: people.idHash }).from(people).where(inArray(people.idHash, chunk));
    const set = new Set(found.map((f) => f.h));
    rows.slice(i, i + 1000).forEach((r, j) => {
      if (set.has(chunk[j])) {
        registeredRows.add(r.row);
        problems.push({ row: r.row, column: '身份证号', reason: '该身份证号已登记 / already registered' });
      }
    });
  }
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const keys = chunk.map((r) => {
      const p = parseIdNumber(r.person.idNumber);
      return { r, norm: normalizeName(r.person.name), birth: p.ok ? p.birthDate : '' };
    });
    const found = await queryRows<{ name_norm: string; birth_date: string; residence_region_code: string }>(
      ex,
      sql`
      SELECT name_norm, birth_date::text AS birth_date, residence_region_code FROM people
      WHERE (name_norm, birth_date::text, residence_region_code) IN (${sql.join(
        keys.map((k) => sql`(${k.norm}, ${k.birth}, ${k.r.person.residenceRegionCode})`),
        sql`, `,
      )})`,
    );
    const dupKeys = new Set(found.map((f) => `${f.name_norm}|${f.birth_date}|${f.residence_region_code}`));
    for (const k of keys) {
      if (!registeredRows.has(k.r.row) && dupKeys.has(`${k.norm}|${k.birth}|${k.r.person.residenceRegionCode}`)) {
        problems.push({
          row: k.r.row,
          column: '姓名',
          reason: '疑似重复:本村已有同名同出生日期人员,请核对 / possible duplicate: same name and birth date in this village',
        });
      }
    }
  }
  problems.sort((a, b) => a.row - b.row);
  return { rows, problems, dataRows: body.length };
}

function toJob(j: JobRow, progress?: { processed: number; total: number }, jobId?: string | null): ImportJob {
  return {
    id: j.id,
    jobId: jobId ?? null,
    kind: j.kind as 'people',
    fileName: j.fileName,
    status: caseRow(IMPORT_CASE, j).status,
    totalRows: j.totalRows,
    errorCount: j.errorCount,
    processedRows: j.status === 'importing' && progress ? progress.processed : j.processedRows,
    createdBy: j.createdByName,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
    errors: (j.errors as RowProblem[] | null) ?? [],
    summary: (j.summary as Record<string, unknown> | null) ?? null,
  };
}

export async function uploadImport(ctx: AppContext, actor: Actor, fileName: string, buffer: Buffer): Promise<ImportJob> {
  assertCanWrite(actor);
  const table = await readTable(fileName, buffer);
  return ctx.db.transaction(async (tx) => {
    const job = await create(tx, IMPORT_CASE, {
      action: 'upload',
      actor,
      values: { kind: 'people', fileName, createdBy: actor.userId, createdByName: actor.displayName, regionCode: actor.regionCode },
      payload: { fileName },
    });
    const { rows, problems, dataRows } = await validateRows(tx, ctx, actor, table);
    const ok = problems.length === 0;
    const updated = await transition(tx, IMPORT_CASE, {
      caseId: job.id,
      action: ok ? 'accept' : 'reject',
      actor,
      payload: { rows: rows.length, errors: problems.length },
      set: {
        totalRows: dataRows,
        errorCount: problems.length,
        errors: problems.slice(0, 5000),
        // The validated rows hold ID numbers: kept encrypted until the import runs.
        rows: ok ? { enc: ctx.crypto.encrypt(JSON.stringify(rows)) } : null,
        finishedAt: ok ? null : new Date(),
      },
    });
    await appendAudit(tx, actor, {
      action: 'import.upload',
      targetType: 'import',
      targetId: job.id,
      outcome: ok ? 'success' : 'failure',
      details: { fileName, rows: rows.length, errors: problems.length },
    });
    return toJob(updated);
  });
}

async function loadJob(ex: Executor, actor: Actor, id: string): Promise<JobRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND');
  const [j] = await ex
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, id), sql`${importJobs.regionCode} LIKE ${`${actor.regionCode}%`}`));
  if (!j) throw new AppError('NOT_FOUND');
  return j;
}

export async function getImport(ctx: AppContext, actor: Actor, id: string): Promise<ImportJob> {
  assertCanRead(actor);
  const j = await loadJob(ctx.db, actor, id);
  return toJob(j, ctx.progress.get(id), (await latestJobWhere(ctx.db, IMPORT_JOB_KIND, 'importId', j.id))?.id);
}

export async function listImports(ctx: AppContext, actor: Actor, page: number, pageSize: number) {
  assertCanRead(actor);
  const where = sql`${importJobs.regionCode} LIKE ${`${actor.regionCode}%`}`;
  const [{ n }] = await ctx.db.select({ n: count() }).from(importJobs).where(where);
  const rows = await ctx.db
    .select()
    .from(importJobs)
    .where(where)
    .orderBy(desc(importJobs.createdAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total: Number(n), items: rows.map((r) => ({ ...toJob(r, ctx.progress.get(r.id)), errors: undefined })) };
}

/** Import the validated rows in one transaction, reporting progress; runs as a job after the response. */
async function runImport(ctx: AppContext, actor: Actor, job: JobRow, rows: ImportRow[], jc: JobRunContext): Promise<void> {
  const progress = { processed: 0, total: rows.length };
  ctx.progress.set(job.id, progress);
  try {
    const summary = await ctx.db.transaction(async (tx) => {
      const householdIds = new Map<string, string>();
      let createdHouseholds = 0;
      for (const r of rows) {
        let householdId: string | undefined;
        if (r.householdNumber) {
          householdId = householdIds.get(r.householdNumber);
          if (!householdId) {
            const existing = await tx
              .select({ id: households.id })
              .from(households)
              .where(
                and(
                  eq(households.householdNumber, r.householdNumber),
                  sql`${households.residenceRegionCode} LIKE ${`${actor.regionCode}%`}`,
                ),
              )
              .limit(1);
            if (existing[0]) householdId = existing[0].id;
            else {
              const [h] = await tx
                .insert(households)
                .values({
                  householdNumber: r.householdNumber,
                  residenceRegionCode: r.person.residenceRegionCode,
                  registeredRegionCode: r.person.registeredRegionCode ?? r.person.residenceRegionCode,
                  address: r.person.address ?? null,
                })
                .returning({ id: households.id });
              householdId = h.id;
              createdHouseholds++;
            }
            householdIds.set(r.householdNumber, householdId);
          }
        }
        const p = await insertPerson(
          tx,
          ctx,
          actor,
          {
            ...r.person,
            householdId,
            relationToHead: (r.relation ?? (householdId ? 'other' : undefined)) as PersonCreate['relationToHead'],
          },
          { skipDuplicateCheck: true, audit: false },
        );
        if (householdId && r.relation === 'head')
          await tx.update(households).set({ headPersonId: p.id }).where(eq(households.id, householdId));
        progress.processed++;
        if (progress.processed % 50 === 0) {
          if (jc.signal.aborted) throw jc.signal.reason;
          jc.reportProgress(progress.processed / rows.length, `${progress.processed}/${rows.length}`);
          // Let polling requests through while a long import runs.
          await new Promise((res) => setImmediate(res));
        }
      }
      const s = { people: rows.length, households: createdHouseholds };
      await transition(tx, IMPORT_CASE, {
        caseId: job.id,
        action: 'complete',
        actor,
        payload: s,
        set: { processedRows: rows.length, summary: s, rows: null, finishedAt: new Date() },
      });
      await appendAudit(tx, actor, { action: 'import.commit', targetType: 'import', targetId: job.id, details: s });
      return s;
    });
    jc.reportProgress(1, `${rows.length}/${rows.length}`);
    void summary;
  } catch (err) {
    // Shutting down or the lease was lost: the transaction rolled back and the import stays
    // "importing" for the job's next attempt.
    if (jc.signal.aborted) throw err;
    const message = err instanceof AppError ? `${err.code}: ${JSON.stringify(err.details)}` : String(err);
    await ctx.db.transaction(async (tx) => {
      await transition(tx, IMPORT_CASE, {
        caseId: job.id,
        action: 'fail',
        actor,
        note: message.slice(0, 500),
        set: { summary: { error: message.slice(0, 2000) }, finishedAt: new Date() },
      });
      await appendAudit(tx, actor, {
        action: 'import.commit',
        targetType: 'import',
        targetId: job.id,
        outcome: 'failure',
        details: { error: message.slice(0, 500) },
      });
    });
    throw new PermanentJobError(message.slice(0, 2000));
  } finally {
    ctx.progress.delete(job.id);
  }
}

export const IMPORT_JOB_KIND = 'import.people';

/**
 * The import job: runs the validated rows of an import in "importing". A restart mid-import
 * rolls its transaction back, and the job (lease expired) runs it again; an import no longer in
 * "importing" is left alone.
 */
registerJobKind(IMPORT_JOB_KIND, {
  parse: (raw) => {
    const id = (raw as { importId?: unknown }).importId;
    if (typeof id !== 'string') throw new Error('importId required');
    return { importId: id };
  },
  maxAttempts: 3,
  handler: async ({ importId }, jc) => {
    const ctx = jc.app;
    const actor = await jobActor(ctx.db, jc.job, []);
    const [j] = await ctx.db.select().from(importJobs).where(eq(importJobs.id, importId));
    if (!j) throw new PermanentJobError(`import ${importId} not found`);
    if (j.status !== 'importing') return { skipped: j.status };
    const enc = (j.rows as { enc?: string } | null)?.enc;
    if (!enc) throw new PermanentJobError(`import ${importId} has no validated rows`);
    const rows = JSON.parse(ctx.crypto.decrypt(enc)) as ImportRow[];
    jc.reportProgress(0, `0/${rows.length}`);
    await runImport(ctx, actor, j, rows, jc);
    const [done] = await ctx.db.select().from(importJobs).where(eq(importJobs.id, importId));
    return { importId, status: done?.status ?? null, summary: done?.summary ?? null };
  },
});

/** Start the import as a job; returns at once with the import in "importing" and its job id. */
export async function commitImport(ctx: AppContext, actor: Actor, id: string): Promise<ImportJob> {
  assertCanWrite(actor);
  return ctx.db.transaction(async (tx) => {
    const j = await loadJob(tx, actor, id);
    let enc: string | undefined;
    const u = await transition(tx, IMPORT_CASE, {
      caseId: j.id,
      action: 'commit',
      actor,
      effect: async (_etx, locked) => {
        enc = (locked.rows as { enc?: string } | null)?.enc;
        if (!enc) throw new AppError('INVALID_TRANSITION');
        return undefined;
      },
    });
    if (!enc) throw new AppError('INVALID_TRANSITION');
    const job = await enqueueJob(tx, { kind: IMPORT_JOB_KIND, payload: { importId: j.id }, actor, regionCode: j.regionCode });
    return toJob(u, { processed: 0, total: u.totalRows }, job.id);
  });
}

export async function importErrors(ctx: AppContext, actor: Actor, id: string): Promise<{ job: JobRow; errors: RowProblem[] }> {
  assertCanRead(actor);
  const j = await loadJob(ctx.db, actor, id);
  return { job: j, errors: (j.errors as RowProblem[] | null) ?? [] };
}
