/**
 * Visit workflow (派单 → 签到 → 签出 → 确认 → 审核 → 结算) as data; the case engine
 * (platform/cases, definition VISIT_CASE in ../cases.ts) runs it.
 *
 *   planned --dispatch--> dispatched --check_in--> checked_in --check_out--> checked_out --confirm--> confirmed --clear--> cleared --settle--> settled
 *   dispatched --reassign--> dispatched (改派, manual override recorded)
 *   checked_out|confirmed|cleared --flag--> flagged --clear--> cleared | --reject--> rejected (不予结算)
 *   planned|dispatched --cancel--> cancelled
 * Terminal: settled, rejected, cancelled. Corrections after settlement are settlement adjustments.
 */
import { VISIT_ACTIONS, VISIT_STATUSES, type VisitAction, type VisitStatus } from './contracts.ts';
import type { TransitionTable } from './order.states.ts';

export { VISIT_ACTIONS, VISIT_STATUSES, type VisitAction, type VisitStatus };

export const VISIT_TRANSITIONS: TransitionTable<VisitStatus, VisitAction> = {
  planned: { dispatch: 'dispatched', cancel: 'cancelled' },
  dispatched: { reassign: 'dispatched', check_in: 'checked_in', cancel: 'cancelled' },
  checked_in: { check_out: 'checked_out' },
  checked_out: { confirm: 'confirmed', flag: 'flagged' },
  confirmed: { clear: 'cleared', flag: 'flagged' },
  flagged: { clear: 'cleared', reject: 'rejected' },
  cleared: { settle: 'settled', flag: 'flagged' },
  rejected: {},
  settled: {},
  cancelled: {},
};
