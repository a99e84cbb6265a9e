import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { addWorkingDays, addWorkingDaysWith, calendarYear, isWorkingDay, loadCalendar } from './calendar.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('working-day calendar (seeded from the State Council notices)', () => {
  it('国庆+中秋 2025: 10-1..8 off, Sunday 9-28 and Saturday 10-11 are make-up working days', async () => {
    const cal = await loadCalendar(env.ctx.db, '2025-09-01', '2025-10-31');
    expect(isWorkingDay('2025-09-28', cal)).toBe(true);
    expect(isWorkingDay('2025-10-08', cal)).toBe(false);
    expect(isWorkingDay('2025-10-11', cal)).toBe(true);
    expect(isWorkingDay('2025-10-12', cal)).toBe(false);
    expect(await addWorkingDays(env.ctx.db, '2025-09-26', 1)).toBe('2025-09-28');
    expect(await addWorkingDays(env.ctx.db, '2025-09-30', 1)).toBe('2025-10-09');
    expect(await addWorkingDays(env.ctx.db, '2025-09-30', 3)).toBe('2025-10-11');
    expect(await addWorkingDays(env.ctx.db, '2025-09-30', 4)).toBe('2025-10-13');
  });

  it('春节 2026: 2-15..23 off, Saturdays 2-14 and 2-28 are working days', async () => {
    expect(await addWorkingDays(env.ctx.db, '2026-02-13', 1)).toBe('2026-02-14');
    expect(await addWorkingDays(env.ctx.db, '2026-02-14', 1)).toBe('2026-02-24');
    expect(await addWorkingDays(env.ctx.db, '2026-02-13', 10)).toBe('2026-03-05');
    expect(await addWorkingDays(env.ctx.db, '2026-02-26', 2)).toBe('2026-02-28');
  });

  it('n = 0 moves to the next working day; negative n is refused', () => {
    const cal = new Map([['2024-10-01', 'holiday' as const]]);
    expect(addWorkingDaysWith('2024-10-01', 0, cal)).toBe('2024-10-02');
    expect(addWorkingDaysWith('2024-10-05', 0, cal)).toBe('2024-10-07');
    expect(() => addWorkingDaysWith('2024-10-05', -1, cal)).toThrow(RangeError);
  });

  it('holds 2024-2026; 2027 is empty until county staff enter it', async () => {
    for (const y of [2024, 2025, 2026]) {
      const rows = await calendarYear(env.ctx.db, y);
      expect(rows.filter((r) => r.kind === 'holiday').length).toBeGreaterThanOrEqual(27);
      expect(rows.some((r) => r.kind === 'workday')).toBe(true);
    }
    expect(await calendarYear(env.ctx.db, 2027)).toEqual([]);
  });
});
