/**
 * Sockets for Effect programs: OTP's `socket` module (as `beamlet/socket` implements it)
 * with every call an Effect, every `['error', reason]` a typed {@link SocketError}, and
 * every socket a scoped resource.
 *
 * `open` and `accept` acquire a socket in the current `Scope`; it is closed when the
 * scope closes, whatever way the scope ends. No beamlet process owns such a socket, so
 * only its scope (or an explicit `close`) closes it. Calls that can wait (accept,
 * connect, send, sendv, recv, sendto, recvfrom, sendmsg, recvmsg, sendmmsg, recvmmsg,
 * sendfile, close, and monitor's wait for the DOWN) each run in a short-lived beamlet
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
import { receive } from '../runtime/process.ts';
import type { Term } from '../runtime/term.ts';
import type { SocketError } from './errors.ts';
import { call, pump, sync, writer } from './internal/bridge.ts';

export type {
  any_socket_option, domain, file_fd, ioctl_get_request2, ioctl_get_request3, ioctl_set_request, iodata, msg_flag, msg_recv, msg_send,
  protocol, select_info, sockaddr, sockaddr_in, sockaddr_in6, sockaddr_recv, sockaddr_un, socket, socket_info_map, timeout, type,
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

/**
 * The flags of the message calls: the manual's `msg_flag()` atoms or native integers.
 *
 * @category models
 * @example
 * ```ts
 * const flags: Socket.Flags = ['peek'];
 * ```
 */
export type Flags = readonly (socket.msg_flag | number)[];

/**
 * Options of {@link recvmsg} and {@link recvmmsg}: the manual's `BufSz` (0, the default:
 * `{otp, rcvbuf}`), `CtrlSz` (0, the default: `{otp, rcvctrlbuf}`) and `Flags`.
 *
 * @category models
 * @example
 * ```ts
 * Socket.recvmsg(s, { bufSz: 1500, flags: ['peek'] });
 * ```
 */
export interface RecvmsgOptions {
  readonly bufSz?: number;
  readonly ctrlSz?: number;
  readonly flags?: Flags;
}

/**
 * The filters of {@link which_sockets}: a domain, type or protocol, the controlling
 * process, or a predicate on the socket's `info/1` map.
 *
 * @category models
 * @example
 * ```ts
 * const udp = yield* Socket.which_sockets('udp');
 * ```
 */
export type WhichFilter = Parameters<typeof socket.which_sockets>[0];

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

/**
 * `sendv/2,3`: sends all of an I/O vector, with one sendmsg(2) per attempt. On a
 * time-out or an error, the error's `data` is the part of the vector left unsent.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.sendv(s, [header, body]);
 * ```
 */
export function sendv(s: socket.socket, iov: readonly Buffer[], timeout: socket.timeout = 'infinity'): Effect.Effect<void, SocketError> {
  return call('sendv', () => socket.sendv(s, iov, timeout), () => undefined);
}

/** `'ok'` is everything sent; `['ok', Rest]` leaves `Rest` unsent. */
const restOf = <T>(r: 'ok' | readonly ['ok', T[]]): readonly T[] => (r === 'ok' ? [] : r[1]);

/**
 * `sendmsg/2,3,4`: sends a `msg_send()` map (`iov`, and `addr`, `ctrl` when needed).
 * Succeeds with what the kernel did not take: empty when it took everything, the unsent
 * I/O vector when a datagram socket took only part of the message.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.sendmsg(s, { addr: dest, iov: [Buffer.from('ping')] });
 * ```
 */
export function sendmsg(s: socket.socket, msg: socket.msg_send, flags: Flags = [], timeout: socket.timeout = 'infinity'): Effect.Effect<readonly Buffer[], SocketError> {
  return call('sendmsg', () => socket.sendmsg(s, msg, flags, timeout), (r) => restOf(r as 'ok' | readonly ['ok', Buffer[]]));
}

/**
 * `recvmsg/1..5`: the next message as a `msg_recv()` map: its data (`iov`), its source
 * (`addr`, on a datagram socket), its control messages (`ctrl`) and its `flags`
 * (`trunc` when it did not fit in `bufSz`).
 *
 * @category combinators
 * @example
 * ```ts
 * const { addr, iov, ctrl } = yield* Socket.recvmsg(s, { ctrlSz: 64 }, 1000);
 * ```
 */
export function recvmsg(s: socket.socket, opts: RecvmsgOptions = {}, timeout: socket.timeout = 'infinity'): Effect.Effect<socket.msg_recv, SocketError> {
  return call(
    'recvmsg',
    () => socket.recvmsg(s, opts.bufSz ?? 0, opts.ctrlSz ?? 0, opts.flags ?? [], timeout),
    // A blocking recvmsg returns ok or error; the select variants are nowait's.
    (r) => (r as readonly ['ok', socket.msg_recv])[1],
  );
}

/**
 * `sendmmsg/4`: sends many messages with as few sendmmsg(2) calls as possible (up to
 * 1,024 per call). Succeeds with, per message the kernel took only in part (a stream),
 * its unsent I/O vector, in message order: empty when everything went.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.sendmmsg(s, replies.map((iov) => ({ addr: dest, iov })));
 * ```
 */
export function sendmmsg(s: socket.socket, msgs: readonly socket.msg_send[], flags: Flags = [], timeout: socket.timeout = 'infinity'): Effect.Effect<readonly (readonly Buffer[])[], SocketError> {
  return call('sendmmsg', () => socket.sendmmsg(s, msgs, flags, timeout), (r) => restOf(r as 'ok' | readonly ['ok', Buffer[][]]));
}

/**
 * `recvmmsg/6`: what is queued, at least one message and at most `vlen` (1 to 1,024),
 * with one recvmmsg(2); each is a `msg_recv()` map as {@link recvmsg} returns.
 *
 * @category combinators
 * @example
 * ```ts
 * const batch = yield* Socket.recvmmsg(s, 64, { bufSz: 1500 });
 * ```
 */
export function recvmmsg(s: socket.socket, vlen: number, opts: RecvmsgOptions = {}, timeout: socket.timeout = 'infinity'): Effect.Effect<readonly socket.msg_recv[], SocketError> {
  return call(
    'recvmmsg',
    () => socket.recvmmsg(s, vlen, opts.bufSz ?? 0, opts.ctrlSz ?? 0, opts.flags ?? [], timeout),
    (r) => (r as readonly ['ok', socket.msg_recv[]])[1],
  );
}

/**
 * `sendfile/2..5`: `count` bytes (0, the default: to the end) of an open file from
 * `offset`, written by the kernel with sendfile(2), never through JS. Succeeds with the
 * number of bytes sent; an error after some bytes keeps their count in `sent`.
 *
 * @category combinators
 * @example
 * ```ts
 * const fh = yield* Effect.promise(() => fs.promises.open('index.html'));
 * const n = yield* Socket.sendfile(conn, fh);
 * ```
 */
export function sendfile(s: socket.socket, file: socket.file_fd, offset = 0, count = 0, timeout: socket.timeout = 'infinity'): Effect.Effect<number, SocketError> {
  return call('sendfile', () => socket.sendfile(s, file, offset, count, timeout), (r) => (r as readonly ['ok', number])[1]);
}

/**
 * `cancel/2`: withdraws an asynchronous operation by its `select_info`. As in OTP, only
 * the caller's own: a fiber runs outside any process, so these are nowait calls made
 * with `beamlet/socket` outside any process; another process's `select_info`, or one
 * already done or cancelled, is an `InvalidError`, and a closed socket a `ClosedError`.
 * Operations started by this module are withdrawn by interrupting their fiber instead.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Socket.cancel(s, selectInfo);
 * ```
 */
export function cancel(s: socket.socket, selectInfo: socket.select_info): Effect.Effect<void, SocketError> {
  return sync('cancel', () => socket.cancel(s, selectInfo), () => undefined);
}

/**
 * `monitor/1` and the `'DOWN'` message it delivers, as one Effect: waits until the
 * socket closes (by `close`, its scope, or its controlling process's end) and succeeds
 * with the DOWN info (`'closed'` for a socket already closed). Interrupting the fiber
 * removes the monitor.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Effect.forkChild(Socket.monitor(s).pipe(Effect.tap((info) => Console.log('down', info))));
 * ```
 */
export function monitor(s: socket.socket): Effect.Effect<Term, SocketError> {
  return call(
    'monitor',
    function* () {
      const mref = socket.monitor(s);
      const down = (yield* receive((m: Term) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === mref)) as readonly Term[];
      return ['ok', down[4]!] as const;
    },
    (r) => r[1],
  );
}

/**
 * `ioctl/2,3,4`: a socket request (`'nread'`, `'nwrite'`, `'nspace'`, `'atmark'`,
 * `'gifconf'`, `'tcp_info'`), an interface get request by name or index (`'gifindex'`,
 * `'gifmtu'`...), or an interface set request (`'sifmtu'`..., which needs the privilege).
 *
 * @category combinators
 * @example
 * ```ts
 * const queued = yield* Socket.ioctl(s, 'nread');
 * const mtu = yield* Socket.ioctl(s, 'gifmtu', 'lo');
 * ```
 */
export function ioctl(s: socket.socket, request: socket.ioctl_get_request2): Effect.Effect<Term, SocketError>;
export function ioctl(s: socket.socket, request: socket.ioctl_get_request3, nameOrIndex: string | number): Effect.Effect<Term, SocketError>;
export function ioctl(s: socket.socket, request: socket.ioctl_set_request, name: string, value: unknown): Effect.Effect<void, SocketError>;
export function ioctl(s: socket.socket, request: string, ...args: unknown[]): Effect.Effect<Term | void, SocketError> {
  return sync(
    'ioctl',
    () => (socket.ioctl as (s: socket.socket, ...a: unknown[]) => 'ok' | readonly ['ok', Term] | readonly ['error', Term])(s, request, ...args),
    (r) => (r === 'ok' ? undefined : r[1]),
  );
}

/**
 * `number_of/0`: how many sockets are open.
 *
 * @category combinators
 * @example
 * ```ts
 * const n = yield* Socket.number_of;
 * ```
 */
export const number_of: Effect.Effect<number> = Effect.sync(() => socket.number_of());

/**
 * `which_sockets/0,1`: the open sockets, all or those matching `filter`.
 *
 * @category combinators
 * @example
 * ```ts
 * const tcp = yield* Socket.which_sockets('tcp');
 * ```
 */
export function which_sockets(filter?: WhichFilter): Effect.Effect<readonly socket.socket[]> {
  return Effect.sync(() => socket.which_sockets(filter));
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
