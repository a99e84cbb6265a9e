CREATE TABLE "ec_anomalies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"visit_id" uuid NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"details" jsonb NOT NULL,
	"status" text NOT NULL,
	"month" text NOT NULL,
	"reviewed_by" uuid,
	"review_note" text,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_code" text NOT NULL,
	"status" text NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"id_hash" text NOT NULL,
	"id_enc" text NOT NULL,
	"phone_enc" text NOT NULL,
	"item_codes" text[] NOT NULL,
	"note" text,
	"person_id" uuid,
	"order_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"order_id" uuid,
	"region_code" text NOT NULL,
	"reason" text NOT NULL,
	"assessed_on" date NOT NULL,
	"assessor_ids" text[] NOT NULL,
	"scores" jsonb NOT NULL,
	"dementia" boolean NOT NULL,
	"risk_events_30d" integer NOT NULL,
	"coma" boolean NOT NULL,
	"total" integer NOT NULL,
	"dimensions" jsonb NOT NULL,
	"base_level" integer NOT NULL,
	"level" integer NOT NULL,
	"raised_by" text[] NOT NULL,
	"params" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_blacklist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"decision_ref" text NOT NULL,
	"source" text NOT NULL,
	"measures" text[] NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"status" text NOT NULL,
	"lifted_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_caregivers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"user_id" uuid,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"person_id" uuid,
	"phone" text,
	"skills" text[] NOT NULL,
	"certificates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"training_records" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"shift_start" text NOT NULL,
	"shift_end" text NOT NULL,
	"break_window" jsonb,
	"home_lat" double precision NOT NULL,
	"home_lng" double precision NOT NULL,
	"max_work_min" integer DEFAULT 480 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"person_id" uuid NOT NULL,
	"order_id" uuid,
	"visit_id" uuid,
	"provider_id" uuid,
	"caregiver_id" uuid,
	"region_code" text NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"assignee_id" uuid,
	"due_on" date NOT NULL,
	"resolution" text,
	"outcome" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_dispatch_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_date" date NOT NULL,
	"provider_id" uuid,
	"township_code" text,
	"region_code" text NOT NULL,
	"status" text NOT NULL,
	"seed" integer NOT NULL,
	"plan" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_followups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"visit_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"method" text,
	"service_confirmed" boolean,
	"satisfaction" integer,
	"note" text,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_inspection_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"inspector_ids" text[] NOT NULL,
	"inspected_on" date,
	"rating" text,
	"findings" text,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "ec_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seed" text NOT NULL,
	"algorithm" text NOT NULL,
	"input" jsonb NOT NULL,
	"status" text NOT NULL,
	"drawn_by" uuid,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_on" date
);
--> statement-breakpoint
CREATE TABLE "ec_menu_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name_zh" text NOT NULL,
	"category" text NOT NULL,
	"description" text,
	"standard_duration_min" integer NOT NULL,
	"required_skill" text NOT NULL,
	"price_fen" integer NOT NULL,
	"unit" text NOT NULL,
	"checklist" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_order_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"item_version_id" uuid NOT NULL,
	"item_name" text NOT NULL,
	"price_fen" integer NOT NULL,
	"standard_duration_min" integer NOT NULL,
	"required_skill" text NOT NULL,
	"frequency" jsonb NOT NULL,
	"window_start" text,
	"window_end" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "ec_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"person_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"provider_id" uuid,
	"preferred_provider_id" uuid,
	"assessment_id" uuid,
	"subsidy_decision_id" uuid,
	"self_pay_share_bp" integer,
	"tracking_code" text NOT NULL,
	"contact_phone" text,
	"note" text,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_parameters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"value" jsonb NOT NULL,
	"source" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"credit_code" text,
	"region_code" text NOT NULL,
	"service_area_codes" text[] NOT NULL,
	"address" text,
	"latitude" double precision,
	"longitude" double precision,
	"contact_name" text,
	"contact_phone" text,
	"bank_account" jsonb,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_settlement_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"visit_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"item_version_id" uuid NOT NULL,
	"service_date" date NOT NULL,
	"self_pay_share_bp" integer NOT NULL,
	"price_fen" integer NOT NULL,
	"subsidy_fen" integer NOT NULL,
	"self_pay_fen" integer NOT NULL,
	"refers_to_line_id" bigint,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_settlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"month" text NOT NULL,
	"region_code" text NOT NULL,
	"status" text NOT NULL,
	"totals" jsonb NOT NULL,
	"skipped" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_subsidy_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"ability_level" integer NOT NULL,
	"decided_on" date NOT NULL,
	"decided_by" uuid,
	"rule_version" text NOT NULL,
	"eligible" boolean NOT NULL,
	"monthly_amount_fen" integer NOT NULL,
	"monthly_hours" integer NOT NULL,
	"self_pay_share_bp" integer NOT NULL,
	"basis" text[] NOT NULL,
	"explanation" text NOT NULL,
	"facts" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_subsidy_rules" (
	"version" text PRIMARY KEY NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"rule" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_visit_events" (
	"client_event_id" text PRIMARY KEY NOT NULL,
	"visit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ec_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"order_item_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"item_code" text NOT NULL,
	"item_version_id" uuid NOT NULL,
	"standard_duration_min" integer NOT NULL,
	"required_skill" text NOT NULL,
	"service_date" date NOT NULL,
	"window_start" text NOT NULL,
	"window_end" text NOT NULL,
	"planned_start" text,
	"caregiver_id" uuid,
	"status" text NOT NULL,
	"check_in_at" timestamp with time zone,
	"check_in_lat" double precision,
	"check_in_lng" double precision,
	"check_in_accuracy_m" double precision,
	"check_out_at" timestamp with time zone,
	"check_out_lat" double precision,
	"check_out_lng" double precision,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"photo" text,
	"confirmation" jsonb,
	"manual_override" boolean DEFAULT false NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ec_anomalies_visit_code_uq" ON "ec_anomalies" USING btree ("visit_id","code");--> statement-breakpoint
CREATE INDEX "ec_anomalies_status_idx" ON "ec_anomalies" USING btree ("status","month");--> statement-breakpoint
CREATE UNIQUE INDEX "ec_applications_tracking_uq" ON "ec_applications" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "ec_applications_region_idx" ON "ec_applications" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "ec_assessments_person_idx" ON "ec_assessments" USING btree ("person_id","assessed_on");--> statement-breakpoint
CREATE INDEX "ec_blacklist_subject_idx" ON "ec_blacklist" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "ec_caregivers_provider_idx" ON "ec_caregivers" USING btree ("provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ec_caregivers_user_uq" ON "ec_caregivers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ec_complaints_number_uq" ON "ec_complaints" USING btree ("number");--> statement-breakpoint
CREATE INDEX "ec_complaints_region_idx" ON "ec_complaints" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "ec_dispatch_plans_date_idx" ON "ec_dispatch_plans" USING btree ("service_date");--> statement-breakpoint
CREATE UNIQUE INDEX "ec_followups_visit_reason_uq" ON "ec_followups" USING btree ("visit_id","reason");--> statement-breakpoint
CREATE INDEX "ec_followups_region_idx" ON "ec_followups" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "ec_inspection_assignments_uq" ON "ec_inspection_assignments" USING btree ("inspection_id","provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ec_menu_items_code_version_uq" ON "ec_menu_items" USING btree ("code","version");--> statement-breakpoint
CREATE INDEX "ec_order_items_order_idx" ON "ec_order_items" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ec_orders_number_uq" ON "ec_orders" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "ec_orders_tracking_uq" ON "ec_orders" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "ec_orders_region_idx" ON "ec_orders" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "ec_orders_provider_idx" ON "ec_orders" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "ec_orders_person_idx" ON "ec_orders" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ec_parameters_key_from_uq" ON "ec_parameters" USING btree ("key","valid_from");--> statement-breakpoint
CREATE INDEX "ec_providers_region_idx" ON "ec_providers" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "ec_settlement_lines_visit_once_uq" ON "ec_settlement_lines" USING btree ("visit_id") WHERE kind = 'normal';--> statement-breakpoint
CREATE INDEX "ec_settlement_lines_settlement_idx" ON "ec_settlement_lines" USING btree ("settlement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ec_settlements_provider_month_uq" ON "ec_settlements" USING btree ("provider_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "ec_visits_item_date_uq" ON "ec_visits" USING btree ("order_item_id","service_date");--> statement-breakpoint
CREATE INDEX "ec_visits_provider_date_idx" ON "ec_visits" USING btree ("provider_id","service_date");--> statement-breakpoint
CREATE INDEX "ec_visits_region_date_idx" ON "ec_visits" USING btree ("region_code" text_pattern_ops,"service_date");--> statement-breakpoint
CREATE INDEX "ec_visits_caregiver_date_idx" ON "ec_visits" USING btree ("caregiver_id","service_date");--> statement-breakpoint
CREATE INDEX "ec_visits_status_idx" ON "ec_visits" USING btree ("status","service_date");--> statement-breakpoint
CREATE INDEX "ec_visits_order_idx" ON "ec_visits" USING btree ("order_id");