import type { AppContext } from '../http/app-context.ts';
import type { JobRow } from './schema.ts';

/** What a running handler gets besides its payload. */
export interface JobRunContext {
  /** Record progress (0..1) and a short message; written to the job row shortly after (never awaited). */
  reportProgress(fraction: number, message?: string): void;
  /** Aborted when the job is cancelled, its lease is lost, or the process shuts down. */
  signal: AbortSignal;
  /** The worker's clock (tests move it). */
  now(): Date;
  job: Pick<JobRow, 'id' | 'kind' | 'attempts' | 'maxAttempts' | 'createdBy' | 'createdByName' | 'regionCode' | 'runAt' | 'scheduleName'>;
  app: AppContext;
}

export type JobHandler<P = unknown> = (payload: P, jc: JobRunContext) => Promise<unknown>;

export interface JobKind<P = unknown> {
  handler: JobHandler<P>;
  /** Parses the stored payload (zod schema's parse, or a function); a bad payload fails the job without retry. */
  parse?: (raw: unknown) => P;
  /** Attempts before the job fails for good (default 3). */
  maxAttempts?: number;
  /** Users may cancel it (queued: at once; running: the handler sees `signal` aborted). */
  cancellable?: boolean;
}

interface StoredKind {
  handler: JobHandler<unknown>;
  parse: (raw: unknown) => unknown;
  maxAttempts: number;
  cancellable: boolean;
}

const kinds = new Map<string, StoredKind>();

/**
 * Register the handler of a job kind (once per process; modules call it when they load). The
 * worker only claims jobs of registered kinds, so a process without a module leaves its jobs queued.
 */
export function registerJobKind<P>(kind: string, def: JobKind<P>): void {
  if (kinds.has(kind)) throw new Error(`job kind ${kind} registered twice`);
  kinds.set(kind, {
    // The handler is only ever called with the output of its own parse.
    handler: def.handler as JobHandler<unknown>,
    parse: def.parse ?? ((raw) => raw),
    maxAttempts: def.maxAttempts ?? 3,
    cancellable: def.cancellable ?? false,
  });
}

export function jobKind(kind: string): StoredKind | undefined {
  return kinds.get(kind);
}

export function registeredKinds(): string[] {
  return [...kinds.keys()];
}

/**
 * Hooks another module fills in later (e.g. the case engine's timers): the job kind exists and is
 * scheduled now; each registered hook runs in order and reports what it did. No hook: nothing to do.
 */
export type JobHook = (jc: JobRunContext) => Promise<Record<string, unknown> | undefined>;
const hooks = new Map<string, { name: string; run: JobHook }[]>();

export function addJobHook(kind: string, name: string, run: JobHook): void {
  const list = hooks.get(kind) ?? [];
  if (list.some((h) => h.name === name)) throw new Error(`hook ${name} already added to ${kind}`);
  list.push({ name, run });
  hooks.set(kind, list);
}

/** Register `kind` as a job that runs the hooks added to it (see addJobHook). */
export function registerHookKind(kind: string): void {
  registerJobKind(kind, {
    maxAttempts: 3,
    handler: async (_payload, jc) => {
      const list = hooks.get(kind) ?? [];
      const ran: Record<string, unknown> = {};
      for (const [i, h] of list.entries()) {
        if (jc.signal.aborted) throw jc.signal.reason;
        jc.reportProgress(i / list.length, h.name);
        ran[h.name] = (await h.run(jc)) ?? null;
      }
      return { hooks: list.map((h) => h.name), ran };
    },
  });
}
