import { and, eq, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../platform/db/schema.ts';
import { must } from '../../platform/must.ts';
import { createTestEnv, login, TEST_PASSWORD, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('login and sessions', () => {
  it('logs in, sets an httpOnly SameSite cookie and returns a CSRF token', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'county', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(body.user).toMatchObject({ username: 'county', roles: ['county_staff'], regionCode: '331181', isDemo: true });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/lq_sid=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
  });

  it('rejects a wrong password with a clear error and audits it', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'town-331181100', password: 'Wrong@Pass1' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', details: [] });
    expect(res.json().message).toMatch(/用户名或密码错误/);
    const auditor = await login(env.app, 'auditor');
    const log = (await auditor.request('GET', '/api/audit?action=auth.login&outcome=failure')).json();
    expect(log.items.some((e: { username: string }) => e.username === 'town-331181100')).toBe(true);
  });

  it('answers in English when asked', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: 'nobody', password: 'x' },
    });
    expect(res.json().message).toMatch(/^Wrong user name or password/);
  });

  it('locks the account for 15 minutes after 5 failures, even for the right password, answering 401 throughout', async () => {
    const u = 'town-331181101';
    for (let i = 0; i < 5; i++) {
      const r = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: 'Wrong@Pass1' } });
      expect(r.statusCode).toBe(401);
      expect(r.json().code).toBe('INVALID_CREDENTIALS');
    }
    const right = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: TEST_PASSWORD } });
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('INVALID_CREDENTIALS');
    const [row] = await env.ctx.db.select().from(users).where(eq(users.username, u));
    const until = must(row.lockedUntil, 'lockedUntil').getTime();
    expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    // The admin can unlock; the lifecycle is recorded in the workflow log.
    const admin = await login(env.app, 'admin');
    const list = (await admin.request('GET', `/api/users?q=${u}`)).json();
    const id = list.items[0].id;
    expect(list.items[0].status).toBe('locked');
    expect((await admin.request('POST', `/api/users/${id}/unlock`, {})).statusCode).toBe(200);
    const hist = (await admin.request('GET', `/api/users/${id}/history`)).json();
    expect(hist.map((h: { action: string }) => h.action)).toEqual(['create', 'lock', 'unlock']);
    expect(
      (await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: TEST_PASSWORD } })).statusCode,
    ).toBe(200);
  });

  it('refuses state-changing requests without the CSRF token', async () => {
    const s = await login(env.app, 'county');
    const noToken = await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('CSRF');
    const wrong = await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'nope' } });
    expect(wrong.statusCode).toBe(403);
    const ok = await s.request('POST', '/api/auth/logout');
    expect(ok.statusCode).toBe(200);
    const after = await s.request('GET', '/api/auth/me');
    expect(after.statusCode).toBe(401);
  });

  it('ends idle sessions', async () => {
    const short = await createTestEnv({ sessionIdleMinutes: 0.001 });
    try {
      const s = await login(short.app, 'county');
      await new Promise((r) => setTimeout(r, 150));
      const res = await s.request('GET', '/api/auth/me');
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('SESSION_EXPIRED');
    } finally {
      await short.close();
    }
  });

  it('enrols TOTP and then requires it at login', async () => {
    const s = await login(env.app, 'county');
    const enrol = (await s.request('POST', '/api/auth/totp/enrol')).json();
    expect(enrol.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(enrol.secret), digits: 6, period: 30 });
    expect(
      (await s.request('POST', '/api/auth/totp/confirm', { code: '000000' === totp.generate() ? '111111' : '000000' })).statusCode,
    ).toBe(400);
    expect((await s.request('POST', '/api/auth/totp/confirm', { code: totp.generate() })).statusCode).toBe(200);
    const noCode = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'county', password: TEST_PASSWORD },
    });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('TOTP_REQUIRED');
    const withCode = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'county', password: TEST_PASSWORD, totp: totp.generate() },
    });
    expect(withCode.statusCode).toBe(200);
  });

  it('lets the admin require TOTP for privileged users', async () => {
    const admin = await login(env.app, 'admin');
    expect((await admin.request('PUT', '/api/settings/security', { requireTotpForPrivileged: true })).statusCode).toBe(200);
    const me = (await admin.request('GET', '/api/auth/me')).json();
    expect(me.user.mustEnrolTotp).toBe(true);
    const town = await login(env.app, 'town-331181203');
    expect((await town.request('GET', '/api/auth/me')).json().user.mustEnrolTotp).toBe(false);
    await admin.request('PUT', '/api/settings/security', { requireTotpForPrivileged: false });
  });

  it('enforces the password policy on new accounts', async () => {
    const admin = await login(env.app, 'admin');
    const weak = await admin.request('POST', '/api/users', {
      username: 'weakling',
      displayName: 'W',
      roles: ['village_worker'],
      regionCode: '331181203',
      password: 'abcdefgh',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details[0].field).toBe('password');
    const ok = await admin.request('POST', '/api/users', {
      username: 'vw1',
      displayName: '村工作者',
      roles: ['village_worker'],
      regionCode: '331181203',
      password: 'Good#Pass9',
    });
    expect(ok.statusCode).toBe(201);
    const pw = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vw1', password: 'Good#Pass9' } });
    expect(pw.statusCode).toBe(200);
  });
});

async function loginAs(e: TestEnv, username: string, password: string) {
  return e.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
}

/** Audit reasons of the login attempts on one account, oldest first. */
async function loginReasons(e: TestEnv, username: string): Promise<string[]> {
  const rows = await e.ctx.db
    .select({ outcome: auditLog.outcome, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'auth.login'), eq(auditLog.username, username)))
    .orderBy(auditLog.id);
  return rows.map((r) => (r.outcome === 'success' ? 'success' : String((r.details as { reason?: string } | null)?.reason)));
}

async function lockCount(e: TestEnv, username: string): Promise<number> {
  const [u] = await e.ctx.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  const rows = await e.ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'user.lock'), eq(auditLog.targetId, u.id)));
  return Number(rows[0].n);
}

describe('lockout under concurrency (attempts are counted before the password is checked)', () => {
  it('30 concurrent wrong passwords: at most 5 are checked, the account is locked once', async () => {
    const u = 'town-331181102';
    const res = await Promise.all(Array.from({ length: 30 }, () => loginAs(env, u, 'Wrong@Pass1')));
    expect(res.map((r) => r.statusCode)).toEqual(Array(30).fill(401));
    const [row] = await env.ctx.db.select().from(users).where(eq(users.username, u));
    expect(row.lockedUntil?.getTime() ?? 0).toBeGreaterThan(Date.now());
    const reasons = await loginReasons(env, u);
    expect(reasons).toHaveLength(30);
    // Exactly `lockoutThreshold` attempts got a password check; the rest were refused unchecked.
    expect(reasons.filter((r) => r === 'bad_password')).toHaveLength(env.ctx.config.lockoutThreshold);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(30 - env.ctx.config.lockoutThreshold);
    expect(await lockCount(env, u)).toBe(1);
  });

  it('the right password sent while 5 wrong ones are in flight does not log in', async () => {
    const u = 'town-331181104';
    const wrong = Array.from({ length: 5 }, () => loginAs(env, u, 'Wrong@Pass1'));
    // Wait until the five have taken their attempts (or already finished), then send the right one.
    let settled = false;
    void Promise.all(wrong).then(() => {
      settled = true;
    });
    for (;;) {
      const [row] = await env.ctx.db.select().from(users).where(eq(users.username, u));
      if (settled || row.failedAttempts >= 5 || row.lockedUntil) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    const right = await loginAs(env, u, TEST_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect((await Promise.all(wrong)).map((r) => r.statusCode)).toEqual(Array(5).fill(401));
    const [row] = await env.ctx.db.select().from(users).where(eq(users.username, u));
    expect(row.lockedUntil?.getTime() ?? 0).toBeGreaterThan(Date.now());
  });

  it('a burst of 30 guesses with the right one in the middle gets at most 5 password checks', async () => {
    const u = 'town-331181105';
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 15 ? TEST_PASSWORD : `Wrong@Pass${i}`));
    const res = await Promise.all(guesses.map((p) => loginAs(env, u, p)));
    const reasons = await loginReasons(env, u);
    const checked = reasons.filter((r) => r === 'bad_password' || r === 'success').length;
    expect(checked).toBeLessThanOrEqual(env.ctx.config.lockoutThreshold);
    // Only a guess that got one of the 5 checks can succeed; otherwise the account ends locked.
    const ok = res.filter((r) => r.statusCode === 200).length;
    expect(ok).toBe(reasons.includes('success') ? 1 : 0);
    if (!ok) {
      const [row] = await env.ctx.db.select().from(users).where(eq(users.username, u));
      expect(row.lockedUntil?.getTime() ?? 0).toBeGreaterThan(Date.now());
    }
  });
});

describe('no account enumeration', () => {
  it('unknown, locked and disabled accounts all answer 401 INVALID_CREDENTIALS to a wrong password', async () => {
    const admin = await login(env.app, 'admin');
    const disabledName = 'town-331181106';
    const list = (await admin.request('GET', `/api/users?q=${disabledName}`)).json();
    expect((await admin.request('POST', `/api/users/${list.items[0].id}/disable`, {})).statusCode).toBe(200);
    const lockedName = 'town-331181107';
    for (let i = 0; i < 5; i++) await loginAs(env, lockedName, 'Wrong@Pass1');
    const answers = [];
    for (const name of ['no-such-user', lockedName, disabledName, 'town-331181200']) {
      const r = await loginAs(env, name, 'Wrong@Pass1');
      answers.push({ status: r.statusCode, body: r.json() });
    }
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.body.code).toBe('INVALID_CREDENTIALS');
      expect(a.body.message).toBe(answers[0].body.message);
      expect(a.body.details).toEqual([]);
    }
    // Only the right password learns that an account is disabled.
    const right = await loginAs(env, disabledName, TEST_PASSWORD);
    expect(right.statusCode).toBe(403);
    expect(right.json().code).toBe('ACCOUNT_DISABLED');
    // A locked account does not check the password at all: still 401.
    expect((await loginAs(env, lockedName, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('an unknown user takes about as long as a wrong password (a dummy argon2 check runs)', async () => {
    const time = async (name: string) => {
      const t0 = performance.now();
      await loginAs(env, name, 'Wrong@Pass1');
      return performance.now() - t0;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time('town-331181201'));
      unknown.push(await time(`ghost-${i}`));
    }
    // argon2id at 19 MiB dominates both; without the dummy check the unknown path is ~10x faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
  });
});

describe('password changes', () => {
  it('refuses weak new passwords: user name, demo password, common words, patterns', async () => {
    const s = await login(env.app, 'town-331181202');
    for (const weak of ['Town-331181202!', TEST_PASSWORD, 'Password123!', 'P@ssw0rd2026', 'Longquan@2026x', 'Abcdefgh1234!', 'Short1!a']) {
      const r = await s.request('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: weak });
      expect(r.statusCode, weak).toBe(400);
      expect(r.json().details[0].field, weak).toBe('newPassword');
    }
    // The right current password given with weak new ones does not count towards the lockout.
    const [row] = await env.ctx.db.select().from(users).where(eq(users.username, 'town-331181202'));
    expect(row.failedAttempts).toBe(0);
  });

  it('ends the other sessions of the user and keeps the current one', async () => {
    const a = await login(env.app, 'town-331181204');
    const b = await login(env.app, 'town-331181204');
    const r = await a.request('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Zh7!cabin-river' });
    expect(r.statusCode).toBe(200);
    expect((await a.request('GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await b.request('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await loginAs(env, 'town-331181204', 'Zh7!cabin-river')).statusCode).toBe(200);
  });

  it('counts wrong current passwords like failed logins and locks the account', async () => {
    const s = await login(env.app, 'town-331181205');
    for (let i = 0; i < 4; i++) {
      const r = await s.request('POST', '/api/auth/password', { currentPassword: `Wrong@Pass${i}`, newPassword: 'Zh7!cabin-river' });
      expect(r.statusCode).toBe(400);
    }
    const fifth = await s.request('POST', '/api/auth/password', { currentPassword: 'Wrong@Pass9', newPassword: 'Zh7!cabin-river' });
    expect(fifth.statusCode).toBe(423);
    // Locked: even the right current password is refused, and so is a new login.
    const right = await s.request('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Zh7!cabin-river' });
    expect(right.statusCode).toBe(423);
    expect((await loginAs(env, 'town-331181205', TEST_PASSWORD)).statusCode).toBe(401);
  });
});
