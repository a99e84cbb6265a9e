import { describe, expect, it } from 'vitest';
import { IMPORT_WORKFLOW, type ImportAction, type ImportStatus } from '../modules/imports/import.workflow.ts';
import { ACCOUNT_WORKFLOW, type AccountAction, type AccountStatus } from '../modules/users/account.workflow.ts';
import { systemActor } from './context.ts';
import { AppError } from './errors.ts';
import { availableActions, nextStatus } from './workflow.ts';

describe('workflow mechanism: state tables', () => {
  const importStatuses: ImportStatus[] = ['validating', 'rejected', 'validated', 'importing', 'imported', 'failed', 'cancelled'];
  const importActions: ImportAction[] = ['upload', 'reject', 'accept', 'commit', 'complete', 'fail', 'cancel'];
  const expected: Partial<Record<ImportStatus, Partial<Record<ImportAction, ImportStatus>>>> = {
    validating: { reject: 'rejected', accept: 'validated' },
    validated: { commit: 'importing', cancel: 'cancelled' },
    importing: { complete: 'imported', fail: 'failed' },
    failed: { commit: 'importing', cancel: 'cancelled' },
  };
  for (const s of importStatuses) {
    for (const a of importActions) {
      const to = expected[s]?.[a];
      it(`import: ${s} --${a}--> ${to ?? 'refused'}`, () => {
        if (to) expect(nextStatus(IMPORT_WORKFLOW, s, a)).toBe(to);
        else expect(() => nextStatus(IMPORT_WORKFLOW, s, a)).toThrow(AppError);
      });
    }
  }

  it('account: terminal and recoverable states', () => {
    const all: AccountStatus[] = ['active', 'locked', 'disabled'];
    const acts: AccountAction[] = ['lock', 'unlock', 'disable', 'enable', 'reset_totp'];
    const table = Object.fromEntries(
      all.map((s) => [
        s,
        acts.filter((a) => {
          try {
            nextStatus(ACCOUNT_WORKFLOW, s, a);
            return true;
          } catch {
            return false;
          }
        }),
      ]),
    );
    expect(table).toEqual({ active: ['lock', 'disable', 'reset_totp'], locked: ['lock', 'unlock', 'disable'], disabled: ['enable'] });
  });

  it('shows only the actions an actor may take', () => {
    const village = { ...systemActor('331181203201'), roles: ['village_worker' as const] };
    expect(availableActions(IMPORT_WORKFLOW, 'validated', village, '331181203201')).toEqual(['commit', 'cancel']);
    expect(availableActions(IMPORT_WORKFLOW, 'validated', village, '331181100201')).toEqual([]);
    const auditor = { ...systemActor(), roles: ['auditor' as const] };
    expect(availableActions(IMPORT_WORKFLOW, 'validated', auditor, '331181203201')).toEqual([]);
    expect(availableActions(ACCOUNT_WORKFLOW, 'locked', auditor, '331181')).toEqual(['lock']);
  });
});
