/**
 * One test per scenario pair in `scenarios/`: the `.erl` half under the real OTP and the
 * `.ts` half under beamlet must print the same terms, step by step. A mismatch prints
 * both lines of every differing step. Each pending `.erl` half must still run under OTP
 * and print the same steps twice, so it is ready the day its `.ts` half is.
 */
import { describe, expect, test } from 'vitest';
import { PARALLEL, checkErlStable, limiter, listPending, listScenarios, runScenario } from './runner.ts';

const scenarios = listScenarios();
const pending = listPending();
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

describe.concurrent('pending .erl halves under OTP 25', () => {
  for (const { name } of pending) {
    test(name, async () => {
      const r = await limit(() => checkErlStable(name));
      expect({ error: r.error, steps: r.steps.length > 0, stable: r.matched === r.steps.length }).toEqual({
        error: undefined,
        steps: true,
        stable: true,
      });
    }, 600_000);
  }
});
