/**
 * Order workflow (服务申请 → 受理 → 评估 → 审批 → 服务 → 结束) as data.
 *
 *   draft --apply--> applied --accept--> accepted --assess--> assessed --approve--> approved --activate--> active
 *                    applied --return--> draft (退回补正)        assessed --reject--> rejected
 *                                                              assessed --assess--> assessed (re-assessment / 复评 before approval)
 *   active --suspend--> suspended --resume--> active;   active|suspended --close--> closed
 *   draft|applied|accepted|assessed|approved --cancel--> cancelled (withdrawn before service starts)
 * Terminal: rejected, closed, cancelled. A new need after that is a new application.
 */
import { ORDER_ACTIONS, ORDER_STATUSES, type OrderAction, type OrderStatus } from './contracts.ts';
import { defineMachine, type TransitionTable } from './state-machine.ts';

export { TransitionError } from './state-machine.ts';
export { ORDER_ACTIONS, ORDER_STATUSES, type OrderAction, type OrderStatus };

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

export const orderMachine = defineMachine('order', ORDER_STATUSES, ORDER_ACTIONS, ORDER_TRANSITIONS);

/** Every status has an entry (the Record type makes a missing status a compile error). */
export const ALLOWED_ACTIONS_BY_STATUS: Readonly<Record<OrderStatus, readonly OrderAction[]>> = orderMachine.allowedActionsByStatus;

/** The status after `action`; throws TransitionError (code TRANSITION_FORBIDDEN) if not allowed. */
export function nextStatus(status: OrderStatus, action: OrderAction): OrderStatus {
  return orderMachine.next(status, action);
}
