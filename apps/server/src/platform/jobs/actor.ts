import type { Role } from '@lq/contracts';
import { eq } from 'drizzle-orm';
import { type Actor, systemActor } from '../context.ts';
import type { Executor } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { JobRunContext } from './registry.ts';

/**
 * The actor a job acts as: the user who asked for it, read again when it runs (a user disabled
 * since then cannot act through a queued job), or for scheduled jobs the scheduler acting with
 * `roles` in the job's region.
 */
export async function jobActor(ex: Executor, job: JobRunContext['job'], scheduledRoles: Role[]): Promise<Actor> {
  if (!job.createdBy) return { ...systemActor(job.regionCode, `scheduler:${job.scheduleName ?? job.kind}`), roles: scheduledRoles };
  const [u] = await ex.select().from(users).where(eq(users.id, job.createdBy));
  if (u?.status !== 'active') throw new AppError('FORBIDDEN');
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    regionCode: u.regionCode,
    providerId: u.providerId,
    requestId: `job:${job.id}`,
    ip: null,
  };
}
