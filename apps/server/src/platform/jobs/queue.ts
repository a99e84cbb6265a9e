import type { Job, JobListQuery } from '@lq/contracts';
import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import { appendAudit } from '../audit.ts';
import { type Actor, hasRole } from '../context.ts';
import type { Db, Executor } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { jobKind } from './registry.ts';
import { type JobRow, jobs } from './schema.ts';

/** Roles that may read jobs of their region (a township sees its own, the county all). */
const JOB_READERS = ['admin', 'county_staff', 'township_staff', 'village_worker', 'child_supervisor', 'auditor'] as const;

export interface EnqueueInput {
  kind: string;
  payload?: unknown;
  /** Who asked for it (null: the scheduler/system); its region scopes who can read the job. */
  actor?: Actor | null;
  regionCode?: string;
  runAt?: Date;
  maxAttempts?: number;
  scheduleName?: string | null;
}

/** Add a job; inside the caller's transaction, so it exists only if the caller's write commits. */
export async function enqueueJob(ex: Executor, input: EnqueueInput): Promise<JobRow> {
  const regionCode = input.regionCode ?? input.actor?.regionCode;
  if (!regionCode) throw new Error('enqueueJob: regionCode or actor required');
  const [row] = await ex
    .insert(jobs)
    .values({
      kind: input.kind,
      payload: input.payload ?? {},
      maxAttempts: input.maxAttempts ?? jobKind(input.kind)?.maxAttempts ?? 3,
      runAt: input.runAt ?? new Date(),
      scheduleName: input.scheduleName ?? null,
      createdBy: input.actor?.userId ?? null,
      createdByName: input.actor?.displayName ?? null,
      regionCode,
    })
    .returning();
  wakeWorkers();
  return row;
}

const wakers = new Set<() => void>();
/** Workers in this process listen so a job enqueued here starts without waiting for the next poll. */
export function onEnqueue(fn: () => void): () => void {
  wakers.add(fn);
  return () => wakers.delete(fn);
}
function wakeWorkers(): void {
  // After the caller's transaction had a chance to commit; a miss is caught by the next poll.
  for (const w of wakers) setTimeout(w, 20).unref?.();
}

export function toJob(j: JobRow): Job {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status as Job['status'],
    progress: Math.min(1, Math.max(0, j.progress)),
    progressMessage: j.progressMessage,
    result: j.result ?? null,
    error: j.error,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAt: j.runAt.toISOString(),
    cancelRequested: j.cancelRequested,
    cancellable: (j.status === 'queued' || j.status === 'running') && !!jobKind(j.kind)?.cancellable,
    scheduleName: j.scheduleName,
    createdBy: j.createdByName,
    regionCode: j.regionCode,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

function assertJobReader(actor: Actor): void {
  if (!hasRole(actor, ...JOB_READERS)) throw new AppError('FORBIDDEN');
}

function scope(actor: Actor): SQL {
  return sql`${jobs.regionCode} LIKE ${`${actor.regionCode}%`}`;
}

/** A job the actor may see (its region), or NOT_FOUND. */
export async function loadJobFor(ex: Executor, actor: Actor, id: string): Promise<JobRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND');
  const [j] = await ex
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), scope(actor)));
  if (!j) throw new AppError('NOT_FOUND');
  return j;
}

export async function getJob(ex: Executor, actor: Actor, id: string): Promise<Job> {
  assertJobReader(actor);
  return toJob(await loadJobFor(ex, actor, id));
}

export async function listJobs(ex: Executor, actor: Actor, q: JobListQuery): Promise<{ items: Job[]; total: number }> {
  assertJobReader(actor);
  const where = and(scope(actor), q.kind ? eq(jobs.kind, q.kind) : undefined, q.status ? eq(jobs.status, q.status) : undefined);
  const [{ n }] = await ex.select({ n: count() }).from(jobs).where(where);
  const rows = await ex
    .select()
    .from(jobs)
    .where(where)
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { total: Number(n), items: rows.map(toJob) };
}

/** The latest job of a kind whose payload has `key` = value (e.g. the job of an import). */
export async function latestJobWhere(ex: Executor, kind: string, key: string, value: string): Promise<JobRow | null> {
  const [j] = await ex
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), sql`${jobs.payload} ->> ${key} = ${value}`))
    .orderBy(desc(jobs.createdAt))
    .limit(1);
  return j ?? null;
}

/**
 * Cancel: a queued job ends at once; a running one is asked to stop (its handler sees the signal
 * aborted within a lease renewal) and ends as cancelled. The creator, county staff or an admin may
 * cancel, and only kinds registered as cancellable.
 */
export async function cancelJob(db: Db, actor: Actor, id: string, now = new Date()): Promise<Job> {
  assertJobReader(actor);
  const run = async (tx: Executor) => {
    const j = await loadJobFor(tx, actor, id);
    if (!(j.createdBy !== null && j.createdBy === actor.userId) && !hasRole(actor, 'county_staff', 'admin'))
      throw new AppError('FORBIDDEN');
    if (!jobKind(j.kind)?.cancellable || (j.status !== 'queued' && j.status !== 'running'))
      throw new AppError('INVALID_TRANSITION', [{ field: 'status', message: j.status }]);
    const [u] = await tx
      .update(jobs)
      .set(j.status === 'queued' ? { status: 'cancelled', cancelRequested: true, finishedAt: now, error: null } : { cancelRequested: true })
      .where(and(eq(jobs.id, j.id), eq(jobs.status, j.status)))
      .returning();
    if (!u) throw new AppError('VERSION_CONFLICT');
    await appendAudit(tx, actor, { action: 'job.cancel', targetType: 'job', targetId: j.id, details: { kind: j.kind, from: j.status } });
    return toJob(u);
  };
  return db.transaction(run);
}
