/** The hooks the socket layer builds on: currentPid, onExit, and send from I/O callbacks. */
import dgram from 'node:dgram';
import { describe, expect, it, vi } from 'vitest';
import { Pid, _, exit, monitor, processFlag, receive, run, self, send, spawn, spawnLink, spawnMonitor, yieldProcess, type Term } from '../../index.ts';
import { currentPid, dropMessages, onExit } from '../../runtime/process.ts';

describe('currentPid', () => {
  it('is the running process inside one and undefined outside, without throwing', async () => {
    expect(currentPid()).toBeUndefined();
    const same = await run(function* () {
      return currentPid() === self();
    });
    expect(same).toBe(true);
  });
});

describe('onExit', () => {
  it('runs with the exit reason before links and monitors are signalled', async () => {
    const events: string[] = [];
    const got = await run(function* () {
      processFlag('trap_exit', true);
      const me = self();
      const p = spawnLink(function* () {
        yield* receive();
        exit('closing');
      });
      onExit(p, (reason) => {
        // The hook runs first: the linked and monitoring process has nothing yet.
        events.push(`hook:${String(reason)}`);
        send(me, 'from_hook');
      });
      const mref = monitor('process', p);
      send(p, 'go');
      const order: Term[] = [];
      for (let i = 0; i < 3; i++) order.push(yield* receive());
      return [order[0], (order[1] as Term[])[0], (order[2] as Term[])[0], (order[2] as Term[])[1] === mref];
    });
    expect(events).toEqual(['hook:closing']);
    expect(got).toEqual(['from_hook', 'EXIT', 'DOWN', true]);
  });

  it('the returned function unregisters the callback', async () => {
    let called = 0;
    await run(function* () {
      const [p, ref] = spawnMonitor(function* () {
        yield* receive();
      });
      const off = onExit(p, () => called++);
      off();
      exit(p, 'kill');
      yield* receive(['DOWN', ref, _, _, _]);
    });
    expect(called).toBe(0);
  });

  it('for a dead pid, calls back at once with noproc', async () => {
    const reasons: Term[] = [];
    await run(function* () {
      const [p, ref] = spawnMonitor(function* () {});
      yield* receive(['DOWN', ref, _, _, _]);
      onExit(p, (r) => reasons.push(r));
    });
    expect(reasons).toEqual(['noproc']);
  });

  it('a throwing callback is reported and the process still ends normally for everyone else', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const got = await run(function* () {
        const [p, ref] = spawnMonitor(function* () {
          yield* receive();
        });
        onExit(p, () => {
          throw new Error('hook failed');
        });
        exit(p, 'stop');
        return (yield* receive(['DOWN', ref, _, _, _]))[4];
      });
      expect(got).toBe('stop');
      expect(write).toHaveBeenCalledTimes(1);
    } finally {
      write.mockRestore();
    }
  });
});

describe('dropMessages', () => {
  it("removes the caller's matching messages, keeps the rest in order, and counts them", async () => {
    const got = await run(function* () {
      const me = self();
      for (const m of ['a', ['sel', 1], 'b', ['sel', 2], 'c']) send(me, m);
      const n = dropMessages((m) => Array.isArray(m) && m[0] === 'sel');
      const rest: Term[] = [];
      for (let i = 0; i < 3; i++) rest.push(yield* receive());
      return [n, rest];
    });
    expect(got).toEqual([2, ['a', 'b', 'c']]);
  });
});

describe('send from an I/O callback', () => {
  it('wakes a process waiting in receive while the scheduler is idle', async () => {
    const server = dgram.createSocket('udp4');
    const client = dgram.createSocket('udp4');
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    const port = server.address().port;
    try {
      const got = await run(function* () {
        const me = self();
        const waiter: Pid = spawn(function* () {
          const m = yield* receive(['udp', _]);
          send(me, ['woken', String(m[1])]);
        });
        yield* yieldProcess();
        server.on('message', (buf) => send(waiter, ['udp', buf]));
        client.send('hello', port, '127.0.0.1');
        return yield* receive(['woken', _]);
      });
      expect(got).toEqual(['woken', 'hello']);
    } finally {
      server.close();
      client.close();
    }
  });
});
