import { registerHookKind } from './registry.ts';
import { declareSchedule } from './scheduler.ts';

/**
 * Job kinds whose work other modules plug in with addJobHook: the case engine's timers (deadlines,
 * reminders) and the monthly payment run. Until a hook is added, their jobs run and report that
 * no hook did anything.
 */
export const CASE_TIMERS_KIND = 'case.timers';
export const PAYMENTS_MONTHLY_KIND = 'payments.monthly_run';

registerHookKind(CASE_TIMERS_KIND);
registerHookKind(PAYMENTS_MONTHLY_KIND);
declareSchedule({ name: 'case.timers', kind: CASE_TIMERS_KIND, spec: 'every 15m' });
declareSchedule({ name: 'payments.monthly_run', kind: PAYMENTS_MONTHLY_KIND, spec: 'monthly 5 02:00' });
