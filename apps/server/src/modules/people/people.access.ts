import type { Role } from '@lq/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import { people } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';

/** Who may read and who may write the registry. Providers and caregivers see elders through their orders, not the registry. */
export const REGISTRY_READERS: readonly Role[] = [
  'admin',
  'county_staff',
  'township_staff',
  'village_worker',
  'child_supervisor',
  'auditor',
];
export const REGISTRY_WRITERS: readonly Role[] = ['county_staff', 'township_staff', 'village_worker'];
export const SENSITIVE_REVEALERS: readonly Role[] = ['county_staff', 'township_staff', 'village_worker', 'child_supervisor', 'auditor'];

export function assertCanRead(actor: Actor): void {
  if (!actor.roles.some((r) => REGISTRY_READERS.includes(r))) throw new AppError('FORBIDDEN');
}
export function assertCanWrite(actor: Actor): void {
  if (!actor.roles.some((r) => REGISTRY_WRITERS.includes(r))) throw new AppError('FORBIDDEN');
}
export function assertCanReveal(actor: Actor): void {
  if (!actor.roles.some((r) => SENSITIVE_REVEALERS.includes(r))) throw new AppError('FORBIDDEN');
}

/**
 * The data-layer region filter: a person belongs to the actor's subtree when they live there
 * (常住) or are registered there (户籍). Every people query goes through this.
 */
export function personScope(actor: Actor): SQL {
  const prefix = `${actor.regionCode}%`;
  return sql`(${people.residenceRegionCode} LIKE ${prefix} OR ${people.registeredRegionCode} LIKE ${prefix})`;
}
