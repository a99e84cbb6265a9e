import { hasRole, inRegion } from '../../platform/context.ts';
import { defineWorkflow } from '../../platform/workflow.ts';

export type AccountStatus = 'active' | 'locked' | 'disabled';
export type AccountAction = 'create' | 'lock' | 'unlock' | 'disable' | 'enable' | 'reset_totp';

/**
 * Account lifecycle. "locked" is recorded when the lockout triggers; the stored lock expires by
 * itself after the lockout period, and an admin may unlock earlier.
 */
export const ACCOUNT_WORKFLOW = defineWorkflow<AccountStatus, AccountAction>({
  name: 'account',
  allowedActions: {
    active: ['lock', 'disable', 'reset_totp'],
    locked: ['unlock', 'disable', 'lock'],
    disabled: ['enable'],
  },
  transitions: {
    create: 'active',
    lock: 'locked',
    unlock: 'active',
    disable: 'disabled',
    enable: 'active',
    reset_totp: 'active',
  },
  policy: (actor, action, region) => {
    // The lockout itself is taken on behalf of the failing user by the system.
    if (action === 'lock') return true;
    return hasRole(actor, 'admin') && inRegion(actor.regionCode, region);
  },
});
