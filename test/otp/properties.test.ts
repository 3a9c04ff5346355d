/**
 * Properties over random crash schedules under a supervisor, each run under a seeded
 * interleaving (beamlet/testkit): for any strategy, intensity, children's restart types
 * and sequence of child exits, the children stop and start in exactly the order OTP's
 * rules give (a model of supervisor.erl's restart/terminate logic, whose orders the erl
 * probes in supervisor.test.ts confirm), and the supervisor dies with `shutdown` exactly
 * when a restart goes past its intensity.
 */
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { setReportLevel } from '../../runtime/gen_server.ts';
import * as supervisor from '../../runtime/supervisor.ts';
import type { Restart, Strategy } from '../../runtime/supervisor.ts';
import { _, exit, monitor, processFlag, receive, send, unlink } from '../../runtime/process.ts';
import { forAllInterleavings } from '../../runtime/testkit.ts';
import { ErlangError, Pid, type Term } from '../../runtime/term.ts';
import { sp, spec } from './helpers.ts';

beforeAll(() => setReportLevel('none'));

interface Schedule {
  strategy: Exclude<Strategy, 'simple_one_for_one'>;
  intensity: number;
  restarts: Restart[];
  exits: [number, 'crashed' | 'normal'][];
}

const schedule: fc.Arbitrary<Schedule> = fc
  .record({
    strategy: fc.constantFrom('one_for_one', 'one_for_all', 'rest_for_one') as fc.Arbitrary<Schedule['strategy']>,
    intensity: fc.integer({ min: 0, max: 5 }),
    restarts: fc.array(fc.constantFrom('permanent', 'transient') as fc.Arbitrary<Restart>, { minLength: 1, maxLength: 5 }),
    exits: fc.array(fc.tuple(fc.nat(4), fc.constantFrom('crashed', 'normal') as fc.Arbitrary<'crashed' | 'normal'>), { maxLength: 10 }),
  })
  .map((s) => ({ ...s, exits: s.exits.map(([i, r]): [number, 'crashed' | 'normal'] => [i % s.restarts.length, r]) }));

/** What OTP does with this schedule: the log of child stops and starts, and how the supervisor ends. */
function model(s: Schedule): { log: Term[]; exit: Term } {
  const n = s.restarts.length;
  const id = (i: number): string => `c${i}`;
  const log: Term[] = [];
  const running = Array.from({ length: n }, (_x, i) => (log.push(['start', id(i)]), true));
  let restarts = 0;
  const stopRunning = (from: number, except: number): void => {
    for (let j = n - 1; j >= from; j--) {
      if (j !== except && running[j]) log.push(['stop', id(j), 'shutdown']);
      running[j] = false;
    }
  };
  for (const [k, reason] of s.exits) {
    if (!running[k]) continue;
    running[k] = false;
    if (s.restarts[k] === 'transient' && reason === 'normal') continue;
    if (++restarts > s.intensity) {
      stopRunning(0, k);
      return { log, exit: 'shutdown' };
    }
    const first = s.strategy === 'one_for_one' ? k : s.strategy === 'one_for_all' ? 0 : k;
    if (s.strategy !== 'one_for_one') stopRunning(first, k);
    const last = s.strategy === 'one_for_one' ? k : n - 1;
    for (let j = first; j <= last; j++) {
      log.push(['start', id(j)]);
      running[j] = true;
    }
  }
  stopRunning(0, -1);
  return { log, exit: 'stopped' };
}

test('children stop and restart in OTP order; the supervisor dies with shutdown exactly past its intensity', async () => {
  await forAllInterleavings(
    schedule,
    function* (s) {
      const log: Term[] = [];
      processFlag('trap_exit', true);
      const specs = s.restarts.map((r, i) => spec(log, `c${i}`, r));
      const [, sup] = (yield* supervisor.startLink(sp, [{ strategy: s.strategy, intensity: s.intensity, period: 3600 }, specs])) as [string, Pid];
      const ref = monitor('process', sup);
      let ended: Term = 'stopped';
      for (const [k, reason] of s.exits) {
        const row = (yield* supervisor.whichChildren(sup)).find((r) => r[0] === `c${k}`)!;
        if (!(row[1] instanceof Pid)) continue;
        const child = row[1];
        const cref = monitor('process', child);
        send(child, reason === 'normal' ? 'normal' : ['die', reason]);
        yield* receive(['DOWN', cref, _, _, _]);
        // A call after the child's end: the supervisor has handled its 'EXIT' once this returns.
        if (!(yield* supervisorAlive(sup))) {
          ended = ((yield* receive(['DOWN', ref, _, _, _])) as readonly Term[])[4]!;
          break;
        }
      }
      if (ended === 'stopped') {
        unlink(sup);
        exit(sup, 'shutdown');
        yield* receive(['DOWN', ref, _, _, _]);
      }
      const want = model(s);
      expect(log).toEqual(want.log);
      expect(ended).toEqual(want.exit);
    },
    { numRuns: 150 },
  );
});

/** count_children, or false if the supervisor died (of its intensity) before answering. */
function* supervisorAlive(sup: Pid): Generator<unknown, boolean, unknown> {
  try {
    yield* supervisor.countChildren(sup);
    return true;
  } catch (e) {
    if (e instanceof ErlangError && e.class === 'exit') return false;
    throw e;
  }
}
