/**
 * CLI:
 *   npm run vrptw -- solve <instance-file> [--time-limit <seconds>] [--seed <n>] [--iterations <n>]
 *   npm run vrptw -- bench [<folder>] [--time-limit <seconds>] [--seed <n>] [--cpu-time]
 * --cpu-time measures the limit in process CPU time instead of wall time (shared machines).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultBenchDir, round, runBench } from './node/bench.ts';
import { checkVrptw, parseSolomon, solveVrptw } from './solomon.ts';

function usage(): never {
  process.stderr.write(
    'usage:\n' +
      '  vrptw solve <instance-file> [--time-limit <seconds>] [--seed <n>] [--iterations <n>]\n' +
      `  vrptw bench [<folder>] [--time-limit <seconds>] [--seed <n>] [--cpu-time]   (default folder ${defaultBenchDir})\n`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2);
      if (v !== undefined) flags[k] = v;
      else if (k === 'cpu-time') flags[k] = 'true';
      else if (i + 1 < argv.length) flags[k] = argv[++i];
      else usage();
    } else positional.push(a);
  }
  return { positional, flags };
}

function num(flags: Record<string, string>, key: string, def: number | undefined): number | undefined {
  if (flags[key] === undefined) return def;
  const x = Number(flags[key]);
  if (!Number.isFinite(x) || x < 0) {
    process.stderr.write(`--${key} must be a non-negative number\n`);
    process.exit(2);
  }
  return x;
}

function main(): void {
  const [cmd, ...rest] = process.argv.slice(2);
  const { positional, flags } = parseArgs(rest);
  const seed = num(flags, 'seed', 1) as number;
  if (cmd === 'solve') {
    if (positional.length !== 1) usage();
    const file = positional[0];
    const inst = parseSolomon(readFileSync(file, 'utf8'));
    const iterations = num(flags, 'iterations', undefined);
    const limit = num(flags, 'time-limit', iterations === undefined ? 10 : undefined);
    const sol = solveVrptw(inst, { seed, iterations, timeLimitMs: limit === undefined ? undefined : limit * 1000 });
    const check = checkVrptw(inst, sol.routes);
    if (!check.feasible) process.stderr.write(`warning: infeasible solution: ${check.errors.join('; ')}\n`);
    const out = {
      instance: sol.instance || path.basename(file),
      vehicles: sol.vehicles,
      distance: round(sol.distance, 4),
      routes: sol.routes,
      seconds: round(sol.seconds, 3),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else if (cmd === 'bench') {
    if (positional.length > 1) usage();
    const folder = path.resolve(positional[0] ?? defaultBenchDir);
    const limit = num(flags, 'time-limit', 10) as number;
    const clock = flags['cpu-time'] === 'true' ? 'cpu' : 'wall';
    const report = runBench(folder, limit, seed, (line) => process.stderr.write(`${line}\n`), clock);
    process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
  } else usage();
}

main();
