/** Pure elderly-care domain (no database, no HTTP). */

export * from './anomalies.ts';
export * from './dispatch-problem.ts';
export * from './followup.ts';
export * from './inspection.ts';
export * from './order.policy.ts';
export * from './order.states.ts';
export * from './settlement.ts';
export * from './subsidy.ts';
export { ageOn, fenToYuan, hhmmToMin, parseInstantMs } from './util.ts';
export * from './visit.states.ts';
