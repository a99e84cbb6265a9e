/**
 * The elderly-care workflows on the platform mechanism (platform/workflow.ts): status tables
 * from the domain state machines, and policies. Order and visit policies need the record's
 * scope (provider, caregiver, person) beyond its region, so the definition is bound per case.
 */
import type { Role } from '@lq/contracts';
import { inRegion } from '../../platform/context.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../platform/workflow.ts';
import type { ElderlyActor } from './access.ts';
import { canTakeOrderAction, canTakeVisitAction, type OrderScope, type VisitScope } from './domain/order.policy.ts';
import { ORDER_ACTIONS, ORDER_TRANSITIONS, type OrderAction, type OrderStatus, orderMachine } from './domain/order.states.ts';
import { VISIT_ACTIONS, VISIT_TRANSITIONS, type VisitAction, type VisitStatus, visitMachine } from './domain/visit.states.ts';

/** Each action leads to one status whatever the source (checked when the module loads). */
function targets<S extends string, A extends string>(actions: readonly A[], table: Record<S, Partial<Record<A, S>>>): Record<A, S> {
  const out = {} as Record<A, S>;
  for (const row of Object.values(table) as Partial<Record<A, S>>[]) {
    for (const [a, to] of Object.entries(row) as [A, S][]) {
      if (out[a] !== undefined && out[a] !== to) throw new Error(`action ${a} leads to two statuses`);
      out[a] = to;
    }
  }
  for (const a of actions) if (out[a] === undefined) throw new Error(`action ${a} has no transition`);
  return out;
}

const ORDER_TARGETS = targets<OrderStatus, OrderAction>(ORDER_ACTIONS, ORDER_TRANSITIONS);
const VISIT_TARGETS = targets<VisitStatus, VisitAction>(VISIT_ACTIONS, VISIT_TRANSITIONS);

export function orderWorkflow(ea: ElderlyActor, scope: OrderScope): WorkflowDefinition<OrderStatus, OrderAction> {
  return defineWorkflow({
    name: 'ec_order',
    allowedActions: orderMachine.allowedActionsByStatus,
    transitions: ORDER_TARGETS,
    policy: (_actor, action) => canTakeOrderAction(ea, action, scope).allowed,
  });
}

export function visitWorkflow(ea: ElderlyActor, scope: VisitScope): WorkflowDefinition<VisitStatus, VisitAction> {
  return defineWorkflow({
    name: 'ec_visit',
    allowedActions: visitMachine.allowedActionsByStatus,
    transitions: VISIT_TARGETS,
    policy: (_actor, action) => canTakeVisitAction(ea, action, scope).allowed,
  });
}

/** Role and region policy for the simpler case workflows below. */
function rolePolicy<A extends string>(table: Record<A, readonly Role[]>) {
  return (actor: { roles: Role[]; regionCode: string }, action: A, caseRegion: string) =>
    actor.roles.some((r) => table[action].includes(r)) && inRegion(actor.regionCode, caseRegion);
}

export type SettlementStatus = 'draft' | 'approved' | 'paid';
export type SettlementAction = 'create' | 'add_lines' | 'adjust' | 'approve' | 'pay';
export const SETTLEMENT_WORKFLOW = defineWorkflow<SettlementStatus, SettlementAction>({
  name: 'ec_settlement',
  allowedActions: { draft: ['add_lines', 'adjust', 'approve'], approved: ['pay'], paid: [] },
  transitions: { create: 'draft', add_lines: 'draft', adjust: 'draft', approve: 'approved', pay: 'paid' },
  policy: rolePolicy({
    create: ['county_staff'],
    add_lines: ['county_staff'],
    adjust: ['county_staff'],
    approve: ['county_staff'],
    pay: ['county_staff'],
  }),
});

export type PlanStatus = 'draft' | 'published';
export type PlanAction = 'build' | 'move' | 'publish';
export const PLAN_WORKFLOW = defineWorkflow<PlanStatus, PlanAction>({
  name: 'ec_dispatch_plan',
  allowedActions: { draft: ['move', 'publish'], published: [] },
  transitions: { build: 'draft', move: 'draft', publish: 'published' },
  // Provider staff are scoped by provider id in the service; here by region (their township).
  policy: rolePolicy({
    build: ['township_staff', 'provider_staff'],
    move: ['township_staff', 'provider_staff'],
    publish: ['township_staff', 'provider_staff'],
  }),
});

export type ComplaintStatus = 'open' | 'in_progress' | 'resolved' | 'closed';
export type ComplaintAction = 'open' | 'assign' | 'resolve' | 'reopen' | 'close';
export const COMPLAINT_WORKFLOW = defineWorkflow<ComplaintStatus, ComplaintAction>({
  name: 'ec_complaint',
  allowedActions: { open: ['assign', 'resolve'], in_progress: ['resolve'], resolved: ['reopen', 'close'], closed: [] },
  transitions: { open: 'open', assign: 'in_progress', resolve: 'resolved', reopen: 'in_progress', close: 'closed' },
  policy: rolePolicy({
    open: ['county_staff', 'township_staff', 'village_worker'],
    assign: ['county_staff', 'township_staff'],
    resolve: ['county_staff', 'township_staff'],
    reopen: ['county_staff', 'township_staff'],
    close: ['county_staff', 'township_staff'],
  }),
});

export type FollowupStatus = 'pending' | 'done' | 'unreachable';
export type FollowupAction = 'sample' | 'complete' | 'unreachable';
export const FOLLOWUP_WORKFLOW = defineWorkflow<FollowupStatus, FollowupAction>({
  name: 'ec_followup',
  allowedActions: { pending: ['complete', 'unreachable'], unreachable: ['complete', 'unreachable'], done: [] },
  transitions: { sample: 'pending', complete: 'done', unreachable: 'unreachable' },
  policy: rolePolicy({
    sample: ['county_staff', 'township_staff', 'village_worker'],
    complete: ['county_staff', 'township_staff'],
    unreachable: ['county_staff', 'township_staff'],
  }),
});

export type ApplicationStatus = 'pending_verification' | 'submitted' | 'rejected';
export type ApplicationAction = 'submit' | 'verify' | 'reject';
export const APPLICATION_WORKFLOW = defineWorkflow<ApplicationStatus, ApplicationAction>({
  name: 'ec_application',
  allowedActions: { pending_verification: ['verify', 'reject'], submitted: [], rejected: [] },
  transitions: { submit: 'pending_verification', verify: 'submitted', reject: 'rejected' },
  // 'submit' is taken by the public (anonymous) channel: the route is rate-limited and validated instead.
  policy: (actor, action, region) =>
    action === 'submit' ||
    rolePolicy<ApplicationAction>({ submit: [], verify: ['township_staff'], reject: ['township_staff'] })(actor, action, region),
});

export type BlacklistStatus = 'active' | 'lifted';
export type BlacklistAction = 'list' | 'lift';
export const BLACKLIST_WORKFLOW = defineWorkflow<BlacklistStatus, BlacklistAction>({
  name: 'ec_blacklist',
  allowedActions: { active: ['lift'], lifted: [] },
  transitions: { list: 'active', lift: 'lifted' },
  policy: rolePolicy({ list: ['county_staff'], lift: ['county_staff'] }),
});

export type InspectionStatus = 'drawn' | 'published';
export type InspectionAction = 'draw' | 'record' | 'publish';
export const INSPECTION_WORKFLOW = defineWorkflow<InspectionStatus, InspectionAction>({
  name: 'ec_inspection',
  allowedActions: { drawn: ['record', 'publish'], published: [] },
  transitions: { draw: 'drawn', record: 'drawn', publish: 'published' },
  policy: rolePolicy({ draw: ['county_staff'], record: ['county_staff'], publish: ['county_staff'] }),
});
