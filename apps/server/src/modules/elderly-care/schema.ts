/**
 * Elderly-care (智慧养老) tables. Every row that belongs to a place carries region_code (the
 * elder's residence region for cases; the provider's region for providers and caregivers), so
 * region scoping is a prefix filter in the data layer. Money is integer fen.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  ApplicationStatus,
  BlacklistStatus,
  ComplaintStatus,
  FollowupStatus,
  InspectionStatus,
  PlanStatus,
  SettlementStatus,
} from './cases.ts';
import type { AnomalyStatus, CaregiverStatus, OrderStatus, VisitStatus } from './domain/contracts.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/**
 * Effective-dated rule parameters (anomaly distance, sampling share, reassessment interval, coma
 * level, budget, coverage target ...). One row per (key, validFrom); the value is JSON.
 */
export const ecParameters = pgTable(
  'ec_parameters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    validFrom: day('valid_from').notNull(),
    validTo: day('valid_to'),
    value: jsonb('value').notNull(),
    source: text('source').notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ec_parameters_key_from_uq').on(t.key, t.validFrom)],
);

/** Subsidy rule versions (the rule body is the contracts' SubsidyRule). */
export const ecSubsidyRules = pgTable('ec_subsidy_rules', {
  version: text('version').primaryKey(),
  validFrom: day('valid_from').notNull(),
  validTo: day('valid_to'),
  rule: jsonb('rule').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** 菜单式服务: one row per version of an item; orders keep the version id. */
export const ecMenuItems = pgTable(
  'ec_menu_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    nameZh: text('name_zh').notNull(),
    category: text('category').notNull(),
    description: text('description'),
    standardDurationMin: integer('standard_duration_min').notNull(),
    requiredSkill: text('required_skill').notNull(),
    priceFen: integer('price_fen').notNull(),
    unit: text('unit').notNull(),
    checklist: jsonb('checklist').notNull(),
    validFrom: day('valid_from').notNull(),
    validTo: day('valid_to'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ec_menu_items_code_version_uq').on(t.code, t.version)],
);

export const ecProviders = pgTable(
  'ec_providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    creditCode: text('credit_code'),
    regionCode: text('region_code').notNull(),
    serviceAreaCodes: text('service_area_codes').array().notNull(),
    address: text('address'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    bankAccount: jsonb('bank_account'),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('ec_providers_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`)],
);

export const ecCaregivers = pgTable(
  'ec_caregivers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    providerId: uuid('provider_id').notNull(),
    /** The caregiver's login (role caregiver): caregivers see only their own visits. */
    userId: uuid('user_id'),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    personId: uuid('person_id'),
    phone: text('phone'),
    skills: text('skills').array().notNull(),
    certificates: jsonb('certificates').notNull().default(sql`'[]'::jsonb`),
    trainingRecords: jsonb('training_records').notNull().default(sql`'[]'::jsonb`),
    shiftStart: text('shift_start').notNull(),
    shiftEnd: text('shift_end').notNull(),
    breakWindow: jsonb('break_window'),
    homeLat: doublePrecision('home_lat').notNull(),
    homeLng: doublePrecision('home_lng').notNull(),
    maxWorkMin: integer('max_work_min').notNull().default(480),
    status: text('status').$type<CaregiverStatus>().notNull().default('active'),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('ec_caregivers_provider_idx').on(t.providerId), uniqueIndex('ec_caregivers_user_uq').on(t.userId)],
);

/** Resident self-service applications (public page); matched to a registered person or pending verification. */
export const ecApplications = pgTable(
  'ec_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trackingCode: text('tracking_code').notNull(),
    status: text('status').$type<ApplicationStatus>().notNull(),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    idHash: text('id_hash').notNull(),
    idEnc: text('id_enc').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    itemCodes: text('item_codes').array().notNull(),
    note: text('note'),
    personId: uuid('person_id'),
    orderId: uuid('order_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('ec_applications_tracking_uq').on(t.trackingCode),
    index('ec_applications_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
  ],
);

export const ecOrders = pgTable(
  'ec_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    personId: uuid('person_id').notNull(),
    regionCode: text('region_code').notNull(),
    channel: text('channel').notNull(),
    status: text('status').$type<OrderStatus>().notNull(),
    providerId: uuid('provider_id'),
    preferredProviderId: uuid('preferred_provider_id'),
    assessmentId: uuid('assessment_id'),
    subsidyDecisionId: uuid('subsidy_decision_id'),
    selfPayShareBp: integer('self_pay_share_bp'),
    trackingCode: text('tracking_code').notNull(),
    contactPhone: text('contact_phone'),
    note: text('note'),
    createdBy: uuid('created_by'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('ec_orders_number_uq').on(t.number),
    uniqueIndex('ec_orders_tracking_uq').on(t.trackingCode),
    index('ec_orders_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
    index('ec_orders_provider_idx').on(t.providerId),
    index('ec_orders_person_idx').on(t.personId),
  ],
);

export const ecOrderItems = pgTable(
  'ec_order_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').notNull(),
    itemCode: text('item_code').notNull(),
    itemVersionId: uuid('item_version_id').notNull(),
    itemName: text('item_name').notNull(),
    priceFen: integer('price_fen').notNull(),
    standardDurationMin: integer('standard_duration_min').notNull(),
    requiredSkill: text('required_skill').notNull(),
    frequency: jsonb('frequency').notNull(),
    windowStart: text('window_start'),
    windowEnd: text('window_end'),
    note: text('note'),
  },
  (t) => [index('ec_order_items_order_idx').on(t.orderId)],
);

export const ecAssessments = pgTable(
  'ec_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull(),
    orderId: uuid('order_id'),
    regionCode: text('region_code').notNull(),
    reason: text('reason').notNull(),
    assessedOn: day('assessed_on').notNull(),
    assessorIds: text('assessor_ids').array().notNull(),
    scores: jsonb('scores').notNull(),
    dementia: boolean('dementia').notNull(),
    riskEvents30d: integer('risk_events_30d').notNull(),
    coma: boolean('coma').notNull(),
    total: integer('total').notNull(),
    dimensions: jsonb('dimensions').notNull(),
    baseLevel: integer('base_level').notNull(),
    level: integer('level').notNull(),
    raisedBy: text('raised_by').array().notNull(),
    params: jsonb('params').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('ec_assessments_person_idx').on(t.personId, t.assessedOn)],
);

export const ecSubsidyDecisions = pgTable('ec_subsidy_decisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  orderId: uuid('order_id').notNull(),
  personId: uuid('person_id').notNull(),
  assessmentId: uuid('assessment_id').notNull(),
  abilityLevel: integer('ability_level').notNull(),
  decidedOn: day('decided_on').notNull(),
  decidedBy: uuid('decided_by'),
  ruleVersion: text('rule_version').notNull(),
  eligible: boolean('eligible').notNull(),
  monthlyAmountFen: integer('monthly_amount_fen').notNull(),
  monthlyHours: integer('monthly_hours').notNull(),
  selfPayShareBp: integer('self_pay_share_bp').notNull(),
  basis: text('basis').array().notNull(),
  explanation: text('explanation').notNull(),
  facts: jsonb('facts').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const ecVisits = pgTable(
  'ec_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').notNull(),
    orderItemId: uuid('order_item_id').notNull(),
    personId: uuid('person_id').notNull(),
    providerId: uuid('provider_id').notNull(),
    regionCode: text('region_code').notNull(),
    itemCode: text('item_code').notNull(),
    itemVersionId: uuid('item_version_id').notNull(),
    standardDurationMin: integer('standard_duration_min').notNull(),
    requiredSkill: text('required_skill').notNull(),
    serviceDate: day('service_date').notNull(),
    windowStart: text('window_start').notNull(),
    windowEnd: text('window_end').notNull(),
    plannedStart: text('planned_start'),
    caregiverId: uuid('caregiver_id'),
    status: text('status').$type<VisitStatus>().notNull(),
    checkInAt: ts('check_in_at'),
    checkInLat: doublePrecision('check_in_lat'),
    checkInLng: doublePrecision('check_in_lng'),
    checkInAccuracyM: doublePrecision('check_in_accuracy_m'),
    checkOutAt: ts('check_out_at'),
    checkOutLat: doublePrecision('check_out_lat'),
    checkOutLng: doublePrecision('check_out_lng'),
    checklist: jsonb('checklist').notNull().default(sql`'[]'::jsonb`),
    note: text('note'),
    photo: text('photo'),
    confirmation: jsonb('confirmation'),
    manualOverride: boolean('manual_override').notNull().default(false),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    // Generating visits twice for a recurring order never doubles them.
    uniqueIndex('ec_visits_item_date_uq').on(t.orderItemId, t.serviceDate),
    index('ec_visits_provider_date_idx').on(t.providerId, t.serviceDate),
    index('ec_visits_region_date_idx').using('btree', sql`${t.regionCode} text_pattern_ops`, t.serviceDate),
    index('ec_visits_caregiver_date_idx').on(t.caregiverId, t.serviceDate),
    index('ec_visits_status_idx').on(t.status, t.serviceDate),
    index('ec_visits_order_idx').on(t.orderId),
  ],
);

/** Idempotency of phone events (check-in/out/confirm replayed after being offline). */
export const ecVisitEvents = pgTable('ec_visit_events', {
  clientEventId: text('client_event_id').primaryKey(),
  visitId: uuid('visit_id').notNull(),
  kind: text('kind').notNull(),
  userId: uuid('user_id'),
  recordedAt: ts('recorded_at').notNull(),
  receivedAt: ts('received_at').notNull().defaultNow(),
});

export const ecDispatchPlans = pgTable(
  'ec_dispatch_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceDate: day('service_date').notNull(),
    providerId: uuid('provider_id'),
    townshipCode: text('township_code'),
    regionCode: text('region_code').notNull(),
    status: text('status').$type<PlanStatus>().notNull(),
    seed: integer('seed').notNull(),
    plan: jsonb('plan').notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    publishedAt: ts('published_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('ec_dispatch_plans_date_idx').on(t.serviceDate)],
);

export const ecFollowups = pgTable(
  'ec_followups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    visitId: uuid('visit_id').notNull(),
    orderId: uuid('order_id').notNull(),
    providerId: uuid('provider_id').notNull(),
    regionCode: text('region_code').notNull(),
    reason: text('reason').notNull(),
    source: text('source').notNull(),
    status: text('status').$type<FollowupStatus>().notNull(),
    method: text('method'),
    serviceConfirmed: boolean('service_confirmed'),
    satisfaction: integer('satisfaction'),
    note: text('note'),
    doneAt: ts('done_at'),
    doneBy: uuid('done_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('ec_followups_visit_reason_uq').on(t.visitId, t.reason),
    index('ec_followups_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
  ],
);

export const ecComplaints = pgTable(
  'ec_complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    personId: uuid('person_id').notNull(),
    orderId: uuid('order_id'),
    visitId: uuid('visit_id'),
    providerId: uuid('provider_id'),
    caregiverId: uuid('caregiver_id'),
    regionCode: text('region_code').notNull(),
    category: text('category').notNull(),
    description: text('description').notNull(),
    channel: text('channel').notNull(),
    status: text('status').$type<ComplaintStatus>().notNull(),
    assigneeId: uuid('assignee_id'),
    dueOn: day('due_on').notNull(),
    resolution: text('resolution'),
    outcome: text('outcome'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('ec_complaints_number_uq').on(t.number),
    index('ec_complaints_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
  ],
);

export const ecAnomalies = pgTable(
  'ec_anomalies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    visitId: uuid('visit_id').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
    details: jsonb('details').notNull(),
    status: text('status').$type<AnomalyStatus>().notNull(),
    month: text('month').notNull(),
    reviewedBy: uuid('reviewed_by'),
    reviewNote: text('review_note'),
    reviewedAt: ts('reviewed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ec_anomalies_visit_code_uq').on(t.visitId, t.code), index('ec_anomalies_status_idx').on(t.status, t.month)],
);

export const ecSettlements = pgTable(
  'ec_settlements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    providerId: uuid('provider_id').notNull(),
    month: text('month').notNull(),
    regionCode: text('region_code').notNull(),
    status: text('status').$type<SettlementStatus>().notNull(),
    totals: jsonb('totals').notNull(),
    skipped: jsonb('skipped').notNull().default(sql`'[]'::jsonb`),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    approvedBy: uuid('approved_by'),
    approvedAt: ts('approved_at'),
    paidAt: ts('paid_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('ec_settlements_provider_month_uq').on(t.providerId, t.month)],
);

export const ecSettlementLines = pgTable(
  'ec_settlement_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id').notNull(),
    /** 'normal' (a visit paid) or 'adjustment' (a correction referring to a normal line). */
    kind: text('kind').notNull(),
    visitId: uuid('visit_id').notNull(),
    orderId: uuid('order_id').notNull(),
    itemCode: text('item_code').notNull(),
    itemVersionId: uuid('item_version_id').notNull(),
    serviceDate: day('service_date').notNull(),
    selfPayShareBp: integer('self_pay_share_bp').notNull(),
    priceFen: integer('price_fen').notNull(),
    subsidyFen: integer('subsidy_fen').notNull(),
    selfPayFen: integer('self_pay_fen').notNull(),
    refersToLineId: bigint('refers_to_line_id', { mode: 'number' }),
    reason: text('reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    // A visit is paid at most once, whatever runs concurrently: the database refuses a second normal line.
    uniqueIndex('ec_settlement_lines_visit_once_uq').on(t.visitId).where(sql`kind = 'normal'`),
    index('ec_settlement_lines_settlement_idx').on(t.settlementId),
  ],
);

export const ecBlacklist = pgTable(
  'ec_blacklist',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    reason: text('reason').notNull(),
    decisionRef: text('decision_ref').notNull(),
    source: text('source').notNull(),
    measures: text('measures').array().notNull(),
    validFrom: day('valid_from').notNull(),
    validTo: day('valid_to'),
    status: text('status').$type<BlacklistStatus>().notNull(),
    liftedReason: text('lifted_reason'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('ec_blacklist_subject_idx').on(t.subjectId)],
);

export const ecInspections = pgTable('ec_inspections', {
  id: uuid('id').primaryKey().defaultRandom(),
  seed: text('seed').notNull(),
  algorithm: text('algorithm').notNull(),
  /** Parameters and the candidate pools as drawn from, so the draw can be replayed exactly. */
  input: jsonb('input').notNull(),
  status: text('status').$type<InspectionStatus>().notNull(),
  drawnBy: uuid('drawn_by'),
  drawnAt: ts('drawn_at').notNull().defaultNow(),
  publishedOn: day('published_on'),
  version: integer('version').notNull().default(1),
});

export const ecInspectionAssignments = pgTable(
  'ec_inspection_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id').notNull(),
    providerId: uuid('provider_id').notNull(),
    inspectorIds: text('inspector_ids').array().notNull(),
    inspectedOn: day('inspected_on'),
    rating: text('rating'),
    findings: text('findings'),
    recordedBy: uuid('recorded_by'),
  },
  (t) => [uniqueIndex('ec_inspection_assignments_uq').on(t.inspectionId, t.providerId)],
);
