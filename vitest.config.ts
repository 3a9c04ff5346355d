import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Socket and fd-leak tests count /proc/self/fd, so each file gets its own process.
    pool: 'forks',
    // .ci/run sums this file into its closing "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
