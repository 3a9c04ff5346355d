/**
 * beamlet/effect Socket: scoped sockets, typed errors, streams, over real loopback sockets.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cause, Effect, Exit, Fiber, Stream } from 'effect';
import * as socket from '../../socket/index.ts';
import { Socket, isSocketError, type SocketError } from '../../effect/index.ts';

const LOOPBACK: Socket.sockaddr_in = { family: 'inet', addr: 'loopback', port: 0 };
const run = <A, E>(e: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(e);

/** The failure of an Effect that must fail, as a value. */
const failure = <A, E, R>(e: Effect.Effect<A, E, R>): Effect.Effect<E, never, R> =>
  Effect.flatMap(Effect.exit(e), (x) => (Exit.isFailure(x) ? Effect.succeed(Cause.squash(x.cause) as E) : Effect.die('succeeded')));

/** A listening TCP socket on loopback and its port, in the current scope. */
const listener = Effect.gen(function* () {
  const l = yield* Socket.open('inet', 'stream');
  yield* Socket.bind(l, LOOPBACK);
  yield* Socket.listen(l);
  const { port } = (yield* Socket.sockname(l)) as Socket.sockaddr_in;
  return { l, port };
});

/** A connected pair of TCP sockets (client, accepted), in the current scope. */
const pair = Effect.gen(function* () {
  const { l, port } = yield* listener;
  const c = yield* Socket.open('inet', 'stream');
  yield* Socket.connect(c, { ...LOOPBACK, port });
  const a = yield* Socket.accept(l);
  return { c, a };
});

describe('scoped sockets', () => {
  it('open closes the socket when its scope closes', async () => {
    const before = socket.number_of();
    const s = await run(Effect.scoped(Effect.gen(function* () {
      const s = yield* Socket.open('inet', 'dgram');
      expect(socket.number_of()).toBe(before + 1);
      expect((yield* Socket.info(s)).rstates).not.toContain('closed');
      return s;
    })));
    expect(socket.number_of()).toBe(before);
    expect(socket.info(s).rstates).toContain('closed');
  });

  it('closes the socket when the scope fails too', async () => {
    const before = socket.number_of();
    const x = await Effect.runPromiseExit(Effect.scoped(Effect.gen(function* () {
      yield* Socket.open('inet', 'stream');
      return yield* Effect.fail('boom');
    })));
    expect(Exit.isFailure(x)).toBe(true);
    expect(socket.number_of()).toBe(before);
  });

  it('accepted sockets belong to the scope, not to the process that accepted', async () => {
    const before = socket.number_of();
    await run(Effect.scoped(Effect.gen(function* () {
      const { c, a } = yield* pair;
      expect(socket.number_of()).toBe(before + 3);
      // The accepting beamlet process has ended; the socket still works.
      yield* Socket.send(c, 'still open');
      expect((yield* Socket.recv(a, 10)).toString()).toBe('still open');
    })));
    expect(socket.number_of()).toBe(before);
  });

  it('an explicit close before the scope ends is fine', async () => {
    const before = socket.number_of();
    await run(Effect.scoped(Effect.gen(function* () {
      const s = yield* Socket.open('inet', 'stream');
      yield* Socket.close(s);
      expect(socket.number_of()).toBe(before);
    })));
    expect(socket.number_of()).toBe(before);
  });
});

describe('typed errors', () => {
  it('connect to a closed port fails with PosixError econnrefused', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      // A port that was just free: bind, read it, close.
      const port = yield* Effect.scoped(Effect.flatMap(listener, ({ port }) => Effect.succeed(port)));
      const c = yield* Socket.open('inet', 'stream');
      return yield* failure(Socket.connect(c, { ...LOOPBACK, port }));
    })));
    expect(e._tag).toBe('PosixError');
    expect(e.reason).toBe('econnrefused');
    expect(e.op).toBe('connect');
  });

  it('catchTag selects on the tag', async () => {
    const r = await run(Effect.scoped(Effect.gen(function* () {
      const port = yield* Effect.scoped(Effect.map(listener, ({ port }) => port));
      const c = yield* Socket.open('inet', 'stream');
      return yield* Socket.connect(c, { ...LOOPBACK, port }).pipe(
        Effect.as('connected'),
        Effect.catchTag('PosixError', (e) => Effect.succeed(e.reason)),
      );
    })));
    expect(r).toBe('econnrefused');
  });

  it('recv after close fails with ClosedError', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { a } = yield* pair;
      yield* Socket.close(a);
      return yield* failure(Socket.recv(a));
    })));
    expect(e._tag).toBe('ClosedError');
    expect(e.reason).toBe('closed');
  });

  it('recv once the peer has closed fails with ClosedError', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { c, a } = yield* pair;
      yield* Socket.close(c);
      return yield* failure(Socket.recv(a));
    })));
    expect(e._tag).toBe('ClosedError');
  });

  it('recv with a time-out fails with TimeoutError', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { a } = yield* pair;
      return yield* failure(Socket.recv(a, 0, 20));
    })));
    expect(e._tag).toBe('TimeoutError');
    expect(e.reason).toBe('timeout');
    expect(e.op).toBe('recv');
  });

  it('a recv of N bytes that times out keeps the bytes it read in data', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { c, a } = yield* pair;
      yield* Socket.send(c, 'abc');
      return yield* failure(Socket.recv(a, 10, 50));
    })));
    expect(e._tag).toBe('TimeoutError');
    expect(e._tag === 'TimeoutError' && e.data?.toString()).toBe('abc');
  });

  it('bad arguments fail with InvalidError carrying what', async () => {
    const errs = await run(Effect.scoped(Effect.gen(function* () {
      const open = yield* failure(Socket.open('foo' as Socket.domain, 'stream'));
      const s = yield* Socket.open('inet', 'stream');
      const bind = yield* failure(Socket.bind(s, 'bogus' as 'any'));
      const opt = yield* failure(Socket.setopt(s, ['socket', 'nosuch'] as unknown as Socket.any_socket_option, 1));
      return { open, bind, opt };
    })));
    expect(errs.open).toMatchObject({ _tag: 'InvalidError', reason: 'invalid', what: ['domain', 'foo'], op: 'open' });
    expect(errs.bind).toMatchObject({ _tag: 'InvalidError', what: ['sockaddr', 'bogus'], op: 'bind' });
    expect(errs.opt).toMatchObject({ _tag: 'InvalidError', what: ['socket_option', ['socket', 'nosuch']], op: 'setopt' });
  });

  it('a call that OTP answers with badarg fails with InvalidError what badarg', async () => {
    const e = await run(failure(Socket.recv(['$socket', 'not a handle'] as unknown as Socket.socket)));
    expect(e).toMatchObject({ _tag: 'InvalidError', what: 'badarg', op: 'recv' });
  });

  it('every error is an Error with a message, and isSocketError knows the family', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { a } = yield* pair;
      return yield* failure(Socket.recv(a, 0, 1));
    })));
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('recv: timeout');
    expect(isSocketError(e)).toBe(true);
    expect(isSocketError(new Error('x'))).toBe(false);
  });
});

describe('TCP through Effect', () => {
  it('echoes through a server fiber and a client', async () => {
    const got = await run(Effect.scoped(Effect.gen(function* () {
      const { l, port } = yield* listener;
      const server = Effect.scoped(Effect.gen(function* () {
        const conn = yield* Socket.accept(l);
        yield* Socket.recvStream(conn).pipe(Stream.runForEach((b) => Socket.send(conn, b)));
      }));
      yield* Effect.forkScoped(server);
      const c = yield* Socket.open('inet', 'stream');
      yield* Socket.connect(c, { ...LOOPBACK, port });
      const out: string[] = [];
      for (const line of ['one\n', 'two\n', 'three\n']) {
        yield* Socket.send(c, line);
        out.push((yield* Socket.recv(c, line.length)).toString());
      }
      return out;
    })));
    expect(got).toEqual(['one\n', 'two\n', 'three\n']);
  });

  it('recvStream delivers every byte in order and ends when the peer closes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { maxLength: 20 }), async (chunks) => {
      const received = await run(Effect.scoped(Effect.gen(function* () {
        const { c, a } = yield* pair;
        const reader = yield* Effect.forkChild(Stream.runCollect(Socket.recvStream(a, { bufferSize: 2 })));
        for (const ch of chunks) yield* Socket.send(c, Buffer.from(ch));
        yield* Socket.close(c);
        return Buffer.concat(yield* Fiber.join(reader));
      })));
      expect(received).toEqual(Buffer.concat(chunks.map((ch) => Buffer.from(ch))));
    }), { numRuns: 20 });
  });

  it('sendSink sends every chunk of a stream, in order', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 1, maxLength: 2000 }), { maxLength: 30 }), async (chunks) => {
      const received = await run(Effect.scoped(Effect.gen(function* () {
        const { c, a } = yield* pair;
        const reader = yield* Effect.forkChild(Stream.runCollect(Socket.recvStream(a)));
        yield* Stream.fromIterable(chunks.map((ch) => Buffer.from(ch))).pipe(Stream.run(Socket.sendSink(c)));
        yield* Socket.close(c);
        return Buffer.concat(yield* Fiber.join(reader));
      })));
      expect(received).toEqual(Buffer.concat(chunks.map((ch) => Buffer.from(ch))));
    }), { numRuns: 20 });
  });

  it('sendSink fails with the socket error once the peer is gone', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { c, a } = yield* pair;
      yield* Socket.close(a);
      const chunks = Stream.range(1, 2000).pipe(Stream.map(() => Buffer.alloc(4096)));
      return yield* failure(chunks.pipe(Stream.run(Socket.sendSink(c))));
    })));
    expect(isSocketError(e)).toBe(true);
    expect(['econnreset', 'epipe', 'closed']).toContain(e.reason);
    expect(e.op).toBe('send');
  });

  it('ending a recvStream early withdraws its recv, so a later recv gets the data', async () => {
    const r = await run(Effect.scoped(Effect.gen(function* () {
      const { c, a } = yield* pair;
      yield* Socket.send(c, 'first');
      const first = yield* Stream.runCollect(Stream.take(Socket.recvStream(a), 1));
      yield* Socket.send(c, 'second');
      const second = yield* Socket.recv(a, 6, 2000);
      return [first.map(String), second.toString()];
    })));
    expect(r).toEqual([['first'], 'second']);
  });
});

describe('datagrams', () => {
  const udp = Effect.gen(function* () {
    const s = yield* Socket.open('inet', 'dgram');
    yield* Socket.bind(s, LOOPBACK);
    const addr = (yield* Socket.sockname(s)) as Socket.sockaddr_in;
    return { s, addr };
  });

  it('recvfromStream is the stream of datagrams received, in order, with their source', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.string({ minLength: 1, maxLength: 100 }), { minLength: 1, maxLength: 40 }), async (msgs) => {
      const got = await run(Effect.scoped(Effect.gen(function* () {
        const server = yield* udp;
        const client = yield* udp;
        for (const m of msgs) yield* Socket.sendto(client.s, m, server.addr);
        const ds = yield* Stream.runCollect(Stream.take(Socket.recvfromStream(server.s, { bufferSize: 4 }), msgs.length));
        return ds.map((d) => ({ data: d.data.toString(), port: (d.source as Socket.sockaddr_in).port, want: client.addr.port }));
      })));
      expect(got.map((d) => d.data)).toEqual(msgs);
      for (const d of got) expect(d.port).toBe(d.want);
    }), { numRuns: 15 });
  });

  it('a full buffer stops reading: datagrams past bufferSize stay in the kernel', async () => {
    const r = await run(Effect.scoped(Effect.gen(function* () {
      const server = yield* udp;
      const client = yield* udp;
      for (let i = 0; i < 30; i++) yield* Socket.sendto(client.s, `m${i}`, server.addr);
      const pull = yield* Stream.toPull(Socket.recvfromStream(server.s, { bufferSize: 4 }));
      const first = yield* pull;
      // Give the reader every chance to read more than it may.
      yield* Effect.sleep(50);
      const read = socket.info(server.s).counters.read_pkg;
      let rest = 0;
      while (first.length + rest < 30) rest += (yield* pull).length;
      return { first: first.length, read, total: socket.info(server.s).counters.read_pkg };
    })));
    // Read so far: the first pull, a full buffer, and one datagram held back waiting for room.
    expect(r.read).toBeLessThanOrEqual(r.first + 4 + 1);
    expect(r.total).toBe(30);
  });

  it('recvfrom and sendto answer a datagram', async () => {
    const reply = await run(Effect.scoped(Effect.gen(function* () {
      const server = yield* udp;
      const client = yield* udp;
      yield* Effect.forkScoped(Effect.gen(function* () {
        const { source, data } = yield* Socket.recvfrom(server.s);
        yield* Socket.sendto(server.s, Buffer.concat([Buffer.from('re: '), data]), source as Socket.sockaddr);
      }));
      yield* Socket.sendto(client.s, 'ping', server.addr);
      return (yield* Socket.recvfrom(client.s, 0, 2000)).data.toString();
    })));
    expect(reply).toBe('re: ping');
  });

  it('the stream ends when the socket is closed', async () => {
    const n = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      const reader = yield* Effect.forkChild(Stream.runCount(Socket.recvfromStream(s)));
      yield* Effect.yieldNow;
      yield* Socket.close(s);
      return yield* Fiber.join(reader);
    })));
    expect(n).toBe(0);
  });
});

describe('interruption', () => {
  it('interrupting a blocked recv withdraws it: the socket keeps working and no process is left', async () => {
    const r = await run(Effect.scoped(Effect.gen(function* () {
      const { c, a } = yield* pair;
      const blocked = yield* Effect.forkChild(Socket.recv(a));
      yield* Effect.sleep(10);
      yield* Fiber.interrupt(blocked);
      yield* Socket.send(c, 'after');
      return (yield* Socket.recv(a, 5, 2000)).toString();
    })));
    expect(r).toBe('after');
  });

  it('accepts interrupted at any moment, connections or not, leak no socket', async () => {
    const before = socket.number_of();
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.nat(3)), { minLength: 1, maxLength: 8 }), async (steps) => {
      await run(Effect.scoped(Effect.gen(function* () {
        const { l, port } = yield* listener;
        for (const [connect, delay] of steps) {
          const acceptor = yield* Effect.forkChild(Effect.scoped(Effect.flatMap(Socket.accept(l), () => Effect.never)));
          if (connect) {
            const c = yield* Socket.open('inet', 'stream');
            yield* Socket.connect(c, { ...LOOPBACK, port });
          }
          yield* Effect.sleep(delay);
          yield* Fiber.interrupt(acceptor);
        }
      })));
      expect(socket.number_of()).toBe(before);
    }), { numRuns: 25 });
  });

  it('Effect.timeout around accept interrupts it and the listener still accepts', async () => {
    const r = await run(Effect.scoped(Effect.gen(function* () {
      const { l, port } = yield* listener;
      const timedOut = yield* Effect.exit(Effect.timeout(Effect.scoped(Socket.accept(l)), 20));
      const c = yield* Socket.open('inet', 'stream');
      yield* Socket.connect(c, { ...LOOPBACK, port });
      yield* Socket.accept(l, 2000);
      return Exit.isFailure(timedOut);
    })));
    expect(r).toBe(true);
  });

  it('a pending recv fails with ClosedError when another fiber closes the socket', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { a } = yield* pair;
      const blocked = yield* Effect.forkChild(Effect.flip(Socket.recv(a)));
      yield* Effect.sleep(10);
      yield* Socket.close(a);
      return (yield* Fiber.join(blocked)) as SocketError;
    })));
    expect(e._tag).toBe('ClosedError');
  });
});
