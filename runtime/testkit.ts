/**
 * beamlet/testkit: deterministic interleavings for property tests.
 *
 * Under {@link runSeeded} the scheduler picks which runnable process goes next from a
 * seeded generator, and every receive is an interleaving point, so one seed is one
 * reproducible schedule. {@link forAllSeeds} and {@link forAllInterleavings} let
 * fast-check search seeds (and inputs) for a failing scenario and shrink it; the failing
 * seed is printed in fast-check's counterexample, and `runSeeded(seed, ...)` replays it.
 *
 * Scenarios should be driven by messages only: timers and I/O still run on Node's clock.
 */
import fc from 'fast-check';
import { idle, quiescent, run, setPicker, type ProcessBody } from './process.ts';

/** A small, fast, seedable generator of floats in [0, 1) (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `fn` as a process with the scheduling order drawn from `seed`, waits until no
 * process is runnable, and resolves with its return value (rejects as `run` does). If
 * every process waits and nothing in the runtime can wake one (no timer, no awaited
 * promise) before `fn` ends, it rejects with a deadlock error at once rather than hang.
 * Processes a scenario leaves waiting are harmless; processes it leaves running for ever
 * keep the runtime busy, and this never resolves.
 */
export async function runSeeded<R>(seed: number, fn: () => Generator<unknown, R, unknown>): Promise<R> {
  await idle();
  const rand = prng(seed);
  setPicker((n) => Math.floor(rand() * n));
  let settled = false;
  try {
    const result = run(fn);
    return await Promise.race([result, deadlock(seed, () => settled)]);
  } finally {
    settled = true;
    await idle();
    setPicker(null);
  }
}

async function deadlock(seed: number, done: () => boolean): Promise<never> {
  for (;;) {
    await idle();
    // Let callbacks already due (settled promises, I/O) run before judging.
    await new Promise((r) => setImmediate(r));
    if (done()) return new Promise<never>(() => {});
    if (quiescent()) throw new Error(`deadlock: every process waits and nothing can wake one (seed ${seed})`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Options of the property helpers: fast-check's run count and its own seed. */
export interface SeedOpts {
  numRuns?: number;
  seed?: number;
}

/** Checks that `scenario` (a process body that throws on failure) passes under many seeds. */
export async function forAllSeeds(scenario: () => ProcessBody, opts: SeedOpts = {}): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.nat(), async (seed) => {
      await runSeeded(seed, scenario);
    }),
    opts,
  );
}

/**
 * Checks `scenario(input)` under many inputs from `arb` and many schedules; on failure
 * fast-check shrinks both and reports `[input, seed]`.
 */
export async function forAllInterleavings<T>(
  arb: fc.Arbitrary<T>,
  scenario: (input: T) => ProcessBody,
  opts: SeedOpts = {},
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arb, fc.nat(), async (input, seed) => {
      await runSeeded(seed, () => scenario(input));
    }),
    opts,
  );
}
