import crypto from 'node:crypto';
import fs from 'node:fs';
import { computeCheckCharacter } from '@lq/contracts';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.ts';
import { createContext } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { type Database, openPglite, openPostgres } from '../platform/db/client.ts';
import type { AppContext } from '../platform/http/app-context.ts';
import type { App } from '../platform/http/types.ts';

export const TEST_PASSWORD = 'Test@Pass2026';

/** A fresh database for one test file, copied from the run's template. */
export async function freshDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `lq_t_${process.ppid}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const template = process.env.LQ_TEST_PG_TEMPLATE;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const db = await openPostgres(u.toString(), 5);
    const close = db.close;
    db.close = async () => {
      await close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
    return db;
  }
  const file = process.env.LQ_TEST_TEMPLATE;
  if (!file) throw new Error('test template missing: run through vitest (globalSetup)');
  const blob = new Blob([fs.readFileSync(file)]);
  return openPglite({ loadDataDir: blob });
}

export interface TestEnv {
  app: App;
  ctx: AppContext;
  close(): Promise<void>;
}

export async function createTestEnv(overrides: Partial<ReturnType<typeof loadConfig>> = {}): Promise<TestEnv> {
  const database = await freshDatabase();
  const config = { ...loadConfig({}), demoMode: true, demoPassword: TEST_PASSWORD, ...overrides };
  const ctx = createContext(config, database, { enc: process.env.LQ_TEST_ENC_KEY!, hash: process.env.LQ_TEST_HASH_KEY! });
  const app = await buildApp(ctx, { serveWeb: false });
  await app.ready();
  return {
    app,
    ctx,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  username: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function login(app: App, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'lq_sid');
  const csrf = res.json().csrfToken as string;
  const cookieHeader = `lq_sid=${cookie!.value}`;
  return {
    cookie: cookieHeader,
    csrf,
    username,
    request(method, url, body, headers = {}) {
      return app.inject({
        method: method as 'GET',
        url,
        payload: body as object | undefined,
        headers: { cookie: cookieHeader, 'x-csrf-token': csrf, ...headers },
      });
    },
  };
}

const issued = new Set<string>();
/** A valid ID number, unique within this test process (Longquan address code by default). */
export function makeIdNumber(opts: { birth?: string; sex?: 'M' | 'F'; address?: string } = {}): string {
  for (;;) {
    const birth = (opts.birth ?? `19${40 + crypto.randomInt(50)}0${1 + crypto.randomInt(9)}1${crypto.randomInt(9)}`).replace(/-/g, '');
    let s = crypto.randomInt(1000);
    if ((opts.sex === 'F') !== (s % 2 === 0)) s = (s + 1) % 1000;
    const first17 = `${opts.address ?? '331181'}${birth}${String(s).padStart(3, '0')}`;
    const id = first17 + computeCheckCharacter(first17);
    if (!issued.has(id)) {
      issued.add(id);
      return id;
    }
  }
}

export const TOWN_A = '331181203'; // 竹垟畲族乡
export const TOWN_B = '331181100'; // 八都镇
