import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Conformance first: it is the longest file by far (two child processes per scenario) and
 * mostly waits on them, so it runs beside all the others instead of after them. vitest's
 * own order on a clean clone (no timing cache) is by file size, which puts it last.
 */
class ConformanceFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification): boolean => f.moduleId.includes('/test/conformance/');
    return [...sorted.filter(first), ...sorted.filter((f) => !first(f))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Socket and fd-leak tests count /proc/self/fd, so each file gets its own process.
    pool: 'forks',
    // vitest's default on 2 cores is 1 worker: the suite ran one file at a time while the
    // conformance file, half of its time, mostly waited on escript and node children.
    maxWorkers: 2,
    sequence: { sequencer: ConformanceFirst },
    // .ci/run sums this file into its closing "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
