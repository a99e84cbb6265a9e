import type { Caregiver, HomeCareProblem, Visit } from './homecare-types.ts';
import { Rng } from './rng.ts';

export interface GenerateOptions {
  seed?: number;
  visits?: number;
  caregivers?: number;
  /** centre of the service area */
  center?: { lat: number; lng: number };
  /** radius of the service area in km */
  radiusKm?: number;
}

/**
 * Deterministic synthetic home-care day: caregivers with homes or a care
 * centre as base, morning / day / late shifts, lunch breaks, skills and
 * working-time limits; visits with 1-3 h windows or open windows,
 * skill needs, preferred caregivers, priorities and a few blacklists.
 */
export function generateHomeCareProblem(opts: GenerateOptions = {}): HomeCareProblem {
  const rng = new Rng(opts.seed ?? 1);
  const nV = opts.visits ?? 300;
  const nC = opts.caregivers ?? 40;
  const center = opts.center ?? { lat: 28.08, lng: 119.12 };
  const radius = opts.radiusKm ?? 8;
  const kmLat = 1 / 110.574;
  const kmLng = 1 / (111.32 * Math.cos((center.lat * Math.PI) / 180));
  const point = (r = radius) => {
    const a = rng.next() * 2 * Math.PI;
    const d = r * Math.sqrt(rng.next());
    return { lat: round6(center.lat + d * Math.sin(a) * kmLat), lng: round6(center.lng + d * Math.cos(a) * kmLng) };
  };
  const centres = [0, 1, 2].map(() => point(radius * 0.5));
  const shifts = [
    { start: 7 * 60, end: 15 * 60 },
    { start: 8 * 60, end: 17 * 60 },
    { start: 11 * 60, end: 20 * 60 },
  ];
  const caregivers: Caregiver[] = [];
  for (let i = 0; i < nC; i++) {
    const home = point();
    const fromCentre = rng.next() < 0.4;
    const base = fromCentre ? centres[rng.int(centres.length)] : home;
    const shift = shifts[rng.int(shifts.length)];
    const skills: string[] = ['personal-care'];
    if (rng.next() < 0.35) skills.push('nursing');
    if (rng.next() < 0.25) skills.push('rehab');
    if (rng.next() < 0.3) skills.push('dementia');
    const cg: Caregiver = {
      id: `cg-${String(i + 1).padStart(3, '0')}`,
      start: base,
      end: base,
      shift,
      skills,
      maxWorkMinutes: shift.end - shift.start - 30 - 15 * rng.int(3),
    };
    if (shift.end - shift.start >= 8 * 60) {
      const bs = Math.max(shift.start + 180, 11 * 60 + 30);
      cg.break = { start: bs, end: bs + 120, duration: 30 };
    }
    caregivers.push(cg);
  }
  const visits: Visit[] = [];
  for (let i = 0; i < nV; i++) {
    const r = rng.next();
    const requiredSkills = r < 0.6 ? ['personal-care'] : r < 0.8 ? ['nursing'] : r < 0.9 ? ['rehab'] : ['personal-care', 'dementia'];
    const duration = [30, 30, 45, 45, 60, 90][rng.int(6)];
    let timeWindow: { start: number; end: number };
    if (rng.next() < 0.25) timeWindow = { start: 8 * 60, end: 18 * 60 };
    else {
      const start = 8 * 60 + 15 * rng.int(36); // 08:00 .. 16:45
      const width = [60, 90, 120, 180][rng.int(4)];
      timeWindow = { start, end: Math.min(start + width, 19 * 60) };
    }
    const v: Visit = {
      id: `v-${String(i + 1).padStart(4, '0')}`,
      location: point(),
      timeWindow,
      duration,
      requiredSkills,
      priority: rng.next() < 0.2 ? 3 : rng.next() < 0.4 ? 2 : 1,
    };
    const skilled = caregivers.filter((c) => requiredSkills.every((s) => c.skills?.includes(s)));
    if (skilled.length > 0 && rng.next() < 0.4) v.preferredCaregiver = skilled[rng.int(skilled.length)].id;
    if (rng.next() < 0.05) v.forbiddenCaregivers = [caregivers[rng.int(nC)].id];
    visits.push(v);
  }
  return { caregivers, visits };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
