import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(res.json().message).toBe('Wrong user name or password');
  });

  it('locks the account for 15 minutes after 5 failures, even for the right password', async () => {
    const u = 'town-331181101';
    for (let i = 0; i < 4; i++) {
      const r = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: 'Wrong@Pass1' } });
      expect(r.statusCode).toBe(401);
    }
    const fifth = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: 'Wrong@Pass1' } });
    expect(fifth.statusCode).toBe(423);
    const right = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: TEST_PASSWORD } });
    expect(right.statusCode).toBe(423);
    const until = new Date(right.json().details[0].message).getTime();
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
