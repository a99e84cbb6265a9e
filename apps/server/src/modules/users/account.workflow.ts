import { defineCaseType } from '../../platform/cases/index.ts';
import { type Actor, hasRole, inRegion } from '../../platform/context.ts';
import { users } from '../../platform/db/schema.ts';

export type AccountStatus = 'active' | 'locked' | 'disabled';

const admin = (actor: Actor, u: { regionCode: string }) => hasRole(actor, 'admin') && inRegion(actor.regionCode, u.regionCode);

/**
 * Account lifecycle on the case engine (status stored in users.status). "locked" is entered when
 * the lockout triggers, with users.locked_until; the lock ends by itself after the lockout period
 * ('expire', recorded when the account is next used) or earlier by an admin ('unlock').
 */
export const ACCOUNT_CASE = defineCaseType({
  name: 'account',
  table: users,
  statuses: ['active', 'locked', 'disabled'] as const satisfies readonly AccountStatus[],
  actions: {
    // Accounts are created by the admin route, the seed and the test fixtures; each checks its caller.
    create: { from: [], to: 'active', policy: () => true },
    // The lockout is taken on behalf of the failing user by the system.
    lock: { from: ['active', 'locked'], to: 'locked', policy: () => true },
    expire: {
      from: ['locked'],
      to: 'active',
      guard: (u) =>
        !u.lockedUntil || u.lockedUntil.getTime() <= Date.now() ? true : { code: 'STILL_LOCKED', message: '锁定尚未到期 / still locked' },
      policy: () => true,
    },
    unlock: { from: ['locked'], to: 'active', policy: admin },
    disable: { from: ['active', 'locked'], to: 'disabled', policy: admin },
    enable: { from: ['disabled'], to: 'active', policy: admin },
    reset_totp: { from: ['active'], to: 'active', policy: admin },
  },
  regionOf: (u) => u.regionCode,
  auditAction: (a) => `user.${a}`,
  auditTarget: 'user',
  actorOf: (a: Actor) => a,
});
export type AccountAction = keyof typeof ACCOUNT_CASE.actions;
