/**
 * Resident ID numbers (居民身份证号) per GB 11643-1999.
 * 18 characters: 6-digit address code, YYYYMMDD birth date, 3-digit sequence
 * (odd = male, even = female) and an ISO 7064 MOD 11-2 check character.
 * 15-digit numbers (before 1999) carry YYMMDD and no check; they convert by inserting "19".
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'EMPTY' | 'LENGTH' | 'CHARACTERS' | 'BIRTH_DATE' | 'FUTURE_BIRTH_DATE' | 'CHECK_CHARACTER';

export const ID_NUMBER_PROBLEM_MESSAGES: Record<IdNumberProblem, { zh: string; en: string }> = {
  EMPTY: { zh: '请填写身份证号', en: 'The ID number is required' },
  LENGTH: { zh: '身份证号应为18位(或旧版15位)', en: 'An ID number has 18 characters (or 15 for old numbers)' },
  CHARACTERS: {
    zh: '身份证号只能包含数字,18位号码的最后一位可以是X',
    en: 'An ID number holds digits only; the last of 18 may be X',
  },
  BIRTH_DATE: { zh: '身份证号中的出生日期不存在', en: 'The birth date inside the ID number does not exist' },
  FUTURE_BIRTH_DATE: { zh: '身份证号中的出生日期晚于今天', en: 'The birth date inside the ID number is in the future' },
  CHECK_CHARACTER: {
    zh: '身份证号校验位不正确,请核对每一位数字',
    en: 'The check character does not match; please check every digit',
  },
};

export type IdNumberResult =
  | { ok: true; idNumber: string; birthDate: string; sex: 'M' | 'F'; addressCode: string; converted: boolean }
  | { ok: false; problem: IdNumberProblem; expectedCheck?: string };

export function computeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Convert an old 15-digit number to 18 digits (without validating the date). */
export function convert15To18(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + computeCheckCharacter(first17);
}

export function parseIdNumber(raw: string, today: string = shanghaiToday()): IdNumberResult {
  const input = (raw ?? '').trim().toUpperCase().replace(/[\s-]/g, '');
  if (input.length === 0) return { ok: false, problem: 'EMPTY' };
  let id: string;
  let converted = false;
  if (input.length === 15) {
    if (!/^\d{15}$/.test(input)) return { ok: false, problem: 'CHARACTERS' };
    id = convert15To18(input);
    converted = true;
  } else if (input.length === 18) {
    if (!/^\d{17}[\dX]$/.test(input)) return { ok: false, problem: 'CHARACTERS' };
    id = input;
  } else {
    return { ok: false, problem: 'LENGTH' };
  }
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1850 || !isRealDate(y, m, d)) return { ok: false, problem: 'BIRTH_DATE' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, problem: 'FUTURE_BIRTH_DATE' };
  const expected = computeCheckCharacter(id.slice(0, 17));
  if (!converted && expected !== id[17]) return { ok: false, problem: 'CHECK_CHARACTER', expectedCheck: expected };
  const sex = Number(id[16]) % 2 === 1 ? 'M' : 'F';
  return { ok: true, idNumber: id, birthDate, sex, addressCode: id.slice(0, 6), converted };
}

/** Age in whole years on a given date (YYYY-MM-DD strings). */
export function ageOn(birthDate: string, onDate: string): number {
  const by = Number(birthDate.slice(0, 4));
  const oy = Number(onDate.slice(0, 4));
  return oy - by - (onDate.slice(5) < birthDate.slice(5) ? 1 : 0);
}

/** Mask an ID number for display: keep the first 6 (address code) and the last 4 (e.g. 110101********123X). */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** Mask a phone number: 138****5678. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/** Mask a name for public pages: 张* / 欧阳** . */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}
