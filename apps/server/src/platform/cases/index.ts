export * from './calendar.ts';
export * from './engine.ts';
export { caseIndex, casePendingApprovals, workCalendar } from './schema.ts';
