/** Shared set-up for the elderly-care benchmarks: an in-memory PGlite with configuration and synthetic data. */

import type { Role } from '@lq/contracts';
import { eq, sql } from 'drizzle-orm';
import { createContext } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { seedElderlyCareConfig } from '../../apps/server/src/modules/elderly-care/seed.ts';
import type { Actor } from '../../apps/server/src/platform/context.ts';
import { randomKeyB64 } from '../../apps/server/src/platform/crypto.ts';
import { openPglite, queryRows } from '../../apps/server/src/platform/db/client.ts';
import { users } from '../../apps/server/src/platform/db/schema.ts';
import { seedConfiguration, seedDemoBase } from '../../apps/server/src/seed.ts';

export const TOWN = '331181100'; // 八都镇

export async function benchContext() {
  const database = await openPglite({});
  await database.migrate();
  const config = { ...loadConfig({}), demoMode: true };
  const ctx = createContext(config, database, { enc: randomKeyB64(), hash: randomKeyB64() });
  await seedConfiguration(ctx);
  await seedDemoBase(ctx, config.demoPassword);
  await seedElderlyCareConfig(ctx.db);
  return { ctx, database };
}

export async function actorOf(ctx: { db: Parameters<typeof queryRows>[0] }, username: string): Promise<Actor> {
  const [u] = await (
    ctx.db as never as { select: () => { from: (t: typeof users) => { where: (c: unknown) => Promise<(typeof users.$inferSelect)[]> } } }
  )
    .select()
    .from(users)
    .where(eq(users.username, username));
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    regionCode: u.regionCode,
    providerId: u.providerId,
    requestId: null,
    ip: null,
  };
}

/** `n` synthetic elders spread over the villages of the given townships (coordinates around each village). */
export async function insertElders(db: Parameters<typeof queryRows>[0], n: number, townPrefix = '331181') {
  return queryRows<{ id: string; region: string; lat: number; lng: number }>(
    db,
    sql`
    WITH v AS (SELECT code, latitude, longitude, row_number() OVER (ORDER BY code) - 1 AS i, count(*) OVER () AS k FROM regions WHERE length(code) = 12 AND code LIKE ${`${townPrefix}%`})
    INSERT INTO people (name, name_norm, name_pinyin, name_initials, name_grams, id_enc, id_hash, id_tail_rev, birth_date, sex, residence_region_code, latitude, longitude, is_demo)
    SELECT '基准老人' || g, '基准老人' || g, 'jizhunlaoren', 'jzlr', '{}', 'bench', 'bench-' || g || '-' || ${townPrefix}, 'x', '1940-01-01', 'F', v.code,
           v.latitude + (random() - 0.5) * 0.03, v.longitude + (random() - 0.5) * 0.03, true
    FROM generate_series(1, ${n}) g JOIN v ON v.i = g % v.k
    RETURNING id, residence_region_code AS region, latitude AS lat, longitude AS lng`,
  );
}

export const r2 = (x: number) => Math.round(x * 100) / 100;
