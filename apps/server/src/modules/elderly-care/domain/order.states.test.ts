import { describe, expect, it } from 'vitest';
import {
  ALLOWED_ACTIONS_BY_STATUS,
  nextStatus,
  ORDER_ACTIONS,
  ORDER_STATUSES,
  type OrderAction,
  type OrderStatus,
  orderMachine,
  TransitionError,
} from './order.states.ts';
import {
  nextVisitStatus,
  VISIT_ACTIONS,
  VISIT_ALLOWED_ACTIONS_BY_STATUS,
  VISIT_STATUSES,
  type VisitAction,
  type VisitStatus,
  visitMachine,
} from './visit.states.ts';

/** The documented order workflow, written out independently of the implementation table. */
const ORDER_EXPECTED: [OrderStatus, OrderAction, OrderStatus][] = [
  ['draft', 'apply', 'applied'],
  ['draft', 'cancel', 'cancelled'],
  ['applied', 'accept', 'accepted'],
  ['applied', 'return', 'draft'],
  ['applied', 'cancel', 'cancelled'],
  ['accepted', 'assess', 'assessed'],
  ['accepted', 'cancel', 'cancelled'],
  ['assessed', 'assess', 'assessed'],
  ['assessed', 'approve', 'approved'],
  ['assessed', 'reject', 'rejected'],
  ['assessed', 'cancel', 'cancelled'],
  ['approved', 'activate', 'active'],
  ['approved', 'cancel', 'cancelled'],
  ['active', 'suspend', 'suspended'],
  ['active', 'close', 'closed'],
  ['suspended', 'resume', 'active'],
  ['suspended', 'close', 'closed'],
];
const VISIT_EXPECTED: [VisitStatus, VisitAction, VisitStatus][] = [
  ['planned', 'dispatch', 'dispatched'],
  ['planned', 'cancel', 'cancelled'],
  ['dispatched', 'reassign', 'dispatched'],
  ['dispatched', 'check_in', 'checked_in'],
  ['dispatched', 'cancel', 'cancelled'],
  ['checked_in', 'check_out', 'checked_out'],
  ['checked_out', 'confirm', 'confirmed'],
  ['checked_out', 'flag', 'flagged'],
  ['confirmed', 'clear', 'cleared'],
  ['confirmed', 'flag', 'flagged'],
  ['flagged', 'clear', 'cleared'],
  ['flagged', 'reject', 'rejected'],
  ['cleared', 'settle', 'settled'],
  ['cleared', 'flag', 'flagged'],
];

function exhaustive<S extends string, A extends string>(
  statuses: readonly S[],
  actions: readonly A[],
  expected: [S, A, S][],
  next: (s: S, a: A) => S,
) {
  const cases = statuses.flatMap((s) =>
    actions.map((a) => [s, a, expected.find(([es, ea]) => es === s && ea === a)?.[2] ?? null] as const),
  );
  it(`covers ${statuses.length} x ${actions.length} = ${cases.length} pairs`, () => {
    expect(cases).toHaveLength(statuses.length * actions.length);
  });
  it.each(cases)('%s + %s -> %s', (s, a, to) => {
    if (to === null) {
      let err: unknown;
      try {
        next(s, a);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TransitionError);
      const te = err as TransitionError;
      expect(te.code).toBe('TRANSITION_FORBIDDEN');
      expect(te.status).toBe(s);
      expect(te.action).toBe(a);
      expect(te.message).toContain(a);
    } else {
      expect(next(s, a)).toBe(to);
    }
  });
}

describe('order state table (every status x every action)', () => {
  exhaustive(ORDER_STATUSES, ORDER_ACTIONS, ORDER_EXPECTED, nextStatus);
  it('ALLOWED_ACTIONS_BY_STATUS lists exactly the documented actions, for every status', () => {
    expect(Object.keys(ALLOWED_ACTIONS_BY_STATUS).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const s of ORDER_STATUSES) {
      expect([...ALLOWED_ACTIONS_BY_STATUS[s]].sort()).toEqual(
        ORDER_EXPECTED.filter(([es]) => es === s)
          .map(([, a]) => a)
          .sort(),
      );
    }
  });
  it('terminal statuses', () => {
    expect([...orderMachine.terminal].sort()).toEqual(['cancelled', 'closed', 'rejected']);
  });
  it('every status is reachable from draft', () => {
    const seen = new Set<OrderStatus>(['draft']);
    const queue: OrderStatus[] = ['draft'];
    while (queue.length) {
      const s = queue.shift() as OrderStatus;
      for (const a of ALLOWED_ACTIONS_BY_STATUS[s]) {
        const t = nextStatus(s, a);
        if (!seen.has(t)) {
          seen.add(t);
          queue.push(t);
        }
      }
    }
    expect(seen.size).toBe(ORDER_STATUSES.length);
  });
  it('unknown status throws a TransitionError too', () => {
    expect(() => nextStatus('bogus' as OrderStatus, 'apply')).toThrow(TransitionError);
    expect(orderMachine.can('bogus' as OrderStatus, 'apply')).toBe(false);
  });
});

describe('visit state table (every status x every action)', () => {
  exhaustive(VISIT_STATUSES, VISIT_ACTIONS, VISIT_EXPECTED, nextVisitStatus);
  it('allowed actions per status', () => {
    for (const s of VISIT_STATUSES) {
      expect([...VISIT_ALLOWED_ACTIONS_BY_STATUS[s]].sort()).toEqual(
        VISIT_EXPECTED.filter(([es]) => es === s)
          .map(([, a]) => a)
          .sort(),
      );
    }
    expect([...visitMachine.terminal].sort()).toEqual(['cancelled', 'rejected', 'settled']);
  });
});
