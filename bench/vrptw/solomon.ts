/**
 * Solomon benchmark: every instance of the folder at a time limit, JSON with
 * per-instance distance, vehicles, gap to best-known (BKS-subset.json, `_distance` keys),
 * independent feasibility and the mean gap.
 *   npx tsx bench/vrptw/solomon.ts [--folder <dir>] [--time-limit <seconds>] [--seed <n>] [--cpu-time]
 * --cpu-time: the limit counts process CPU time (fair on a machine shared with other jobs).
 */
import path from 'node:path';
import { defaultBenchDir, runBench } from '../../packages/vrptw/src/node/bench.ts';

const args = process.argv.slice(2);
const get = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const folder = path.resolve(get('folder') ?? defaultBenchDir);
const seconds = Number(get('time-limit') ?? 10);
const seed = Number(get('seed') ?? 1);
const clock = args.includes('--cpu-time') ? 'cpu' : 'wall';
const report = runBench(folder, seconds, seed, (line) => process.stderr.write(`${line}\n`), clock);
console.log(JSON.stringify(report, null, 1));
