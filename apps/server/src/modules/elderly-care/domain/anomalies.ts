/**
 * 审核: pure anomaly checks over service visits (before settlement).
 *
 *  CHECKIN_FAR         check-in position farther than maxCheckinDistanceM (default 500 m,
 *                      haversine) from the elder's address coordinates
 *  CHECKIN_NO_POSITION check-in without a position fix
 *  ADDRESS_NOT_LOCATED the elder has no coordinates (distance cannot be checked)
 *  CAREGIVER_OVERLAP   one caregiver in two visits at once: [checkIn, checkOut) intervals overlap
 *                      (touching end = start is fine). Per caregiver, sort by check-in and sweep
 *                      keeping the visit with the latest check-out so far: O(n log n). Every
 *                      visit that overlaps another is flagged; details list the partners found.
 *  DURATION_SHORT      checkOut - checkIn < minDurationShare (default 0.5) x standard duration
 *  NOT_CHECKED_IN_OUT  check-in or check-out missing or unparseable
 *  AFTER_DEATH         serviceDate later than the elder's death date (the death day itself is allowed)
 *  DUPLICATE_CLAIM     a second claim with the same claim key (default: the visit id) in the batch,
 *                      or a key already claimed in an earlier settlement
 * Flags are returned ordered by input position, then by the order of the codes above
 * (ADDRESS/NO_POSITION/FAR, OVERLAP, DURATION/NOT_CHECKED, AFTER_DEATH, DUPLICATE).
 */
import type { AnomalyCode } from './contracts.ts';
import { parseInstantMs } from './util.ts';

export interface AnomalyVisit {
  id: string;
  personId: string;
  caregiverId: string | null;
  serviceDate: string;
  standardDurationMin: number;
  /** ISO instants. */
  checkInAt: string | null;
  checkOutAt: string | null;
  checkInPosition: { lat: number; lng: number } | null;
  /** What makes a claim unique; defaults to the visit id. */
  claimKey?: string;
}

export interface ElderFacts {
  lat: number | null;
  lng: number | null;
  deathDate: string | null;
}

export interface AnomalyParams {
  /** PARAMETER, default 500 m. */
  maxCheckinDistanceM?: number;
  /** PARAMETER, default 0.5 of the menu item's standard duration. */
  minDurationShare?: number;
  /** Claim keys settled before (subsidy paid once and only once). */
  alreadyClaimedKeys?: ReadonlySet<string>;
  /** At most this many overlap partners are listed per flag (default 5). */
  maxPartnersListed?: number;
}

export const DEFAULT_ANOMALY_PARAMS = { maxCheckinDistanceM: 500, minDurationShare: 0.5, maxPartnersListed: 5 } as const;

export interface AnomalyFinding {
  visitId: string;
  code: AnomalyCode;
  message: string;
  details: Record<string, unknown>;
}

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres. */
export function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Beijing time (UTC+8) 'HH:MM' of an epoch-ms instant, by arithmetic (Date objects are slow here). */
function fmtTime(ms: number): string {
  const m = (((Math.floor(ms / 60_000) + 480) % 1440) + 1440) % 1440;
  const h = (m / 60) | 0;
  const mm = m % 60;
  return `${h < 10 ? '0' : ''}${h}:${mm < 10 ? '0' : ''}${mm}`;
}

export function detectAnomalies(
  visits: readonly AnomalyVisit[],
  elders: ReadonlyMap<string, ElderFacts>,
  params: AnomalyParams = {},
): AnomalyFinding[] {
  const maxDist = params.maxCheckinDistanceM ?? DEFAULT_ANOMALY_PARAMS.maxCheckinDistanceM;
  const minShare = params.minDurationShare ?? DEFAULT_ANOMALY_PARAMS.minDurationShare;
  const maxPartners = params.maxPartnersListed ?? DEFAULT_ANOMALY_PARAMS.maxPartnersListed;
  if (!(maxDist > 0)) throw new RangeError(`maxCheckinDistanceM must be > 0: ${maxDist}`);
  if (!(minShare >= 0 && minShare <= 1)) throw new RangeError(`minDurationShare must be in [0, 1]: ${minShare}`);

  const n = visits.length;
  const out: AnomalyFinding[] = [];

  // Pass 1: parse times, group by caregiver.
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const byCaregiver = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const v = visits[i];
    const s = v.checkInAt ? parseInstantMs(v.checkInAt) : Number.NaN;
    const e = v.checkOutAt ? parseInstantMs(v.checkOutAt) : Number.NaN;
    start[i] = s;
    end[i] = e;
    if (v.caregiverId && e > s) {
      const list = byCaregiver.get(v.caregiverId);
      if (list === undefined) byCaregiver.set(v.caregiverId, [i]);
      else list.push(i);
    }
  }

  // Overlaps: per caregiver, sort by check-in and sweep with the latest check-out so far.
  // Each visit links to at most one earlier partner, so pairs are unique; store them as CSR.
  const pairA: number[] = [];
  const pairB: number[] = [];
  for (const list of byCaregiver.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => start[a] - start[b] || end[a] - end[b]);
    let maxIdx = list[0];
    for (let k = 1; k < list.length; k++) {
      const i = list[k];
      if (start[i] < end[maxIdx]) {
        pairA.push(i);
        pairB.push(maxIdx);
      }
      if (end[i] > end[maxIdx]) maxIdx = i;
    }
  }
  const degree = new Int32Array(n + 1);
  for (let k = 0; k < pairA.length; k++) {
    degree[pairA[k] + 1]++;
    degree[pairB[k] + 1]++;
  }
  for (let i = 0; i < n; i++) degree[i + 1] += degree[i];
  const adj = new Int32Array(pairA.length * 2);
  const fill = degree.slice(0, n);
  for (let k = 0; k < pairA.length; k++) {
    adj[fill[pairA[k]]++] = pairB[k];
    adj[fill[pairB[k]]++] = pairA[k];
  }

  // Pass 2: emit flags per visit, in code order.
  const claimFirst = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = visits[i];
    const id = v.id;
    const elder = elders.get(v.personId);

    if (!v.checkInPosition) {
      if (v.checkInAt) out.push({ visitId: id, code: 'CHECKIN_NO_POSITION', message: '签到无定位信息', details: {} });
    } else if (elder === undefined || elder.lat === null || elder.lng === null) {
      out.push({
        visitId: id,
        code: 'ADDRESS_NOT_LOCATED',
        message: '老人住址无坐标，无法核对签到位置',
        details: { personId: v.personId, knownPerson: elder !== undefined },
      });
    } else {
      const d = haversineM(elder.lat, elder.lng, v.checkInPosition.lat, v.checkInPosition.lng);
      if (d > maxDist) {
        const m = Math.round(d);
        out.push({
          visitId: id,
          code: 'CHECKIN_FAR',
          message: `签到位置距老人住址 ${m} 米，超过 ${maxDist} 米`,
          details: { distanceM: m, maxDistanceM: maxDist },
        });
      }
    }

    const deg0 = degree[i];
    const deg1 = degree[i + 1];
    if (deg1 > deg0) {
      const ids = Array.from(adj.subarray(deg0, deg1)).sort((a, b) => a - b);
      const first = ids[0];
      out.push({
        visitId: id,
        code: 'CAREGIVER_OVERLAP',
        message: `护理员同一时段有其他服务：与 ${visits[first].id}（${fmtTime(start[first])}-${fmtTime(end[first])}）重叠`,
        details: { caregiverId: v.caregiverId, overlapsWith: ids.slice(0, maxPartners).map((j) => visits[j].id), overlapCount: ids.length },
      });
    }

    const s = start[i];
    const e = end[i];
    if (Number.isNaN(s) || Number.isNaN(e)) {
      out.push({
        visitId: id,
        code: 'NOT_CHECKED_IN_OUT',
        message: Number.isNaN(s) ? '缺少有效的签到时间' : '缺少有效的签出时间',
        details: { checkInAt: v.checkInAt, checkOutAt: v.checkOutAt },
      });
    } else {
      const durMin = (e - s) / 60_000;
      const minMin = minShare * v.standardDurationMin;
      if (durMin < minMin) {
        out.push({
          visitId: id,
          code: 'DURATION_SHORT',
          message: `服务时长 ${Math.round(durMin)} 分钟，低于标准 ${v.standardDurationMin} 分钟的 ${Math.round(minShare * 100)}%`,
          details: { durationMin: Math.round(durMin * 10) / 10, standardDurationMin: v.standardDurationMin, minDurationMin: minMin },
        });
      }
    }

    if (elder?.deathDate && v.serviceDate > elder.deathDate) {
      out.push({
        visitId: id,
        code: 'AFTER_DEATH',
        message: `服务日期 ${v.serviceDate} 晚于死亡日期 ${elder.deathDate}`,
        details: { serviceDate: v.serviceDate, deathDate: elder.deathDate },
      });
    }

    const key = v.claimKey ?? id;
    const firstClaim = claimFirst.get(key);
    if (firstClaim !== undefined) {
      out.push({
        visitId: id,
        code: 'DUPLICATE_CLAIM',
        message: `重复申报：与服务记录 ${visits[firstClaim].id} 的申报重复`,
        details: { claimKey: key, firstVisitId: visits[firstClaim].id },
      });
    } else {
      claimFirst.set(key, i);
      if (params.alreadyClaimedKeys?.has(key)) {
        out.push({
          visitId: id,
          code: 'DUPLICATE_CLAIM',
          message: '重复申报：该服务已在以往结算中申报',
          details: { claimKey: key, previouslyClaimed: true },
        });
      }
    }
  }
  return out;
}
