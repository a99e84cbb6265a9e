import { sql } from 'drizzle-orm';
import { loadDeployment } from '../../config.ts';
import { type Db, queryRows } from '../db/client.ts';
import { enqueueJob } from './queue.ts';
import type { JobRow } from './schema.ts';

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export type ScheduleSpec =
  | { type: 'daily'; hour: number; minute: number }
  | { type: 'monthly'; day: number; hour: number; minute: number }
  | { type: 'every'; minutes: number };

/**
 * Schedule specs (times in Asia/Shanghai): `daily 01:30`, `monthly 5 02:00` (day 1-28),
 * `every 15m` (minutes, from the last planned run).
 */
export function parseSpec(spec: string): ScheduleSpec {
  const s = spec.trim();
  let m = /^daily (\d{1,2}):(\d{2})$/.exec(s);
  if (m) return checkTime({ type: 'daily' as const, hour: Number(m[1]), minute: Number(m[2]) }, spec);
  m = /^monthly (\d{1,2}) (\d{1,2}):(\d{2})$/.exec(s);
  if (m) {
    const day = Number(m[1]);
    if (day < 1 || day > 28) throw new Error(`schedule day must be 1-28: ${spec}`);
    return checkTime({ type: 'monthly' as const, day, hour: Number(m[2]), minute: Number(m[3]) }, spec);
  }
  m = /^every (\d+)m$/.exec(s);
  if (m && Number(m[1]) >= 1) return { type: 'every', minutes: Number(m[1]) };
  throw new Error(`unknown schedule spec: ${spec}`);
}

function checkTime<T extends { hour: number; minute: number }>(t: T, spec: string): T {
  if (t.hour > 23 || t.minute > 59) throw new Error(`bad time in schedule spec: ${spec}`);
  return t;
}

/** The first planned run strictly after `after`. */
export function nextRun(spec: string, after: Date): Date {
  const p = parseSpec(spec);
  if (p.type === 'every') return new Date(after.getTime() + p.minutes * 60_000);
  const local = new Date(after.getTime() + SHANGHAI_OFFSET_MS);
  const y = local.getUTCFullYear();
  const mo = local.getUTCMonth();
  const at = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, day, p.hour, p.minute) - SHANGHAI_OFFSET_MS);
  if (p.type === 'daily') {
    const d = local.getUTCDate();
    const today = at(y, mo, d);
    return today > after ? today : at(y, mo, d + 1);
  }
  const thisMonth = at(y, mo, p.day);
  return thisMonth > after ? thisMonth : at(y, mo + 1, p.day);
}

/** The previous calendar day in Asia/Shanghai of an instant, YYYY-MM-DD. */
export function shanghaiDayBefore(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS - 86_400_000).toISOString().slice(0, 10);
}

export interface ScheduleDef {
  name: string;
  kind: string;
  spec: string;
  payload?: Record<string, unknown>;
  /** Region the jobs belong to (default: the county). */
  regionCode?: string;
  enabled?: boolean;
}

const declared = new Map<string, ScheduleDef>();

/** Declare a schedule the platform ships (modules call this when they load); written by ensureSchedules. */
export function declareSchedule(def: ScheduleDef): void {
  parseSpec(def.spec);
  declared.set(def.name, def);
}

export function declaredSchedules(): ScheduleDef[] {
  return [...declared.values()];
}

/**
 * Create the declared schedules that are missing; an existing row keeps its next run and its
 * enabled flag (operators may switch one off), unless its spec changed in code.
 */
export async function ensureSchedules(db: Db, now: Date, defs: ScheduleDef[] = declaredSchedules()): Promise<void> {
  for (const d of defs) {
    const next = nextRun(d.spec, now).toISOString();
    await db.execute(sql`
      INSERT INTO job_schedules (name, kind, payload, spec, region_code, enabled, next_run_at)
      VALUES (${d.name}, ${d.kind}, ${JSON.stringify(d.payload ?? {})}::jsonb, ${d.spec}, ${d.regionCode ?? loadDeployment().county.code}, ${d.enabled ?? true}, ${next}::timestamptz)
      ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, payload = excluded.payload, region_code = excluded.region_code,
        next_run_at = CASE WHEN job_schedules.spec = excluded.spec THEN job_schedules.next_run_at ELSE excluded.next_run_at END,
        spec = excluded.spec`);
  }
}

export interface SchedulerOptions {
  now?: () => Date;
  pollMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

/**
 * Turns due schedules into jobs. Each due row is locked (FOR UPDATE SKIP LOCKED) and moved to its
 * next run in the same transaction as the job it enqueues, so with several processes a planned
 * run makes exactly one job. After downtime a schedule fires once, then continues from now.
 */
export class Scheduler {
  private readonly now: () => Date;
  private readonly pollMs: number;
  private readonly log: (msg: string, err?: unknown) => void;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<unknown> | null = null;
  private started = false;

  constructor(
    private readonly db: Db,
    options: SchedulerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.pollMs = options.pollMs ?? 30_000;
    this.log = options.log ?? ((m, e) => console.error(m, e ?? ''));
  }

  /** Enqueue the jobs of every due schedule; returns them. */
  async tick(): Promise<JobRow[]> {
    const now = this.now();
    const nowIso = now.toISOString();
    return this.db.transaction(async (tx) => {
      const due = await queryRows<{
        name: string;
        kind: string;
        payload: unknown;
        spec: string;
        region_code: string;
        next_run_at: string | Date;
      }>(
        tx,
        sql`
        SELECT name, kind, payload, spec, region_code, next_run_at FROM job_schedules
        WHERE enabled AND next_run_at <= ${nowIso}::timestamptz
        ORDER BY next_run_at, name
        FOR UPDATE SKIP LOCKED`,
      );
      const out: JobRow[] = [];
      for (const s of due) {
        const planned = new Date(s.next_run_at);
        let next = nextRun(s.spec, planned);
        if (next <= now) next = nextRun(s.spec, now);
        const payload = typeof s.payload === 'string' ? JSON.parse(s.payload) : s.payload;
        const job = await enqueueJob(tx, {
          kind: s.kind,
          payload: { ...(payload as Record<string, unknown>), scheduledFor: planned.toISOString() },
          regionCode: s.region_code,
          runAt: now,
          scheduleName: s.name,
        });
        const moved = await queryRows<{ name: string }>(
          tx,
          sql`
          UPDATE job_schedules SET next_run_at = ${next.toISOString()}::timestamptz, last_run_at = ${nowIso}::timestamptz, last_job_id = ${job.id}
          WHERE name = ${s.name} AND next_run_at = ${planned.toISOString()}::timestamptz RETURNING name`,
        );
        // Not ours after all (cannot happen under the row lock): undo this job with the transaction.
        if (!moved.length) throw new Error(`schedule ${s.name} moved under us`);
        out.push(job);
      }
      return out;
    });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const loop = () => {
      if (!this.started) return;
      this.ticking = this.tick()
        .catch((e) => this.log('定时任务检查失败 schedule check failed', e))
        .finally(() => {
          this.ticking = null;
          if (this.started) this.timer = setTimeout(loop, this.pollMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
  }
}
