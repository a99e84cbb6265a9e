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
  EcWire,
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

type Wire = typeof EcWire;
export type Out<K extends keyof Wire> = Wire[K] extends import('zod').ZodType ? Infer<Wire[K]> : never;

/** Response shapes: inferred from the same zod schemas the server validates and serialises with. */
export type OrderView = Out<'OrderOut'>;
/** A visit as the server sends it; `pending` marks a row from the phone's offline queue (client only). */
export type VisitView = Out<'VisitOut'> & { pending?: boolean };
/** A stop of the caregiver's day (my-route): the visit plus address, phone, location and service standard. */
export type RouteStop = Out<'MyRouteOut'>['stops'][number] & { pending?: boolean };
export type FollowUpView = Out<'FollowupOut'>;
export type ComplaintView = Out<'ComplaintOut'>;
export type AnomalyFlagView = Out<'AnomalyOut'>;
export type DispatchPlan = Out<'PlanOut'>;
export type PlanRoute = DispatchPlan['routes'][number];
export type PlanStop = PlanRoute['stops'][number];
export type TrackStatus = Out<'TrackOut'>;
export type OverviewData = Out<'OverviewOut'>;
export type SettlementView = Out<'SettlementOut'>;
export type SettlementDetail = Out<'SettlementDetailOut'>;
export type ApplicationView = Out<'ApplicationOut'>;
export type CaregiverView = Out<'CaregiverOut'>;
export type ProviderView = Out<'ProviderOut'>;
export type MenuItemView = Out<'MenuItem'>;

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
  plan: (id: string) => api.get<DispatchPlan>(`${EC}/dispatch/plans/${id}`),
};

export { api, request };

// ---------------------------------------------------------------- configuration (参数与补贴规则)

/** One effective-dated version of a loop parameter (GET/POST /elderly-care/parameters). */
export type ParameterVersion = Out<'Parameter'>;
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
