import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One row per case of every case type, written only by the engine next to the case table's own
 * status: the status again (for cross-type work queues), the region, when the status was entered
 * and its due date, who has claimed the case, and its parent case.
 */
export const caseIndex = pgTable(
  'case_index',
  {
    workflow: text('workflow').notNull(),
    caseId: text('case_id').notNull(),
    status: text('status').notNull(),
    regionCode: text('region_code').notNull(),
    enteredAt: ts('entered_at').notNull().defaultNow(),
    dueDate: date('due_date', { mode: 'string' }),
    assigneeId: uuid('assignee_id'),
    assigneeName: text('assignee_name'),
    assignedAt: ts('assigned_at'),
    parentWorkflow: text('parent_workflow'),
    parentCaseId: text('parent_case_id'),
  },
  (t) => [
    primaryKey({ name: 'case_index_pk', columns: [t.workflow, t.caseId] }),
    index('case_index_due_idx').on(t.workflow, t.dueDate).where(sql`due_date IS NOT NULL`),
    index('case_index_parent_idx').on(t.parentWorkflow, t.parentCaseId).where(sql`parent_case_id IS NOT NULL`),
    index('case_index_assignee_idx').on(t.assigneeId).where(sql`assignee_id IS NOT NULL`),
  ],
);

/** Maker-checker: an action requested by one person, waiting for a different person's decision. */
export const casePendingApprovals = pgTable(
  'case_pending_approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workflow: text('workflow').notNull(),
    caseId: text('case_id').notNull(),
    action: text('action').notNull(),
    caseVersion: integer('case_version').notNull(),
    input: jsonb('input'),
    note: text('note'),
    requestedBy: uuid('requested_by'),
    requestedByName: text('requested_by_name').notNull(),
    requestedAt: ts('requested_at').notNull().defaultNow(),
    state: text('state').$type<'pending' | 'approved' | 'rejected' | 'withdrawn'>().notNull().default('pending'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
  },
  (t) => [uniqueIndex('case_pending_approvals_open_uq').on(t.workflow, t.caseId, t.action).where(sql`state = 'pending'`)],
);

/** Dates that differ from the Monday-Friday rule: public holidays and 调休 make-up working days. */
export const workCalendar = pgTable('work_calendar', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
  note: text('note'),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
