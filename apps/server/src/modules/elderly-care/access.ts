/**
 * Who the acting user is for elderly care, and the data-layer scope filters.
 *  - county / township / village staff: records whose region code lies under theirs;
 *  - provider_staff: records of their provider (users.provider_id);
 *  - caregiver: their own visits (ec_caregivers.user_id);
 *  - resident: records of the person the account is linked to;
 *  - auditor: everything (read-only apart from audit decisions); admin: configuration only.
 */

import type { Role } from '@lq/contracts';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { users } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor as DomainActor } from './domain/order.policy.ts';
import { ecCaregivers, ecProviders } from './schema.ts';

export interface ElderlyActor extends DomainActor {
  base: Actor;
  regionCode: string;
  providerId: string | null;
  caregiverId: string | null;
  /** caregiver: the caregiver's provider (for "not yours" vs "not found"). */
  caregiverProviderId: string | null;
}

/** Roles that read case data (orders, visits, assessments ...) within their scope. */
export const CASE_READERS: readonly Role[] = [
  'county_staff',
  'township_staff',
  'village_worker',
  'provider_staff',
  'caregiver',
  'auditor',
  'resident',
];
export const STAFF_READERS: readonly Role[] = ['county_staff', 'township_staff', 'village_worker', 'provider_staff', 'auditor'];

export async function elderlyActor(ex: Executor, actor: Actor): Promise<ElderlyActor> {
  let providerAreaCodes: string[] = [];
  let caregiverId: string | null = null;
  let caregiverProviderId: string | null = null;
  if (actor.roles.includes('provider_staff') && actor.providerId) {
    const [p] = await ex.select({ areas: ecProviders.serviceAreaCodes }).from(ecProviders).where(eq(ecProviders.id, actor.providerId));
    providerAreaCodes = p?.areas ?? [];
  }
  let personIds: string[] = [];
  if (actor.roles.includes('resident') && actor.userId) {
    const [u] = await ex.select({ personId: users.personId }).from(users).where(eq(users.id, actor.userId));
    personIds = u?.personId ? [u.personId] : [];
  }
  if (actor.roles.includes('caregiver') && actor.userId) {
    const [c] = await ex
      .select({ id: ecCaregivers.id, providerId: ecCaregivers.providerId })
      .from(ecCaregivers)
      .where(eq(ecCaregivers.userId, actor.userId));
    caregiverId = c?.id ?? null;
    caregiverProviderId = c?.providerId ?? null;
  }
  return {
    base: actor,
    userId: actor.userId ?? 'system',
    roles: actor.roles,
    regionCode: actor.regionCode,
    providerId: actor.providerId,
    providerAreaCodes,
    caregiverId,
    caregiverProviderId,
    personIds,
    // Township civil-affairs staff act as the GB/T 42195 assessors (评估员) in this deployment.
    assessor: actor.roles.includes('township_staff'),
  };
}

export function requireAnyRole(actor: Actor, roles: readonly Role[]): void {
  if (!actor.roles.some((r) => roles.includes(r))) throw new AppError('FORBIDDEN');
}

const REGION_ROLES: readonly Role[] = ['county_staff', 'township_staff', 'village_worker'];

/**
 * Row filter for tables with region_code / provider_id / person_id columns (alias given).
 * `caregiverSql` says how a caregiver sees rows of this table (null = not at all).
 */
export function scopeSql(
  ea: ElderlyActor,
  alias: string,
  opts: { caregiverSql?: (caregiverId: string) => SQL; provider?: boolean } = {},
): SQL {
  const a = sql.raw(alias);
  const parts: SQL[] = [];
  if (ea.roles.includes('auditor')) return sql`TRUE`;
  if (ea.roles.some((r) => REGION_ROLES.includes(r))) parts.push(sql`${a}.region_code LIKE ${`${ea.regionCode}%`}`);
  if (ea.roles.includes('provider_staff') && ea.providerId && opts.provider !== false) parts.push(sql`${a}.provider_id = ${ea.providerId}`);
  if (ea.roles.includes('caregiver') && ea.caregiverId && opts.caregiverSql) parts.push(opts.caregiverSql(ea.caregiverId));
  if (ea.roles.includes('resident') && ea.base.userId) {
    parts.push(sql`${a}.person_id IN (SELECT person_id FROM users WHERE id = ${ea.base.userId} AND person_id IS NOT NULL)`);
  }
  if (!parts.length) return sql`FALSE`;
  return sql`(${sql.join(parts, sql` OR `)})`;
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export function assertUuid(id: string): void {
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
}
