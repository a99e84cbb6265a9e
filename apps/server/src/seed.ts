import { shanghaiToday } from '@lq/contracts';
import { count, eq, sql } from 'drizzle-orm';
import { demoAccounts } from './modules/demo/demo-accounts.ts';
import { loadPopulation } from './modules/demo/load.ts';
import { DEMO_SEED } from './modules/demo/population.ts';
import type { DemoVillage } from './modules/demo/villages.ts';
import { demoPlacementOf, generateVillages } from './modules/demo/villages.ts';
import { upsertRegions } from './modules/regions/regions.service.ts';
import { extraSeeds } from './modules/seed-registry.ts';
import { createUser } from './modules/users/users.service.ts';
import { appendAudit } from './platform/audit.ts';
import { systemActor } from './platform/context.ts';
import { regions, settings, users } from './platform/db/schema.ts';
import type { AppContext } from './platform/http/app-context.ts';
import { must } from './platform/must.ts';
import { hashPassword } from './platform/passwords.ts';

export interface SeedReport {
  regions: number;
  demoVillages: number;
  accounts: string[];
  people: number;
}

/** The deployment's configuration: the county and its township-level units (always loaded). */
export async function seedConfiguration(ctx: AppContext): Promise<number> {
  const [{ n }] = await ctx.db.select({ n: count() }).from(regions);
  if (Number(n) > 0) return 0;
  const rows = ctx.config.deployment.divisions;
  const sys = systemActor(ctx.config.deployment.county.code);
  await ctx.db.transaction(async (tx) => {
    await upsertRegions(tx, rows);
    await tx
      .insert(settings)
      .values({ key: 'security', value: { requireTotpForPrivileged: false } })
      .onConflictDoNothing();
    await appendAudit(tx, sys, { action: 'seed.configuration', targetType: 'regions', details: { regions: rows.length } });
  });
  return rows.length;
}

/** Demo villages and demo accounts (no people): what tests and the demo share. */
export async function seedDemoBase(ctx: AppContext, password: string): Promise<{ villages: number; accounts: string[] }> {
  const all = await ctx.db.select().from(regions);
  const county = must(
    all.find((r) => r.level === 'county'),
    'county region',
  );
  const townships = all.filter((r) => r.parentCode === county.code).sort((a, b) => a.code.localeCompare(b.code));
  let villages = 0;
  if (!all.some((r) => r.level === 'village' || r.level === 'community')) {
    const seen = new Set<string>();
    // Codes must be unique; keep the first village generated for a code.
    const v = generateVillages(
      DEMO_SEED,
      townships.map((t) => ({ code: t.code, name: t.name, level: t.level })),
      demoPlacementOf(ctx.config.deployment),
    ).filter((x) => !seen.has(x.code) && seen.add(x.code));
    await ctx.db.transaction(async (tx) => {
      await upsertRegions(
        tx,
        v.map((x) => ({
          code: x.code,
          name: x.name,
          level: x.level,
          parentCode: x.parentCode,
          isDemo: true,
          latitude: x.latitude,
          longitude: x.longitude,
        })),
      );
      await appendAudit(tx, systemActor(ctx.config.deployment.county.code), {
        action: 'seed.demo.villages',
        targetType: 'regions',
        details: { villages: v.length },
      });
    });
    villages = v.length;
  }
  const [{ n }] = await ctx.db.select({ n: count() }).from(users);
  const villageRows = (await ctx.db.select().from(regions)).filter((r) => r.level === 'village' || r.level === 'community');
  const accounts = demoAccounts(county, townships, villageRows);
  if (Number(n) === 0) {
    // One hash for all demo accounts: they share the documented demo password anyway.
    const hash = await hashPassword(password);
    await ctx.db.transaction(async (tx) => {
      for (const a of accounts)
        await createUser(tx, systemActor(ctx.config.deployment.county.code), { ...a, password, isDemo: true }, hash);
    });
  }
  return { villages, accounts: accounts.map((a) => a.username) };
}

export async function seedDemoPopulation(
  ctx: AppContext,
  size: number,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const [{ n }] = await ctx.db
    .execute(sql`SELECT count(*)::int AS n FROM people`)
    .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
  if (Number(n) > 0 || size <= 0) return 0;
  const villages = await demoVillagesFromDb(ctx);
  const r = await loadPopulation(ctx, systemActor(ctx.config.deployment.county.code), {
    seed: DEMO_SEED,
    size,
    villages,
    today: shanghaiToday(),
    onProgress,
  });
  await appendAudit(ctx.db, systemActor(ctx.config.deployment.county.code), {
    action: 'seed.demo.population',
    targetType: 'people',
    details: r,
  });
  return r.people;
}

/** The demo villages stored in the database, in the generator's shape. */
export async function demoVillagesFromDb(ctx: Pick<AppContext, 'db' | 'config'>): Promise<DemoVillage[]> {
  const centre = ctx.config.deployment.map.center;
  const rows = await ctx.db.select().from(regions).where(eq(regions.isDemo, true));
  const names = new Map((await ctx.db.select().from(regions)).map((r) => [r.code, r.name]));
  return rows
    .filter((v) => v.level === 'village' || v.level === 'community')
    .map((v) => ({
      code: v.code,
      name: v.name,
      level: v.level as 'village' | 'community',
      parentCode: must(v.parentCode, 'village parent'),
      parentName: names.get(must(v.parentCode, 'village parent')) ?? '',
      latitude: v.latitude ?? centre.lat,
      longitude: v.longitude ?? centre.lng,
      isDemo: true as const,
    }));
}

/** First start: configuration always; in demo mode also demo villages, accounts and population. */
export async function seedOnStart(ctx: AppContext, log: (s: string) => void = () => {}): Promise<SeedReport> {
  const regionsLoaded = await seedConfiguration(ctx);
  if (!ctx.config.demoMode) return { regions: regionsLoaded, demoVillages: 0, accounts: [], people: 0 };
  const base = await seedDemoBase(ctx, ctx.config.demoPassword);
  const peopleLoaded = await seedDemoPopulation(ctx, ctx.config.demoSize, (d, t) => log(`  演示人口 demo population ${d}/${t}`));
  for (const s of extraSeeds) await s(ctx, log);
  return { regions: regionsLoaded, demoVillages: base.villages, accounts: base.accounts, people: peopleLoaded };
}
