/**
 * The typed errors of `beamlet/effect`.
 *
 * Every `['error', reason]` a socket call returns becomes one member of the
 * {@link SocketError} family, a tagged class with a stable `_tag`, a `reason` field that
 * is the Erlang reason, and the `op` that failed; data a send or recv moved before it
 * failed rides along in `data`. A beamlet process that ends with any reason but `normal`
 * fails its awaiting Effect with {@link ProcessExitError}.
 *
 * ```ts
 * import { Effect } from 'effect';
 * import { Socket } from 'beamlet/effect';
 *
 * const program = Socket.connect(sock, { family: 'inet', addr: 'loopback', port: 1 }).pipe(
 *   Effect.catchTag('PosixError', (e) => Effect.succeed(e.reason)), // 'econnrefused'
 * );
 * ```
 */
import { Data } from 'effect';
import type { Pid, Term } from '../runtime/term.ts';
import type { posix } from '../socket/types.ts';

// ---------------------------------------------------------------------------
// Models

/**
 * What a partial transfer leaves in an error's `data`: the bytes a recv read or a send
 * left unsent, or the unsent I/O vector of a `sendv` or `sendmsg`.
 *
 * @category models
 * @example
 * ```ts
 * const rest: PartialData = [Buffer.from('unsent')];
 * ```
 */
export type PartialData = Buffer | readonly Buffer[];

/**
 * The socket calls an error can come from, by their Erlang names.
 *
 * @category models
 * @example
 * ```ts
 * const where: Operation = 'recv';
 * ```
 */
export type Operation =
  | 'open' | 'bind' | 'listen' | 'accept' | 'connect' | 'close' | 'shutdown'
  | 'send' | 'recv' | 'sendto' | 'recvfrom' | 'sockname' | 'peername' | 'getopt' | 'setopt'
  | 'sendv' | 'sendmsg' | 'recvmsg' | 'sendmmsg' | 'recvmmsg' | 'sendfile' | 'cancel' | 'monitor' | 'ioctl';

/**
 * The kernel said no: `reason` is the errno as OTP names it (`'econnrefused'`,
 * `'eaddrinuse'`...), or `'already'` for a connect already in progress.
 *
 * @category errors
 * @example
 * ```ts
 * Socket.connect(s, addr).pipe(
 *   Effect.catchTag('PosixError', (e) => Console.log(`${e.op}: ${e.reason}`)),
 * );
 * ```
 */
export class PosixError extends Data.TaggedError('PosixError')<{
  readonly reason: posix | 'already';
  readonly op: Operation;
  readonly data?: PartialData | undefined;
  readonly sent?: number | undefined;
}> {
  override get message(): string {
    return `${this.op}: ${this.reason}`;
  }
}

/**
 * The socket is closed (by `close`, by its scope, or, on a stream socket, by the peer).
 *
 * @category errors
 * @example
 * ```ts
 * Socket.recv(s).pipe(Effect.catchTag('ClosedError', () => Effect.succeed(Buffer.alloc(0))));
 * ```
 */
export class ClosedError extends Data.TaggedError('ClosedError')<{
  readonly reason: 'closed';
  readonly op: Operation;
  readonly data?: PartialData | undefined;
  readonly sent?: number | undefined;
}> {
  override get message(): string {
    return `${this.op}: closed`;
  }
}

/**
 * A call given a time-out (in milliseconds) did not complete in time. `data` holds what a
 * recv had already read, if anything. The tag is the one Effect's own `Effect.timeout`
 * failure carries, so `catchTag('TimeoutError', ...)` handles a time-out whichever side
 * set it; this one has an `op`.
 *
 * @category errors
 * @example
 * ```ts
 * Socket.recv(s, 0, 100).pipe(Effect.catchTag('TimeoutError', (e) => Effect.succeed(e.data)));
 * ```
 */
export class TimeoutError extends Data.TaggedError('TimeoutError')<{
  readonly reason: 'timeout';
  readonly op: Operation;
  readonly data?: PartialData | undefined;
  readonly sent?: number | undefined;
}> {
  override get message(): string {
    return `${this.op}: timeout`;
  }
}

/**
 * An argument was refused: `what` is OTP's `{invalid, What}` (e.g. `['domain', 'foo']`),
 * or `'badarg'` where OTP raises badarg instead of returning an error.
 *
 * @category errors
 * @example
 * ```ts
 * Socket.open('foo' as never, 'stream').pipe(
 *   Effect.catchTag('InvalidError', (e) => Console.log(e.what)), // ['domain', 'foo']
 * );
 * ```
 */
export class InvalidError extends Data.TaggedError('InvalidError')<{
  readonly reason: 'invalid';
  readonly what: Term;
  readonly op: Operation;
}> {
  override get message(): string {
    return `${this.op}: invalid ${JSON.stringify(this.what)}`;
  }
}

/**
 * Every error a socket Effect can fail with.
 *
 * @category errors
 * @example
 * ```ts
 * const describe = (e: SocketError) => `${e._tag} in ${e.op}`;
 * ```
 */
export type SocketError = PosixError | ClosedError | TimeoutError | InvalidError;

/**
 * A beamlet process ended with `reason` other than `normal`: `'killed'` after
 * `exit(pid, 'kill')`, the reason given to `exit`, or `[thrown, stack]` for a crash
 * (the thrown value is also the `cause`).
 *
 * @category errors
 * @example
 * ```ts
 * Process.run(body).pipe(Effect.catchTag('ProcessExitError', (e) => Console.log(e.reason)));
 * ```
 */
export class ProcessExitError extends Data.TaggedError('ProcessExitError')<{
  readonly pid: Pid;
  readonly reason: Term;
  readonly cause?: unknown;
}> {
  override get message(): string {
    return `process ${String(this.pid)} exited: ${typeof this.reason === 'string' ? this.reason : JSON.stringify(this.reason)}`;
  }
}

// ---------------------------------------------------------------------------
// Guards

const SOCKET_TAGS: ReadonlySet<unknown> = new Set(['PosixError', 'ClosedError', 'TimeoutError', 'InvalidError']);

/**
 * True for any member of the {@link SocketError} family.
 *
 * @category guards
 * @example
 * ```ts
 * Effect.catchIf(isSocketError, (e) => Console.log(e.reason));
 * ```
 */
export const isSocketError = (u: unknown): u is SocketError =>
  u instanceof Error && SOCKET_TAGS.has((u as { _tag?: unknown })._tag);

// ---------------------------------------------------------------------------
// Constructors

/**
 * The {@link SocketError} for the `reason` of an Erlang `['error', reason]` returned by `op`.
 * A reason with data (`[reason, Buffer]` from a partial send or recv, `[reason, Buffer[]]`
 * from a partial sendv or sendmsg) keeps it in `data`; `sendfile`'s `[reason, BytesSent]`
 * keeps the count in `sent`.
 *
 * @category constructors
 * @example
 * ```ts
 * fromReason('connect', 'econnrefused'); // PosixError { reason: 'econnrefused', op: 'connect' }
 * fromReason('recv', ['timeout', buf]);  // TimeoutError { data: buf }
 * fromReason('sendfile', ['epipe', 4096]); // PosixError { reason: 'epipe', sent: 4096 }
 * ```
 */
export function fromReason(op: Operation, reason: Term): SocketError {
  if (Array.isArray(reason) && reason.length === 2) {
    const [head, tail] = reason as unknown as readonly [Term, Term];
    if (head === 'invalid') return new InvalidError({ reason: 'invalid', what: tail, op });
    if (typeof head === 'string' && isData(tail)) return fromAtom(op, head, tail, undefined);
    if (typeof head === 'string' && op === 'sendfile' && typeof tail === 'number') return fromAtom(op, head, undefined, tail);
  }
  if (typeof reason === 'string') return fromAtom(op, reason, undefined, undefined);
  // Any other shape is an argument OTP's socket refused in its own words.
  return new InvalidError({ reason: 'invalid', what: reason, op });
}

const isData = (t: unknown): t is PartialData =>
  Buffer.isBuffer(t) || (Array.isArray(t) && t.every((b) => Buffer.isBuffer(b)));

function fromAtom(op: Operation, atom: string, data: PartialData | undefined, sent: number | undefined): SocketError {
  if (atom === 'closed') return new ClosedError({ reason: 'closed', op, data, sent });
  if (atom === 'timeout') return new TimeoutError({ reason: 'timeout', op, data, sent });
  return new PosixError({ reason: atom as posix, op, data, sent });
}
