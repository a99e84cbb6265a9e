import { describe, expect, it } from 'vitest';
import { ageOn, assertIsoDate, fenToYuan, hash32, hhmmToMin, mulberry32, parseInstantMs } from './util.ts';

describe('parseInstantMs agrees with Date.parse', () => {
  it.each([
    '2024-05-11T09:00:00+08:00',
    '2024-05-11T09:00:00Z',
    '2024-05-11T09:00Z',
    '2024-05-11T09:00:00.5+08:00',
    '2024-05-11T09:00:00.123456Z',
    '2024-02-29T23:59:59-05:30',
    '1999-12-31T16:00:00+00:00',
    '2024-05-11 09:00:00+08:00',
    '2024-05-11T09:00:00',
  ])('%s', (s) => {
    expect(parseInstantMs(s)).toBe(Date.parse(s));
  });
  it.each(['yesterday', '', '2024-02-30T09:00:00Z', '2024-13-01T00:00:00Z'])('%s is NaN', (s) => {
    expect(parseInstantMs(s)).toBeNaN();
  });
  it('random instants round-trip', () => {
    const rnd = mulberry32(9);
    for (let i = 0; i < 5000; i++) {
      const ms = Math.floor(rnd() * 4e12);
      const off = Math.floor(rnd() * 27 - 13) * 60 + (rnd() < 0.2 ? 30 : 0);
      const local = new Date(ms + off * 60_000).toISOString().slice(0, 23);
      const sign = off < 0 ? '-' : '+';
      const a = Math.abs(off);
      const s = `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
      expect(parseInstantMs(s)).toBe(ms);
    }
  });
});

describe('small helpers', () => {
  it('hhmmToMin', () => {
    expect(['00:00', '08:30', '23:59', '24:00'].map(hhmmToMin)).toEqual([0, 510, 1439, 1440]);
    for (const bad of ['24:01', '8:30', '12:60', 'noon']) expect(() => hhmmToMin(bad)).toThrow(RangeError);
  });
  it('assertIsoDate / ageOn', () => {
    expect(() => assertIsoDate('2023-02-29')).toThrow();
    expect(() => assertIsoDate('2024-02-29')).not.toThrow();
    expect(ageOn('1944-05-11', '2024-05-10')).toBe(79);
    expect(ageOn('1944-05-11', '2024-05-11')).toBe(80);
  });
  it('fenToYuan', () => {
    expect(fenToYuan(1005)).toBe('10.05');
  });
  it('hash32 and mulberry32 are deterministic and spread', () => {
    expect(hash32('abc')).toBe(hash32('abc'));
    expect(hash32('abc')).not.toBe(hash32('abd'));
    const r1 = mulberry32(5);
    const r2 = mulberry32(5);
    const xs = Array.from({ length: 1000 }, () => r1());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => r2()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
});
