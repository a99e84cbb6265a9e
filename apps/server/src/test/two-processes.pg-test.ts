/**
 * Two server processes against one PostgreSQL database: what one process does, the other sees
 * at once (sessions, CSRF tokens, account locks and disables, regions, the audit chain). Runs only
 * when DATABASE_URL points to a PostgreSQL server (vitest.config.ts includes *.pg-test.ts then);
 * it creates and drops its own database there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.ts';
import { randomKeyB64 } from '../platform/crypto.ts';

const PASSWORD = 'Two@Procs2026';
const adminUrl = process.env.DATABASE_URL ?? '';
const dbName = `lq_mp_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lq-two-procs-'));

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  output: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port; // listen(0) on TCP always yields an AddressInfo
      s.close(() => resolve(port));
    });
  });
}

async function startServer(name: string, databaseUrl: string, keys: { enc: string; hash: string }): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATA_DIR: path.join(dataDir, name),
      DEMO_MODE: 'true',
      DEMO_PASSWORD: PASSWORD,
      DEMO_SIZE: '0',
      ID_ENCRYPTION_KEY: keys.enc,
      ID_HASH_KEY: keys.hash,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (d) => output.push(String(d)));
  child.stderr?.on('data', (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server ${name} exited ${child.exitCode}:\n${output.join('')}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { name, url, child, output };
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server ${name} did not start:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

interface Login {
  cookie: string;
  csrf: string;
}

/** The fields of the answers this test reads. */
interface Body {
  code?: string;
  countyCode?: string;
  user?: { username: string };
  items?: { id: string; username: string; action: string; status?: string }[];
}

async function call(
  s: Server,
  method: string,
  url: string,
  who?: Login,
  body?: unknown,
): Promise<{ status: number; json: Body; list: { code: string }[] }> {
  const res = await fetch(`${s.url}${url}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : {};
  // JSON of the server's own schemas: objects for Body, arrays for region lists.
  return Array.isArray(parsed)
    ? { status: res.status, json: {}, list: parsed as { code: string }[] }
    : { status: res.status, json: parsed as Body, list: [] };
}

async function login(s: Server, username: string, password = PASSWORD): Promise<{ status: number; login: Login | null; code?: string }> {
  const res = await fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { code?: string; csrfToken?: string };
  if (res.status !== 200) return { status: res.status, login: null, code: body.code };
  const sid = (res.headers.get('set-cookie') ?? '').match(/lq_sid=([^;]+)/)?.[1];
  return { status: 200, login: { cookie: `lq_sid=${sid}`, csrf: body.csrfToken ?? '' } };
}

function must<T>(v: T | null | undefined, what: string): T {
  if (v === null || v === undefined) throw new Error(`missing ${what}`);
  return v;
}

describe('two server processes on one PostgreSQL database', () => {
  let a: Server;
  let b: Server;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    const keys = { enc: randomKeyB64(), hash: randomKeyB64() };
    // A migrates and seeds the empty database; B starts on the seeded one (migrations are a no-op then).
    a = await startServer('A', u.toString(), keys);
    b = await startServer('B', u.toString(), keys);
  }, 320_000);

  afterAll(async () => {
    for (const s of [a, b]) {
      if (!s || s.child.exitCode !== null) continue;
      const exited = new Promise((r) => s.child.once('exit', r));
      s.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (s.child.exitCode === null) s.child.kill('SIGKILL');
    }
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('a session opened on A works on B (cookie and CSRF token), and a logout on B ends it on A', async () => {
    const adm = must((await login(a, 'admin')).login, 'admin login');
    const me = await call(b, 'GET', '/api/auth/me', adm);
    expect(me.status).toBe(200);
    expect(me.json.user?.username).toBe('admin');
    // A write on B with the CSRF token A issued.
    expect((await call(b, 'GET', '/api/settings/security', adm)).status).toBe(200);
    const settings = { requireTotpForPrivileged: false };
    expect((await call(b, 'PUT', '/api/settings/security', adm, settings)).status).toBe(200);
    expect((await call(b, 'PUT', '/api/settings/security', { ...adm, csrf: 'forged' }, settings)).status).toBe(403);

    expect((await call(b, 'POST', '/api/auth/logout', adm, {})).status).toBe(200);
    expect((await call(a, 'GET', '/api/auth/me', adm)).status).toBe(401);
  });

  it('failed logins on both processes add up to one lock; an unlock on B lets the account in on A', async () => {
    // Threshold 5: four failures alternate between the processes, the fifth (on B) locks.
    for (const s of [a, b, a, b, b]) expect((await login(s, 'auditor', 'wrong-password')).code).toBe('INVALID_CREDENTIALS');
    // Locked: the right password is not even checked, on either process (the same 401 as a wrong one).
    expect((await login(a, 'auditor')).code).toBe('INVALID_CREDENTIALS');
    expect((await login(b, 'auditor')).code).toBe('INVALID_CREDENTIALS');

    const adm = must((await login(a, 'admin')).login, 'admin login');
    const users = await call(a, 'GET', '/api/users?q=auditor', adm);
    const auditor = must(
      users.json.items?.find((x) => x.username === 'auditor'),
      'auditor account',
    );
    expect(auditor.status, 'the five failures on two processes add up to one lock').toBe('locked');
    expect((await call(b, 'POST', `/api/users/${auditor.id}/unlock`, adm, { reason: 'two-process test' })).status).toBe(200);
    expect((await login(a, 'auditor')).status).toBe(200);
  });

  it('disabling an account on A ends its session on B at the next request', async () => {
    const county = must((await login(b, 'county')).login, 'county login');
    expect((await call(b, 'GET', '/api/auth/me', county)).status).toBe(200);
    const adm = must((await login(a, 'admin')).login, 'admin login');
    const users = await call(a, 'GET', '/api/users?q=county', adm);
    const id = must(
      users.json.items?.find((x) => x.username === 'county'),
      'county',
    ).id;
    expect((await call(a, 'POST', `/api/users/${id}/disable`, adm, { reason: 'two-process test' })).status).toBe(200);
    expect((await call(b, 'GET', '/api/auth/me', county)).status).toBe(401);
    expect((await login(b, 'county')).code).toBe('ACCOUNT_DISABLED');
    expect((await call(b, 'POST', `/api/users/${id}/enable`, adm, { reason: 'two-process test' })).status).toBe(200);
    expect((await login(a, 'county')).status).toBe(200);
  });

  it('a village imported through A is known to B at once (region cache checked against the database)', async () => {
    const adm = must((await login(a, 'admin')).login, 'admin login');
    const staff = must((await login(b, 'county')).login, 'county login');
    const countyCode = must((await call(b, 'GET', '/api/public/deployment')).json.countyCode, 'county code');
    const town = must((await call(b, 'GET', `/api/regions?parent=${countyCode}`, staff)).list[0]?.code, 'a township');
    // B validates a residence code through its region cache (and fills it).
    expect((await call(b, 'POST', '/api/households', staff, { residenceRegionCode: town })).status).toBe(201);
    const code = `${town}299`;
    expect((await call(b, 'POST', '/api/households', staff, { residenceRegionCode: code })).json.code).toBe('VALIDATION_FAILED');
    const imported = await fetch(`${a.url}/api/regions/import`, {
      method: 'POST',
      headers: { cookie: adm.cookie, 'x-csrf-token': adm.csrf, 'content-type': 'multipart/form-data; boundary=XyZ' },
      body: `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="v.csv"\r\nContent-Type: text/csv\r\n\r\ncode,name,level\n${code},双进程村,village\n\r\n--XyZ--\r\n`,
    });
    expect(imported.status, await imported.clone().text()).toBe(200);
    const created = await call(b, 'POST', '/api/households', staff, { residenceRegionCode: code });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
  });

  it('both processes append to one audit chain, and it verifies', async () => {
    const aud = must((await login(b, 'auditor')).login, 'auditor login');
    const page = await call(a, 'GET', '/api/audit?pageSize=200', aud);
    expect(page.status).toBe(200);
    const actions = (page.json.items ?? []).map((e) => e.action);
    expect(actions).toContain('user.unlock');
    expect(actions).toContain('user.disable');
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const u = new URL(adminUrl);
      u.pathname = `/${dbName}`;
      const c = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'verify-audit'], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: u.toString(), DEMO_MODE: 'true', DATA_DIR: path.join(dataDir, 'cli') },
      });
      let text = '';
      c.stdout.on('data', (d) => {
        text += d;
      });
      c.stderr.on('data', (d) => {
        text += d;
      });
      c.on('exit', (code) => resolve({ code, text }));
    });
    expect(out.code, out.text).toBe(0);
  });
});
