/**
 * Registry benchmark: generate + load a synthetic population, then measure search latency per
 * query kind through the same use case the API calls, and the start time of the server on the
 * existing database. Prints one JSON document.
 *
 *   npx tsx bench/registry/registry.ts [--size 1000000] [--queries 200]            (PGlite in a temp dir)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/registry/registry.ts
 *       (uses a fresh database lq_bench on that server)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shanghaiToday } from '@lq/contracts';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createContext } from '../../apps/server/src/bootstrap.ts';
import { loadConfig, REPO_ROOT } from '../../apps/server/src/config.ts';
import { loadPopulation } from '../../apps/server/src/modules/demo/load.ts';
import { searchPeople } from '../../apps/server/src/modules/people/people.service.ts';
import { systemActor } from '../../apps/server/src/platform/context.ts';
import { randomKeyB64 } from '../../apps/server/src/platform/crypto.ts';
import { openPglite, openPostgres, queryRows } from '../../apps/server/src/platform/db/client.ts';
import { demoVillagesFromDb, seedConfiguration, seedDemoBase } from '../../apps/server/src/seed.ts';

const argv = process.argv.slice(2);
const arg = (n: string, d: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const size = Number(arg('--size', '1000000'));
const nQueries = Number(arg('--queries', '200'));
const url = process.env.DATABASE_URL;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 100) / 100;
}

async function main() {
  // --reuse: search again on the database of the previous run (its keys are kept in bench/out).
  const reuse = argv.includes('--reuse');
  const keyFile = path.join(REPO_ROOT, 'bench', 'out', `registry-keys-${url ? 'pg' : 'pglite'}.json`);
  const stateFile = path.join(REPO_ROOT, 'bench', 'out', 'registry-pglite-dir.txt');
  fs.mkdirSync(path.dirname(keyFile), { recursive: true });
  const keys = reuse ? JSON.parse(fs.readFileSync(keyFile, 'utf8')) : { enc: randomKeyB64(), hash: randomKeyB64() };
  fs.writeFileSync(keyFile, JSON.stringify(keys));
  const dataDir = reuse && !url ? fs.readFileSync(stateFile, 'utf8').trim() : fs.mkdtempSync(path.join(os.tmpdir(), 'lq-bench-'));
  if (!url) fs.writeFileSync(stateFile, dataDir);
  let dbUrl: string | null = null;
  if (url && reuse) {
    const u = new URL(url);
    u.pathname = '/lq_bench';
    dbUrl = u.toString();
  } else if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS lq_bench WITH (FORCE)');
    await admin.query('CREATE DATABASE lq_bench');
    await admin.end();
    const u = new URL(url);
    u.pathname = '/lq_bench';
    dbUrl = u.toString();
  }
  const database = dbUrl ? await openPostgres(dbUrl) : await openPglite({ dataDir });
  await database.migrate();
  const config = { ...loadConfig({}), dataDir, databaseUrl: dbUrl, demoMode: true };
  const ctx = createContext(config, database, keys);
  await seedConfiguration(ctx);
  await seedDemoBase(ctx, config.demoPassword);
  const villages = await demoVillagesFromDb(ctx);

  const t0 = performance.now();
  const loaded = reuse
    ? {
        people: Number((await queryRows<{ n: string }>(database.db, sql`SELECT count(*) AS n FROM people`))[0].n),
        households: Number((await queryRows<{ n: string }>(database.db, sql`SELECT count(*) AS n FROM households`))[0].n),
      }
    : await loadPopulation(ctx, systemActor(), {
        seed: 1,
        size,
        villages,
        today: shanghaiToday(),
        onProgress: (d, t) => {
          if (d % 50000 < 5000) process.stderr.write(`\rloaded ${d}/${t}`);
        },
      });
  await database.db.execute(sql`ANALYZE`);
  const loadSeconds = (performance.now() - t0) / 1000;
  process.stderr.write('\n');

  // Query material from the data itself.
  const sample = await queryRows<{ name: string; name_pinyin: string; name_initials: string; id_enc: string }>(
    database.db,
    sql`SELECT name, name_pinyin, name_initials, id_enc FROM people TABLESAMPLE SYSTEM (1) LIMIT ${nQueries}`,
  );
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const chars = (s: string) => Array.from(s);
  const kinds: Record<string, string[]> = {
    name1: sample.map((p) => chars(p.name)[rnd(chars(p.name).length)]),
    name2: sample.map((p) => chars(p.name).slice(0, 2).join('')),
    name3: sample.filter((p) => chars(p.name).length >= 3).map((p) => chars(p.name).slice(0, 3).join('')),
    pinyin: sample.map((p) => p.name_pinyin.slice(0, Math.max(4, p.name_pinyin.length - 2))),
    initials: sample.map((p) => p.name_initials),
    idTail: sample.map((p) => ctx.crypto.decrypt(p.id_enc).slice(-6)),
    idFull: sample.map((p) => ctx.crypto.decrypt(p.id_enc)),
  };
  const county = { ...systemActor(), roles: ['county_staff' as const] };
  const township = { ...systemActor('331181203'), roles: ['township_staff' as const] };
  const results: Record<string, unknown> = {};
  for (const [actorName, actor] of [
    ['county', county],
    ['township', township],
  ] as const) {
    for (const [kind, qs] of Object.entries(kinds)) {
      const times: number[] = [];
      let hits = 0;
      for (const q of qs.slice(0, nQueries)) {
        const s = performance.now();
        const r = await searchPeople(ctx, actor, { q, page: 1, pageSize: 20 });
        times.push(performance.now() - s);
        hits += r.total;
      }
      results[`${actorName}.${kind}`] = {
        n: times.length,
        p50_ms: pct(times, 50),
        p95_ms: pct(times, 95),
        max_ms: pct(times, 100),
        mean_hits: Math.round(hits / times.length),
      };
    }
  }
  await database.close();

  // Start time of `npm start`'s server process on the existing database (seed skipped: data exists).
  const startMs = await measureStart(dataDir, dbUrl, keys);
  const out = {
    backend: dbUrl ? 'postgresql' : 'pglite',
    size,
    people: loaded.people,
    households: loaded.households,
    generate_and_load_seconds: reuse ? null : Math.round(loadSeconds * 10) / 10,
    search: results,
    server_start_seconds_existing_db: Math.round(startMs / 100) / 10,
    machine: { cpus: os.cpus().length, node: process.version },
  };
  console.log(JSON.stringify(out, null, 2));
  if (!dbUrl && !argv.includes('--keep')) fs.rmSync(dataDir, { recursive: true, force: true });
}

function measureStart(dataDir: string, dbUrl: string | null, keys: { enc: string; hash: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const port = 3900 + Math.floor(Math.random() * 90);
    const t = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/server/src/main.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
        ID_ENCRYPTION_KEY: keys.enc,
        ID_HASH_KEY: keys.hash,
        DEMO_SIZE: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const poll = setInterval(async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) {
          clearInterval(poll);
          const ms = performance.now() - t;
          child.kill('SIGTERM');
          child.on('exit', () => resolve(ms));
        }
      } catch {
        /* not up yet */
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0 && code !== null) reject(new Error(`server exited ${code}`));
    });
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
