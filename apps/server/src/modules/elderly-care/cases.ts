/**
 * The elderly-care case types on the case engine (platform/cases): status tables from the domain
 * (domain/order.states.ts, domain/visit.states.ts and the small tables below), policies from the
 * domain policy (domain/order.policy.ts) for orders and visits, role + region for the others.
 */

import type { Role } from '@lq/contracts';
import { loadDeployment } from '../../config.ts';
import { actionsFromTable, type Denial, defineCaseType } from '../../platform/cases/index.ts';
import { type Actor, inRegion } from '../../platform/context.ts';
import type { ElderlyActor } from './access.ts';
import { canTakeOrderAction, canTakeVisitAction, type Decision } from './domain/order.policy.ts';
import { ORDER_ACTIONS, ORDER_STATUSES, ORDER_TRANSITIONS, type OrderAction } from './domain/order.states.ts';
import { VISIT_ACTIONS, VISIT_STATUSES, VISIT_TRANSITIONS, type VisitAction } from './domain/visit.states.ts';
import {
  ecApplications,
  ecBlacklist,
  ecComplaints,
  ecDispatchPlans,
  ecFollowups,
  ecInspections,
  ecOrders,
  ecSettlements,
  ecVisits,
} from './schema.ts';

const decided = (d: Decision): true | Denial => (d.allowed ? true : { code: d.code, message: d.message });
const baseOf = (ea: ElderlyActor) => ea.base;

const orderActions = actionsFromTable(
  ORDER_ACTIONS,
  ORDER_TRANSITIONS,
  (action: OrderAction) => (ea: ElderlyActor, o: OrderScopeRow) =>
    decided(canTakeOrderAction(ea, action, { regionCode: o.regionCode, personId: o.personId, providerId: o.providerId })),
);
interface OrderScopeRow {
  regionCode: string;
  personId: string;
  providerId: string | null;
}

export const ORDER_CASE = defineCaseType({
  name: 'ec_order',
  table: ecOrders,
  statuses: ORDER_STATUSES,
  // 'apply' both creates an order (new application) and re-submits a returned draft.
  actions: { ...orderActions, apply: { ...orderActions.apply, creates: true } },
  // 受理 within 5 working days, assessment within 15, decision within 10 (work queues list the overdue).
  due: { applied: { days: 5, kind: 'working' }, accepted: { days: 15, kind: 'working' }, assessed: { days: 10, kind: 'working' } },
  regionOf: (o) => o.regionCode,
  auditAction: (a) => `elderly.order.${a}`,
  actorOf: baseOf,
  canReassign: (ea, o) => ea.roles.some((r) => r === 'county_staff' || r === 'township_staff') && inRegion(ea.regionCode, o.regionCode),
});

interface VisitScopeRow extends OrderScopeRow {
  caregiverId: string | null;
}
const visitActions = actionsFromTable(
  VISIT_ACTIONS,
  VISIT_TRANSITIONS,
  (action: VisitAction) => (ea: ElderlyActor, v: VisitScopeRow) =>
    decided(
      canTakeVisitAction(ea, action, {
        regionCode: v.regionCode,
        personId: v.personId,
        providerId: v.providerId,
        caregiverId: v.caregiverId,
      }),
    ),
);

export const VISIT_CASE = defineCaseType({
  name: 'ec_visit',
  table: ecVisits,
  statuses: VISIT_STATUSES,
  actions: {
    ...visitActions,
    // Planned visits are generated from an approved order (approval, the rolling extension, the
    // demo seed); the use case that generates them checks the role, each visit is a child of its order.
    generate: { from: [], to: 'planned', policy: () => true },
    // Withdrawn because their order was closed or cancelled: a consequence of the order action,
    // whose policy was checked; logged per visit like any other step.
    withdraw: { from: ['planned', 'dispatched'], to: 'cancelled', policy: () => true },
  },
  regionOf: (v) => v.regionCode,
  auditAction: (a) => `elderly.visit.${a}`,
  actorOf: baseOf,
});

/** Role and region policy for the simpler case types below. */
function rolePolicy(roles: readonly Role[]) {
  return (actor: Actor, row: { regionCode: string }) =>
    actor.roles.some((r) => roles.includes(r)) && inRegion(actor.regionCode, row.regionCode);
}
const self = (a: Actor) => a;
const county = rolePolicy(['county_staff']);

export type SettlementStatus = 'draft' | 'approved' | 'paid';
export const SETTLEMENT_CASE = defineCaseType({
  name: 'ec_settlement',
  table: ecSettlements,
  statuses: ['draft', 'approved', 'paid'] as const satisfies readonly SettlementStatus[],
  actions: {
    create: { from: [], to: 'draft', policy: county },
    add_lines: { from: ['draft'], to: 'draft', policy: county },
    adjust: { from: ['draft'], to: 'draft', policy: county },
    approve: { from: ['draft'], to: 'approved', policy: county },
    pay: { from: ['approved'], to: 'paid', policy: county },
  },
  due: { approved: { days: 10, kind: 'working' } },
  regionOf: (s) => s.regionCode,
  auditAction: (a) => `elderly.settlement.${a}`,
  actorOf: self,
});

export type PlanStatus = 'draft' | 'published';
// Provider staff are scoped by provider id in the service; here by region (their township).
const planner = rolePolicy(['township_staff', 'provider_staff']);
export const PLAN_CASE = defineCaseType({
  name: 'ec_dispatch_plan',
  table: ecDispatchPlans,
  statuses: ['draft', 'published'] as const satisfies readonly PlanStatus[],
  actions: {
    build: { from: [], to: 'draft', policy: planner },
    move: { from: ['draft'], to: 'draft', policy: planner },
    publish: { from: ['draft'], to: 'published', policy: planner },
  },
  regionOf: (p) => p.regionCode,
  auditAction: (a) => `elderly.dispatch.${a}`,
  actorOf: self,
});

export type ComplaintStatus = 'open' | 'in_progress' | 'resolved' | 'closed';
const complaintStaff = rolePolicy(['county_staff', 'township_staff']);
export const COMPLAINT_CASE = defineCaseType({
  name: 'ec_complaint',
  table: ecComplaints,
  statuses: ['open', 'in_progress', 'resolved', 'closed'] as const satisfies readonly ComplaintStatus[],
  actions: {
    open: { from: [], to: 'open', policy: rolePolicy(['county_staff', 'township_staff', 'village_worker']) },
    assign: { from: ['open'], to: 'in_progress', policy: complaintStaff },
    resolve: { from: ['open', 'in_progress'], to: 'resolved', policy: complaintStaff },
    reopen: { from: ['resolved'], to: 'in_progress', policy: complaintStaff },
    close: { from: ['resolved'], to: 'closed', policy: complaintStaff },
  },
  regionOf: (c) => c.regionCode,
  auditAction: (a) => `elderly.complaint.${a}`,
  actorOf: self,
  canReassign: complaintStaff,
});
export type ComplaintAction = keyof typeof COMPLAINT_CASE.actions;

export type FollowupStatus = 'pending' | 'done' | 'unreachable';
const followupStaff = rolePolicy(['county_staff', 'township_staff']);
export const FOLLOWUP_CASE = defineCaseType({
  name: 'ec_followup',
  table: ecFollowups,
  statuses: ['pending', 'done', 'unreachable'] as const satisfies readonly FollowupStatus[],
  actions: {
    sample: { from: [], to: 'pending', policy: rolePolicy(['county_staff', 'township_staff', 'village_worker']) },
    complete: { from: ['pending', 'unreachable'], to: 'done', policy: followupStaff },
    unreachable: { from: ['pending', 'unreachable'], to: 'unreachable', policy: followupStaff },
  },
  due: { pending: { days: 10, kind: 'working' } },
  regionOf: (f) => f.regionCode,
  // Recording the outcome (done / unreachable) keeps its audit name.
  auditAction: (a) => (a === 'sample' ? 'elderly.followup.sample' : 'elderly.followup.record'),
  actorOf: self,
  canReassign: followupStaff,
});

export type ApplicationStatus = 'pending_verification' | 'submitted' | 'rejected';
const verifier = rolePolicy(['township_staff']);
export const APPLICATION_CASE = defineCaseType({
  name: 'ec_application',
  table: ecApplications,
  statuses: ['pending_verification', 'submitted', 'rejected'] as const satisfies readonly ApplicationStatus[],
  actions: {
    // Taken by the public (anonymous) channel: the route is rate-limited and validated instead.
    submit: {
      from: [],
      to: (_row, input) => (input.matched === true ? 'submitted' : 'pending_verification'),
      policy: () => true,
    },
    verify: { from: ['pending_verification'], to: 'submitted', policy: verifier },
    reject: { from: ['pending_verification'], to: 'rejected', policy: verifier },
  },
  due: { pending_verification: { days: 5, kind: 'working' } },
  regionOf: (a) => a.regionCode,
  // The public submission keeps its own audit entry (elderly.application.public) with the outcome.
  auditAction: (a) => `elderly.application.${a}`,
  actorOf: self,
  canReassign: verifier,
});

/** Blacklist and inspections are county-wide records: county staff holding the county-level (6-digit) region act on them. */
const countyWide = (actor: Actor) => actor.roles.includes('county_staff') && /^\d{6}$/.test(actor.regionCode);
/** County-wide records carry no region column: their case region is the deployment's county. */
const countyRegion = () => loadDeployment().county.code;

export type BlacklistStatus = 'active' | 'lifted';
export const BLACKLIST_CASE = defineCaseType({
  name: 'ec_blacklist',
  table: ecBlacklist,
  statuses: ['active', 'lifted'] as const satisfies readonly BlacklistStatus[],
  actions: { list: { from: [], to: 'active', policy: countyWide }, lift: { from: ['active'], to: 'lifted', policy: countyWide } },
  regionOf: countyRegion,
  auditAction: (a) => `elderly.blacklist.${a}`,
  actorOf: self,
});

export type InspectionStatus = 'drawn' | 'published';
export const INSPECTION_CASE = defineCaseType({
  name: 'ec_inspection',
  table: ecInspections,
  statuses: ['drawn', 'published'] as const satisfies readonly InspectionStatus[],
  actions: {
    draw: { from: [], to: 'drawn', policy: countyWide },
    record: { from: ['drawn'], to: 'drawn', policy: countyWide },
    publish: { from: ['drawn'], to: 'published', policy: countyWide },
  },
  regionOf: countyRegion,
  auditAction: (a) => (a === 'record' ? 'elderly.inspection.result' : `elderly.inspection.${a}`),
  actorOf: self,
});

/** Every elderly-care case type with its table (for the status-vs-log consistency test). */
export const ELDERLY_CASE_TYPES = [
  ORDER_CASE,
  VISIT_CASE,
  SETTLEMENT_CASE,
  PLAN_CASE,
  COMPLAINT_CASE,
  FOLLOWUP_CASE,
  APPLICATION_CASE,
  BLACKLIST_CASE,
  INSPECTION_CASE,
] as const;
