import { describe, expect, it } from 'vitest';
import { type AnomalyVisit, detectAnomalies, type ElderFacts, haversineM } from './anomalies.ts';
import { mulberry32 } from './util.ts';

const HOME = { lat: 28.0747, lng: 119.1412 }; // 龙泉 city centre (approx.)
const elders = new Map<string, ElderFacts>([
  ['P1', { ...HOME, deathDate: null }],
  ['P2', { lat: null, lng: null, deathDate: null }],
  ['P3', { ...HOME, deathDate: '2024-05-10' }],
]);
/** Metres north of HOME -> latitude. */
const north = (m: number) => ({ lat: HOME.lat + m / 111_195, lng: HOME.lng });
const at = (hhmm: string, date = '2024-05-11') => `${date}T${hhmm}:00+08:00`;
function v(id: string, over: Partial<AnomalyVisit> = {}): AnomalyVisit {
  return {
    id,
    personId: 'P1',
    caregiverId: 'C1',
    serviceDate: '2024-05-11',
    standardDurationMin: 60,
    checkInAt: at('09:00'),
    checkOutAt: at('10:00'),
    checkInPosition: HOME,
    ...over,
  };
}
const codes = (vs: AnomalyVisit[], params = {}) => detectAnomalies(vs, elders, params).map((f) => `${f.visitId}:${f.code}`);

describe('haversine', () => {
  it('1 degree of latitude ~ 111.2 km; zero distance', () => {
    expect(haversineM(0, 0, 1, 0)).toBeCloseTo(111_195, -1);
    expect(haversineM(28, 119, 28, 119)).toBe(0);
  });
});

describe('single-visit checks', () => {
  it.each([
    ['clean visit', v('a'), []],
    ['499 m away', v('a', { checkInPosition: north(499) }), []],
    ['501 m away', v('a', { checkInPosition: north(501) }), ['a:CHECKIN_FAR']],
    ['no position', v('a', { checkInPosition: null }), ['a:CHECKIN_NO_POSITION']],
    ['elder without coordinates', v('a', { personId: 'P2' }), ['a:ADDRESS_NOT_LOCATED']],
    ['unknown elder', v('a', { personId: 'PX' }), ['a:ADDRESS_NOT_LOCATED']],
    ['30 of 60 min is exactly half', v('a', { checkOutAt: at('09:30') }), []],
    ['29 of 60 min', v('a', { checkOutAt: at('09:29') }), ['a:DURATION_SHORT']],
    ['check-out before check-in', v('a', { checkOutAt: at('08:00') }), ['a:DURATION_SHORT']],
    ['no check-out', v('a', { checkOutAt: null }), ['a:NOT_CHECKED_IN_OUT']],
    ['garbage check-in', v('a', { checkInAt: 'yesterday' }), ['a:NOT_CHECKED_IN_OUT']],
    ['service on the death day', v('a', { personId: 'P3', serviceDate: '2024-05-10' }), []],
    ['service after death', v('a', { personId: 'P3', serviceDate: '2024-05-11' }), ['a:AFTER_DEATH']],
    [
      'far + short + after death',
      v('a', { personId: 'P3', checkInPosition: north(2000), checkOutAt: at('09:05') }),
      ['a:CHECKIN_FAR', 'a:DURATION_SHORT', 'a:AFTER_DEATH'],
    ],
  ] as const)('%s', (_name, visit, expected) => {
    expect(codes([visit])).toEqual(expected);
  });

  it('parameters: distance and duration share', () => {
    expect(codes([v('a', { checkInPosition: north(800) })], { maxCheckinDistanceM: 1000 })).toEqual([]);
    expect(codes([v('a', { checkOutAt: at('09:40') })], { minDurationShare: 0.8 })).toEqual(['a:DURATION_SHORT']);
    expect(() => detectAnomalies([], elders, { minDurationShare: 2 })).toThrow(RangeError);
    expect(() => detectAnomalies([], elders, { maxCheckinDistanceM: 0 })).toThrow(RangeError);
  });

  it('messages are Chinese and details carry numbers', () => {
    const [f] = detectAnomalies([v('a', { checkInPosition: north(1500) })], elders);
    expect(f.message).toMatch(/^签到位置距老人住址 1500 米，超过 500 米$/);
    expect(f.details).toEqual({ distanceM: 1500, maxDistanceM: 500 });
    const [g] = detectAnomalies([v('a', { checkOutAt: at('09:10') })], elders);
    expect(g.message).toBe('服务时长 10 分钟，低于标准 60 分钟的 50%');
  });
});

describe('caregiver overlaps', () => {
  it.each([
    ['back to back is fine', [v('a'), v('b', { checkInAt: at('10:00'), checkOutAt: at('11:00') })], []],
    [
      'one minute overlap',
      [v('a'), v('b', { checkInAt: at('09:59'), checkOutAt: at('11:00') })],
      ['a:CAREGIVER_OVERLAP', 'b:CAREGIVER_OVERLAP'],
    ],
    ['different caregivers', [v('a'), v('b', { caregiverId: 'C2' })], []],
    [
      'different days',
      [v('a'), v('b', { checkInAt: at('09:00', '2024-05-12'), checkOutAt: at('10:00', '2024-05-12'), serviceDate: '2024-05-12' })],
      [],
    ],
    [
      'nested intervals all flagged',
      [
        v('a', { checkInAt: at('08:00'), checkOutAt: at('12:00'), standardDurationMin: 60 }),
        v('b', { checkInAt: at('09:00'), checkOutAt: at('09:40') }),
        v('c', { checkInAt: at('09:30'), checkOutAt: at('10:30') }),
        v('d', { checkInAt: at('13:00'), checkOutAt: at('14:00') }),
      ],
      ['a:CAREGIVER_OVERLAP', 'b:CAREGIVER_OVERLAP', 'c:CAREGIVER_OVERLAP'],
    ],
    ['unassigned visits never overlap', [v('a', { caregiverId: null }), v('b', { caregiverId: null })], []],
  ] as const)('%s', (_name, vs, expected) => {
    expect(codes([...vs]).sort()).toEqual([...expected].sort());
  });

  it('details list partners', () => {
    const f = detectAnomalies([v('a'), v('b', { checkInAt: at('09:30'), checkOutAt: at('10:30') })], elders);
    expect(f[0]).toMatchObject({ visitId: 'a', details: { caregiverId: 'C1', overlapsWith: ['b'], overlapCount: 1 } });
    expect(f[0].message).toContain('与 b（09:30-10:30）重叠');
  });

  it('flags exactly the visits a brute-force O(n^2) check finds (random data)', () => {
    const rnd = mulberry32(42);
    for (let round = 0; round < 30; round++) {
      const vs: AnomalyVisit[] = [];
      const base = Date.parse('2024-05-11T00:00:00+08:00');
      for (let i = 0; i < 60; i++) {
        const s = base + Math.floor(rnd() * 600) * 60_000;
        const e = s + Math.floor(rnd() * 120) * 60_000;
        vs.push(
          v(`v${i}`, {
            caregiverId: `C${Math.floor(rnd() * 4)}`,
            checkInAt: new Date(s).toISOString(),
            checkOutAt: new Date(e).toISOString(),
            standardDurationMin: 0,
          }),
        );
      }
      const expected = new Set<string>();
      for (let i = 0; i < vs.length; i++)
        for (let j = i + 1; j < vs.length; j++) {
          const [a, b] = [vs[i], vs[j]];
          if (a.caregiverId !== b.caregiverId) continue;
          const [as, ae, bs, be] = [a, a, b, b].map((x, k) => Date.parse((k % 2 ? x.checkOutAt : x.checkInAt) as string));
          if (as < be && bs < ae && ae > as && be > bs) expected.add(a.id).add(b.id);
        }
      const got = detectAnomalies(vs, elders).filter((f) => f.code === 'CAREGIVER_OVERLAP');
      expect(new Set(got.map((f) => f.visitId))).toEqual(expected);
      for (const f of got) {
        for (const p of f.details.overlapsWith as string[]) {
          const a = vs.find((x) => x.id === f.visitId) as AnomalyVisit;
          const b = vs.find((x) => x.id === p) as AnomalyVisit;
          expect(
            Date.parse(a.checkInAt as string) < Date.parse(b.checkOutAt as string) &&
              Date.parse(b.checkInAt as string) < Date.parse(a.checkOutAt as string),
          ).toBe(true);
        }
      }
    }
  });
});

describe('duplicate claims', () => {
  it.each([
    ['same visit id twice', [v('a'), v('a', { caregiverId: 'C9' })], ['a:DUPLICATE_CLAIM']],
    [
      'same claim key',
      [v('a', { claimKey: 'O1|ZC-01|2024-05-11' }), v('b', { caregiverId: 'C2', claimKey: 'O1|ZC-01|2024-05-11' })],
      ['b:DUPLICATE_CLAIM'],
    ],
    ['different keys', [v('a', { claimKey: 'k1' }), v('b', { caregiverId: 'C2', claimKey: 'k2' })], []],
  ] as const)('%s', (_n, vs, expected) => {
    expect(codes([...vs])).toEqual(expected);
  });
  it('already claimed in an earlier settlement', () => {
    const f = detectAnomalies([v('a')], elders, { alreadyClaimedKeys: new Set(['a']) });
    expect(f).toEqual([
      {
        visitId: 'a',
        code: 'DUPLICATE_CLAIM',
        message: '重复申报：该服务已在以往结算中申报',
        details: { claimKey: 'a', previouslyClaimed: true },
      },
    ]);
  });
});

describe('scale (correctness only; timing is measured separately)', () => {
  it('handles 100,000 visits', () => {
    const rnd = mulberry32(7);
    const vs: AnomalyVisit[] = [];
    const base = Date.parse('2024-05-01T00:00:00+08:00');
    for (let i = 0; i < 100_000; i++) {
      const day = i % 30;
      const cg = i % 2000;
      const slot = Math.floor(i / 2000) % 8;
      const s = base + day * 86_400_000 + (8 * 60 + slot * 60) * 60_000 + Math.floor(rnd() * 5) * 60_000;
      vs.push(
        v(`v${i}`, {
          caregiverId: `C${cg}`,
          checkInAt: new Date(s).toISOString(),
          checkOutAt: new Date(s + 50 * 60_000).toISOString(),
          standardDurationMin: 60,
        }),
      );
    }
    const flags = detectAnomalies(vs, elders);
    expect(flags.every((f) => f.code === 'CAREGIVER_OVERLAP')).toBe(true);
  });
});
