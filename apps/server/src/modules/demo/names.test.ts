import { describe, expect, it } from 'vitest';
import { HAN_SURNAMES_LOCAL, HAN_SURNAMES_NATIONAL, NameGenerator, nameEra, SHE_SURNAME_SET } from './names.ts';
import { Rng } from './prng.ts';

describe('names', () => {
  it('has the ~100 most common surnames plus local and compound ones', () => {
    expect(HAN_SURNAMES_NATIONAL.length).toBeGreaterThanOrEqual(100);
    const local = new Map(HAN_SURNAMES_LOCAL);
    expect(local.get('叶')!).toBeGreaterThan(local.get('赵')!); // 叶 is boosted for Lishui
    expect(local.has('欧阳')).toBe(true);
    expect(local.has('季')).toBe(true);
  });

  it('generates She surnames with occasional variant spellings', () => {
    const g = new NameGenerator();
    const rng = new Rng(1);
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const s = g.surname(rng, '畲族');
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect([...counts.keys()].every((s) => SHE_SURNAME_SET.has(s))).toBe(true);
    expect(counts.get('兰')!).toBeGreaterThan(100);
    expect(counts.get('蓝')!).toBeGreaterThan(counts.get('兰')!);
    expect(counts.get('雷')!).toBeGreaterThan(1000);
  });

  it('names of one or two characters, varied', () => {
    const g = new NameGenerator();
    const rng = new Rng(2);
    const names = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const n = g.givenName(rng, i % 2 ? 'M' : 'F', 1950 + (i % 70));
      expect([1, 2]).toContain(Array.from(n).length);
      names.add(n);
    }
    expect(names.size).toBeGreaterThan(1500);
    expect(nameEra(1959)).toBe('old');
    expect(nameEra(1960)).toBe('middle');
    expect(nameEra(1990)).toBe('young');
  });
});
