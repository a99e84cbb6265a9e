/**
 * The assistance module's effective-dated parameters on the platform store (module 'assistance'),
 * their shipped DEMO values, and the read of all of them in force on a date with what-if overrides.
 * Money in integer fen.
 */
import { z } from 'zod';
import type { Executor } from '../../platform/db/client.ts';
import { defineParameter, type ParameterDef, valueOn } from '../../platform/parameters.ts';
import { ASSISTANCE_RULES_VERSION, type AssistanceRuleParams, yuanToFen } from './domain/rules.ts';

export const MODULE = 'assistance';
const fen = z.number().int().min(0).max(1e11);
const age = z.number().int().min(0).max(130);

export const P = {
  dibaoStandard: defineParameter(MODULE, 'dibaoStandard', z.object({ fenPerPersonMonth: fen.min(1) })),
  marginalMultiple: defineParameter(MODULE, 'marginalMultiple', z.object({ multiple: z.number().min(1).max(10) })),
  perCapitaDisposableIncome: defineParameter(MODULE, 'perCapitaDisposableIncome', z.object({ fenPerYear: fen.min(1) })),
  basicPensionBase: defineParameter(
    MODULE,
    'basicPensionBase',
    z.object({ excludedUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), excludedAfter: z.boolean() }),
  ),
  rounding: defineParameter(MODULE, 'rounding', z.object({ mode: z.enum(['fen', 'yuan_half_up', 'yuan_up', 'yuan_down']) })),
  household: defineParameter(MODULE, 'household', z.object({ adultAge: age })),
  tekunThresholds: defineParameter(
    MODULE,
    'tekunThresholds',
    z.object({
      elderAge: age,
      minorAge: age,
      supportUntilAge: age,
      obligorDibaoAge: age,
      obligorElderAge: age,
      partialFromItems: z.number().int().min(1).max(6),
      fullFromItems: z.number().int().min(1).max(6),
    }),
  ),
  tekunSupport: defineParameter(MODULE, 'tekunSupport', z.object({ multipleOfDibao: z.number().min(1).max(10) })),
  careAllowance: defineParameter(MODULE, 'careAllowance', z.object({ selfCareFen: fen, partialFen: fen, fullFen: fen })),
  gradualExit: defineParameter(MODULE, 'gradualExit', z.object({ months: z.number().int().min(0).max(60), employmentOnly: z.boolean() })),
  rigidExpense: defineParameter(
    MODULE,
    'rigidExpense',
    z.object({ shareOfIncome: z.number().min(0).max(10), validMonths: z.number().int().min(1).max(60) }),
  ),
  rigidCostDeduction: defineParameter(
    MODULE,
    'rigidCostDeduction',
    z.object({ kinds: z.array(z.string().regex(/^[a-z_]{1,40}$/)).max(20) }),
  ),
  review: defineParameter(
    MODULE,
    'review',
    z.object({
      stableMonths: z.number().int().min(1).max(60),
      variableMonths: z.number().int().min(1).max(60),
      workingAgeFrom: age,
      workingAgeTo: age,
    }),
  ),
  temporaryAssistance: defineParameter(
    MODULE,
    'temporaryAssistance',
    z.object({
      paperworkDays: z.number().int().min(1).max(90),
      townshipCapMultiple: z.number().min(0).max(100),
      countyCapMultiple: z.number().min(0).max(100),
    }),
  ),
} as const;
type Defs = typeof P;
type Values = { [K in keyof Defs]: Defs[K] extends ParameterDef<infer S> ? z.infer<S> : never };

export const DEMO_SOURCE =
  'DEMO 演示参数:未找到龙泉市正式公布的标准,须由市民政局按文件核定后替换 / DEMO values, Longquan’s official figures were not found';

/** Shipped DEMO values (seeded as configuration, never read as constants by the rules). */
export const DEMO_ASSISTANCE: { [K in keyof Defs]: { validFrom: string; value: Values[K]; note?: string } } = {
  dibaoStandard: { validFrom: '2020-01-01', value: { fenPerPersonMonth: 105_000 } },
  marginalMultiple: { validFrom: '2020-01-01', value: { multiple: 1.5 }, note: '低保边缘 1.5 倍' },
  perCapitaDisposableIncome: { validFrom: '2020-01-01', value: { fenPerYear: 4_800_000 } },
  basicPensionBase: { validFrom: '2020-01-01', value: { excludedUntil: '2025-12-31', excludedAfter: false } },
  rounding: { validFrom: '2020-01-01', value: { mode: 'yuan_up' } },
  household: { validFrom: '2020-01-01', value: { adultAge: 18 } },
  tekunThresholds: {
    validFrom: '2020-01-01',
    value: {
      elderAge: 60,
      minorAge: 16,
      supportUntilAge: 18,
      obligorDibaoAge: 60,
      obligorElderAge: 70,
      partialFromItems: 1,
      fullFromItems: 4,
    },
  },
  tekunSupport: { validFrom: '2020-01-01', value: { multipleOfDibao: 1.3 } },
  careAllowance: { validFrom: '2020-01-01', value: { selfCareFen: 10_000, partialFen: 50_000, fullFen: 100_000 } },
  gradualExit: { validFrom: '2020-01-01', value: { months: 12, employmentOnly: false }, note: '龙泉市 2020 意见(六)一年渐退期' },
  rigidExpense: { validFrom: '2020-01-01', value: { shareOfIncome: 0.5, validMonths: 12 } },
  rigidCostDeduction: { validFrom: '2020-01-01', value: { kinds: ['serious_illness_medical', 'disability_rehabilitation'] } },
  review: { validFrom: '2020-01-01', value: { stableMonths: 12, variableMonths: 6, workingAgeFrom: 16, workingAgeTo: 59 } },
  temporaryAssistance: { validFrom: '2020-01-01', value: { paperworkDays: 5, townshipCapMultiple: 3, countyCapMultiple: 12 } },
};

export interface Overrides {
  dibaoStandard?: number;
  marginalMultiple?: number;
  perCapitaDisposableIncome?: number;
}

/**
 * All assistance parameters in force on `asOf` (409 PARAMETER_MISSING when one is not configured),
 * with what-if overrides in yuan, and the rule version naming every version used.
 */
export async function assistanceParamsOn(
  ex: Executor,
  asOf: string,
  overrides: Overrides = {},
): Promise<{ params: AssistanceRuleParams; ruleVersion: string }> {
  const tags: string[] = [];
  const get = async <S extends z.ZodType>(def: ParameterDef<S>): Promise<z.infer<S>> => {
    const v = await valueOn(ex, def, asOf);
    tags.push(`${def.key}@${v.validFrom}`);
    return v.value;
  };
  const overridden = async <T>(key: keyof Overrides, given: number | undefined, load: () => Promise<T>, fromYuan: (y: number) => T) => {
    if (given === undefined) return load();
    tags.push(`${key}=override`);
    return fromYuan(given);
  };
  const dibaoStandardFen = await overridden(
    'dibaoStandard',
    overrides.dibaoStandard,
    async () => (await get(P.dibaoStandard)).fenPerPersonMonth,
    yuanToFen,
  );
  const marginalMultiple = await overridden(
    'marginalMultiple',
    overrides.marginalMultiple,
    async () => (await get(P.marginalMultiple)).multiple,
    (m) => m,
  );
  const perCapitaDisposableIncomeFen = await overridden(
    'perCapitaDisposableIncome',
    overrides.perCapitaDisposableIncome,
    async () => (await get(P.perCapitaDisposableIncome)).fenPerYear,
    yuanToFen,
  );
  const care = await get(P.careAllowance);
  const params: AssistanceRuleParams = {
    dibaoStandardFen,
    marginalMultiple,
    perCapitaDisposableIncomeFen,
    basicPensionBase: await get(P.basicPensionBase),
    rounding: (await get(P.rounding)).mode,
    adultAge: (await get(P.household)).adultAge,
    tekun: await get(P.tekunThresholds),
    tekunSupportMultiple: (await get(P.tekunSupport)).multipleOfDibao,
    careAllowanceFen: { self_care: care.selfCareFen, partial: care.partialFen, full: care.fullFen },
    gradualExit: await get(P.gradualExit),
    rigidExpense: await get(P.rigidExpense),
    rigidCostDeduction: await get(P.rigidCostDeduction),
    review: await get(P.review),
    temporaryAssistance: await get(P.temporaryAssistance),
  };
  return { params, ruleVersion: `${ASSISTANCE_RULES_VERSION} (${asOf}; ${tags.join(', ')})` };
}
