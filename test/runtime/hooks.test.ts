/** The hooks the socket layer builds on: currentPid, onExit, and send from I/O callbacks. */
import dgram from 'node:dgram';
import { describe, expect, it, vi } from 'vitest';
import { Pid, TIMEOUT, _, exit, makeRef, monitor, processFlag, receive, run, self, send, spawn, spawnLink, spawnMonitor, yieldProcess, type Term } from '../../index.ts';
import { currentPid, dropMessages, onExit, receiveSelect } from '../../runtime/process.ts';

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

describe('receiveSelect', () => {
  const sock = ['$socket', 'S'] as const;

  it('takes the select or abort message of its handle, queued or arriving, and leaves the rest in order', async () => {
    const got = await run(function* () {
      const me = self();
      const h1 = makeRef();
      send(me, 'before');
      send(me, ['$socket', sock, 'select', makeRef()]);
      send(me, ['$socket', sock, 'select', h1]);
      send(me, 'after');
      const queued = yield* receiveSelect(h1, -1);
      const h2 = makeRef();
      spawn(function* () {
        send(me, 'other');
        send(me, ['$socket', sock, 'abort', [h2, 'closed']]);
      });
      const arrived = yield* receiveSelect(h2, -1);
      const h3 = makeRef();
      const timedOut = yield* receiveSelect(h3, 5);
      const rest: Term[] = [];
      for (;;) {
        const m = yield* receive(undefined, { after: 0 });
        if (m === TIMEOUT) break;
        rest.push(m);
      }
      return [(queued as Term[])[3] === h1, (arrived as Term[])[2], timedOut === TIMEOUT, rest.length, rest[0], rest[2], rest[3]];
    });
    expect(got).toEqual([true, 'abort', true, 4, 'before', 'after', 'other']);
  });

  it('finds its message behind a backlog made before the handle, which stays queued', async () => {
    const got = await run(function* () {
      const me = self();
      for (let i = 0; i < 1000; i++) send(me, ['$socket', sock, 'select', i]);
      const h = makeRef();
      send(me, ['$socket', sock, 'select', h]);
      const r = yield* receiveSelect(h, 0);
      let left = 0;
      while ((yield* receive(undefined, { after: 0 })) !== TIMEOUT) left++;
      return [(r as Term[])[3] === h, left];
    });
    expect(got).toEqual([true, 1000]);
  });
});
