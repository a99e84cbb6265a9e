import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../platform/cases/index.ts';
import { createTestEnv, login, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('work calendar API', () => {
  it('staff read a year; county staff replace it; others may not; bad dates are 400', async () => {
    const county = await login(env.app, 'county');
    const admin = await login(env.app, 'admin');
    const y2025 = await county.request('GET', '/api/work-calendar/2025');
    expect(y2025.statusCode, y2025.body).toBe(200);
    expect(y2025.json().days).toContainEqual({ date: '2025-10-11', kind: 'workday', note: '国庆节' });
    // 2027: entered when the notice is out (here: New Year 2027-01-01 off, and a made-up 调休 Saturday).
    const days = [
      { date: '2027-01-01', kind: 'holiday', note: '元旦' },
      { date: '2027-01-09', kind: 'workday', note: '调休' },
    ];
    expect((await admin.request('PUT', '/api/work-calendar/2027', { days })).statusCode).toBe(403);
    const bad = await county.request('PUT', '/api/work-calendar/2027', { days: [{ date: '2026-12-31', kind: 'holiday' }] });
    expect(bad.statusCode).toBe(400);
    const dup = await county.request('PUT', '/api/work-calendar/2027', { days: [days[0], days[0]] });
    expect(dup.statusCode).toBe(400);
    const put = await county.request('PUT', '/api/work-calendar/2027', { days });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().days).toEqual(days);
    // Thursday 2026-12-31 + 1 working day skips the holiday Friday; + 2 lands on the 调休 Saturday.
    expect(await addWorkingDays(env.ctx.db, '2026-12-31', 1)).toBe('2027-01-04');
    expect(await addWorkingDays(env.ctx.db, '2027-01-08', 1)).toBe('2027-01-09');
    const audit = await (await login(env.app, 'auditor')).request('GET', '/api/audit?pageSize=20');
    expect(audit.json().items.map((a: { action: string }) => a.action)).toContain('work_calendar.update');
  });
});
