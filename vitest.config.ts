import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // nock must patch fetch before any OpenAI client captures it.
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One PGlite per test file costs ~3 s to boot; two forks fit the 2-core machine.
    maxWorkers: 2,
  },
});
