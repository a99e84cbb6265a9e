import type { AuditQuery } from '@lq/contracts';
import { and, count, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { appendAudit, verifyAuditChain } from '../../platform/audit.ts';
import type { Actor } from '../../platform/context.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';

export function assertAuditReader(actor: Actor): void {
  if (!actor.roles.some((r) => r === 'auditor' || r === 'admin')) throw new AppError('FORBIDDEN');
}

function conditions(q: z.infer<typeof AuditQuery>): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  if (q.from) c.push(gte(auditLog.at, new Date(q.from.length === 10 ? `${q.from}T00:00:00+08:00` : q.from)));
  if (q.to) c.push(lte(auditLog.at, new Date(q.to.length === 10 ? `${q.to}T23:59:59.999+08:00` : q.to)));
  if (q.username) c.push(eq(auditLog.username, q.username));
  if (q.action) c.push(sql`${auditLog.action} LIKE ${`${q.action}%`}`);
  if (q.outcome) c.push(eq(auditLog.outcome, q.outcome));
  if (q.targetId) c.push(eq(auditLog.targetId, q.targetId));
  return and(...c);
}

function toEntry(r: typeof auditLog.$inferSelect) {
  return {
    id: r.id,
    at: r.at.toISOString(),
    userId: r.userId,
    username: r.username,
    role: r.role,
    regionCode: r.regionCode,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    outcome: r.outcome as 'success' | 'failure' | 'denied',
    requestId: r.requestId,
    ip: r.ip,
    details: (r.details as Record<string, unknown> | null) ?? null,
    hash: r.hash,
  };
}

export async function searchAudit(ctx: AppContext, actor: Actor, q: z.infer<typeof AuditQuery>) {
  assertAuditReader(actor);
  const where = conditions(q);
  const [{ n }] = await ctx.db.select({ n: count() }).from(auditLog).where(where);
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { total: Number(n), items: rows.map(toEntry) };
}

export async function exportAudit(ctx: AppContext, actor: Actor, q: z.infer<typeof AuditQuery>) {
  assertAuditReader(actor);
  const rows = await ctx.db.select().from(auditLog).where(conditions(q)).orderBy(desc(auditLog.id)).limit(100_000);
  await appendAudit(ctx.db, actor, { action: 'audit.export', targetType: 'audit', details: { rows: rows.length, filter: q } });
  return rows.map(toEntry);
}

export async function verifyChain(ctx: AppContext, actor: Actor) {
  assertAuditReader(actor);
  const r = await verifyAuditChain(ctx.db);
  await appendAudit(ctx.db, actor, {
    action: 'audit.verify',
    targetType: 'audit',
    outcome: r.ok ? 'success' : 'failure',
    // The full list is in the response; the entry keeps the first hundred.
    details: { ok: r.ok, checked: r.checked, brokenCount: r.broken.length, broken: r.broken.slice(0, 100) },
  });
  return r;
}
