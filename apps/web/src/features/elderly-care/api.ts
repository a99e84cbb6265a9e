/**
 * Elderly-care (智慧养老) API: every path and response shape the pages use, in one place.
 * Types come from the shared contracts; where the server adds fields (allowed actions, names),
 * they are optional here so the pages work before and after the server grows them.
 */
import type {
  AbilityLevel,
  AnomalyFlag,
  Assessment,
  AssessmentResultSchema,
  BlacklistEntry,
  Caregiver,
  Complaint,
  Entitlement,
  FollowUp,
  Inspection,
  MenuItemVersion,
  Order,
  OrderAction,
  Provider,
  Settlement,
  SubsidyDecision,
  Visit,
  VisitAction,
} from '@lq/contracts';
import type { infer as Infer } from 'zod';
import { api, type QueryParams, request } from '../../shared/api';
import type { Page } from '../../shared/types';

export const EC = '/elderly-care';
export const PUBLIC_EC = '/public/elderly-care';

export type AssessmentResult = Infer<typeof AssessmentResultSchema>;
export type {
  AbilityLevel,
  AnomalyFlag,
  Assessment,
  BlacklistEntry,
  Caregiver,
  Complaint,
  Entitlement,
  FollowUp,
  Inspection,
  MenuItemVersion,
  Order,
  OrderAction,
  Provider,
  Settlement,
  SubsidyDecision,
  Visit,
  VisitAction,
};

/** Server lists come as a page `{items,total}` or a bare array: accept both. */
export function itemsOf<T>(r: Page<T> | T[] | { items?: T[] } | null | undefined): T[] {
  if (!r) return [];
  if (Array.isArray(r)) return r;
  return r.items ?? [];
}
export function totalOf<T>(r: Page<T> | T[] | null | undefined): number {
  if (!r) return 0;
  if (Array.isArray(r)) return r.length;
  return r.total ?? r.items.length;
}

export async function getList<T>(path: string, query?: QueryParams, signal?: AbortSignal): Promise<Page<T>> {
  const r = await api.get<Page<T> | T[]>(path, query, signal);
  return Array.isArray(r) ? { items: r, total: r.length } : { items: r.items ?? [], total: r.total ?? r.items?.length ?? 0 };
}

/** An order as the console shows it; the server may add the actions the user may take now. */
export type OrderView = Omit<Order, 'subsidyDecisionId'> & {
  subsidyDecisionId: string | null;
  /** the actions the user may take now (server) */
  availableActions?: OrderAction[];
  allowedActions?: OrderAction[];
  statusLabel?: string;
  trackUrl?: string;
  personIdMasked?: string;
  providerName?: string | null;
  assessment?: { id: string; total: number; level: number; levelName: string; assessedOn: string } | null;
  subsidyDecision?:
    | (Omit<SubsidyDecision, 'orderId' | 'personId' | 'assessmentId' | 'decidedBy' | 'createdAt'> & Partial<SubsidyDecision>)
    | null;
  age?: number;
  regionName?: string | null;
};

/** A visit with the names the lists need (optional: filled in by the server when it can). */
export type VisitView = Visit & {
  requiredSkill?: string;
  standardDurationMin?: number;
  personName?: string;
  itemName?: string;
  caregiverName?: string | null;
  address?: string | null;
  location?: { lat: number; lng: number } | null;
  windowStart?: string;
  windowEnd?: string;
  checklistItems?: { key: string; label: string; required?: boolean }[];
  /** offline queue marker (client only) */
  pending?: boolean;
  anomalies?: AnomalyFlag[];
  allowedActions?: VisitAction[];
};

/** A follow-up row: whom to call about which service. The phone is always masked (reveal via /people/:id/reveal). */
export type FollowUpView = FollowUp & {
  providerId?: string;
  regionCode?: string;
  personId?: string | null;
  personName?: string | null;
  phone?: string | null;
  serviceDate?: string | null;
  itemName?: string | null;
  providerName?: string | null;
  caregiverName?: string | null;
};
/** A complaint ticket with the names the list shows. */
export type ComplaintView = Complaint & {
  personName?: string | null;
  providerName?: string | null;
  caregiverName?: string | null;
  outcome?: string | null;
  version?: number;
};
/** An anomaly finding with the visit it is about (names, check-in/out figures). */
export type AnomalyFlagView = AnomalyFlag & {
  label?: string;
  month?: string;
  reviewedAt?: string | null;
  visit?: {
    serviceDate: string;
    status: string;
    providerId: string;
    caregiverId: string | null;
    personId?: string | null;
    personName: string;
    itemCode: string;
    itemName?: string | null;
    providerName?: string | null;
    caregiverName?: string | null;
    regionCode: string;
    checkInAt?: string | null;
    checkOutAt?: string | null;
    standardDurationMin?: number | null;
    /** check-out minus check-in, minutes */
    durationMin?: number | null;
    /** metres from the elder's address at check-in */
    checkInDistanceM?: number | null;
    checkInAccuracyM?: number | null;
  };
};

/** A stop of a planned route (minutes from midnight or HH:MM, whichever the server sends). */
export interface PlanStop {
  visitId: string;
  arrival?: number | string;
  start: number | string;
  end: number | string;
  lateness?: number;
  personName?: string;
  itemName?: string;
  itemCode?: string;
  lat?: number;
  lng?: number;
  location?: { lat: number; lng: number } | null;
  windowStart?: string;
  windowEnd?: string;
  manual?: boolean;
}
export interface PlanRoute {
  caregiverId: string;
  caregiverName?: string;
  home?: { lat: number; lng: number };
  departure?: number | null;
  arrival?: number | null;
  stops: PlanStop[];
  travelMinutes?: number;
  workMinutes?: number;
  /** after a manual change: what the re-timed route breaks (late start, shift, break, work maximum) */
  warnings?: {
    visitId: string | null;
    kind: 'late' | 'shift_overrun' | 'break' | 'max_work' | 'no_location';
    minutes: number;
    message: string;
  }[];
}
export interface DispatchPlan {
  id: string;
  serviceDate?: string;
  date?: string;
  providerId?: string | null;
  townshipCode?: string | null;
  status: 'draft' | 'published' | string;
  routes: PlanRoute[];
  unserved: {
    visitId: string;
    reason: string;
    personName?: string;
    itemName?: string;
    message?: string;
    location?: { lat: number; lng: number } | null;
  }[];
  excluded?: { id: string; kind?: string; reason: string; name?: string }[];
  stats?: Record<string, unknown>;
  moves?: { visitId: string; from?: string | null; to: string | null; reason?: string; by?: string; at?: string }[];
  publishedAt?: string | null;
  version?: number;
  plan?: { routes?: PlanRoute[]; unserved?: DispatchPlan['unserved'] };
}
/** The plan body may be nested under `plan`: flatten it. */
export function normalisePlan(p: DispatchPlan): DispatchPlan {
  return { ...p, routes: p.routes ?? p.plan?.routes ?? [], unserved: p.unserved ?? p.plan?.unserved ?? [] };
}

export interface TrackStatus {
  trackingCode: string;
  maskedName: string;
  status: string;
  statusLabel?: string;
  steps?: { label: string; at?: string | null; done?: boolean }[];
  history?: { action?: string; to?: string; at: string; label?: string }[];
  nextStep?: string | null;
  updatedAt?: string;
}

export interface OverviewData {
  regionCode: string;
  year: number;
  ordersByTownship: { townshipCode: string; townshipName: string | null; status: string; count: number }[];
  onTime: { served: number; onTime: number; rate: number | null; graceMin: number };
  satisfaction: { responses: number; average: number | null };
  subsidy: { spentFen: number; budgetFen: number | null; share: number | null };
  eldersByLevel: { level: number; count: number }[];
  centreCoverage: { townshipsWithCentre: number; townships: number; target: number; targetYear: number; met: boolean };
}

export const ecApi = {
  // menu
  menu: (on?: string) => getList<MenuItemVersion>(`${EC}/menu-items`, { on }),
  menuVersions: (code: string) =>
    getList<MenuItemVersion>(`${EC}/menu-items`, { all: true }).then((r) => {
      const items = r.items.filter((m) => m.code === code).sort((a, b) => b.version - a.version);
      return { items, total: items.length };
    }),
  // providers and caregivers
  providers: (q?: QueryParams) => getList<Provider>(`${EC}/providers`, { pageSize: 200, ...q }),
  caregivers: (q?: QueryParams) => getList<Caregiver>(`${EC}/caregivers`, { pageSize: 200, ...q }),
  // orders
  order: (id: string) => api.get<OrderView>(`${EC}/orders/${id}`),
  orderAction: (
    id: string,
    { action, ...body }: { action: OrderAction; version: number; note?: string; providerId?: string; assessmentId?: string },
  ) => api.post<OrderView>(`${EC}/orders/${id}/actions/${action}`, body),
  assessments: (personId: string) => getList<Assessment>(`${EC}/assessments`, { personId }),
  entitlementPreview: (body: { personId: string; assessmentId: string; on?: string }) =>
    api.post<Entitlement>(`${EC}/subsidy/preview`, body),
  // visits
  visits: (q: QueryParams) => getList<VisitView>(`${EC}/visits`, q),
  // dispatch
  plans: (q: { date: string; providerId?: string }) =>
    getList<DispatchPlan & { createdAt?: string }>(`${EC}/dispatch/plans`, { date: q.date }).then((r) => {
      const items = r.items.filter((p) => !q.providerId || p.providerId === q.providerId);
      return { items, total: items.length };
    }),
  plan: (id: string) => api.get<DispatchPlan>(`${EC}/dispatch/plans/${id}`).then(normalisePlan),
};

export { api, request };

// ---------------------------------------------------------------- configuration (参数与补贴规则)

/** One effective-dated version of a loop parameter (GET/POST /elderly-care/parameters). */
export interface ParameterVersion {
  id: string;
  key: string;
  validFrom: string;
  /** null = open-ended (the newest version). */
  validTo: string | null;
  value: Record<string, unknown>;
  /** 依据: the decision reference the bureau gave. */
  source: string;
  createdAt: string;
}
/** One subsidy rule version as the API sends and takes it (money in fen, shares in basis points). */
export type SubsidyRuleVersion = import('@lq/contracts').SubsidyRule;

export const ecConfig = {
  parameters: () => api.get<ParameterVersion[]>(`${EC}/parameters`),
  addParameter: (body: { key: string; validFrom: string; value: Record<string, unknown>; source: string }) =>
    api.post<ParameterVersion>(`${EC}/parameters`, body),
  subsidyRules: () => api.get<SubsidyRuleVersion[]>(`${EC}/subsidy-rules`),
  addSubsidyRule: (rule: SubsidyRuleVersion) => api.post<SubsidyRuleVersion>(`${EC}/subsidy-rules`, rule),
};

/** 'YYYY-MM-DD' moved by whole days (calendar arithmetic in UTC, so no time-zone drift). */
export function shiftIsoDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The version in force on `date` (validFrom and validTo inclusive, validTo null = open). */
export function versionOn<T extends { validFrom: string; validTo: string | null }>(rows: readonly T[], date: string): T | undefined {
  return rows.find((r) => r.validFrom <= date && (r.validTo === null || r.validTo >= date));
}
