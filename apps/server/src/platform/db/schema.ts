import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ImportStatus } from '../../modules/imports/import.workflow.ts';
import type { AccountStatus } from '../../modules/users/account.workflow.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    isDemo: boolean('is_demo').notNull().default(false),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode)],
);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  roles: text('roles').array().notNull(),
  regionCode: text('region_code').notNull(),
  providerId: uuid('provider_id'),
  personId: uuid('person_id'),
  status: text('status').$type<AccountStatus>().notNull().default('active'),
  isDemo: boolean('is_demo').notNull().default(false),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: ts('locked_until'),
  totpSecretEnc: text('totp_secret_enc'),
  totpPendingEnc: text('totp_pending_enc'),
  totpEnabled: boolean('totp_enabled').notNull().default(false),
  passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
  lastLoginAt: ts('last_login_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdNumber: text('household_number'),
    headPersonId: uuid('head_person_id'),
    registeredRegionCode: text('registered_region_code'),
    residenceRegionCode: text('residence_region_code').notNull(),
    address: text('address'),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('households_residence_idx').using('btree', sql`${t.residenceRegionCode} text_pattern_ops`),
    index('households_number_idx').on(t.householdNumber),
  ],
);

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    nameNorm: text('name_norm').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    nameGrams: text('name_grams').array().notNull(),
    idEnc: text('id_enc').notNull(),
    idHash: text('id_hash').notNull(),
    idTailRev: text('id_tail_rev').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex').notNull(),
    phone: text('phone'),
    householdId: uuid('household_id'),
    relationToHead: text('relation_to_head'),
    registeredRegionCode: text('registered_region_code'),
    residenceRegionCode: text('residence_region_code').notNull(),
    address: text('address'),
    ethnicity: text('ethnicity'),
    disabilityCategory: text('disability_category'),
    disabilityGrade: integer('disability_grade'),
    health: text('health'),
    seriousIllnesses: text('serious_illnesses').array().notNull().default(sql`'{}'::text[]`),
    labourCapacity: text('labour_capacity'),
    livingArrangement: text('living_arrangement'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    deathDate: date('death_date', { mode: 'string' }),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    uniqueIndex('people_id_hash_uq').on(t.idHash),
    index('people_name_grams_idx').using('gin', t.nameGrams),
    index('people_name_norm_idx').using('btree', sql`${t.nameNorm} text_pattern_ops`),
    index('people_pinyin_idx').using('btree', sql`${t.namePinyin} text_pattern_ops`),
    // Default list order (by pinyin): lets frequent 1-character searches walk the index in order.
    index('people_pinyin_order_idx').on(t.namePinyin, t.id),
    index('people_initials_idx').using('btree', sql`${t.nameInitials} text_pattern_ops`),
    index('people_id_tail_idx').using('btree', sql`${t.idTailRev} text_pattern_ops`),
    index('people_phone_idx').on(t.phone),
    index('people_residence_idx').using('btree', sql`${t.residenceRegionCode} text_pattern_ops`),
    index('people_registered_idx').using('btree', sql`${t.registeredRegionCode} text_pattern_ops`),
    index('people_dup_idx').on(t.nameNorm, t.birthDate),
    index('people_household_idx').on(t.householdId),
    index('people_tags_idx').using('gin', t.tags),
  ],
);

/** Versioned facts: one row per changed field per edit, with the previous value. */
export const personHistory = pgTable(
  'person_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: uuid('person_id').notNull(),
    version: integer('version').notNull(),
    field: text('field').notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    changedBy: uuid('changed_by'),
    changedByName: text('changed_by_name'),
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [index('person_history_person_idx').on(t.personId, t.changedAt)],
);

/** Append-only, hash-chained. UPDATE/DELETE/TRUNCATE are refused by a trigger (custom migration). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    userId: uuid('user_id'),
    username: text('username'),
    role: text('role'),
    regionCode: text('region_code'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    outcome: text('outcome').notNull(),
    requestId: text('request_id'),
    ip: text('ip'),
    details: jsonb('details'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_user_idx').on(t.username),
    index('audit_action_idx').on(t.action),
    index('audit_target_idx').on(t.targetId),
  ],
);

/** Single row holding the chain head; locked FOR UPDATE by every append so entries are strictly ordered. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});

/** Generic append-only action log of every workflow (imports, accounts, and later modules' cases). */
export const workflowLog = pgTable(
  'workflow_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workflow: text('workflow').notNull(),
    caseId: text('case_id').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    at: ts('at').notNull().defaultNow(),
    note: text('note'),
    payload: jsonb('payload'),
  },
  (t) => [index('workflow_log_case_idx').on(t.workflow, t.caseId, t.id)],
);

export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  status: text('status').$type<ImportStatus>().notNull(),
  totalRows: integer('total_rows').notNull().default(0),
  errorCount: integer('error_count').notNull().default(0),
  processedRows: integer('processed_rows').notNull().default(0),
  errors: jsonb('errors'),
  rows: jsonb('rows'),
  summary: jsonb('summary'),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name'),
  regionCode: text('region_code').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
  version: integer('version').notNull().default(1),
});
