import { ageOn, parseIdNumber } from '@lq/contracts';
import { describe, expect, it } from 'vitest';
import { COMPOUND_SURNAMES, GIVEN_NAME_POOLS, nameEra, SHE_SURNAME_SET } from './names.ts';
import { DEMO_SEED, type DemoHousehold, type DemoPerson, generatePopulation } from './population.ts';

/** 竹垟畲族乡, the She township of the default (Longquan) deployment. */
const SHE_TOWNSHIP_CODE = '331181203';

import { LONGQUAN_TOWNSHIPS_FOR_TESTS } from './test-townships.ts';
import { generateVillages } from './villages.ts';

const TODAY = '2025-06-30';
const villages = generateVillages(DEMO_SEED, LONGQUAN_TOWNSHIPS_FOR_TESTS);
const villageCodes = new Set(villages.map((v) => v.code));

function collect(seed: number, size: number, batchSize?: number) {
  const households: DemoHousehold[] = [];
  const people: DemoPerson[] = [];
  const batches: { households: number; people: number }[] = [];
  for (const b of generatePopulation({ seed, size, villages, today: TODAY, batchSize })) {
    batches.push({ households: b.households.length, people: b.people.length });
    households.push(...b.households);
    for (const p of b.people) people.push(p);
  }
  return { households, people, batches };
}

const big = collect(DEMO_SEED, 50_000);

function splitName(name: string): { surname: string; given: string } {
  for (const [s] of COMPOUND_SURNAMES) if (name.startsWith(s) && name.length > s.length) return { surname: s, given: name.slice(s.length) };
  return { surname: name[0], given: name.slice(1) };
}

describe('generatePopulation', () => {
  it('is deterministic for a seed (and differs for another seed)', () => {
    const a = collect(123, 3000);
    const b = collect(123, 3000);
    expect(b).toEqual(a);
    const c = collect(124, 3000);
    expect(c.people.map((p) => p.idNumber)).not.toEqual(a.people.map((p) => p.idNumber));
    // The first 3,000 people of the big run are the 3,000-person run with the same seed.
    expect(collect(DEMO_SEED, 3000).people).toEqual(big.people.slice(0, 3000));
  });

  it('yields exactly `size` people in batches of about batchSize, never splitting a household', () => {
    expect(big.people.length).toBe(50_000);
    const small = collect(1, 2000, 500);
    expect(small.people.length).toBe(2000);
    for (const b of small.batches.slice(0, -1)) {
      expect(b.people).toBeGreaterThanOrEqual(500);
      expect(b.people).toBeLessThan(510);
    }
    let start = 0;
    const all = collect(1, 2000, 500);
    for (const b of all.batches) {
      // Every person of a batch belongs to a household of the same batch.
      const hh = new Set(all.households.slice(start, start + b.households).map((h) => h.key));
      start += b.households;
      expect(hh.size).toBe(b.households);
    }
    expect([...collect(1, 0).people]).toEqual([]);
  });

  it('gives every person a valid, unique ID number whose birth date and sex match', () => {
    const ids = new Set<string>();
    const addressCodes = new Map<string, number>();
    const bad: string[] = [];
    for (const p of big.people) {
      const parsed = parseIdNumber(p.idNumber, TODAY);
      const ok =
        parsed.ok &&
        !parsed.converted &&
        parsed.birthDate === p.birthDate &&
        parsed.sex === p.sex &&
        (Number(p.idNumber[16]) % 2 === 1 ? 'M' : 'F') === p.sex &&
        p.idNumber.slice(14, 17) !== '000';
      if (!ok) bad.push(`${p.idNumber} ${p.birthDate} ${p.sex}`);
      ids.add(p.idNumber);
      if (parsed.ok) addressCodes.set(parsed.addressCode, (addressCodes.get(parsed.addressCode) ?? 0) + 1);
    }
    expect(bad).toEqual([]);
    expect(ids.size).toBe(big.people.length);
    expect(addressCodes.get('331181')! / big.people.length).toBeGreaterThan(0.4);
    expect(addressCodes.get('332526')! / big.people.length).toBeGreaterThan(0.1);
    expect(addressCodes.size).toBeGreaterThan(5);
  });

  it('draws given names from the pool of the person’s sex and generation', () => {
    let single = 0;
    const bad: string[] = [];
    for (const p of big.people) {
      const { given } = splitName(p.name);
      const chars = Array.from(given);
      if (chars.length === 1) single++;
      const era = nameEra(Number(p.birthDate.slice(0, 4)));
      const own = GIVEN_NAME_POOLS[era][p.sex];
      const other = GIVEN_NAME_POOLS[era][p.sex === 'M' ? 'F' : 'M'];
      const ok = (chars.length === 1 || chars.length === 2) && chars.every((c) => own.includes(c) && !other.includes(c));
      if (!ok) bad.push(`${p.name} ${p.sex} ${era}`);
    }
    expect(bad).toEqual([]);
    expect(single / big.people.length).toBeGreaterThan(0.2);
    expect(single / big.people.length).toBeLessThan(0.3);
  });

  it('has name pools of 150+ characters, disjoint between the sexes', () => {
    for (const era of ['old', 'middle', 'young'] as const) {
      const m = GIVEN_NAME_POOLS[era].M;
      const f = GIVEN_NAME_POOLS[era].F;
      expect(m.length).toBeGreaterThanOrEqual(150);
      expect(f.length).toBeGreaterThanOrEqual(150);
      expect(new Set(m).size).toBe(m.length);
      expect(new Set(f).size).toBe(f.length);
      expect(m.filter((c) => f.includes(c))).toEqual([]);
    }
  });

  it('has an old age structure: 60+ 24-30%, 65+ 16-22%, 80+ 3-6%', () => {
    const ages = big.people.map((p) => ageOn(p.birthDate, TODAY));
    const share = (pred: (a: number) => boolean) => ages.filter(pred).length / ages.length;
    expect(share((a) => a >= 60)).toBeGreaterThanOrEqual(0.24);
    expect(share((a) => a >= 60)).toBeLessThanOrEqual(0.3);
    expect(share((a) => a >= 65)).toBeGreaterThanOrEqual(0.16);
    expect(share((a) => a >= 65)).toBeLessThanOrEqual(0.22);
    expect(share((a) => a >= 80)).toBeGreaterThanOrEqual(0.03);
    expect(share((a) => a >= 80)).toBeLessThanOrEqual(0.06);
    expect(share((a) => a < 15)).toBeGreaterThan(0.07);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(101);
  });

  it('has plausible households: one head each, 1-6 members, about 2.5 on average', () => {
    const byHousehold = new Map<string, DemoPerson[]>();
    for (const p of big.people) {
      const list = byHousehold.get(p.householdKey) ?? [];
      list.push(p);
      byHousehold.set(p.householdKey, list);
    }
    expect(byHousehold.size).toBe(big.households.length);
    expect(new Set(big.households.map((h) => h.key)).size).toBe(big.households.length);
    expect(new Set(big.households.map((h) => h.householdNumber)).size).toBe(big.households.length);
    const villageNames = new Map(villages.map((v) => [v.code, v.name]));
    const bad: string[] = [];
    for (const h of big.households) {
      const members = byHousehold.get(h.key)!;
      const ok =
        members.filter((m) => m.relationToHead === 'head').length === 1 &&
        members[0].relationToHead === 'head' &&
        members.length <= 6 &&
        villageCodes.has(h.residenceRegionCode) &&
        h.address.startsWith(villageNames.get(h.residenceRegionCode)!) &&
        h.isDemo;
      if (!ok) bad.push(h.key);
    }
    expect(bad).toEqual([]);
    const mean = big.people.length / big.households.length;
    expect(mean).toBeGreaterThan(2.2);
    expect(mean).toBeLessThan(2.9);
    expect(new Set(big.people.map((p) => p.key)).size).toBe(big.people.length);
  });

  it('gives 竹垟畲族乡 a much higher share of She people and 蓝/雷/钟/盘 surnames', () => {
    const inShe = big.people.filter((p) => p.residenceRegionCode.startsWith(SHE_TOWNSHIP_CODE));
    const elsewhere = big.people.filter((p) => !p.residenceRegionCode.startsWith(SHE_TOWNSHIP_CODE));
    const sheSurname = (ps: DemoPerson[]) => ps.filter((p) => SHE_SURNAME_SET.has(p.name[0])).length / ps.length;
    const sheEthnic = (ps: DemoPerson[]) => ps.filter((p) => p.ethnicity === '畲族').length / ps.length;
    expect(inShe.length).toBeGreaterThan(500);
    expect(sheEthnic(inShe)).toBeGreaterThan(0.3);
    expect(sheEthnic(inShe)).toBeLessThan(0.5);
    expect(sheEthnic(elsewhere)).toBeLessThan(0.03);
    expect(sheSurname(inShe)).toBeGreaterThan(5 * sheSurname(elsewhere));
    // Variant spellings occur (兰 for 蓝), so search has something to fold.
    expect(big.people.some((p) => p.name.startsWith('兰'))).toBe(true);
  });

  it('models 户籍 vs 常住, phones, disability, health, living arrangements and tags', () => {
    const n = big.people.length;
    const registeredElsewhere = big.people.filter(
      (p) => villageCodes.has(p.residenceRegionCode) && p.registeredRegionCode !== p.residenceRegionCode,
    );
    expect(registeredElsewhere.length / n).toBeGreaterThan(0.04);
    expect(registeredElsewhere.length / n).toBeLessThan(0.12);
    const away = big.people.filter((p) => !villageCodes.has(p.residenceRegionCode));
    expect(away.length).toBeGreaterThan(0);
    expect(away.every((p) => p.latitude === null && p.address === null && p.registeredRegionCode !== p.residenceRegionCode)).toBe(true);

    const disabled = big.people.filter((p) => p.disabilityCategory !== null);
    expect(disabled.length / n).toBeGreaterThan(0.04);
    expect(disabled.length / n).toBeLessThan(0.08);
    expect(disabled.filter((p) => ![1, 2, 3, 4].includes(p.disabilityGrade!) || !p.tags.includes('残疾'))).toEqual([]);

    const elderly = big.people.filter((p) => ageOn(p.birthDate, TODAY) >= 60);
    const alone = elderly.filter((p) => p.livingArrangement === 'alone');
    expect(alone.length / elderly.length).toBeGreaterThan(0.09);
    expect(alone.length / elderly.length).toBeLessThan(0.16);
    expect(alone.every((p) => p.tags.includes('独居'))).toBe(true);
    expect(elderly.every((p) => p.livingArrangement !== null)).toBe(true);
    expect(big.people.filter((p) => ageOn(p.birthDate, TODAY) < 60).every((p) => p.livingArrangement === null)).toBe(true);
    expect(elderly.some((p) => p.livingArrangement === 'empty_nest')).toBe(true);
    expect(elderly.some((p) => p.livingArrangement === 'with_children')).toBe(true);

    const bad: string[] = [];
    for (const p of big.people) {
      const age = ageOn(p.birthDate, TODAY);
      const ok =
        p.tags.includes('高龄') === age >= 80 &&
        (!p.tags.includes('留守') || age < 16) &&
        (age >= 16 || p.labourCapacity === 'none') &&
        (p.phone === null || /^1[3-9]\d{9}$/.test(p.phone)) &&
        (p.health !== 'serious_illness' || p.seriousIllnesses.length > 0) &&
        (p.latitude === null || (p.latitude > 27.65 && p.latitude < 28.38 && p.longitude! > 118.65 && p.longitude! < 119.47));
      if (!ok) bad.push(`${p.key} ${p.name} ${age} ${p.tags.join(',')}`);
    }
    expect(bad).toEqual([]);
    expect(big.people.some((p) => p.tags.includes('留守'))).toBe(true);
    expect(big.people.some((p) => p.tags.includes('失能'))).toBe(true);
    const adults = big.people.filter((p) => ageOn(p.birthDate, TODAY) >= 18 && ageOn(p.birthDate, TODAY) < 60);
    expect(adults.filter((p) => p.phone !== null).length / adults.length).toBeGreaterThan(0.9);
    const healthOld = elderly.filter((p) => p.health !== 'healthy').length / elderly.length;
    const healthYoung = adults.filter((p) => p.health !== 'healthy').length / adults.length;
    expect(healthOld).toBeGreaterThan(2 * healthYoung);
  });

  it('rejects bad options', () => {
    expect(() => generatePopulation({ seed: 1, size: -1, villages, today: TODAY }).next()).toThrow();
    expect(() => generatePopulation({ seed: 1, size: 10, villages, today: '2025/01/01' }).next()).toThrow();
    expect(() => generatePopulation({ seed: 1, size: 10, villages: [], today: TODAY }).next()).toThrow();
  });
});
