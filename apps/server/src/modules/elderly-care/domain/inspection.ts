/**
 * 双随机、一公开 (seed 四): draw k providers at random and, for each, inspectors at random from a
 * pool, never an inspector who belongs to the inspected organisation.
 *
 * Reproducible: the draw is a pure function of (seed, providers, inspectors, k, m). Inputs are
 * sorted by id first, so the order they come from the database does not matter; the PRNG is
 * mulberry32 seeded with hash32(seed), used for a Fisher-Yates shuffle of the providers and then,
 * per drawn provider in draw order, of its eligible inspectors. Store the seed and ALGORITHM with
 * the draw (and publish them) so anyone can replay it.
 */
import { hash32, mulberry32 } from './util.ts';

export const INSPECTION_ALGORITHM = 'lq-inspection-v1 (mulberry32(hash32(seed)), Fisher-Yates, inputs sorted by id)';

export interface InspectableProvider {
  id: string;
  /** The organisation; defaults to the provider id. Staff of this organisation may not inspect it. */
  organisationId?: string;
}
export interface Inspector {
  id: string;
  /** Organisations the inspector belongs to (employer, and any provider they hold a post in). */
  organisationIds: readonly string[];
}
export interface InspectionDraw {
  seed: string;
  algorithm: string;
  assignments: { providerId: string; inspectorIds: string[] }[];
}

export class InspectionDrawError extends Error {
  constructor(
    readonly code: 'TOO_FEW_PROVIDERS' | 'TOO_FEW_INSPECTORS' | 'BAD_INPUT',
    message: string,
  ) {
    super(message);
    this.name = 'InspectionDrawError';
  }
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function shuffle<T>(items: T[], rnd: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A fresh random seed (the only impure helper here; use it once, then store the seed). */
export function newInspectionSeed(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function drawInspections(
  seed: string,
  providers: readonly InspectableProvider[],
  inspectors: readonly Inspector[],
  providerCount: number,
  inspectorsPerProvider = 2,
): InspectionDraw {
  if (!seed) throw new InspectionDrawError('BAD_INPUT', '须提供随机种子 / a seed is required');
  if (!Number.isInteger(providerCount) || providerCount < 1)
    throw new InspectionDrawError('BAD_INPUT', `抽取机构数须为正整数 / providerCount must be a positive integer: ${providerCount}`);
  if (!Number.isInteger(inspectorsPerProvider) || inspectorsPerProvider < 1)
    throw new InspectionDrawError('BAD_INPUT', `每家检查人数须为正整数 / inspectorsPerProvider must be a positive integer`);
  for (const list of [providers, inspectors]) {
    if (new Set(list.map((x) => x.id)).size !== list.length) throw new InspectionDrawError('BAD_INPUT', 'ID 重复 / duplicate ids in input');
  }
  if (providerCount > providers.length) {
    throw new InspectionDrawError(
      'TOO_FEW_PROVIDERS',
      `只有 ${providers.length} 家机构，无法抽取 ${providerCount} 家 / only ${providers.length} providers, cannot draw ${providerCount}`,
    );
  }
  const rnd = mulberry32(hash32(seed));
  const drawn = shuffle([...providers].sort(byId), rnd).slice(0, providerCount);
  const pool = [...inspectors].sort(byId);
  const assignments = drawn.map((p) => {
    const org = p.organisationId ?? p.id;
    const eligible = pool.filter((i) => !i.organisationIds.includes(org) && !i.organisationIds.includes(p.id));
    if (eligible.length < inspectorsPerProvider) {
      throw new InspectionDrawError(
        'TOO_FEW_INSPECTORS',
        `机构 ${p.id} 只有 ${eligible.length} 名无利害关系的检查人员，需要 ${inspectorsPerProvider} 名 / provider ${p.id}: only ${eligible.length} eligible inspectors (not of its own organisation), ${inspectorsPerProvider} needed`,
      );
    }
    return {
      providerId: p.id,
      inspectorIds: shuffle(eligible, rnd)
        .slice(0, inspectorsPerProvider)
        .map((i) => i.id),
    };
  });
  return { seed, algorithm: INSPECTION_ALGORITHM, assignments };
}
