/**
 * Social-assistance previews (低保 / 低保边缘 / 特困): request and response of
 * POST /api/assistance/evaluate and POST /api/assistance/tekun/evaluate. Amounts in yuan with at
 * most 2 decimals (the server works in integer fen). Outside clients rely on these shapes.
 */
import { z } from 'zod';
import { DisabilityCategory } from './people.ts';

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A real calendar day 'YYYY-MM-DD' (2026-02-30 is refused). */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(isCalendarDate, { error: '日期不存在 / no such calendar date' });

/** Yuan with at most 2 decimals, not negative. */
export const Yuan = z
  .number()
  .min(0)
  .max(1e9)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: '金额最多两位小数 / at most 2 decimals (fen)' });

export const Disability = z.object({ category: DisabilityCategory, grade: z.number().int().min(1).max(4) });
export type Disability = z.infer<typeof Disability>;

export const INCOME_KINDS = [
  'wage',
  'business',
  'property',
  'pension',
  'family_support',
  'preferential_care',
  'family_planning_reward',
  'scholarship',
  'assistance',
  'basic_pension_base',
  /** 高龄津贴: counted for 低保, not for 特困 (an addition to the published list; optional for clients). */
  'old_age_allowance',
  'other',
] as const;
export const IncomeKind = z.enum(INCOME_KINDS);
export type IncomeKind = z.infer<typeof IncomeKind>;
export const Income = z.object({ kind: IncomeKind, monthlyAmount: Yuan });
export type IncomeEntry = z.infer<typeof Income>;

export const ASSISTANCE_RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
export const SITUATIONS = ['none', 'serving_sentence', 'compulsory_rehab', 'declared_missing', 'full_time_student'] as const;

export const AssistanceMember = z.object({
  id: z.string().min(1).max(64),
  relation: z.enum(ASSISTANCE_RELATIONS),
  birthDate: CalendarDate,
  situation: z.enum(SITUATIONS),
  disability: Disability.nullable(),
  seriousIllness: z.boolean(),
  incomes: z.array(Income).max(50),
  /**
   * Optional addition: rigid costs of disability or serious illness (monthly, yuan); only the kinds
   * in the rigidCostDeduction parameter are deducted from the household income.
   */
  rigidCosts: z
    .array(z.object({ kind: z.string().regex(/^[a-z_]{1,40}$/, 'snake_case'), monthlyAmount: Yuan }))
    .max(20)
    .optional(),
});
export type AssistanceMember = z.infer<typeof AssistanceMember>;

/** What-if overrides; a parameter not given is the one in force on asOf. */
export const AssistanceParameterOverrides = z
  .object({
    dibaoStandard: Yuan.refine((v) => v > 0, { error: '须大于 0 / must be positive' }).optional(),
    marginalMultiple: z.number().min(1).max(10).optional(),
    perCapitaDisposableIncome: Yuan.refine((v) => v > 0, { error: '须大于 0 / must be positive' }).optional(),
  })
  .strict();

export const AssistanceEvaluateBody = z
  .object({
    asOf: CalendarDate,
    parameters: AssistanceParameterOverrides.optional(),
    applicantId: z.string().min(1).max(64).optional(),
    /** 单独列户 rule B: support from siblings or parents aged 60+ exempted (discretionary, recorded). Optional addition. */
    exemptSupportFromSiblingsOrElderlyParents: z.boolean().optional(),
    household: z.object({
      assetsWithinLimits: z.boolean(),
      members: z.array(AssistanceMember).min(1).max(30),
    }),
  })
  .superRefine((b, ctx) => {
    const heads = b.household.members.filter((m) => m.relation === 'head').length;
    if (heads !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['household', 'members'],
        message: '须有且仅有一名户主(relation=head),其他成员的关系均相对于户主 / exactly one member must be the head',
      });
    const seen = new Set<string>();
    b.household.members.forEach((m, i) => {
      if (seen.has(m.id))
        ctx.addIssue({ code: 'custom', path: ['household', 'members', i, 'id'], message: '成员编号重复 / duplicate member id' });
      seen.add(m.id);
      if (m.birthDate > b.asOf)
        ctx.addIssue({
          code: 'custom',
          path: ['household', 'members', i, 'birthDate'],
          message: '出生日期晚于评估日 / born after asOf',
        });
    });
    if (b.applicantId !== undefined && !seen.has(b.applicantId))
      ctx.addIssue({ code: 'custom', path: ['applicantId'], message: '申请人不是家庭成员 / applicantId is not a member id' });
  });
export type AssistanceEvaluateBody = z.infer<typeof AssistanceEvaluateBody>;

export const Reason = z.object({ code: z.string(), message: z.string() });
export type Reason = z.infer<typeof Reason>;

export const AssistanceEvaluateResult = z.object({
  decision: z.enum(['dibao', 'marginal', 'none']),
  countedMembers: z.number().int(),
  countedMonthlyIncome: z.number(),
  perCapitaIncome: z.number(),
  monthlyAmount: z.number(),
  reasons: z.array(Reason),
  ruleVersion: z.string(),
});
export type AssistanceEvaluateResult = z.infer<typeof AssistanceEvaluateResult>;

export const OBLIGOR_RELATIONS = ['spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
export const Obligor = z.object({
  relation: z.enum(OBLIGOR_RELATIONS),
  birthDate: CalendarDate,
  isTekun: z.boolean().optional(),
  isDibaoRecipient: z.boolean().optional(),
  annualIncome: Yuan.optional(),
  assetsWithinLimits: z.boolean().optional(),
  disability: Disability.nullable().optional(),
  incapacitated: z.boolean().optional(),
  declaredMissing: z.boolean().optional(),
  inPrison: z.boolean().optional(),
});
export type Obligor = z.infer<typeof Obligor>;

export const TekunEvaluateBody = z
  .object({
    asOf: CalendarDate,
    parameters: AssistanceParameterOverrides.optional(),
    person: z.object({
      birthDate: CalendarDate,
      disability: Disability.nullable(),
      incomes: z.array(Income).max(50),
      assetsWithinLimits: z.boolean(),
      /** Optional additions: in compulsory education, senior high or secondary vocational school. */
      inSchool: z.boolean().optional(),
      /** Already supported as 特困 (support of a minor continues to 18, and while in school). */
      alreadySupported: z.boolean().optional(),
      /** A minor also eligible as orphan / de facto unattended child who chose the children's allowance. */
      choosesChildrenAllowance: z.boolean().optional(),
    }),
    obligors: z.array(Obligor).max(30),
    selfCareItemsUnable: z.number().int().min(0).max(6),
  })
  .superRefine((b, ctx) => {
    if (b.person.birthDate > b.asOf)
      ctx.addIssue({ code: 'custom', path: ['person', 'birthDate'], message: '出生日期晚于评估日 / born after asOf' });
  });
export type TekunEvaluateBody = z.infer<typeof TekunEvaluateBody>;

export const TekunEvaluateResult = z.object({
  eligible: z.boolean(),
  careLevel: z.enum(['self_care', 'partial', 'full']),
  reasons: z.array(Reason),
  ruleVersion: z.string(),
});
export type TekunEvaluateResult = z.infer<typeof TekunEvaluateResult>;
