import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../../config.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  migrate(): Promise<void>;
  /** PGlite only: the raw handle (used to dump/load test templates). */
  pglite?: PGlite;
}

// node-postgres: keep DATE as the 'YYYY-MM-DD' string (business dates), counts as numbers.
pg.types.setTypeParser(1082, (v: string) => v);
pg.types.setTypeParser(20, (v: string) => Number(v));

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个进程(pid ${pid})使用;同一个嵌入式数据库不能由两个进程同时打开。\n` +
        `The data folder ${dataDir} is in use by another process (pid ${pid}); an embedded database cannot be opened by two processes.`,
    );
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take an exclusive lock file in the data folder; a stale lock (dead pid) is replaced. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'platform.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (pid && pid !== process.pid && pidAlive(pid)) throw new DataDirLockedError(dataDir, pid);
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob; lock?: boolean }): Promise<Database> {
  let release = () => {};
  if (options.dataDir && options.lock !== false) release = lockDataDir(options.dataDir);
  try {
    const dataPath = options.dataDir ? path.join(options.dataDir, 'pgdata') : undefined;
    const client = await PGlite.create({ dataDir: dataPath, loadDataDir: options.loadDataDir });
    const db = drizzlePglite(client) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      pglite: client,
      async migrate() {
        await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR });
      },
      async close() {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection that the server closes (restart, admin termination) must not crash the
  // process: the pool drops it and opens a new one on the next query.
  pool.on('error', (err) => {
    if (process.env.LOG_LEVEL === 'debug') console.error('postgres idle client error:', err.message);
  });
  // Fail fast with a clear message when the server is unreachable.
  const c = await pool.connect();
  c.release();
  const db = drizzlePg(pool) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      await migratePg(drizzlePg(pool), { migrationsFolder: MIGRATIONS_DIR });
    },
    async close() {
      await pool.end();
    },
  };
}

export { schema };

/** Run raw SQL (built with the sql`` template, so parameterised) and return its rows on either driver. */
export async function queryRows<T>(ex: Executor, query: SQL): Promise<T[]> {
  const res = (await ex.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** Rows changed by an UPDATE/DELETE on either driver. */
export async function execCount(ex: Executor, query: SQL): Promise<number> {
  const res = (await ex.execute(query)) as unknown as { rowCount?: number | null; affectedRows?: number };
  return Number(res.affectedRows ?? res.rowCount ?? 0);
}
