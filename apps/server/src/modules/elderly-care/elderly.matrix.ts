/**
 * Permission matrix of the elderly-care routes: route -> roles allowed and how region scope shows.
 * Run by elderly-care.permissions.test.ts; the foundation matrix test counts these routes covered.
 */
import type { Role } from '@lq/contracts';
import { makeIdNumber } from '../../test/harness.ts';
import { DEMO_SUBSIDY_RULES } from './domain/subsidy.ts';
import { fullScores } from './test-support.ts';

export type EcScope = 'none' | 'record' | 'list';
export interface EcFixtures {
  orderId: string;
  orderVersion: number;
  visitId: string;
  visitVersion: number;
  personId: string;
  personBId: string;
  assessmentId: string;
  applicationId: string;
  providerId: string;
  providerVersion: number;
  caregiverId: string;
  caregiverUserId: string;
  planId: string;
  followupId: string;
  complaintId: string;
  settlementId: string;
  blacklistId: string;
  inspectionId: string;
  trackingCode: string;
  today: string;
  month: string;
  /** A draft settlement of the fixture provider (next month) that adjusting entries are booked into. */
  draftSettlementId: string;
  /** The month of that draft settlement (the fixture month's settlement is approved, so runs go here). */
  openMonth: string;
  /** A normal line of the approved fixture settlement. */
  settledLineId: number;
  /** Fresh cases for routes that cannot succeed twice on the same record (a state change each time). */
  make: EcMakers;
}

/** Each maker creates a new in-region case through the API (as the fixture users), ready for the route. */
export interface EcMakers {
  appliedOrder(): Promise<{ id: string; version: number }>;
  /** A public application of an unregistered ID number, and the person then registered with it. */
  pendingApplication(): Promise<{ id: string; personId: string; version: number }>;
  /** A visit of the fixture elder assigned to the fixture caregiver, taken to the given status. */
  visitAt(stage: 'dispatched' | 'checked_in' | 'checked_out'): Promise<{ id: string; version: number }>;
  /** A draft dispatch plan holding a new planned visit. */
  draftPlan(): Promise<{ id: string; version: number; visitId: string }>;
  openComplaint(): Promise<{ id: string; version: number }>;
  /** A checked-out visit flagged by the anomaly run (checked in far from the elder's home). */
  flaggedVisit(): Promise<{ id: string; version: number }>;
  /** A settlement (with a line: a new visit, flagged then cleared) of the fixture provider for a month of its own. */
  settlement(stage: 'draft' | 'approved'): Promise<{ id: string; version: number }>;
  /** A new draw whose every assignment has a recorded result. */
  inspectionReady(): Promise<string>;
  version(table: 'ec_providers' | 'ec_caregivers' | 'ec_settlements', id: string): Promise<number>;
}
export type Call = (
  s: { request(method: string, url: string, body?: unknown): Promise<{ statusCode: number; body: string }> },
  f: EcFixtures,
) => Promise<{ statusCode: number; body: string }>;
export interface EcRouteSpec {
  allowed: readonly Role[] | 'public';
  scope: EcScope;
  /** list scope: a string the in-region answer contains and the out-of-region one must not. */
  marker?: (f: EcFixtures) => string;
  /** Refused roles that cannot see the record at all: 404 (its existence is not revealed) instead of 403. */
  invisibleTo?: readonly Role[];
  call: Call;
}

const E = '/api/elderly-care';
const CONFIG_READERS: Role[] = ['admin', 'county_staff', 'township_staff', 'village_worker', 'provider_staff', 'caregiver', 'auditor'];
const CASE_READERS: Role[] = ['county_staff', 'township_staff', 'village_worker', 'provider_staff', 'caregiver', 'auditor', 'resident'];
const PROVIDER_READERS: Role[] = ['admin', 'county_staff', 'township_staff', 'village_worker', 'provider_staff', 'auditor'];
const MGMT: Role[] = ['county_staff', 'township_staff', 'provider_staff', 'auditor'];
const C: Role[] = ['county_staff'];

const caregiverBody = (f: EcFixtures) => ({
  providerId: f.providerId,
  name: '矩阵护理员',
  skills: ['meal'],
  shiftStart: '08:00',
  shiftEnd: '17:00',
  home: { lat: 28.07, lng: 119.13 },
});

export const ELDERLY_MATRIX: Record<string, EcRouteSpec> = {
  'GET /api/elderly-care/parameters': { allowed: CONFIG_READERS, scope: 'none', call: (s) => s.request('GET', `${E}/parameters`) },
  'POST /api/elderly-care/parameters': {
    allowed: C,
    scope: 'none',
    call: (s) =>
      s.request('POST', `${E}/parameters`, {
        key: 'anomaly',
        validFrom: '2099-01-01',
        value: { maxCheckinDistanceM: 600, minDurationShare: 0.5 },
        source: '矩阵测试',
      }),
  },
  'GET /api/elderly-care/subsidy-rules': { allowed: CONFIG_READERS, scope: 'none', call: (s) => s.request('GET', `${E}/subsidy-rules`) },
  'POST /api/elderly-care/subsidy-rules': {
    allowed: C,
    scope: 'none',
    call: (s) =>
      s.request('POST', `${E}/subsidy-rules`, {
        ...DEMO_SUBSIDY_RULES[1],
        version: `M-${Math.random().toString(36).slice(2, 8)}`,
        validFrom: '2099-01-01',
        validTo: null,
      }),
  },
  'GET /api/elderly-care/menu-items': { allowed: CONFIG_READERS, scope: 'none', call: (s) => s.request('GET', `${E}/menu-items`) },
  'POST /api/elderly-care/menu-items': {
    allowed: C,
    scope: 'none',
    call: (s) =>
      s.request('POST', `${E}/menu-items`, {
        code: `MX-${Math.floor(Math.random() * 1e6)}`,
        nameZh: '矩阵项目',
        category: '其他',
        standardDurationMin: 30,
        requiredSkill: 'meal',
        priceFen: 100,
        unit: 'visit',
        checklist: [],
        validFrom: '2024-01-01',
        validTo: null,
      }),
  },
  'GET /api/elderly-care/providers': { allowed: PROVIDER_READERS, scope: 'none', call: (s) => s.request('GET', `${E}/providers`) },
  'POST /api/elderly-care/providers': {
    allowed: C,
    scope: 'none',
    call: (s) =>
      s.request('POST', `${E}/providers`, {
        name: '矩阵机构',
        kind: 'meal_point',
        regionCode: '331181203',
        serviceAreaCodes: ['331181203'],
      }),
  },
  'GET /api/elderly-care/providers/:id': {
    allowed: PROVIDER_READERS,
    scope: 'none',
    call: (s, f) => s.request('GET', `${E}/providers/${f.providerId}`),
  },
  'PUT /api/elderly-care/providers/:id': {
    allowed: C,
    scope: 'none',
    // Keeps the bank account: the bank-file rows below pay this provider.
    call: async (s, f) =>
      s.request('PUT', `${E}/providers/${f.providerId}`, {
        name: '矩阵改名',
        kind: 'home_care_center',
        regionCode: '331181203',
        serviceAreaCodes: ['331181203'],
        bankAccount: { accountName: '矩阵改名', accountNumber: '621700000000001', bankName: '测试银行' },
        version: await f.make.version('ec_providers', f.providerId),
      }),
  },
  'GET /api/elderly-care/caregivers': {
    allowed: ['county_staff', 'township_staff', 'provider_staff', 'auditor', 'caregiver'],
    scope: 'list',
    marker: (f) => f.caregiverId,
    call: (s) => s.request('GET', `${E}/caregivers`),
  },
  'POST /api/elderly-care/caregivers': {
    allowed: ['county_staff', 'provider_staff'],
    scope: 'none',
    call: (s, f) => s.request('POST', `${E}/caregivers`, caregiverBody(f)),
  },
  'PUT /api/elderly-care/caregivers/:id': {
    allowed: ['county_staff', 'provider_staff'],
    scope: 'none',
    call: async (s, f) =>
      s.request('PUT', `${E}/caregivers/${f.caregiverId}`, {
        ...caregiverBody(f),
        version: await f.make.version('ec_caregivers', f.caregiverId),
      }),
  },
  'GET /api/elderly-care/orders': {
    allowed: CASE_READERS,
    scope: 'list',
    marker: (f) => f.orderId,
    call: (s) => s.request('GET', `${E}/orders?pageSize=200`),
  },
  'POST /api/elderly-care/orders': {
    allowed: ['village_worker', 'township_staff', 'provider_staff', 'resident'],
    scope: 'record',
    call: (s, f) =>
      s.request('POST', `${E}/orders`, {
        personId: f.personId,
        channel: 'self',
        items: [{ itemCode: 'ZJ-01', frequency: { kind: 'once', date: f.today } }],
      }),
  },
  'GET /api/elderly-care/orders/:id': {
    allowed: CASE_READERS,
    scope: 'record',
    call: (s, f) => s.request('GET', `${E}/orders/${f.orderId}`),
  },
  'POST /api/elderly-care/orders/:id/actions/:action': {
    allowed: ['township_staff'],
    scope: 'record',
    // A just-applied order has no provider and no visits yet.
    invisibleTo: ['provider_staff', 'caregiver'],
    call: async (s, f) => {
      const o = await f.make.appliedOrder();
      return s.request('POST', `${E}/orders/${o.id}/actions/accept`, { version: o.version });
    },
  },
  'POST /api/elderly-care/assessments/preview': {
    allowed: 'public',
    scope: 'none',
    call: (s) => s.request('POST', `${E}/assessments/preview`, { scores: fullScores(), dementia: false, riskEvents30d: 0, coma: false }),
  },
  'POST /api/elderly-care/assessments': {
    allowed: ['township_staff'],
    scope: 'record',
    call: (s, f) =>
      s.request('POST', `${E}/assessments`, {
        personId: f.personId,
        reason: 'periodic',
        assessedOn: f.today,
        assessorIds: ['m'],
        scores: fullScores(),
        dementia: false,
        riskEvents30d: 0,
        coma: false,
      }),
  },
  'GET /api/elderly-care/assessments': {
    allowed: ['county_staff', 'township_staff', 'village_worker', 'auditor'],
    scope: 'record',
    call: (s, f) => s.request('GET', `${E}/assessments?personId=${f.personId}`),
  },
  'POST /api/elderly-care/subsidy/preview': {
    allowed: ['county_staff', 'township_staff', 'auditor'],
    scope: 'record',
    call: (s, f) => s.request('POST', `${E}/subsidy/preview`, { personId: f.personId, assessmentId: f.assessmentId }),
  },
  'GET /api/elderly-care/assessments/:id': {
    allowed: ['county_staff', 'township_staff', 'village_worker', 'auditor'],
    scope: 'record',
    call: (s, f) => s.request('GET', `${E}/assessments/${f.assessmentId}`),
  },
  'GET /api/elderly-care/applications': {
    allowed: ['county_staff', 'township_staff', 'auditor'],
    scope: 'list',
    marker: (f) => f.applicationId,
    call: (s) => s.request('GET', `${E}/applications`),
  },
  'POST /api/elderly-care/applications/:id/verify': {
    allowed: ['township_staff'],
    scope: 'record',
    call: async (s, f) => {
      const a = await f.make.pendingApplication();
      return s.request('POST', `${E}/applications/${a.id}/verify`, { personId: a.personId, version: a.version });
    },
  },
  'POST /api/elderly-care/applications/:id/reject': {
    allowed: ['township_staff'],
    scope: 'record',
    call: async (s, f) => {
      const a = await f.make.pendingApplication();
      return s.request('POST', `${E}/applications/${a.id}/reject`, { note: '矩阵测试', version: a.version });
    },
  },
  'GET /api/elderly-care/visits': {
    allowed: CASE_READERS,
    scope: 'list',
    marker: (f) => f.visitId,
    call: (s) => s.request('GET', `${E}/visits?pageSize=500`),
  },
  'POST /api/elderly-care/visits/generate': {
    allowed: ['county_staff', 'township_staff', 'provider_staff'],
    scope: 'none',
    call: (s, f) => s.request('POST', `${E}/visits/generate`, { from: f.today, to: f.today }),
  },
  'GET /api/elderly-care/visits/:id': {
    allowed: CASE_READERS,
    scope: 'record',
    call: (s, f) => s.request('GET', `${E}/visits/${f.visitId}`),
  },
  'GET /api/elderly-care/visits/:id/photo': {
    allowed: CASE_READERS,
    scope: 'record',
    call: (s, f) => s.request('GET', `${E}/visits/${f.visitId}/photo`),
  },
  'POST /api/elderly-care/visits/:id/check-in': {
    allowed: ['caregiver'],
    scope: 'record',
    call: async (s, f) =>
      s.request('POST', `${E}/visits/${(await f.make.visitAt('dispatched')).id}/check-in`, {
        clientEventId: `m-${Math.random().toString(36).slice(2)}`,
        recordedAt: new Date().toISOString(),
        position: null,
      }),
  },
  'POST /api/elderly-care/visits/:id/check-out': {
    allowed: ['caregiver'],
    scope: 'record',
    call: async (s, f) =>
      s.request('POST', `${E}/visits/${(await f.make.visitAt('checked_in')).id}/check-out`, {
        clientEventId: `m-${Math.random().toString(36).slice(2)}`,
        recordedAt: new Date().toISOString(),
        position: null,
        checklist: [],
      }),
  },
  'POST /api/elderly-care/visits/:id/confirm': {
    allowed: ['caregiver', 'resident', 'village_worker', 'township_staff'],
    scope: 'record',
    call: async (s, f) =>
      s.request('POST', `${E}/visits/${(await f.make.visitAt('checked_out')).id}/confirm`, {
        clientEventId: `m-${Math.random().toString(36).slice(2)}`,
        recordedAt: new Date().toISOString(),
        method: 'phone_call',
        by: 'family',
      }),
  },
  'GET /api/elderly-care/caregiver/my-route': {
    allowed: ['caregiver'],
    scope: 'none',
    call: (s, f) => s.request('GET', `${E}/caregiver/my-route?date=${f.today}`),
  },
  'GET /api/elderly-care/dispatch/plans': {
    allowed: MGMT,
    scope: 'list',
    marker: (f) => f.planId,
    call: (s) => s.request('GET', `${E}/dispatch/plans`),
  },
  'POST /api/elderly-care/dispatch/plans': {
    allowed: ['township_staff', 'provider_staff'],
    scope: 'record',
    call: (s, f) => s.request('POST', `${E}/dispatch/plans`, { date: f.today, providerId: f.providerId, iterations: 50 }),
  },
  'GET /api/elderly-care/dispatch/plans/:id': {
    allowed: MGMT,
    scope: 'record',
    call: (s, f) => s.request('GET', `${E}/dispatch/plans/${f.planId}`),
  },
  'PATCH /api/elderly-care/dispatch/plans/:id': {
    allowed: ['township_staff', 'provider_staff'],
    scope: 'record',
    call: async (s, f) => {
      const p = await f.make.draftPlan();
      return s.request('PATCH', `${E}/dispatch/plans/${p.id}`, {
        visitId: p.visitId,
        toCaregiverId: f.caregiverId,
        reason: '矩阵',
        version: p.version,
      });
    },
  },
  'POST /api/elderly-care/dispatch/plans/:id/publish': {
    allowed: ['township_staff', 'provider_staff'],
    scope: 'record',
    call: async (s, f) => {
      const p = await f.make.draftPlan();
      return s.request('POST', `${E}/dispatch/plans/${p.id}/publish`, { version: p.version });
    },
  },
  'GET /api/elderly-care/followups': {
    allowed: MGMT,
    scope: 'list',
    marker: (f) => f.followupId,
    call: (s) => s.request('GET', `${E}/followups`),
  },
  'GET /api/elderly-care/followups/export': {
    allowed: MGMT,
    scope: 'none',
    call: (s) => s.request('GET', `${E}/followups/export`),
  },
  'POST /api/elderly-care/followups/sample': {
    allowed: ['county_staff', 'township_staff'],
    scope: 'none',
    call: (s, f) => s.request('POST', `${E}/followups/sample`, { from: f.today, to: f.today, seed: 'matrix' }),
  },
  'POST /api/elderly-care/followups/:id/record': {
    allowed: ['county_staff', 'township_staff'],
    scope: 'record',
    call: (s, f) =>
      s.request('POST', `${E}/followups/${f.followupId}/record`, {
        status: 'unreachable',
        method: 'phone',
        serviceConfirmed: null,
        satisfaction: null,
      }),
  },
  'GET /api/elderly-care/complaints': {
    allowed: ['county_staff', 'township_staff', 'village_worker', 'provider_staff', 'auditor'],
    scope: 'list',
    marker: (f) => f.complaintId,
    call: (s) => s.request('GET', `${E}/complaints`),
  },
  'POST /api/elderly-care/complaints': {
    allowed: ['county_staff', 'township_staff', 'village_worker'],
    scope: 'record',
    call: (s, f) =>
      s.request('POST', `${E}/complaints`, {
        personId: f.personId,
        visitId: f.visitId,
        category: 'attitude',
        description: '矩阵测试投诉',
        channel: 'phone',
      }),
  },
  'POST /api/elderly-care/complaints/:id/actions/:action': {
    allowed: ['county_staff', 'township_staff'],
    scope: 'record',
    call: async (s, f) => {
      const c = await f.make.openComplaint();
      return s.request('POST', `${E}/complaints/${c.id}/actions/assign`, { version: c.version });
    },
  },
  'POST /api/elderly-care/anomalies/run': {
    allowed: ['auditor', 'county_staff'],
    scope: 'none',
    call: (s, f) => s.request('POST', `${E}/anomalies/run`, { month: f.month }),
  },
  'GET /api/elderly-care/anomalies': {
    allowed: ['auditor', 'county_staff', 'township_staff', 'provider_staff'],
    scope: 'list',
    marker: (f) => f.visitId,
    call: (s) => s.request('GET', `${E}/anomalies`),
  },
  'POST /api/elderly-care/anomalies/visits/:visitId/decide': {
    allowed: ['auditor', 'county_staff'],
    scope: 'none',
    call: async (s, f) => {
      const v = await f.make.flaggedVisit();
      return s.request('POST', `${E}/anomalies/visits/${v.id}/decide`, { decision: 'clear', note: '矩阵', version: v.version });
    },
  },
  'POST /api/elderly-care/settlements/run': {
    allowed: C,
    scope: 'none',
    call: (s, f) => s.request('POST', `${E}/settlements/run`, { month: f.openMonth, providerId: f.providerId }),
  },
  'GET /api/elderly-care/settlements': {
    allowed: MGMT,
    scope: 'list',
    marker: (f) => f.settlementId,
    call: (s) => s.request('GET', `${E}/settlements`),
  },
  'GET /api/elderly-care/settlements/:id': {
    allowed: MGMT,
    scope: 'record',
    call: (s, f) => s.request('GET', `${E}/settlements/${f.settlementId}`),
  },
  'POST /api/elderly-care/settlements/:id/approve': {
    allowed: C,
    scope: 'none',
    call: async (s, f) => {
      const st = await f.make.settlement('draft');
      return s.request('POST', `${E}/settlements/${st.id}/approve`, { version: st.version });
    },
  },
  'POST /api/elderly-care/settlements/:id/pay': {
    allowed: C,
    scope: 'none',
    call: async (s, f) => {
      const st = await f.make.settlement('approved');
      return s.request('POST', `${E}/settlements/${st.id}/pay`, { version: st.version });
    },
  },
  'POST /api/elderly-care/settlements/:id/adjustments': {
    allowed: C,
    scope: 'none',
    // Each call reprices the fixture line (a reversal could be booked only once) into the draft settlement.
    call: async (s, f) =>
      s.request('POST', `${E}/settlements/${f.draftSettlementId}/adjustments`, {
        lineId: f.settledLineId,
        kind: 'reprice',
        newPriceFen: 100 + Math.floor(Math.random() * 1000),
        reason: '矩阵',
        version: await f.make.version('ec_settlements', f.draftSettlementId),
      }),
  },
  'GET /api/elderly-care/settlements/:id/export.xlsx': {
    allowed: MGMT,
    scope: 'record',
    call: (s, f) => s.request('GET', `${E}/settlements/${f.settlementId}/export.xlsx`),
  },
  'GET /api/elderly-care/settlements/bank-file': {
    allowed: ['county_staff', 'auditor'],
    scope: 'none',
    call: (s, f) => s.request('GET', `${E}/settlements/bank-file?month=${f.month}`),
  },
  'GET /api/elderly-care/settlements/:id/bank-file': {
    allowed: ['county_staff', 'auditor'],
    scope: 'none',
    call: (s, f) => s.request('GET', `${E}/settlements/${f.settlementId}/bank-file`),
  },
  'GET /api/elderly-care/blacklist': { allowed: MGMT, scope: 'none', call: (s) => s.request('GET', `${E}/blacklist`) },
  'POST /api/elderly-care/blacklist': {
    allowed: C,
    scope: 'none',
    call: (s, f) =>
      s.request('POST', `${E}/blacklist`, {
        subjectKind: 'caregiver',
        subjectId: f.caregiverId,
        reason: '矩阵测试',
        decisionRef: '龙民〔2099〕1号',
        source: '矩阵',
        validFrom: '2099-01-01',
        validTo: '2099-12-31',
      }),
  },
  'POST /api/elderly-care/blacklist/:id/lift': {
    allowed: C,
    scope: 'none',
    call: (s, f) => s.request('POST', `${E}/blacklist/${f.blacklistId}/lift`, { reason: '矩阵' }),
  },
  'GET /api/elderly-care/inspections': {
    allowed: ['county_staff', 'township_staff', 'auditor'],
    scope: 'none',
    call: (s) => s.request('GET', `${E}/inspections`),
  },
  'POST /api/elderly-care/inspections/draw': {
    allowed: C,
    scope: 'none',
    call: (s) => s.request('POST', `${E}/inspections/draw`, { providerCount: 1, inspectorsPerProvider: 1 }),
  },
  'GET /api/elderly-care/inspections/:id': {
    allowed: ['county_staff', 'township_staff', 'auditor'],
    scope: 'none',
    call: (s, f) => s.request('GET', `${E}/inspections/${f.inspectionId}`),
  },
  'POST /api/elderly-care/inspections/:id/results': {
    allowed: C,
    scope: 'none',
    call: (s, f) =>
      s.request('POST', `${E}/inspections/${f.inspectionId}/results`, {
        providerId: f.providerId,
        inspectedOn: f.today,
        rating: '合格',
        findings: '矩阵',
      }),
  },
  'POST /api/elderly-care/inspections/:id/publish': {
    allowed: C,
    scope: 'none',
    call: async (s, f) => s.request('POST', `${E}/inspections/${await f.make.inspectionReady()}/publish`),
  },
  'GET /api/elderly-care/overview': {
    allowed: ['county_staff', 'township_staff', 'auditor'],
    scope: 'none',
    call: (s) => s.request('GET', `${E}/overview`),
  },
  'POST /api/public/elderly-care/applications': {
    allowed: 'public',
    scope: 'none',
    call: (s) =>
      s.request('POST', '/api/public/elderly-care/applications', {
        name: '王某某',
        idNumber: makeIdNumber({ birth: '1940-05-06' }),
        phone: '13800000000',
        itemCodes: ['ZC-01'],
        townshipCode: '331181203',
      }),
  },
  'GET /api/public/elderly-care/track/:code': {
    allowed: 'public',
    scope: 'none',
    call: (s, f) => s.request('GET', `/api/public/elderly-care/track/${f.trackingCode}`),
  },
  'GET /api/public/elderly-care/menu': {
    allowed: 'public',
    scope: 'none',
    call: (s) => s.request('GET', '/api/public/elderly-care/menu'),
  },
  'GET /api/public/elderly-care/regions': {
    allowed: 'public',
    scope: 'none',
    call: (s) => s.request('GET', '/api/public/elderly-care/regions'),
  },
  'GET /api/elderly-care/orders/export': {
    allowed: CASE_READERS,
    scope: 'none',
    call: (s) => s.request('GET', `${E}/orders/export`),
  },
  'GET /api/public/elderly-care/inspections': {
    allowed: 'public',
    scope: 'none',
    call: (s) => s.request('GET', '/api/public/elderly-care/inspections'),
  },
};
