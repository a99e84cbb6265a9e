/**
 * Name search keys for the resident registry.
 *
 * People are found by
 *  - Chinese characters anywhere in the name (1, 2 or 3+ characters),
 *  - full pinyin without tones (张三丰 -> zhangsanfeng),
 *  - pinyin initials (张三丰 -> zsf),
 *  - ID number tail / full ID number, phone number (see classifyQuery).
 *
 * Character search uses a `text[]` column of "grams" with a GIN index: the stored grams are the
 * single characters and the adjacent-character bigrams of the normalized name. A query of one
 * character must be contained as `[c]`; a query of two or more characters contributes its
 * bigrams, all of which must be contained (`name_grams @> query_grams`). For queries of three or
 * more characters this is a necessary but not sufficient condition (the bigrams may occur in
 * different places), so the database query re-checks with `normalized_name LIKE '%q%'` on the
 * few candidate rows (see nameContains).
 *
 * She (畲族) surnames: 蓝 is often written 兰 and 钟 as 锺, so both are folded to one form before
 * any key is computed. The fold is applied to every position of the name (a given name 秀兰 is
 * stored as 秀蓝 in the keys); this is harmless because queries are folded the same way and the
 * displayed name is never changed.
 */
import { pinyin } from 'pinyin-pro';

/**
 * Variant characters folded for search (key -> canonical). Only pairs we are sure are written
 * interchangeably for the same surname:
 *  - 兰 -> 蓝: the She surname 蓝 is frequently registered as 兰 (and the reverse).
 *  - 锺 -> 钟: 锺 is the (simplified) variant of the surname 钟 kept by some families.
 *  - 藍/蘭 -> 蓝, 鍾/鐘 -> 钟: the traditional forms of the same characters, as they appear in
 *    old records typed in traditional script.
 */
export const SEARCH_VARIANT_FOLDS: Readonly<Record<string, string>> = Object.freeze({
  兰: '蓝',
  蘭: '蓝',
  藍: '蓝',
  锺: '钟',
  鍾: '钟',
  鐘: '钟',
});

/** Separators removed from names: spaces (ASCII, ideographic, no-break) and the middle dots used in minority / foreign names. */
const REMOVED = new Set([' ', '\t', '\n', '\r', '\u00a0', '\u3000', '·', '・', '•', '‧', '･', '.', '．']);

/**
 * Normalize a name (or a name query) for search keys: trim, drop spaces and '·', fold the variant
 * characters in SEARCH_VARIANT_FOLDS and lower-case Latin letters. Works on Unicode code points,
 * so characters outside the BMP (e.g. 𠮷) survive intact; rare BMP characters such as 垟 are
 * kept as they are.
 */
export function normalizeName(name: string): string {
  let out = '';
  for (const ch of Array.from(name ?? '')) {
    if (REMOVED.has(ch)) continue;
    const folded = SEARCH_VARIANT_FOLDS[ch];
    if (folded !== undefined) out += folded;
    else if (ch >= 'A' && ch <= 'Z') out += ch.toLowerCase();
    else out += ch;
  }
  return out;
}

/** Grams stored for a name: every single character plus every adjacent bigram of the normalized name (deduplicated). */
export function nameGrams(name: string): string[] {
  const chars = Array.from(normalizeName(name));
  const grams = new Set<string>(chars);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams];
}

/** Grams a name must contain to match the query: `[c]` for one character, otherwise the query's bigrams. */
export function queryGrams(q: string): string[] {
  const chars = Array.from(normalizeName(q));
  if (chars.length === 0) return [];
  if (chars.length === 1) return chars;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams];
}

/** True when every query gram is among the name grams (the in-memory equivalent of `name_grams @> query_grams`). */
export function gramsContain(nameGramList: readonly string[], queryGramList: readonly string[]): boolean {
  if (queryGramList.length === 0) return false;
  const set = new Set(nameGramList);
  return queryGramList.every((g) => set.has(g));
}

/** The exact substring test applied after the gram prefilter (needed for queries of 3+ characters). */
export function nameContains(name: string, q: string): boolean {
  const nq = normalizeName(q);
  return nq.length > 0 && normalizeName(name).includes(nq);
}

// ---------------------------------------------------------------------------------------------
// Pinyin

export interface NamePinyin {
  /** Lower-case pinyin, no tones, no spaces, ü written v: 张三丰 -> zhangsanfeng, 吕 -> lv. */
  full: string;
  /** First letter of each syllable: 张三丰 -> zsf. */
  initials: string;
}

/**
 * Two-character (复姓) surnames. A name starting with one of these is split after two characters,
 * otherwise after one; this only matters where the compound reads differently from its parts
 * (尉迟 yuchi, 万俟 moqi) or for the initials (欧阳 -> oy).
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set(
  (
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 万俟 独孤 南宫 西门 澹台 轩辕 呼延 ' +
    '申屠 闻人 百里 太史 钟离 第五 濮阳 淳于 赫连 拓跋 公羊 司空 左丘 东郭 梁丘 谷梁 宰父 微生 羊舌 公冶 仲孙 ' +
    '巫马 乐正 漆雕 颛孙 段干 东门'
  ).split(' '),
);

const CACHE_LIMIT = 50_000;
const surnameCache = new Map<string, string[]>();
const givenCache = new Map<string, string[]>();
/** Per character: its pinyin when it has a single reading, or null when it is polyphonic (needs word context). */
const charCache = new Map<string, string | null>();

/**
 * Pinyin keys of a name, computed on the normalized name with pinyin-pro. The name is split into
 * surname (a compound surname from COMPOUND_SURNAMES, else the first character) and given name:
 * the surname is read in pinyin-pro's surname mode (单 shan, 曾 zeng, 仇 qiu, 解 xie, 尉迟 yuchi),
 * the given name in normal mode with word context (重阳 chongyang). Characters pinyin-pro does not
 * know (some supplementary-plane characters) contribute nothing; Latin letters are kept
 * (lower-cased) in `full`, with the first letter of each run in `initials`.
 *
 * Speed: a pinyin-pro call costs ~10 microseconds whatever the length, so calls are avoided:
 * surnames are memoized; a given name whose characters all have a single reading is assembled
 * from a per-character cache; only given names with a polyphonic character go to pinyin-pro
 * (memoized in a bounded cache) so that word context still decides the reading.
 */
export function namePinyin(name: string): NamePinyin {
  const norm = normalizeName(name);
  if (norm.length === 0) return { full: '', initials: '' };
  const cut = COMPOUND_SURNAMES.has(norm.slice(0, 2)) ? 2 : (norm.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
  let full = '';
  let initials = '';
  for (const s of cachedSyllables(surnameCache, norm.slice(0, cut), true)) {
    full += s;
    initials += s[0];
  }
  if (norm.length === cut) return { full, initials };
  const given = norm.slice(cut);
  let simple = '';
  let simpleInitials = '';
  let inLatinRun = false;
  for (const ch of given) {
    if (ch >= 'a' && ch <= 'z') {
      // Latin letters (normalizeName lower-cased them): kept in full, one initial per run.
      simple += ch;
      if (!inLatinRun) simpleInitials += ch;
      inLatinRun = true;
      continue;
    }
    inLatinRun = false;
    const syl = charSyllable(ch);
    if (syl === null) {
      simple = '';
      simpleInitials = '';
      for (const s of cachedSyllables(givenCache, given, false)) {
        simple += s;
        simpleInitials += s[0];
      }
      break;
    }
    if (syl.length > 0) {
      simple += syl;
      simpleInitials += syl[0];
    }
  }
  return { full: full + simple, initials: initials + simpleInitials };
}

function charSyllable(ch: string): string | null {
  const hit = charCache.get(ch);
  if (hit !== undefined) return hit;
  const readings = pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true });
  const distinct = new Set(readings.map((r) => r.toLowerCase().replace(/[^a-z]/g, '')));
  const value = distinct.size > 1 ? null : ([...distinct][0] ?? '');
  if (charCache.size >= CACHE_LIMIT) charCache.clear();
  charCache.set(ch, value);
  return value;
}

function cachedSyllables(cache: Map<string, string[]>, text: string, asSurname: boolean): string[] {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const syllables = pinyin(text, {
    toneType: 'none',
    type: 'array',
    v: true,
    nonZh: 'consecutive',
    ...(asSurname ? { mode: 'surname' as const, surname: 'head' as const } : {}),
  });
  const out: string[] = [];
  for (const raw of syllables) {
    // Non-Chinese runs come back as they were; keep only a-z (drops unknown rare characters, digits, punctuation).
    const s = raw.toLowerCase().replace(/[^a-z]/g, '');
    if (s.length > 0) out.push(s);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Query classification

/**
 * Toneless pinyin syllables (ü written v; lue/nue accepted as common spellings of lüe/nüe).
 * Interjection-only syllables (m, n, ng, hm, hng) are left out so they cannot glue initials
 * such as "lng" into a "pinyin" reading.
 */
const SYLLABLE_TEXT = `
a o e ai ei ao ou an en ang eng er
yi ya yo ye yao you yan yin yang ying yong yu yue yuan yun
wu wa wo wai wei wan wen wang weng
ba bo bai bei bao ban ben bang beng bi bie biao bian bin bing bu
pa po pai pei pao pou pan pen pang peng pi pie piao pian pin ping pu
ma mo me mai mei mao mou man men mang meng mi mie miao miu mian min ming mu
fa fo fei fou fan fen fang feng fu
da de dai dei dao dou dan den dang deng dong di dia die diao diu dian ding du duo dui duan dun
ta te tai tao tou tan tang teng tong ti tie tiao tian ting tu tuo tui tuan tun
na ne nai nei nao nou nan nen nang neng nong ni nie niao niu nian nin niang ning nu nuo nuan nun nv nve nue
la le lo lai lei lao lou lan lang leng long li lia lie liao liu lian lin liang ling lu luo luan lun lv lve lue
ga ge gai gei gao gou gan gen gang geng gong gu gua guo guai gui guan gun guang
ka ke kai kei kao kou kan ken kang keng kong ku kua kuo kuai kui kuan kun kuang
ha he hai hei hao hou han hen hang heng hong hu hua huo huai hui huan hun huang
ji jia jie jiao jiu jian jin jiang jing jiong ju jue juan jun
qi qia qie qiao qiu qian qin qiang qing qiong qu que quan qun
xi xia xie xiao xiu xian xin xiang xing xiong xu xue xuan xun
zha zhe zhi zhai zhei zhao zhou zhan zhen zhang zheng zhong zhu zhua zhuo zhuai zhui zhuan zhun zhuang
cha che chi chai chao chou chan chen chang cheng chong chu chua chuo chuai chui chuan chun chuang
sha she shi shai shei shao shou shan shen shang sheng shu shua shuo shuai shui shuan shun shuang
re ri rao rou ran ren rang reng rong ru rua ruo rui ruan run
za ze zi zai zei zao zou zan zen zang zeng zong zu zuo zui zuan zun
ca ce ci cai cao cou can cen cang ceng cong cu cuo cui cuan cun
sa se si sai sao sou san sen sang seng song su suo sui suan sun
`;

export const PINYIN_SYLLABLES: ReadonlySet<string> = new Set(SYLLABLE_TEXT.split(/\s+/).filter(Boolean));
const MAX_SYLLABLE = 6; // zhuang, chuang, shuang

/**
 * True when the whole string (lower-case a-z, ü as v, apostrophes allowed as separators) can be
 * split into valid pinyin syllables. Dynamic programming over positions, so "xian" (xian or
 * xi'an) and "zhangsan" both succeed; "zsf" and "lw" fail.
 */
export function isPinyinSequence(s: string): boolean {
  const parts = s.toLowerCase().replace(/ü/g, 'v').split("'");
  if (parts.some((p) => p.length === 0 || !/^[a-z]+$/.test(p))) return false;
  return parts.every(splitsIntoSyllables);
}

function splitsIntoSyllables(s: string): boolean {
  const ok = new Array<boolean>(s.length + 1).fill(false);
  ok[0] = true;
  for (let i = 0; i < s.length; i++) {
    if (!ok[i]) continue;
    for (let len = 1; len <= MAX_SYLLABLE && i + len <= s.length; len++) {
      if (PINYIN_SYLLABLES.has(s.slice(i, i + len))) ok[i + len] = true;
    }
  }
  return ok[s.length];
}

export type QueryKind = 'name' | 'pinyin' | 'initials' | 'idTail' | 'idFull' | 'phone' | 'empty';

/**
 * Decide what a free-text search box query means. Decisions:
 *  - Whitespace, '-' between digits and a leading +86 are ignored; x is upper-cased.
 *  - Only CJK (Han) characters (after dropping spaces and '·') -> name, value normalized.
 *  - 15 digits, or 17 digits + digit/X -> idFull.
 *  - 7-11 digits starting with 1 or 0 -> phone (11 digits starting with 1 is a mobile number;
 *    a leading 0 is a landline with its area code, e.g. 0578xxxxxxx).
 *  - 4-6 digits, or any 2-17 character string of digits ending with X -> idTail.
 *  - Other digit strings of 7-17 digits (not a phone, not a full ID) -> idTail: the user is most
 *    likely typing a longer tail of an ID number.
 *  - 1-3 digits -> empty: too short to search on.
 *  - Latin letters only (apostrophes, ü allowed): longer than 3 letters and splittable into pinyin
 *    syllables -> pinyin; otherwise initials ('zsf', 'lw', and short strings like 'lan' that are
 *    also plausible initials: the caller may search initials by prefix).
 *  - Anything else (mixed scripts, punctuation) -> name with the normalized text: a substring
 *    search is the least surprising fallback.
 */
export function classifyQuery(q: string): { kind: QueryKind; value: string } {
  const trimmed = (q ?? '').trim();
  if (trimmed.length === 0) return { kind: 'empty', value: '' };

  const name = normalizeName(trimmed);
  if (name.length > 0 && /^\p{Script=Han}+$/u.test(name)) return { kind: 'name', value: name };

  let compact = trimmed.replace(/\s+/g, '').toUpperCase();
  if (/^[\dX-]+$/.test(compact)) compact = compact.replace(/-/g, '');
  if (/^\+86\d{11}$/.test(compact)) compact = compact.slice(3);

  if (/^\d+$/.test(compact) || /^\d+X$/.test(compact)) {
    const len = compact.length;
    if (/^\d{15}$/.test(compact) || /^\d{17}[\dX]$/.test(compact)) return { kind: 'idFull', value: compact };
    if (compact.endsWith('X')) return len >= 2 && len <= 17 ? { kind: 'idTail', value: compact } : { kind: 'name', value: name };
    if (len >= 7 && len <= 11 && (compact[0] === '1' || compact[0] === '0')) return { kind: 'phone', value: compact };
    if (len >= 4 && len <= 17) return { kind: 'idTail', value: compact };
    if (len < 4) return { kind: 'empty', value: compact };
    return { kind: 'name', value: name };
  }

  const latin = trimmed.replace(/\s+/g, '').toLowerCase().replace(/ü/g, 'v');
  if (/^[a-z']+$/.test(latin) && /[a-z]/.test(latin)) {
    const letters = latin.replace(/'/g, '');
    if (letters.length > 3 && isPinyinSequence(latin)) return { kind: 'pinyin', value: letters };
    return { kind: 'initials', value: letters };
  }

  return name.length > 0 ? { kind: 'name', value: name } : { kind: 'empty', value: '' };
}
