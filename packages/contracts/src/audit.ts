import { z } from 'zod';

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  regionCode: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'denied']),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  hash: z.string(),
});
export const AuditQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  username: z.string().optional(),
  action: z.string().optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  targetId: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenId: z.number().int().nullable(),
  reason: z.string().nullable(),
  /** Every broken entry: the check continues after a break. */
  broken: z.array(z.object({ id: z.number().int(), reason: z.string() })),
});
