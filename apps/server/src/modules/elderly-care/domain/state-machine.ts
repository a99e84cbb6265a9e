/** Tiny typed state-machine helper: transitions as data, a typed error for forbidden moves. */

export class TransitionError extends Error {
  readonly code = 'TRANSITION_FORBIDDEN';
  constructor(
    readonly machine: string,
    readonly status: string,
    readonly action: string,
    readonly allowed: readonly string[],
  ) {
    super(
      `状态“${status}”下不允许操作“${action}”（允许：${allowed.join('、') || '无'}）/ ${machine}: action '${action}' is not allowed in status '${status}'`,
    );
    this.name = 'TransitionError';
  }
}

export type TransitionTable<S extends string, A extends string> = { readonly [K in S]: { readonly [B in A]?: S } };

export interface StateMachine<S extends string, A extends string> {
  readonly name: string;
  readonly statuses: readonly S[];
  readonly actions: readonly A[];
  readonly transitions: TransitionTable<S, A>;
  /** Allowed actions per status, derived from the transition table. */
  readonly allowedActionsByStatus: Readonly<Record<S, readonly A[]>>;
  /** Statuses with no outgoing action. */
  readonly terminal: readonly S[];
  next(status: S, action: A): S;
  can(status: S, action: A): boolean;
}

export function defineMachine<S extends string, A extends string>(
  name: string,
  statuses: readonly S[],
  actions: readonly A[],
  transitions: TransitionTable<S, A>,
): StateMachine<S, A> {
  const allowed = {} as Record<S, readonly A[]>;
  for (const s of statuses) {
    const row = transitions[s];
    if (!row) throw new Error(`${name}: no transition row for status '${s}'`);
    allowed[s] = Object.freeze(actions.filter((a) => row[a] !== undefined));
    for (const a of Object.keys(row)) if (!actions.includes(a as A)) throw new Error(`${name}: unknown action '${a}'`);
  }
  const can = (status: S, action: A) => Object.hasOwn(transitions, status) && transitions[status][action] !== undefined;
  return {
    name,
    statuses,
    actions,
    transitions,
    allowedActionsByStatus: Object.freeze(allowed),
    terminal: statuses.filter((s) => allowed[s].length === 0),
    can,
    next(status, action) {
      const to = Object.hasOwn(transitions, status) ? transitions[status][action] : undefined;
      if (to === undefined) throw new TransitionError(name, status, action, Object.hasOwn(allowed, status) ? allowed[status] : []);
      return to;
    },
  };
}
