import { describe, expect, it } from 'vitest';
import {
  classifyQuery,
  gramsContain,
  isPinyinSequence,
  nameContains,
  nameGrams,
  namePinyin,
  normalizeName,
  queryGrams,
} from './search-keys.ts';

/** The database match: gram containment as the index prefilter, then the exact substring re-check. */
function matches(name: string, q: string): boolean {
  return gramsContain(nameGrams(name), queryGrams(q)) && nameContains(name, q);
}

describe('normalizeName', () => {
  it('trims and removes inner spaces and middle dots', () => {
    expect(normalizeName('  张 三 丰 ')).toBe('张三丰');
    expect(normalizeName('阿依古丽·买买提')).toBe('阿依古丽买买提');
    expect(normalizeName('张\u3000三')).toBe('张三');
  });

  it('folds 兰 to 蓝 and 锺 to 钟 (and their traditional forms)', () => {
    expect(normalizeName('兰芳')).toBe('蓝芳');
    expect(normalizeName('蓝芳')).toBe('蓝芳');
    expect(normalizeName('锺丽')).toBe('钟丽');
    expect(normalizeName('鍾丽')).toBe('钟丽');
    expect(normalizeName('藍秀蘭')).toBe('蓝秀蓝');
    expect(normalizeName('兰芳')).toBe(normalizeName('蓝芳'));
    expect(normalizeName('锺')).toBe(normalizeName('钟'));
  });

  it('keeps rare and supplementary-plane characters intact', () => {
    expect(normalizeName('叶垟生')).toBe('叶垟生');
    expect(normalizeName('𠮷田 太')).toBe('𠮷田太');
    expect(Array.from(normalizeName('𠮷田'))).toEqual(['𠮷', '田']);
  });
});

describe('nameGrams / queryGrams', () => {
  it('stores single characters and adjacent bigrams, deduplicated', () => {
    expect(nameGrams('张三丰').sort()).toEqual(['三', '三丰', '丰', '张', '张三'].sort());
    expect(nameGrams('王')).toEqual(['王']);
    expect(nameGrams('丽丽').sort()).toEqual(['丽', '丽丽'].sort());
    expect(nameGrams('')).toEqual([]);
  });

  it('treats supplementary-plane characters as one character', () => {
    expect(nameGrams('𠮷田').sort()).toEqual(['𠮷', '𠮷田', '田'].sort());
    expect(queryGrams('𠮷')).toEqual(['𠮷']);
  });

  it('queries of 1 character use [c]; of 2+ characters use their bigrams', () => {
    expect(queryGrams('张')).toEqual(['张']);
    expect(queryGrams('三丰')).toEqual(['三丰']);
    expect(queryGrams('张三丰')).toEqual(['张三', '三丰']);
    expect(queryGrams(' ')).toEqual([]);
  });

  it('matches 1, 2 and 3 character queries anywhere in the name', () => {
    expect(matches('张三丰', '张')).toBe(true);
    expect(matches('张三丰', '丰')).toBe(true);
    expect(matches('张三丰', '三丰')).toBe(true);
    expect(matches('张三丰', '张三')).toBe(true);
    expect(matches('张三丰', '张三丰')).toBe(true);
    expect(matches('张三丰', '李')).toBe(false);
    expect(matches('张三丰', '张丰')).toBe(false); // not adjacent
    expect(matches('张三丰', '丰三')).toBe(false); // wrong order
    expect(matches('欧阳春花', '阳春花')).toBe(true);
    expect(matches('欧阳春花', '欧阳花')).toBe(false);
  });

  it('needs the substring re-check for 3+ characters (grams are a prefilter)', () => {
    // Bigrams 三丰 and 丰三 both occur in 三丰x丰三 although 三丰三 does not.
    expect(gramsContain(nameGrams('三丰李丰三'), queryGrams('三丰三'))).toBe(true);
    expect(matches('三丰李丰三', '三丰三')).toBe(false);
  });

  it('lets 兰 and 蓝, 锺 and 钟 find each other', () => {
    expect(matches('蓝芳', '兰芳')).toBe(true);
    expect(matches('兰芳', '蓝芳')).toBe(true);
    expect(matches('蓝芳', '兰')).toBe(true);
    expect(matches('雷秀兰', '秀蓝')).toBe(true);
    expect(matches('锺建华', '钟建')).toBe(true);
    expect(matches('钟建华', '锺')).toBe(true);
    expect(gramsContain(nameGrams('蓝芳'), queryGrams('兰芳'))).toBe(true);
    expect(queryGrams('兰芳')).toEqual(['蓝芳']);
  });

  it('an empty query matches nothing', () => {
    expect(gramsContain(nameGrams('张三'), queryGrams(''))).toBe(false);
  });
});

describe('namePinyin', () => {
  it.each([
    ['张三丰', 'zhangsanfeng', 'zsf'],
    ['李娜', 'lina', 'ln'],
    ['吕布', 'lvbu', 'lb'],
    ['绿萍', 'lvping', 'lp'],
    ['单雄信', 'shanxiongxin', 'sxx'],
    ['曾国藩', 'zengguofan', 'zgf'],
    ['欧阳修', 'ouyangxiu', 'oyx'],
    ['欧阳春花', 'ouyangchunhua', 'oych'],
    ['司马光', 'simaguang', 'smg'],
    ['尉迟恭', 'yuchigong', 'ycg'],
    ['解缙', 'xiejin', 'xj'],
    ['仇英', 'qiuying', 'qy'],
    ['叶重阳', 'yechongyang', 'ycy'],
    ['叶垟生', 'yeyangsheng', 'yys'],
    ['蓝垟根', 'lanyanggen', 'lyg'],
    ['雷秀英', 'leixiuying', 'lxy'],
    ['兰芳', 'lanfang', 'lf'],
    ['锺丽', 'zhongli', 'zl'],
    ['盘小梅', 'panxiaomei', 'pxm'],
  ])('%s -> %s / %s', (name, full, initials) => {
    expect(namePinyin(name)).toEqual({ full, initials });
  });

  it('gives 兰/蓝 and 锺/钟 the same keys', () => {
    expect(namePinyin('兰芳')).toEqual(namePinyin('蓝芳'));
    expect(namePinyin('锺丽')).toEqual(namePinyin('钟丽'));
  });

  it('ignores spaces and dots and drops characters without a known reading', () => {
    expect(namePinyin(' 张 三 ')).toEqual({ full: 'zhangsan', initials: 'zs' });
    expect(namePinyin('')).toEqual({ full: '', initials: '' });
    expect(namePinyin('李Anna')).toEqual({ full: 'lianna', initials: 'la' });
    expect(namePinyin('王重阳')).toEqual({ full: 'wangchongyang', initials: 'wcy' });
    expect(namePinyin('曾')).toEqual({ full: 'zeng', initials: 'z' });
    const rare = namePinyin('𠮷田');
    expect(rare.full).toMatch(/^[a-z]*tian$/);
  });

  it('is fast enough for bulk imports (cache off: distinct names)', () => {
    const pool = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋叶蓝雷钟秀英兰花根福土浩宇涵欣梓明华建国军伟丽敏静');
    const t0 = performance.now();
    let n = 0;
    for (let i = 0; i < 2000; i++) {
      const name = pool[i % 25] + pool[(i * 7) % pool.length] + pool[(i * 13 + 5) % pool.length] + String.fromCodePoint(0x4e00 + i);
      n += namePinyin(name).full.length;
    }
    expect(n).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('isPinyinSequence', () => {
  it.each([
    ['zhang', true],
    ['zhangsanfeng', true],
    ['wang', true],
    ['xian', true],
    ["xi'an", true],
    ['lvbu', true],
    ['nve', true],
    ['ouyang', true],
    ['zsf', false],
    ['lw', false],
    ['xyz', false],
    ['', false],
    ['zhang3', false],
  ])('%s -> %s', (s, ok) => {
    expect(isPinyinSequence(s)).toBe(ok);
  });
});

describe('classifyQuery', () => {
  it.each([
    ['', 'empty', ''],
    ['   ', 'empty', ''],
    ['张', 'name', '张'],
    ['张三丰', 'name', '张三丰'],
    ['兰芳', 'name', '蓝芳'],
    [' 欧阳 修 ', 'name', '欧阳修'],
    ['垟', 'name', '垟'],
    ['zsf', 'initials', 'zsf'],
    ['lw', 'initials', 'lw'],
    ['ZSF', 'initials', 'zsf'],
    ['zhang', 'pinyin', 'zhang'],
    ['wang', 'pinyin', 'wang'],
    ['zhangsanfeng', 'pinyin', 'zhangsanfeng'],
    ['Zhang San', 'pinyin', 'zhangsan'],
    ["xi'an", 'pinyin', 'xian'],
    ['lan', 'initials', 'lan'], // valid pinyin but only 3 letters
    ['zhsf', 'initials', 'zhsf'],
    ['lüe', 'initials', 'lve'],
    ['lüxiu', 'pinyin', 'lvxiu'],
    ['331181199001011234', 'idFull', '331181199001011234'],
    ['11010519491231002x', 'idFull', '11010519491231002X'],
    ['332526800101123', 'idFull', '332526800101123'],
    ['1234', 'idTail', '1234'],
    ['002X', 'idTail', '002X'],
    ['12345x', 'idTail', '12345X'],
    ['123456', 'idTail', '123456'],
    ['3X', 'idTail', '3X'],
    ['13805781234', 'phone', '13805781234'],
    ['138 0578 1234', 'phone', '13805781234'],
    ['+8613805781234', 'phone', '13805781234'],
    ['1380578', 'phone', '1380578'],
    ['05787123456', 'phone', '05787123456'],
    ['0578-7123456', 'phone', '05787123456'],
    ['3311811990', 'idTail', '3311811990'],
    ['12', 'empty', '12'],
    ['张s', 'name', '张s'],
  ])('%j -> %s', (q, kind, value) => {
    expect(classifyQuery(q)).toEqual({ kind, value });
  });
});
