import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVrptw, parseSolomon, solveVrptw } from '../src/index.ts';
import { checkSolomonSolution } from './checker.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
/** The instances the tests use ship with the package (test/data), so the tests need nothing beside the repository. */
const dataDir = path.resolve(import.meta.dirname, 'data');
const bks = JSON.parse(readFileSync(path.join(dataDir, 'BKS-subset.json'), 'utf8'));

const SMALL = `TINY

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0         0          0          0       100          0
    1      3         4          5          0        50          1
    2      -3        4          5          0        50          1
    3      0         -5         6          0        50          1
`;

describe('Solomon format', () => {
  it('parses header, fleet and node rows', () => {
    const inst = parseSolomon(SMALL);
    expect(inst.name).toBe('TINY');
    expect(inst.vehicles).toBe(2);
    expect(inst.capacity).toBe(10);
    expect(inst.nodes).toHaveLength(4);
    expect(inst.nodes[3]).toEqual({ id: 3, x: 0, y: -5, demand: 6, ready: 0, due: 50, service: 1 });
  });

  it('rejects files without a fleet line', () => {
    expect(() => parseSolomon('X\nCUSTOMER\n0 0 0 0 0 10 0\n1 1 1 1 0 10 0\n')).toThrow(/VEHICLE/);
  });

  it('solves a tiny instance respecting capacity (independent checker)', () => {
    const sol = solveVrptw(parseSolomon(SMALL), { iterations: 200, seed: 3 });
    const chk = checkSolomonSolution(SMALL, sol.routes);
    expect(chk.errors).toEqual([]);
    expect(sol.vehicles).toBe(2);
    expect(sol.distance).toBeCloseTo(chk.distance, 9);
  });
});

describe('Solomon benchmark instances (iteration-limited)', () => {
  for (const [name, iterations, maxGap] of [
    ['C101', 1500, 0.5],
    ['R112', 3000, 6],
    ['RC208', 3000, 8],
  ] as const) {
    it(`${name}: feasible for the independent checker and close to best-known`, () => {
      const text = readFileSync(path.join(dataDir, 'solomon', `${name}.txt`), 'utf8');
      const sol = solveVrptw(parseSolomon(text), { iterations, seed: 1 });
      const chk = checkSolomonSolution(text, sol.routes);
      expect(chk.errors).toEqual([]);
      expect(sol.unserved).toEqual([]);
      expect(sol.distance).toBeCloseTo(chk.distance, 6);
      const best = bks[`${name}_distance`].best_known_cost as number;
      const gap = ((sol.distance - best) / best) * 100;
      expect(gap).toBeGreaterThan(-0.01);
      expect(gap).toBeLessThan(maxGap);
    });
  }

  it('is deterministic for a seed and an iteration limit', () => {
    const text = readFileSync(path.join(dataDir, 'solomon', 'R105.txt'), 'utf8');
    const a = solveVrptw(parseSolomon(text), { iterations: 800, seed: 42 });
    const b = solveVrptw(parseSolomon(text), { iterations: 800, seed: 42 });
    expect(a.routes).toEqual(b.routes);
    expect(a.distance).toBe(b.distance);
    expect(checkVrptw(parseSolomon(text), a.routes).feasible).toBe(true);
  });

  it('CLI solve prints the documented JSON', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'packages/vrptw/src/cli.ts'), 'solve', path.join(dataDir, 'solomon', 'C201.txt'), '--iterations', '300', '--seed', '2'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['instance', 'vehicles', 'distance', 'routes', 'seconds']);
    expect(json.instance).toBe('C201');
    const chk = checkSolomonSolution(readFileSync(path.join(dataDir, 'solomon', 'C201.txt'), 'utf8'), json.routes);
    expect(chk.errors).toEqual([]);
    expect(json.distance).toBeCloseTo(chk.distance, 3);
    expect(json.vehicles).toBe(json.routes.length);
  });
});
