/**
 * Elderly-care subsidy rules (居家养老服务补贴) and decisions. Amounts are PARAMETERS: the bureau
 * edits effective-dated rule versions; no public source confirms Longquan's figures, so the
 * shipped values (server domain/subsidy.ts DEMO_SUBSIDY_RULES) are DEMO PARAMETERS.
 *
 * A decision = computeEntitlement(facts as of date, assessment level, rules, date) and stores the
 * rule version, the input facts and a zh explanation, so it can be reproduced later.
 */
import { z } from 'zod';
import { IsoDate } from '../common.ts';
import { AbilityLevelSchema } from './assessment.ts';
import { BasisPoints, EconomicStatus, EffectiveDated, Fen, Id, IsoInstant } from './primitives.ts';

/** Monthly terms: a service voucher amount, service hours, and the elder's self-pay share. */
export const EntitlementTerms = z.object({
  monthlyAmountFen: Fen,
  monthlyHours: z.number().int().min(0).max(744),
  selfPayShareBp: BasisPoints,
});
export type EntitlementTerms = z.infer<typeof EntitlementTerms>;
/** Additive terms (no self-pay share). */
export const BonusTerms = EntitlementTerms.omit({ selfPayShareBp: true });

export const SubsidyRule = z
  .object({
    /** Unique label, e.g. 'DEMO-2020'. */
    version: z.string().min(1).max(40),
    ...EffectiveDated.shape,
    /** Minimum age for the programme (elderly = 60+). */
    minAge: z.number().int().min(0).max(120).default(60),
    /** 高龄 threshold (e.g. 80): the 高龄 bonus applies at or above this age. */
    elderlyAgeThreshold: z.number().int().min(60).max(120),
    elderlyBonus: BonusTerms,
    /** Terms by economic status (特困/低保/低保边缘). */
    byStatus: z.object({ 特困: EntitlementTerms, 低保: EntitlementTerms, 低保边缘: EntitlementTerms }),
    /** Terms by ability level 0..4 (失能). */
    byLevel: z.object({
      '0': EntitlementTerms,
      '1': EntitlementTerms,
      '2': EntitlementTerms,
      '3': EntitlementTerms,
      '4': EntitlementTerms,
    }),
    /** Free-text source / decision reference; 'DEMO PARAMETERS' for seeded values. */
    source: z.string().max(300),
  })
  .refine((r) => r.validTo === null || r.validTo >= r.validFrom, {
    path: ['validTo'],
    error: 'validTo 不得早于 validFrom / validTo before validFrom',
  });
export type SubsidyRule = z.infer<typeof SubsidyRule>;

/** The facts a decision is made on, as they stood on the decision date. */
export const EntitlementFacts = z.object({
  personId: Id.optional(),
  birthDate: IsoDate,
  deathDate: IsoDate.nullable().optional(),
  /** Economic statuses in force on the date (normally at most one). */
  statuses: z.array(EconomicStatus),
});
export type EntitlementFacts = z.infer<typeof EntitlementFacts>;

export const Entitlement = z.object({
  eligible: z.boolean(),
  ruleVersion: z.string(),
  monthlyAmountFen: Fen,
  monthlyHours: z.number().int().min(0),
  selfPayShareBp: BasisPoints,
  /** Machine-readable basis, e.g. ['rule:DEMO-2020', 'age:82', 'level:3', 'status:低保', '高龄:82>=80']. */
  basis: z.array(z.string()),
  explanation: z.string(),
});
export type Entitlement = z.infer<typeof Entitlement>;

export const SubsidyDecision = Entitlement.extend({
  id: Id,
  orderId: Id,
  personId: Id,
  assessmentId: Id,
  abilityLevel: AbilityLevelSchema,
  decidedOn: IsoDate,
  decidedBy: Id,
  facts: EntitlementFacts,
  createdAt: IsoInstant,
});
export type SubsidyDecision = z.infer<typeof SubsidyDecision>;

export const EntitlementPreviewBody = z.object({ personId: Id, assessmentId: Id, on: IsoDate.optional() });
