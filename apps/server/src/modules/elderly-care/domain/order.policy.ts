/**
 * Who may take which order / visit action, and where (pure; the route layer supplies the actor).
 *
 * Roles per action are tables (ORDER_ACTION_ROLES, VISIT_ACTION_ROLES). On top of the role, the
 * actor must be in scope for the record:
 *  - county_staff, township_staff, village_worker: the actor's region code is a prefix of the
 *    record's region code (county staff hold the county's 6-digit code, so they see the county).
 *  - provider_staff: the record's region lies in one of the provider's service areas and the
 *    record is unassigned or assigned to the actor's provider.
 *  - caregiver: visits assigned to the actor's caregiver id only; no order actions.
 *  - resident: records of the people the account represents (self and family members).
 *  - admin: no case decisions (configuration only). auditor: read-only, except the visit audit
 *    decisions (flag / clear / reject), within the auditor's region (the county).
 *
 * Assessors: GB/T 42195-2022 requires trained assessors (评估员). The shared Role enum is fixed,
 * so an assessor is a township_staff or provider_staff account (e.g. a third-party assessment
 * institution registered as a provider) with `assessor: true`. A provider_staff assessor may not
 * assess an order already assigned to their own provider (no self-assessment of one's clients).
 *
 * A user may hold several roles: an action is allowed if ANY role grants it in scope.
 */
import type { Role } from '@lq/contracts';
import type { OrderAction, VisitAction } from './contracts.ts';

export const ELDERLY_ROLES = [
  'admin',
  'county_staff',
  'township_staff',
  'village_worker',
  'provider_staff',
  'caregiver',
  'auditor',
  'resident',
] as const satisfies readonly Role[];
export type ElderlyRole = (typeof ELDERLY_ROLES)[number];

export interface Actor {
  userId: string;
  roles: readonly Role[];
  /** Staff roles: the region the account is responsible for (6/9/12-digit code). */
  regionCode?: string | null;
  /** provider_staff: the actor's provider and its service areas. */
  providerId?: string | null;
  providerAreaCodes?: readonly string[];
  /** caregiver: the caregiver record of the account. */
  caregiverId?: string | null;
  /** resident: person ids the account may act for (self + family it represents). */
  personIds?: readonly string[];
  /** Qualified assessor (GB/T 42195 评估员). */
  assessor?: boolean;
}

/** The parts of an order that matter for permissions. */
export interface OrderScope {
  regionCode: string;
  personId: string;
  providerId: string | null;
}
export interface VisitScope extends OrderScope {
  caregiverId: string | null;
}

export const ORDER_ACTION_ROLES: Readonly<Record<OrderAction, readonly ElderlyRole[]>> = {
  apply: ['village_worker', 'township_staff', 'provider_staff', 'resident'],
  return: ['township_staff'],
  accept: ['township_staff'],
  assess: ['township_staff', 'provider_staff'],
  approve: ['county_staff'],
  reject: ['county_staff'],
  activate: ['township_staff', 'provider_staff'],
  suspend: ['county_staff', 'township_staff', 'provider_staff'],
  resume: ['county_staff', 'township_staff', 'provider_staff'],
  close: ['county_staff', 'township_staff'],
  cancel: ['township_staff', 'village_worker', 'provider_staff', 'resident'],
};

export const VISIT_ACTION_ROLES: Readonly<Record<VisitAction, readonly ElderlyRole[]>> = {
  // Township staff dispatch for their township, provider staff for their provider (issue §6).
  dispatch: ['provider_staff', 'township_staff'],
  reassign: ['provider_staff', 'township_staff'],
  check_in: ['caregiver'],
  check_out: ['caregiver'],
  // The elder or family confirms on the caregiver's phone (signature / SMS code), or later via staff.
  confirm: ['caregiver', 'resident', 'village_worker', 'township_staff'],
  // 审核: anomaly flags and their decisions belong to the auditor (discipline inspection) or county staff.
  flag: ['auditor', 'county_staff', 'township_staff'],
  clear: ['auditor', 'county_staff'],
  reject: ['auditor', 'county_staff'],
  settle: ['county_staff'],
  cancel: ['provider_staff', 'township_staff'],
};

export type Decision = { allowed: true; role: ElderlyRole } | { allowed: false; code: 'ROLE' | 'SCOPE' | 'ASSESSOR'; message: string };

/** True if `actorRegion` is a (non-empty, >= 6 digit) prefix of `recordRegion`. */
export function regionCovers(actorRegion: string | null | undefined, recordRegion: string): boolean {
  return !!actorRegion && /^\d{6,12}$/.test(actorRegion) && recordRegion.startsWith(actorRegion);
}

function providerInScope(actor: Actor, rec: OrderScope): boolean {
  if (!actor.providerId) return false;
  if (rec.providerId !== null && rec.providerId !== actor.providerId) return false;
  return (actor.providerAreaCodes ?? []).some((a) => regionCovers(a, rec.regionCode));
}

function inScope(role: ElderlyRole, actor: Actor, rec: VisitScope | OrderScope): boolean {
  switch (role) {
    case 'county_staff':
    case 'township_staff':
    case 'village_worker':
      return regionCovers(actor.regionCode, rec.regionCode);
    case 'provider_staff':
      return providerInScope(actor, rec);
    case 'caregiver':
      return 'caregiverId' in rec && !!actor.caregiverId && rec.caregiverId === actor.caregiverId;
    case 'resident':
      return (actor.personIds ?? []).includes(rec.personId);
    case 'auditor':
      // Auditors act only on visit audit decisions (no order action lists them), county-wide.
      return regionCovers(actor.regionCode, rec.regionCode);
    case 'admin':
      return false;
  }
}

function decide<A extends string>(
  table: Readonly<Record<A, readonly ElderlyRole[]>>,
  actor: Actor,
  action: A,
  rec: OrderScope | VisitScope,
  extra?: (role: ElderlyRole) => Decision | null,
): Decision {
  const granted = table[action].filter((r) => actor.roles.includes(r));
  if (granted.length === 0) {
    return { allowed: false, code: 'ROLE', message: `当前角色无权执行“${action}” / no role of the user may take action '${action}'` };
  }
  let last: Decision | null = null;
  for (const role of granted) {
    if (!inScope(role, actor, rec)) {
      last ??= { allowed: false, code: 'SCOPE', message: `不在管辖范围内 / record outside the ${role} scope of the user` };
      continue;
    }
    const veto = extra?.(role);
    if (veto) {
      last = veto;
      continue;
    }
    return { allowed: true, role };
  }
  return last as Decision;
}

export function canTakeOrderAction(actor: Actor, action: OrderAction, order: OrderScope): Decision {
  return decide(ORDER_ACTION_ROLES, actor, action, order, (role) => {
    if (action !== 'assess') return null;
    if (!actor.assessor) return { allowed: false, code: 'ASSESSOR', message: '须具备评估员资格 / only qualified assessors may assess' };
    if (role === 'provider_staff' && order.providerId !== null && order.providerId === actor.providerId) {
      return { allowed: false, code: 'ASSESSOR', message: '服务机构不得评估本机构服务对象 / a provider may not assess its own client' };
    }
    return null;
  });
}

export function canTakeVisitAction(actor: Actor, action: VisitAction, visit: VisitScope): Decision {
  return decide(VISIT_ACTION_ROLES, actor, action, visit);
}

/** Read access: auditors and admins everywhere; other roles within their scope. */
export function canViewOrder(actor: Actor, order: OrderScope | VisitScope): boolean {
  return actor.roles.some((r) => {
    if (r === 'auditor' || r === 'admin') return true;
    if (r === 'provider_staff') return !!actor.providerId && order.providerId === actor.providerId;
    if (r === 'caregiver') return 'caregiverId' in order && !!actor.caregiverId && order.caregiverId === actor.caregiverId;
    return (ELDERLY_ROLES as readonly string[]).includes(r) && inScope(r as ElderlyRole, actor, order);
  });
}

/** Throwing form for route handlers. */
export class PolicyError extends Error {
  readonly code: 'ROLE' | 'SCOPE' | 'ASSESSOR';
  constructor(d: Extract<Decision, { allowed: false }>) {
    super(d.message);
    this.name = 'PolicyError';
    this.code = d.code;
  }
}
export function assertAllowed(d: Decision): asserts d is Extract<Decision, { allowed: true }> {
  if (!d.allowed) throw new PolicyError(d);
}
