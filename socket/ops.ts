/**
 * The wait loops of the part-2 operations (recvfrom, recvmsg, recvmmsg, sendto, sendmsg,
 * sendmmsg, sendfile), on the queue and select machinery of queue.ts and async.ts.
 *
 * Each operation hands in an attempt: one try of its syscall (a stream write may loop
 * inside it over partial writes) that returns the call's final result or {@link AGAIN}
 * when the kernel said EAGAIN. The loop does the rest exactly as transfer.ts does for
 * recv and send: queue entry, time-out 0 as a single try, `nowait`/handle returning
 * `{select, SelectInfo}`, a blocking call waiting on its handle, a time-out cancelling,
 * `close` aborting. A write that made progress reports it through `partial()`, which
 * goes into the select, time-out and abort results as the manual says.
 */
import { makeRef } from '../runtime/process.ts';
import type { Ref, Term } from '../runtime/term.ts';
import { raiseInvalid } from './args.ts';
import { NEVER, SELECTED, TIMED_OUT, caller, deadlineOf, giveUp, handleOf, isAsync, outcome, selectInfo, waitSelect } from './async.ts';
import type { Sock } from './socket.ts';
import type { select_info, select_tag, timeout_or_handle } from './types.ts';

/** The kernel said EAGAIN: wait for readiness and try again. */
export const AGAIN: unique symbol = Symbol('again');
export type Again = typeof AGAIN;

type Gen<R> = Generator<unknown, R, unknown>;

/** What a read-side operation returns besides its own results. */
export type ReadWaits<D> =
  | readonly ['select', select_info]
  | readonly ['select_read', readonly [select_info, D]]
  | readonly ['error', Term];

/**
 * A read-side operation: `attempt(s, arg, flags)` returns `['ok', D]`, `['error', R]` or
 * AGAIN. With `{otp, select_read}` set, a nowait call that got its data stays armed and
 * returns `{select_read, {SelectInfo, D}}`, so a select message follows when more is
 * readable. The attempt is a module-level function and its arguments are passed along,
 * so a call allocates no closure and each caller's attempt site sees one function.
 */
export function* readOp<D, A>(
  s: Sock, tag: select_tag, t: timeout_or_handle,
  attempt: (s: Sock, arg: A, flags: number) => readonly ['ok', D] | readonly ['error', Term] | Again, arg: A, flags: number,
): Gen<readonly ['ok', D] | ReadWaits<D>> {
  const pid = caller();
  const q = s.queues.readers;
  const async = isAsync(t);
  const deadline = async ? NEVER : deadlineOf(t as 'infinity' | number);
  let handle: Ref | undefined = async ? handleOf(t as 'nowait' | Ref) : undefined;
  for (;;) {
    let st = q.enter(pid, handle);
    if (st === 'timeout' && t !== 0) {
      handle = makeRef();
      st = q.enter(pid, handle);
    }
    if (st === 'go') {
      const r = attempt(s, arg, flags);
      if (r !== AGAIN) {
        if (async && s.selectRead && r[0] === 'ok') {
          s.trackWaiter(pid);
          q.block(pid, handle!);
          return ['select_read', [selectInfo(tag, handle!), r[1]]];
        }
        q.done(pid);
        return r;
      }
      if (t === 0) {
        q.done(pid);
        return ['error', 'timeout'];
      }
      if (!async) handle = makeRef();
      s.counters.read_waits++;
      s.trackWaiter(pid);
      q.block(pid, handle!);
      if (async) return ['select', selectInfo(tag, handle!)];
    } else if (st === 'queued') {
      s.counters.read_waits++;
      s.trackWaiter(pid);
      if (async) return ['select', selectInfo(tag, handle!)];
    } else if (st === 'closed') return ['error', 'closed'];
    else if (st === 'timeout') return ['error', 'timeout'];
    else return raiseInvalid('state');
    const w = outcome(yield* waitSelect(handle!, deadline));
    if (w === TIMED_OUT) {
      giveUp(s, q, pid, handle!);
      return ['error', 'timeout'];
    }
    if (w !== SELECTED) return ['error', w.abort];
    handle = undefined;
  }
}

/** A write-side operation as the loop drives it. */
export interface WriteAttempt<R> {
  /** One try: the final result, or AGAIN (possibly after some progress). */
  attempt(): R | Again;
  /** What was done so far (rest data, bytes sent), or undefined when nothing was. */
  partial(): Term | undefined;
  /** `select` (the default), or `select_write` for sendmmsg's `{select_write, {SI, Sent}}`. */
  readonly selectAtom?: 'select' | 'select_write';
  /** Counts a wait (default: the `write_waits` counter). */
  countWait?(): void;
}

/** What a write-side operation returns besides its own results. */
export type WriteWaits =
  | readonly ['select', select_info]
  | readonly ['select' | 'select_write', readonly [select_info, Term]]
  | readonly ['error', Term];

// Module-level helpers, not closures per call: tsx (esbuild's keepNames) names every
// closure bound to a name where it is created, which costs a defineProperty each time.

/** `{error, Reason}`, or `{error, {Reason, Partial}}` when the write made progress. */
function failed(op: WriteAttempt<unknown>, reason: Term): readonly ['error', Term] {
  const p = op.partial();
  return p === undefined ? ['error', reason] : ['error', [reason, p]];
}

/** Counts a wait of `op` (the `write_waits` counter unless it counts its own). */
function countWait(s: Sock, op: WriteAttempt<unknown>): void {
  if (op.countWait !== undefined) op.countWait();
  else s.counters.write_waits++;
}

/** The loop of a write-side operation; see {@link WriteAttempt}. */
export function* writeOp<R>(s: Sock, tag: select_tag, t: timeout_or_handle, op: WriteAttempt<R>): Gen<R | WriteWaits> {
  const pid = caller();
  const q = s.queues.writers;
  const async = isAsync(t);
  const deadline = async ? NEVER : deadlineOf(t as 'infinity' | number);
  let handle: Ref | undefined = async ? handleOf(t as 'nowait' | Ref) : undefined;
  for (;;) {
    let st = q.enter(pid, handle);
    if (st === 'timeout' && t !== 0) {
      handle = makeRef();
      st = q.enter(pid, handle);
    }
    if (st === 'go') {
      const r = op.attempt();
      if (r !== AGAIN) {
        q.done(pid);
        return r;
      }
      if (t === 0) {
        q.done(pid);
        return failed(op, 'timeout');
      }
      if (!async) handle = makeRef();
      countWait(s, op);
      s.trackWaiter(pid);
      q.block(pid, handle!);
      if (async) {
        const p = op.partial();
        const si = selectInfo(tag, handle!);
        return p === undefined ? ['select', si] : [op.selectAtom ?? 'select', [si, p]];
      }
    } else if (st === 'queued') {
      countWait(s, op);
      s.trackWaiter(pid);
      if (async) return ['select', selectInfo(tag, handle!)];
    } else if (st === 'closed') return failed(op, 'closed');
    else if (st === 'timeout') return ['error', 'timeout'];
    else return raiseInvalid('state');
    const w = outcome(yield* waitSelect(handle!, deadline));
    if (w === TIMED_OUT) {
      giveUp(s, q, pid, handle!);
      return failed(op, 'timeout');
    }
    if (w !== SELECTED) return failed(op, w.abort);
    handle = undefined;
  }
}
