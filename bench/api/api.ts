/**
 * HTTP load benchmark on loopback: the platform as users meet it (login, who am I, people search
 * by 1-3 characters / pinyin initials / ID tail, a case list and a case detail), on PostgreSQL with
 * a generated population, at 20 and 100 connections, with one and with two server processes on
 * the same database. Prints one JSON document (req/s, p50/p90/p97.5/p99 latency in ms as autocannon measures them, errors).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/api/api.ts [--size 100000] [--duration 10]
 *
 * It creates (and drops first) the database lq_bench_api on that server, starts the server with
 * DEMO_SIZE=size on it (first start seeds the demo), then runs autocannon against 127.0.0.1 only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const arg = (n: string, d: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const size = Number(arg('--size', '100000'));
const duration = Number(arg('--duration', '10'));
const connectionsList = arg('--connections', '20,100').split(',').map(Number);
const PASSWORD = 'Bench@Longquan2026';
const base = process.env.DATABASE_URL;
if (!base) {
  console.error('DATABASE_URL is required (a PostgreSQL server on this machine)');
  process.exit(2);
}

function serverCommand(): { cmd: string; args: string[] } {
  const built = path.join(ROOT, 'apps', 'server', 'dist', 'main.js');
  if (fs.existsSync(built)) return { cmd: process.execPath, args: [built] };
  return { cmd: process.execPath, args: ['--import', 'tsx', path.join(ROOT, 'apps', 'server', 'src', 'main.ts')] };
}

async function startServer(port: number, dbUrl: string): Promise<ChildProcess> {
  const { cmd, args } = serverCommand();
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      DEMO_MODE: 'true',
      DEMO_SIZE: String(size),
      DEMO_PASSWORD: PASSWORD,
      DATA_DIR: path.join(ROOT, 'bench', 'out', `api-data-${port}`),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited: ${out.slice(-2000)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() - t0 > 30 * 60_000) throw new Error('server did not start in 30 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  return child;
}

async function login(port: number, username: string): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

interface Target {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  auth: boolean;
}

async function run(ports: number[], t: Target, connections: number, cookie: string) {
  const per = Math.max(1, Math.floor(connections / ports.length));
  const results = await Promise.all(
    ports.map(
      (port) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          autocannon(
            {
              url: `http://127.0.0.1:${port}${t.path}`,
              method: t.method,
              body: t.body,
              headers: { 'content-type': 'application/json', ...(t.auth ? { cookie } : {}) },
              connections: per,
              duration,
            },
            (err, res) => (err ? reject(err) : resolve(res)),
          );
        }),
    ),
  );
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((a, r) => a + f(r), 0);
  const worst = (f: (r: autocannon.Result) => number) => Math.max(...results.map(f));
  return {
    target: t.name,
    connections,
    processes: ports.length,
    reqPerSec: Math.round(sum((r) => r.requests.average)),
    p50ms: worst((r) => r.latency.p50),
    p90ms: worst((r) => r.latency.p90),
    p97_5ms: worst((r) => r.latency.p97_5),
    p99ms: worst((r) => r.latency.p99),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors + r.timeouts),
  };
}

async function main() {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS lq_bench_api WITH (FORCE)');
  await admin.query('CREATE DATABASE lq_bench_api');
  await admin.end();
  const u = new URL(base as string);
  u.pathname = '/lq_bench_api';
  const dbUrl = u.toString();

  const t0 = Date.now();
  const a = await startServer(3801, dbUrl);
  const seedSeconds = (Date.now() - t0) / 1000;
  const procs: ChildProcess[] = [a];
  try {
    const county = await login(3801, 'county');
    const orders = (await (
      await fetch('http://127.0.0.1:3801/api/elderly-care/orders?page=1&pageSize=20', { headers: { cookie: county.cookie } })
    ).json()) as {
      items: { id: string }[];
    };
    const orderId = orders.items[0]?.id;
    const targets: Target[] = [
      {
        name: 'login',
        method: 'POST',
        path: '/api/auth/login',
        body: JSON.stringify({ username: 'auditor', password: PASSWORD }),
        auth: false,
      },
      { name: 'me', method: 'GET', path: '/api/auth/me', auth: true },
      { name: 'people search 1 char', method: 'GET', path: `/api/people?q=${encodeURIComponent('王')}`, auth: true },
      { name: 'people search 2 chars', method: 'GET', path: `/api/people?q=${encodeURIComponent('王芳')}`, auth: true },
      { name: 'people search 3 chars', method: 'GET', path: `/api/people?q=${encodeURIComponent('王小明')}`, auth: true },
      { name: 'people search pinyin', method: 'GET', path: '/api/people?q=wxm', auth: true },
      { name: 'people search ID tail', method: 'GET', path: '/api/people?q=1234', auth: true },
      { name: 'case list', method: 'GET', path: '/api/elderly-care/orders?page=1&pageSize=20', auth: true },
      ...(orderId ? [{ name: 'case detail', method: 'GET' as const, path: `/api/elderly-care/orders/${orderId}`, auth: true }] : []),
    ];
    const rows = [];
    for (const c of connectionsList) for (const t of targets) rows.push(await run([3801], t, c, county.cookie));
    // Two processes on the same database: sessions live in the database, so one cookie works on both.
    const b = await startServer(3802, dbUrl);
    procs.push(b);
    for (const c of connectionsList)
      for (const t of targets.filter((x) => x.name !== 'login')) rows.push(await run([3801, 3802], t, c, county.cookie));
    console.log(
      JSON.stringify(
        {
          bench: 'api',
          database: 'postgresql',
          people: size,
          durationSeconds: duration,
          firstStartWithSeedSeconds: seedSeconds,
          results: rows,
        },
        null,
        1,
      ),
    );
  } finally {
    for (const p of procs) p.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
