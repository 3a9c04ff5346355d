/** Monitors: one 'DOWN' per monitor, noproc, by name, demonitor with flush and info. */
import { describe, expect, it } from 'vitest';
import {
  ErlangError,
  Pid,
  Ref,
  TIMEOUT,
  _,
  demonitor,
  exit,
  makeRef,
  monitor,
  processInfo,
  receive,
  register,
  run,
  self,
  send,
  spawn,
  spawnMonitor,
  yieldProcess,
} from '../../index.ts';

function* deadPid(): Generator<unknown, Pid, unknown> {
  const [p, ref] = spawnMonitor(function* () {});
  yield* receive(['DOWN', ref, _, _, _]);
  return p;
}

function* waiter(): Generator<unknown, void, unknown> {
  yield* receive();
}

describe('monitor', () => {
  it("delivers ['DOWN', ref, 'process', pid, reason] once", async () => {
    const got = await run(function* () {
      const p = spawn(function* () {
        yield* receive();
        exit('bye');
      });
      const ref = monitor('process', p);
      send(p, 'go');
      const d = yield* receive(['DOWN', ref, _, _, _]);
      return [d[2], d[3] === p, d[4], yield* receive(_, { after: 20 })];
    });
    expect(got).toEqual(['process', true, 'bye', TIMEOUT]);
  });

  it('two monitors on one process give two DOWNs with their own refs', async () => {
    const got = await run(function* () {
      const p = spawn(waiter);
      const r1 = monitor('process', p);
      const r2 = monitor('process', p);
      exit(p, 'kill');
      const a = yield* receive(['DOWN', _, _, _, _]);
      const b = yield* receive(['DOWN', _, _, _, _]);
      return [a[1] === r1, b[1] === r2, a[4], b[4], yield* receive(_, { after: 0 })];
    });
    expect(got).toEqual([true, true, 'killed', 'killed', TIMEOUT]);
  });

  it('a dead pid gives noproc at once', async () => {
    const got = await run(function* () {
      const d = yield* deadPid();
      const ref = monitor('process', d);
      const m = yield* receive(_, { after: 0 });
      return [m !== TIMEOUT && (m as unknown[])[1] === ref, (m as unknown[])[3] === d, (m as unknown[])[4]];
    });
    expect(got).toEqual([true, true, 'noproc']);
  });

  it('by name: DOWN names [name, node]; noproc when the name is free', async () => {
    const got = await run(function* () {
      const r0 = monitor('process', 'monitor_test_free');
      const d0 = yield* receive(['DOWN', r0, _, _, _]);
      const p = spawn(function* () {
        yield* receive();
        exit('bye');
      });
      register('monitor_test_named', p);
      const r1 = monitor('process', 'monitor_test_named');
      send(p, 'go');
      const d1 = yield* receive(['DOWN', r1, _, _, _]);
      return [d0[3], d0[4], d1[3], d1[4]];
    });
    expect(got).toEqual([['monitor_test_free', 'nonode@nohost'], 'noproc', ['monitor_test_named', 'nonode@nohost'], 'bye']);
  });

  it('is listed in processInfo monitors until it fires', async () => {
    await run(function* () {
      const me = self();
      const p = spawn(waiter);
      const ref = monitor('process', p);
      register('monitor_test_listed', p);
      const byName = monitor('process', 'monitor_test_listed');
      // As erl prints: {monitors,[{process,<0.79.0>},{process,{foo,nonode@nohost}}]}
      expect(processInfo(me, 'monitors')).toEqual(['monitors', [['process', p], ['process', ['monitor_test_listed', 'nonode@nohost']]]]);
      exit(p, 'kill');
      yield* receive(['DOWN', ref, _, _, _]);
      yield* receive(['DOWN', byName, _, _, _]);
      expect(processInfo(me, 'monitors')).toEqual(['monitors', []]);
    });
  });

  it('a process may monitor itself; its own DOWN is dropped with it', async () => {
    const got = await run(function* () {
      const [p, ref] = spawnMonitor(function* () {
        monitor('process', self());
        yield* receive();
      });
      yield* yieldProcess();
      exit(p, 'stop');
      const d = yield* receive(['DOWN', ref, _, _, _]);
      return [d[4], processInfo(p, 'messages')];
    });
    expect(got).toEqual(['stop', undefined]);
  });

  it('a monitor type other than process is badarg', async () => {
    await run(function* () {
      expect(() => monitor('port' as 'process', self())).toThrow(ErlangError);
    });
  });

  it('spawnMonitor monitors from the start', async () => {
    const got = await run(function* () {
      const [p, ref] = spawnMonitor(function* () {
        exit('early');
      });
      const d = yield* receive(['DOWN', ref, _, _, _]);
      return [d[3] === p, d[4]];
    });
    expect(got).toEqual([true, 'early']);
  });
});

describe('demonitor', () => {
  it('stops the DOWN and returns true', async () => {
    const got = await run(function* () {
      const p = spawn(waiter);
      const ref = monitor('process', p);
      const r = demonitor(ref);
      exit(p, 'kill');
      return [r, yield* receive(_, { after: 20 })];
    });
    expect(got).toEqual([true, TIMEOUT]);
  });

  it('flush removes a DOWN already queued and keeps other messages', async () => {
    const got = await run(function* () {
      const me = self();
      const p = spawn(waiter);
      const ref = monitor('process', p);
      send(me, 'before');
      exit(p, 'kill');
      send(me, 'after');
      const r = demonitor(ref, ['flush']);
      return [r, yield* receive(), yield* receive(), yield* receive(_, { after: 0 })];
    });
    expect(got).toEqual([true, 'before', 'after', TIMEOUT]);
  });

  it('info: true when the monitor was removed, false when it had fired', async () => {
    const got = await run(function* () {
      const p = spawn(waiter);
      const live = monitor('process', p);
      const a = demonitor(live, ['info']);
      const d = yield* deadPid();
      const fired = monitor('process', d);
      const b = demonitor(fired, ['info']);
      const fired2 = monitor('process', d);
      const c = demonitor(fired2, ['flush', 'info']);
      const e = demonitor(makeRef(), ['info']);
      exit(p, 'kill');
      const queued = yield* receive(_, { after: 0 });
      return [a, b, c, e, (queued as unknown[])[1] === fired, yield* receive(_, { after: 0 })];
    });
    // As erl answers: demonitor(Live,[info]) = true, fired: false, fired with flush: false, unknown ref: false.
    expect(got).toEqual([true, false, false, false, true, TIMEOUT]);
  });

  it('bad arguments are badarg', async () => {
    await run(function* () {
      expect(() => demonitor('x' as unknown as Ref)).toThrow(ErlangError);
      expect(() => demonitor(makeRef(), ['bogus' as 'flush'])).toThrow(ErlangError);
    });
  });

  it('a monitor held by a dying process is removed from its target', async () => {
    const got = await run(function* () {
      const target = spawn(waiter);
      const [watcher, wref] = spawnMonitor(function* (t: Pid) {
        monitor('process', t);
        yield* receive();
      }, target);
      yield* yieldProcess();
      exit(watcher, 'kill');
      yield* receive(['DOWN', wref, _, _, _]);
      exit(target, 'kill');
      return yield* receive(_, { after: 10 });
    });
    expect(got).toBe(TIMEOUT);
  });
});

describe('monitor of the calling process', () => {
  it('records nothing, as OTP: demonitor with info is false and process_info lists no monitor', async () => {
    const r = await run(function* () {
      const ref = monitor('process', self());
      const listed = processInfo(self(), 'monitors');
      return [listed, demonitor(ref, ['info'])];
    });
    expect(r).toEqual([['monitors', []], false]);
  });
});
