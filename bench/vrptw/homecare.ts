/**
 * Home-care benchmark: a generated day of 300 visits and 40 caregivers
 * (skills, shifts, breaks, working-time limits, preferences, priorities).
 *   npx tsx bench/vrptw/homecare.ts [--time-limit <seconds>] [--seed <n>] [--visits N] [--caregivers M]
 */
import { generateHomeCareProblem, solveHomeCare } from '../../packages/vrptw/src/index.ts';

const args = process.argv.slice(2);
const flag = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const seconds = flag('time-limit', 20);
const seed = flag('seed', 1);
const problem = generateHomeCareProblem({
  seed: flag('instance-seed', 7),
  visits: flag('visits', 300),
  caregivers: flag('caregivers', 40),
});
const t0 = performance.now();
const sol = solveHomeCare(problem, { timeLimitMs: seconds * 1000, seed });
const cpuSeconds = process.cpuUsage().user / 1e6;
const elapsed = (performance.now() - t0) / 1000;
const reasons: Record<string, number> = {};
for (const u of sol.unserved) reasons[u.reason] = (reasons[u.reason] ?? 0) + 1;
const r2 = (x: number) => Math.round(x * 100) / 100;
console.log(
  JSON.stringify(
    {
      visits: problem.visits.length,
      caregivers: problem.caregivers.length,
      timeLimitSeconds: seconds,
      seconds: r2(elapsed),
      processCpuSeconds: r2(cpuSeconds),
      iterations: sol.stats.iterations,
      cost: Object.fromEntries(Object.entries(sol.cost).map(([k, v]) => [k, r2(v)])),
      served: sol.stats.servedVisits,
      unserved: sol.stats.unservedVisits,
      unservedReasons: reasons,
      usedCaregivers: sol.stats.usedCaregivers,
      travelMinutes: r2(sol.stats.travelMinutes),
      lateMinutes: r2(sol.stats.lateMinutes),
      preferenceMisses: sol.stats.preferenceMisses,
      workMinutes: Object.fromEntries(Object.entries(sol.stats.workMinutes).map(([k, v]) => [k, r2(v)])),
    },
    null,
    1,
  ),
);
