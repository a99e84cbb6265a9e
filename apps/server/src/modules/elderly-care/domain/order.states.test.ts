import { describe, expect, it } from 'vitest';
import { allowedActions, targetOf } from '../../../platform/cases/index.ts';
import { AppError } from '../../../platform/errors.ts';
import { ORDER_CASE, VISIT_CASE } from '../cases.ts';
import { ORDER_ACTIONS, ORDER_STATUSES, type OrderAction, type OrderStatus } from './order.states.ts';
import { VISIT_ACTIONS, VISIT_STATUSES, type VisitAction, type VisitStatus } from './visit.states.ts';

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
      // The code clients see for a refused step (409).
      expect(err).toBeInstanceOf(AppError);
      const te = err as AppError;
      expect(te.code).toBe('INVALID_TRANSITION');
      expect(te.status).toBe(409);
      expect(te.details[0].message).toContain(a);
      expect(te.details[0].message).toContain(s);
    } else {
      expect(next(s, a)).toBe(to);
    }
  });
}

const orderNext = (s: OrderStatus, a: OrderAction) => targetOf(ORDER_CASE, s, a);
const visitNext = (s: VisitStatus, a: VisitAction) => targetOf(VISIT_CASE, s, a);
const terminal = <S extends string>(statuses: readonly S[], allowed: (s: S) => readonly string[]) =>
  statuses.filter((s) => allowed(s).length === 0);

describe('order state table (every status x every action)', () => {
  exhaustive(ORDER_STATUSES, ORDER_ACTIONS, ORDER_EXPECTED, orderNext);
  it('the allowed actions per status are exactly the documented ones, for every status', () => {
    for (const s of ORDER_STATUSES) {
      expect([...allowedActions(ORDER_CASE, s)].sort()).toEqual(
        ORDER_EXPECTED.filter(([es]) => es === s)
          .map(([, a]) => a)
          .sort(),
      );
    }
  });
  it('terminal statuses', () => {
    expect(terminal(ORDER_STATUSES, (s) => allowedActions(ORDER_CASE, s)).sort()).toEqual(['cancelled', 'closed', 'rejected']);
  });
  it('every status is reachable from draft', () => {
    const seen = new Set<OrderStatus>(['draft']);
    const queue: OrderStatus[] = ['draft'];
    while (queue.length) {
      const s = queue.shift() as OrderStatus;
      for (const a of allowedActions(ORDER_CASE, s)) {
        const t = orderNext(s, a);
        if (!seen.has(t)) {
          seen.add(t);
          queue.push(t);
        }
      }
    }
    expect(seen.size).toBe(ORDER_STATUSES.length);
  });
  it('an unknown status allows nothing', () => {
    // A value outside the union on purpose (as a corrupted row would carry).
    expect(() => targetOf(ORDER_CASE, 'bogus' as OrderStatus, 'apply')).toThrow(AppError);
  });
});

describe('visit state table (every status x every action)', () => {
  exhaustive(VISIT_STATUSES, VISIT_ACTIONS, VISIT_EXPECTED, visitNext);
  it('allowed actions per status (engine-only actions: generate creates, withdraw follows the order)', () => {
    for (const s of VISIT_STATUSES) {
      expect(
        allowedActions(VISIT_CASE, s)
          .filter((a) => a !== 'withdraw')
          .sort(),
      ).toEqual(
        VISIT_EXPECTED.filter(([es]) => es === s)
          .map(([, a]) => a)
          .sort(),
      );
    }
    expect(VISIT_CASE.actions.withdraw.from).toEqual(['planned', 'dispatched']);
    expect(terminal(VISIT_STATUSES, (s) => allowedActions(VISIT_CASE, s)).sort()).toEqual(['cancelled', 'rejected', 'settled']);
  });
});
