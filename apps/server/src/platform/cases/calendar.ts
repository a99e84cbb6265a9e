/**
 * Working days from a calendar kept as data (work_calendar): a day is a working day if it is
 * Monday-Friday and not a public holiday, or a weekend day marked as a 调休 make-up working day.
 */
import { and, asc, gte, lte } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { workCalendar } from './schema.ts';

export type DayKind = 'holiday' | 'workday';
/** date (YYYY-MM-DD) -> exception kind; dates not in the map follow the weekday rule. */
export type CalendarExceptions = ReadonlyMap<string, DayKind>;

export function addCalendarDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday 1 (Mon) .. 7 (Sun). */
export function weekday(date: string): number {
  const w = new Date(`${date}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

export function isWorkingDay(date: string, cal: CalendarExceptions): boolean {
  const k = cal.get(date);
  if (k === 'holiday') return false;
  if (k === 'workday') return true;
  return weekday(date) <= 5;
}

/**
 * The n-th working day after `from` (from itself not counted; n = 0 gives `from` moved forward to
 * a working day if it is not one). Pure: the caller supplies the exceptions covering the range.
 */
export function addWorkingDaysWith(from: string, n: number, cal: CalendarExceptions): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0, got ${n}`);
  let d = from;
  if (n === 0) {
    while (!isWorkingDay(d, cal)) d = addCalendarDays(d, 1);
    return d;
  }
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

export async function loadCalendar(ex: Executor, from: string, to: string): Promise<Map<string, DayKind>> {
  const rows = await ex
    .select({ date: workCalendar.date, kind: workCalendar.kind })
    .from(workCalendar)
    .where(and(gte(workCalendar.date, from), lte(workCalendar.date, to)))
    .orderBy(asc(workCalendar.date));
  return new Map(rows.map((r) => [r.date, r.kind]));
}

/** addWorkingDaysWith on the stored calendar (loads a window wide enough for the longest holiday run). */
export async function addWorkingDays(ex: Executor, from: string, n: number): Promise<string> {
  const cal = await loadCalendar(ex, from, addCalendarDays(from, n * 2 + 40));
  return addWorkingDaysWith(from, n, cal);
}

export async function calendarYear(ex: Executor, year: number) {
  return ex
    .select({ date: workCalendar.date, kind: workCalendar.kind, note: workCalendar.note })
    .from(workCalendar)
    .where(and(gte(workCalendar.date, `${year}-01-01`), lte(workCalendar.date, `${year}-12-31`)))
    .orderBy(asc(workCalendar.date));
}
