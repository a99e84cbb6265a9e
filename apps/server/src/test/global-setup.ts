import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createContext } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { randomKeyB64 } from '../platform/crypto.ts';
import { type Database, openPglite, openPostgres } from '../platform/db/client.ts';
import { seedConfiguration, seedDemoBase } from '../seed.ts';

export const TEST_PASSWORD = 'Test@Pass2026';

/**
 * Build one migrated, seeded database per test run (configuration, demo villages, demo
 * accounts; no people). Each test file then starts from a copy: a PGlite data-dir dump, or a
 * PostgreSQL database created from the template when DATABASE_URL is set.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const keys = { enc: randomKeyB64(), hash: randomKeyB64() };
  process.env.LQ_TEST_ENC_KEY = keys.enc;
  process.env.LQ_TEST_HASH_KEY = keys.hash;
  const url = process.env.DATABASE_URL;
  const config = { ...loadConfig({}), demoMode: true, demoPassword: TEST_PASSWORD };
  let database: Database;
  let template = '';
  if (url) {
    template = `lq_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    database = await openPostgres(withDb(url, template), 2);
  } else {
    database = await openPglite({});
  }
  await database.migrate();
  const ctx = createContext(config, database, keys);
  await seedConfiguration(ctx);
  await seedDemoBase(ctx, TEST_PASSWORD);
  if (url) {
    await database.close();
    process.env.LQ_TEST_PG_TEMPLATE = template;
  } else {
    const dump = await database.pglite!.dumpDataDir('none');
    const file = path.join(os.tmpdir(), `lq-test-template-${process.pid}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await database.close();
    process.env.LQ_TEST_TEMPLATE = file;
  }
  return async () => {
    if (url) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const dbs = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'lq\\_t\\_${process.pid}\\_%' OR datname = $1`,
        [template],
      );
      for (const d of dbs.rows) await admin.query(`DROP DATABASE IF EXISTS ${d.datname} WITH (FORCE)`);
      await admin.end();
    } else if (process.env.LQ_TEST_TEMPLATE) {
      fs.rmSync(process.env.LQ_TEST_TEMPLATE, { force: true });
    }
  };
}

export function withDb(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.toString();
}
