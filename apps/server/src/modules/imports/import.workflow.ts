import { hasRole, inRegion } from '../../platform/context.ts';
import { defineWorkflow } from '../../platform/workflow.ts';

export type ImportStatus = 'validating' | 'rejected' | 'validated' | 'importing' | 'imported' | 'failed' | 'cancelled';
export type ImportAction = 'upload' | 'reject' | 'accept' | 'commit' | 'complete' | 'fail' | 'cancel';

/** An import job: uploaded -> checked (rejected or validated) -> committed -> imported or failed. */
export const IMPORT_WORKFLOW = defineWorkflow<ImportStatus, ImportAction>({
  name: 'import',
  allowedActions: {
    validating: ['reject', 'accept'],
    rejected: [],
    validated: ['commit', 'cancel'],
    importing: ['complete', 'fail'],
    imported: [],
    failed: ['commit', 'cancel'],
    cancelled: [],
  },
  transitions: {
    upload: 'validating',
    reject: 'rejected',
    accept: 'validated',
    commit: 'importing',
    complete: 'imported',
    fail: 'failed',
    cancel: 'cancelled',
  },
  policy: (actor, action, region) => {
    if (!inRegion(actor.regionCode, region)) return false;
    // Validation outcomes are recorded by the system on behalf of the uploader.
    if (['reject', 'accept', 'complete', 'fail'].includes(action)) return true;
    return hasRole(actor, 'county_staff', 'township_staff', 'village_worker');
  },
});
