-- Integrity: foreign keys, CHECK constraints and the indexes the foreign keys need.
--
-- ON DELETE: NO ACTION (refuse) everywhere, except pure child rows that mean nothing without
-- their parent: sessions (of a user), order items (of an order), visit events (idempotency keys of
-- a visit) and inspection assignments (of a draw), which CASCADE.
-- Not referenced by any foreign key on purpose: audit_log and workflow_log (append-only, they name
-- things by id/text and must accept an entry about anything), ec_blacklist.subject_id (provider or
-- caregiver), and the region_code scope columns of elderly-care cases (copies of the elder's
-- region for prefix filtering; the official village import may remove the demo village they
-- name), which get a format check instead.
-- Status sets are those of the code: platform workflows (users/account.workflow.ts,
-- imports/import.workflow.ts), elderly-care/workflows.ts and the contracts' *_STATUSES.

-- ---------------------------------------------------------------------------------------------
-- Foundation
-- ---------------------------------------------------------------------------------------------
ALTER TABLE regions
  ADD CONSTRAINT regions_code_format_ck CHECK (code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT regions_name_ck CHECK (btrim(name) <> ''),
  ADD CONSTRAINT regions_level_ck CHECK (level IN ('county', 'subdistrict', 'town', 'township', 'village', 'community', 'grid')),
  ADD CONSTRAINT regions_parent_ck CHECK (parent_code IS NULL OR (parent_code <> code AND starts_with(code, parent_code))),
  ADD CONSTRAINT regions_parent_fk FOREIGN KEY (parent_code) REFERENCES regions (code) DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
ALTER TABLE users
  ADD CONSTRAINT users_username_ck CHECK (btrim(username) <> ''),
  ADD CONSTRAINT users_display_name_ck CHECK (btrim(display_name) <> ''),
  ADD CONSTRAINT users_status_ck CHECK (status IN ('active', 'locked', 'disabled')),
  ADD CONSTRAINT users_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT users_failed_attempts_ck CHECK (failed_attempts >= 0),
  ADD CONSTRAINT users_region_fk FOREIGN KEY (region_code) REFERENCES regions (code),
  ADD CONSTRAINT users_provider_fk FOREIGN KEY (provider_id) REFERENCES ec_providers (id),
  ADD CONSTRAINT users_person_fk FOREIGN KEY (person_id) REFERENCES people (id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS users_region_idx ON users (region_code);
--> statement-breakpoint
ALTER TABLE sessions
  ADD CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE settings
  ADD CONSTRAINT settings_updated_by_fk FOREIGN KEY (updated_by) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE households
  ADD CONSTRAINT households_residence_fk FOREIGN KEY (residence_region_code) REFERENCES regions (code),
  -- Household registration (户籍) may be in another county: a division code, not a row of regions.
  ADD CONSTRAINT households_registered_format_ck
    CHECK (registered_region_code IS NULL OR registered_region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  -- households <-> people reference each other: checked at commit so either can be written first.
  ADD CONSTRAINT households_head_fk FOREIGN KEY (head_person_id) REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS households_head_idx ON households (head_person_id);
--> statement-breakpoint
ALTER TABLE people
  ADD CONSTRAINT people_name_ck CHECK (btrim(name) <> ''),
  ADD CONSTRAINT people_sex_ck CHECK (sex IN ('M', 'F')),
  ADD CONSTRAINT people_disability_grade_ck CHECK (disability_grade IS NULL OR disability_grade BETWEEN 1 AND 4),
  ADD CONSTRAINT people_death_after_birth_ck CHECK (death_date IS NULL OR death_date >= birth_date),
  ADD CONSTRAINT people_household_fk FOREIGN KEY (household_id) REFERENCES households (id) DEFERRABLE INITIALLY DEFERRED,
  -- People registered here may live in another county and vice versa: division codes, checked for format only.
  ADD CONSTRAINT people_residence_format_ck CHECK (residence_region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT people_registered_format_ck
    CHECK (registered_region_code IS NULL OR registered_region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT people_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id),
  ADD CONSTRAINT people_updated_by_fk FOREIGN KEY (updated_by) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE person_history
  ADD CONSTRAINT person_history_person_fk FOREIGN KEY (person_id) REFERENCES people (id),
  ADD CONSTRAINT person_history_changed_by_fk FOREIGN KEY (changed_by) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE import_jobs
  ADD CONSTRAINT import_jobs_kind_ck CHECK (kind IN ('people', 'regions')),
  ADD CONSTRAINT import_jobs_status_ck
    CHECK (status IN ('validating', 'rejected', 'validated', 'importing', 'imported', 'failed', 'cancelled')),
  ADD CONSTRAINT import_jobs_counts_ck CHECK (total_rows >= 0 AND error_count >= 0 AND processed_rows >= 0),
  ADD CONSTRAINT import_jobs_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT import_jobs_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id);
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Elderly care: configuration
-- ---------------------------------------------------------------------------------------------
ALTER TABLE ec_parameters
  ADD CONSTRAINT ec_parameters_key_ck CHECK (btrim(key) <> ''),
  ADD CONSTRAINT ec_parameters_source_ck CHECK (btrim(source) <> ''),
  ADD CONSTRAINT ec_parameters_dates_ck CHECK (valid_to IS NULL OR valid_to >= valid_from),
  ADD CONSTRAINT ec_parameters_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE ec_subsidy_rules
  ADD CONSTRAINT ec_subsidy_rules_version_ck CHECK (btrim(version) <> ''),
  ADD CONSTRAINT ec_subsidy_rules_dates_ck CHECK (valid_to IS NULL OR valid_to >= valid_from),
  ADD CONSTRAINT ec_subsidy_rules_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE ec_menu_items
  ADD CONSTRAINT ec_menu_items_code_ck CHECK (btrim(code) <> ''),
  ADD CONSTRAINT ec_menu_items_name_ck CHECK (btrim(name_zh) <> ''),
  ADD CONSTRAINT ec_menu_items_version_ck CHECK (version >= 1),
  ADD CONSTRAINT ec_menu_items_category_ck CHECK (category IN ('助餐', '助洁', '助浴', '助医', '生活照料', '康复', '精神慰藉', '其他')),
  ADD CONSTRAINT ec_menu_items_unit_ck CHECK (unit IN ('visit', 'hour', 'meal')),
  ADD CONSTRAINT ec_menu_items_skill_ck CHECK (required_skill IN
    ('personal_care', 'meal', 'bathing', 'cleaning', 'medical_escort', 'rehab', 'nursing', 'companionship', 'haircut')),
  ADD CONSTRAINT ec_menu_items_price_ck CHECK (price_fen >= 0),
  ADD CONSTRAINT ec_menu_items_duration_ck CHECK (standard_duration_min > 0),
  ADD CONSTRAINT ec_menu_items_dates_ck CHECK (valid_to IS NULL OR valid_to >= valid_from),
  ADD CONSTRAINT ec_menu_items_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id);
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Elderly care: providers and caregivers
-- ---------------------------------------------------------------------------------------------
ALTER TABLE ec_providers
  ADD CONSTRAINT ec_providers_name_ck CHECK (btrim(name) <> ''),
  ADD CONSTRAINT ec_providers_kind_ck CHECK (kind IN ('home_care_center', 'institution', 'meal_point', 'mutual_aid_point')),
  ADD CONSTRAINT ec_providers_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT ec_providers_region_fk FOREIGN KEY (region_code) REFERENCES regions (code);
--> statement-breakpoint
ALTER TABLE ec_caregivers
  ADD CONSTRAINT ec_caregivers_name_ck CHECK (btrim(name) <> ''),
  ADD CONSTRAINT ec_caregivers_status_ck CHECK (status IN ('active', 'on_leave', 'inactive')),
  ADD CONSTRAINT ec_caregivers_shift_ck CHECK (shift_start ~ '^([01]\d|2[0-3]):[0-5]\d$' AND shift_end ~ '^([01]\d|2[0-3]):[0-5]\d$' AND shift_start < shift_end),
  ADD CONSTRAINT ec_caregivers_max_work_ck CHECK (max_work_min > 0),
  ADD CONSTRAINT ec_caregivers_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT ec_caregivers_provider_fk FOREIGN KEY (provider_id) REFERENCES ec_providers (id),
  ADD CONSTRAINT ec_caregivers_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  ADD CONSTRAINT ec_caregivers_person_fk FOREIGN KEY (person_id) REFERENCES people (id);
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Elderly care: applications, orders, assessments, subsidy decisions
-- ---------------------------------------------------------------------------------------------
ALTER TABLE ec_applications
  ADD CONSTRAINT ec_applications_status_ck CHECK (status IN ('pending_verification', 'submitted', 'rejected')),
  ADD CONSTRAINT ec_applications_name_ck CHECK (btrim(name) <> ''),
  ADD CONSTRAINT ec_applications_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT ec_applications_person_fk FOREIGN KEY (person_id) REFERENCES people (id),
  ADD CONSTRAINT ec_applications_order_fk FOREIGN KEY (order_id) REFERENCES ec_orders (id);
--> statement-breakpoint
ALTER TABLE ec_orders
  ADD CONSTRAINT ec_orders_status_ck CHECK (status IN
    ('draft', 'applied', 'accepted', 'assessed', 'approved', 'rejected', 'active', 'suspended', 'closed', 'cancelled')),
  ADD CONSTRAINT ec_orders_channel_ck CHECK (channel IN ('self', 'family', 'village_worker', 'provider', 'township')),
  ADD CONSTRAINT ec_orders_self_pay_ck CHECK (self_pay_share_bp IS NULL OR self_pay_share_bp BETWEEN 0 AND 10000),
  ADD CONSTRAINT ec_orders_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT ec_orders_person_fk FOREIGN KEY (person_id) REFERENCES people (id),
  ADD CONSTRAINT ec_orders_provider_fk FOREIGN KEY (provider_id) REFERENCES ec_providers (id),
  ADD CONSTRAINT ec_orders_preferred_provider_fk FOREIGN KEY (preferred_provider_id) REFERENCES ec_providers (id),
  ADD CONSTRAINT ec_orders_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE ec_order_items
  ADD CONSTRAINT ec_order_items_price_ck CHECK (price_fen >= 0),
  ADD CONSTRAINT ec_order_items_duration_ck CHECK (standard_duration_min > 0),
  ADD CONSTRAINT ec_order_items_window_ck CHECK (
    (window_start IS NULL OR window_start ~ '^([01]\d|2[0-3]):[0-5]\d$')
    AND (window_end IS NULL OR window_end ~ '^([01]\d|2[0-3]):[0-5]\d$')
    AND (window_start IS NULL OR window_end IS NULL OR window_start < window_end)),
  ADD CONSTRAINT ec_order_items_order_fk FOREIGN KEY (order_id) REFERENCES ec_orders (id) ON DELETE CASCADE,
  ADD CONSTRAINT ec_order_items_item_version_fk FOREIGN KEY (item_version_id) REFERENCES ec_menu_items (id);
--> statement-breakpoint
ALTER TABLE ec_assessments
  ADD CONSTRAINT ec_assessments_reason_ck CHECK (reason IN ('initial', 'periodic', 'immediate', 'review', 'other')),
  ADD CONSTRAINT ec_assessments_levels_ck CHECK (base_level BETWEEN 0 AND 4 AND level BETWEEN 0 AND 4),
  ADD CONSTRAINT ec_assessments_counts_ck CHECK (total >= 0 AND risk_events_30d >= 0),
  ADD CONSTRAINT ec_assessments_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT ec_assessments_person_fk FOREIGN KEY (person_id) REFERENCES people (id),
  ADD CONSTRAINT ec_assessments_order_fk FOREIGN KEY (order_id) REFERENCES ec_orders (id),
  ADD CONSTRAINT ec_assessments_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE ec_orders
  ADD CONSTRAINT ec_orders_assessment_fk FOREIGN KEY (assessment_id) REFERENCES ec_assessments (id);
--> statement-breakpoint
ALTER TABLE ec_subsidy_decisions
  ADD CONSTRAINT ec_subsidy_decisions_level_ck CHECK (ability_level BETWEEN 0 AND 4),
  ADD CONSTRAINT ec_subsidy_decisions_money_ck CHECK (monthly_amount_fen >= 0 AND monthly_hours >= 0),
  ADD CONSTRAINT ec_subsidy_decisions_self_pay_ck CHECK (self_pay_share_bp BETWEEN 0 AND 10000),
  ADD CONSTRAINT ec_subsidy_decisions_order_fk FOREIGN KEY (order_id) REFERENCES ec_orders (id),
  ADD CONSTRAINT ec_subsidy_decisions_person_fk FOREIGN KEY (person_id) REFERENCES people (id),
  ADD CONSTRAINT ec_subsidy_decisions_assessment_fk FOREIGN KEY (assessment_id) REFERENCES ec_assessments (id),
  ADD CONSTRAINT ec_subsidy_decisions_rule_fk FOREIGN KEY (rule_version) REFERENCES ec_subsidy_rules (version),
  ADD CONSTRAINT ec_subsidy_decisions_decided_by_fk FOREIGN KEY (decided_by) REFERENCES users (id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS ec_subsidy_decisions_order_idx ON ec_subsidy_decisions (order_id);
--> statement-breakpoint
ALTER TABLE ec_orders
  ADD CONSTRAINT ec_orders_subsidy_decision_fk FOREIGN KEY (subsidy_decision_id) REFERENCES ec_subsidy_decisions (id);
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Elderly care: visits, dispatch, follow-up, complaints, anomalies
-- ---------------------------------------------------------------------------------------------
ALTER TABLE ec_visits
  ADD CONSTRAINT ec_visits_status_ck CHECK (status IN
    ('planned', 'dispatched', 'checked_in', 'checked_out', 'confirmed', 'flagged', 'cleared', 'rejected', 'settled', 'cancelled')),
  ADD CONSTRAINT ec_visits_duration_ck CHECK (standard_duration_min > 0),
  ADD CONSTRAINT ec_visits_window_ck CHECK (
    window_start ~ '^([01]\d|2[0-3]):[0-5]\d$' AND window_end ~ '^([01]\d|2[0-3]):[0-5]\d$' AND window_start < window_end),
  ADD CONSTRAINT ec_visits_planned_start_ck CHECK (planned_start IS NULL OR planned_start ~ '^([01]\d|2[0-3]):[0-5]\d$'),
  ADD CONSTRAINT ec_visits_check_out_after_in_ck CHECK (check_out_at IS NULL OR check_in_at IS NULL OR check_out_at >= check_in_at),
  ADD CONSTRAINT ec_visits_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT ec_visits_order_fk FOREIGN KEY (order_id) REFERENCES ec_orders (id),
  ADD CONSTRAINT ec_visits_order_item_fk FOREIGN KEY (order_item_id) REFERENCES ec_order_items (id),
  ADD CONSTRAINT ec_visits_person_fk FOREIGN KEY (person_id) REFERENCES people (id),
  ADD CONSTRAINT ec_visits_provider_fk FOREIGN KEY (provider_id) REFERENCES ec_providers (id),
  ADD CONSTRAINT ec_visits_item_version_fk FOREIGN KEY (item_version_id) REFERENCES ec_menu_items (id),
  ADD CONSTRAINT ec_visits_caregiver_fk FOREIGN KEY (caregiver_id) REFERENCES ec_caregivers (id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS ec_visits_person_idx ON ec_visits (person_id);
--> statement-breakpoint
ALTER TABLE ec_visit_events
  ADD CONSTRAINT ec_visit_events_kind_ck CHECK (kind IN ('check_in', 'check_out', 'confirm')),
  ADD CONSTRAINT ec_visit_events_visit_fk FOREIGN KEY (visit_id) REFERENCES ec_visits (id) ON DELETE CASCADE,
  ADD CONSTRAINT ec_visit_events_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS ec_visit_events_visit_idx ON ec_visit_events (visit_id);
--> statement-breakpoint
ALTER TABLE ec_dispatch_plans
  ADD CONSTRAINT ec_dispatch_plans_status_ck CHECK (status IN ('draft', 'published')),
  ADD CONSTRAINT ec_dispatch_plans_published_ck CHECK (status <> 'published' OR published_at IS NOT NULL),
  ADD CONSTRAINT ec_dispatch_plans_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT ec_dispatch_plans_provider_fk FOREIGN KEY (provider_id) REFERENCES ec_providers (id),
  ADD CONSTRAINT ec_dispatch_plans_township_fk FOREIGN KEY (township_code) REFERENCES regions (code),
  ADD CONSTRAINT ec_dispatch_plans_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS ec_dispatch_plans_township_idx ON ec_dispatch_plans (township_code);
--> statement-breakpoint
ALTER TABLE ec_followups
  ADD CONSTRAINT ec_followups_status_ck CHECK (status IN ('pending', 'done', 'unreachable')),
  ADD CONSTRAINT ec_followups_reason_ck CHECK (reason IN ('sample', 'complaint', 'manual')),
  ADD CONSTRAINT ec_followups_method_ck CHECK (method IS NULL OR method IN ('phone', 'home_visit')),
  ADD CONSTRAINT ec_followups_satisfaction_ck CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5),
  ADD CONSTRAINT ec_followups_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT ec_followups_visit_fk FOREIGN KEY (visit_id) REFERENCES ec_visits (id),
  ADD CONSTRAINT ec_followups_order_fk FOREIGN KEY (order_id) REFERENCES ec_orders (id),
  ADD CONSTRAINT ec_followups_provider_fk FOREIGN KEY (provider_id) REFERENCES ec_providers (id),
  ADD CONSTRAINT ec_followups_done_by_fk FOREIGN KEY (done_by) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE ec_complaints
  ADD CONSTRAINT ec_complaints_status_ck CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  ADD CONSTRAINT ec_complaints_category_ck CHECK (category IN
    ('no_show', 'late', 'quality', 'attitude', 'overcharge', 'false_record', 'other')),
  ADD CONSTRAINT ec_complaints_channel_ck CHECK (channel IN ('phone', 'portal', 'followup', 'in_person', '12345')),
  ADD CONSTRAINT ec_complaints_description_ck CHECK (btrim(description) <> ''),
  ADD CONSTRAINT ec_complaints_closed_ck CHECK (closed_at IS NULL OR closed_at >= created_at),
  ADD CONSTRAINT ec_complaints_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT ec_complaints_person_fk FOREIGN KEY (person_id) REFERENCES people (id),
  ADD CONSTRAINT ec_complaints_order_fk FOREIGN KEY (order_id) REFERENCES ec_orders (id),
  ADD CONSTRAINT ec_complaints_visit_fk FOREIGN KEY (visit_id) REFERENCES ec_visits (id),
  ADD CONSTRAINT ec_complaints_provider_fk FOREIGN KEY (provider_id) REFERENCES ec_providers (id),
  ADD CONSTRAINT ec_complaints_caregiver_fk FOREIGN KEY (caregiver_id) REFERENCES ec_caregivers (id),
  ADD CONSTRAINT ec_complaints_assignee_fk FOREIGN KEY (assignee_id) REFERENCES users (id),
  ADD CONSTRAINT ec_complaints_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS ec_complaints_person_idx ON ec_complaints (person_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS ec_complaints_visit_idx ON ec_complaints (visit_id);
--> statement-breakpoint
ALTER TABLE ec_anomalies
  ADD CONSTRAINT ec_anomalies_status_ck CHECK (status IN ('open', 'cleared', 'confirmed')),
  ADD CONSTRAINT ec_anomalies_code_ck CHECK (code IN ('CHECKIN_FAR', 'CHECKIN_NO_POSITION', 'ADDRESS_NOT_LOCATED',
    'CAREGIVER_OVERLAP', 'DURATION_SHORT', 'NOT_CHECKED_IN_OUT', 'AFTER_DEATH', 'DUPLICATE_CLAIM')),
  ADD CONSTRAINT ec_anomalies_month_ck CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  ADD CONSTRAINT ec_anomalies_visit_fk FOREIGN KEY (visit_id) REFERENCES ec_visits (id),
  ADD CONSTRAINT ec_anomalies_reviewed_by_fk FOREIGN KEY (reviewed_by) REFERENCES users (id);
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Elderly care: settlement
-- ---------------------------------------------------------------------------------------------
ALTER TABLE ec_settlements
  ADD CONSTRAINT ec_settlements_status_ck CHECK (status IN ('draft', 'approved', 'paid')),
  ADD CONSTRAINT ec_settlements_month_ck CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  ADD CONSTRAINT ec_settlements_region_format_ck CHECK (region_code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  ADD CONSTRAINT ec_settlements_provider_fk FOREIGN KEY (provider_id) REFERENCES ec_providers (id),
  ADD CONSTRAINT ec_settlements_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id),
  ADD CONSTRAINT ec_settlements_approved_by_fk FOREIGN KEY (approved_by) REFERENCES users (id);
--> statement-breakpoint
-- Normal lines pay a visit: amounts are never negative and refer to nothing. Adjusting lines
-- correct a normal line: their amounts are signed by design and they must say which line and why.
-- On every line subsidy + self-pay = price (domain/settlement.ts splits it so).
ALTER TABLE ec_settlement_lines
  ADD CONSTRAINT ec_settlement_lines_kind_ck CHECK (kind IN ('normal', 'adjustment')),
  ADD CONSTRAINT ec_settlement_lines_normal_ck CHECK (
    kind <> 'normal' OR (price_fen >= 0 AND subsidy_fen >= 0 AND self_pay_fen >= 0 AND refers_to_line_id IS NULL)),
  ADD CONSTRAINT ec_settlement_lines_adjustment_ck CHECK (
    kind <> 'adjustment' OR (refers_to_line_id IS NOT NULL AND reason IS NOT NULL AND btrim(reason) <> '')),
  ADD CONSTRAINT ec_settlement_lines_split_ck CHECK (subsidy_fen + self_pay_fen = price_fen),
  ADD CONSTRAINT ec_settlement_lines_self_pay_ck CHECK (self_pay_share_bp BETWEEN 0 AND 10000),
  ADD CONSTRAINT ec_settlement_lines_settlement_fk FOREIGN KEY (settlement_id) REFERENCES ec_settlements (id),
  ADD CONSTRAINT ec_settlement_lines_visit_fk FOREIGN KEY (visit_id) REFERENCES ec_visits (id),
  ADD CONSTRAINT ec_settlement_lines_order_fk FOREIGN KEY (order_id) REFERENCES ec_orders (id),
  ADD CONSTRAINT ec_settlement_lines_item_version_fk FOREIGN KEY (item_version_id) REFERENCES ec_menu_items (id),
  ADD CONSTRAINT ec_settlement_lines_refers_fk FOREIGN KEY (refers_to_line_id) REFERENCES ec_settlement_lines (id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS ec_settlement_lines_visit_idx ON ec_settlement_lines (visit_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS ec_settlement_lines_refers_idx ON ec_settlement_lines (refers_to_line_id);
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Elderly care: supervision
-- ---------------------------------------------------------------------------------------------
ALTER TABLE ec_blacklist
  ADD CONSTRAINT ec_blacklist_status_ck CHECK (status IN ('active', 'lifted')),
  ADD CONSTRAINT ec_blacklist_subject_kind_ck CHECK (subject_kind IN ('provider', 'caregiver')),
  ADD CONSTRAINT ec_blacklist_text_ck CHECK (btrim(reason) <> '' AND btrim(decision_ref) <> '' AND btrim(source) <> ''),
  ADD CONSTRAINT ec_blacklist_dates_ck CHECK (valid_to IS NULL OR valid_to >= valid_from),
  ADD CONSTRAINT ec_blacklist_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE ec_inspections
  ADD CONSTRAINT ec_inspections_status_ck CHECK (status IN ('drawn', 'published')),
  ADD CONSTRAINT ec_inspections_seed_ck CHECK (btrim(seed) <> ''),
  ADD CONSTRAINT ec_inspections_drawn_by_fk FOREIGN KEY (drawn_by) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE ec_inspection_assignments
  ADD CONSTRAINT ec_inspection_assignments_rating_ck CHECK (rating IS NULL OR rating IN ('合格', '基本合格', '不合格')),
  ADD CONSTRAINT ec_inspection_assignments_inspection_fk FOREIGN KEY (inspection_id) REFERENCES ec_inspections (id) ON DELETE CASCADE,
  ADD CONSTRAINT ec_inspection_assignments_provider_fk FOREIGN KEY (provider_id) REFERENCES ec_providers (id),
  ADD CONSTRAINT ec_inspection_assignments_recorded_by_fk FOREIGN KEY (recorded_by) REFERENCES users (id);
