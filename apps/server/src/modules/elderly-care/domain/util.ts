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

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Epoch milliseconds of an ISO 8601 instant 'YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)'. A fast path
 * for the common shape (Date.parse is several times slower on offsets); anything else falls back
 * to Date.parse. NaN when unparseable.
 */
export function parseInstantMs(s: string): number {
  const n = s.length;
  if (
    n < 17 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    (s.charCodeAt(10) !== 84 && s.charCodeAt(10) !== 116) ||
    s.charCodeAt(13) !== 58
  ) {
    return Date.parse(s);
  }
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = two(s, i + 1);
    i += 3;
    if (s.charCodeAt(i) === 46) {
      i++;
      let scale = 100;
      while (i < n) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
        i++;
      }
      ms = Math.floor(ms);
    }
  }
  let off = 0;
  const c = s.charCodeAt(i);
  if ((c === 90 || c === 122) && i === n - 1) off = 0;
  else if ((c === 43 || c === 45) && i === n - 6 && s.charCodeAt(i + 3) === 58)
    off = (c === 45 ? -1 : 1) * (two(s, i + 1) * 60 + two(s, i + 4));
  else return Date.parse(s);
  if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 59 && off >= -1440 && off <= 1440))
    return Date.parse(s);
  if (d > 28 && d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return Number.NaN;
  return (daysFromCivil(y, mo, d) * 1440 + h * 60 + mi - off) * 60_000 + sec * 1000 + ms;
}
