import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // nock must patch fetch before any OpenAI client captures it.
    setupFiles: ['test/setup.ts'],
    // Without DATABASE_URL: one embedded PostgreSQL server for the run, a scratch database per file.
    globalSetup: ['test/global-database.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two forks fit the 2-core machine.
    maxWorkers: 2,
  },
});
