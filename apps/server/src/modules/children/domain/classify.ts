/**
 * Children's categories (rule 6): 孤儿 > 事实无人抚养儿童 > 留守儿童 > none; the stronger
 * protection first. Pure: the thresholds in force come in as values.
 *
 * Readings documented here and in the reasons:
 * - a court declaration of death (declared_dead) is death;
 * - `missing` is lost contact (失联) since `since`: a situation once `since` + 6 months <= asOf;
 * - `declared_missing` (宣告失踪 by a court) is what the rule means by "declared missing" on the
 *   "one parent dead or declared missing" side; because a declaration presupposes years of
 *   absence it is also a missing-contact situation, so two declared-missing parents, or one dead
 *   and one declared missing, make a de facto unattended child (never an orphan);
 * - prison and compulsory rehabilitation count with a term of 6 months or more;
 * - working away counts only for a living parent not in one of those states; the other parent is
 *   unable to care when dead, declared missing, or in a situation.
 */
import type { ChildCategory, Parent } from '@lq/contracts';
import { addMonths, ageOn } from '../../assistance/domain/dates.ts';
import type { Reason } from '../../assistance/domain/rules.ts';

export interface ChildRuleParams {
  /** Under this age a child can be an orphan or de facto unattended (18). */
  adultAge: number;
  /** Under this age a rural child can be left behind (16). */
  leftBehindAge: number;
  /** Minimum prison / compulsory-rehabilitation term, months (6). */
  minRestrictionMonths: number;
  /** Minimum time without contact, months (6). */
  minMissingMonths: number;
}

const ROLE_ZH = { father: '父亲', mother: '母亲' } as const;

export interface ParentAssessment {
  gone: 'dead' | 'declared_missing' | null;
  situations: string[];
}

export function assessParent(p: Parent, asOf: string, r: ChildRuleParams): ParentAssessment {
  if (p.state === 'dead' || p.state === 'declared_dead') return { gone: 'dead', situations: [] };
  const s: string[] = [];
  const d = p.disability;
  if (d && (d.grade <= 2 || ((d.category === 'mental' || d.category === 'intellectual') && d.grade >= 3)))
    s.push(`重残(${d.grade}级${d.category === 'mental' ? '精神' : d.category === 'intellectual' ? '智力' : ''}残疾)`);
  if (p.seriousIllness) s.push('重病');
  if ((p.state === 'serving_sentence' || p.state === 'compulsory_rehab') && (p.termMonths ?? 0) >= r.minRestrictionMonths)
    s.push(
      `${p.state === 'serving_sentence' ? '服刑在押' : '强制隔离戒毒'}(期限 ${p.termMonths} 个月,不少于 ${r.minRestrictionMonths} 个月)`,
    );
  if (p.state === 'missing' && p.since && addMonths(p.since, r.minMissingMonths) <= asOf)
    s.push(`自 ${p.since} 起失联满 ${r.minMissingMonths} 个月`);
  if (p.state === 'declared_missing') s.push('被宣告失踪(失联满法定期限)');
  return { gone: p.state === 'declared_missing' ? 'declared_missing' : null, situations: s };
}

function describe(p: Parent, a: ParentAssessment, asOf: string, r: ChildRuleParams): Reason {
  const who = ROLE_ZH[p.role];
  if (a.gone === 'dead')
    return {
      code: `PARENT_DEAD_${p.role.toUpperCase()}`,
      message: `${who}已死亡${p.state === 'declared_dead' ? '(人民法院宣告死亡)' : ''}。`,
    };
  if (a.situations.length)
    return { code: `PARENT_SITUATION_${p.role.toUpperCase()}`, message: `${who}属于困境情形:${a.situations.join('、')}。` };
  let note = '';
  if ((p.state === 'serving_sentence' || p.state === 'compulsory_rehab') && (p.termMonths ?? 0) < r.minRestrictionMonths)
    note = `(限制人身自由期限不足 ${r.minRestrictionMonths} 个月)`;
  if (p.state === 'missing' && p.since && addMonths(p.since, r.minMissingMonths) > asOf)
    note = `(自 ${p.since} 起失联,至 ${asOf} 不满 ${r.minMissingMonths} 个月)`;
  return {
    code: `PARENT_NO_SITUATION_${p.role.toUpperCase()}`,
    message: `${who}不属于困境情形${note};再婚或不履行抚养义务但能联系上的,不属于困境情形。`,
  };
}

export function classifyChild(
  input: { child: { birthDate: string; rural: boolean }; parents: readonly Parent[] },
  asOf: string,
  r: ChildRuleParams,
): { category: ChildCategory; reasons: Reason[] } {
  const age = ageOn(input.child.birthDate, asOf);
  const ps = input.parents.map((p) => ({ p, a: assessParent(p, asOf, r) }));
  const reasons: Reason[] = [{ code: 'CHILD_AGE', message: `儿童 ${asOf} 时 ${age} 周岁。`, values: { age, ...r } }];
  for (const x of ps) reasons.push(describe(x.p, x.a, asOf, r));
  const [a, b] = ps;
  const minor = age < r.adultAge;
  if (minor && ps.length === 2 && a.a.gone === 'dead' && b.a.gone === 'dead')
    return { category: 'orphan', reasons: [...reasons, { code: 'ORPHAN', message: `未满 ${r.adultAge} 周岁,父母均已死亡,为孤儿。` }] };
  const sit = (x: (typeof ps)[number]) => x.a.situations.length > 0;
  const gone = (x: (typeof ps)[number]) => x.a.gone !== null;
  if (minor && ps.length === 2 && ((sit(a) && sit(b)) || (gone(a) && sit(b)) || (gone(b) && sit(a))))
    return {
      category: 'de_facto_unattended',
      reasons: [
        ...reasons,
        {
          code: 'DE_FACTO_UNATTENDED',
          message: `未满 ${r.adultAge} 周岁,父母双方均属困境情形,或一方死亡/被宣告失踪且另一方属困境情形,为事实无人抚养儿童(不公示)。`,
        },
      ],
    };
  const away = (x: (typeof ps)[number]) => x.p.workingAway && x.p.state === 'alive';
  const unable = (x: (typeof ps)[number]) => gone(x) || sit(x);
  if (
    input.child.rural &&
    age < r.leftBehindAge &&
    ps.length === 2 &&
    ((away(a) && away(b)) || (away(a) && unable(b)) || (away(b) && unable(a)))
  )
    return {
      category: 'left_behind',
      reasons: [
        ...reasons,
        {
          code: 'LEFT_BEHIND',
          message: `农村户籍、未满 ${r.leftBehindAge} 周岁,父母双方外出务工,或一方外出务工另一方无监护能力,为留守儿童。`,
        },
      ],
    };
  const why = !minor
    ? `已满 ${r.adultAge} 周岁。`
    : !input.child.rural && ps.some(away)
      ? '非农村儿童,不属留守儿童。'
      : age >= r.leftBehindAge && ps.some(away)
        ? `已满 ${r.leftBehindAge} 周岁,不属留守儿童。`
        : '不符合孤儿、事实无人抚养儿童或留守儿童的条件。';
  return { category: 'none', reasons: [...reasons, { code: 'NO_CATEGORY', message: why }] };
}
