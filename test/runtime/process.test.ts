/** Processes: spawn, self, send, run, crashes and their reports, the dictionary, process_info. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isList } from '../../runtime/term.ts';
import {
  ErlangError,
  Pid,
  TIMEOUT,
  _,
  erase,
  exit,
  get,
  isAlive,
  processInfo,
  put,
  receive,
  register,
  run,
  self,
  send,
  setDebug,
  spawn,
  spawnMonitor,
  awaitPromise,
  yieldProcess,
} from '../../index.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('spawn and send', () => {
  it('runs a process that receives what was sent to it', async () => {
    const got = await run(function* () {
      const me = self();
      const echo = spawn(function* () {
        const [from, msg] = (yield* receive([_, _])) as [Pid, string];
        send(from, ['echo', msg]);
      });
      send(echo, [me, 'hi']);
      return yield* receive();
    });
    expect(got).toEqual(['echo', 'hi']);
  });

  it('passes spawn arguments to the body', async () => {
    const got = await run(function* () {
      const me = self();
      spawn(function* (to: Pid, a: number, b: string) {
        send(to, [a, b]);
      }, me, 7, 'x');
      return yield* receive();
    });
    expect(got).toEqual([7, 'x']);
  });

  it('gives every process a distinct pid printed <0.N.0>', async () => {
    const pids = await run(function* () {
      return [self(), spawn(function* () {}), spawn(function* () {})];
    });
    expect(new Set(pids.map(String)).size).toBe(3);
    for (const p of pids) expect(String(p)).toMatch(/^<0\.\d+\.0>$/);
  });

  it('self() throws an ErlangError outside a process', () => {
    expect(() => self()).toThrow(ErlangError);
  });

  it('send returns the message and works from outside any process', async () => {
    const got = await run(function* () {
      const me = self();
      setTimeout(() => expect(send(me, 'from-timer')).toBe('from-timer'), 1);
      return yield* receive();
    });
    expect(got).toBe('from-timer');
  });

  it('send to a dead pid is dropped, to an unregistered name is badarg', async () => {
    await run(function* () {
      const [p, ref] = spawnMonitor(function* () {});
      yield* receive(['DOWN', ref, _, _, _]);
      expect(send(p, 'lost')).toBe('lost');
      let err: unknown;
      try {
        send('no_such_name', 'x');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ErlangError);
      expect((err as ErlangError).reason).toBe('badarg');
    });
  });

  it('sends to a registered name', async () => {
    const got = await run(function* () {
      register('process_test_named', self());
      send('process_test_named', 'by-name');
      return yield* receive();
    });
    expect(got).toBe('by-name');
  });
});

describe('ending', () => {
  it('run resolves with the return value', async () => {
    await expect(run(function* () { return 42; })).resolves.toBe(42);
  });

  it('a returning process ends normal', async () => {
    const down = await run(function* () {
      const [, ref] = spawnMonitor(function* () {});
      return yield* receive(['DOWN', ref, _, _, _]);
    });
    expect(down[4]).toBe('normal');
  });

  it('exit(reason) ends the process with that reason and no report', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const down = await run(function* () {
      const [, ref] = spawnMonitor(function* () {
        exit(['shutdown', 'bye']);
      });
      return yield* receive(['DOWN', ref, _, _, _]);
    });
    expect(down[4]).toEqual(['shutdown', 'bye']);
    expect(write).not.toHaveBeenCalled();
  });

  it('a thrown error ends it with {Error, Stack} and one OTP-shaped report', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const boom = new TypeError('boom');
    const [pid, down] = await run(function* () {
      const [p, ref] = spawnMonitor(function* () {
        throw boom;
      });
      return [p, yield* receive(['DOWN', ref, _, _, _])] as const;
    });
    const reason = down[4] as [unknown, string[]];
    expect(reason[0]).toBe(boom);
    expect(Array.isArray(reason[1])).toBe(true);
    expect(write).toHaveBeenCalledTimes(1);
    const text = String(write.mock.calls[0]![0]);
    expect(text).toMatch(/^=ERROR REPORT==== \d+-\w{3}-\d{4}::\d\d:\d\d:\d\d\.\d{6} ===\n/);
    expect(text).toContain(`Error in process ${pid} with exit value:\n{#{class => 'TypeError',message => <<"boom">>},\n [`);
    expect(isList(reason[1])).toBe(true);
  });

  it('an ErlangError badarg ends it with {badarg, Stack}; a throw with {{nocatch, V}, Stack}', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const reasons = await run(function* () {
      const [, r1] = spawnMonitor(function* () {
        send(42 as unknown as Pid, 'x');
      });
      const [, r2] = spawnMonitor(function* () {
        throw new ErlangError('oops', 'throw');
      });
      const d1 = yield* receive(['DOWN', r1, _, _, _]);
      const d2 = yield* receive(['DOWN', r2, _, _, _]);
      return [d1[4], d2[4]] as [unknown[], unknown[]];
    });
    expect(reasons[0][0]).toBe('badarg');
    expect(reasons[1][0]).toEqual(['nocatch', 'oops']);
  });

  it('a crash takes no other process down and is not an unhandled rejection', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const got = await run(function* () {
        const me = self();
        const bystander = spawn(function* () {
          const m = yield* receive();
          send(me, ['still_alive', m]);
        });
        spawn(function* () {
          throw new Error('crash');
        });
        yield* yieldProcess();
        yield* yieldProcess();
        send(bystander, 'ping');
        return yield* receive();
      });
      expect(got).toEqual(['still_alive', 'ping']);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('run rejects with the thrown error, or an exit ErlangError carrying the reason', async () => {
    const e = new Error('x');
    await expect(run(function* () { throw e; })).rejects.toBe(e);
    await expect(run(function* () { exit('bye'); })).rejects.toMatchObject({ class: 'exit', reason: 'bye' });
  });
});

describe('scheduling', () => {
  it('a pair exchanging messages without end does not starve another runnable process', async () => {
    const got = await run(function* () {
      const me = self();
      const ping = spawn(function* () {
        for (;;) {
          const m = yield* receive();
          if (m === 'stop') return;
          send(m as Pid, self());
        }
      });
      const pong = spawn(function* () {
        for (;;) {
          const m = yield* receive();
          if (m === 'stop') return;
          send(m as Pid, self());
        }
      });
      send(ping, pong);
      spawn(function* () {
        for (let i = 0; i < 1000; i++) yield* yieldProcess();
        send(me, 'third_ran');
      });
      const r = yield* receive();
      exit(ping, 'kill');
      exit(pong, 'kill');
      return r;
    });
    expect(got).toBe('third_ran');
  });

  it('yields to the event loop while processes stay busy, so timers and I/O run', async () => {
    const got = await run(function* () {
      const me = self();
      let fired = false;
      setImmediate(() => {
        fired = true;
      });
      let spins = 0;
      while (!fired) {
        spins++;
        yield* yieldProcess();
      }
      return spins > 0 && self() === me;
    });
    expect(got).toBe(true);
  });
});

describe('awaitPromise', () => {
  it('resumes with the resolved value and throws the rejection', async () => {
    const got = await run(function* () {
      const v = yield* awaitPromise(new Promise<number>((r) => setTimeout(() => r(5), 1)));
      let caught: unknown;
      try {
        yield* awaitPromise(Promise.reject(new Error('no')));
      } catch (err) {
        caught = err;
      }
      return [v, (caught as Error).message];
    });
    expect(got).toEqual([5, 'no']);
  });

  it('is not woken by messages', async () => {
    const got = await run(function* () {
      send(self(), 'early');
      const v = yield* awaitPromise(new Promise<string>((r) => setTimeout(() => r('late'), 2)));
      return [v, yield* receive()];
    });
    expect(got).toEqual(['late', 'early']);
  });
});

describe('process dictionary', () => {
  it('put/get/erase return Erlang values', async () => {
    const got = await run(function* () {
      return [get('k'), put('k', 1), put('k', 2), get('k'), get(), erase('k'), erase('k'), erase()];
    });
    expect(got).toEqual(['undefined', 'undefined', 1, 2, [['k', 2]], 2, 'undefined', []]);
  });
});

describe('processInfo and isAlive', () => {
  it('reports status, queue, links, monitors, name, messages, trap_exit', async () => {
    await run(function* () {
      const me = self();
      const p = spawn(function* () {
        yield* receive('never');
      });
      yield* yieldProcess();
      send(p, 'a');
      send(p, 'b');
      yield* yieldProcess();
      expect(processInfo(p, 'status')).toEqual(['status', 'waiting']);
      expect(processInfo(p, 'message_queue_len')).toEqual(['message_queue_len', 2]);
      expect(processInfo(p, 'messages')).toEqual(['messages', ['a', 'b']]);
      expect(processInfo(me, 'status')).toEqual(['status', 'running']);
      expect(processInfo(p, 'registered_name')).toEqual(['registered_name', []]);
      register('process_test_info', p);
      expect(processInfo(p, 'registered_name')).toEqual(['registered_name', 'process_test_info']);
      expect(processInfo(me, 'trap_exit')).toEqual(['trap_exit', false]);
      const all = processInfo(p)!;
      expect(all.map(([k]) => k)).toEqual(['status', 'message_queue_len', 'links', 'monitors', 'registered_name', 'trap_exit']);
      expect(isAlive(p)).toBe(true);
      exit(p, 'kill');
      expect(isAlive(p)).toBe(false);
      expect(processInfo(p, 'status')).toBeUndefined();
      expect(processInfo(p)).toBeUndefined();
    });
  });

  it('status is runnable for a process waiting for its turn', async () => {
    await run(function* () {
      const p = spawn(function* () {});
      expect(processInfo(p, 'status')).toEqual(['status', 'runnable']);
    });
  });
});

describe('debug freeze', () => {
  it('deep-freezes sent messages when switched on', async () => {
    setDebug({ freezeMessages: true });
    try {
      const msg = { a: [1, { b: 2 }] as unknown[] };
      const got = yield_(msg);
      await got;
      expect(Object.isFrozen(msg)).toBe(true);
      expect(Object.isFrozen(msg.a)).toBe(true);
      expect(Object.isFrozen(msg.a[1])).toBe(true);
      expect(() => {
        'use strict';
        (msg.a as unknown[]).push(3);
      }).toThrow(TypeError);
    } finally {
      setDebug({ freezeMessages: false });
    }
    const plain = { x: 1 };
    await yield_(plain);
    expect(Object.isFrozen(plain)).toBe(false);
  });
});

function yield_(msg: object): Promise<unknown> {
  return run(function* () {
    send(self(), msg);
    const r = yield* receive(_, { after: 0 });
    expect(r).not.toBe(TIMEOUT);
    return r;
  });
}
