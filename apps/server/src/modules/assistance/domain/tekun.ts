/**
 * 特困 (destitute support, rule 4): no work capacity, no livelihood, and no supporter able to
 * support; plus the care level from the 6-item self-care assessment. Pure.
 */
import type { Disability, IncomeEntry, Obligor } from '@lq/contracts';
import { ageOn } from './dates.ts';
import { countedIncome, RELATION_ZH } from './household.ts';
import { type AssistanceRuleParams, MENTAL_OR_INTELLECTUAL, type Reason, SEVERE_GRADES, yuanText, yuanToFen } from './rules.ts';

export type CareLevel = 'self_care' | 'partial' | 'full';

export interface TekunPerson {
  birthDate: string;
  disability: Disability | null;
  incomes: IncomeEntry[];
  assetsWithinLimits: boolean;
  inSchool?: boolean;
  alreadySupported?: boolean;
  choosesChildrenAllowance?: boolean;
}

export interface TekunDecision {
  eligible: boolean;
  careLevel: CareLevel;
  supportStandardFen: number;
  careAllowanceFen: number;
  reasons: Reason[];
}

const CATEGORY_ZH: Record<Disability['category'], string> = {
  physical: '肢体',
  intellectual: '智力',
  mental: '精神',
  visual: '视力',
  hearing: '听力',
  speech: '言语',
  multiple: '多重',
};
export const disabilityText = (d: Disability) => `${d.grade}级${CATEGORY_ZH[d.category]}残疾`;

/**
 * Disability meaning no work capacity: intellectual or mental grade 1-3, physical grade 1-2,
 * visual grade 1. Not: visual 2-4, physical 3-4, hearing, speech. Multiple disability is not in
 * the national list; we read grade 1-2 multiple (severe) as no work capacity.
 */
export function disabilityMeansNoWorkCapacity(d: Disability): boolean {
  switch (d.category) {
    case 'intellectual':
    case 'mental':
      return d.grade <= 3;
    case 'physical':
    case 'multiple':
      return d.grade <= 2;
    case 'visual':
      return d.grade === 1;
    case 'hearing':
    case 'speech':
      return false;
  }
}

export function workCapacity(person: TekunPerson, asOf: string, p: AssistanceRuleParams): { none: boolean; reason: Reason } {
  const t = p.tekun;
  const age = ageOn(person.birthDate, asOf);
  const values = { age, elderAge: t.elderAge, minorAge: t.minorAge, supportUntilAge: t.supportUntilAge };
  const no = (code: string, message: string) => ({ none: true, reason: { code, message, values } });
  if (age >= t.elderAge) return no('NO_WORK_CAPACITY_AGE', `${age} 周岁,年满 ${t.elderAge} 周岁,视为无劳动能力。`);
  if (age < t.minorAge) return no('NO_WORK_CAPACITY_MINOR', `${age} 周岁,未满 ${t.minorAge} 周岁,视为无劳动能力。`);
  if (person.alreadySupported && age < t.supportUntilAge)
    return no('NO_WORK_CAPACITY_SUPPORT_CONTINUES', `已在供养中的未成年人,供养延续至 ${t.supportUntilAge} 周岁。`);
  if (person.alreadySupported && person.inSchool)
    return no('NO_WORK_CAPACITY_IN_SCHOOL', `年满 ${t.supportUntilAge} 周岁但仍在接受义务教育或高中、中职教育,继续供养。`);
  if (person.disability && disabilityMeansNoWorkCapacity(person.disability))
    return no('NO_WORK_CAPACITY_DISABILITY', `${disabilityText(person.disability)},视为无劳动能力。`);
  const dis = person.disability
    ? `${disabilityText(person.disability)}不属于无劳动能力情形(三四级肢体、二至四级视力、听力、言语残疾)。`
    : '';
  return {
    none: false,
    reason: { code: 'HAS_WORK_CAPACITY', message: `${age} 周岁,${dis || '无残疾,'}视为有劳动能力,不符合特困条件。`, values },
  };
}

export function careLevel(itemsUnable: number, p: AssistanceRuleParams): CareLevel {
  if (itemsUnable >= p.tekun.fullFromItems) return 'full';
  if (itemsUnable >= p.tekun.partialFromItems) return 'partial';
  return 'self_care';
}
const CARE_ZH: Record<CareLevel, string> = { self_care: '生活自理', partial: '部分失能', full: '完全失能' };

/** Whether one supporter (赡养/抚养/扶养义务人) is unable to support; undeclared facts count as not proven. */
export function obligorUnable(o: Obligor, asOf: string, p: AssistanceRuleParams): { unable: boolean; why: string } {
  const t = p.tekun;
  const age = ageOn(o.birthDate, asOf);
  const assetsOk = o.assetsWithinLimits === true;
  const lowIncome = o.annualIncome !== undefined && yuanToFen(o.annualIncome) < p.perCapitaDisposableIncomeFen && assetsOk;
  const pcdi = yuanText(p.perCapitaDisposableIncomeFen);
  if (o.isTekun) return { unable: true, why: '本人为特困人员' };
  if (age >= t.obligorDibaoAge && o.isDibaoRecipient) return { unable: true, why: `年满 ${t.obligorDibaoAge} 周岁且为低保对象` };
  if (age >= t.obligorElderAge && lowIncome)
    return { unable: true, why: `年满 ${t.obligorElderAge} 周岁,年收入低于上年人均可支配收入 ${pcdi} 元且财产在低收入家庭限额内` };
  const d = o.disability ?? null;
  if (d && (d.grade <= SEVERE_GRADES || (d.grade === 3 && MENTAL_OR_INTELLECTUAL.has(d.category))) && lowIncome)
    return { unable: true, why: `${disabilityText(d)},年收入低于上年人均可支配收入 ${pcdi} 元且财产在限额内` };
  if ((o.incapacitated || o.declaredMissing || o.inPrison) && assetsOk) {
    const what = [o.incapacitated && '无民事行为能力', o.declaredMissing && '被宣告失踪', o.inPrison && '在监狱服刑']
      .filter(Boolean)
      .join('、');
    return { unable: true, why: `${what},且财产在限额内` };
  }
  return { unable: false, why: '不属于无履行义务能力的情形(或收入、财产情况未申报)' };
}

export function evaluateTekun(
  person: TekunPerson,
  obligors: readonly Obligor[],
  selfCareItemsUnable: number,
  asOf: string,
  p: AssistanceRuleParams,
): TekunDecision {
  const reasons: Reason[] = [];
  const level = careLevel(selfCareItemsUnable, p);
  const supportStandardFen = Math.round(p.dibaoStandardFen * p.tekunSupportMultiple);
  const careAllowanceFen = p.careAllowanceFen[level];
  reasons.push({
    code: 'PARAMETERS',
    message: `低保标准 ${yuanText(p.dibaoStandardFen)} 元/人·月;特困基本生活标准为其 ${p.tekunSupportMultiple} 倍即 ${yuanText(supportStandardFen)} 元/月;上年人均可支配收入 ${yuanText(p.perCapitaDisposableIncomeFen)} 元/年。`,
    values: {
      dibaoStandardFen: p.dibaoStandardFen,
      tekunSupportMultiple: p.tekunSupportMultiple,
      perCapitaDisposableIncomeFen: p.perCapitaDisposableIncomeFen,
    },
  });
  const wc = workCapacity(person, asOf, p);
  reasons.push(wc.reason);
  const income = countedIncome([person], asOf, 'tekun', p);
  reasons.push(...income.reasons);
  const noLivelihood = income.fen < p.dibaoStandardFen && person.assetsWithinLimits;
  reasons.push(
    noLivelihood
      ? {
          code: 'NO_LIVELIHOOD',
          message: `本人月收入 ${yuanText(income.fen)} 元低于低保标准 ${yuanText(p.dibaoStandardFen)} 元,财产在特困限额内,无生活来源。`,
          values: { incomeFen: income.fen },
        }
      : {
          code: person.assetsWithinLimits ? 'HAS_LIVELIHOOD_INCOME' : 'ASSETS_OVER_LIMIT',
          message: person.assetsWithinLimits
            ? `本人月收入 ${yuanText(income.fen)} 元不低于低保标准 ${yuanText(p.dibaoStandardFen)} 元,有生活来源。`
            : '本人财产超出特困人员财产限额。',
          values: { incomeFen: income.fen },
        },
  );
  let allUnable = true;
  obligors.forEach((o, i) => {
    const u = obligorUnable(o, asOf, p);
    allUnable &&= u.unable;
    reasons.push({
      code: u.unable ? 'OBLIGOR_UNABLE' : 'OBLIGOR_ABLE',
      message: `第 ${i + 1} 名义务人(${RELATION_ZH[o.relation]},${ageOn(o.birthDate, asOf)} 周岁)${u.unable ? '无履行义务能力' : '有履行义务能力'}:${u.why}。`,
      values: { obligor: i },
    });
  });
  if (obligors.length === 0) reasons.push({ code: 'NO_OBLIGORS', message: '无法定赡养、抚养、扶养义务人。' });
  let eligible = wc.none && noLivelihood && allUnable;
  if (eligible && person.choosesChildrenAllowance && ageOn(person.birthDate, asOf) < p.adultAge) {
    eligible = false;
    reasons.push({
      code: 'CHOSE_CHILDREN_ALLOWANCE',
      message: '未成年人同时符合孤儿/事实无人抚养儿童条件并选择儿童基本生活费,不认定为特困人员。',
    });
  }
  reasons.push({
    code: 'CARE_LEVEL',
    message: `6 项日常生活自理能力中 ${selfCareItemsUnable} 项不能自理:${CARE_ZH[level]};照料护理标准 ${yuanText(careAllowanceFen)} 元/月。`,
    values: { selfCareItemsUnable, careLevel: level, careAllowanceFen },
  });
  reasons.push(
    eligible
      ? { code: 'TEKUN_ELIGIBLE', message: '同时符合无劳动能力、无生活来源、无义务人或义务人无履行能力,符合特困人员条件,自次月起供养。' }
      : { code: 'TEKUN_NOT_ELIGIBLE', message: '不同时符合特困人员的三项条件。' },
  );
  return { eligible, careLevel: level, supportStandardFen, careAllowanceFen, reasons };
}
