/**
 * examples/echo-server.ts, started in this process with its start function and driven
 * by node:net clients over loopback: echoes, the acceptor pool, restarts, and graceful
 * shutdown (refuse new connections, let open ones finish, close them after the grace
 * period); and once as a command, stopped by SIGTERM.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { _, exit, monitor, processFlag, receive, run, self, send, spawn, whereis, type Pid } from '../../index.ts';
import { setReportLevel } from '../../runtime/gen_server.ts';
import * as supervisor from '../../runtime/supervisor.ts';
import * as echo from '../../examples/echo-server.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { open, type Client } from './client.ts';
import { startTs } from './programs.ts';

checkFdLeaks();
beforeAll(() => setReportLevel('none'));
afterEach(async () => {
  await run(echo.stop);
});

/**
 * Starts the server under a holder process that lives as long as it does (a supervisor
 * stops when its parent exits, even normally, as in OTP); resolves with the port.
 */
async function startEcho(opts: echo.EchoOptions = {}): Promise<number> {
  return run(function* () {
    const me = self();
    spawn(function* () {
      processFlag('trap_exit', true);
      const r = yield* echo.start(opts);
      send(me, ['started', r]);
      if (r[0] === 'ok') yield* receive(['EXIT', r[1], _]);
    });
    const [, r] = (yield* receive(['started', _])) as [string, readonly unknown[]];
    expect(r[0]).toBe('ok');
    return yield* echo.port();
  });
}

/** Connects until the listener refuses (bounded): the listen socket is closed. */
async function refused(port: number): Promise<boolean> {
  for (let i = 0; i < 500; i++) {
    try {
      const c = await open(port);
      c.sock.destroy();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ECONNREFUSED') return true;
      // A connection still in the backlog when the listen socket closed is reset.
      if (code !== 'ECONNRESET') throw e;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

describe('echo server', () => {
  it('echoes what each of many concurrent clients sends (property)', async () => {
    const port = await startEcho({ acceptors: 3 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }), async (clients) => {
        await Promise.all(clients.map(async (chunks) => {
          const c = await open(port);
          for (const chunk of chunks) expect(await c.roundTrip(Buffer.from(chunk))).toEqual(Buffer.from(chunk));
          await c.end();
        }));
      }),
      { numRuns: 15 },
    );
  });

  it('runs N acceptors on one listen socket and one process per connection', async () => {
    const port = await startEcho({ acceptors: 5 });
    const clients = await Promise.all(Array.from({ length: 7 }, () => open(port)));
    for (const [i, c] of clients.entries()) expect((await c.roundTrip(`hello ${i}`)).toString()).toBe(`hello ${i}`);
    const [acceptors, conns] = await run(function* () {
      const kids = yield* supervisor.whichChildren('echo_accept');
      return [kids.filter((k) => Array.isArray(k[0]) && k[0][0] === 'acceptor').length, yield* echo.connections()];
    });
    expect(acceptors).toBe(5);
    expect(conns).toBe(7);
    await Promise.all(clients.map((c) => c.end()));
  });

  it('a killed connection process closes only its own client; a killed acceptor is replaced', async () => {
    const port = await startEcho({ acceptors: 2 });
    const [a, b] = await Promise.all([open(port), open(port)]);
    await a.roundTrip('a');
    await b.roundTrip('b');
    await run(function* () {
      const victim = (yield* supervisor.whichChildren('echo_conns'))[0]![1] as Pid;
      const acceptor = (yield* supervisor.whichChildren('echo_accept')).find((k) => Array.isArray(k[0]) && k[0][0] === 'acceptor')![1] as Pid;
      for (const pid of [victim, acceptor]) {
        const ref = monitor('process', pid);
        exit(pid, 'kill');
        yield* receive(['DOWN', ref, _, _, _]);
      }
    });
    const survivors = await Promise.allSettled([a.roundTrip('again'), b.roundTrip('again')]);
    expect(survivors.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    const c = await open(port);
    expect((await c.roundTrip('new')).toString()).toBe('new');
    await Promise.all([a, b, c].map((x) => x.end()));
  });

  it('graceful shutdown: refuses new connections, lets an open one finish, then is gone', async () => {
    const port = await startEcho({ acceptors: 2, grace: 20_000 });
    const c = await open(port);
    expect((await c.roundTrip('before')).toString()).toBe('before');
    let stopped = false;
    const stopping = run(echo.stop).then(() => (stopped = true));
    expect(await refused(port)).toBe(true);
    expect((await c.roundTrip('during')).toString()).toBe('during');
    expect(stopped).toBe(false);
    await c.end();
    await stopping;
    expect(await run(function* () {
      return ['echo_sup', 'echo_conns', 'echo_accept', 'echo_listener'].map((n) => whereis(n));
    })).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('graceful shutdown: a connection still open after the grace period is closed', async () => {
    const port = await startEcho({ grace: 200 });
    const idle: Client = await open(port);
    await idle.roundTrip('x');
    await run(echo.stop);
    await idle.closed;
    expect(idle.sock.destroyed).toBe(true);
  });

  it('stops with its parent process, as an OTP supervisor does; stop is idempotent', async () => {
    await run(function* () {
      const parent = spawn(function* () {
        yield* echo.start();
      });
      const ref = monitor('process', parent);
      yield* receive(['DOWN', ref, _, _, _]);
      // The parent exited normally; the supervisor, trapping exits, follows it.
      const sup = whereis('echo_sup');
      if (sup !== 'undefined') {
        const sref = monitor('process', sup);
        yield* receive(['DOWN', sref, _, _, _]);
      }
    });
    expect(await run(function* () {
      return whereis('echo_listener');
    })).toBe('undefined');
    await run(echo.stop);
    await run(echo.stop);
  });
});

describe('echo server as a command', () => {
  it('serves clients and stops gracefully on SIGTERM', async () => {
    const prog = await startTs('echo-server.ts', ['0', '3']);
    try {
      const c = await open(prog.port);
      expect((await c.roundTrip('over the wire\n')).toString()).toBe('over the wire\n');
      await c.end();
    } finally {
      expect(await prog.stop('SIGTERM')).toBe(0);
    }
    expect(prog.stdout()).toContain('with 3 acceptors');
    expect(prog.stdout()).toContain('stopped');
  });
});
