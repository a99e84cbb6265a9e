import { describe, expect, it } from 'vitest';
import { ageOn, computeCheckCharacter, convert15To18, maskIdNumber, maskName, maskPhone, parseIdNumber } from './id-number.ts';

describe('GB 11643-1999 ID numbers', () => {
  it.each(['11010519491231002X', '440524188001010014', '370101190102039973'])('accepts the published vector %s', (id) => {
    const r = parseIdNumber(id);
    expect(r.ok).toBe(true);
  });

  it('derives birth date and sex', () => {
    const r = parseIdNumber('11010519491231002X');
    expect(r).toMatchObject({ ok: true, birthDate: '1949-12-31', sex: 'F', addressCode: '110105' });
    expect(parseIdNumber('440524188001010014')).toMatchObject({ birthDate: '1880-01-01', sex: 'M' });
  });

  it('accepts a lower-case x and surrounding spaces', () => {
    expect(parseIdNumber(' 11010519491231002x ')).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  it('rejects a wrong check character and says which is expected', () => {
    const r = parseIdNumber('110105194912310021');
    expect(r).toEqual({ ok: false, problem: 'CHECK_CHARACTER', expectedCheck: 'X' });
  });

  it.each([
    ['', 'EMPTY'],
    ['1234', 'LENGTH'],
    ['11010519491231002Y', 'CHARACTERS'],
    ['1101051949123100X2', 'CHARACTERS'],
    ['110105194902300011', 'BIRTH_DATE'], // 30 February
    ['110105190002290011', 'BIRTH_DATE'], // 1900 is not a leap year
    ['110105194913010011', 'BIRTH_DATE'],
  ])('rejects %s with %s', (id, problem) => {
    expect(parseIdNumber(id)).toMatchObject({ ok: false, problem });
  });

  it('rejects a birth date after today', () => {
    const first17 = '33118120990101001';
    expect(parseIdNumber(first17 + computeCheckCharacter(first17), '2026-11-28')).toMatchObject({
      ok: false,
      problem: 'FUTURE_BIRTH_DATE',
    });
  });

  it('accepts leap days in leap years (2000 is one)', () => {
    const first17 = '33118120000229001';
    expect(parseIdNumber(first17 + computeCheckCharacter(first17), '2026-11-28')).toMatchObject({ ok: true, birthDate: '2000-02-29' });
  });

  it('converts old 15-digit numbers by inserting 19 and computing the check', () => {
    // 15-digit form of the published vector 370101190102039973 is not derivable (its year is 1901);
    // build one from a known 18-digit number born in 19xx instead.
    const id18 = '11010519491231002X';
    const id15 = id18.slice(0, 6) + id18.slice(8, 17);
    expect(convert15To18(id15)).toBe(id18);
    expect(parseIdNumber(id15)).toMatchObject({ ok: true, idNumber: id18, converted: true, sex: 'F' });
  });

  it('does not require a current address code (old codes stay valid)', () => {
    const first17 = '33252619500101001'; // 332526 was Longquan's code before 1990
    expect(parseIdNumber(first17 + computeCheckCharacter(first17)).ok).toBe(true);
  });

  it('random valid numbers pass and any single-digit change fails', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < 500; i++) {
      const y = 1920 + Math.floor(rnd() * 100);
      const m = 1 + Math.floor(rnd() * 12);
      const d = 1 + Math.floor(rnd() * 28);
      const first17 = `331181${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`;
      const id = first17 + computeCheckCharacter(first17);
      expect(parseIdNumber(id, '2026-11-28').ok).toBe(true);
      // Change one of the sequence digits: MOD 11-2 detects every single-digit error.
      const pos = 14 + Math.floor(rnd() * 3);
      const digit = (Number(id[pos]) + 1 + Math.floor(rnd() * 8)) % 10;
      const broken = id.slice(0, pos) + digit + id.slice(pos + 1);
      expect(parseIdNumber(broken, '2026-11-28')).toMatchObject({ ok: false, problem: 'CHECK_CHARACTER' });
    }
  });

  it('computes age in whole years', () => {
    expect(ageOn('1949-12-31', '2026-12-30')).toBe(76);
    expect(ageOn('1949-12-31', '2026-12-31')).toBe(77);
  });
});

describe('masking', () => {
  it('masks ID numbers as 6 + 8 stars + 4', () => {
    expect(maskIdNumber('33118119500101123X')).toBe('331181********123X');
    expect(maskIdNumber(null)).toBeNull();
  });
  it('masks phone numbers and names', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('欧阳')).toBe('欧*');
  });
});
