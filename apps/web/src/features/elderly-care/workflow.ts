/**
 * Which order actions to show: the server's `allowedActions` when it sends them, otherwise the
 * status table x role table (mirrors server domain/order.states.ts and order.policy.ts; the
 * server still decides, this only hides what the user may not do).
 */
import type { OrderAction, OrderStatus, Role } from '@lq/contracts';

export const ORDER_NEXT: Record<OrderStatus, Partial<Record<OrderAction, OrderStatus>>> = {
  draft: { apply: 'applied', cancel: 'cancelled' },
  applied: { accept: 'accepted', return: 'draft', cancel: 'cancelled' },
  accepted: { assess: 'assessed', cancel: 'cancelled' },
  assessed: { assess: 'assessed', approve: 'approved', reject: 'rejected', cancel: 'cancelled' },
  approved: { activate: 'active', cancel: 'cancelled' },
  rejected: {},
  active: { suspend: 'suspended', close: 'closed' },
  suspended: { resume: 'active', close: 'closed' },
  closed: {},
  cancelled: {},
};

export const ORDER_ACTION_ROLES: Record<OrderAction, Role[]> = {
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

export function allowedOrderActions(status: OrderStatus, roles: readonly Role[], fromServer?: OrderAction[] | null): OrderAction[] {
  if (fromServer) return fromServer;
  const next = ORDER_NEXT[status] ?? {};
  return (Object.keys(next) as OrderAction[]).filter((a) => ORDER_ACTION_ROLES[a].some((r) => roles.includes(r)));
}

/** The main path of a case, for the Steps bar. */
export const ORDER_PATH: OrderStatus[] = ['applied', 'accepted', 'assessed', 'approved', 'active', 'closed'];
