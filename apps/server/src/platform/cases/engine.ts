/**
 * The case engine: every case type (orders, visits, settlements, accounts, imports ...) is a
 * definition (statuses, actions with source statuses, target, guard and policy, due rules), and
 * every status change goes through `create` / `transition` / `transitionMany` here, which own in
 * one transaction: the row lock, the policy (403), the state table (409 INVALID_TRANSITION), the
 * expected version (409 VERSION_CONFLICT), the guard, the status + version write, the append to
 * workflow_log, the case_index row (region, due date, assignee, parent) and the audit entry.
 */
import { shanghaiToday } from '@lq/contracts';
import { and, asc, count, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { appendAudit } from '../audit.ts';
import type { Actor } from '../context.ts';
import { type Db, type Executor, queryRows, type Tx } from '../db/client.ts';
import { workflowLog } from '../db/schema.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { addCalendarDays, addWorkingDays } from './calendar.ts';
import { caseIndex, casePendingApprovals } from './schema.ts';

// ---------------------------------------------------------------- definitions

/** A drizzle table with the three columns the engine owns. */
export type CaseTable = PgTable & { id: AnyPgColumn; status: AnyPgColumn; version: AnyPgColumn };
/** A stored case: the table's row with its status narrowed to the type's status union. */
export type CaseRow<T extends CaseTable, S extends string> = Omit<T['$inferSelect'], 'status' | 'version'> & {
  id: string;
  status: S;
  version: number;
};
/** Extra column values written with a transition (never id, status or version). */
export type CaseSet<T extends CaseTable> = Omit<Partial<T['$inferInsert']>, 'id' | 'status' | 'version'>;
export type CaseInput = Readonly<Record<string, unknown>>;
export interface Denial {
  code: string;
  message: string;
}
export interface DueRule {
  days: number;
  kind: 'calendar' | 'working';
}

export interface ActionSpec<Row, S extends string, P> {
  /** Statuses the action may be taken in; [] = a creating action (see `create`). */
  from: readonly S[];
  /** The target, or a function choosing it (row is null for a creating action). */
  to: S | ((row: Row | null, input: CaseInput) => S);
  /** Business precondition beyond the status (409 INVALID_TRANSITION with the denial's code). */
  guard?: (row: Row, input: CaseInput, ctx: { actor: P }) => true | Denial;
  /** Who may take it on this case: sees the actor and the record (region, provider, assignee ...). */
  policy: (actor: P, row: Row) => boolean | Denial;
  /** Needs a request by one person and an approval by another (requestApproval / approve). */
  makerChecker?: boolean;
  /** Also a creating action (`create`) although it has source statuses (e.g. apply: draft -> applied, or new). */
  creates?: boolean;
}

export interface CaseTypeSpec<T extends CaseTable, S extends string, A extends string, P> {
  /** workflow_log.workflow and case_index.workflow of this type. */
  name: string;
  table: T;
  statuses: readonly S[];
  actions: { readonly [K in A]: ActionSpec<CaseRow<T, S>, S, P> };
  /** Due date set on entering a status (cleared on leaving it). */
  due?: Partial<Record<S, DueRule>>;
  regionOf: (row: CaseRow<T, S>) => string;
  auditAction: (action: A) => string;
  /** audit_log.target_type (default: name). */
  auditTarget?: string;
  /** The platform actor behind the policy actor (for the log and the audit chain). */
  actorOf: (actor: P) => Actor;
  /** Who may reassign a claimed case to someone else (default: nobody). */
  canReassign?: (actor: P, row: CaseRow<T, S>) => boolean;
}

export type CaseType<T extends CaseTable, S extends string, A extends string, P> = Readonly<CaseTypeSpec<T, S, A, P>> & {
  readonly actionNames: readonly A[];
};

/** Check the definition once when the module loads (unknown statuses are programming errors). */
export function defineCaseType<T extends CaseTable, S extends string, A extends string, P>(
  spec: CaseTypeSpec<T, S, A, P>,
): CaseType<T, S, A, P> {
  const known = new Set<string>(spec.statuses);
  const actionNames = Object.keys(spec.actions).filter((k): k is A => Object.hasOwn(spec.actions, k));
  for (const a of actionNames) {
    const act = spec.actions[a];
    for (const f of act.from) if (!known.has(f)) throw new Error(`${spec.name}.${a}: unknown source status '${f}'`);
    if (typeof act.to === 'string' && !known.has(act.to)) throw new Error(`${spec.name}.${a}: unknown target '${act.to}'`);
  }
  for (const s of Object.keys(spec.due ?? {})) if (!known.has(s)) throw new Error(`${spec.name}: due rule for unknown status '${s}'`);
  return { ...spec, actionNames };
}

/** A state table as data (status -> action -> target) turned into action specs; an action must lead to one target. */
export function actionsFromTable<S extends string, A extends string, Row, P>(
  actions: readonly A[],
  table: { readonly [K in S]: { readonly [B in A]?: S } },
  policy: (action: A) => ActionSpec<Row, S, P>['policy'],
): { [K in A]: ActionSpec<Row, S, P> } {
  const from = new Map<A, S[]>();
  const to = new Map<A, S>();
  for (const s of Object.keys(table).filter((k): k is S => Object.hasOwn(table, k))) {
    const row: { readonly [B in A]?: S } = table[s];
    for (const a of actions) {
      const t = row[a];
      if (t === undefined) continue;
      if (to.has(a) && to.get(a) !== t) throw new Error(`action ${a} leads to two statuses`);
      to.set(a, t);
      from.set(a, [...(from.get(a) ?? []), s]);
    }
  }
  const out: Partial<{ [K in A]: ActionSpec<Row, S, P> }> = {};
  for (const a of actions) {
    const t = to.get(a);
    if (t === undefined) throw new Error(`action ${a} has no transition`);
    out[a] = { from: from.get(a) ?? [], to: t, policy: policy(a) };
  }
  // Every action was filled in the loop above (a missing one throws).
  return out as { [K in A]: ActionSpec<Row, S, P> };
}

export function isStatus<S extends string>(def: { statuses: readonly S[] }, s: unknown): s is S {
  return typeof s === 'string' && (def.statuses as readonly string[]).includes(s);
}

/** Actions the state table allows in a status (no policy). */
export function allowedActions<T extends CaseTable, S extends string, A extends string, P>(def: CaseType<T, S, A, P>, status: S): A[] {
  return def.actionNames.filter((a) => def.actions[a].from.includes(status));
}

export function canTransition<T extends CaseTable, S extends string, A extends string, P>(
  def: CaseType<T, S, A, P>,
  status: S,
  action: A,
): boolean {
  return def.actions[action].from.includes(status);
}

/** Pure: the status `action` leads to from `status` by the state table, or INVALID_TRANSITION (static targets only). */
export function targetOf<T extends CaseTable, S extends string, A extends string, P>(def: CaseType<T, S, A, P>, status: S, action: A): S {
  const spec = def.actions[action];
  if (!spec.from.includes(status)) {
    throw new AppError('INVALID_TRANSITION', [
      { field: 'action', code: action, message: `${def.name}: ${action} not allowed in ${status}` },
    ]);
  }
  if (typeof spec.to === 'function') throw new Error(`${def.name}.${action}: the target is chosen from the row (use nextStatus)`);
  return spec.to;
}

/** Pure: the status `action` leads to from this row, or INVALID_TRANSITION. */
export function nextStatus<T extends CaseTable, S extends string, A extends string, P>(
  def: CaseType<T, S, A, P>,
  row: CaseRow<T, S>,
  action: A,
  input: CaseInput = {},
): S {
  const spec = def.actions[action];
  if (!spec.from.includes(row.status)) {
    throw new AppError('INVALID_TRANSITION', [
      { field: 'action', code: action, message: `${def.name}: ${action} not allowed in ${row.status}` },
    ]);
  }
  const to = typeof spec.to === 'function' ? spec.to(row, input) : spec.to;
  if (!isStatus(def, to)) throw new Error(`${def.name}.${action}: target '${to}' is not a status`);
  return to;
}

/**
 * The checks `transition` starts with (policy 403, then state table 409), without writing: for a
 * use case that validates its own inputs before it calls `transition` on the row it has locked.
 */
export function assertCanTake<T extends CaseTable, S extends string, A extends string, P>(
  def: CaseType<T, S, A, P>,
  row: CaseRow<T, S>,
  action: A,
  actor: P,
  input: CaseInput = {},
): S {
  const p = def.actions[action].policy(actor, row);
  if (p !== true)
    throw new AppError('FORBIDDEN', [{ field: 'action', code: action, message: p === false ? `${def.name}.${action}` : p.message }]);
  return nextStatus(def, row, action, input);
}

/** What the UI may offer: the actions allowed in the row's status that the policy grants this actor. */
export function availableActions<T extends CaseTable, S extends string, A extends string, P>(
  def: CaseType<T, S, A, P>,
  row: CaseRow<T, S>,
  actor: P,
): A[] {
  return allowedActions(def, row.status).filter((a) => def.actions[a].policy(actor, row) === true);
}

// ---------------------------------------------------------------- internals

function isTx(ex: Executor): ex is Tx {
  return 'rollback' in ex;
}
/** Run in the caller's transaction, or open one. */
async function inTx<R>(ex: Executor, fn: (tx: Tx) => Promise<R>): Promise<R> {
  if (isTx(ex)) return fn(ex);
  return (ex as Db).transaction(fn);
}

/** Narrow a row read from a case table (the engine is the only writer of status and version). */
export function caseRow<T extends CaseTable, S extends string, A extends string, P>(
  def: CaseType<T, S, A, P>,
  raw: unknown,
): CaseRow<T, S> {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${def.name}: not a row`);
  const r: { id?: unknown; status?: unknown; version?: unknown } = raw;
  if (typeof r.id !== 'string' || typeof r.version !== 'number' || !isStatus(def, r.status)) {
    throw new Error(`${def.name}: stored row ${String(r.id)} has status '${String(r.status)}' outside the case type`);
  }
  // Checked above: id, status (one of S) and version; the other columns are the table's own select type.
  return raw as CaseRow<T, S>;
}

async function lockRow<T extends CaseTable, S extends string, A extends string, P>(
  tx: Executor,
  def: CaseType<T, S, A, P>,
  caseId: string,
): Promise<CaseRow<T, S>> {
  const table: CaseTable = def.table;
  const rows: unknown[] = await tx.select().from(table).where(eq(table.id, caseId)).for('update');
  if (!rows[0]) throw new AppError('NOT_FOUND');
  return caseRow(def, rows[0]);
}

function deny(def: { name: string }, action: string, d: false | Denial): AppError {
  return new AppError('FORBIDDEN', [{ field: 'action', code: action, message: d === false ? `${def.name}.${action}` : d.message }]);
}

function checkPolicy<T extends CaseTable, S extends string, A extends string, P>(
  def: CaseType<T, S, A, P>,
  action: A,
  actor: P,
  row: CaseRow<T, S>,
) {
  const p = def.actions[action].policy(actor, row);
  if (p !== true) throw deny(def, action, p);
}

function checkVersion(row: { version: number }, expected: number | undefined) {
  if (expected !== undefined && expected !== row.version)
    throw new AppError('VERSION_CONFLICT', [{ field: 'version', message: `当前版本 ${row.version} / current version ${row.version}` }]);
}

function checkGuard<T extends CaseTable, S extends string, A extends string, P>(
  def: CaseType<T, S, A, P>,
  action: A,
  actor: P,
  row: CaseRow<T, S>,
  input: CaseInput,
) {
  const g = def.actions[action].guard?.(row, input, { actor }) ?? true;
  if (g !== true) throw new AppError('INVALID_TRANSITION', [{ field: 'action', code: g.code, message: g.message }]);
}

async function dueDateFor(tx: Executor, rule: DueRule | undefined, today: string): Promise<string | null> {
  if (!rule) return null;
  return rule.kind === 'calendar' ? addCalendarDays(today, rule.days) : addWorkingDays(tx, today, rule.days);
}

function logActor(a: Actor) {
  return { actorId: a.userId, actorName: a.displayName, actorRole: a.roles.join(',') };
}

async function writeRow<T extends CaseTable>(tx: Executor, table: T, id: string, values: Record<string, unknown>): Promise<unknown> {
  const t: CaseTable = table;
  // The values are the caller's CaseSet<T> plus status and version, all columns of T.
  const set = values as PgUpdateSetSource<CaseTable>;
  const rows: unknown[] = await tx.update(t).set(set).where(eq(t.id, id)).returning();
  return rows[0];
}

export interface CaseRef {
  workflow: string;
  caseId: string;
}

// ---------------------------------------------------------------- create

export interface CreateRequest<T extends CaseTable, A extends string, P> {
  action: A;
  actor: P;
  /** Column values of the new row (status and version are set by the engine). */
  values: Omit<T['$inferInsert'], 'status' | 'version'>;
  input?: CaseInput;
  note?: string | null;
  payload?: Record<string, unknown> | null;
  parent?: CaseRef | null;
  /** Extra audit details. */
  audit?: Record<string, unknown>;
  today?: string;
}

/**
 * Insert a case with a creating action (from = []): the policy sees the inserted row (a denial
 * rolls the insert back), the first log row and the index row are written, the audit appended.
 */
export async function create<T extends CaseTable, S extends string, A extends string, P>(
  ex: Executor,
  def: CaseType<T, S, A, P>,
  req: CreateRequest<T, A, P>,
): Promise<CaseRow<T, S>> {
  const spec = def.actions[req.action];
  if (spec.from.length !== 0 && !spec.creates) throw new Error(`${def.name}.${req.action} is not a creating action`);
  const input = req.input ?? {};
  const to = typeof spec.to === 'function' ? spec.to(null, input) : spec.to;
  return inTx(ex, async (tx) => {
    const table: CaseTable = def.table;
    const inserted: unknown[] = await tx
      .insert(table)
      .values({ ...req.values, status: to, version: 1 })
      .returning();
    const row = caseRow(def, inserted[0]);
    checkPolicy(def, req.action, req.actor, row);
    const actor = def.actorOf(req.actor);
    await tx.insert(workflowLog).values({
      workflow: def.name,
      caseId: row.id,
      action: req.action,
      fromStatus: null,
      toStatus: to,
      ...logActor(actor),
      note: req.note ?? null,
      payload: req.payload ?? null,
    });
    await tx.insert(caseIndex).values({
      workflow: def.name,
      caseId: row.id,
      status: to,
      regionCode: def.regionOf(row),
      dueDate: await dueDateFor(tx, def.due?.[to], req.today ?? shanghaiToday()),
      parentWorkflow: req.parent?.workflow ?? null,
      parentCaseId: req.parent?.caseId ?? null,
    });
    await appendAudit(tx, actor, {
      action: def.auditAction(req.action),
      targetType: def.auditTarget ?? def.name,
      targetId: row.id,
      details: { to, note: req.note ?? null, ...req.audit },
    });
    return row;
  });
}

export interface CreateManyRequest<T extends CaseTable, A extends string, P> {
  action: A;
  actor: P;
  values: Omit<T['$inferInsert'], 'status' | 'version'>[];
  /** Skip rows that conflict with a unique index (idempotent generation). */
  skipConflicts?: boolean;
  parentOf?: (row: T['$inferSelect']) => CaseRef | null;
  note?: string | null;
  audit?: Record<string, unknown>;
  today?: string;
}

const CHUNK = 1000;

/** Many cases at once (generated work): one log and index row each, one audit entry for the batch. */
export async function createMany<T extends CaseTable, S extends string, A extends string, P>(
  ex: Executor,
  def: CaseType<T, S, A, P>,
  req: CreateManyRequest<T, A, P>,
): Promise<CaseRow<T, S>[]> {
  const spec = def.actions[req.action];
  if (spec.from.length !== 0 && !spec.creates) throw new Error(`${def.name}.${req.action} is not a creating action`);
  if (!req.values.length) return [];
  return inTx(ex, async (tx) => {
    const table: CaseTable = def.table;
    const actor = def.actorOf(req.actor);
    const out: CaseRow<T, S>[] = [];
    const today = req.today ?? shanghaiToday();
    for (let i = 0; i < req.values.length; i += CHUNK) {
      const to = (v: object) => (typeof spec.to === 'function' ? spec.to(null, { ...v }) : spec.to);
      const part = req.values.slice(i, i + CHUNK).map((v) => ({ ...v, status: to(v), version: 1 }));
      const q = tx.insert(table).values(part);
      const inserted: unknown[] = req.skipConflicts ? await q.onConflictDoNothing().returning() : await q.returning();
      const rows = inserted.map((r) => caseRow(def, r));
      for (const row of rows) checkPolicy(def, req.action, req.actor, row);
      if (!rows.length) continue;
      await tx.insert(workflowLog).values(
        rows.map((row) => ({
          workflow: def.name,
          caseId: row.id,
          action: req.action,
          fromStatus: null,
          toStatus: row.status,
          ...logActor(actor),
          note: req.note ?? null,
        })),
      );
      const dues = new Map<S, string | null>();
      for (const row of rows) if (!dues.has(row.status)) dues.set(row.status, await dueDateFor(tx, def.due?.[row.status], today));
      await tx.insert(caseIndex).values(
        rows.map((row) => {
          const parent = req.parentOf?.(row) ?? null;
          return {
            workflow: def.name,
            caseId: row.id,
            status: row.status,
            regionCode: def.regionOf(row),
            dueDate: dues.get(row.status) ?? null,
            parentWorkflow: parent?.workflow ?? null,
            parentCaseId: parent?.caseId ?? null,
          };
        }),
      );
      out.push(...rows);
    }
    if (out.length) {
      await appendAudit(tx, actor, {
        action: def.auditAction(req.action),
        targetType: def.auditTarget ?? def.name,
        details: { count: out.length, note: req.note ?? null, ...req.audit },
      });
    }
    return out;
  });
}

// ---------------------------------------------------------------- transition

export interface EffectResult<T extends CaseTable> {
  set?: CaseSet<T>;
  audit?: Record<string, unknown>;
  payload?: Record<string, unknown>;
}

export interface TransitionRequest<T extends CaseTable, S extends string, A extends string, P> {
  caseId: string;
  action: A;
  actor: P;
  /** The version the client saw; a different stored version is 409 VERSION_CONFLICT. */
  expectedVersion?: number;
  input?: CaseInput;
  note?: string | null;
  payload?: Record<string, unknown> | null;
  /** Extra column updates written with the status. */
  set?: CaseSet<T>;
  /**
   * Runs after every check and before the write, in the same transaction: the action's own
   * validation (400) and side effects; may add column updates, audit details and log payload.
   */
  effect?: (tx: Tx, row: CaseRow<T, S>, to: S) => Promise<EffectResult<T> | undefined>;
  audit?: Record<string, unknown>;
  today?: string;
}

interface Approved {
  approvalId: string;
}

async function transitionIn<T extends CaseTable, S extends string, A extends string, P>(
  tx: Tx,
  def: CaseType<T, S, A, P>,
  req: TransitionRequest<T, S, A, P>,
  approved: Approved | null,
): Promise<CaseRow<T, S>> {
  const row = await lockRow(tx, def, req.caseId);
  const input = req.input ?? {};
  // Order of checks as clients have always seen it: policy 403, state 409, version 409, guard 409.
  checkPolicy(def, req.action, req.actor, row);
  const to = nextStatus(def, row, req.action, input);
  checkVersion(row, req.expectedVersion);
  if (def.actions[req.action].makerChecker && !approved) {
    throw new AppError('APPROVAL_REQUIRED', [{ field: 'action', code: req.action, message: `${def.name}.${req.action}` }]);
  }
  checkGuard(def, req.action, req.actor, row, input);
  const eff = (await req.effect?.(tx, row, to)) ?? {};
  const fresh = caseRow(def, await writeRow(tx, def.table, row.id, { ...req.set, ...eff.set, status: to, version: row.version + 1 }));
  const actor = def.actorOf(req.actor);
  const payload = req.payload || eff.payload || approved ? { ...req.payload, ...eff.payload, ...approved } : null;
  await tx.insert(workflowLog).values({
    workflow: def.name,
    caseId: row.id,
    action: req.action,
    fromStatus: row.status,
    toStatus: to,
    ...logActor(actor),
    note: req.note ?? null,
    payload,
  });
  await indexStatus(tx, def, fresh, row.status !== to, req.today);
  await appendAudit(tx, actor, {
    action: def.auditAction(req.action),
    targetType: def.auditTarget ?? def.name,
    targetId: row.id,
    details: { from: row.status, to, note: req.note ?? null, ...req.audit, ...eff.audit, ...approved },
  });
  return fresh;
}

/** Upsert the index row after a status write (entering a status resets its due date). */
async function indexStatus<T extends CaseTable, S extends string, A extends string, P>(
  tx: Executor,
  def: CaseType<T, S, A, P>,
  row: CaseRow<T, S>,
  entered: boolean,
  today: string | undefined,
) {
  const region = def.regionOf(row);
  if (!entered) {
    await tx
      .insert(caseIndex)
      .values({ workflow: def.name, caseId: row.id, status: row.status, regionCode: region })
      .onConflictDoUpdate({ target: [caseIndex.workflow, caseIndex.caseId], set: { status: row.status, regionCode: region } });
    return;
  }
  const dueDate = await dueDateFor(tx, def.due?.[row.status], today ?? shanghaiToday());
  const enteredAt = new Date();
  await tx
    .insert(caseIndex)
    .values({ workflow: def.name, caseId: row.id, status: row.status, regionCode: region, dueDate, enteredAt })
    .onConflictDoUpdate({
      target: [caseIndex.workflow, caseIndex.caseId],
      set: { status: row.status, regionCode: region, dueDate, enteredAt },
    });
}

/** One action on one case, in one transaction (the caller's, if `ex` is one). Returns the new row. */
export async function transition<T extends CaseTable, S extends string, A extends string, P>(
  ex: Executor,
  def: CaseType<T, S, A, P>,
  req: TransitionRequest<T, S, A, P>,
): Promise<CaseRow<T, S>> {
  return inTx(ex, (tx) => transitionIn(tx, def, req, null));
}

export interface TransitionManyRequest<A extends string, P> {
  caseIds: readonly string[];
  action: A;
  actor: P;
  note?: string | null;
  payload?: Record<string, unknown> | null;
  audit?: Record<string, unknown>;
  today?: string;
}

/**
 * The same action on many cases inside the caller's transaction, set-based (anomaly runs,
 * settlement): rows locked, policy and state table checked per row (the first failure aborts
 * all), statuses and versions written per target, one log and index row per case, one audit entry.
 */
export async function transitionMany<T extends CaseTable, S extends string, A extends string, P>(
  ex: Executor,
  def: CaseType<T, S, A, P>,
  req: TransitionManyRequest<A, P>,
): Promise<CaseRow<T, S>[]> {
  if (!req.caseIds.length) return [];
  return inTx(ex, async (tx) => {
    const table: CaseTable = def.table;
    const actor = def.actorOf(req.actor);
    const out: CaseRow<T, S>[] = [];
    const today = req.today ?? shanghaiToday();
    for (let i = 0; i < req.caseIds.length; i += CHUNK) {
      const ids = req.caseIds.slice(i, i + CHUNK);
      const locked: unknown[] = await tx
        .select()
        .from(table)
        .where(inArray(table.id, [...ids]))
        .orderBy(asc(table.id))
        .for('update');
      const rows = locked.map((r) => caseRow(def, r));
      if (rows.length !== ids.length) throw new AppError('NOT_FOUND');
      const byTarget = new Map<S, CaseRow<T, S>[]>();
      for (const row of rows) {
        checkPolicy(def, req.action, req.actor, row);
        const to = nextStatus(def, row, req.action);
        byTarget.set(to, [...(byTarget.get(to) ?? []), row]);
      }
      for (const [to, group] of byTarget) {
        const updated: unknown[] = await tx
          .update(table)
          .set({ status: to, version: sql`${table.version} + 1` })
          .where(
            inArray(
              table.id,
              group.map((r) => r.id),
            ),
          )
          .returning();
        const fresh = updated.map((r) => caseRow(def, r));
        const fromOf = new Map(group.map((r) => [r.id, r.status]));
        await tx.insert(workflowLog).values(
          fresh.map((r) => ({
            workflow: def.name,
            caseId: r.id,
            action: req.action,
            fromStatus: fromOf.get(r.id) ?? null,
            toStatus: to,
            ...logActor(actor),
            note: req.note ?? null,
            payload: req.payload ?? null,
          })),
        );
        const dueDate = await dueDateFor(tx, def.due?.[to], today);
        const enteredAt = new Date();
        await tx
          .insert(caseIndex)
          .values(fresh.map((r) => ({ workflow: def.name, caseId: r.id, status: to, regionCode: def.regionOf(r), dueDate, enteredAt })))
          .onConflictDoUpdate({
            target: [caseIndex.workflow, caseIndex.caseId],
            set: { status: to, regionCode: sql`excluded.region_code`, dueDate, enteredAt },
          });
        out.push(...fresh);
      }
    }
    await appendAudit(tx, actor, {
      action: def.auditAction(req.action),
      targetType: def.auditTarget ?? def.name,
      details: { count: out.length, note: req.note ?? null, ...req.audit },
    });
    return out;
  });
}

export type BulkItemResult<S extends string> =
  | { id: string; ok: true; status: S; version: number }
  | { id: string; ok: false; error: ErrorCode | 'INTERNAL'; message: string };

/**
 * The same action on many cases chosen by a user, each in its own transaction: one refusal does
 * not undo the others; the result says per case what happened.
 */
export async function bulkTransition<T extends CaseTable, S extends string, A extends string, P>(
  db: Db,
  def: CaseType<T, S, A, P>,
  req: {
    items: readonly { caseId: string; expectedVersion?: number }[];
    action: A;
    actor: P;
    note?: string | null;
    input?: CaseInput;
  },
): Promise<BulkItemResult<S>[]> {
  const out: BulkItemResult<S>[] = [];
  for (const it of req.items) {
    try {
      const row = await db.transaction((tx) =>
        transitionIn(
          tx,
          def,
          {
            caseId: it.caseId,
            expectedVersion: it.expectedVersion,
            action: req.action,
            actor: req.actor,
            note: req.note,
            input: req.input,
          },
          null,
        ),
      );
      out.push({ id: it.caseId, ok: true, status: row.status, version: row.version });
    } catch (e) {
      if (e instanceof AppError) out.push({ id: it.caseId, ok: false, error: e.code, message: e.details[0]?.message ?? e.message });
      else throw e;
    }
  }
  return out;
}

// ---------------------------------------------------------------- history

export async function caseHistory(ex: Executor, workflow: string, caseId: string) {
  return ex
    .select()
    .from(workflowLog)
    .where(and(eq(workflowLog.workflow, workflow), eq(workflowLog.caseId, caseId)))
    .orderBy(asc(workflowLog.id));
}

// ---------------------------------------------------------------- assignment

export interface Assignment {
  assigneeId: string | null;
  assigneeName: string | null;
  assignedAt: string | null;
}

async function lockIndex<T extends CaseTable, S extends string, A extends string, P>(
  tx: Tx,
  def: CaseType<T, S, A, P>,
  row: CaseRow<T, S>,
) {
  await tx
    .insert(caseIndex)
    .values({ workflow: def.name, caseId: row.id, status: row.status, regionCode: def.regionOf(row) })
    .onConflictDoNothing();
  const [ix] = await tx
    .select()
    .from(caseIndex)
    .where(and(eq(caseIndex.workflow, def.name), eq(caseIndex.caseId, row.id)))
    .for('update');
  return ix;
}

async function logAssignment<T extends CaseTable, S extends string, A extends string, P>(
  tx: Tx,
  def: CaseType<T, S, A, P>,
  row: CaseRow<T, S>,
  actor: Actor,
  action: 'claim' | 'release' | 'reassign',
  to: { id: string | null; name: string | null },
  note: string | null,
) {
  await tx
    .update(caseIndex)
    .set({ assigneeId: to.id, assigneeName: to.name, assignedAt: to.id ? new Date() : null })
    .where(and(eq(caseIndex.workflow, def.name), eq(caseIndex.caseId, row.id)));
  await tx.insert(workflowLog).values({
    workflow: def.name,
    caseId: row.id,
    action,
    fromStatus: row.status,
    toStatus: row.status,
    ...logActor(actor),
    note,
    payload: { assigneeId: to.id, assigneeName: to.name },
  });
  await appendAudit(tx, actor, {
    action: `case.${action}`,
    targetType: def.auditTarget ?? def.name,
    targetId: row.id,
    details: { workflow: def.name, assigneeId: to.id, assigneeName: to.name, note },
  });
}

/** Claim a case for the acting worker (who must be able to act on it now). Claimed by another: 409 CASE_CLAIMED. */
export async function claim<T extends CaseTable, S extends string, A extends string, P>(
  ex: Executor,
  def: CaseType<T, S, A, P>,
  req: { caseId: string; actor: P; note?: string | null },
): Promise<Assignment> {
  return inTx(ex, async (tx) => {
    const row = await lockRow(tx, def, req.caseId);
    const actor = def.actorOf(req.actor);
    if (!actor.userId) throw new AppError('FORBIDDEN', [{ field: 'actor', message: '系统账号不能认领 / the system cannot claim' }]);
    if (!availableActions(def, row, req.actor).length) throw deny(def, 'claim', false);
    const ix = await lockIndex(tx, def, row);
    if (ix.assigneeId && ix.assigneeId !== actor.userId) throw claimedBy(ix.assigneeName);
    if (ix.assigneeId !== actor.userId)
      await logAssignment(tx, def, row, actor, 'claim', { id: actor.userId, name: actor.displayName }, req.note ?? null);
    return assignmentOf(tx, def.name, row.id);
  });
}

function claimedBy(name: string | null): AppError {
  return new AppError('CASE_CLAIMED', [
    { field: 'assignee', message: `已由 ${name ?? '他人'} 办理 / claimed by ${name ?? 'someone else'}` },
  ]);
}

/** Give a claimed case back (the assignee, or someone allowed to reassign). */
export async function release<T extends CaseTable, S extends string, A extends string, P>(
  ex: Executor,
  def: CaseType<T, S, A, P>,
  req: { caseId: string; actor: P; note?: string | null },
): Promise<Assignment> {
  return inTx(ex, async (tx) => {
    const row = await lockRow(tx, def, req.caseId);
    const actor = def.actorOf(req.actor);
    const ix = await lockIndex(tx, def, row);
    if (!ix.assigneeId) return assignmentOf(tx, def.name, row.id);
    if (ix.assigneeId !== actor.userId && !def.canReassign?.(req.actor, row)) throw claimedBy(ix.assigneeName);
    await logAssignment(tx, def, row, actor, 'release', { id: null, name: null }, req.note ?? null);
    return assignmentOf(tx, def.name, row.id);
  });
}

/** A supervisor (def.canReassign) hands the case to another worker. */
export async function reassign<T extends CaseTable, S extends string, A extends string, P>(
  ex: Executor,
  def: CaseType<T, S, A, P>,
  req: { caseId: string; actor: P; to: { id: string; name: string }; note?: string | null },
): Promise<Assignment> {
  return inTx(ex, async (tx) => {
    const row = await lockRow(tx, def, req.caseId);
    const actor = def.actorOf(req.actor);
    if (!def.canReassign?.(req.actor, row)) throw deny(def, 'reassign', false);
    await lockIndex(tx, def, row);
    await logAssignment(tx, def, row, actor, 'reassign', req.to, req.note ?? null);
    return assignmentOf(tx, def.name, row.id);
  });
}

export async function assignmentOf(ex: Executor, workflow: string, caseId: string): Promise<Assignment> {
  const [ix] = await ex
    .select({ id: caseIndex.assigneeId, name: caseIndex.assigneeName, at: caseIndex.assignedAt })
    .from(caseIndex)
    .where(and(eq(caseIndex.workflow, workflow), eq(caseIndex.caseId, caseId)));
  return { assigneeId: ix?.id ?? null, assigneeName: ix?.name ?? null, assignedAt: ix?.at ? ix.at.toISOString() : null };
}

// ---------------------------------------------------------------- maker-checker

export type ApprovalRow = typeof casePendingApprovals.$inferSelect;

/**
 * The maker's half of a makerChecker action: every check a transition makes (policy, state,
 * version, guard) now, then a pending request. One open request per case and action.
 */
export async function requestApproval<T extends CaseTable, S extends string, A extends string, P>(
  ex: Executor,
  def: CaseType<T, S, A, P>,
  req: { caseId: string; action: A; actor: P; expectedVersion?: number; input?: CaseInput; note?: string | null },
): Promise<ApprovalRow> {
  if (!def.actions[req.action].makerChecker) throw new Error(`${def.name}.${req.action} is not a maker-checker action`);
  return inTx(ex, async (tx) => {
    const row = await lockRow(tx, def, req.caseId);
    const input = req.input ?? {};
    checkPolicy(def, req.action, req.actor, row);
    nextStatus(def, row, req.action, input);
    checkVersion(row, req.expectedVersion);
    checkGuard(def, req.action, req.actor, row, input);
    const actor = def.actorOf(req.actor);
    const [open] = await tx
      .select({ id: casePendingApprovals.id })
      .from(casePendingApprovals)
      .where(
        and(
          eq(casePendingApprovals.workflow, def.name),
          eq(casePendingApprovals.caseId, row.id),
          eq(casePendingApprovals.action, req.action),
          eq(casePendingApprovals.state, 'pending'),
        ),
      );
    if (open)
      throw new AppError('CONFLICT', [
        { field: 'action', code: 'APPROVAL_PENDING', message: '已有待审批的申请 / a request is already pending' },
      ]);
    const [a] = await tx
      .insert(casePendingApprovals)
      .values({
        workflow: def.name,
        caseId: row.id,
        action: req.action,
        caseVersion: row.version,
        input: { ...input },
        note: req.note ?? null,
        requestedBy: actor.userId,
        requestedByName: actor.displayName,
      })
      .returning();
    await appendAudit(tx, actor, {
      action: 'case.approval.request',
      targetType: def.auditTarget ?? def.name,
      targetId: row.id,
      details: { workflow: def.name, action: req.action, approvalId: a.id, note: req.note ?? null },
    });
    return a;
  });
}

async function lockApproval(tx: Tx, def: { name: string }, approvalId: string, checker: Actor): Promise<ApprovalRow> {
  const [a] = await tx
    .select()
    .from(casePendingApprovals)
    .where(and(eq(casePendingApprovals.id, approvalId), eq(casePendingApprovals.workflow, def.name)))
    .for('update');
  if (!a) throw new AppError('NOT_FOUND');
  if (a.state !== 'pending')
    throw new AppError('INVALID_TRANSITION', [{ field: 'approval', code: a.state, message: `申请已${a.state} / request is ${a.state}` }]);
  if (!checker.userId || a.requestedBy === checker.userId) {
    throw new AppError('MAKER_CHECKER_SAME_PERSON', [
      { field: 'approval', message: '申请人不能审批自己的申请 / the requester cannot approve' },
    ]);
  }
  return a;
}

/**
 * The checker's half: a different person (403 MAKER_CHECKER_SAME_PERSON otherwise), allowed to
 * take the action too, takes it with the maker's input; the case must not have changed meanwhile.
 */
export async function approve<T extends CaseTable, S extends string, A extends string, P>(
  ex: Executor,
  def: CaseType<T, S, A, P>,
  req: {
    approvalId: string;
    actor: P;
    note?: string | null;
    effect?: TransitionRequest<T, S, A, P>['effect'];
    set?: CaseSet<T>;
  },
): Promise<CaseRow<T, S>> {
  return inTx(ex, async (tx) => {
    const checker = def.actorOf(req.actor);
    const a = await lockApproval(tx, def, req.approvalId, checker);
    const action = def.actionNames.find((n) => n === a.action);
    if (!action) throw new Error(`${def.name}: approval for unknown action ${a.action}`);
    const input: CaseInput = typeof a.input === 'object' && a.input !== null ? { ...a.input } : {};
    const row = await transitionIn(
      tx,
      def,
      { caseId: a.caseId, action, actor: req.actor, expectedVersion: a.caseVersion, input, note: a.note, effect: req.effect, set: req.set },
      { approvalId: a.id },
    );
    await tx
      .update(casePendingApprovals)
      .set({
        state: 'approved',
        decidedBy: checker.userId,
        decidedByName: checker.displayName,
        decidedAt: new Date(),
        decisionNote: req.note ?? null,
      })
      .where(eq(casePendingApprovals.id, a.id));
    return row;
  });
}

/** The checker turns the request down (also a different person); the case is unchanged. */
export async function rejectApproval<T extends CaseTable, S extends string, A extends string, P>(
  ex: Executor,
  def: CaseType<T, S, A, P>,
  req: { approvalId: string; actor: P; note: string },
): Promise<ApprovalRow> {
  return inTx(ex, async (tx) => {
    const checker = def.actorOf(req.actor);
    const a = await lockApproval(tx, def, req.approvalId, checker);
    const [r] = await tx
      .update(casePendingApprovals)
      .set({
        state: 'rejected',
        decidedBy: checker.userId,
        decidedByName: checker.displayName,
        decidedAt: new Date(),
        decisionNote: req.note,
      })
      .where(eq(casePendingApprovals.id, a.id))
      .returning();
    await appendAudit(tx, checker, {
      action: 'case.approval.reject',
      targetType: def.auditTarget ?? def.name,
      targetId: a.caseId,
      details: { workflow: def.name, action: a.action, approvalId: a.id, note: req.note },
    });
    return r;
  });
}

export async function pendingApprovals(ex: Executor, workflow: string, caseId?: string): Promise<ApprovalRow[]> {
  return ex
    .select()
    .from(casePendingApprovals)
    .where(
      and(
        eq(casePendingApprovals.workflow, workflow),
        eq(casePendingApprovals.state, 'pending'),
        caseId ? eq(casePendingApprovals.caseId, caseId) : undefined,
      ),
    )
    .orderBy(asc(casePendingApprovals.requestedAt));
}

// ---------------------------------------------------------------- due dates, parent/child

export interface OverdueCase {
  caseId: string;
  status: string;
  regionCode: string;
  dueDate: string;
  assigneeId: string | null;
  assigneeName: string | null;
}

/** Cases of a type in a region whose due date lies before `asOf` (work queues). */
export async function overdue(
  ex: Executor,
  def: { name: string },
  q: { regionPrefix: string; asOf: string; unassignedOnly?: boolean },
): Promise<OverdueCase[]> {
  const rows = await ex
    .select()
    .from(caseIndex)
    .where(
      and(
        eq(caseIndex.workflow, def.name),
        lt(caseIndex.dueDate, q.asOf),
        sql`${caseIndex.regionCode} LIKE ${`${q.regionPrefix}%`}`,
        q.unassignedOnly ? isNull(caseIndex.assigneeId) : undefined,
      ),
    )
    .orderBy(asc(caseIndex.dueDate), asc(caseIndex.caseId));
  return rows.map((r) => ({
    caseId: r.caseId,
    status: r.status,
    regionCode: r.regionCode,
    dueDate: r.dueDate ?? q.asOf,
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeName,
  }));
}

export async function dueDateOf(ex: Executor, workflow: string, caseId: string): Promise<string | null> {
  const [r] = await ex
    .select({ d: caseIndex.dueDate })
    .from(caseIndex)
    .where(and(eq(caseIndex.workflow, workflow), eq(caseIndex.caseId, caseId)));
  return r?.d ?? null;
}

export interface ChildrenProgress {
  total: number;
  byStatus: Record<string, number>;
  byWorkflow: Record<string, Record<string, number>>;
}

/** Counts by status of the cases whose parent is `parent` (e.g. an order's visits). */
export async function childrenProgress(ex: Executor, parent: CaseRef): Promise<ChildrenProgress> {
  const rows = await ex
    .select({ workflow: caseIndex.workflow, status: caseIndex.status, n: count() })
    .from(caseIndex)
    .where(and(eq(caseIndex.parentWorkflow, parent.workflow), eq(caseIndex.parentCaseId, parent.caseId)))
    .groupBy(caseIndex.workflow, caseIndex.status);
  const out: ChildrenProgress = { total: 0, byStatus: {}, byWorkflow: {} };
  for (const r of rows) {
    const n = Number(r.n);
    out.total += n;
    out.byStatus[r.status] = (out.byStatus[r.status] ?? 0) + n;
    out.byWorkflow[r.workflow] = { ...out.byWorkflow[r.workflow], [r.status]: n };
  }
  return out;
}

/** Attach an existing case to a parent (when the child was created before the link was known). */
export async function linkParent(ex: Executor, child: CaseRef, parent: CaseRef): Promise<void> {
  await ex
    .update(caseIndex)
    .set({ parentWorkflow: parent.workflow, parentCaseId: parent.caseId })
    .where(and(eq(caseIndex.workflow, child.workflow), eq(caseIndex.caseId, child.caseId)));
}

// ---------------------------------------------------------------- consistency

export interface StatusDrift {
  workflow: string;
  caseId: string;
  stored: string;
  logged: string | null;
  indexed: string | null;
}

/**
 * Cases whose stored status differs from the last logged step or from the index row: empty when
 * every status change went through the engine (tests run it after whole flows, for every type).
 */
export async function statusDrift(ex: Executor, defs: readonly { name: string; table: CaseTable }[]): Promise<StatusDrift[]> {
  const out: StatusDrift[] = [];
  for (const def of defs) {
    const rows = await queryRows<{ case_id: string; stored: string; logged: string | null; indexed: string | null }>(
      ex,
      sql`
      SELECT c.id::text AS case_id, c.status AS stored, l.to_status AS logged, ix.status AS indexed
      FROM ${def.table} c
      LEFT JOIN LATERAL (SELECT to_status FROM workflow_log w WHERE w.workflow = ${def.name} AND w.case_id = c.id::text ORDER BY w.id DESC LIMIT 1) l ON TRUE
      LEFT JOIN case_index ix ON ix.workflow = ${def.name} AND ix.case_id = c.id::text
      WHERE l.to_status IS DISTINCT FROM c.status OR ix.status IS DISTINCT FROM c.status`,
    );
    for (const r of rows) out.push({ workflow: def.name, caseId: r.case_id, stored: r.stored, logged: r.logged, indexed: r.indexed });
  }
  return out;
}
