/**
 * Children's category preview: POST /api/children/classify (孤儿 / 事实无人抚养儿童 / 留守儿童).
 * Outside clients rely on this shape.
 */
import { z } from 'zod';
import { CalendarDate, Disability, Reason } from './assistance.ts';

/**
 * Parent states. `missing` is lost contact (失联) since `since`; `declared_missing` (宣告失踪,
 * a court declaration) is an addition to the published list, optional for clients.
 */
export const PARENT_STATES = [
  'alive',
  'dead',
  'declared_dead',
  'missing',
  'declared_missing',
  'serving_sentence',
  'compulsory_rehab',
] as const;
export const ParentState = z.enum(PARENT_STATES);
export type ParentState = z.infer<typeof ParentState>;

export const Parent = z.object({
  role: z.enum(['father', 'mother']),
  state: ParentState,
  since: CalendarDate.optional(),
  termMonths: z.number().int().min(0).max(1200).optional(),
  disability: Disability.nullable(),
  seriousIllness: z.boolean(),
  workingAway: z.boolean(),
});
export type Parent = z.infer<typeof Parent>;

export const ChildClassifyBody = z
  .object({
    asOf: CalendarDate,
    child: z.object({ birthDate: CalendarDate, rural: z.boolean() }),
    parents: z.array(Parent).min(1).max(2),
  })
  .superRefine((b, ctx) => {
    if (b.child.birthDate > b.asOf)
      ctx.addIssue({ code: 'custom', path: ['child', 'birthDate'], message: '出生日期晚于评估日 / born after asOf' });
    const roles = b.parents.map((p) => p.role);
    if (b.parents.length !== 2 || new Set(roles).size !== 2)
      ctx.addIssue({
        code: 'custom',
        path: ['parents'],
        message: '须分别填写父亲和母亲各一条 / give one father and one mother',
      });
    b.parents.forEach((p, i) => {
      if (p.state === 'missing' && !p.since)
        ctx.addIssue({ code: 'custom', path: ['parents', i, 'since'], message: '失联须填写失联起始日 / give the day contact was lost' });
      if (p.since && p.since > b.asOf)
        ctx.addIssue({ code: 'custom', path: ['parents', i, 'since'], message: '起始日晚于评估日 / after asOf' });
      if ((p.state === 'serving_sentence' || p.state === 'compulsory_rehab') && p.termMonths === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['parents', i, 'termMonths'],
          message: '服刑或强制隔离戒毒须填写期限(月) / give the term in months',
        });
    });
  });
export type ChildClassifyBody = z.infer<typeof ChildClassifyBody>;

export const ChildCategory = z.enum(['orphan', 'de_facto_unattended', 'left_behind', 'none']);
export type ChildCategory = z.infer<typeof ChildCategory>;
export const ChildClassifyResult = z.object({ category: ChildCategory, reasons: z.array(Reason) });
export type ChildClassifyResult = z.infer<typeof ChildClassifyResult>;
