/**
 * Name material for the synthetic population (written for this project).
 *
 * Surname weights: approximate shares (per cent) of the ~110 most common Han surnames in China,
 * rounded from published national rankings (2020 household registration statistics), then
 * adjusted to a plausible south-west Zhejiang (Lishui / Longquan) mix: 叶, 吴, 毛, 季, 项, 练 and a
 * few others are boosted, surnames concentrated in the north or in Guangxi are damped. The
 * adjustment is a demo approximation, not a statistic.
 *
 * She (畲族) surnames: 蓝, 雷, 钟, 盘 (盘 is rare in Zhejiang). 蓝 is registered as 兰 in a share of
 * records and 钟 as 锺 in a few, which the search layer folds back together.
 *
 * Given names are made of characters from pools that differ by sex and generation (birth-year
 * era). The male and female pools of one era are disjoint, so a name's pool tells its sex.
 */
import { type Rng, WeightedTable } from './prng.ts';

export type Sex = 'M' | 'F';
export type Ethnicity = '汉族' | '畲族';
export type NameEra = 'old' | 'middle' | 'young';

/** [surname, approximate national share in per cent]. */
export const HAN_SURNAMES_NATIONAL: readonly (readonly [string, number])[] = [
  ['王', 7.1],
  ['李', 6.9],
  ['张', 6.4],
  ['刘', 5.4],
  ['陈', 4.5],
  ['杨', 3.1],
  ['黄', 2.2],
  ['赵', 2.2],
  ['吴', 2.0],
  ['周', 1.9],
  ['徐', 1.5],
  ['孙', 1.5],
  ['马', 1.3],
  ['朱', 1.3],
  ['胡', 1.2],
  ['郭', 1.2],
  ['何', 1.1],
  ['林', 1.1],
  ['高', 1.1],
  ['罗', 0.9],
  ['郑', 0.9],
  ['梁', 0.84],
  ['谢', 0.81],
  ['宋', 0.76],
  ['唐', 0.76],
  ['许', 0.74],
  ['韩', 0.71],
  ['邓', 0.69],
  ['冯', 0.69],
  ['曹', 0.66],
  ['彭', 0.62],
  ['曾', 0.61],
  ['肖', 0.6],
  ['田', 0.58],
  ['董', 0.56],
  ['潘', 0.55],
  ['袁', 0.54],
  ['蔡', 0.53],
  ['蒋', 0.53],
  ['余', 0.5],
  ['于', 0.49],
  ['杜', 0.48],
  ['叶', 0.48],
  ['程', 0.47],
  ['魏', 0.46],
  ['苏', 0.45],
  ['吕', 0.45],
  ['丁', 0.44],
  ['任', 0.43],
  ['卢', 0.42],
  ['姚', 0.41],
  ['沈', 0.4],
  ['钟', 0.4],
  ['姜', 0.39],
  ['崔', 0.38],
  ['谭', 0.38],
  ['陆', 0.37],
  ['范', 0.36],
  ['汪', 0.36],
  ['廖', 0.35],
  ['石', 0.35],
  ['金', 0.34],
  ['韦', 0.34],
  ['贾', 0.33],
  ['夏', 0.33],
  ['付', 0.32],
  ['方', 0.32],
  ['邹', 0.31],
  ['熊', 0.31],
  ['白', 0.3],
  ['孟', 0.3],
  ['秦', 0.29],
  ['邱', 0.29],
  ['侯', 0.28],
  ['江', 0.28],
  ['尹', 0.27],
  ['薛', 0.26],
  ['闫', 0.26],
  ['段', 0.25],
  ['雷', 0.25],
  ['龙', 0.24],
  ['黎', 0.24],
  ['史', 0.24],
  ['陶', 0.23],
  ['贺', 0.23],
  ['毛', 0.22],
  ['郝', 0.22],
  ['顾', 0.22],
  ['龚', 0.21],
  ['邵', 0.21],
  ['万', 0.21],
  ['覃', 0.2],
  ['武', 0.2],
  ['钱', 0.2],
  ['戴', 0.19],
  ['严', 0.19],
  ['莫', 0.18],
  ['孔', 0.18],
  ['向', 0.18],
  ['常', 0.17],
  ['汤', 0.17],
  ['康', 0.17],
  ['易', 0.16],
  ['乔', 0.16],
  ['赖', 0.16],
  ['文', 0.16],
];

/** Multipliers and additions giving a plausible Lishui / Longquan mix (demo approximation). */
const LOCAL_MULTIPLIERS: Readonly<Record<string, number>> = {
  叶: 7,
  吴: 2.2,
  毛: 4,
  周: 1.4,
  徐: 1.4,
  金: 2,
  潘: 1.6,
  陈: 1.3,
  朱: 1.2,
  曾: 1.3,
  卢: 1.5,
  蔡: 1.3,
  汤: 1.5,
  邱: 1.3,
  何: 1.2,
  胡: 1.2,
  覃: 0.05,
  韦: 0.1,
  闫: 0.2,
  郝: 0.3,
  马: 0.5,
  孟: 0.5,
  贾: 0.4,
  白: 0.5,
  常: 0.5,
  段: 0.5,
  乔: 0.5,
  崔: 0.5,
  韩: 0.6,
  冯: 0.7,
  薛: 0.5,
  侯: 0.6,
  史: 0.6,
  黎: 0.5,
  莫: 0.5,
  谭: 0.6,
  廖: 0.7,
  邓: 0.7,
  熊: 0.6,
  贺: 0.6,
  龙: 0.5,
  向: 0.5,
};
const LOCAL_ADDITIONS: readonly (readonly [string, number])[] = [
  ['季', 0.5],
  ['项', 0.35],
  ['练', 0.2],
  ['柳', 0.12],
  ['管', 0.12],
  ['章', 0.15],
  ['应', 0.12],
  ['包', 0.1],
  ['鲍', 0.08],
];

/** Two-character surnames, rare (their weights are per cent like the table above). */
export const COMPOUND_SURNAMES: readonly (readonly [string, number])[] = [
  ['欧阳', 0.03],
  ['司马', 0.01],
  ['上官', 0.01],
  ['诸葛', 0.005],
  ['皇甫', 0.005],
  ['东方', 0.005],
];

/** Local Han surname weights: national shares x local multipliers, plus local additions and compound surnames. */
export const HAN_SURNAMES_LOCAL: readonly (readonly [string, number])[] = (() => {
  const weights = new Map<string, number>();
  for (const [s, w] of HAN_SURNAMES_NATIONAL) weights.set(s, w * (LOCAL_MULTIPLIERS[s] ?? 1));
  for (const [s, w] of LOCAL_ADDITIONS) weights.set(s, (weights.get(s) ?? 0) + w);
  for (const [s, w] of COMPOUND_SURNAMES) weights.set(s, w);
  return [...weights.entries()];
})();

/** She (畲族) surnames with approximate relative weights in Zhejiang. */
export const SHE_SURNAMES: readonly (readonly [string, number])[] = [
  ['蓝', 0.44],
  ['雷', 0.4],
  ['钟', 0.14],
  ['盘', 0.02],
];
export const SHE_SURNAME_SET: ReadonlySet<string> = new Set(['蓝', '兰', '雷', '钟', '锺', '盘']);

/** Share of She 蓝 written 兰, and of 钟 written 锺, in the generated records. */
export const SHE_VARIANT_SPELLING = { 蓝: { variant: '兰', share: 0.15 }, 钟: { variant: '锺', share: 0.04 } } as const;

function chars(s: string): readonly string[] {
  return Object.freeze(Array.from(s));
}

/** Given-name character pools by era and sex (male and female pools of one era share no character). */
export const GIVEN_NAME_POOLS: Readonly<Record<NameEra, Readonly<Record<Sex, readonly string[]>>>> = {
  /** born before 1960 */
  old: {
    M: chars(
      '根福土水金木火发财贵生荣昌兴旺德忠义仁礼法富有林松柏海山石春明国庆光宗祖祥寿喜全' +
        '成才方正清汉耀善宝良文武永长顺和元洪昆泉培树茂盛森炳焕进来坤球鼎禄高增加连标彪虎' +
        '龙豹仔伯仲奎魁雄炎章樟银铜满仓田地天开基业家保守岳峰岩坚强信孝廉耕书邦定安平太泰' +
        '康健延年丰登五六七八九十百千万大双贤能亮辉灿熙裕恒久远达通道理智勇刚毅实诚敬承继' +
        '绍振兆瑞吉利旭东南北西中志聚钦锡铭镇钧锦鸿鹏飞腾跃驹骏桥梁栋材柱',
    ),
    F: chars(
      '秀英兰花凤珍珠玉梅菊莲芳香娥娟妹娣翠萍荷琴芬芝彩云霞月仙素贞淑惠慧娇美丽爱妮巧姣' +
        '婉嫦琼瑶环钗珊蓉菲蕊蕙茶桃杏柳樱雪冰霜露雨鸾燕莺鹃雁娘姐好妙秋冬招弟纯洁净静娴芹' +
        '芸苗葵蕾萱薇茵姿媛红艳丹青碧绿紫玲珑琳瑛瑜琪馨敏慈怡悦欢乐湘菱蓓桔桂莉茉蝶囡佩婵' +
        '姗妍岚舒娅娃珮绣翎蔷芙芦茹芷芊莎菀薰蘅藕榴梨枝柔温瑗婧婕娉婷娜妤姮钏钿莹萃蔼',
    ),
  },
  /** born 1960-1989 */
  middle: {
    M: chars(
      '建国军伟强磊勇杰涛超斌华明平刚辉峰亮波鹏飞宏俊文武新东卫兵民志忠海林跃进立春雷晓' +
        '小剑锋锐洪江河浪涌潮宁安康健庆荣昌盛兴旺发达成功胜利凯旋振兆瑞祥福金鑫森彬伦德仁' +
        '义礼智信贵良朝阳光灿炜烨煜晖旭晨晟昊昆崇嵩岳峻山石岩坚钢铁锡铭钧锦鸿勤奋学育才干' +
        '力虎豹龙彪骏驰骋驹腾翔航舟帆远征途程路行保护捷拓展开创革科技',
    ),
    F: chars(
      '丽敏静燕艳娟霞玲芳红梅英萍琴莉洁丹慧倩婷雪颖琳晶蕾薇娜妍婕媛嫣姗岚云月虹彩珊瑜瑾' +
        '瑶琼璐露雯秀美佳莹蓉菁芸茜菲蓓荷莲菊兰桂杏桃柳絮青翠碧黛素贞淑娴婉娇妮娣姣媚婵娥' +
        '凤鹃鸾莺雁冰霜凌清澜湘潇沁渝秋冬夏晴曼蔓芬馨香芝苗蕊萱茵芹惠蕙怡悦欣乐爱亚娅琦瑛' +
        '玉珍珠环钰莎茹芷娉嫚姝妤婧璇瑗琬珂雅韵音舒柔纯卉萌珏巧蝶芙甜笑贝姿妙',
    ),
  },
  /** born 1990 or later */
  young: {
    M: chars(
      '浩宇轩睿泽博然子梓俊杰豪凯鑫磊鹏涛航帆晨昊天逸锐哲瀚霖辰宸煜烨熠宏毅恒铭锦钧铖楷' +
        '栋森林杉柯桐彬斌文武凡一诚成嘉翔鸿鹤鸣扬阳旭晟晖亮朗言谦逊启明奕贤铮骏驰骁腾跃峻' +
        '峰岩嵘崇川江海洋源润沐浚潇澄清淳皓晗淇祺瑞祥禾安宁康健泰新家国政伦尧舜玮琛璟珩泓' +
        '沛渊湛潼灏炫焱炜烁熙燊耀晋昱昕暄杭松柏桓栩楠橙胜超勇力劲勋卓君尚彦徽德志恺承振擎' +
        '敬斐旻昂易星晔景智曜书朔正永治津涌',
    ),
    F: chars(
      '涵欣萱怡琪雯婷妍诗雨思梦佳悦馨颖琳菲静瑶璐露洁彤蕊芮苒茜蓉芸芷若汐沫可心语嫣媛姝' +
        '娅婕倩晴晓月玥瑾瑜璇琬琦珊珂玲灵伊依欢舒淑澜沁溪岚丹彩蝶凤莺燕茉莉薇蔓蕾苗芊芳菁' +
        '冰凌霜雪韵音歌美丽慧惠敏秀艺曦甜婉婧姗妮娜娇娴姿婵姣妙妤珺琼瑛瑷瑗琰琴玫珍珠玉钰' +
        '铃萌萍莹莎菡薰蔚蓓蕙茹芙荷莲梅桃樱槿柳絮纯素纤绮绫霞霏霓虹晶晞暖秋冬夏诺雅笑贝',
    ),
  },
};

export function nameEra(birthYear: number): NameEra {
  if (birthYear < 1960) return 'old';
  if (birthYear < 1990) return 'middle';
  return 'young';
}

/** Share of one-character given names. */
export const SINGLE_CHAR_GIVEN_NAME_SHARE = 0.25;

export class NameGenerator {
  private readonly han = new WeightedTable(HAN_SURNAMES_LOCAL);
  private readonly she = new WeightedTable(SHE_SURNAMES);

  /** A family surname for the ethnicity; She 蓝/钟 sometimes come back in their variant spelling. */
  surname(rng: Rng, ethnicity: Ethnicity): string {
    if (ethnicity === '汉族') return this.han.sample(rng);
    const s = this.she.sample(rng);
    if (s === '蓝' && rng.chance(SHE_VARIANT_SPELLING.蓝.share)) return SHE_VARIANT_SPELLING.蓝.variant;
    if (s === '钟' && rng.chance(SHE_VARIANT_SPELLING.钟.share)) return SHE_VARIANT_SPELLING.钟.variant;
    return s;
  }

  /**
   * A given name of one (25%) or two (75%) characters from the pool of the sex and era.
   * Two-character names use two different characters, except for a few reduplicated
   * female names (婷婷, 丽丽) among the middle and young generations.
   */
  givenName(rng: Rng, sex: Sex, birthYear: number): string {
    const pool = GIVEN_NAME_POOLS[nameEra(birthYear)][sex];
    const first = rng.pick(pool);
    if (rng.chance(SINGLE_CHAR_GIVEN_NAME_SHARE)) return first;
    if (sex === 'F' && birthYear >= 1960 && rng.chance(0.04)) return first + first;
    let second = rng.pick(pool);
    while (second === first) second = rng.pick(pool);
    return first + second;
  }
}
