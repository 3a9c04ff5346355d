/**
 * beamlet/effect Process: beamlet processes spawned from Effect and awaited as Effects,
 * with interruption and kills crossing between the two.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cause, Effect, Exit, Fiber } from 'effect';
import { exit, isAlive, monitor, receive, self, send, sleep, spawn, run as runProcess, type Pid } from '../../index.ts';
import * as socket from '../../socket/index.ts';
import { Process, ProcessExitError, Socket } from '../../effect/index.ts';

const runExit = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromiseExit(e);
const failureOf = <A, E>(x: Exit.Exit<A, E>): unknown => (Exit.isFailure(x) ? Cause.squash(x.cause) : undefined);

/** A body that waits for messages forever. */
function* forever(): Generator<unknown, never, unknown> {
  for (;;) yield* receive();
}

describe('Process.run', () => {
  it('succeeds with what the process returns', async () => {
    const r = await Effect.runPromise(Process.run(function* (a: number, b: number) {
      send(self(), a + b);
      return (yield* receive()) as number;
    }, 20, 22));
    expect(r).toBe(42);
  });

  it('returns any value a process computes, including after sleeping', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.integer(), { maxLength: 20 }), fc.nat(3), async (xs, ms) => {
      const r = await Effect.runPromise(Process.run(function* () {
        yield* sleep(ms);
        return xs.reduce((s, x) => s + x, 0);
      }));
      expect(r).toBe(xs.reduce((s, x) => s + x, 0));
    }), { numRuns: 30 });
  });

  it('fails with ProcessExitError carrying exit(reason)', async () => {
    const x = await runExit(Process.run(function* () {
      yield* sleep(1);
      return exit(['shutdown', 'bye']);
    }));
    const e = failureOf(x);
    expect(e).toBeInstanceOf(ProcessExitError);
    expect((e as ProcessExitError).reason).toEqual(['shutdown', 'bye']);
  });

  it('a crash fails with the thrown error as cause', async () => {
    const boom = new RangeError('boom');
    const stderr = process.stderr.write;
    process.stderr.write = () => true; // the crash report is expected
    try {
      const x = await runExit(Process.run(function* () {
        yield* sleep(1);
        throw boom;
      }));
      const e = failureOf(x) as ProcessExitError;
      expect(e._tag).toBe('ProcessExitError');
      expect(e.cause).toBe(boom);
      expect((e.reason as unknown[])[0]).toBe(boom);
    } finally {
      process.stderr.write = stderr;
    }
  });

  it('a process killed from outside fails its Effect with reason killed', async () => {
    const x = await runExit(Effect.gen(function* () {
      const p = yield* Process.spawn(forever);
      setTimeout(() => exit(p.pid, 'kill'), 5);
      return yield* Process.join(p);
    }));
    const e = failureOf(x) as ProcessExitError;
    expect(e._tag).toBe('ProcessExitError');
    expect(e.reason).toBe('killed');
  });

  it('a process killed by another beamlet process fails its Effect too', async () => {
    const x = await runExit(Effect.gen(function* () {
      const p = yield* Process.spawn(forever);
      spawn(function* (victim: Pid) {
        yield* sleep(2);
        exit(victim, 'kill');
      }, p.pid);
      return yield* Process.join(p);
    }));
    expect((failureOf(x) as ProcessExitError).reason).toBe('killed');
  });
});

describe('Process.spawnScoped', () => {
  it('kills the process when the scope closes, and leaves one that already ended alone', async () => {
    const r = await Effect.runPromise(Effect.gen(function* () {
      const [long, short] = yield* Effect.scoped(Effect.gen(function* () {
        const long = yield* Process.spawnScoped(forever);
        const short = yield* Process.spawnScoped(function* () {
          return 5;
        });
        yield* Process.join(short);
        return [long, short] as const;
      }));
      return { long: failureOf(yield* Effect.exit(Process.join(long))), short: yield* Process.join(short) };
    }));
    expect((r.long as ProcessExitError).reason).toBe('killed');
    expect(r.short).toBe(5);
  });
});

describe('kill and completion race', () => {
  it('join agrees with the process exit reason a monitor sees, whichever comes first', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(4), fc.nat(4), async (workMs, killMs) => {
      const { x, down } = await Effect.runPromise(Effect.gen(function* () {
        const p = yield* Process.spawn(function* () {
          yield* receive(); // go: a monitor is in place
          yield* sleep(workMs);
          return 'done';
        });
        // A beamlet process monitors p, lets it start, and has it killed after killMs.
        const down = runProcess(function* () {
          const ref = monitor('process', p.pid);
          send(p.pid, 'go');
          spawn(function* () {
            yield* sleep(killMs);
            exit(p.pid, 'kill');
          });
          const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === ref)) as unknown[];
          return m[4];
        });
        return { x: yield* Effect.exit(Process.join(p)), down: yield* Effect.promise(() => down) };
      }));
      if (down === 'normal') expect(Exit.isSuccess(x) && x.value).toBe('done');
      else {
        expect(down).toBe('killed');
        expect((failureOf(x) as ProcessExitError).reason).toBe('killed');
      }
    }), { numRuns: 40 });
  });
});

describe('fibers never run as a beamlet process', () => {
  it('code after a join that a kill ended does not act as the killing process', async () => {
    const r = await Effect.runPromise(Effect.scoped(Effect.gen(function* () {
      const victim = yield* Process.spawn(forever);
      const killer = spawn(function* () {
        yield* sleep(1);
        exit(victim.pid, 'kill');
        yield* receive(); // until the fiber is done with its check
      });
      const reason = (failureOf(yield* Effect.exit(Process.join(victim))) as ProcessExitError).reason;
      // Were this fiber running inside the killer, the socket would belong to it.
      const s = yield* Socket.open('inet', 'dgram');
      const down = watchDown(killer);
      send(killer, 'done');
      yield* Effect.promise(() => down);
      return { reason, states: socket.info(s).rstates };
    })));
    expect(r.reason).toBe('killed');
    expect(r.states).not.toContain('closed');
  });
});

describe('interruption', () => {
  it('interrupting the awaiting fiber kills the process', async () => {
    const { pid, exitReason } = await Effect.runPromise(Effect.gen(function* () {
      const p = yield* Process.spawn(forever);
      const down = watchDown(p.pid);
      const waiter = yield* Effect.forkChild(Process.join(p));
      yield* Effect.sleep(5);
      yield* Fiber.interrupt(waiter);
      return { pid: p.pid, exitReason: yield* Effect.promise(() => down) };
    }));
    expect(isAlive(pid)).toBe(false);
    expect(exitReason).toBe('killed');
  });

  it('Effect.timeout on Process.run kills a process that takes too long', async () => {
    let pid: Pid | undefined;
    const x = await runExit(Effect.timeout(Process.run(function* () {
      pid = self();
      yield* forever();
    }), 10));
    expect(Exit.isFailure(x)).toBe(true);
    expect(pid).toBeDefined();
    expect(isAlive(pid!)).toBe(false);
  });

  it('interrupting a spawn alone does not stop the process; kill does', async () => {
    const r = await Effect.runPromise(Effect.gen(function* () {
      const p = yield* Process.spawn(forever);
      const running = yield* Process.isRunning(p);
      yield* Process.kill(p);
      const x = yield* Effect.exit(Process.join(p));
      return { running, after: yield* Process.isRunning(p), reason: (failureOf(x) as ProcessExitError).reason };
    }));
    expect(r).toEqual({ running: true, after: false, reason: 'killed' });
  });

  it('several fibers can join one process and all see its result', async () => {
    const rs = await Effect.runPromise(Effect.gen(function* () {
      const p = yield* Process.spawn(function* () {
        yield* sleep(2);
        return 'done';
      });
      return yield* Effect.all([Process.join(p), Process.join(p), Process.join(p)], { concurrency: 'unbounded' });
    }));
    expect(rs).toEqual(['done', 'done', 'done']);
  });

  it('join after the process ended still gets its result', async () => {
    const r = await Effect.runPromise(Effect.gen(function* () {
      const p = yield* Process.spawn(function* () {
        return 7;
      });
      yield* Effect.sleep(5);
      return yield* Process.join(p);
    }));
    expect(r).toBe(7);
  });
});

/** Resolves with the exit reason of `pid` (or 'noproc'), from a monitoring process. */
function watchDown(pid: Pid): Promise<unknown> {
  return runProcess(function* () {
    const ref = monitor('process', pid);
    const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === ref)) as unknown[];
    return m[4];
  });
}
