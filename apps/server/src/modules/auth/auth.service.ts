import { type Me, PASSWORD_PROBLEM_MESSAGES, PRIVILEGED_ROLES, passwordProblems, type Role } from '@lq/contracts';
import { and, eq, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { appendAudit } from '../../platform/audit.ts';
import { transition } from '../../platform/cases/index.ts';
import type { Actor } from '../../platform/context.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { regions, sessions, settings, users } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { must } from '../../platform/must.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/passwords.ts';
import { ACCOUNT_CASE } from '../users/account.workflow.ts';
import { expireLock } from '../users/users.service.ts';

type UserRow = typeof users.$inferSelect;

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

function actorOf(u: UserRow, requestId: string | null, ip: string | null): Actor {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    regionCode: u.regionCode,
    providerId: u.providerId,
    requestId,
    ip,
  };
}

export async function getSecuritySettings(ctx: AppContext): Promise<{ requireTotpForPrivileged: boolean }> {
  const r = await ctx.db.select().from(settings).where(eq(settings.key, 'security')).limit(1);
  const v = (r[0]?.value ?? {}) as { requireTotpForPrivileged?: boolean };
  return { requireTotpForPrivileged: v.requireTotpForPrivileged ?? false };
}

export async function meOf(ctx: AppContext, userId: string): Promise<Me> {
  const rows = await ctx.db
    .select({ u: users, regionName: regions.name })
    .from(users)
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .where(eq(users.id, userId));
  const row = rows[0];
  if (!row) throw new AppError('UNAUTHENTICATED');
  const sec = await getSecuritySettings(ctx);
  const privileged = (row.u.roles as Role[]).some((r) => PRIVILEGED_ROLES.includes(r));
  return {
    id: row.u.id,
    username: row.u.username,
    displayName: row.u.displayName,
    roles: row.u.roles as Role[],
    regionCode: row.u.regionCode,
    regionName: row.regionName ?? row.u.regionCode,
    providerId: row.u.providerId,
    isDemo: row.u.isDemo,
    totpEnabled: row.u.totpEnabled,
    mustEnrolTotp: sec.requireTotpForPrivileged && privileged && !row.u.totpEnabled,
  };
}

/** The issuer only names the entry in the authenticator app (deployment.json totpIssuer); codes do not depend on it. */
function totpFor(secretB32: string, username: string, issuer = ''): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secretB32),
  });
}

export function checkTotp(secretB32: string, username: string, code: string): boolean {
  return totpFor(secretB32, username).validate({ token: code, window: 1 }) !== null;
}

/**
 * One password check, counted against the lockout before it runs. The attempt is reserved
 * atomically (`failed_attempts + 1` under the threshold, account not locked) BEFORE the slow
 * argon2 check, so a burst of concurrent guesses gets at most `lockoutThreshold` checks per lock
 * period: the others are refused without looking at the password. A right password gives its
 * reservation back (login resets the count), a wrong one keeps it, and the attempt that uses up
 * the budget locks the account.
 *
 * - `ok`: the password is right.
 * - `wrong`: it is not (counted; `locked` when this failure locked the account).
 * - `refused`: locked, or the budget is taken by attempts in flight; the password was not checked.
 */
async function countedPasswordCheck(
  ctx: AppContext,
  user: UserRow,
  actor: Actor,
  password: string,
): Promise<{ result: 'ok' | 'wrong' | 'refused'; failures: number; locked: boolean }> {
  const threshold = ctx.config.lockoutThreshold;
  const reserved = await ctx.db
    .update(users)
    .set({ failedAttempts: sql`${users.failedAttempts} + 1` })
    .where(
      and(eq(users.id, user.id), lt(users.failedAttempts, threshold), or(isNull(users.lockedUntil), lte(users.lockedUntil, sql`now()`))),
    )
    .returning({ failures: users.failedAttempts });
  const slot = reserved[0]?.failures;
  if (slot === undefined) {
    // Same time as a real check, so a locked account cannot be told apart by timing.
    await burnPasswordCheck(password);
    // Budget used up but no lock yet (attempts in flight, or a crashed one): lock now.
    const locked = await lockAccount(ctx, user, actor, threshold);
    return { result: 'refused', failures: threshold, locked };
  }
  if (await verifyPassword(user.passwordHash, password)) return { result: 'ok', failures: slot, locked: false };
  const locked = slot >= threshold ? await lockAccount(ctx, user, actor, slot) : false;
  return { result: 'wrong', failures: slot, locked };
}

/** Lock the account unless it is locked already (only one of concurrent failures records the lock). */
async function lockAccount(ctx: AppContext, user: UserRow, actor: Actor, failures: number): Promise<boolean> {
  const lockedUntil = new Date(Date.now() + ctx.config.lockoutMinutes * 60_000);
  return ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(users)
      .set({ failedAttempts: 0, lockedUntil })
      .where(and(eq(users.id, user.id), or(isNull(users.lockedUntil), lte(users.lockedUntil, sql`now()`))))
      .returning({ id: users.id, status: users.status });
    if (done.length === 0) return false;
    // A disabled account keeps its status (its lock time still slows guessing, the answer stays 401).
    if (done[0].status !== 'disabled')
      await transition(tx, ACCOUNT_CASE, {
        caseId: user.id,
        action: 'lock',
        actor,
        note: `${failures} failed logins`,
        payload: { lockedUntil: lockedUntil.toISOString() },
        audit: { lockedUntil: lockedUntil.toISOString(), failures },
      });
    return true;
  });
}

/**
 * Log in: lockout after repeated failures (counted atomically, see countedPasswordCheck),
 * optional TOTP, a fresh session. Every attempt, success or failure, is audited. Until the
 * password is proven right every failure is the same 401 INVALID_CREDENTIALS, whether the user
 * is unknown, locked or disabled; only a right password learns that an account is disabled.
 * A locked account does not check the password at all (otherwise the lock would still answer
 * guesses), so it also answers 401.
 */
export async function login(ctx: AppContext, input: LoginInput): Promise<{ token: string; csrfToken: string; me: Me }> {
  const anon: Actor = {
    userId: null,
    username: input.username,
    displayName: input.username,
    roles: [],
    regionCode: '',
    providerId: null,
    requestId: input.requestId,
    ip: input.ip,
  };
  const found = await ctx.db.select().from(users).where(eq(users.username, input.username)).limit(1);
  const user = found[0];
  if (!user) {
    await burnPasswordCheck(input.password);
    await appendAudit(ctx.db, anon, { action: 'auth.login', outcome: 'failure', details: { reason: 'unknown_user' } });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const actor = actorOf(user, input.requestId, input.ip);
  const check = await countedPasswordCheck(ctx, user, actor, input.password);
  if (check.result !== 'ok') {
    await appendAudit(ctx.db, actor, {
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      outcome: check.result === 'refused' ? 'denied' : 'failure',
      details: { reason: check.result === 'refused' ? 'locked' : 'bad_password', failures: check.failures, lockedNow: check.locked },
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.status === 'disabled') {
    await appendAudit(ctx.db, actor, {
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      outcome: 'denied',
      details: { reason: 'disabled' },
    });
    throw new AppError('ACCOUNT_DISABLED');
  }
  if (user.totpEnabled) {
    if (!input.totp) {
      // The password was right: give the reserved attempt back.
      await ctx.db
        .update(users)
        .set({ failedAttempts: sql`greatest(${users.failedAttempts} - 1, 0)` })
        .where(eq(users.id, user.id));
      await appendAudit(ctx.db, actor, {
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
        outcome: 'failure',
        details: { reason: 'totp_required' },
      });
      throw new AppError('TOTP_REQUIRED', [{ field: 'totp', message: 'required' }]);
    }
    const secret = ctx.crypto.decrypt(user.totpSecretEnc ?? '');
    if (!checkTotp(secret, user.username, input.totp)) {
      // The reservation stays: a wrong code counts like a wrong password.
      const locked = check.failures >= ctx.config.lockoutThreshold ? await lockAccount(ctx, user, actor, check.failures) : false;
      await appendAudit(ctx.db, actor, {
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
        outcome: 'failure',
        details: { reason: 'bad_totp', failures: check.failures, lockedNow: locked },
      });
      throw new AppError('TOTP_INVALID');
    }
  }
  const token = randomToken();
  const csrfToken = randomToken(24);
  await ctx.db.transaction(async (tx) => {
    // A lock that has run out ends here (logged as 'expire').
    await expireLock(tx, actor, user);
    await tx.update(users).set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: sql`now()` }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({ id: sha256Hex(token), userId: user.id, csrfToken, ip: input.ip, userAgent: input.userAgent });
    await appendAudit(tx, actor, { action: 'auth.login', targetType: 'user', targetId: user.id, outcome: 'success' });
  });
  return { token, csrfToken, me: await meOf(ctx, user.id) };
}

export async function logout(ctx: AppContext, actor: Actor, sessionId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sessionId));
    await appendAudit(tx, actor, { action: 'auth.logout', targetType: 'user', targetId: actor.userId });
  });
}

/**
 * Change one's own password. A wrong current password counts like a failed login (and can lock
 * the account); the new one must pass the policy with the user name and the demo password known;
 * the user's other sessions end.
 */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  current: string,
  next: string,
  keepSessionId: string | null = null,
): Promise<void> {
  const [u] = await ctx.db
    .select()
    .from(users)
    .where(eq(users.id, must(actor.userId, 'user id')));
  if (!u) throw new AppError('UNAUTHENTICATED');
  const check = await countedPasswordCheck(ctx, u, actor, current);
  if (check.result === 'refused') throw new AppError('ACCOUNT_LOCKED');
  if (check.result === 'wrong') {
    await appendAudit(ctx.db, actor, {
      action: 'user.password.change',
      targetType: 'user',
      targetId: u.id,
      outcome: 'failure',
      details: { reason: 'bad_current_password', failures: check.failures, lockedNow: check.locked },
    });
    if (check.locked) throw new AppError('ACCOUNT_LOCKED');
    throw new AppError('VALIDATION_FAILED', [{ field: 'currentPassword', message: '当前密码不正确 / current password is wrong' }]);
  }
  const problems = passwordProblems(next, { username: u.username, forbidden: [ctx.config.demoPassword, current] });
  if (problems.length) {
    // The current password was right: give the reserved attempt back.
    await ctx.db
      .update(users)
      .set({ failedAttempts: sql`greatest(${users.failedAttempts} - 1, 0)` })
      .where(eq(users.id, u.id));
    throw new AppError(
      'VALIDATION_FAILED',
      problems.map((p) => ({ field: 'newPassword', code: p, message: PASSWORD_PROBLEM_MESSAGES[p] })),
    );
  }
  const hash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash: hash, passwordChangedAt: sql`now()`, failedAttempts: 0, version: sql`${users.version} + 1` })
      .where(eq(users.id, u.id));
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, u.id), keepSessionId ? ne(sessions.id, keepSessionId) : undefined))
      .returning({ id: sessions.id });
    await appendAudit(tx, actor, {
      action: 'user.password.change',
      targetType: 'user',
      targetId: u.id,
      details: { otherSessionsEnded: ended.length },
    });
  });
}

export async function startTotpEnrolment(ctx: AppContext, actor: Actor) {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const totp = totpFor(secret, actor.username, ctx.config.deployment.totpIssuer);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpPendingEnc: ctx.crypto.encrypt(secret) })
      .where(eq(users.id, must(actor.userId, 'user id')));
    await appendAudit(tx, actor, { action: 'user.totp.enrol.start', targetType: 'user', targetId: actor.userId });
  });
  const otpauthUrl = totp.toString();
  return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl) };
}

export async function confirmTotpEnrolment(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  const [u] = await ctx.db
    .select()
    .from(users)
    .where(eq(users.id, must(actor.userId, 'user id')));
  if (!u?.totpPendingEnc) throw new AppError('BAD_REQUEST', [{ field: 'code', message: '请先开始绑定 / start enrolment first' }]);
  const secret = ctx.crypto.decrypt(u.totpPendingEnc);
  if (!checkTotp(secret, u.username, code)) {
    throw new AppError('VALIDATION_FAILED', [{ field: 'code', message: '验证码错误 / wrong code' }]);
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecretEnc: u.totpPendingEnc, totpPendingEnc: null, totpEnabled: true }).where(eq(users.id, u.id));
    await appendAudit(tx, actor, { action: 'user.totp.enrol.confirm', targetType: 'user', targetId: u.id });
  });
}
