/**
 * Sockets for Effect programs: OTP's `socket` module (as `beamlet/socket` implements it)
 * with every call an Effect, every `['error', reason]` a typed {@link SocketError}, and
 * every socket a scoped resource.
 *
 * `open` and `accept` acquire a socket in the current `Scope`; it is closed when the
 * scope closes, whatever way the scope ends. No beamlet process owns such a socket, so
 * only its scope (or an explicit `close`) closes it. Calls that can wait (accept,
 * connect, send, recv, sendto, recvfrom, close) each run in a short-lived beamlet
 * process; interrupting the fiber kills that process, which withdraws the operation.
 * The rest are made directly from the fiber.
 *
 * Time-outs are the manual's: milliseconds or `'infinity'`; `Effect.timeout` works too.
 *
 * ```ts
 * import { Effect } from 'effect';
 * import { Socket } from 'beamlet/effect';
 *
 * const hello = Effect.scoped(Effect.gen(function* () {
 *   const l = yield* Socket.open('inet', 'stream');
 *   yield* Socket.bind(l, { family: 'inet', addr: 'loopback', port: 0 });
 *   yield* Socket.listen(l);
 *   const { port } = (yield* Socket.sockname(l)) as Socket.sockaddr_in;
 *   const c = yield* Socket.open('inet', 'stream');
 *   yield* Socket.connect(c, { family: 'inet', addr: 'loopback', port });
 *   const a = yield* Socket.accept(l);
 *   yield* Socket.send(c, 'hello');
 *   return yield* Socket.recv(a, 5); // <Buffer 68 65 6c 6c 6f>
 * }));
 * ```
 */
import { Effect, Pull, Scope, Sink, Stream } from 'effect';
import * as socket from '../socket/index.ts';
import { disown } from '../socket/internal.ts';
import type { Term } from '../runtime/term.ts';
import type { SocketError } from './errors.ts';
import { call, pump, sync, writer } from './internal/bridge.ts';

export type {
  any_socket_option, domain, iodata, protocol, sockaddr, sockaddr_in, sockaddr_in6, sockaddr_recv, sockaddr_un, socket, socket_info_map,
  timeout, type,
} from '../socket/index.ts';

// ---------------------------------------------------------------------------
// Models

/**
 * A datagram received by {@link recvfrom}: who sent it and what it holds.
 *
 * @category models
 * @example
 * ```ts
 * const { source, data } = yield* Socket.recvfrom(s);
 * yield* Socket.sendto(s, data, source as Socket.sockaddr);
 * ```
 */
export interface Datagram {
  readonly source: socket.sockaddr_recv;
  readonly data: Buffer;
}

/**
 * Options of {@link recvStream} and {@link recvfromStream}.
 *
 * - `bufferSize`: how many received chunks (or datagrams) may wait for the consumer;
 *   when full, reading pauses until the consumer catches up (default 16).
 * - `length`: the `Length` (`recv`) or `BufSz` (`recvfrom`) of each read; 0, the
 *   default, reads what is there.
 *
 * @category models
 * @example
 * ```ts
 * Socket.recvfromStream(s, { bufferSize: 256 });
 * ```
 */
export interface StreamOptions {
  readonly bufferSize?: number;
  readonly length?: number;
}

// ---------------------------------------------------------------------------
// Constructors

const closeQuietly = (s: socket.socket): Effect.Effect<void> =>
  call('close', () => socket.close(s), () => undefined).pipe(Effect.ignore);

/**
 * `open/2,3`: a new socket, closed when the current scope closes.
 *
 * @category constructors
 * @example
 * ```ts
 * Effect.scoped(Effect.gen(function* () {
 *   const s = yield* Socket.open('inet', 'dgram');
 *   // ... s is closed when this scope ends
 * }));
 * ```
 */
export function open(domain: socket.domain | number, type: socket.type | number, protocol: socket.protocol | number | 'default' = 'default'): Effect.Effect<socket.socket, SocketError, Scope.Scope> {
  return Effect.acquireRelease(
    sync('open', () => socket.open(domain, type, protocol), (r) => r[1]),
    closeQuietly,
  );
}

/**
 * `accept/1,2`: the next connection on a listening socket, closed when the current scope
 * closes. Waiting is interruptible.
 *
 * @category constructors
 * @example
 * ```ts
 * const serveOne = Effect.scoped(Effect.gen(function* () {
 *   const conn = yield* Socket.accept(listener);
 *   yield* Socket.send(conn, 'hi\n');
 * }));
 * ```
 */
export function accept(s: socket.socket, timeout: socket.timeout = 'infinity'): Effect.Effect<socket.socket, SocketError, Scope.Scope> {
  return Effect.acquireRelease(
    Effect.suspend(() => {
      // The accepted socket, as soon as the accepting process has it: should the fiber be
      // interrupted after the process ended but before the scope holds the socket, it is
      // closed here instead of leaking.
      const box: { sock: socket.socket | undefined } = { sock: undefined };
      return call(
        'accept',
        function* () {
          const r = yield* socket.accept(s, timeout);
          if (r[0] === 'ok') {
            // The accepting process ends at once; the scope, not it, decides when to close.
            disown(r[1]);
            box.sock = r[1];
          }
          return r;
        },
        (r) => r[1],
      ).pipe(Effect.onInterrupt(() => (box.sock === undefined ? Effect.void : closeQuietly(box.sock))));
    }),
    closeQuietly,
    { interruptible: true },
  );
}

// ---------------------------------------------------------------------------
// Combinators

/**
 * `bind/2`: gives the socket a local address (`port: 0` picks a free port).
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.bind(s, { family: 'inet', addr: 'loopback', port: 0 });
 * ```
 */
export function bind(s: socket.socket, addr: socket.sockaddr | 'any' | 'loopback' | 'broadcast'): Effect.Effect<void, SocketError> {
  return sync('bind', () => socket.bind(s, addr), () => undefined);
}

/**
 * `listen/1,2`: makes a stream socket accept connections.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.listen(s, 128);
 * ```
 */
export function listen(s: socket.socket, backlog = 5): Effect.Effect<void, SocketError> {
  return sync('listen', () => socket.listen(s, backlog), () => undefined);
}

/**
 * `connect/2,3`: connects to `addr`; fails with `PosixError` `econnrefused` when nobody
 * listens there.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.connect(s, { family: 'inet', addr: 'loopback', port: 7 }, 5000);
 * ```
 */
export function connect(s: socket.socket, addr: socket.sockaddr, timeout: socket.timeout = 'infinity'): Effect.Effect<void, SocketError> {
  return call('connect', () => socket.connect(s, addr, timeout), () => undefined);
}

/**
 * `send/2,3`: sends all of `data`. On a time-out, `TimeoutError.data` is what was left.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.send(s, ['HTTP/1.0 200 OK\r\n\r\n', body]);
 * ```
 */
export function send(s: socket.socket, data: socket.iodata, timeout: socket.timeout = 'infinity'): Effect.Effect<void, SocketError> {
  return call('send', () => socket.send(s, data, timeout), () => undefined);
}

/**
 * `recv/1,2,3`: `length` bytes (0: whatever is there, at least one byte). Fails with
 * `ClosedError` once the peer has closed, `TimeoutError` when `timeout` passes first.
 *
 * @category combinators
 * @example
 * ```ts
 * const header = yield* Socket.recv(s, 4, 1000);
 * ```
 */
export function recv(s: socket.socket, length = 0, timeout: socket.timeout = 'infinity'): Effect.Effect<Buffer, SocketError> {
  return call('recv', () => socket.recv(s, length, timeout), (r) => r[1]);
}

/**
 * `sendto/3,4`: sends one datagram to `dest`.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.sendto(s, 'ping', { family: 'inet', addr: 'loopback', port });
 * ```
 */
export function sendto(s: socket.socket, data: socket.iodata, dest: socket.sockaddr, timeout: socket.timeout = 'infinity'): Effect.Effect<void, SocketError> {
  return call('sendto', () => socket.sendto(s, data, dest, timeout), () => undefined);
}

/**
 * `recvfrom/1,2,3`: the next datagram and its source.
 *
 * @category combinators
 * @example
 * ```ts
 * const { source, data } = yield* Socket.recvfrom(s, 0, 1000);
 * ```
 */
export function recvfrom(s: socket.socket, bufSz = 0, timeout: socket.timeout = 'infinity'): Effect.Effect<Datagram, SocketError> {
  return call('recvfrom', () => socket.recvfrom(s, bufSz, timeout), (r) => {
    // A blocking recvfrom returns ok or error; the select variants are nowait's.
    const [, [source, data]] = r as readonly ['ok', readonly [socket.sockaddr_recv, Buffer]];
    return { source, data };
  });
}

/**
 * `shutdown/2`: stops reading, writing or both, without closing.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.shutdown(s, 'write'); // the peer's recv now fails with ClosedError
 * ```
 */
export function shutdown(s: socket.socket, how: 'read' | 'write' | 'read_write'): Effect.Effect<void, SocketError> {
  return sync('shutdown', () => socket.shutdown(s, how), () => undefined);
}

/**
 * `close/1`: closes now instead of when the scope closes (which then does nothing).
 * Pending calls on the socket fail with `ClosedError`.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.close(s);
 * ```
 */
export function close(s: socket.socket): Effect.Effect<void, SocketError> {
  return call('close', () => socket.close(s), () => undefined);
}

/**
 * `sockname/1`: the local address.
 *
 * @category combinators
 * @example
 * ```ts
 * const { port } = (yield* Socket.sockname(s)) as Socket.sockaddr_in;
 * ```
 */
export function sockname(s: socket.socket): Effect.Effect<socket.sockaddr_recv, SocketError> {
  return sync('sockname', () => socket.sockname(s), (r) => r[1]);
}

/**
 * `peername/1`: the address of the connected peer.
 *
 * @category combinators
 * @example
 * ```ts
 * const peer = yield* Socket.peername(s);
 * ```
 */
export function peername(s: socket.socket): Effect.Effect<socket.sockaddr_recv, SocketError> {
  return sync('peername', () => socket.peername(s), (r) => r[1]);
}

/**
 * `getopt/2`: the value of an option, e.g. `['socket', 'rcvbuf']`.
 *
 * @category combinators
 * @example
 * ```ts
 * const rcvbuf = yield* Socket.getopt(s, ['socket', 'rcvbuf']);
 * ```
 */
export function getopt(s: socket.socket, opt: socket.any_socket_option): Effect.Effect<Term, SocketError> {
  return sync('getopt', () => socket.getopt(s, opt), (r) => r[1]);
}

/**
 * `setopt/3`: sets an option; an unknown option or a bad value is an `InvalidError`.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.setopt(s, ['socket', 'reuseaddr'], true);
 * ```
 */
export function setopt(s: socket.socket, opt: socket.any_socket_option, value: unknown): Effect.Effect<void, SocketError> {
  return sync('setopt', () => socket.setopt(s, opt, value), () => undefined);
}

/**
 * `info/1`: the socket's counters, state and options, as the manual's map.
 *
 * @category combinators
 * @example
 * ```ts
 * const { counters } = yield* Socket.info(s);
 * ```
 */
export function info(s: socket.socket): Effect.Effect<socket.socket_info_map> {
  return Effect.sync(() => socket.info(s));
}

// ---------------------------------------------------------------------------
// Streams

const DEFAULT_BUFFER = 16;

/**
 * What a stream socket receives, chunk by chunk, until the peer closes (the stream then
 * ends) or an error (the stream fails). One beamlet process reads while the buffer has
 * room; at most `bufferSize` chunks wait for the consumer, and past that reading pauses.
 * Ending the stream withdraws the pending recv.
 *
 * @category streams
 * @example
 * ```ts
 * yield* Socket.recvStream(conn).pipe(
 *   Stream.runForEach((chunk) => Socket.send(conn, chunk)), // echo
 * );
 * ```
 */
export function recvStream(s: socket.socket, opts: StreamOptions = {}): Stream.Stream<Buffer, SocketError> {
  const length = opts.length ?? 0;
  return Stream.callback<Buffer, SocketError>(
    (queue) => pump('recv', queue, () => socket.recv(s, length), (r) => [r[1]]),
    { bufferSize: opts.bufferSize ?? DEFAULT_BUFFER, strategy: 'suspend' },
  );
}

/**
 * The datagrams a socket receives. One beamlet process reads while the buffer has room;
 * at most `bufferSize` datagrams wait for the consumer, and past that reading pauses
 * and the kernel's buffer takes the rest (or drops it, as UDP does). The consumer gets
 * them in batches: each pull takes everything buffered. The stream ends when the
 * socket is closed.
 *
 * @category streams
 * @example
 * ```ts
 * yield* Socket.recvfromStream(s).pipe(
 *   Stream.runForEach(({ source, data }) => Socket.sendto(s, data, source as Socket.sockaddr)),
 * );
 * ```
 */
export function recvfromStream(s: socket.socket, opts: StreamOptions = {}): Stream.Stream<Datagram, SocketError> {
  const bufSz = opts.length ?? 0;
  return Stream.callback<Datagram, SocketError>(
    (queue) =>
      pump('recvfrom', queue, () => socket.recvfrom(s, bufSz), (r) => {
        const [, [source, data]] = r as readonly ['ok', readonly [socket.sockaddr_recv, Buffer]];
        return [{ source, data }];
      }),
    { bufferSize: opts.bufferSize ?? DEFAULT_BUFFER, strategy: 'suspend' },
  );
}

/**
 * A Sink that sends what it is fed on a stream socket, in order. One beamlet process
 * does the writing; each batch the stream hands over goes to it as one `send` of all its
 * chunks, and the stream waits only while a few batches are still being written. The
 * sink completes once everything is written; a failed send fails it.
 *
 * @category streams
 * @example
 * ```ts
 * yield* Socket.recvStream(conn).pipe(Stream.run(Socket.sendSink(conn))); // echo
 * ```
 */
export function sendSink(s: socket.socket, timeout: socket.timeout = 'infinity'): Sink.Sink<void, socket.iodata, never, SocketError> {
  return Sink.fromTransform((upstream, scope) =>
    Effect.suspend(() => {
      const w = writer('send', (chunks: readonly socket.iodata[]) => socket.send(s, chunks.length === 1 ? chunks[0]! : chunks, timeout));
      return Scope.addFinalizer(scope, w.stop).pipe(
        Effect.andThen(upstream.pipe(
          Effect.flatMap(w.write),
          Effect.forever({ disableYield: true }),
          Pull.catchDone(() => Effect.as(w.flush, [undefined] as const)),
        )),
      );
    }),
  );
}
