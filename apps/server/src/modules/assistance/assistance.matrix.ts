/**
 * Permission matrix of the assistance and children preview routes (no region scope: the body is
 * the whole case). Run by assistance.permissions.test.ts; the foundation matrix counts them covered.
 */
import type { Role } from '@lq/contracts';
import { CHILDREN_PREVIEW_ROLES } from '../children/children.routes.ts';
import { ASSISTANCE_PREVIEW_ROLES } from './assistance.routes.ts';

const member = { relation: 'head', birthDate: '1970-01-01', situation: 'none', disability: null, seriousIllness: false, incomes: [] };
export const RULES_MATRIX: Record<string, { allowed: readonly Role[]; body: unknown }> = {
  'POST /api/assistance/evaluate': {
    allowed: ASSISTANCE_PREVIEW_ROLES,
    body: { asOf: '2026-06-15', household: { assetsWithinLimits: true, members: [{ id: 'h', ...member }] } },
  },
  'POST /api/assistance/tekun/evaluate': {
    allowed: ASSISTANCE_PREVIEW_ROLES,
    body: {
      asOf: '2026-06-15',
      person: { birthDate: '1950-01-01', disability: null, incomes: [], assetsWithinLimits: true },
      obligors: [],
      selfCareItemsUnable: 0,
    },
  },
  'POST /api/children/classify': {
    allowed: CHILDREN_PREVIEW_ROLES,
    body: {
      asOf: '2026-06-15',
      child: { birthDate: '2015-01-01', rural: true },
      parents: ['father', 'mother'].map((role) => ({ role, state: 'alive', disability: null, seriousIllness: false, workingAway: true })),
    },
  },
};
