/**
 * 低保 and 低保边缘 (rule 3) over a household snapshot, and the single application (单独列户,
 * the seed's local rule (六)). Pure: the parameters in force come in as values.
 */
import type { AssistanceMember } from '@lq/contracts';
import { ageOn } from './dates.ts';
import { countedIncome, membership, rigidCostDeduction } from './household.ts';
import {
  type AssistanceRuleParams,
  divRound,
  MENTAL_OR_INTELLECTUAL,
  type Reason,
  roundAmount,
  SEVERE_GRADES,
  toBp,
  yuanText,
} from './rules.ts';

export interface HouseholdSnapshot {
  assetsWithinLimits: boolean;
  members: readonly AssistanceMember[];
}

export interface DibaoDecision {
  decision: 'dibao' | 'marginal' | 'none';
  countedMembers: number;
  countedMonthlyIncomeFen: number;
  perCapitaIncomeFen: number;
  monthlyAmountFen: number;
  reasons: Reason[];
}

function paramReason(p: AssistanceRuleParams): Reason {
  return {
    code: 'PARAMETERS',
    message: `低保标准 ${yuanText(p.dibaoStandardFen)} 元/人·月,低保边缘为低于标准的 ${p.marginalMultiple} 倍,金额取整方式 ${p.rounding}。`,
    values: { dibaoStandardFen: p.dibaoStandardFen, marginalMultiple: p.marginalMultiple, rounding: p.rounding },
  };
}

/** Decision on counted members and income (totals in fen); every comparison strict and on totals. */
export function decide(
  n: number,
  incomeFen: number,
  assetsWithinLimits: boolean,
  p: AssistanceRuleParams,
): Omit<DibaoDecision, 'countedMembers' | 'countedMonthlyIncomeFen' | 'reasons'> & { reason: Reason } {
  if (n === 0)
    return {
      decision: 'none',
      perCapitaIncomeFen: 0,
      monthlyAmountFen: 0,
      reason: { code: 'NO_COUNTED_MEMBERS', message: '没有计入的共同生活家庭成员,无法认定。' },
    };
  const perCapita = divRound(incomeFen, n);
  const line = p.dibaoStandardFen * n;
  const values = { countedMembers: n, incomeFen, dibaoStandardFen: p.dibaoStandardFen, marginalMultiple: p.marginalMultiple };
  if (!assetsWithinLimits)
    return {
      decision: 'none',
      perCapitaIncomeFen: perCapita,
      monthlyAmountFen: 0,
      reason: { code: 'ASSETS_OVER_LIMIT', message: '家庭财产超出规定限额,不符合低保及低保边缘条件。', values },
    };
  if (incomeFen < line) {
    const amount = roundAmount(line - incomeFen, p.rounding);
    return {
      decision: 'dibao',
      perCapitaIncomeFen: perCapita,
      monthlyAmountFen: amount,
      reason: {
        code: 'DIBAO_ELIGIBLE',
        message: `人均月收入 ${yuanText(perCapita)} 元低于低保标准 ${yuanText(p.dibaoStandardFen)} 元;保障金 = ${yuanText(p.dibaoStandardFen)} × ${n} − ${yuanText(incomeFen)} = ${yuanText(line - incomeFen)} 元,按 ${p.rounding} 取整为 ${yuanText(amount)} 元/月,自确认次月起发放。`,
        values: { ...values, amountFen: amount, rounding: p.rounding },
      },
    };
  }
  // per-capita < k x S  <=>  income x 10000 < kBp x S x n (integers, no rounding per capita).
  if (incomeFen * 10_000 < toBp(p.marginalMultiple) * line)
    return {
      decision: 'marginal',
      perCapitaIncomeFen: perCapita,
      monthlyAmountFen: 0,
      reason: {
        code: 'MARGINAL_ELIGIBLE',
        message: `人均月收入 ${yuanText(perCapita)} 元不低于低保标准,但低于标准的 ${p.marginalMultiple} 倍,为低保边缘家庭(与低收入农户两线合一):无现金保障,可获医疗、教育、住房、就业、受灾等专项救助。`,
        values,
      },
    };
  return {
    decision: 'none',
    perCapitaIncomeFen: perCapita,
    monthlyAmountFen: 0,
    reason: {
      code: 'INCOME_ABOVE_MARGINAL_LINE',
      message: `人均月收入 ${yuanText(perCapita)} 元不低于低保标准的 ${p.marginalMultiple} 倍,不符合低保及低保边缘条件。`,
      values,
    },
  };
}

/** The household as a whole (rules 1-3). */
export function evaluateHousehold(h: HouseholdSnapshot, asOf: string, p: AssistanceRuleParams): DibaoDecision {
  const ms = h.members.map((m) => membership(m, asOf, p));
  const counted = ms.filter((m) => m.counted).map((m) => m.member);
  const gross = countedIncome(counted, asOf, 'dibao', p);
  const deduction = rigidCostDeduction(counted, p);
  const incomeFen = Math.max(0, gross.fen - deduction.fen);
  const d = decide(counted.length, incomeFen, h.assetsWithinLimits, p);
  return {
    decision: d.decision,
    countedMembers: counted.length,
    countedMonthlyIncomeFen: incomeFen,
    perCapitaIncomeFen: d.perCapitaIncomeFen,
    monthlyAmountFen: d.monthlyAmountFen,
    reasons: [paramReason(p), ...ms.map((m) => m.reason), ...gross.reasons, ...deduction.reasons, d.reason],
  };
}

/** Which ground of 单独列户 a member meets, if any. */
export function singleApplicationGrounds(
  m: AssistanceMember,
  asOf: string,
  p: Pick<AssistanceRuleParams, 'adultAge'>,
): { inDifficultFamily: string | null; severeUnemployedAdult: boolean } {
  const age = ageOn(m.birthDate, asOf);
  const adult = age >= p.adultAge;
  const d = m.disability;
  let inDifficultFamily: string | null = null;
  if (m.seriousIllness) inDifficultFamily = '重病患者';
  else if (d && d.grade <= SEVERE_GRADES) inDifficultFamily = `${d.grade}级重度残疾人`;
  else if (d && adult && MENTAL_OR_INTELLECTUAL.has(d.category))
    inDifficultFamily = `成年${d.grade}级${d.category === 'mental' ? '精神' : '智力'}残疾人`;
  // "Unemployed": no wage or business income declared.
  const unemployed = !m.incomes.some((i) => (i.kind === 'wage' || i.kind === 'business') && i.monthlyAmount > 0);
  const severeUnemployedAdult = adult && d !== null && d.grade <= SEVERE_GRADES && unemployed;
  return { inDifficultFamily, severeUnemployedAdult };
}

/**
 * 单独列户: the member applies alone, as a household of one with his own income only. Allowed when
 * (a) the family is in difficulty (per-capita income below the marginal line, assets within limits)
 * and he has a serious illness, a grade 1-2 disability, or is an adult with a grade 3-4 mental or
 * intellectual disability; or (b) he is an unemployed adult (no wage or business income) with a
 * grade 1-2 disability, whatever the family's income. Other disabilities do not qualify. Under (b)
 * support from siblings or parents aged 60+ may be exempted (discretionary flag, recorded).
 * The result is dibao (household of one) or none.
 */
export function evaluateSingleApplication(
  h: HouseholdSnapshot,
  applicantId: string,
  asOf: string,
  p: AssistanceRuleParams,
  opts: { exemptSupportFromSiblingsOrElderlyParents?: boolean } = {},
): DibaoDecision {
  const family = evaluateHousehold(h, asOf, p);
  const member = h.members.find((m) => m.id === applicantId);
  if (!member) throw new Error(`applicant ${applicantId} is not a member`);
  const none = (reason: Reason, extra: Reason[] = []): DibaoDecision => ({
    decision: 'none',
    countedMembers: 0,
    countedMonthlyIncomeFen: 0,
    perCapitaIncomeFen: 0,
    monthlyAmountFen: 0,
    reasons: [paramReason(p), ...extra, reason],
  });
  const own = membership(member, asOf, p);
  if (own.reason.code.startsWith('MEMBER_EXCLUDED_'))
    return none({ code: 'SINGLE_APPLICANT_EXCLUDED', message: `${own.reason.message}不能单独列户申请。` });
  const line = p.dibaoStandardFen * family.countedMembers;
  const familyInDifficulty =
    h.assetsWithinLimits && family.countedMembers > 0 && family.countedMonthlyIncomeFen * 10_000 < toBp(p.marginalMultiple) * line;
  const familyReason: Reason = {
    code: familyInDifficulty ? 'SINGLE_FAMILY_IN_DIFFICULTY' : 'SINGLE_FAMILY_NOT_IN_DIFFICULTY',
    message: familyInDifficulty
      ? `家庭(计入 ${family.countedMembers} 人)人均月收入 ${yuanText(family.perCapitaIncomeFen)} 元低于低保边缘标准,属困难家庭。`
      : `家庭(计入 ${family.countedMembers} 人)人均月收入 ${yuanText(family.perCapitaIncomeFen)} 元不低于低保边缘标准或财产超限,不属困难家庭。`,
    values: { countedMembers: family.countedMembers, incomeFen: family.countedMonthlyIncomeFen },
  };
  const g = singleApplicationGrounds(member, asOf, p);
  let ground: Reason | null = null;
  if (g.inDifficultFamily && familyInDifficulty)
    ground = {
      code: 'SINGLE_GROUND_DIFFICULT_FAMILY',
      message: `困难家庭中的${g.inDifficultFamily}可单独列户申请低保(龙泉市 2020 意见(六))。`,
    };
  else if (g.severeUnemployedAdult)
    ground = {
      code: 'SINGLE_GROUND_SEVERE_UNEMPLOYED_ADULT',
      message: '无就业收入的成年一、二级重度残疾人可不论家庭收入单独列户申请低保。',
    };
  if (!ground) {
    const why = g.inDifficultFamily
      ? `申请人为${g.inDifficultFamily},但家庭不属困难家庭,且不是无就业收入的成年重度残疾人。`
      : '申请人不是重病患者、一二级重度残疾人或成年三四级精神/智力残疾人(三四级肢体、视力、听力、言语残疾不适用)。';
    return none({ code: 'SINGLE_NOT_ALLOWED', message: `不符合单独列户条件:${why}` }, [familyReason]);
  }
  const exempt = ground.code === 'SINGLE_GROUND_SEVERE_UNEMPLOYED_ADULT' && opts.exemptSupportFromSiblingsOrElderlyParents === true;
  const gross = countedIncome([member], asOf, 'dibao', p, (k) => exempt && k === 'family_support');
  const deduction = rigidCostDeduction([member], p);
  const income = { fen: Math.max(0, gross.fen - deduction.fen) };
  const extra: Reason[] = [familyReason, ground, ...gross.reasons, ...deduction.reasons];
  if (exempt)
    extra.push({
      code: 'SINGLE_SUPPORT_EXEMPTED',
      message: '经裁量,兄弟姐妹或 60 周岁以上父母给付的扶养/赡养费不计入申请人收入(已记录)。',
      values: { exemptSupportFromSiblingsOrElderlyParents: true },
    });
  const d = decide(1, income.fen, h.assetsWithinLimits, p);
  if (d.decision !== 'dibao')
    return {
      ...none(
        {
          code: d.reason.code === 'ASSETS_OVER_LIMIT' ? 'ASSETS_OVER_LIMIT' : 'SINGLE_INCOME_NOT_BELOW_STANDARD',
          message:
            d.reason.code === 'ASSETS_OVER_LIMIT'
              ? d.reason.message
              : `单独列户后本人月收入 ${yuanText(income.fen)} 元不低于低保标准 ${yuanText(p.dibaoStandardFen)} 元,不符合。`,
        },
        extra,
      ),
      countedMembers: 1,
      countedMonthlyIncomeFen: income.fen,
      perCapitaIncomeFen: income.fen,
    };
  return {
    decision: 'dibao',
    countedMembers: 1,
    countedMonthlyIncomeFen: income.fen,
    perCapitaIncomeFen: income.fen,
    monthlyAmountFen: d.monthlyAmountFen,
    reasons: [paramReason(p), ...extra, { ...d.reason, code: 'SINGLE_DIBAO_ELIGIBLE' }],
  };
}
