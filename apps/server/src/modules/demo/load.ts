import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { households, people } from '../../platform/db/schema.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { derivedColumns } from '../people/people.service.ts';
import { generatePopulation } from './population.ts';
import type { DemoVillage } from './villages.ts';

export interface LoadOptions {
  seed: number;
  size: number;
  villages: DemoVillage[];
  today: string;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Bulk-load a generated population: households and people in multi-row inserts, one
 * transaction per batch. Used for demo data and the registry benchmark, not for user imports
 * (those go through validation and the per-row use case).
 */
export async function loadPopulation(ctx: Pick<AppContext, 'db' | 'crypto'>, actor: Actor, opts: LoadOptions): Promise<{ people: number; households: number }> {
  let nPeople = 0;
  let nHouseholds = 0;
  for (const batch of generatePopulation({ seed: opts.seed, size: opts.size, villages: opts.villages, today: opts.today })) {
    await ctx.db.transaction(async (tx) => {
      const hhIds = new Map<string, string>();
      for (let i = 0; i < batch.households.length; i += 1000) {
        const chunk = batch.households.slice(i, i + 1000);
        const ids = await tx.insert(households).values(chunk.map((h) => ({
          householdNumber: h.householdNumber, registeredRegionCode: h.registeredRegionCode, residenceRegionCode: h.residenceRegionCode,
          address: h.address, isDemo: true,
        }))).returning({ id: households.id });
        chunk.forEach((h, j) => hhIds.set(h.key, ids[j].id));
      }
      const heads: { householdId: string; personId: string }[] = [];
      for (let i = 0; i < batch.people.length; i += 800) {
        const chunk = batch.people.slice(i, i + 800);
        const ids = await tx.insert(people).values(chunk.map((p) => ({
          ...derivedColumns(ctx.crypto, p.name, p.idNumber),
          name: p.name, birthDate: p.birthDate, sex: p.sex, phone: p.phone, householdId: hhIds.get(p.householdKey) ?? null,
          relationToHead: p.relationToHead, registeredRegionCode: p.registeredRegionCode, residenceRegionCode: p.residenceRegionCode,
          address: p.address, ethnicity: p.ethnicity, disabilityCategory: p.disabilityCategory, disabilityGrade: p.disabilityGrade,
          health: p.health, labourCapacity: p.labourCapacity, livingArrangement: p.livingArrangement, tags: p.tags,
          latitude: p.latitude, longitude: p.longitude, isDemo: true, createdBy: actor.userId, updatedBy: actor.userId,
        }))).returning({ id: people.id });
        chunk.forEach((p, j) => {
          if (p.relationToHead === 'head') heads.push({ householdId: hhIds.get(p.householdKey)!, personId: ids[j].id });
        });
      }
      await setHeads(tx, heads);
    });
    nPeople += batch.people.length;
    nHouseholds += batch.households.length;
    opts.onProgress?.(nPeople, opts.size);
  }
  return { people: nPeople, households: nHouseholds };
}

async function setHeads(tx: Executor, heads: { householdId: string; personId: string }[]) {
  for (let i = 0; i < heads.length; i += 2000) {
    const chunk = heads.slice(i, i + 2000);
    if (!chunk.length) continue;
    await tx.execute(sql`UPDATE households h SET head_person_id = v.pid::uuid FROM (VALUES ${sql.join(
      chunk.map((c) => sql`(${c.householdId}, ${c.personId})`), sql`, `)}) AS v(hid, pid) WHERE h.id = v.hid::uuid`);
  }
  void eq;
}
