/** Small pure helpers shared by the elderly-care domain: dates, clock times, money. */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function assertIsoDate(s: string, what = 'date'): void {
  const m = DATE_RE.exec(s);
  if (!m) throw new RangeError(`${what} 须为 YYYY-MM-DD / ${what} must be YYYY-MM-DD: ${s}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) throw new RangeError(`无效日期 / invalid ${what}: ${s}`);
}

/**
 * Age in completed years on `date`. Someone born on 02-29 turns a year older on 03-01 in
 * non-leap years (birthday not yet reached on 02-28).
 */
export function ageOn(birthDate: string, date: string): number {
  assertIsoDate(birthDate, 'birthDate');
  assertIsoDate(date, 'date');
  const by = Number(birthDate.slice(0, 4));
  const dy = Number(date.slice(0, 4));
  const reached = date.slice(5) >= birthDate.slice(5);
  return dy - by - (reached ? 0 : 1);
}

/** 'HH:MM' -> minutes from midnight ('24:00' = 1440). */
export function hhmmToMin(s: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`时间须为 HH:MM / time must be HH:MM: ${s}`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) throw new RangeError(`无效时间 / invalid time: ${s}`);
  return h * 60 + min;
}

/** Exact yuan text from integer fen: 123456 -> '1234.56', -5 -> '-0.05'. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`金额须为整数分 / amount must be integer fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 32-bit FNV-1a over UTF-16 code units with a murmur3 finaliser (good avalanche, deterministic). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32 PRNG: deterministic floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
