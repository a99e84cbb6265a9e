/**
 * Service visits (服务记录). Generated from active orders, dispatched to a caregiver, checked in
 * and out on the caregiver's phone, confirmed by the elder or family, audited, settled.
 * State machine: server modules/elderly-care/domain/visit.states.ts.
 */
import { z } from 'zod';
import { IsoDate } from '../common.ts';
import { Id, IsoInstant, PhotoDataUrl, PositionFix } from './primitives.ts';

export const VISIT_STATUSES = [
  'planned',
  'dispatched',
  'checked_in',
  'checked_out',
  'confirmed',
  'flagged',
  'cleared',
  'rejected',
  'settled',
  'cancelled',
] as const;
export const VisitStatus = z.enum(VISIT_STATUSES);
export type VisitStatus = z.infer<typeof VisitStatus>;
export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = {
  planned: '待派单',
  dispatched: '已派单',
  checked_in: '服务中',
  checked_out: '已签出',
  confirmed: '已确认',
  flagged: '异常待核',
  cleared: '审核通过',
  rejected: '审核不通过',
  settled: '已结算',
  cancelled: '已取消',
};

export const VISIT_ACTIONS = [
  'dispatch',
  'reassign',
  'check_in',
  'check_out',
  'confirm',
  'flag',
  'clear',
  'reject',
  'settle',
  'cancel',
] as const;
export const VisitAction = z.enum(VISIT_ACTIONS);
export type VisitAction = z.infer<typeof VisitAction>;

export const ChecklistTick = z.object({ key: z.string().min(1).max(40), done: z.boolean(), note: z.string().max(200).optional() });

export const CONFIRMATION_METHODS = ['signature', 'sms_code', 'phone_call', 'in_person'] as const;
export const Confirmation = z.object({
  method: z.enum(CONFIRMATION_METHODS),
  by: z.enum(['elder', 'family']),
  name: z.string().max(50).optional(),
  at: IsoInstant,
  /** 1 (very dissatisfied) .. 5 (very satisfied). */
  satisfaction: z.number().int().min(1).max(5).optional(),
  /** Signature image for method 'signature'. */
  signature: PhotoDataUrl.optional(),
});

export const CheckEvent = z.object({ at: IsoInstant, position: PositionFix.nullable() });

export const Visit = z.object({
  id: Id,
  orderId: Id,
  personId: Id,
  providerId: Id,
  itemCode: z.string(),
  itemVersionId: Id,
  serviceDate: IsoDate,
  /** Planned window for the start of the service. */
  plannedStart: IsoInstant,
  plannedEnd: IsoInstant,
  caregiverId: Id.nullable(),
  status: VisitStatus,
  checkIn: CheckEvent.nullable(),
  checkOut: CheckEvent.nullable(),
  checklist: z.array(ChecklistTick),
  note: z.string().nullable(),
  /** Whether a photo exists (fetched separately: GET /elderly/visits/:id/photo). */
  hasPhoto: z.boolean(),
  confirmation: Confirmation.nullable(),
  /** true when dispatch was overridden by hand (recorded with who and why in history). */
  manualOverride: z.boolean(),
  version: z.number().int().min(1),
});
export type Visit = z.infer<typeof Visit>;

export const VisitCheckOutBody = z.object({
  at: IsoInstant,
  position: PositionFix.nullable(),
  checklist: z.array(ChecklistTick).max(30),
  note: z.string().max(1000).optional(),
  photo: PhotoDataUrl.optional(),
  version: z.number().int().min(1),
});
export type VisitCheckOutBody = z.infer<typeof VisitCheckOutBody>;

export const VisitListQuery = z.object({
  date: IsoDate.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  status: VisitStatus.optional(),
  providerId: Id.optional(),
  caregiverId: Id.optional(),
  orderId: Id.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
