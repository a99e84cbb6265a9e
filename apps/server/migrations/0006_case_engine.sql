-- Case engine (platform/cases): one registry row per case of every case type, kept by the engine
-- alongside the case table's own status column; maker-checker requests; the working-day calendar.
CREATE TABLE "case_index" (
	"workflow" text NOT NULL,
	"case_id" text NOT NULL,
	"status" text NOT NULL,
	"region_code" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_date" date,
	"assignee_id" uuid,
	"assignee_name" text,
	"assigned_at" timestamp with time zone,
	"parent_workflow" text,
	"parent_case_id" text,
	CONSTRAINT "case_index_pk" PRIMARY KEY ("workflow", "case_id"),
	CONSTRAINT "case_index_parent_ck" CHECK (("parent_workflow" IS NULL) = ("parent_case_id" IS NULL))
);
--> statement-breakpoint
CREATE INDEX "case_index_due_idx" ON "case_index" ("workflow", "due_date") WHERE "due_date" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "case_index_parent_idx" ON "case_index" ("parent_workflow", "parent_case_id") WHERE "parent_case_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "case_index_assignee_idx" ON "case_index" ("assignee_id") WHERE "assignee_id" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "case_pending_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow" text NOT NULL,
	"case_id" text NOT NULL,
	"action" text NOT NULL,
	"case_version" integer NOT NULL,
	"input" jsonb,
	"note" text,
	"requested_by" uuid,
	"requested_by_name" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "case_pending_approvals_state_ck" CHECK ("state" IN ('pending', 'approved', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "case_pending_approvals_open_uq" ON "case_pending_approvals" ("workflow", "case_id", "action") WHERE "state" = 'pending';
--> statement-breakpoint
ALTER TABLE "ec_followups" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "ec_blacklist" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "ec_inspections" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
-- Working-day calendar as data: dates that differ from the Monday-Friday rule. 'holiday' = a
-- public holiday (no work, even on a weekday), 'workday' = a 调休 make-up working day (work, even on
-- a weekend). Edited per year by county staff (GET/PUT /api/work-calendar/:year).
CREATE TABLE "work_calendar" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_calendar_kind_ck" CHECK ("kind" IN ('holiday', 'workday'))
);
--> statement-breakpoint
-- 2024-2026 from the State Council notices (国务院办公厅关于节假日安排的通知), as published in the
-- chinese-days 1.5.7 data set; 2027 is entered by county staff when its notice is out.
INSERT INTO work_calendar (date, kind, note) VALUES
  ('2024-01-01', 'holiday', '元旦'),
  ('2024-02-04', 'workday', '春节'),
  ('2024-02-10', 'holiday', '春节'),
  ('2024-02-11', 'holiday', '春节'),
  ('2024-02-12', 'holiday', '春节'),
  ('2024-02-13', 'holiday', '春节'),
  ('2024-02-14', 'holiday', '春节'),
  ('2024-02-15', 'holiday', '春节'),
  ('2024-02-16', 'holiday', '春节'),
  ('2024-02-17', 'holiday', '春节'),
  ('2024-02-18', 'workday', '春节'),
  ('2024-04-04', 'holiday', '清明'),
  ('2024-04-05', 'holiday', '清明'),
  ('2024-04-06', 'holiday', '清明'),
  ('2024-04-07', 'workday', '清明'),
  ('2024-04-28', 'workday', '劳动节'),
  ('2024-05-01', 'holiday', '劳动节'),
  ('2024-05-02', 'holiday', '劳动节'),
  ('2024-05-03', 'holiday', '劳动节'),
  ('2024-05-04', 'holiday', '劳动节'),
  ('2024-05-05', 'holiday', '劳动节'),
  ('2024-05-11', 'workday', '劳动节'),
  ('2024-06-10', 'holiday', '端午'),
  ('2024-09-14', 'workday', '中秋'),
  ('2024-09-15', 'holiday', '中秋'),
  ('2024-09-16', 'holiday', '中秋'),
  ('2024-09-17', 'holiday', '中秋'),
  ('2024-09-29', 'workday', '国庆节'),
  ('2024-10-01', 'holiday', '国庆节'),
  ('2024-10-02', 'holiday', '国庆节'),
  ('2024-10-03', 'holiday', '国庆节'),
  ('2024-10-04', 'holiday', '国庆节'),
  ('2024-10-05', 'holiday', '国庆节'),
  ('2024-10-06', 'holiday', '国庆节'),
  ('2024-10-07', 'holiday', '国庆节'),
  ('2024-10-12', 'workday', '国庆节'),
  ('2025-01-01', 'holiday', '元旦'),
  ('2025-01-26', 'workday', '春节'),
  ('2025-01-28', 'holiday', '春节'),
  ('2025-01-29', 'holiday', '春节'),
  ('2025-01-30', 'holiday', '春节'),
  ('2025-01-31', 'holiday', '春节'),
  ('2025-02-01', 'holiday', '春节'),
  ('2025-02-02', 'holiday', '春节'),
  ('2025-02-03', 'holiday', '春节'),
  ('2025-02-04', 'holiday', '春节'),
  ('2025-02-08', 'workday', '春节'),
  ('2025-04-04', 'holiday', '清明'),
  ('2025-04-05', 'holiday', '清明'),
  ('2025-04-06', 'holiday', '清明'),
  ('2025-04-27', 'workday', '劳动节'),
  ('2025-05-01', 'holiday', '劳动节'),
  ('2025-05-02', 'holiday', '劳动节'),
  ('2025-05-03', 'holiday', '劳动节'),
  ('2025-05-04', 'holiday', '劳动节'),
  ('2025-05-05', 'holiday', '劳动节'),
  ('2025-05-31', 'holiday', '端午'),
  ('2025-06-01', 'holiday', '端午'),
  ('2025-06-02', 'holiday', '端午'),
  ('2025-09-28', 'workday', '国庆节'),
  ('2025-10-01', 'holiday', '国庆节'),
  ('2025-10-02', 'holiday', '国庆节'),
  ('2025-10-03', 'holiday', '国庆节'),
  ('2025-10-04', 'holiday', '国庆节'),
  ('2025-10-05', 'holiday', '国庆节'),
  ('2025-10-06', 'holiday', '中秋'),
  ('2025-10-07', 'holiday', '国庆节'),
  ('2025-10-08', 'holiday', '国庆节'),
  ('2025-10-11', 'workday', '国庆节'),
  ('2026-01-01', 'holiday', '元旦'),
  ('2026-01-02', 'holiday', '元旦'),
  ('2026-01-03', 'holiday', '元旦'),
  ('2026-01-04', 'workday', '元旦'),
  ('2026-02-14', 'workday', '春节'),
  ('2026-02-15', 'holiday', '春节'),
  ('2026-02-16', 'holiday', '春节'),
  ('2026-02-17', 'holiday', '春节'),
  ('2026-02-18', 'holiday', '春节'),
  ('2026-02-19', 'holiday', '春节'),
  ('2026-02-20', 'holiday', '春节'),
  ('2026-02-21', 'holiday', '春节'),
  ('2026-02-22', 'holiday', '春节'),
  ('2026-02-23', 'holiday', '春节'),
  ('2026-02-28', 'workday', '春节'),
  ('2026-04-04', 'holiday', '清明'),
  ('2026-04-05', 'holiday', '清明'),
  ('2026-04-06', 'holiday', '清明'),
  ('2026-05-01', 'holiday', '劳动节'),
  ('2026-05-02', 'holiday', '劳动节'),
  ('2026-05-03', 'holiday', '劳动节'),
  ('2026-05-04', 'holiday', '劳动节'),
  ('2026-05-05', 'holiday', '劳动节'),
  ('2026-05-09', 'workday', '劳动节'),
  ('2026-06-19', 'holiday', '端午'),
  ('2026-06-20', 'holiday', '端午'),
  ('2026-06-21', 'holiday', '端午'),
  ('2026-09-20', 'workday', '国庆节'),
  ('2026-09-25', 'holiday', '中秋'),
  ('2026-09-26', 'holiday', '中秋'),
  ('2026-09-27', 'holiday', '中秋'),
  ('2026-10-01', 'holiday', '国庆节'),
  ('2026-10-02', 'holiday', '国庆节'),
  ('2026-10-03', 'holiday', '国庆节'),
  ('2026-10-04', 'holiday', '国庆节'),
  ('2026-10-05', 'holiday', '国庆节'),
  ('2026-10-06', 'holiday', '国庆节'),
  ('2026-10-07', 'holiday', '国庆节'),
  ('2026-10-10', 'workday', '国庆节')
ON CONFLICT (date) DO NOTHING;
