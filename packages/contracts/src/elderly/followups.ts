/** 跟踪回访 (follow-ups) and complaint tickets (投诉工单). */
import { z } from 'zod';
import { IsoDate } from '../common.ts';
import { Id, IsoInstant } from './primitives.ts';

export const FOLLOWUP_REASONS = ['sample', 'complaint', 'manual'] as const;
export const FOLLOWUP_REASON_LABELS: Record<(typeof FOLLOWUP_REASONS)[number], string> = {
  sample: '随机抽查',
  complaint: '投诉回访',
  manual: '人工指定',
};
/** Follow-up statuses: sampled and waiting, called (done), or not reached yet. */
export const FOLLOWUP_STATUSES = ['pending', 'done', 'unreachable'] as const;
export const FOLLOWUP_METHODS = ['phone', 'home_visit'] as const;

export const FollowUp = z.object({
  id: Id,
  visitId: Id,
  orderId: Id,
  reason: z.enum(FOLLOWUP_REASONS),
  /** Month (sampling run) or ticket that produced it. */
  source: z.string(),
  status: z.enum(FOLLOWUP_STATUSES),
  method: z.enum(FOLLOWUP_METHODS).nullable(),
  /** Did the service take place as recorded? */
  serviceConfirmed: z.boolean().nullable(),
  satisfaction: z.number().int().min(1).max(5).nullable(),
  note: z.string().nullable(),
  doneAt: IsoInstant.nullable(),
  doneBy: Id.nullable(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const FollowUpRecordBody = z.object({
  status: z.enum(['done', 'unreachable']),
  method: z.enum(FOLLOWUP_METHODS),
  serviceConfirmed: z.boolean().nullable(),
  satisfaction: z.number().int().min(1).max(5).nullable(),
  note: z.string().max(1000).optional(),
  /** Open a complaint ticket from this follow-up. */
  openComplaint: z.boolean().default(false),
});

export const COMPLAINT_CATEGORIES = ['no_show', 'late', 'quality', 'attitude', 'overcharge', 'false_record', 'other'] as const;
export const COMPLAINT_CATEGORY_LABELS: Record<(typeof COMPLAINT_CATEGORIES)[number], string> = {
  no_show: '未上门',
  late: '迟到',
  quality: '服务质量',
  attitude: '服务态度',
  overcharge: '乱收费',
  false_record: '虚假记录',
  other: '其他',
};
export const COMPLAINT_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;

export const ComplaintCreate = z.object({
  personId: Id,
  orderId: Id.optional(),
  visitId: Id.optional(),
  providerId: Id.optional(),
  caregiverId: Id.optional(),
  category: z.enum(COMPLAINT_CATEGORIES),
  description: z.string().min(1).max(2000),
  channel: z.enum(['phone', 'portal', 'followup', 'in_person', '12345']),
});
export const Complaint = ComplaintCreate.extend({
  id: Id,
  number: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  assigneeId: Id.nullable(),
  /** Deadline for a response. */
  dueOn: IsoDate,
  resolution: z.string().nullable(),
  createdAt: IsoInstant,
  closedAt: IsoInstant.nullable(),
});
export type Complaint = z.infer<typeof Complaint>;
