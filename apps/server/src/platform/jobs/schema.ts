import { boolean, doublePrecision, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One unit of background work (migration 0005_jobs). */
export const jobs = pgTable('jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  payload: jsonb('payload').notNull(),
  status: text('status').notNull().default('queued'),
  progress: doublePrecision('progress').notNull().default(0),
  progressMessage: text('progress_message'),
  result: jsonb('result'),
  error: text('error'),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(3),
  runAt: ts('run_at').notNull().defaultNow(),
  lockedBy: text('locked_by'),
  leaseUntil: ts('lease_until'),
  cancelRequested: boolean('cancel_requested').notNull().default(false),
  scheduleName: text('schedule_name'),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name'),
  regionCode: text('region_code').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  startedAt: ts('started_at'),
  finishedAt: ts('finished_at'),
});

/** A recurring job: due rows enqueue one job each and move next_run_at forward. */
export const jobSchedules = pgTable('job_schedules', {
  name: text('name').primaryKey(),
  kind: text('kind').notNull(),
  payload: jsonb('payload').notNull(),
  spec: text('spec').notNull(),
  regionCode: text('region_code').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  nextRunAt: ts('next_run_at').notNull(),
  lastRunAt: ts('last_run_at'),
  lastJobId: uuid('last_job_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export type JobRow = typeof jobs.$inferSelect;
export type JobScheduleRow = typeof jobSchedules.$inferSelect;
