import { defineCaseType } from '../../platform/cases/index.ts';
import { type Actor, hasRole, inRegion } from '../../platform/context.ts';
import { importJobs } from '../../platform/db/schema.ts';

export type ImportStatus = 'validating' | 'rejected' | 'validated' | 'importing' | 'imported' | 'failed' | 'cancelled';

const uploader = (actor: Actor, job: { regionCode: string }) =>
  inRegion(actor.regionCode, job.regionCode) && hasRole(actor, 'county_staff', 'township_staff', 'village_worker');
// Validation and run outcomes are recorded by the system on behalf of the uploader (region still checked).
const outcome = (actor: Actor, job: { regionCode: string }) => inRegion(actor.regionCode, job.regionCode);

/** An import job on the case engine: uploaded -> checked (rejected or validated) -> committed -> imported or failed. */
export const IMPORT_CASE = defineCaseType({
  name: 'import',
  table: importJobs,
  statuses: [
    'validating',
    'rejected',
    'validated',
    'importing',
    'imported',
    'failed',
    'cancelled',
  ] as const satisfies readonly ImportStatus[],
  actions: {
    upload: { from: [], to: 'validating', policy: uploader },
    reject: { from: ['validating'], to: 'rejected', policy: outcome },
    accept: { from: ['validating'], to: 'validated', policy: outcome },
    commit: { from: ['validated', 'failed'], to: 'importing', policy: uploader },
    complete: { from: ['importing'], to: 'imported', policy: outcome },
    fail: { from: ['importing'], to: 'failed', policy: outcome },
    cancel: { from: ['validated', 'failed'], to: 'cancelled', policy: uploader },
  },
  regionOf: (j) => j.regionCode,
  // The import service keeps its own summary entries (import.upload, import.commit); these record each step.
  auditAction: (a) => `import.step.${a}`,
  auditTarget: 'import',
  actorOf: (a: Actor) => a,
});
export type ImportAction = keyof typeof IMPORT_CASE.actions;
