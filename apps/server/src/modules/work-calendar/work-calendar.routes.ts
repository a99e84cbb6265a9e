/** The working-day calendar (holidays and 调休 make-up days) per year: read by staff, edited by county staff. */

import { and, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../../platform/audit.ts';
import { calendarYear, workCalendar } from '../../platform/cases/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireRole } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';

const Year = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const Day = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  kind: z.enum(['holiday', 'workday']),
  note: z.string().max(50).nullable().optional(),
});
const CalendarYear = z.object({ year: z.number().int(), days: z.array(Day) });

export async function workCalendarRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['work-calendar'];
  app.get('/api/work-calendar/:year', { schema: { tags, params: Year, response: { 200: CalendarYear } } }, async (req) => {
    requireRole(req, 'county_staff', 'township_staff', 'village_worker', 'admin', 'auditor');
    return { year: req.params.year, days: await calendarYear(ctx.db, req.params.year) };
  });

  /** Replace the year's exceptions (the State Council notice for the year, as published). */
  app.put(
    '/api/work-calendar/:year',
    { schema: { tags, params: Year, body: z.object({ days: z.array(Day).max(120) }), response: { 200: CalendarYear } } },
    async (req) => {
      const actor = requireRole(req, 'county_staff');
      const { year } = req.params;
      const seen = new Set<string>();
      req.body.days.forEach((d, i) => {
        const valid = !Number.isNaN(Date.parse(`${d.date}T00:00:00Z`)) && new Date(`${d.date}T00:00:00Z`).toISOString().startsWith(d.date);
        if (!valid || !d.date.startsWith(`${year}-`))
          throw new AppError('VALIDATION_FAILED', [
            { field: `days.${i}.date`, message: `须为 ${year} 年的有效日期 / must be a valid date in ${year}` },
          ]);
        if (seen.has(d.date))
          throw new AppError('VALIDATION_FAILED', [{ field: `days.${i}.date`, message: `日期重复 / duplicate ${d.date}` }]);
        seen.add(d.date);
      });
      return ctx.db.transaction(async (tx) => {
        const before = await calendarYear(tx, year);
        await tx.delete(workCalendar).where(and(gte(workCalendar.date, `${year}-01-01`), lte(workCalendar.date, `${year}-12-31`)));
        if (req.body.days.length)
          await tx
            .insert(workCalendar)
            .values(req.body.days.map((d) => ({ date: d.date, kind: d.kind, note: d.note ?? null, updatedBy: actor.userId })));
        await appendAudit(tx, actor, {
          action: 'work_calendar.update',
          targetType: 'work_calendar',
          targetId: String(year),
          details: { before: before.length, after: req.body.days.length, days: req.body.days },
        });
        return { year, days: await calendarYear(tx, year) };
      });
    },
  );
}
