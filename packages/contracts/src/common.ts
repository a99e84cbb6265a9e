import { z } from 'zod';

/** Every error response: a stable code, a message (zh-CN by default, en on request) and field details. */
export const ErrorDetail = z.object({
  field: z.string().optional().describe('Field path, e.g. "idNumber" or "rows[3].name"'),
  code: z.string().optional(),
  message: z.string(),
  row: z.number().int().optional(),
});
export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  messageEn: z.string().optional(),
  details: z.array(ErrorDetail),
  requestId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
export type ErrorDetail = z.infer<typeof ErrorDetail>;

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), totalCapped: z.boolean().optional() });
}

/** A real calendar date YYYY-MM-DD (2026-02-30 and 2026-13-01 are refused, not rolled over). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => isCalendarDate(s), { message: '日期不存在 / not a calendar date' });

export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1800 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= last;
}
export const Ok = z.object({ ok: z.literal(true) });
