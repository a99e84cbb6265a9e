import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import { AppError, ERROR_CODES } from '../errors.ts';
import type { AppContext } from '../http/app-context.ts';
import { onEnqueue } from './queue.ts';
import { type JobRunContext, jobKind, registeredKinds } from './registry.ts';
import type { JobRow } from './schema.ts';

export interface WorkerOptions {
  /** Distinct per process (default: host:pid:random). */
  workerId?: string;
  /** The clock: claims, leases and run_at compare against it, so tests can move time. */
  now?: () => Date;
  /** Poll interval when idle (ms). */
  pollMs?: number;
  /** How long a claim lasts without renewal; a process killed mid-job loses it after this. */
  leaseMs?: number;
  /** Jobs run at the same time by this worker. */
  concurrency?: number;
  /** Delay before attempt n+1 is base * 2^(n-1) ms. */
  retryBaseMs?: number;
  /** How often progress is written to the row at most (ms). */
  progressFlushMs?: number;
  /** On stop: how long running jobs may finish before they are aborted and requeued. */
  stopGraceMs?: number;
  log?: (msg: string, err?: unknown) => void;
  /** Only these kinds (default: every registered kind). */
  kinds?: string[];
}

/** A handler failure that retrying cannot fix (bad payload, business rule refusal). */
export class PermanentJobError extends Error {}

interface Running {
  row: JobRow;
  controller: AbortController;
  done: Promise<void>;
  stopping: boolean;
}

type RawJob = Record<string, unknown>;

/** Rows read with raw SQL have snake_case columns; map them to the drizzle shape. */
function fromRaw(r: RawJob): JobRow {
  const d = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    id: String(r.id),
    kind: String(r.kind),
    payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    status: String(r.status),
    progress: Number(r.progress),
    progressMessage: (r.progress_message as string | null) ?? null,
    result: r.result ?? null,
    error: (r.error as string | null) ?? null,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    runAt: d(r.run_at) ?? new Date(0),
    lockedBy: (r.locked_by as string | null) ?? null,
    leaseUntil: d(r.lease_until),
    cancelRequested: Boolean(r.cancel_requested),
    scheduleName: (r.schedule_name as string | null) ?? null,
    createdBy: (r.created_by as string | null) ?? null,
    createdByName: (r.created_by_name as string | null) ?? null,
    regionCode: String(r.region_code),
    createdAt: d(r.created_at) ?? new Date(0),
    startedAt: d(r.started_at),
    finishedAt: d(r.finished_at),
  };
}

function message(err: unknown): string {
  if (err instanceof AppError)
    return `${err.code}: ${ERROR_CODES[err.code].zh} / ${err.message}${err.details?.length ? ` ${JSON.stringify(err.details)}` : ''}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Runs queued jobs of the kinds registered in this process. Claims one row at a time with
 * FOR UPDATE SKIP LOCKED (two workers never take the same job) and holds it with a lease it
 * renews while the handler runs; a job whose lease ran out (process killed) is claimed again,
 * counting as an attempt, until max_attempts.
 */
export class JobWorker {
  readonly id: string;
  private readonly now: () => Date;
  private readonly o: Required<Omit<WorkerOptions, 'workerId' | 'now' | 'kinds'>>;
  private readonly kinds: string[] | null;
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private polling: Promise<void> | null = null;
  private unlisten: (() => void) | null = null;

  constructor(
    private readonly ctx: AppContext,
    options: WorkerOptions = {},
  ) {
    this.id = options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
    this.now = options.now ?? (() => new Date());
    this.kinds = options.kinds ?? null;
    this.o = {
      pollMs: options.pollMs ?? 1000,
      leaseMs: options.leaseMs ?? 60_000,
      concurrency: options.concurrency ?? 2,
      retryBaseMs: options.retryBaseMs ?? 10_000,
      progressFlushMs: options.progressFlushMs ?? 500,
      stopGraceMs: options.stopGraceMs ?? 10_000,
      log: options.log ?? ((m, e) => console.error(m, e ?? '')),
    };
  }

  /** Start polling (main.ts); tests mostly call runOnce/runUntilIdle instead. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unlisten = onEnqueue(() => this.poke());
    this.poke();
  }

  private poke(): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.polling) return;
    this.polling = this.fill()
      .catch((e) => this.o.log('任务轮询失败 job poll failed', e))
      .finally(() => {
        this.polling = null;
        if (this.started) this.timer = setTimeout(() => this.poke(), this.o.pollMs);
      });
  }

  private async fill(): Promise<void> {
    while (this.started && this.running.size < this.o.concurrency) {
      const row = await this.claim();
      if (!row) return;
      const r = this.launch(row);
      void r.done.then(() => this.poke());
    }
  }

  /** Claim the next due job (or one whose lease expired); null when there is none. */
  async claim(): Promise<JobRow | null> {
    const kinds = registeredKinds().filter((k) => !this.kinds || this.kinds.includes(k));
    if (!kinds.length) return null;
    const now = this.now();
    const nowIso = now.toISOString();
    const leaseUntil = new Date(now.getTime() + this.o.leaseMs).toISOString();
    const kindList = sql.join(
      kinds.map((k) => sql`${k}`),
      sql`, `,
    );
    const mine = [...this.running.keys()];
    const notMine = mine.length
      ? sql`AND id NOT IN (${sql.join(
          mine.map((m) => sql`${m}::uuid`),
          sql`, `,
        )})`
      : sql``;
    return this.ctx.db.transaction(async (tx) => {
      // A job that lost its lease on its last allowed attempt has failed for good.
      await tx.execute(sql`
        UPDATE jobs SET status = 'failed', locked_by = NULL, lease_until = NULL, finished_at = ${nowIso}::timestamptz,
          error = coalesce(error || ' / ', '') || ${'进程中断,已达最大尝试次数 / interrupted, no attempts left'}
        WHERE status = 'running' AND lease_until < ${nowIso}::timestamptz AND attempts >= max_attempts ${notMine}`);
      const rows = await queryRows<RawJob>(
        tx,
        sql`
        UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${this.id},
          lease_until = ${leaseUntil}::timestamptz, started_at = coalesce(started_at, ${nowIso}::timestamptz),
          error = CASE WHEN status = 'running' THEN coalesce(error || ' / ', '') || ${'上次运行中断 / previous run interrupted'} ELSE error END
        WHERE id = (
          SELECT id FROM jobs
          WHERE kind IN (${kindList}) ${notMine}
            AND ((status = 'queued' AND run_at <= ${nowIso}::timestamptz)
              OR (status = 'running' AND lease_until < ${nowIso}::timestamptz AND attempts < max_attempts))
          ORDER BY run_at, created_at, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      );
      return rows[0] ? fromRaw(rows[0]) : null;
    });
  }

  /** Claim and run one job to its end; returns the job's final row, or null when none was due. */
  async runOnce(): Promise<JobRow | null> {
    const row = await this.claim();
    if (!row) return null;
    await this.launch(row).done;
    const rows = await queryRows<RawJob>(this.ctx.db, sql`SELECT * FROM jobs WHERE id = ${row.id}`);
    return rows[0] ? fromRaw(rows[0]) : null;
  }

  /** Run jobs until none is due (tests). */
  async runUntilIdle(limit = 100): Promise<JobRow[]> {
    const out: JobRow[] = [];
    for (let i = 0; i < limit; i++) {
      const r = await this.runOnce();
      if (!r) break;
      out.push(r);
    }
    return out;
  }

  private launch(row: JobRow): Running {
    const controller = new AbortController();
    const r: Running = { row, controller, stopping: false, done: Promise.resolve() };
    this.running.set(row.id, r);
    r.done = this.execute(r).finally(() => this.running.delete(row.id));
    return r;
  }

  private async execute(r: Running): Promise<void> {
    const { row, controller } = r;
    const kind = jobKind(row.kind);
    let progress = { fraction: row.progress, message: row.progressMessage, dirty: false };
    let flushTimer: NodeJS.Timeout | null = null;
    let writing: Promise<void> = Promise.resolve();
    const renew = async (withProgress: boolean) => {
      const p = progress;
      p.dirty = false;
      const leaseUntil = new Date(this.now().getTime() + this.o.leaseMs).toISOString();
      const rows = await queryRows<{ cancel_requested: boolean }>(
        this.ctx.db,
        withProgress
          ? sql`UPDATE jobs SET lease_until = ${leaseUntil}::timestamptz, progress = ${p.fraction}, progress_message = ${p.message}
                WHERE id = ${row.id} AND locked_by = ${this.id} AND status = 'running' RETURNING cancel_requested`
          : sql`UPDATE jobs SET lease_until = ${leaseUntil}::timestamptz
                WHERE id = ${row.id} AND locked_by = ${this.id} AND status = 'running' RETURNING cancel_requested`,
      );
      if (!rows[0]) controller.abort(new Error('租约已失去 / lease lost'));
      else if (rows[0].cancel_requested) controller.abort(new Error('已取消 / cancelled'));
    };
    // Writes are chained and never awaited by the handler: on PGlite (one connection) a handler
    // inside a long transaction would otherwise wait for itself.
    const queueWrite = (withProgress: boolean) => {
      writing = writing.then(() => renew(withProgress)).catch((e) => this.o.log('任务续租失败 job lease renewal failed', e));
    };
    const heartbeat = setInterval(() => queueWrite(progress.dirty), Math.max(50, Math.floor(this.o.leaseMs / 3)));
    const jc: JobRunContext = {
      signal: controller.signal,
      now: this.now,
      app: this.ctx,
      job: row,
      reportProgress: (fraction, msg) => {
        const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
        progress = { fraction: f, message: msg ?? progress.message, dirty: true };
        if (!flushTimer)
          flushTimer = setTimeout(() => {
            flushTimer = null;
            if (progress.dirty) queueWrite(true);
          }, this.o.progressFlushMs);
      },
    };
    let outcome: { ok: true; result: unknown } | { ok: false; err: unknown };
    try {
      if (!kind) throw new PermanentJobError(`未注册的任务类型 / unknown job kind ${row.kind}`);
      let payload: unknown;
      try {
        payload = kind.parse(row.payload);
      } catch (e) {
        throw new PermanentJobError(`任务参数无效 / invalid payload: ${message(e)}`);
      }
      outcome = { ok: true, result: (await kind.handler(payload, jc)) ?? null };
    } catch (err) {
      outcome = { ok: false, err };
    } finally {
      clearInterval(heartbeat);
      if (flushTimer) clearTimeout(flushTimer);
    }
    // The last reported progress (e.g. a summary message) is kept.
    if (progress.dirty) queueWrite(true);
    await writing;
    try {
      await this.finish(r, outcome);
    } catch (e) {
      this.o.log(`任务状态写入失败 could not record the end of job ${row.id}`, e);
    }
  }

  private async finish(r: Running, outcome: { ok: true; result: unknown } | { ok: false; err: unknown }): Promise<void> {
    const { row } = r;
    const now = this.now();
    const nowIso = now.toISOString();
    const own = sql`id = ${row.id} AND locked_by = ${this.id} AND status = 'running'`;
    if (r.stopping) {
      // Shut down mid-run: hand the job back untouched, without counting the attempt.
      await this.ctx.db.execute(sql`
        UPDATE jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), locked_by = NULL, lease_until = NULL, run_at = ${nowIso}::timestamptz
        WHERE ${own}`);
      return;
    }
    const [state] = await queryRows<{ cancel_requested: boolean }>(this.ctx.db, sql`SELECT cancel_requested FROM jobs WHERE ${own}`);
    if (!state) return; // the lease was lost and another worker owns the job now
    if (outcome.ok) {
      await this.ctx.db.execute(sql`
        UPDATE jobs SET status = 'succeeded', progress = 1, result = ${JSON.stringify(outcome.result)}::jsonb,
          locked_by = NULL, lease_until = NULL, finished_at = ${nowIso}::timestamptz
        WHERE ${own}`);
      return;
    }
    const err = outcome.err;
    if (state.cancel_requested) {
      await this.ctx.db.execute(sql`
        UPDATE jobs SET status = 'cancelled', locked_by = NULL, lease_until = NULL, finished_at = ${nowIso}::timestamptz
        WHERE ${own}`);
      return;
    }
    const permanent = err instanceof PermanentJobError || err instanceof AppError;
    const text = message(err).slice(0, 4000);
    if (!permanent && row.attempts < row.maxAttempts) {
      const retryAt = new Date(now.getTime() + this.o.retryBaseMs * 2 ** Math.max(0, row.attempts - 1)).toISOString();
      await this.ctx.db.execute(sql`
        UPDATE jobs SET status = 'queued', error = ${text}, locked_by = NULL, lease_until = NULL, run_at = ${retryAt}::timestamptz
        WHERE ${own}`);
      return;
    }
    await this.ctx.db.execute(sql`
      UPDATE jobs SET status = 'failed', error = ${text}, locked_by = NULL, lease_until = NULL, finished_at = ${nowIso}::timestamptz
      WHERE ${own}`);
  }

  /** Jobs this worker runs now. */
  get active(): number {
    return this.running.size;
  }

  /** Stop claiming; running jobs get `stopGraceMs` to finish, then are aborted and handed back to the queue. */
  async stop(): Promise<void> {
    this.started = false;
    this.unlisten?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.polling;
    const all = [...this.running.values()];
    if (!all.length) return;
    const grace = new Promise<void>((res) => setTimeout(res, this.o.stopGraceMs).unref());
    await Promise.race([Promise.allSettled(all.map((r) => r.done)), grace]);
    for (const r of this.running.values()) {
      r.stopping = true;
      r.controller.abort(new Error('服务正在关闭 / shutting down'));
    }
    await Promise.allSettled(all.map((r) => r.done));
  }
}
