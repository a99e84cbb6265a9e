/**
 * 智能派单: build a neutral home-care routing problem (plain JSON, minutes from midnight) from a
 * day's visits and caregivers, for the solver package @lq/vrptw. Its API is not final; the output
 * shape mirrors its draft home-care model (caregivers with start/shift/break/skills/maxWorkMinutes,
 * visits with location/timeWindow/duration/requiredSkills/preferredCaregiver/priority) so the
 * adapter stays a few lines.
 *
 * Semantics: a visit's [windowStart, windowEnd] is the window in which the service must START.
 * Excluded, each with a reason: blacklisted caregivers, caregivers of blacklisted providers,
 * caregivers not active, caregivers with an invalid shift or break; visits of blacklisted
 * providers, visits with an invalid window/duration/location, duplicate ids, and visits no
 * remaining caregiver is qualified for. A preferred caregiver that was excluded is dropped from
 * the visit with a note (continuity cannot be honoured).
 */
import { hhmmToMin } from './util.ts';

export interface DispatchVisitInput {
  id: string;
  providerId: string;
  lat: number;
  lng: number;
  windowStart: string;
  windowEnd: string;
  durationMin: number;
  requiredSkills: readonly string[];
  preferredCaregiverId?: string | null;
  /** >= 1; higher = more important to serve. */
  priority: number;
}
export interface DispatchCaregiverInput {
  id: string;
  providerId?: string;
  skills: readonly string[];
  shiftStart: string;
  shiftEnd: string;
  break?: { start: string; end: string; durationMin: number } | null;
  home: { lat: number; lng: number };
  maxWorkMin: number;
  status?: 'active' | 'on_leave' | 'inactive';
}
export interface DispatchContext {
  date: string;
  blacklistedProviderIds?: Iterable<string>;
  blacklistedCaregiverIds?: Iterable<string>;
}

export type ExclusionReason =
  | 'CAREGIVER_BLACKLISTED'
  | 'PROVIDER_BLACKLISTED'
  | 'CAREGIVER_NOT_ACTIVE'
  | 'BAD_SHIFT'
  | 'BAD_BREAK'
  | 'BAD_WINDOW'
  | 'BAD_DURATION'
  | 'BAD_LOCATION'
  | 'DUPLICATE_ID'
  | 'NO_QUALIFIED_CAREGIVER';
export const EXCLUSION_LABELS: Record<ExclusionReason, string> = {
  CAREGIVER_BLACKLISTED: '护理员在黑名单中',
  PROVIDER_BLACKLISTED: '服务机构在黑名单中',
  CAREGIVER_NOT_ACTIVE: '护理员不在岗',
  BAD_SHIFT: '班次时间无效',
  BAD_BREAK: '休息时段无效',
  BAD_WINDOW: '服务时间窗无效',
  BAD_DURATION: '服务时长无效',
  BAD_LOCATION: '缺少有效坐标',
  DUPLICATE_ID: 'ID 重复',
  NO_QUALIFIED_CAREGIVER: '没有具备所需技能的可用护理员',
};

export interface ProblemLocation {
  lat: number;
  lng: number;
}
export interface ProblemCaregiver {
  id: string;
  start: ProblemLocation;
  shift: { start: number; end: number };
  break?: { start: number; end: number; duration: number };
  skills: string[];
  maxWorkMinutes: number;
}
export interface ProblemVisit {
  id: string;
  location: ProblemLocation;
  timeWindow: { start: number; end: number };
  duration: number;
  requiredSkills: string[];
  preferredCaregiver?: string;
  priority: number;
}
export interface DispatchProblem {
  date: string;
  caregivers: ProblemCaregiver[];
  visits: ProblemVisit[];
  excluded: { kind: 'visit' | 'caregiver'; id: string; reason: ExclusionReason; message: string }[];
  notes: { visitId: string; code: 'PREFERENCE_DROPPED'; message: string }[];
}

const validLoc = (p: { lat: number; lng: number } | null | undefined): p is ProblemLocation =>
  !!p &&
  Number.isFinite(p.lat) &&
  Number.isFinite(p.lng) &&
  Math.abs(p.lat) <= 90 &&
  Math.abs(p.lng) <= 180 &&
  !(p.lat === 0 && p.lng === 0);

function mins(s: string): number | null {
  try {
    return hhmmToMin(s);
  } catch {
    return null;
  }
}

export function buildDispatchProblem(
  visits: readonly DispatchVisitInput[],
  caregivers: readonly DispatchCaregiverInput[],
  ctx: DispatchContext,
): DispatchProblem {
  const badProviders = new Set(ctx.blacklistedProviderIds ?? []);
  const badCaregivers = new Set(ctx.blacklistedCaregiverIds ?? []);
  const excluded: DispatchProblem['excluded'] = [];
  const notes: DispatchProblem['notes'] = [];
  const exclude = (kind: 'visit' | 'caregiver', id: string, reason: ExclusionReason) =>
    excluded.push({ kind, id, reason, message: EXCLUSION_LABELS[reason] });

  const outCaregivers: ProblemCaregiver[] = [];
  const seenC = new Set<string>();
  for (const c of caregivers) {
    const s = mins(c.shiftStart);
    const e = mins(c.shiftEnd);
    if (seenC.has(c.id)) exclude('caregiver', c.id, 'DUPLICATE_ID');
    else if (badCaregivers.has(c.id)) exclude('caregiver', c.id, 'CAREGIVER_BLACKLISTED');
    else if (c.providerId !== undefined && badProviders.has(c.providerId)) exclude('caregiver', c.id, 'PROVIDER_BLACKLISTED');
    else if (c.status !== undefined && c.status !== 'active') exclude('caregiver', c.id, 'CAREGIVER_NOT_ACTIVE');
    else if (s === null || e === null || e <= s || !(c.maxWorkMin > 0)) exclude('caregiver', c.id, 'BAD_SHIFT');
    else if (!validLoc(c.home)) exclude('caregiver', c.id, 'BAD_LOCATION');
    else {
      let brk: ProblemCaregiver['break'];
      if (c.break) {
        const bs = mins(c.break.start);
        const be = mins(c.break.end);
        if (bs === null || be === null || bs < s || be > e || !(c.break.durationMin >= 0) || c.break.durationMin > be - bs) {
          exclude('caregiver', c.id, 'BAD_BREAK');
          seenC.add(c.id);
          continue;
        }
        brk = { start: bs, end: be, duration: c.break.durationMin };
      }
      outCaregivers.push({
        id: c.id,
        start: { lat: c.home.lat, lng: c.home.lng },
        shift: { start: s, end: e },
        ...(brk ? { break: brk } : {}),
        skills: [...c.skills],
        maxWorkMinutes: c.maxWorkMin,
      });
    }
    seenC.add(c.id);
  }
  const available = new Set(outCaregivers.map((c) => c.id));

  const outVisits: ProblemVisit[] = [];
  const seenV = new Set<string>();
  for (const v of visits) {
    const ws = mins(v.windowStart);
    const we = mins(v.windowEnd);
    let reason: ExclusionReason | null = null;
    if (seenV.has(v.id)) reason = 'DUPLICATE_ID';
    else if (badProviders.has(v.providerId)) reason = 'PROVIDER_BLACKLISTED';
    else if (ws === null || we === null || we < ws) reason = 'BAD_WINDOW';
    else if (!Number.isInteger(v.durationMin) || v.durationMin <= 0) reason = 'BAD_DURATION';
    else if (!validLoc(v)) reason = 'BAD_LOCATION';
    else if (!outCaregivers.some((c) => v.requiredSkills.every((k) => c.skills.includes(k)))) reason = 'NO_QUALIFIED_CAREGIVER';
    seenV.add(v.id);
    if (reason) {
      exclude('visit', v.id, reason);
      continue;
    }
    const pv: ProblemVisit = {
      id: v.id,
      location: { lat: v.lat, lng: v.lng },
      timeWindow: { start: ws as number, end: we as number },
      duration: v.durationMin,
      requiredSkills: [...v.requiredSkills],
      priority: Math.max(1, Math.round(v.priority)),
    };
    if (v.preferredCaregiverId) {
      if (available.has(v.preferredCaregiverId)) pv.preferredCaregiver = v.preferredCaregiverId;
      else
        notes.push({ visitId: v.id, code: 'PREFERENCE_DROPPED', message: `指定护理员 ${v.preferredCaregiverId} 不可派单，改由系统分配` });
    }
    outVisits.push(pv);
  }
  return { date: ctx.date, caregivers: outCaregivers, visits: outVisits, excluded, notes };
}
