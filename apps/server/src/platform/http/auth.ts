import type { Role } from '@lq/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../context.ts';
import { sha256Hex } from '../crypto.ts';
import { sessions, users } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { AppContext } from './app-context.ts';

export const SESSION_COOKIE = 'lq_sid';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
    auditWritten: boolean;
  }
}

export function anonymousActor(req: FastifyRequest): Actor {
  return {
    userId: null,
    username: 'anonymous',
    displayName: 'anonymous',
    roles: [],
    regionCode: '',
    providerId: null,
    requestId: req.id,
    ip: req.ip,
  };
}

/** Resolve the session cookie to an actor; enforces the idle timeout. Sets req.actor or leaves null. */
export async function loadSession(ctx: AppContext, req: FastifyRequest): Promise<void> {
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return;
  const sid = sha256Hex(token);
  const rows = await ctx.db
    .select({ s: sessions, u: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sid))
    .limit(1);
  const row = rows[0];
  if (!row) return;
  const idleMs = ctx.config.sessionIdleMinutes * 60_000;
  const now = Date.now();
  if (now - row.s.lastSeenAt.getTime() > idleMs) {
    await ctx.db.delete(sessions).where(eq(sessions.id, sid));
    throw new AppError('SESSION_EXPIRED');
  }
  if (row.u.status === 'disabled') {
    await ctx.db.delete(sessions).where(eq(sessions.userId, row.u.id));
    throw new AppError('ACCOUNT_DISABLED');
  }
  // Refresh the idle clock at most every 30 s to keep reads cheap.
  if (now - row.s.lastSeenAt.getTime() > 30_000) {
    await ctx.db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(and(eq(sessions.id, sid)));
  }
  req.sessionId = sid;
  req.csrfToken = row.s.csrfToken;
  req.actor = {
    userId: row.u.id,
    username: row.u.username,
    displayName: row.u.displayName,
    roles: row.u.roles as Role[],
    regionCode: row.u.regionCode,
    providerId: row.u.providerId,
    requestId: req.id,
    ip: req.ip,
  };
}

/** The acting user, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

/** The acting user holding one of the roles, or 403. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): Actor {
  const actor = requireActor(req);
  if (!actor.roles.some((r) => roles.includes(r))) throw new AppError('FORBIDDEN');
  return actor;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** CSRF: state-changing requests with a session must echo the session's token in x-csrf-token. */
export function checkCsrf(req: FastifyRequest, _reply: FastifyReply, exemptPaths: Set<string>): void {
  if (SAFE_METHODS.has(req.method)) return;
  const path = req.url.split('?')[0];
  if (exemptPaths.has(path) || path.startsWith('/api/public/')) return;
  if (!req.actor) return; // unauthenticated writes fail on requireActor with 401
  const header = req.headers['x-csrf-token'];
  if (typeof header !== 'string' || header !== req.csrfToken) throw new AppError('CSRF');
}
