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
export type OrderView = Order & {
  allowedActions?: OrderAction[];
  personIdMasked?: string;
  providerName?: string | null;
  assessment?: Assessment | null;
  subsidyDecision?: SubsidyDecision | null;
  age?: number;
  regionName?: string | null;
};

/** A visit with the names the lists need (optional: filled in by the server when it can). */
export type VisitView = Visit & {
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
}
export interface DispatchPlan {
  id: string;
  serviceDate?: string;
  date?: string;
  providerId?: string | null;
  townshipCode?: string | null;
  status: 'draft' | 'published' | string;
  routes: PlanRoute[];
  unserved: { visitId: string; reason: string; personName?: string; itemName?: string; note?: string }[];
  excluded?: { id: string; kind?: string; reason: string; name?: string }[];
  stats?: Record<string, unknown>;
  moves?: { visitId: string; from?: string | null; to: string; reason?: string; by?: string; at?: string }[];
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
  ordersByStatus?: { status: string; count: number }[];
  ordersByTownship?: { regionCode: string; name?: string; count: number }[];
  onTimeRate?: { value: number | null; target?: number; definition?: string };
  satisfaction?: { value: number | null; target?: number; definition?: string };
  subsidy?: { spentFen: number; budgetFen: number; definition?: string };
  eldersByLevel?: { level: number; count: number }[];
  centreCoverage?: { covered: number; total: number; target?: number; deadline?: string; definition?: string };
  [k: string]: unknown;
}

export const ecApi = {
  // menu
  menu: (on?: string) => getList<MenuItemVersion>(`${EC}/menu`, { on }),
  menuVersions: (code: string) => getList<MenuItemVersion>(`${EC}/menu/${encodeURIComponent(code)}/versions`),
  // providers and caregivers
  providers: (q?: QueryParams) => getList<Provider>(`${EC}/providers`, { pageSize: 200, ...q }),
  caregivers: (q?: QueryParams) => getList<Caregiver>(`${EC}/caregivers`, { pageSize: 200, ...q }),
  // orders
  order: (id: string) => api.get<OrderView>(`${EC}/orders/${id}`),
  orderAction: (id: string, body: { action: OrderAction; version: number; note?: string; providerId?: string; assessmentId?: string }) =>
    api.post<OrderView>(`${EC}/orders/${id}/actions`, body),
  assessments: (personId: string) => getList<Assessment>(`${EC}/assessments`, { personId }),
  entitlementPreview: (body: { personId: string; assessmentId: string; on?: string }) =>
    api.post<Entitlement>(`${EC}/subsidy/preview`, body),
  // visits
  visits: (q: QueryParams) => getList<VisitView>(`${EC}/visits`, q),
  // dispatch
  plans: (q: QueryParams) => getList<DispatchPlan>(`${EC}/dispatch/plans`, q),
  plan: (id: string) => api.get<DispatchPlan>(`${EC}/dispatch/plans/${id}`).then(normalisePlan),
};

export { api, request };
