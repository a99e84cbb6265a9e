import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from './context.ts';
import type { Executor } from './db/client.ts';
import { workflowLog } from './db/schema.ts';
import { AppError } from './errors.ts';

/**
 * Workflows as data. A definition lists, for every status, the actions allowed in it (the
 * Record type makes the compiler reject a missing status), where each action leads, and a
 * policy saying who may take it in which region. Every step taken is appended to
 * workflow_log (append-only, a trigger refuses updates), so a case's history is a query.
 */
export interface WorkflowDefinition<S extends string, A extends string> {
  readonly name: string;
  readonly allowedActions: Readonly<Record<S, readonly A[]>>;
  readonly transitions: Readonly<Record<A, S>>;
  /** May this actor take this action on a case located in caseRegion? */
  readonly policy: (actor: Actor, action: A, caseRegion: string) => boolean;
}

export function defineWorkflow<S extends string, A extends string>(def: WorkflowDefinition<S, A>): WorkflowDefinition<S, A> {
  return def;
}

export function canTransition<S extends string, A extends string>(def: WorkflowDefinition<S, A>, from: S, action: A): boolean {
  return (def.allowedActions[from] ?? []).includes(action);
}

/** Pure: the next status, or INVALID_TRANSITION. */
export function nextStatus<S extends string, A extends string>(def: WorkflowDefinition<S, A>, from: S, action: A): S {
  if (!canTransition(def, from, action)) {
    throw new AppError('INVALID_TRANSITION', [{ field: 'action', code: action, message: `${def.name}: ${action} not allowed in ${from}` }]);
  }
  return def.transitions[action];
}

/** The actions this actor may take now (what the UI shows; others are not shown). */
export function availableActions<S extends string, A extends string>(
  def: WorkflowDefinition<S, A>,
  status: S,
  actor: Actor,
  caseRegion: string,
): A[] {
  return (def.allowedActions[status] ?? []).filter((a) => def.policy(actor, a, caseRegion));
}

export interface TakeActionInput<S extends string, A extends string> {
  caseId: string;
  from: S | null;
  action: A;
  actor: Actor;
  caseRegion: string;
  note?: string | null;
  payload?: Record<string, unknown> | null;
  /** For the creating action (from = null). */
  initialStatus?: S;
}

/** Check the policy and the state table, then append the step. Returns the new status. */
export async function takeAction<S extends string, A extends string>(
  ex: Executor,
  def: WorkflowDefinition<S, A>,
  input: TakeActionInput<S, A>,
): Promise<S> {
  if (!def.policy(input.actor, input.action, input.caseRegion)) {
    throw new AppError('FORBIDDEN', [{ field: 'action', code: input.action, message: `${def.name}.${input.action}` }]);
  }
  const to = input.from === null ? (input.initialStatus as S) : nextStatus(def, input.from, input.action);
  await ex.insert(workflowLog).values({
    workflow: def.name,
    caseId: input.caseId,
    action: input.action,
    fromStatus: input.from,
    toStatus: to,
    actorId: input.actor.userId,
    actorName: input.actor.displayName,
    actorRole: input.actor.roles.join(','),
    note: input.note ?? null,
    payload: input.payload ?? null,
  });
  return to;
}

export async function caseHistory(ex: Executor, workflow: string, caseId: string) {
  return ex
    .select()
    .from(workflowLog)
    .where(and(eq(workflowLog.workflow, workflow), eq(workflowLog.caseId, caseId)))
    .orderBy(asc(workflowLog.id));
}

/** The status implied by the log (used to check the stored status against the history). */
export async function statusFromLog(ex: Executor, workflow: string, caseId: string): Promise<string | null> {
  const h = await caseHistory(ex, workflow, caseId);
  return h.length ? h[h.length - 1].toStatus : null;
}
