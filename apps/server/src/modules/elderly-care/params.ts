/**
 * Effective-dated rule parameters. Every rule number of the loop (check-in distance, sampling
 * share, reassessment interval, coma level, budget, coverage target, visit horizon) is read from
 * ec_parameters for the business date; the shipped rows are DEMO values the bureau replaces.
 */

import type { EcParameterKey, SubsidyRule } from '@lq/contracts';
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { ecParameters, ecSubsidyRules } from './schema.ts';

export const PARAMETER_SCHEMAS = {
  assessment: z.object({
    /** Level assigned to a person in a coma (sources differ: 3 重度 vs 4 完全). */
    comaLevel: z.union([z.literal(3), z.literal(4)]),
    cumulativeRaises: z.boolean(),
    reassessmentIntervalMonths: z.number().int().min(1).max(60),
  }),
  anomaly: z.object({
    maxCheckinDistanceM: z.number().int().min(10).max(100_000),
    minDurationShare: z.number().min(0).max(1),
  }),
  followup: z.object({ sampleShareBp: z.number().int().min(0).max(10_000), complaintResponseDays: z.number().int().min(1).max(90) }),
  visits: z
    .object({
      horizonDays: z.number().int().min(1).max(92),
      defaultWindowStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
      defaultWindowEnd: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
      /** Check-in later than this many minutes after the window end is not on time. */
      onTimeGraceMin: z.number().int().min(0).max(240),
    })
    .refine((v) => v.defaultWindowStart < v.defaultWindowEnd, {
      path: ['defaultWindowEnd'],
      error: '时间窗结束须晚于开始 / the window must end after it starts',
    }),
  budget: z.object({ annualSubsidyBudgetFen: z.number().int().min(0) }),
  coverage: z.object({ townshipCentreTarget: z.number().int().min(0), targetYear: z.number().int() }),
} as const;
export type ParameterKey = keyof typeof PARAMETER_SCHEMAS;
export type ParameterValue<K extends ParameterKey> = z.infer<(typeof PARAMETER_SCHEMAS)[K]>;
export const PARAMETER_KEYS = Object.keys(PARAMETER_SCHEMAS) as ParameterKey[];
// The wire (packages/contracts) names the same keys: a key added here must be added there.
const _sameKeys: [EcParameterKey, ParameterKey] extends [ParameterKey, EcParameterKey] ? true : never = true;
void _sameKeys;

export const DEMO_SOURCE = 'DEMO PARAMETERS — 演示参数，非龙泉市正式标准，须由民政局按文件核定后替换';

/** The shipped DEMO values (seeded as configuration rows; never read as constants by the use cases). */
export const DEMO_PARAMETERS: { [K in ParameterKey]: ParameterValue<K> } = {
  assessment: { comaLevel: 4, cumulativeRaises: true, reassessmentIntervalMonths: 12 },
  anomaly: { maxCheckinDistanceM: 500, minDurationShare: 0.5 },
  followup: { sampleShareBp: 1000, complaintResponseDays: 7 },
  visits: { horizonDays: 14, defaultWindowStart: '08:00', defaultWindowEnd: '16:00', onTimeGraceMin: 15 },
  budget: { annualSubsidyBudgetFen: 500_000_000 },
  coverage: { townshipCentreTarget: 19, targetYear: 2022 },
};

/** The value of a parameter in force on `date`, or 409 when the bureau has configured none. */
export async function paramOn<K extends ParameterKey>(ex: Executor, key: K, date: string): Promise<ParameterValue<K>> {
  const rows = await ex
    .select()
    .from(ecParameters)
    .where(
      and(
        eq(ecParameters.key, key),
        lte(ecParameters.validFrom, date),
        sql`(${ecParameters.validTo} IS NULL OR ${ecParameters.validTo} >= ${date})`,
      ),
    )
    .orderBy(desc(ecParameters.validFrom))
    .limit(1);
  if (!rows[0])
    throw new AppError('PARAMETER_MISSING', [
      { field: key, message: `${date} 无有效的参数 ${key} / no parameter ${key} in force on ${date}` },
    ]);
  return PARAMETER_SCHEMAS[key].parse(rows[0].value) as ParameterValue<K>;
}

export async function listParameters(ex: Executor) {
  return ex.select().from(ecParameters).orderBy(asc(ecParameters.key), asc(ecParameters.validFrom));
}

export async function loadSubsidyRules(ex: Executor): Promise<SubsidyRule[]> {
  const rows = await ex.select().from(ecSubsidyRules).orderBy(asc(ecSubsidyRules.validFrom));
  return rows.map((r) => r.rule as SubsidyRule);
}

/** The day before an ISO date (closing the previous version of an effective-dated row). */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** ISO weekday 1 (Mon) .. 7 (Sun). */
export function isoWeekday(date: string): number {
  const w = new Date(`${date}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}
export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}` };
}
