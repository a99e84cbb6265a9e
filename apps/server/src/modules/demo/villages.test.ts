import { describe, expect, it } from 'vitest';
import { loadDeployment } from '../../config.ts';
import { LONGQUAN_TOWNSHIPS_FOR_TESTS } from './test-townships.ts';
import { demoPlacementOf, generateVillages } from './villages.ts';

const { bounds: LONGQUAN_BOUNDS, centres: LONGQUAN_TOWNSHIP_CENTRES } = demoPlacementOf(loadDeployment({}));

const villages = generateVillages(20201231, LONGQUAN_TOWNSHIPS_FOR_TESTS);

function km(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const dy = (aLat - bLat) * 111.2;
  const dx = (aLng - bLng) * 111.2 * Math.cos((aLat * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

describe('generateVillages', () => {
  it('has a centre for every Longquan township, inside the county box', () => {
    for (const t of LONGQUAN_TOWNSHIPS_FOR_TESTS) {
      const c = LONGQUAN_TOWNSHIP_CENTRES[t.code];
      expect(c, t.code).toBeDefined();
      expect(c.lat).toBeGreaterThan(LONGQUAN_BOUNDS.minLat);
      expect(c.lat).toBeLessThan(LONGQUAN_BOUNDS.maxLat);
      expect(c.lng).toBeGreaterThan(LONGQUAN_BOUNDS.minLng);
      expect(c.lng).toBeLessThan(LONGQUAN_BOUNDS.maxLng);
    }
  });

  it('makes 6-14 units per township with 12-digit codes under the right parent, all unique', () => {
    const codes = new Set(villages.map((v) => v.code));
    expect(codes.size).toBe(villages.length);
    for (const t of LONGQUAN_TOWNSHIPS_FOR_TESTS) {
      const mine = villages.filter((v) => v.parentCode === t.code);
      expect(mine.length).toBeGreaterThanOrEqual(6);
      expect(mine.length).toBeLessThanOrEqual(14);
      for (const v of mine) {
        expect(v.code).toMatch(/^\d{12}$/);
        expect(v.code.slice(0, 9)).toBe(t.code);
        expect(v.parentName).toBe(t.name);
        expect(v.isDemo).toBe(true);
      }
      expect(new Set(mine.map((v) => v.name)).size).toBe(mine.length);
    }
  });

  it('uses 001-099 for communities (社区) and 200-299 for villages (村)', () => {
    for (const v of villages) {
      const n = Number(v.code.slice(9));
      if (v.level === 'community') {
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(99);
        expect(v.name).toMatch(/社区$/);
      } else {
        expect(n).toBeGreaterThanOrEqual(200);
        expect(n).toBeLessThanOrEqual(299);
        expect(v.name).toMatch(/村$/);
      }
    }
    const subdistrictUnits = villages.filter((v) => v.parentCode < '331181100');
    const communities = subdistrictUnits.filter((v) => v.level === 'community').length;
    expect(communities / subdistrictUnits.length).toBeGreaterThan(0.5);
    const townshipUnits = villages.filter((v) => v.parentCode >= '331181200');
    expect(townshipUnits.every((v) => v.level === 'village')).toBe(true);
  });

  it('places units within ~6 km of their township centre and inside Longquan', () => {
    for (const v of villages) {
      const c = LONGQUAN_TOWNSHIP_CENTRES[v.parentCode];
      expect(km(v.latitude, v.longitude, c.lat, c.lng)).toBeLessThanOrEqual(6.05);
      expect(v.latitude).toBeGreaterThanOrEqual(LONGQUAN_BOUNDS.minLat);
      expect(v.latitude).toBeLessThanOrEqual(LONGQUAN_BOUNDS.maxLat);
      expect(v.longitude).toBeGreaterThanOrEqual(LONGQUAN_BOUNDS.minLng);
      expect(v.longitude).toBeLessThanOrEqual(LONGQUAN_BOUNDS.maxLng);
    }
  });

  it('is deterministic for a seed, differs for another seed, and ignores non-township rows', () => {
    expect(generateVillages(20201231, LONGQUAN_TOWNSHIPS_FOR_TESTS)).toEqual(villages);
    expect(generateVillages(1, LONGQUAN_TOWNSHIPS_FOR_TESTS)).not.toEqual(villages);
    const withCounty = generateVillages(20201231, [{ code: '331181', name: '龙泉市', level: 'county' }, ...LONGQUAN_TOWNSHIPS_FOR_TESTS]);
    expect(withCounty).toEqual(villages);
  });

  it('places townships without a known centre near the county centre', () => {
    const vs = generateVillages(9, [{ code: '331181999', name: '测试乡', level: 'township' }]);
    expect(vs.length).toBeGreaterThanOrEqual(6);
    expect(vs.every((v) => v.code.startsWith('331181999'))).toBe(true);
  });
});
