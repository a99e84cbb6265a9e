import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { households } from '../../platform/db/schema.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { must } from '../../platform/must.ts';
import { derivedColumns } from '../people/people.service.ts';
import { demoCountyOf, generatePopulation } from './population.ts';
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
export async function loadPopulation(
  ctx: Pick<AppContext, 'db' | 'crypto' | 'config'>,
  actor: Actor,
  opts: LoadOptions,
): Promise<{ people: number; households: number }> {
  let nPeople = 0;
  let nHouseholds = 0;
  for (const batch of generatePopulation({
    seed: opts.seed,
    size: opts.size,
    villages: opts.villages,
    today: opts.today,
    county: demoCountyOf(ctx.config.deployment),
  })) {
    await ctx.db.transaction(async (tx) => {
      const hhIds = new Map<string, string>();
      for (let i = 0; i < batch.households.length; i += 1000) {
        const chunk = batch.households.slice(i, i + 1000);
        const ids = await tx
          .insert(households)
          .values(
            chunk.map((h) => ({
              householdNumber: h.householdNumber,
              registeredRegionCode: h.registeredRegionCode,
              residenceRegionCode: h.residenceRegionCode,
              address: h.address,
              isDemo: true,
            })),
          )
          .returning({ id: households.id });
        chunk.forEach((h, j) => {
          hhIds.set(h.key, ids[j].id);
        });
      }
      const heads: { householdId: string; personId: string }[] = [];
      for (let i = 0; i < batch.people.length; i += 5000) {
        const chunk = batch.people.slice(i, i + 5000);
        const cols = {
          name: [] as string[],
          nameNorm: [] as string[],
          namePinyin: [] as string[],
          nameInitials: [] as string[],
          grams: [] as string[],
          idEnc: [] as string[],
          idHash: [] as string[],
          idTail: [] as string[],
          birth: [] as string[],
          sex: [] as string[],
          phone: [] as (string | null)[],
          hh: [] as (string | null)[],
          rel: [] as (string | null)[],
          reg: [] as (string | null)[],
          res: [] as string[],
          addr: [] as (string | null)[],
          eth: [] as (string | null)[],
          dcat: [] as (string | null)[],
          dgrade: [] as (number | null)[],
          health: [] as (string | null)[],
          labour: [] as (string | null)[],
          living: [] as (string | null)[],
          tags: [] as string[],
          lat: [] as (number | null)[],
          lng: [] as (number | null)[],
        };
        for (const p of chunk) {
          const d = derivedColumns(ctx.crypto, p.name, p.idNumber);
          cols.name.push(p.name);
          cols.nameNorm.push(d.nameNorm);
          cols.namePinyin.push(d.namePinyin);
          cols.nameInitials.push(d.nameInitials);
          cols.grams.push(d.nameGrams.join('|'));
          cols.idEnc.push(d.idEnc);
          cols.idHash.push(d.idHash);
          cols.idTail.push(d.idTailRev);
          cols.birth.push(p.birthDate);
          cols.sex.push(p.sex);
          cols.phone.push(p.phone);
          cols.hh.push(hhIds.get(p.householdKey) ?? null);
          cols.rel.push(p.relationToHead);
          cols.reg.push(p.registeredRegionCode);
          cols.res.push(p.residenceRegionCode);
          cols.addr.push(p.address);
          cols.eth.push(p.ethnicity);
          cols.dcat.push(p.disabilityCategory);
          cols.dgrade.push(p.disabilityGrade);
          cols.health.push(p.health);
          cols.labour.push(p.labourCapacity);
          cols.living.push(p.livingArrangement);
          cols.tags.push(p.tags.join('|'));
          cols.lat.push(p.latitude);
          cols.lng.push(p.longitude);
        }
        // One parameter per column (arrays unnested by the server): far cheaper than row-wise VALUES.
        const ids = await queryRows<{ id: string; id_hash: string }>(
          tx,
          sql`
          INSERT INTO people (name, name_norm, name_pinyin, name_initials, name_grams, id_enc, id_hash, id_tail_rev, birth_date, sex, phone,
            household_id, relation_to_head, registered_region_code, residence_region_code, address, ethnicity, disability_category,
            disability_grade, health, labour_capacity, living_arrangement, tags, latitude, longitude, is_demo, created_by, updated_by)
          SELECT u.name, u.norm, u.py, u.ini, string_to_array(u.grams, '|'), u.enc, u.hash, u.tail, u.birth::date, u.sex, u.phone,
            u.hh::uuid, u.rel, u.reg, u.res, u.addr, u.eth, u.dcat, u.dgrade, u.health, u.labour, u.living,
            CASE WHEN u.tags = '' THEN '{}'::text[] ELSE string_to_array(u.tags, '|') END, u.lat, u.lng, true, ${actor.userId}::uuid, ${actor.userId}::uuid
          FROM unnest(${sql.param(cols.name)}::text[], ${sql.param(cols.nameNorm)}::text[], ${sql.param(cols.namePinyin)}::text[], ${sql.param(cols.nameInitials)}::text[], ${sql.param(cols.grams)}::text[],
            ${sql.param(cols.idEnc)}::text[], ${sql.param(cols.idHash)}::text[], ${sql.param(cols.idTail)}::text[], ${sql.param(cols.birth)}::text[], ${sql.param(cols.sex)}::text[], ${sql.param(cols.phone)}::text[],
            ${sql.param(cols.hh)}::text[], ${sql.param(cols.rel)}::text[], ${sql.param(cols.reg)}::text[], ${sql.param(cols.res)}::text[], ${sql.param(cols.addr)}::text[], ${sql.param(cols.eth)}::text[],
            ${sql.param(cols.dcat)}::text[], ${sql.param(cols.dgrade)}::int[], ${sql.param(cols.health)}::text[], ${sql.param(cols.labour)}::text[], ${sql.param(cols.living)}::text[], ${sql.param(cols.tags)}::text[],
            ${sql.param(cols.lat)}::float8[], ${sql.param(cols.lng)}::float8[])
            WITH ORDINALITY AS u(name, norm, py, ini, grams, enc, hash, tail, birth, sex, phone, hh, rel, reg, res, addr, eth, dcat, dgrade, health, labour, living, tags, lat, lng, ord)
          ORDER BY u.ord
          RETURNING id, id_hash`,
        );
        const byHash = new Map(ids.map((r) => [r.id_hash, r.id]));
        chunk.forEach((p, j) => {
          if (p.relationToHead === 'head')
            heads.push({
              householdId: must(hhIds.get(p.householdKey), 'household id'),
              personId: must(byHash.get(cols.idHash[j]), 'person id'),
            });
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
    await tx.execute(
      sql`UPDATE households h SET head_person_id = v.pid::uuid FROM (VALUES ${sql.join(
        chunk.map((c) => sql`(${c.householdId}, ${c.personId})`),
        sql`, `,
      )}) AS v(hid, pid) WHERE h.id = v.hid::uuid`,
    );
  }
  void eq;
}
