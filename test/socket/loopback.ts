/**
 * Helpers for the socket core tests: real sockets on loopback, made inside a process.
 * Every helper asserts its own steps, so a test reads as the behaviour it checks.
 */
import { expect } from 'vitest';
import { receive, run, type ProcessBody } from '../../runtime/process.ts';
import type { Term } from '../../runtime/term.ts';
import * as socket from '../../socket/index.ts';

export { socket };
export type Sock = socket.socket;

/** Unwraps `['ok', v]`, failing the test on anything else. */
export function ok<T>(r: readonly [unknown, unknown] | unknown): T {
  expect(Array.isArray(r) && r[0] === 'ok', `expected ok, got ${String(r)}`).toBe(true);
  return (r as readonly [unknown, T])[1];
}

/** A listening TCP socket on 127.0.0.1 and its address. */
export function listener(backlog = 5): { l: Sock; addr: socket.sockaddr_in } {
  const l = ok<Sock>(socket.open('inet', 'stream'));
  expect(socket.bind(l, { family: 'inet', addr: 'loopback', port: 0 })).toBe('ok');
  expect(socket.listen(l, backlog)).toBe('ok');
  return { l, addr: ok<socket.sockaddr_in>(socket.sockname(l)) };
}

/** A connected TCP pair on loopback: client `c`, accepted `a`, and the listener `l`. */
export function* tcpPair(): Generator<unknown, { l: Sock; c: Sock; a: Sock }, unknown> {
  const { l, addr } = listener();
  const c = ok<Sock>(socket.open('inet', 'stream'));
  expect(yield* socket.connect(c, addr)).toBe('ok');
  const a = ok<Sock>(yield* socket.accept(l));
  return { l, c, a };
}

/** Closes sockets, ignoring ones already closed. */
export function* closeAll(...ss: Sock[]): Generator<unknown, void, unknown> {
  for (const s of ss) yield* socket.close(s);
}

/** Runs a test body as a process. */
export function inProcess<R>(fn: () => ProcessBody<R>): Promise<R> {
  return run(fn);
}

/** The next message within `ms`, or 'none'. */
export function* next(ms = 200): Generator<unknown, Term | 'none', unknown> {
  const m = yield* receive((_: Term) => true, { after: ms });
  return typeof m === 'symbol' ? 'none' : m;
}

/** The select message of `handle` on `s`. */
export function selectMsg(s: Sock, handle: Term): Term {
  return ['$socket', s, 'select', handle];
}

/** The abort message of `handle` on `s`. */
export function abortMsg(s: Sock, handle: Term, reason: Term = 'closed'): Term {
  return ['$socket', s, 'abort', [handle, reason]];
}

/** Bytes as a Buffer, for readable expectations. */
export const b = (s: string): Buffer => Buffer.from(s);
