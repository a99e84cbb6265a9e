import { describe, expect, it } from 'vitest';
import { ORDER_ACTIONS, VISIT_ACTIONS } from './contracts.ts';
import {
  type Actor,
  assertAllowed,
  canTakeOrderAction,
  canTakeVisitAction,
  canViewOrder,
  ELDERLY_ROLES,
  type ElderlyRole,
  type OrderScope,
  PolicyError,
  regionCovers,
  type VisitScope,
} from './order.policy.ts';

const ORDER: OrderScope = { regionCode: '331181001002', personId: 'P1', providerId: null };
const VISIT: VisitScope = { regionCode: '331181001002', personId: 'P1', providerId: 'PV1', caregiverId: 'CG1' };

/** An actor of one role, inside or outside the record's scope. */
function actor(role: ElderlyRole, inside: boolean): Actor {
  const base = { userId: 'u', roles: [role], assessor: true };
  switch (role) {
    case 'county_staff':
      return { ...base, regionCode: inside ? '331181' : '331102' };
    case 'township_staff':
      return { ...base, regionCode: inside ? '331181001' : '331181002' };
    case 'village_worker':
      return { ...base, regionCode: inside ? '331181001002' : '331181001003' };
    case 'provider_staff':
      return { ...base, providerId: 'PV1', providerAreaCodes: inside ? ['331181001'] : ['331181002'] };
    case 'caregiver':
      return { ...base, providerId: 'PV1', caregiverId: inside ? 'CG1' : 'CG2' };
    case 'resident':
      return { ...base, personIds: inside ? ['P1', 'P9'] : ['P2'] };
    case 'admin':
      return { ...base, regionCode: '331181' };
    case 'auditor':
      return { ...base, regionCode: inside ? '331181' : '331102' };
  }
}

/** Documented matrix: roles allowed per action when in scope (written out independently). */
const ORDER_MATRIX: Record<(typeof ORDER_ACTIONS)[number], ElderlyRole[]> = {
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
const VISIT_MATRIX: Record<(typeof VISIT_ACTIONS)[number], ElderlyRole[]> = {
  dispatch: ['provider_staff', 'township_staff'],
  reassign: ['provider_staff', 'township_staff'],
  check_in: ['caregiver'],
  check_out: ['caregiver'],
  confirm: ['caregiver', 'resident', 'village_worker', 'township_staff'],
  flag: ['auditor', 'county_staff', 'township_staff'],
  clear: ['auditor', 'county_staff'],
  reject: ['auditor', 'county_staff'],
  settle: ['county_staff'],
  cancel: ['provider_staff', 'township_staff'],
};

describe('order policy matrix: role x action x in/out of region', () => {
  const cases = ELDERLY_ROLES.flatMap((role) =>
    ORDER_ACTIONS.flatMap((action) => [true, false].map((inside) => [role, action, inside] as const)),
  );
  it('size', () => expect(cases).toHaveLength(8 * ORDER_ACTIONS.length * 2));
  it.each(cases)('%s %s inside=%s', (role, action, inside) => {
    const d = canTakeOrderAction(actor(role, inside), action, ORDER);
    const roleGrants = ORDER_MATRIX[action].includes(role);
    expect(d.allowed).toBe(roleGrants && inside);
    if (!d.allowed) expect(d.code).toBe(roleGrants ? 'SCOPE' : 'ROLE');
    else expect(d.role).toBe(role);
  });
  it('admin and auditor take no order action anywhere', () => {
    for (const action of ORDER_ACTIONS) {
      expect(canTakeOrderAction(actor('admin', true), action, ORDER).allowed).toBe(false);
      expect(canTakeOrderAction(actor('auditor', true), action, ORDER).allowed).toBe(false);
    }
  });
});

describe('visit policy matrix: role x action x in/out of scope', () => {
  const cases = ELDERLY_ROLES.flatMap((role) =>
    VISIT_ACTIONS.flatMap((action) => [true, false].map((inside) => [role, action, inside] as const)),
  );
  it.each(cases)('%s %s inside=%s', (role, action, inside) => {
    const d = canTakeVisitAction(actor(role, inside), action, VISIT);
    const roleGrants = VISIT_MATRIX[action].includes(role);
    expect(d.allowed).toBe(roleGrants && inside);
    if (!d.allowed) expect(d.code).toBe(roleGrants ? 'SCOPE' : 'ROLE');
  });
});

describe('special rules', () => {
  it('region prefix rule', () => {
    expect(regionCovers('331181', '331181001002')).toBe(true);
    expect(regionCovers('331181001', '331181001')).toBe(true);
    expect(regionCovers('331181001002', '331181001')).toBe(false);
    expect(regionCovers('', '331181001')).toBe(false);
    expect(regionCovers(null, '331181001')).toBe(false);
    expect(regionCovers('3311', '331181001')).toBe(false);
  });
  it('assess requires the assessor flag (township and provider)', () => {
    for (const role of ['township_staff', 'provider_staff'] as const) {
      const d = canTakeOrderAction({ ...actor(role, true), assessor: false }, 'assess', ORDER);
      expect(d).toMatchObject({ allowed: false, code: 'ASSESSOR' });
    }
  });
  it('a provider assessor may not assess its own client, but may assess another provider’s', () => {
    const a = actor('provider_staff', true);
    expect(canTakeOrderAction(a, 'assess', { ...ORDER, providerId: 'PV1' })).toMatchObject({ allowed: false, code: 'ASSESSOR' });
    expect(canTakeOrderAction(a, 'assess', { ...ORDER, providerId: 'PV2' })).toMatchObject({ allowed: false, code: 'SCOPE' });
    expect(canTakeOrderAction({ ...a, providerId: 'PV3' }, 'assess', ORDER).allowed).toBe(true);
  });
  it('provider staff act only on their own provider’s records', () => {
    const a = actor('provider_staff', true);
    expect(canTakeVisitAction(a, 'dispatch', { ...VISIT, providerId: 'PV2' })).toMatchObject({ allowed: false, code: 'SCOPE' });
    expect(canTakeOrderAction(a, 'suspend', { ...ORDER, providerId: 'PV1' }).allowed).toBe(true);
  });
  it('multiple roles: any role in scope grants', () => {
    const a: Actor = { userId: 'u', roles: ['auditor', 'township_staff'], regionCode: '331181001' };
    expect(canTakeOrderAction(a, 'accept', ORDER)).toMatchObject({ allowed: true, role: 'township_staff' });
    const b: Actor = { userId: 'u', roles: ['county_staff', 'township_staff'], regionCode: '331181001' };
    expect(canTakeOrderAction(b, 'approve', ORDER)).toMatchObject({ allowed: true, role: 'county_staff' }); // region covers
    expect(canTakeOrderAction({ ...b, regionCode: '331181002' }, 'approve', ORDER)).toMatchObject({ allowed: false, code: 'SCOPE' });
  });
  it('view: auditor and admin everywhere, others by scope', () => {
    expect(canViewOrder(actor('auditor', false), VISIT)).toBe(true);
    expect(canViewOrder(actor('admin', false), VISIT)).toBe(true);
    for (const role of ['county_staff', 'township_staff', 'village_worker', 'provider_staff', 'caregiver', 'resident'] as const) {
      expect(canViewOrder(actor(role, true), VISIT)).toBe(true);
      expect(canViewOrder(actor(role, false), VISIT)).toBe(role === 'provider_staff'); // provider view is by provider, not area
    }
    expect(canViewOrder(actor('provider_staff', true), { ...VISIT, providerId: 'PV2' })).toBe(false);
  });
  it('assertAllowed throws a PolicyError with the code', () => {
    expect(() => assertAllowed(canTakeOrderAction(actor('admin', true), 'approve', ORDER))).toThrow(PolicyError);
    expect(() => assertAllowed(canTakeOrderAction(actor('county_staff', true), 'approve', ORDER))).not.toThrow();
  });
});
