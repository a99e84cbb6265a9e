/**
 * 跟踪回访: which finished visits get a follow-up call or visit.
 *
 * - Sample: a visit is picked when hash32(`${seed}:${visitId}`) / 2^32 < shareBp / 10000. The
 *   decision depends only on (seed, visit id), so a rerun with the stored seed picks the same
 *   visits, and adding visits to the batch never changes earlier picks.
 * - All visits with a complaint are included (reason 'complaint', which wins over 'sample').
 * Finished = checked_out, confirmed, flagged, cleared or settled.
 */
import type { VisitStatus } from './contracts.ts';
import { hash32 } from './util.ts';

export const FINISHED_VISIT_STATUSES: readonly VisitStatus[] = ['checked_out', 'confirmed', 'flagged', 'cleared', 'settled'];
export const DEFAULT_FOLLOWUP_SHARE_BP = 1000; // 10 %

export interface FollowUpCandidate {
  id: string;
  status: VisitStatus;
}
export interface FollowUpPick {
  visitId: string;
  reason: 'sample' | 'complaint';
}

/** Whether a visit falls in the seeded sample. */
export function inSample(seed: string, visitId: string, shareBp: number): boolean {
  return hash32(`${seed}:${visitId}`) < (shareBp / 10_000) * 4294967296;
}

export function selectFollowUps(
  visits: readonly FollowUpCandidate[],
  opts: { seed: string; shareBp?: number; complainedVisitIds?: ReadonlySet<string> },
): FollowUpPick[] {
  const shareBp = opts.shareBp ?? DEFAULT_FOLLOWUP_SHARE_BP;
  if (!Number.isInteger(shareBp) || shareBp < 0 || shareBp > 10_000) throw new RangeError(`shareBp must be 0..10000: ${shareBp}`);
  if (!opts.seed) throw new RangeError('seed is required (store it with the sampling run)');
  const picks: FollowUpPick[] = [];
  const seen = new Set<string>();
  for (const v of visits) {
    if (seen.has(v.id)) continue;
    seen.add(v.id);
    if (opts.complainedVisitIds?.has(v.id)) picks.push({ visitId: v.id, reason: 'complaint' });
    else if (FINISHED_VISIT_STATUSES.includes(v.status) && inSample(opts.seed, v.id, shareBp))
      picks.push({ visitId: v.id, reason: 'sample' });
  }
  return picks;
}
