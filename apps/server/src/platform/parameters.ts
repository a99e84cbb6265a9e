/**
 * Platform store of effective-dated rule parameters: one generic table for every module that
 * keeps its rule numbers as configuration (social assistance, children ...). Each (module, key)
 * has a zod schema registered by its module; a version is in force from validFrom through
 * validTo (inclusive, null = open-ended). Adding a version ends the one in force the day before,
 * the same semantics as elderly care's own ec_parameters. Authorisation is the caller's job.
 */

import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import { date, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { appendAudit } from './audit.ts';
import type { Actor } from './context.ts';
import type { Executor, Tx } from './db/client.ts';
import { AppError } from './errors.ts';

export const parameters = pgTable(
  'parameters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    module: text('module').notNull(),
    key: text('key').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    value: jsonb('value').notNull(),
    source: text('source').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('parameters_module_key_from_uq').on(t.module, t.key, t.validFrom)],
);
export type ParameterRow = typeof parameters.$inferSelect;

/** A parameter a module declares: where it lives and the shape of its value. */
export interface ParameterDef<S extends z.ZodType> {
  module: string;
  key: string;
  schema: S;
}

const registry = new Map<string, z.ZodType>();
const id = (module: string, key: string) => `${module}/${key}`;

/** Declares (module, key) with its value schema; modules call this once at import time. */
export function defineParameter<S extends z.ZodType>(module: string, key: string, schema: S): ParameterDef<S> {
  const existing = registry.get(id(module, key));
  if (existing && existing !== schema) throw new Error(`parameter ${module}/${key} declared twice`);
  registry.set(id(module, key), schema);
  return { module, key, schema };
}

export function parameterSchema(module: string, key: string): z.ZodType {
  const s = registry.get(id(module, key));
  if (!s)
    throw new AppError('VALIDATION_FAILED', [{ field: 'key', message: `未知参数 ${module}/${key} / unknown parameter ${module}/${key}` }]);
  return s;
}

function missing(module: string, key: string, on: string): AppError {
  return new AppError('PARAMETER_MISSING', [
    {
      field: `${module}.${key}`,
      message: `${on} 无有效的参数 ${module}/${key},请市民政局配置 / no parameter ${module}/${key} is in force on ${on}`,
    },
  ]);
}

/** The version row of (module, key) in force on `on`, or null. */
export async function versionOn(ex: Executor, module: string, key: string, on: string): Promise<ParameterRow | null> {
  const rows = await ex
    .select()
    .from(parameters)
    .where(
      and(
        eq(parameters.module, module),
        eq(parameters.key, key),
        lte(parameters.validFrom, on),
        sql`(${parameters.validTo} IS NULL OR ${parameters.validTo} >= ${on})`,
      ),
    )
    .orderBy(desc(parameters.validFrom))
    .limit(1);
  return rows[0] ?? null;
}

/** The value of (module, key) in force on `on`, checked against its schema; 409 PARAMETER_MISSING if none. */
export async function paramOn(ex: Executor, module: string, key: string, on: string): Promise<unknown> {
  const row = await versionOn(ex, module, key, on);
  if (!row) throw missing(module, key, on);
  return parameterSchema(module, key).parse(row.value);
}

/** Typed read of a declared parameter with the version it came from (for rule-version strings). */
export async function valueOn<S extends z.ZodType>(
  ex: Executor,
  def: ParameterDef<S>,
  on: string,
): Promise<{ value: z.infer<S>; validFrom: string; source: string }> {
  const row = await versionOn(ex, def.module, def.key, on);
  if (!row) throw missing(def.module, def.key, on);
  return { value: def.schema.parse(row.value), validFrom: row.validFrom, source: row.source };
}

export async function listVersions(ex: Executor, module: string, key?: string): Promise<ParameterRow[]> {
  return ex
    .select()
    .from(parameters)
    .where(key === undefined ? eq(parameters.module, module) : and(eq(parameters.module, module), eq(parameters.key, key)))
    .orderBy(asc(parameters.key), asc(parameters.validFrom));
}

/** The day before an ISO date. */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface NewVersion {
  module: string;
  key: string;
  validFrom: string;
  value: unknown;
  source: string;
}

/**
 * Adds a version from `validFrom`. A version starting on or after that day is a 409 (versions are
 * appended in date order); the latest version, if still in force on `validFrom`, ends the day
 * before, and the audit entry names it.
 */
export async function addVersion(ex: Executor, actor: Actor, input: NewVersion): Promise<ParameterRow> {
  if (!input.source.trim()) throw new AppError('VALIDATION_FAILED', [{ field: 'source', message: '请填写依据(文件号) / give the source' }]);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.validFrom) || Number.isNaN(Date.parse(`${input.validFrom}T00:00:00Z`)))
    throw new AppError('VALIDATION_FAILED', [{ field: 'validFrom', message: '日期格式为 YYYY-MM-DD / date must be YYYY-MM-DD' }]);
  const parsed = parameterSchema(input.module, input.key).safeParse(input.value);
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      parsed.error.issues.map((i) => ({ field: ['value', ...i.path.map(String)].join('.'), code: i.code, message: i.message })),
    );
  }
  const run = async (tx: Tx): Promise<ParameterRow> => {
    const prev = await tx
      .select()
      .from(parameters)
      .where(and(eq(parameters.module, input.module), eq(parameters.key, input.key)))
      .orderBy(desc(parameters.validFrom))
      .for('update');
    const last = prev[0];
    if (last && last.validFrom >= input.validFrom) {
      throw new AppError('CONFLICT', [
        { field: 'validFrom', message: `已有 ${last.validFrom} 起的版本 / a version from ${last.validFrom} exists` },
      ]);
    }
    let ended: { id: string; validFrom: string; validTo: string; previousValidTo: string | null } | null = null;
    if (last && (last.validTo === null || last.validTo >= input.validFrom)) {
      const validTo = dayBefore(input.validFrom);
      await tx.update(parameters).set({ validTo }).where(eq(parameters.id, last.id));
      ended = { id: last.id, validFrom: last.validFrom, validTo, previousValidTo: last.validTo };
    }
    const [row] = await tx
      .insert(parameters)
      .values({
        module: input.module,
        key: input.key,
        validFrom: input.validFrom,
        value: parsed.data,
        source: input.source.trim(),
        createdBy: actor.userId,
      })
      .returning();
    await appendAudit(tx, actor, {
      action: 'parameter.version',
      targetType: 'parameter',
      targetId: row.id,
      details: { module: row.module, key: row.key, validFrom: row.validFrom, value: parsed.data, source: row.source, ends: ended },
    });
    return row;
  };
  return 'rollback' in ex ? run(ex) : ex.transaction(run);
}

/** Seeds a version only when (module, key) has none yet (idempotent; for shipped DEMO values). */
export async function seedVersionIfAbsent(ex: Executor, input: NewVersion): Promise<boolean> {
  const schema = parameterSchema(input.module, input.key);
  const value = schema.parse(input.value);
  const existing = await ex
    .select({ id: parameters.id })
    .from(parameters)
    .where(and(eq(parameters.module, input.module), eq(parameters.key, input.key)))
    .limit(1);
  if (existing[0]) return false;
  await ex
    .insert(parameters)
    .values({ module: input.module, key: input.key, validFrom: input.validFrom, value, source: input.source })
    .onConflictDoNothing();
  return true;
}
