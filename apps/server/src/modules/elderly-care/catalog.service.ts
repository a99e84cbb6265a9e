/** Configuration of the loop: service menu, providers, caregivers, parameters, subsidy rules. */

import {
  type CaregiverUpsert,
  type MenuItemVersionCreate,
  type ProviderKind,
  type ProviderUpsert,
  type SubsidyRule,
  shanghaiToday,
} from '@lq/contracts';
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { users } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { assertUuid, elderlyActor, requireAnyRole, scopeSql } from './access.ts';
import { validateRuleSet } from './domain/subsidy.ts';
import { dayBefore, PARAMETER_SCHEMAS, type ParameterKey } from './params.ts';
import { ecCaregivers, ecMenuItems, ecParameters, ecProviders, ecSubsidyRules } from './schema.ts';
import { activeBlacklist } from './supervision.service.ts';

// ---------------------------------------------------------------- menu

export type MenuRow = typeof ecMenuItems.$inferSelect;
export function toMenuItem(r: MenuRow) {
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    nameZh: r.nameZh,
    category: r.category,
    description: r.description ?? undefined,
    standardDurationMin: r.standardDurationMin,
    requiredSkill: r.requiredSkill,
    priceFen: r.priceFen,
    unit: r.unit,
    checklist: r.checklist as { key: string; label: string; required: boolean }[],
    validFrom: r.validFrom,
    validTo: r.validTo,
    createdAt: r.createdAt.toISOString(),
    isDemo: r.isDemo,
  };
}

export async function listMenu(ctx: AppContext, q: { on?: string; category?: string; all?: boolean }) {
  const on = q.on ?? shanghaiToday();
  const rows = await ctx.db
    .select()
    .from(ecMenuItems)
    .where(
      and(
        q.all ? undefined : and(lte(ecMenuItems.validFrom, on), sql`(${ecMenuItems.validTo} IS NULL OR ${ecMenuItems.validTo} >= ${on})`),
        q.category ? eq(ecMenuItems.category, q.category) : undefined,
      ),
    )
    .orderBy(asc(ecMenuItems.code), asc(ecMenuItems.version));
  return rows.map(toMenuItem);
}

/** The version of an item in force on a date (orders are made under it). */
export async function menuItemOn(ex: Executor, code: string, on: string): Promise<MenuRow | null> {
  const [r] = await ex
    .select()
    .from(ecMenuItems)
    .where(
      and(
        eq(ecMenuItems.code, code),
        lte(ecMenuItems.validFrom, on),
        sql`(${ecMenuItems.validTo} IS NULL OR ${ecMenuItems.validTo} >= ${on})`,
      ),
    )
    .orderBy(desc(ecMenuItems.validFrom))
    .limit(1);
  return r ?? null;
}

/**
 * A new version of a menu item. The open version before it is closed the day before; versions
 * starting on or after the new one's start are refused (history is never rewritten).
 */
export async function createMenuItemVersion(ex: Executor, actor: Actor, input: MenuItemVersionCreate & { isDemo?: boolean }) {
  requireAnyRole(actor, ['county_staff']);
  const run = async (tx: Executor) => {
    const prev = await tx
      .select()
      .from(ecMenuItems)
      .where(eq(ecMenuItems.code, input.code))
      .orderBy(desc(ecMenuItems.version))
      .for('update');
    const latest = prev[0];
    if (latest && latest.validFrom >= input.validFrom) {
      throw new AppError('CONFLICT', [
        {
          field: 'validFrom',
          message: `已有 ${latest.validFrom} 起的版本 ${latest.version}，新版本须晚于它 / a version from ${latest.validFrom} exists`,
        },
      ]);
    }
    if (latest && (latest.validTo === null || latest.validTo >= input.validFrom)) {
      await tx
        .update(ecMenuItems)
        .set({ validTo: dayBefore(input.validFrom) })
        .where(eq(ecMenuItems.id, latest.id));
    }
    const [row] = await tx
      .insert(ecMenuItems)
      .values({
        code: input.code,
        version: (latest?.version ?? 0) + 1,
        nameZh: input.nameZh,
        category: input.category,
        description: input.description ?? null,
        standardDurationMin: input.standardDurationMin,
        requiredSkill: input.requiredSkill,
        priceFen: input.priceFen,
        unit: input.unit,
        checklist: input.checklist,
        validFrom: input.validFrom,
        validTo: input.validTo,
        isDemo: input.isDemo ?? false,
        createdBy: actor.userId,
      })
      .returning();
    await appendAudit(tx, actor, {
      action: 'elderly.menu.version',
      targetType: 'ec_menu_item',
      targetId: row.id,
      details: { code: row.code, version: row.version, priceFen: row.priceFen, validFrom: row.validFrom },
    });
    return toMenuItem(row);
  };
  return 'rollback' in ex ? run(ex) : (ex as AppContext['db']).transaction(run);
}

// ---------------------------------------------------------------- providers

export type ProviderRow = typeof ecProviders.$inferSelect;
export function toProvider(r: ProviderRow, blacklisted: boolean) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as ProviderKind,
    creditCode: r.creditCode,
    regionCode: r.regionCode,
    serviceAreaCodes: r.serviceAreaCodes,
    address: r.address ?? undefined,
    location: r.latitude !== null && r.longitude !== null ? { lat: r.latitude, lng: r.longitude } : null,
    contactName: r.contactName ?? undefined,
    contactPhone: r.contactPhone ?? undefined,
    bankAccount: (r.bankAccount as { accountName: string; accountNumber: string; bankName: string } | null) ?? null,
    blacklisted,
    isDemo: r.isDemo,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}

/** Providers are public organisations: every staff role sees the list; bank details only county staff and the provider. */
export async function listProviders(ctx: AppContext, actor: Actor, q: { regionCode?: string; kind?: string }) {
  requireAnyRole(actor, ['admin', 'county_staff', 'township_staff', 'village_worker', 'provider_staff', 'auditor']);
  const rows = await ctx.db
    .select()
    .from(ecProviders)
    .where(
      and(
        q.regionCode ? sql`${ecProviders.regionCode} LIKE ${`${q.regionCode}%`}` : undefined,
        q.kind ? eq(ecProviders.kind, q.kind) : undefined,
      ),
    )
    .orderBy(asc(ecProviders.regionCode), asc(ecProviders.name));
  const bl = await activeBlacklist(ctx.db, shanghaiToday());
  return rows.map((r) => redactProvider(actor, toProvider(r, bl.providers.has(r.id))));
}

function redactProvider(actor: Actor, p: ReturnType<typeof toProvider>) {
  const mayBank = actor.roles.includes('county_staff') || actor.roles.includes('auditor') || actor.providerId === p.id;
  return mayBank
    ? p
    : { ...p, bankAccount: p.bankAccount ? { ...p.bankAccount, accountNumber: `****${p.bankAccount.accountNumber.slice(-4)}` } : null };
}

export async function getProvider(ctx: AppContext, actor: Actor, id: string) {
  requireAnyRole(actor, ['admin', 'county_staff', 'township_staff', 'village_worker', 'provider_staff', 'auditor']);
  assertUuid(id);
  const [r] = await ctx.db.select().from(ecProviders).where(eq(ecProviders.id, id));
  if (!r) throw new AppError('NOT_FOUND');
  const bl = await activeBlacklist(ctx.db, shanghaiToday());
  return redactProvider(actor, toProvider(r, bl.providers.has(r.id)));
}

export async function createProvider(ex: Executor, actor: Actor, input: ProviderUpsert & { isDemo?: boolean }) {
  requireAnyRole(actor, ['county_staff']);
  const run = async (tx: Executor) => {
    const [row] = await tx.insert(ecProviders).values(providerValues(input)).returning();
    await appendAudit(tx, actor, {
      action: 'elderly.provider.create',
      targetType: 'ec_provider',
      targetId: row.id,
      details: { name: row.name, kind: row.kind, regionCode: row.regionCode },
    });
    return toProvider(row, false);
  };
  return 'rollback' in ex ? run(ex) : (ex as AppContext['db']).transaction(run);
}

function providerValues(input: ProviderUpsert & { isDemo?: boolean }) {
  return {
    name: input.name,
    kind: input.kind,
    creditCode: input.creditCode ?? null,
    regionCode: input.regionCode,
    serviceAreaCodes: input.serviceAreaCodes,
    address: input.address ?? null,
    latitude: input.location?.lat ?? null,
    longitude: input.location?.lng ?? null,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    bankAccount: input.bankAccount ?? null,
    isDemo: input.isDemo ?? false,
  };
}

export async function updateProvider(ctx: AppContext, actor: Actor, id: string, input: ProviderUpsert & { version: number }) {
  requireAnyRole(actor, ['county_staff']);
  assertUuid(id);
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.select().from(ecProviders).where(eq(ecProviders.id, id)).for('update');
    if (!r) throw new AppError('NOT_FOUND');
    if (r.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const { isDemo: _d, ...values } = providerValues(input);
    const [row] = await tx
      .update(ecProviders)
      .set({ ...values, version: r.version + 1 })
      .where(eq(ecProviders.id, id))
      .returning();
    await appendAudit(tx, actor, {
      action: 'elderly.provider.update',
      targetType: 'ec_provider',
      targetId: id,
      details: { name: row.name, version: row.version },
    });
    const bl = await activeBlacklist(tx, shanghaiToday());
    return toProvider(row, bl.providers.has(id));
  });
}

// ---------------------------------------------------------------- caregivers

export type CaregiverRow = typeof ecCaregivers.$inferSelect;
export function toCaregiver(r: CaregiverRow, blacklisted: boolean) {
  return {
    id: r.id,
    providerId: r.providerId,
    userId: r.userId,
    regionCode: r.regionCode,
    name: r.name,
    personId: r.personId,
    phone: r.phone,
    skills: r.skills,
    certificates: r.certificates as unknown[],
    trainingRecords: r.trainingRecords as unknown[],
    shiftStart: r.shiftStart,
    shiftEnd: r.shiftEnd,
    breakWindow: (r.breakWindow as { start: string; end: string; durationMin: number } | null) ?? null,
    home: { lat: r.homeLat, lng: r.homeLng },
    maxWorkMin: r.maxWorkMin,
    status: r.status,
    blacklisted,
    version: r.version,
  };
}

export async function listCaregivers(ctx: AppContext, actor: Actor, q: { providerId?: string }) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'provider_staff', 'auditor', 'caregiver']);
  const ea = await elderlyActor(ctx.db, actor);
  const scope = scopeSql(ea, 'ec_caregivers', { caregiverSql: (cid) => sql`ec_caregivers.id = ${cid}` });
  const rows = await ctx.db
    .select()
    .from(ecCaregivers)
    .where(and(scope, q.providerId ? eq(ecCaregivers.providerId, q.providerId) : undefined))
    .orderBy(asc(ecCaregivers.regionCode), asc(ecCaregivers.name));
  const bl = await activeBlacklist(ctx.db, shanghaiToday());
  return rows.map((r) => toCaregiver(r, bl.caregivers.has(r.id) || bl.providers.has(r.providerId)));
}

async function providerForCaregiverWrite(ex: Executor, actor: Actor, providerId: string): Promise<ProviderRow> {
  requireAnyRole(actor, ['county_staff', 'provider_staff']);
  assertUuid(providerId);
  const [p] = await ex.select().from(ecProviders).where(eq(ecProviders.id, providerId));
  if (!p) throw new AppError('VALIDATION_FAILED', [{ field: 'providerId', message: '服务机构不存在 / unknown provider' }]);
  const own = actor.roles.includes('provider_staff') && actor.providerId === providerId;
  if (!own && !actor.roles.includes('county_staff')) throw new AppError('FORBIDDEN');
  return p;
}

export async function createCaregiver(ex: Executor, actor: Actor, input: CaregiverUpsert & { userId?: string | null; isDemo?: boolean }) {
  const run = async (tx: Executor) => {
    const p = await providerForCaregiverWrite(tx, actor, input.providerId);
    if (input.userId) {
      const [u] = await tx.select({ roles: users.roles }).from(users).where(eq(users.id, input.userId));
      if (!u?.roles.includes('caregiver'))
        throw new AppError('VALIDATION_FAILED', [{ field: 'userId', message: '须为护理员角色账号 / must be a caregiver account' }]);
    }
    const [row] = await tx
      .insert(ecCaregivers)
      .values({
        ...caregiverValues(input),
        providerId: p.id,
        regionCode: p.regionCode,
        userId: input.userId ?? null,
        isDemo: input.isDemo ?? false,
      })
      .returning();
    await appendAudit(tx, actor, {
      action: 'elderly.caregiver.create',
      targetType: 'ec_caregiver',
      targetId: row.id,
      details: { providerId: p.id, name: row.name, skills: row.skills },
    });
    return toCaregiver(row, false);
  };
  return 'rollback' in ex ? run(ex) : (ex as AppContext['db']).transaction(run);
}

function caregiverValues(input: CaregiverUpsert) {
  return {
    name: input.name,
    personId: input.personId ?? null,
    phone: input.phone ?? null,
    skills: input.skills,
    certificates: input.certificates,
    trainingRecords: input.trainingRecords,
    shiftStart: input.shiftStart,
    shiftEnd: input.shiftEnd,
    breakWindow: input.breakWindow ?? null,
    homeLat: input.home.lat,
    homeLng: input.home.lng,
    maxWorkMin: input.maxWorkMin,
    status: input.status,
  };
}

export async function updateCaregiver(ctx: AppContext, actor: Actor, id: string, input: CaregiverUpsert & { version: number }) {
  assertUuid(id);
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.select().from(ecCaregivers).where(eq(ecCaregivers.id, id)).for('update');
    if (!r) throw new AppError('NOT_FOUND');
    await providerForCaregiverWrite(tx, actor, r.providerId);
    if (input.providerId !== r.providerId) await providerForCaregiverWrite(tx, actor, input.providerId);
    if (r.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const [row] = await tx
      .update(ecCaregivers)
      .set({ ...caregiverValues(input), providerId: input.providerId, version: r.version + 1 })
      .where(eq(ecCaregivers.id, id))
      .returning();
    await appendAudit(tx, actor, {
      action: 'elderly.caregiver.update',
      targetType: 'ec_caregiver',
      targetId: id,
      details: { status: row.status, skills: row.skills, version: row.version },
    });
    const bl = await activeBlacklist(tx, shanghaiToday());
    return toCaregiver(row, bl.caregivers.has(id) || bl.providers.has(row.providerId));
  });
}

// ---------------------------------------------------------------- parameters and subsidy rules

export function toParameter(r: typeof ecParameters.$inferSelect) {
  return {
    id: r.id,
    key: r.key,
    validFrom: r.validFrom,
    validTo: r.validTo,
    value: r.value as Record<string, unknown>,
    source: r.source,
    createdAt: r.createdAt.toISOString(),
  };
}

/** A new effective-dated version of a parameter; the open previous version is closed the day before. */
export async function createParameterVersion(
  ex: Executor,
  actor: Actor,
  input: { key: ParameterKey; validFrom: string; value: unknown; source: string },
) {
  requireAnyRole(actor, ['county_staff']);
  if (!input.source.trim()) throw new AppError('VALIDATION_FAILED', [{ field: 'source', message: '请填写依据(文件号) / give the source' }]);
  const parsed = PARAMETER_SCHEMAS[input.key].safeParse(input.value);
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      parsed.error.issues.map((i) => ({ field: ['value', ...i.path.map(String)].join('.'), code: i.code, message: i.message })),
    );
  }
  const run = async (tx: Executor) => {
    const prev = await tx
      .select()
      .from(ecParameters)
      .where(eq(ecParameters.key, input.key))
      .orderBy(desc(ecParameters.validFrom))
      .for('update');
    if (prev[0] && prev[0].validFrom >= input.validFrom) {
      throw new AppError('CONFLICT', [
        { field: 'validFrom', message: `已有 ${prev[0].validFrom} 起的版本 / a version from ${prev[0].validFrom} exists` },
      ]);
    }
    if (prev[0] && (prev[0].validTo === null || prev[0].validTo >= input.validFrom)) {
      await tx
        .update(ecParameters)
        .set({ validTo: dayBefore(input.validFrom) })
        .where(eq(ecParameters.id, prev[0].id));
    }
    const [row] = await tx
      .insert(ecParameters)
      .values({ key: input.key, validFrom: input.validFrom, value: parsed.data, source: input.source, createdBy: actor.userId })
      .returning();
    await appendAudit(tx, actor, {
      action: 'elderly.parameter.version',
      targetType: 'ec_parameter',
      targetId: row.id,
      details: { key: row.key, validFrom: row.validFrom, value: parsed.data as Record<string, unknown>, source: row.source },
    });
    return toParameter(row);
  };
  return 'rollback' in ex ? run(ex) : (ex as AppContext['db']).transaction(run);
}

export async function listSubsidyRules(ctx: AppContext) {
  const rows = await ctx.db.select().from(ecSubsidyRules).orderBy(asc(ecSubsidyRules.validFrom));
  return rows.map((r) => r.rule as SubsidyRule);
}

/** Adds a rule version; the open rule before it is closed the day before; overlaps are refused. */
export async function createSubsidyRule(ex: Executor, actor: Actor, rule: SubsidyRule) {
  requireAnyRole(actor, ['county_staff']);
  if (!rule.source.trim()) throw new AppError('VALIDATION_FAILED', [{ field: 'source', message: '请填写依据(文件号) / give the source' }]);
  const run = async (tx: Executor) => {
    const rows = await tx.select().from(ecSubsidyRules).orderBy(asc(ecSubsidyRules.validFrom)).for('update');
    const rules = rows.map((r) => r.rule as SubsidyRule);
    if (rules.some((r) => r.version === rule.version))
      throw new AppError('CONFLICT', [{ field: 'version', message: `规则版本重复 / duplicate rule version ${rule.version}` }]);
    // The newest rule, if it is still in force when the new one starts, ends the day before.
    let closedPrevious: { version: string; validTo: string } | null = null;
    const open = rules.find((r) => r.validTo === null || r.validTo >= rule.validFrom);
    if (open && open.validFrom < rule.validFrom && rules.indexOf(open) === rules.length - 1) {
      const closed = { ...open, validTo: dayBefore(rule.validFrom) };
      closedPrevious = { version: open.version, validTo: closed.validTo };
      await tx.update(ecSubsidyRules).set({ validTo: closed.validTo, rule: closed }).where(eq(ecSubsidyRules.version, open.version));
      rules[rules.length - 1] = closed;
    }
    try {
      validateRuleSet([...rules, rule]);
    } catch (e) {
      throw new AppError('CONFLICT', [{ field: 'validFrom', message: (e as Error).message }]);
    }
    await tx
      .insert(ecSubsidyRules)
      .values({ version: rule.version, validFrom: rule.validFrom, validTo: rule.validTo, rule, createdBy: actor.userId });
    await appendAudit(tx, actor, {
      action: 'elderly.subsidy_rule.create',
      targetType: 'ec_subsidy_rule',
      targetId: rule.version,
      details: { validFrom: rule.validFrom, validTo: rule.validTo, source: rule.source, closedPrevious },
    });
    return rule;
  };
  return 'rollback' in ex ? run(ex) : (ex as AppContext['db']).transaction(run);
}
