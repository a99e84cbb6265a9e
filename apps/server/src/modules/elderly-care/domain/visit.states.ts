/**
 * Visit workflow (派单 → 签到 → 签出 → 确认 → 审核 → 结算) as data.
 *
 *   planned --dispatch--> dispatched --check_in--> checked_in --check_out--> checked_out --confirm--> confirmed --clear--> cleared --settle--> settled
 *   dispatched --reassign--> dispatched (改派, manual override recorded)
 *   checked_out|confirmed|cleared --flag--> flagged --clear--> cleared | --reject--> rejected (不予结算)
 *   planned|dispatched --cancel--> cancelled
 * Terminal: settled, rejected, cancelled. Corrections after settlement are settlement adjustments.
 */
import { VISIT_ACTIONS, VISIT_STATUSES, type VisitAction, type VisitStatus } from './contracts.ts';
import { defineMachine, type TransitionTable } from './state-machine.ts';

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

export const visitMachine = defineMachine('visit', VISIT_STATUSES, VISIT_ACTIONS, VISIT_TRANSITIONS);
export const VISIT_ALLOWED_ACTIONS_BY_STATUS: Readonly<Record<VisitStatus, readonly VisitAction[]>> = visitMachine.allowedActionsByStatus;

export function nextVisitStatus(status: VisitStatus, action: VisitAction): VisitStatus {
  return visitMachine.next(status, action);
}
