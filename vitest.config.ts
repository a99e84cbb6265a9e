import { defineConfig } from 'vitest/config';

/** Tests that need a PostgreSQL server (several processes on one database): only with DATABASE_URL, as in CI's stage 2. */
const postgresOnly = process.env.DATABASE_URL ? ['apps/server/src/**/*.pg-test.ts'] : [];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'contracts', include: ['packages/contracts/src/**/*.test.ts'] } },
      { test: { name: 'vrptw', include: ['packages/vrptw/**/*.test.ts'], testTimeout: 120_000 } },
      {
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts', ...postgresOnly],
          globalSetup: ['apps/server/src/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
