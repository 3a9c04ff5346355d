/**
 * The select machinery shared by every operation that can wait.
 *
 * An operation tries its syscall once. When it would block, its caller becomes (or
 * stays) the head of the socket's queue for that operation with a select handle, and
 * the queue arms poller interest; the readiness callback then puts
 * `['$socket', sock, 'select', handle]` in the caller's mailbox. A `nowait` (or handle)
 * call returns `['select', ['select_info', tag, handle]]` at that point; a blocking call
 * waits for that message with one selective receive, marked by the handle so an old
 * backlog is not rescanned, and retries. This is what OTP's socket.erl does on top of
 * its NIF, so the two behave the same way in every queueing case.
 *
 * On a time-out the blocking call cancels its operation and flushes a select or abort
 * message that may already have arrived, so nothing is left behind.
 */
import { performance } from 'node:perf_hooks';
import { TIMEOUT, currentPid, makeRef, receiveSelect, type Receive, type Timeout } from '../runtime/process.ts';
import type { Pid, Ref, Term } from '../runtime/term.ts';
import { isSelectOf, removeFirst, type Mailbox } from '../mailbox/queue.ts';
import type { OpQueue } from './queue.ts';
import { NOBODY, type Sock } from './socket.ts';
import type { select_handle, select_info, select_tag, timeout_or_handle } from './types.ts';

/** The calling process (a placeholder outside processes, where only time-out 0 calls work). */
export function caller(): Pid {
  return currentPid() ?? NOBODY;
}

/** A time-out turned into what the wait loop needs. */
export type Deadline = number;
/** No deadline: `infinity`. */
export const NEVER = -1;

/** The deadline of a `Timeout` argument in milliseconds (performance.now()), or NEVER. */
export function deadlineOf(t: 'infinity' | number): Deadline {
  return t === 'infinity' ? NEVER : performance.now() + t;
}

/** What a wait ended with. */
export const SELECTED = 0;
export const TIMED_OUT = 1;
/** Otherwise: the abort reason. */
export type WaitResult = typeof SELECTED | typeof TIMED_OUT | { readonly abort: Term };

/** The handle of a nowait call: `nowait` makes a fresh one, a caller's Ref is used as is. */
export function handleOf(t: 'nowait' | Ref): select_handle {
  return t === 'nowait' ? makeRef() : t;
}

/** True when the argument asks for an asynchronous call. */
export function isAsync(t: timeout_or_handle): t is 'nowait' | Ref {
  return typeof t === 'object' || t === 'nowait';
}

/** `{select_info, Tag, Handle}`. */
export function selectInfo(tag: select_tag, handle: select_handle): select_info {
  return ['select_info', tag, handle];
}

/**
 * The wait of a blocking call for the select or abort message of `handle`, until
 * `deadline`: `outcome(yield* waitSelect(handle, deadline))`. The caller must be the head
 * of a queue (or own the pending connect) with this handle. Not a generator of its own:
 * the receive is iterated by the caller's `yield*` directly, one level less to resume.
 */
export function waitSelect(handle: select_handle, deadline: Deadline): Receive<Term | Timeout> {
  return receiveSelect(handle, deadline === NEVER ? -1 : Math.max(0, Math.ceil(deadline - performance.now())));
}

/** What the message {@link waitSelect} took means: selected, timed out, or aborted. */
export function outcome(m: Term | Timeout): WaitResult {
  if (m === TIMEOUT) return TIMED_OUT;
  const msg = m as readonly Term[];
  if (msg[2] === 'select') return SELECTED;
  return { abort: (msg[3] as readonly Term[])[1] };
}

/**
 * After a blocking call timed out: its operation leaves the queue, and a select or
 * abort message for its handle that already arrived is taken out of the mailbox.
 */
export function giveUp(s: Sock, q: OpQueue | undefined, pid: Pid, handle: select_handle): void {
  if (q !== undefined) q.cancel(pid, handle);
  else if (s.connect?.handle === handle) s.dropConnect();
  flush(s, handle);
}

/** Removes every select or abort message of `handle` on `s` from the caller's mailbox. */
export function flush(s: Sock, handle: select_handle): void {
  const me = currentPid();
  if (me === undefined) return;
  const term = s.term;
  // A caller's own Ref may serve operations on several sockets: the socket counts here.
  const mine = (m: unknown): boolean => isSelectOf(handle, m) && (m as readonly unknown[])[1] === term;
  // The running process is its own mailbox (runtime/process.ts).
  while (removeFirst(me as unknown as Mailbox, mine));
}
