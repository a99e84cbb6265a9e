/**
 * The elderly-care wire: request and response schemas of every elderly-care route. The server
 * validates and serialises with them (and the OpenAPI document is generated from them); the web
 * types its calls with `z.infer` of the same schemas. Exported as the `EcWire` namespace.
 */

import { z } from 'zod';
import { IsoDate } from '../common.ts';
import { AssessmentCreate, AssessmentReasonSchema } from './assessment.ts';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, FOLLOWUP_STATUSES, FollowUpRecordBody } from './followups.ts';
import { MenuItemVersionCreate } from './menu.ts';
import { APPLICATION_CHANNELS, Frequency, OrderAction, OrderActionBody, OrderStatus } from './orders.ts';
import { EC_PARAMETER_KEYS } from './parameters.ts';
import { HHMM, IsoInstant, IsoMonth, LatLng, PhotoDataUrl, PositionFix, RegionCode } from './primitives.ts';
import {
  BankAccount,
  BlacklistEntryCreate,
  CaregiverUpsert,
  INSPECTION_RATINGS,
  InspectionDrawBody,
  PROVIDER_KINDS,
  ProviderUpsert,
} from './providers.ts';
import { ANOMALY_STATUSES } from './settlement.ts';
import { SubsidyRule } from './subsidy.ts';
import { CONFIRMATION_METHODS, VisitStatus } from './visits.ts';

export const IdParams = z.object({ id: z.string().max(64) });
export const Versioned = z.object({ version: z.number().int().min(1) });
export const Ok = z.object({ ok: z.literal(true) });
const Loose = z.record(z.string(), z.unknown());

export const ParameterBody = z.object({
  key: z.enum(EC_PARAMETER_KEYS),
  validFrom: IsoDate,
  value: Loose,
  source: z.string().min(1).max(300),
});
export const Parameter = z.object({
  id: z.string(),
  key: z.string(),
  validFrom: IsoDate,
  validTo: IsoDate.nullable(),
  value: Loose,
  source: z.string(),
  createdAt: z.string(),
});

export const MenuItem = z.object({
  id: z.string(),
  code: z.string(),
  version: z.number().int(),
  nameZh: z.string(),
  category: z.string(),
  description: z.string().optional(),
  standardDurationMin: z.number().int(),
  requiredSkill: z.string(),
  priceFen: z.number().int(),
  unit: z.string(),
  checklist: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
  validFrom: IsoDate,
  validTo: IsoDate.nullable(),
  createdAt: z.string(),
  isDemo: z.boolean(),
});
export const MenuQuery = z.object({ on: IsoDate.optional(), category: z.string().max(20).optional(), all: z.coerce.boolean().optional() });

export const ProviderOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  creditCode: z.string().nullable(),
  regionCode: z.string(),
  serviceAreaCodes: z.array(z.string()),
  address: z.string().optional(),
  location: LatLng.nullable(),
  contactName: z.string().optional(),
  contactPhone: z.string().optional(),
  bankAccount: BankAccount.extend({ accountNumber: z.string() }).nullable(),
  blacklisted: z.boolean(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  version: z.number().int(),
});
export const ProviderQuery = z.object({ regionCode: RegionCode.optional(), kind: z.enum(PROVIDER_KINDS).optional() });
export const ProviderUpdate = ProviderUpsert.extend({ version: z.number().int().min(1) });

export const CaregiverCreate = CaregiverUpsert.safeExtend({ userId: z.string().uuid().nullable().optional() });
export const CaregiverUpdate = CaregiverUpsert.safeExtend({ version: z.number().int().min(1) });
export const CaregiverOut = z.object({
  id: z.string(),
  providerId: z.string(),
  userId: z.string().nullable(),
  regionCode: z.string(),
  name: z.string(),
  personId: z.string().nullable(),
  phone: z.string().nullable(),
  skills: z.array(z.string()),
  certificates: z.array(z.unknown()),
  trainingRecords: z.array(z.unknown()),
  shiftStart: z.string(),
  shiftEnd: z.string(),
  breakWindow: z.object({ start: z.string(), end: z.string(), durationMin: z.number() }).nullable(),
  home: LatLng,
  maxWorkMin: z.number().int(),
  status: z.string(),
  blacklisted: z.boolean(),
  version: z.number().int(),
});

const OrderItemOut = z.object({
  id: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  itemVersionId: z.string(),
  priceFen: z.number().int(),
  standardDurationMin: z.number().int(),
  requiredSkill: z.string(),
  frequency: Frequency,
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
});
const DecisionOut = z.object({
  id: z.string(),
  ruleVersion: z.string(),
  eligible: z.boolean(),
  abilityLevel: z.number().int(),
  monthlyAmountFen: z.number().int(),
  monthlyHours: z.number().int(),
  selfPayShareBp: z.number().int(),
  basis: z.array(z.string()),
  explanation: z.string(),
  decidedOn: IsoDate,
  facts: Loose,
});
export const OrderOut = z.object({
  id: z.string(),
  number: z.string(),
  personId: z.string(),
  personName: z.string(),
  regionCode: z.string(),
  channel: z.enum(APPLICATION_CHANNELS),
  status: OrderStatus,
  statusLabel: z.string(),
  providerId: z.string().nullable(),
  providerName: z.string().nullable(),
  preferredProviderId: z.string().nullable(),
  assessmentId: z.string().nullable(),
  subsidyDecisionId: z.string().nullable(),
  selfPayShareBp: z.number().int().nullable(),
  trackingCode: z.string(),
  trackUrl: z.string(),
  note: z.string().nullable(),
  items: z.array(OrderItemOut),
  assessment: z
    .object({ id: z.string(), total: z.number().int(), level: z.number().int(), levelName: z.string(), assessedOn: IsoDate })
    .nullable(),
  subsidyDecision: DecisionOut.nullable(),
  history: z.array(
    z.object({
      at: z.string(),
      actorName: z.string().nullable(),
      actorRole: z.string().nullable(),
      action: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      note: z.string().nullable(),
    }),
  ),
  availableActions: z.array(OrderAction),
  /** Case engine: due date of the current status, who has claimed the order, its visits by status. */
  dueDate: z.string().nullable(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  visitProgress: z.object({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export const OrderListQuery = z.object({
  status: OrderStatus.optional(),
  regionCode: RegionCode.optional(),
  providerId: z.string().uuid().optional(),
  personId: z.string().uuid().optional(),
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const OrderListOut = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      personId: z.string(),
      personName: z.string(),
      regionCode: z.string(),
      channel: z.string(),
      status: z.string(),
      statusLabel: z.string(),
      providerId: z.string().nullable(),
      providerName: z.string().nullable(),
      createdAt: z.string(),
      version: z.number().int(),
    }),
  ),
});
export const OrderActionParams = z.object({ id: z.string().max(64), action: OrderActionBody.shape.action });
export const OrderActionPayload = OrderActionBody.omit({ action: true });

export const PreviewOut = z.object({
  total: z.number().int(),
  dimensions: z.object({
    自理能力: z.number().int(),
    基础运动能力: z.number().int(),
    精神状态: z.number().int(),
    感知觉与社会参与: z.number().int(),
  }),
  baseLevel: z.number().int().min(0).max(4),
  level: z.number().int().min(0).max(4),
  levelName: z.string(),
  raisedBy: z.array(z.string()),
});
export const AssessmentBody = AssessmentCreate;
export const AssessmentOut = z.object({
  id: z.string(),
  personId: z.string(),
  orderId: z.string().nullable(),
  regionCode: z.string(),
  reason: AssessmentReasonSchema.or(z.string()),
  assessedOn: IsoDate,
  assessorIds: z.array(z.string()),
  scores: z.record(z.string(), z.number()),
  dementia: z.boolean(),
  riskEvents30d: z.number().int(),
  coma: z.boolean(),
  result: PreviewOut,
  params: Loose,
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const AssessmentHistoryQuery = z.object({ personId: z.string().uuid(), conditionChanged: z.coerce.boolean().optional() });
export const AssessmentHistoryOut = z.object({
  items: z.array(AssessmentOut),
  reassessment: z.object({ due: z.boolean(), reason: z.string().nullable(), dueDate: z.string().nullable() }),
});

export const ApplicationOut = z.object({
  id: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  regionCode: z.string(),
  name: z.string(),
  itemCodes: z.array(z.string()),
  note: z.string().nullable(),
  personId: z.string().nullable(),
  orderId: z.string().nullable(),
  trackingCode: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
});
export const VerifyBody = z.object({ personId: z.string().uuid(), version: z.number().int().min(1) });
export const RejectBody = z.object({ note: z.string().min(1).max(500), version: z.number().int().min(1) });

const Name = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .regex(/^[\p{Script=Han}·A-Za-z ]+$/u, '姓名只能包含汉字、字母和 · / name: Chinese characters, letters and · only');
export const PublicApplicationBody = z.strictObject({
  name: Name,
  idNumber: z
    .string()
    .trim()
    .regex(/^\d{17}[\dXx]$/, '身份证号须为 18 位 / ID number must have 18 characters'),
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, '手机号须为 11 位 / mobile number must have 11 digits'),
  itemCodes: z
    .array(z.string().regex(/^[A-Z0-9-]{2,20}$/))
    .min(1)
    .max(8)
    .refine((a) => new Set(a).size === a.length, { error: '服务项目重复 / duplicate items' }),
  note: z.string().max(500).optional(),
  townshipCode: z.string().regex(/^\d{9}$/, '请选择乡镇(街道) / choose your township'),
});
export const PublicApplicationOut = z.object({
  trackingCode: z.string(),
  trackUrl: z.string(),
  qrSvg: z.string(),
  status: z.string(),
  statusLabel: z.string(),
});
export const TrackOut = z.object({
  trackingCode: z.string(),
  maskedName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  updatedOn: IsoDate,
  steps: z.array(z.object({ key: z.string(), label: z.string(), done: z.boolean() })),
});
export const TrackParams = z.object({ code: z.string().max(64) });

const CheckOut = z.object({
  at: z.string(),
  position: z.object({ lat: z.number(), lng: z.number(), accuracyM: z.number().optional() }).nullable(),
});
export const VisitOut = z.object({
  id: z.string(),
  orderId: z.string(),
  personId: z.string(),
  personName: z.string().nullable(),
  providerId: z.string(),
  regionCode: z.string(),
  itemCode: z.string(),
  itemName: z.string().nullable(),
  itemVersionId: z.string(),
  standardDurationMin: z.number().int(),
  requiredSkill: z.string(),
  serviceDate: IsoDate,
  windowStart: z.string(),
  windowEnd: z.string(),
  plannedStart: z.string().nullable(),
  caregiverId: z.string().nullable(),
  caregiverName: z.string().nullable(),
  status: z.string(),
  statusLabel: z.string(),
  checkIn: CheckOut.nullable(),
  checkOut: CheckOut.nullable(),
  checklist: z.array(z.object({ key: z.string(), done: z.boolean(), note: z.string().optional() })),
  note: z.string().nullable(),
  hasPhoto: z.boolean(),
  confirmation: Loose.nullable(),
  manualOverride: z.boolean(),
  version: z.number().int(),
});
export const VisitStepOut = VisitOut.extend({ replayed: z.boolean() });
export const VisitListQuery = z.object({
  date: IsoDate.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  status: VisitStatus.optional(),
  providerId: z.string().uuid().optional(),
  caregiverId: z.string().uuid().optional(),
  orderId: z.string().uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const VisitListOut = z.object({ total: z.number().int(), items: z.array(VisitOut) });
export const GenerateBody = z.object({ from: IsoDate, to: IsoDate });
const ClientEvent = {
  /** Idempotency key generated on the phone when the event is recorded (a replay carries the same key). */
  clientEventId: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
  /** When the caregiver pressed the button (the phone's clock), not when the request arrived. */
  recordedAt: IsoInstant,
};
export const CheckInBody = z.object({ ...ClientEvent, position: PositionFix.nullable() });
export const CheckOutBody = z.object({
  ...ClientEvent,
  position: PositionFix.nullable(),
  checklist: z.array(z.object({ key: z.string().min(1).max(40), done: z.boolean(), note: z.string().max(200).optional() })).max(30),
  note: z.string().max(1000).optional(),
  photo: PhotoDataUrl.optional(),
});
export const ConfirmBody = z.object({
  ...ClientEvent,
  method: z.enum(CONFIRMATION_METHODS),
  by: z.enum(['elder', 'family']),
  name: z.string().max(50).optional(),
  satisfaction: z.number().int().min(1).max(5).optional(),
  signature: PhotoDataUrl.optional(),
});
export const MyRouteQuery = z.object({ date: IsoDate.optional() });
export const MyRouteOut = z.object({
  caregiverId: z.string(),
  date: IsoDate,
  stops: z.array(
    VisitOut.extend({
      address: z.string().nullable(),
      phone: z.string().nullable(),
      location: LatLng.nullable(),
      serviceStandard: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
    }),
  ),
});

export const PlanBuildBody = z.object({
  date: IsoDate,
  providerId: z.string().uuid().optional(),
  townshipCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  timeLimitMs: z.number().int().min(100).max(60_000).optional(),
  iterations: z.number().int().min(1).max(1_000_000).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});
const Stop = z.object({
  visitId: z.string(),
  personId: z.string(),
  personName: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  location: LatLng.nullable(),
  windowStart: z.string(),
  windowEnd: z.string(),
  arrival: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  manual: z.boolean(),
});
export const PlanOut = z.object({
  id: z.string(),
  status: z.string(),
  seed: z.number().int(),
  regionCode: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  version: z.number().int(),
  date: IsoDate,
  providerId: z.string().nullable(),
  townshipCode: z.string().nullable(),
  routes: z.array(
    z.object({
      caregiverId: z.string(),
      caregiverName: z.string(),
      providerId: z.string(),
      skills: z.array(z.string()),
      home: LatLng,
      departure: z.string().nullable(),
      arrival: z.string().nullable(),
      break: z.object({ start: z.string(), end: z.string() }).nullable(),
      travelMinutes: z.number(),
      workMinutes: z.number(),
      stops: z.array(Stop),
      /** the caregiver's shift the route was timed against (absent in plans built before it was kept) */
      shift: z
        .object({
          start: z.string(),
          end: z.string(),
          break: z.object({ start: z.string(), end: z.string(), durationMin: z.number() }).nullable(),
          maxWorkMin: z.number(),
        })
        .optional(),
      warnings: z
        .array(
          z.object({
            visitId: z.string().nullable(),
            kind: z.enum(['late', 'shift_overrun', 'break', 'max_work', 'no_location']),
            minutes: z.number(),
            message: z.string(),
          }),
        )
        .optional(),
    }),
  ),
  unserved: z.array(
    z.object({
      visitId: z.string(),
      personName: z.string(),
      itemName: z.string(),
      location: LatLng.nullable(),
      reason: z.string(),
      message: z.string(),
    }),
  ),
  cost: z.object({
    travel: z.number(),
    lateness: z.number(),
    unserved: z.number(),
    preference: z.number(),
    imbalance: z.number(),
    total: z.number(),
  }),
  stats: Loose,
  notes: z.array(z.object({ visitId: z.string(), code: z.string(), message: z.string() })),
  moves: z.array(
    z.object({
      visitId: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      reason: z.string(),
      by: z.string(),
      at: z.string(),
    }),
  ),
});
export const PublishOut = PlanOut.extend({
  dispatched: z.number().int(),
  skipped: z.array(z.object({ visitId: z.string(), reason: z.string() })),
});
export const PlanListOut = z.array(
  z.object({
    id: z.string(),
    date: IsoDate,
    status: z.string(),
    providerId: z.string().nullable(),
    townshipCode: z.string().nullable(),
    served: z.number(),
    unserved: z.number(),
    cost: z.number(),
    createdAt: z.string(),
  }),
);
export const MoveBody = z.object({
  visitId: z.string().uuid(),
  toCaregiverId: z.string().uuid().nullable(),
  reason: z.string().min(1).max(300),
  version: z.number().int().min(1),
});

export const SampleBody = z.object({
  from: IsoDate,
  to: IsoDate,
  shareBp: z.number().int().min(1).max(10_000).optional(),
  seed: z.string().min(1).max(128).optional(),
});
export const SampleOut = z.object({
  seed: z.string(),
  shareBp: z.number().int(),
  finishedVisits: z.number().int(),
  picked: z.number().int(),
  created: z.number().int(),
});
export const FollowupOut = z.object({
  id: z.string(),
  visitId: z.string(),
  orderId: z.string(),
  providerId: z.string(),
  regionCode: z.string(),
  personId: z.string().nullable().optional(),
  personName: z.string().nullable(),
  /** masked (e.g. 138****5678) */
  phone: z.string().nullable().optional(),
  serviceDate: IsoDate.nullable().optional(),
  itemName: z.string().nullable().optional(),
  providerName: z.string().nullable().optional(),
  caregiverName: z.string().nullable().optional(),
  reason: z.string(),
  source: z.string(),
  status: z.enum(FOLLOWUP_STATUSES),
  method: z.string().nullable(),
  serviceConfirmed: z.boolean().nullable(),
  satisfaction: z.number().int().nullable(),
  note: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
});
export const FollowupRecordBody = FollowUpRecordBody.extend({ complaintCategory: z.enum(COMPLAINT_CATEGORIES).optional() });
export const StatusQuery = z.object({ status: z.enum(['pending_verification', 'submitted', 'rejected']).optional() });
/** Optional paging of the work lists (they answer plain arrays; without these the first 500 / 1000 rows, as before). */
const WorklistPaging = {
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
};
export const FollowupListQuery = z.object({
  status: z.enum(['pending', 'done', 'unreachable']).optional(),
  ...WorklistPaging,
  /** default -createdAt (newest first); serviceDate = oldest service first */
  sort: z.enum(['-createdAt', 'createdAt', 'serviceDate', '-serviceDate']).optional(),
});
export const ComplaintListQuery = z.object({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  ...WorklistPaging,
  sort: z.enum(['-createdAt', 'createdAt', 'dueOn', '-dueOn']).optional(),
});
export const ComplaintBody = z.object({
  personId: z.string().uuid(),
  orderId: z.string().uuid().optional(),
  visitId: z.string().uuid().optional(),
  category: z.enum(COMPLAINT_CATEGORIES),
  description: z.string().min(1).max(2000),
  channel: z.enum(['phone', 'portal', 'followup', 'in_person', '12345']),
});
export const ComplaintOut = z.object({
  id: z.string(),
  number: z.string(),
  personId: z.string(),
  orderId: z.string().nullable(),
  visitId: z.string().nullable(),
  providerId: z.string().nullable(),
  caregiverId: z.string().nullable(),
  regionCode: z.string(),
  category: z.string(),
  description: z.string(),
  channel: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  assigneeId: z.string().nullable(),
  dueOn: IsoDate,
  resolution: z.string().nullable(),
  outcome: z.string().nullable(),
  personName: z.string().nullable().optional(),
  providerName: z.string().nullable().optional(),
  caregiverName: z.string().nullable().optional(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});
export const ComplaintActionParams = z.object({ id: z.string().max(64), action: z.enum(['assign', 'resolve', 'reopen', 'close']) });
export const ComplaintActionBody = z.object({
  version: z.number().int().min(1),
  assigneeId: z.string().uuid().optional(),
  resolution: z.string().max(2000).optional(),
  outcome: z.string().max(500).optional(),
  note: z.string().max(1000).optional(),
});

export const AnomalyRunBody = z.object({ month: IsoMonth, providerId: z.string().uuid().optional() });
export const AnomalyRunOut = z.object({
  month: IsoMonth,
  providerId: z.string().nullable(),
  checked: z.number().int(),
  findings: z.number().int(),
  newFindings: z.number().int(),
  byCode: z.record(z.string(), z.number()),
  flagged: z.number().int(),
  cleared: z.number().int(),
  openVisits: z.number().int(),
  params: Loose,
});
export const AnomalyQuery = z.object({
  status: z.enum(ANOMALY_STATUSES).optional(),
  month: IsoMonth.optional(),
  visitId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(2000).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  sort: z.enum(['-createdAt', 'serviceDate', '-serviceDate']).optional(),
});
export const AnomalyOut = z.object({
  id: z.string(),
  visitId: z.string(),
  code: z.string(),
  label: z.string(),
  message: z.string(),
  details: Loose,
  status: z.string(),
  month: z.string(),
  reviewedBy: z.string().nullable(),
  reviewNote: z.string().nullable(),
  reviewedAt: z.string().nullable().optional(),
  createdAt: z.string(),
  visit: z.object({
    serviceDate: IsoDate,
    status: z.string(),
    providerId: z.string(),
    caregiverId: z.string().nullable(),
    personName: z.string(),
    itemCode: z.string(),
    itemName: z.string().nullable().optional(),
    providerName: z.string().nullable().optional(),
    caregiverName: z.string().nullable().optional(),
    regionCode: z.string(),
    checkInAt: z.string().nullable().optional(),
    checkOutAt: z.string().nullable().optional(),
    standardDurationMin: z.number().int().nullable().optional(),
    personId: z.string().nullable().optional(),
    /** check-out minus check-in, whole minutes */
    durationMin: z.number().int().nullable().optional(),
    /** metres between the check-in position and the elder's address (null when either is unknown) */
    checkInDistanceM: z.number().int().nullable().optional(),
    checkInAccuracyM: z.number().nullable().optional(),
  }),
});
export const DecideParams = z.object({ visitId: z.string().max(64) });
export const DecideBody = z.object({
  decision: z.enum(['clear', 'reject']),
  note: z.string().min(1).max(1000),
  version: z.number().int().min(1),
});
export const DecideOut = z.object({ visitId: z.string(), status: z.string(), findingsDecided: z.number().int() });

const Totals = z.object({
  lines: z.number().int(),
  priceFen: z.number().int(),
  subsidyFen: z.number().int(),
  selfPayFen: z.number().int(),
  payableFen: z.number().int(),
  recoverFen: z.number().int(),
});
export const SettlementOut = z.object({
  id: z.string(),
  providerId: z.string(),
  providerName: z.string().nullable(),
  month: IsoMonth,
  regionCode: z.string(),
  status: z.enum(['draft', 'approved', 'paid']),
  totals: Totals,
  skipped: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  createdAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  version: z.number().int(),
});
export const SettlementRunBody = z.object({ month: IsoMonth, providerId: z.string().uuid() });
export const SettlementRunOut = SettlementOut.extend({ created: z.boolean(), added: z.number().int() });
export const SettlementLineOut = z.object({
  id: z.number().int(),
  kind: z.enum(['normal', 'adjustment']),
  visitId: z.string(),
  orderId: z.string(),
  itemCode: z.string(),
  itemVersionId: z.string(),
  serviceDate: IsoDate,
  selfPayShareBp: z.number().int(),
  priceFen: z.number().int(),
  subsidyFen: z.number().int(),
  selfPayFen: z.number().int(),
  refersToLineId: z.number().int().nullable(),
  reason: z.string().nullable(),
  personName: z.string().nullable().optional(),
  itemName: z.string().nullable().optional(),
});
export const SettlementDetailOut = SettlementOut.extend({ lines: z.array(SettlementLineOut) });
export const SettlementQuery = z.object({ month: IsoMonth.optional(), providerId: z.string().uuid().optional() });
export const AdjustmentBody = z.object({
  lineId: z.number().int().min(1),
  kind: z.enum(['reverse', 'reprice']),
  newPriceFen: z.number().int().min(0).max(1e9).optional(),
  newSelfPayShareBp: z.number().int().min(0).max(10_000).optional(),
  reason: z.string().min(1).max(500),
  version: z.number().int().min(1),
});

export const BlacklistBody = BlacklistEntryCreate.safeExtend({ source: z.string().min(1).max(100) });
export const BlacklistOut = z.object({
  id: z.string(),
  subjectKind: z.enum(['provider', 'caregiver']),
  subjectId: z.string(),
  /** the provider's or caregiver's name (absent on the entry a create returns) */
  subjectName: z.string().nullable().optional(),
  reason: z.string(),
  decisionRef: z.string(),
  source: z.string(),
  measures: z.array(z.string()),
  validFrom: IsoDate,
  validTo: IsoDate.nullable(),
  status: z.string(),
  liftedReason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export const LiftBody = z.object({ reason: z.string().min(1).max(500) });

export const DrawBody = InspectionDrawBody;
export const InspectionOut = z.object({
  id: z.string(),
  seed: z.string(),
  algorithm: z.string(),
  status: z.string(),
  drawnAt: z.string(),
  drawnBy: z.string().nullable(),
  publishedOn: IsoDate.nullable(),
  reproducible: z.boolean(),
  params: Loose,
  assignments: z.array(
    z.object({
      providerId: z.string(),
      providerName: z.string(),
      inspectorIds: z.array(z.string()),
      /** the inspectors' display names, in the order of inspectorIds */
      inspectorNames: z.array(z.string()),
      inspectedOn: IsoDate.nullable(),
      rating: z.string().nullable(),
      findings: z.string().nullable(),
    }),
  ),
});
export const ResultBody = z.object({
  providerId: z.string().uuid(),
  inspectedOn: IsoDate,
  rating: z.enum(INSPECTION_RATINGS),
  findings: z.string().max(4000),
});
export const PublicInspectionsOut = z.array(
  z.object({
    id: z.string(),
    publishedOn: z.string(),
    seed: z.string(),
    algorithm: z.string(),
    results: z.array(
      z.object({
        providerName: z.string(),
        inspectedOn: IsoDate.nullable(),
        rating: z.string().nullable(),
        findings: z.string().nullable(),
      }),
    ),
  }),
);

export const OverviewQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const OverviewOut = z.object({
  regionCode: z.string(),
  year: z.number().int(),
  ordersByTownship: z.array(
    z.object({ townshipCode: z.string(), townshipName: z.string().nullable(), status: z.string(), count: z.number().int() }),
  ),
  onTime: z.object({ served: z.number().int(), onTime: z.number().int(), rate: z.number().nullable(), graceMin: z.number().int() }),
  satisfaction: z.object({ responses: z.number().int(), average: z.number().nullable() }),
  subsidy: z.object({ spentFen: z.number().int(), budgetFen: z.number().int().nullable(), share: z.number().nullable() }),
  eldersByLevel: z.array(z.object({ level: z.number().int(), count: z.number().int() })),
  centreCoverage: z.object({
    townshipsWithCentre: z.number().int(),
    townships: z.number().int(),
    target: z.number().int(),
    targetYear: z.number().int(),
    met: z.boolean(),
  }),
});

export { HHMM, MenuItemVersionCreate, ProviderUpsert, SubsidyRule };
