/**
 * Demo start-up cost of the elderly-care seed on an in-memory PGlite: migrate, base demo
 * (villages, accounts, 3,000 people), then the elderly-care demo seed alone is timed.
 *   npx tsx bench/elderly-care/seed.ts
 */
import { sql } from 'drizzle-orm';
import { createContext } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { seedElderlyCareDemo } from '../../apps/server/src/modules/elderly-care/seed.ts';
import { randomKeyB64 } from '../../apps/server/src/platform/crypto.ts';
import { openPglite, queryRows } from '../../apps/server/src/platform/db/client.ts';
import { seedConfiguration, seedDemoBase, seedDemoPopulation } from '../../apps/server/src/seed.ts';

const database = await openPglite({});
await database.migrate();
const config = { ...loadConfig({}), demoMode: true };
const ctx = createContext(config, database, { enc: randomKeyB64(), hash: randomKeyB64() });
await seedConfiguration(ctx);
await seedDemoBase(ctx, config.demoPassword);
await seedDemoPopulation(ctx, config.demoSize);
const t0 = performance.now();
await seedElderlyCareDemo(ctx, (s) => console.error(s));
const ms = Math.round(performance.now() - t0);
const [c] = await queryRows<Record<string, number>>(
  ctx.db,
  sql`
  SELECT (SELECT count(*)::int FROM ec_providers) AS providers, (SELECT count(*)::int FROM ec_caregivers) AS caregivers,
         (SELECT count(*)::int FROM ec_orders) AS orders, (SELECT count(*)::int FROM ec_visits) AS visits,
         (SELECT count(*)::int FROM ec_visits WHERE status = 'dispatched') AS dispatched`,
);
console.log(JSON.stringify({ bench: 'elderly-care demo seed (PGlite, in-memory)', seedMs: ms, ...c }, null, 1));
await database.close();
