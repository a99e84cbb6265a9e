import { z } from 'zod';

export const IMPORT_STATUSES = ['validating', 'rejected', 'validated', 'importing', 'imported', 'failed', 'cancelled'] as const;
export const ImportJob = z.object({
  id: z.string(),
  /** the background job running the import (GET /api/jobs/:id), once committed */
  jobId: z.string().nullable().optional(),
  kind: z.enum(['people', 'regions']),
  fileName: z.string(),
  status: z.enum(IMPORT_STATUSES),
  totalRows: z.number().int(),
  errorCount: z.number().int(),
  processedRows: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), reason: z.string() })).optional(),
  summary: z.record(z.string(), z.unknown()).nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;
