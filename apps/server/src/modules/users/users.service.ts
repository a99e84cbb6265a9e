import type { Role } from '@lq/contracts';
import { and, count, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import { caseRow, create, transition } from '../../platform/cases/index.ts';
import type { Actor } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { settings, users } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { ACCOUNT_CASE, type AccountAction, type AccountStatus } from './account.workflow.ts';

export interface NewUser {
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
  providerId?: string | null;
  personId?: string | null;
  password: string;
  isDemo?: boolean;
}

export async function createUser(ex: Executor, actor: Actor, input: NewUser, passwordHash?: string): Promise<string> {
  const existing = await ex.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing.length) throw new AppError('USERNAME_TAKEN', [{ field: 'username', message: input.username }]);
  const row = await create(ex, ACCOUNT_CASE, {
    action: 'create',
    actor,
    audit: { username: input.username, roles: input.roles, regionCode: input.regionCode, isDemo: input.isDemo ?? false },
    values: {
      username: input.username,
      displayName: input.displayName,
      passwordHash: passwordHash ?? (await hashPassword(input.password)),
      roles: input.roles,
      regionCode: input.regionCode,
      providerId: input.providerId ?? null,
      personId: input.personId ?? null,
      isDemo: input.isDemo ?? false,
    },
  });
  return row.id;
}

/** Lifecycle status as the user lives it: a stored lock whose time has run out reads as active. */
function currentStatus(u: typeof users.$inferSelect): AccountStatus {
  const c = caseRow(ACCOUNT_CASE, u);
  if (c.status === 'locked' && !(u.lockedUntil && u.lockedUntil.getTime() > Date.now())) return 'active';
  return c.status;
}

/** Record the end of a lock that ran out (the engine's 'expire'), so the stored status is current. */
export async function expireLock(ex: Executor, actor: Actor, u: typeof users.$inferSelect) {
  if (u.status !== 'locked' || (u.lockedUntil && u.lockedUntil.getTime() > Date.now())) return caseRow(ACCOUNT_CASE, u);
  return transition(ex, ACCOUNT_CASE, { caseId: u.id, action: 'expire', actor, set: { lockedUntil: null, failedAttempts: 0 } });
}

export async function accountAction(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  action: Exclude<AccountAction, 'create' | 'lock'>,
  reason?: string,
) {
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!u?.regionCode.startsWith(actor.regionCode)) throw new AppError('NOT_FOUND');
    // A lock that ran out is recorded as ended first, so the admin acts on the account as it is.
    if (action !== 'unlock') await expireLock(tx, actor, u);
    const patch: Partial<typeof users.$inferInsert> = {};
    if (action === 'unlock') Object.assign(patch, { lockedUntil: null, failedAttempts: 0 });
    if (action === 'enable') Object.assign(patch, { lockedUntil: null, failedAttempts: 0 });
    if (action === 'reset_totp') Object.assign(patch, { totpEnabled: false, totpSecretEnc: null, totpPendingEnc: null });
    const row = await transition(tx, ACCOUNT_CASE, {
      caseId: u.id,
      action,
      actor,
      note: reason ?? null,
      set: patch,
      audit: { reason: reason ?? null },
    });
    if (action === 'disable') await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${u.id}`);
    return row.status;
  });
}

/**
 * Disables, in the caller's transaction, the accounts scoped to regions that are going away (e.g. demo
 * villages replaced by the official list): their scope would otherwise point at nothing. Each one is
 * a recorded `disable` action; sessions end. Returns the usernames disabled.
 */
export async function disableAccountsInRegions(tx: Executor, actor: Actor, regionCodes: string[], reason: string): Promise<string[]> {
  if (!regionCodes.length) return [];
  const rows = await tx
    .select()
    .from(users)
    .where(and(inArray(users.regionCode, regionCodes), sql`${users.status} <> 'disabled'`))
    .for('update');
  for (const u of rows) {
    await transition(tx, ACCOUNT_CASE, { caseId: u.id, action: 'disable', actor, note: reason, audit: { reason } });
    await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${u.id}`);
  }
  return rows.map((u) => u.username);
}

export async function listUsers(ctx: AppContext, actor: Actor, q: { q?: string; page: number; pageSize: number }) {
  const where = and(
    sql`${users.regionCode} LIKE ${`${actor.regionCode}%`}`,
    q.q ? or(ilike(users.username, `%${q.q}%`), ilike(users.displayName, `%${q.q}%`)) : undefined,
  );
  const [{ n }] = await ctx.db.select({ n: count() }).from(users).where(where);
  const rows = await ctx.db
    .select()
    .from(users)
    .where(where)
    .orderBy(desc(users.createdAt), users.username)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    total: Number(n),
    items: rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles as Role[],
      regionCode: u.regionCode,
      status: currentStatus(u),
      isDemo: u.isDemo,
      totpEnabled: u.totpEnabled,
      lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    })),
  };
}

export async function setSecuritySettings(ctx: AppContext, actor: Actor, value: { requireTotpForPrivileged: boolean }) {
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: 'security', value, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()`, updatedBy: actor.userId } });
    await appendAudit(tx, actor, { action: 'settings.security.update', targetType: 'settings', targetId: 'security', details: value });
  });
}
