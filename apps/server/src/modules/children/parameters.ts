/** The children module's effective-dated parameters on the platform store (module 'children'), with DEMO values. */
import { z } from 'zod';
import type { Executor } from '../../platform/db/client.ts';
import { defineParameter, valueOn } from '../../platform/parameters.ts';
import type { ChildRuleParams } from './domain/classify.ts';

export const MODULE = 'children';
const n = z.number().int().min(0).max(240);

export const C = {
  classification: defineParameter(
    MODULE,
    'classification',
    z.object({ adultAge: n, leftBehindAge: n, minRestrictionMonths: n, minMissingMonths: n }),
  ),
  basicLivingAllowance: defineParameter(MODULE, 'basicLivingAllowance', z.object({ fenPerMonth: z.number().int().min(0).max(1e9) })),
} as const;

export const DEMO_SOURCE = 'DEMO 演示参数:须由市民政局按文件核定后替换 / DEMO values to be replaced by the bureau';

export const DEMO_CHILDREN = {
  classification: { validFrom: '2020-01-01', value: { adultAge: 18, leftBehindAge: 16, minRestrictionMonths: 6, minMissingMonths: 6 } },
  basicLivingAllowance: { validFrom: '2020-01-01', value: { fenPerMonth: 200_000 } },
} as const;

export async function childParamsOn(ex: Executor, asOf: string): Promise<{ params: ChildRuleParams; ruleVersion: string }> {
  const v = await valueOn(ex, C.classification, asOf);
  return { params: v.value, ruleVersion: `lq-children-rules/1 (${asOf}; classification@${v.validFrom})` };
}
