import { type Me, PRIVILEGED_ROLES, type Role } from '@lq/contracts';
import { eq, sql } from 'drizzle-orm';
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

function totpFor(secretB32: string, username: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: '龙泉智慧民政',
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
 * Log in: lockout after repeated failures, optional TOTP, a fresh session. Every attempt,
 * success or failure, is audited.
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
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    await appendAudit(ctx.db, actor, {
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      outcome: 'denied',
      details: { reason: 'locked' },
    });
    throw new AppError('ACCOUNT_LOCKED', [{ field: 'lockedUntil', message: user.lockedUntil.toISOString() }]);
  }
  const passwordOk = await verifyPassword(user.passwordHash, input.password);
  let reason: string | null = passwordOk ? null : 'bad_password';
  if (passwordOk && user.totpEnabled) {
    if (!input.totp) {
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
    if (!checkTotp(secret, user.username, input.totp)) reason = 'bad_totp';
  }
  if (reason) {
    const failures = user.failedAttempts + 1;
    const lock = failures >= ctx.config.lockoutThreshold;
    const lockedUntil = lock ? new Date(Date.now() + ctx.config.lockoutMinutes * 60_000) : null;
    await ctx.db.transaction(async (tx) => {
      if (!lock) await tx.update(users).set({ failedAttempts: failures }).where(eq(users.id, user.id));
      await appendAudit(tx, actor, {
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
        outcome: 'failure',
        details: { reason, failures },
      });
      if (lock) {
        await transition(tx, ACCOUNT_CASE, {
          caseId: user.id,
          action: 'lock',
          actor,
          note: `${failures} failed logins`,
          payload: { lockedUntil: lockedUntil?.toISOString() },
          set: { failedAttempts: 0, lockedUntil },
          audit: { lockedUntil: lockedUntil?.toISOString(), failures },
        });
      }
    });
    if (lock) throw new AppError('ACCOUNT_LOCKED', [{ field: 'lockedUntil', message: lockedUntil?.toISOString() ?? '' }]);
    throw new AppError(reason === 'bad_totp' ? 'TOTP_INVALID' : 'INVALID_CREDENTIALS');
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

export async function changePassword(ctx: AppContext, actor: Actor, current: string, next: string): Promise<void> {
  const [u] = await ctx.db
    .select()
    .from(users)
    .where(eq(users.id, must(actor.userId, 'user id')));
  if (!u || !(await verifyPassword(u.passwordHash, current))) {
    throw new AppError('VALIDATION_FAILED', [{ field: 'currentPassword', message: '当前密码不正确 / current password is wrong' }]);
  }
  const hash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash: hash, passwordChangedAt: sql`now()`, version: sql`${users.version} + 1` })
      .where(eq(users.id, u.id));
    await appendAudit(tx, actor, { action: 'user.password.change', targetType: 'user', targetId: u.id });
  });
}

export async function startTotpEnrolment(ctx: AppContext, actor: Actor) {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const totp = totpFor(secret, actor.username);
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
