/** Endpoints of the resident pages (no login; the server exempts /api/public/* from CSRF). */
import { api } from '../../shared/api';

export const PUB = '/public/elderly-care';

export interface PublicMenuItem {
  code: string;
  nameZh: string;
  category?: string;
  priceFen?: number;
  description?: string;
}
export interface PublicRegion {
  code: string;
  name: string;
  children?: PublicRegion[];
}
export interface PublicApplyBody {
  name: string;
  idNumber: string;
  phone: string;
  itemCodes: string[];
  note?: string;
  /** 9-digit township code (optional: staff place the application when it is missing) */
  townshipCode?: string;
}
export interface PublicApplyResult {
  trackingCode: string;
  trackUrl?: string;
  status?: string;
  statusLabel?: string;
}
export interface TrackStatus {
  trackingCode: string;
  maskedName: string;
  status: string;
  statusLabel?: string;
  steps?: { key?: string; label: string; at?: string | null; done?: boolean; current?: boolean }[];
  history?: { to?: string; label?: string; at: string }[];
  nextStep?: string | null;
  updatedAt?: string;
  updatedOn?: string;
}
export interface PublicInspectionRow {
  providerName: string;
  providerKind?: string;
  regionName?: string;
  inspectedOn: string;
  rating: string;
  findings: string;
  publishedOn: string;
  seed?: string;
  drawnAt?: string;
}

function arr<T>(r: T[] | { items: T[] }): T[] {
  return Array.isArray(r) ? r : (r.items ?? []);
}
export const pubApi = {
  menu: () => api.get<PublicMenuItem[] | { items: PublicMenuItem[] }>(`${PUB}/menu`).then(arr),
  regions: () => api.get<PublicRegion[] | { items: PublicRegion[] }>(`${PUB}/regions`).then(arr),
  apply: (b: PublicApplyBody) => api.post<PublicApplyResult>(`${PUB}/applications`, b),
  track: (code: string) => api.get<TrackStatus>(`${PUB}/track/${encodeURIComponent(code)}`),
  inspections: () =>
    api
      .get<
        {
          id: string;
          publishedOn: string;
          seed: string;
          algorithm: string;
          results: { providerName: string; inspectedOn: string | null; rating: string | null; findings: string | null }[];
        }[]
      >(`${PUB}/inspections`)
      .then((draws): PublicInspectionRow[] =>
        draws.flatMap((d) =>
          d.results.map((r) => ({
            providerName: r.providerName,
            inspectedOn: r.inspectedOn ?? '',
            rating: r.rating ?? '',
            findings: r.findings ?? '',
            publishedOn: d.publishedOn,
            seed: d.seed,
          })),
        ),
      ),
};
