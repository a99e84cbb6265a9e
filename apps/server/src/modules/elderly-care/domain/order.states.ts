/**
 * Order workflow (服务申请 → 受理 → 评估 → 审批 → 服务 → 结束) as data; the case engine
 * (platform/cases, definition ORDER_CASE in ../cases.ts) runs it.
 *
 *   draft --apply--> applied --accept--> accepted --assess--> assessed --approve--> approved --activate--> active
 *                    applied --return--> draft (退回补正)        assessed --reject--> rejected
 *                                                              assessed --assess--> assessed (re-assessment / 复评 before approval)
 *   active --suspend--> suspended --resume--> active;   active|suspended --close--> closed
 *   draft|applied|accepted|assessed|approved --cancel--> cancelled (withdrawn before service starts)
 * Terminal: rejected, closed, cancelled. A new need after that is a new application.
 */
import { ORDER_ACTIONS, ORDER_STATUSES, type OrderAction, type OrderStatus } from './contracts.ts';

export { ORDER_ACTIONS, ORDER_STATUSES, type OrderAction, type OrderStatus };

/** status -> action -> target (every status has a row; the Record type makes a missing one a compile error). */
export type TransitionTable<S extends string, A extends string> = { readonly [K in S]: { readonly [B in A]?: S } };

export const ORDER_TRANSITIONS: TransitionTable<OrderStatus, OrderAction> = {
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
