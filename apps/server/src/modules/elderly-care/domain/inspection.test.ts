import { describe, expect, it } from 'vitest';
import { drawInspections, type InspectableProvider, InspectionDrawError, type Inspector, newInspectionSeed } from './inspection.ts';

const providers: InspectableProvider[] = Array.from({ length: 20 }, (_, i) => ({
  id: `P${String(i).padStart(2, '0')}`,
  organisationId: i < 4 ? 'GROUP-A' : undefined,
}));
const inspectors: Inspector[] = [
  ...Array.from({ length: 6 }, (_, i) => ({ id: `MZ${i}`, organisationIds: ['BUREAU'] })),
  { id: 'A1', organisationIds: ['GROUP-A'] },
  { id: 'A2', organisationIds: ['BUREAU', 'GROUP-A'] },
  { id: 'P05-staff', organisationIds: ['P05'] },
  { id: 'P07-staff', organisationIds: ['P07', 'BUREAU'] },
];

describe('drawInspections', () => {
  it('same seed -> same draw, whatever the input order', () => {
    const a = drawInspections('seed-2024-q2', providers, inspectors, 8, 2);
    const b = drawInspections('seed-2024-q2', [...providers].reverse(), [...inspectors].reverse(), 8, 2);
    expect(b).toEqual(a);
    expect(a.seed).toBe('seed-2024-q2');
    expect(a.algorithm).toMatch(/lq-inspection-v1/);
  });
  it('different seeds give different draws', () => {
    const draws = new Set(
      Array.from({ length: 20 }, (_, i) => JSON.stringify(drawInspections(`s${i}`, providers, inspectors, 5).assignments)),
    );
    expect(draws.size).toBe(20);
  });
  it('k distinct providers, m distinct inspectors each, never from the inspected organisation (many seeds)', () => {
    const orgsOf = new Map(inspectors.map((i) => [i.id, i.organisationIds]));
    for (let s = 0; s < 300; s++) {
      const d = drawInspections(`seed${s}`, providers, inspectors, 10, 3);
      expect(new Set(d.assignments.map((a) => a.providerId)).size).toBe(10);
      for (const a of d.assignments) {
        expect(new Set(a.inspectorIds).size).toBe(3);
        const org = providers.find((p) => p.id === a.providerId)?.organisationId ?? a.providerId;
        for (const id of a.inspectorIds) {
          expect(orgsOf.get(id)).not.toContain(org);
          expect(orgsOf.get(id)).not.toContain(a.providerId);
        }
      }
    }
  });
  it('draw is roughly uniform over providers', () => {
    const count = new Map<string, number>();
    for (let s = 0; s < 2000; s++)
      for (const a of drawInspections(`u${s}`, providers, inspectors, 5).assignments)
        count.set(a.providerId, (count.get(a.providerId) ?? 0) + 1);
    for (const p of providers) expect(count.get(p.id)).toBeGreaterThan(400); // expected 500
  });
  it.each([
    ['more providers than exist', () => drawInspections('s', providers, inspectors, 21), 'TOO_FEW_PROVIDERS'],
    [
      'not enough independent inspectors',
      () =>
        drawInspections(
          's',
          providers,
          [
            { id: 'A1', organisationIds: ['GROUP-A'] },
            { id: 'X', organisationIds: ['BUREAU'] },
          ],
          20,
          2,
        ),
      'TOO_FEW_INSPECTORS',
    ],
    [
      'only own staff available',
      () => drawInspections('s', [{ id: 'P05' }], [{ id: 'P05-staff', organisationIds: ['P05'] }], 1, 1),
      'TOO_FEW_INSPECTORS',
    ],
    ['no seed', () => drawInspections('', providers, inspectors, 1), 'BAD_INPUT'],
    ['k = 0', () => drawInspections('s', providers, inspectors, 0), 'BAD_INPUT'],
    ['duplicate ids', () => drawInspections('s', [...providers, providers[0]], inspectors, 1), 'BAD_INPUT'],
  ])('throws a clear error: %s', (_n, fn, code) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InspectionDrawError);
    expect((err as InspectionDrawError).code).toBe(code);
    expect((err as Error).message).toMatch(/[\u4e00-\u9fff].* \/ /);
  });
  it('the error names the provider that cannot be staffed', () => {
    expect(() => drawInspections('s', [{ id: 'P05' }], [{ id: 'P05-staff', organisationIds: ['P05'] }], 1, 1)).toThrow(
      /P05: only 0 eligible/,
    );
  });
  it('newInspectionSeed gives 128-bit hex seeds', () => {
    const a = newInspectionSeed();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newInspectionSeed()).not.toBe(a);
  });
});
