/** Pure elderly-care domain (no database, no HTTP). */
export * from './state-machine.ts';
export * from './order.states.ts';
export * from './visit.states.ts';
export * from './order.policy.ts';
export * from './subsidy.ts';
export * from './anomalies.ts';
export * from './settlement.ts';
export * from './followup.ts';
export * from './inspection.ts';
export * from './dispatch-problem.ts';
export { ageOn, fenToYuan, hhmmToMin, parseInstantMs } from './util.ts';
