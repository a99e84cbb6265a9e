import { z } from 'zod';

/** Background jobs (server platform/jobs): status, progress and result of one unit of work. */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobStatus = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatus>;

export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  queued: '排队中',
  running: '运行中',
  succeeded: '已完成',
  failed: '失败',
  cancelled: '已取消',
};

/** Job kinds the platform ships; a module may register more. */
export const JOB_KIND_LABELS: Record<string, string> = {
  'import.people': '人员导入',
  'elderly.anomaly_check': '异常检查',
  'elderly.settlement': '结算生成',
  'case.timers': '案件时限检查',
  'payments.monthly_run': '月度发放',
};

export const Job = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  status: JobStatus,
  /** 0..1 */
  progress: z.number().min(0).max(1),
  progressMessage: z.string().nullable(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  cancelRequested: z.boolean(),
  cancellable: z.boolean(),
  scheduleName: z.string().nullable(),
  createdBy: z.string().nullable(),
  regionCode: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

export const JobListQuery = z.object({
  kind: z.string().max(100).optional(),
  status: JobStatus.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type JobListQuery = z.infer<typeof JobListQuery>;

export const JobList = z.object({ items: z.array(Job), total: z.number().int() });
export type JobList = z.infer<typeof JobList>;

/** A use case that runs as a job answers with the job (202) and the client polls GET /api/jobs/:id. */
export const JobAccepted = z.object({ job: Job });
export type JobAccepted = z.infer<typeof JobAccepted>;
