import { describe, expect, it } from 'vitest';
import { generateHomeCareProblem, solveHomeCare } from '../src/index.ts';
import { solveHomeCareParallel } from '../src/node/parallel.ts';
import { checkHomeCareSolution } from './checker.ts';

describe('worker-thread seeds', () => {
  it('returns the best of the seeds, identical to running them one by one', async () => {
    const p = generateHomeCareProblem({ seed: 3, visits: 40, caregivers: 6 });
    const par = await solveHomeCareParallel(p, { iterations: 300, seeds: [1, 2, 3], threads: 2 });
    const seq = [1, 2, 3].map((seed) => solveHomeCare(p, { iterations: 300, seed }));
    const best = Math.min(...seq.map((s) => s.cost.total));
    expect(par.cost.total).toBe(best);
    expect(checkHomeCareSolution(p, par)).toEqual([]);
  });
});
