import { defineConfig } from 'vitest/config';

/** Browser tests: the real server + the built web app, driven by Chromium. Run with `npm run test:e2e`. */
export default defineConfig({
  test: {
    name: 'e2e',
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
    sequence: { concurrent: false },
    // pages load data after navigation: give expect.poll more than the default second
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
