/**
 * One test per scenario pair in `scenarios/`: the `.erl` half under the real OTP and the
 * `.ts` half under beamlet must print the same terms, step by step. A mismatch prints
 * both lines of every differing step.
 */
import { describe, expect, test } from 'vitest';
import { PARALLEL, limiter, listScenarios, runScenario } from './runner.ts';

const scenarios = listScenarios();
const limit = limiter(PARALLEL);

describe.concurrent('conformance with OTP 25', () => {
  test('the scenario directory holds pairs', () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  for (const name of scenarios) {
    test(name, async () => {
      const r = await limit(() => runScenario(name));
      const wrong = r.steps
        .filter((s) => !s.match)
        .map((s) => `${s.label}: ${s.why}\n  erl: ${s.erl ?? '(none)'}\n  ts:  ${s.ts ?? '(none)'}`);
      expect({ error: r.error, wrong }).toEqual({ error: undefined, wrong: [] });
    }, 600_000);
  }
});
