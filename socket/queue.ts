/**
 * Per-socket operation queues: readers, writers and acceptors, as a pure state machine.
 *
 * This is the manual's "Operation Queuing on select Systems" as OTP's NIF implements
 * it. Each queue has at most one current operation (the head) and behind it the
 * waiting operations in arrival order, at most one per process. Only the head is
 * armed: the queue asks for read or write interest while the head waits, and when the
 * fd is ready the head's process gets `{'$socket', S, select, Handle}`. The head keeps
 * its turn until its call completes (success or error), it cancels, or its process
 * dies; then the next waiting operation becomes head and is armed, and gets its own
 * select message when the fd is ready. `close` aborts every operation.
 *
 * Rules, each checked against erl (OTP 25) and recorded in test/socket/queue.test.ts:
 * - the head repeating its call replaces its own operation (new handle, re-armed);
 * - a waiting process repeating its call raises `{invalid, state}`;
 * - a call with time-out 0 never queues: with another process at the head it is
 *   `{error, timeout}` at once;
 * - `cancel/2` matches the caller's own operation by handle; an unknown one is
 *   `{error, {invalid, SelectInfo}}`; a head whose select message was already sent
 *   reports it, so the caller flushes that message (no select is left behind);
 * - after close, every call and cancel is `{error, closed}`.
 *
 * The queue performs no I/O: the socket core gives it three effects (interest,
 * select, abort) and calls it around each syscall attempt.
 */
import type { Pid, Term } from '../runtime/term.ts';
import type { select_handle, select_op } from './types.ts';

/** The three queues of a socket. */
export type queue_kind = 'readers' | 'writers' | 'acceptors';

/**
 * The queue an operation waits in. `connect` has none: a second connect while one
 * is in progress is `{error, already}`, never queued.
 */
export function queueOf(op: select_op): queue_kind | undefined {
  switch (op) {
    case 'accept':
      return 'acceptors';
    case 'connect':
      return undefined;
    case 'recv':
    case 'recvfrom':
    case 'recvmsg':
    case 'recvmmsg':
      return 'readers';
    default:
      return 'writers';
  }
}

/** What the socket core does for the queue. */
export interface QueueEffects {
  /**
   * Start (`true`) or stop (`false`) watching the fd for this queue's readiness. `level`:
   * the new head has not tried its syscall (it took over from another), so readiness
   * that is already there counts; otherwise it just saw EAGAIN.
   */
  interest(kind: queue_kind, on: boolean, level: boolean): void;
  /** Deliver `['$socket', sock, 'select', handle]` to `pid`. */
  select(pid: Pid, handle: select_handle): void;
  /** Deliver `['$socket', sock, 'abort', [handle, reason]]` to `pid`. */
  abort(pid: Pid, handle: select_handle, reason: Term): void;
}

/**
 * What a caller may do, asked before its syscall attempt:
 * - `go`: try the syscall now (the queue is free or the caller is its head);
 * - `queued`: another process is at the head; the caller now waits behind it and
 *   returns `{select, SelectInfo}` with its handle;
 * - `timeout`: another process is at the head and the call has time-out 0;
 * - `state`: the caller already waits in this queue: raise `{invalid, state}`;
 * - `closed`: the socket is closed.
 */
export type enter_result = 'go' | 'queued' | 'timeout' | 'state' | 'closed';

/**
 * What `cancel` found: `ok` (removed), `select_sent` (removed; its select message
 * was already delivered and the caller must flush it), `not_found` (return
 * `{error, {invalid, SelectInfo}}`), `closed`.
 */
export type cancel_result = 'ok' | 'select_sent' | 'not_found' | 'closed';

/** One pending operation. */
export interface Op {
  readonly pid: Pid;
  readonly handle: select_handle;
  /** The select message for this handle has been delivered. */
  readonly selectSent: boolean;
}

interface MutableOp {
  pid: Pid;
  handle: select_handle;
  selectSent: boolean;
}

/** One queue (readers, writers or acceptors) of one socket. */
export class OpQueue {
  readonly kind: queue_kind;
  private readonly fx: QueueEffects;
  private head: MutableOp | undefined = undefined;
  private readonly waiting: MutableOp[] = [];
  private watching = false;
  private isClosed = false;

  constructor(kind: queue_kind, effects: QueueEffects) {
    this.kind = kind;
    this.fx = effects;
  }

  /**
   * Before a syscall attempt by `pid`. `handle` is the call's select handle, or
   * `undefined` for a time-out 0 call, which never waits.
   */
  enter(pid: Pid, handle: select_handle | undefined): enter_result {
    if (this.isClosed) return 'closed';
    if (this.head === undefined || this.head.pid === pid) return 'go';
    if (this.waiting.some((op) => op.pid === pid)) return 'state';
    if (handle === undefined) return 'timeout';
    this.waiting.push({ pid, handle, selectSent: false });
    return 'queued';
  }

  /**
   * After `enter` said `go` and the syscall would block: `pid` becomes (or stays) the
   * head with `handle`, and the queue is armed. A head repeating its call replaces
   * its operation here.
   */
  block(pid: Pid, handle: select_handle): void {
    if (this.isClosed) return;
    if (this.head !== undefined && this.head.pid !== pid) {
      throw new Error(`beamlet: ${this.kind} queue: block by ${pid} while ${this.head.pid} is head`);
    }
    // Reuse the head's record on a repeat: a blocking call re-blocks on every wake-up.
    if (this.head === undefined) this.head = { pid, handle, selectSent: false };
    else {
      this.head.handle = handle;
      this.head.selectSent = false;
    }
    this.sync();
  }

  /**
   * After `enter` said `go` and the call completed (with a result or an error): if
   * `pid` was the head, its turn ends and the next operation is armed.
   */
  done(pid: Pid): void {
    if (this.head?.pid !== pid) return;
    this.promote();
  }

  /** The fd is ready for this queue: the head (if armed) gets its select message. */
  ready(): void {
    const head = this.head;
    if (head !== undefined && !head.selectSent && !this.isClosed) {
      head.selectSent = true;
      this.sync();
      this.fx.select(head.pid, head.handle);
    }
  }

  /** `cancel/2` by `pid` of its operation with `handle`. */
  cancel(pid: Pid, handle: select_handle): cancel_result {
    if (this.isClosed) return 'closed';
    const head = this.head;
    if (head !== undefined && head.pid === pid && head.handle === handle) {
      const sent = head.selectSent;
      this.promote();
      return sent ? 'select_sent' : 'ok';
    }
    const i = this.waiting.findIndex((op) => op.pid === pid && op.handle === handle);
    if (i < 0) return 'not_found';
    this.waiting.splice(i, 1);
    return 'ok';
  }

  /** `pid` died: its operation goes, and if it was the head the next one is armed. */
  down(pid: Pid): void {
    if (this.isClosed) return;
    if (this.head?.pid === pid) {
      this.promote();
      return;
    }
    const i = this.waiting.findIndex((op) => op.pid === pid);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** The socket closed: every operation, head first, gets an abort with `reason`. */
  close(reason: Term = 'closed'): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const ops = this.head === undefined ? this.waiting.splice(0) : [this.head, ...this.waiting.splice(0)];
    this.head = undefined;
    this.sync();
    for (const op of ops) this.fx.abort(op.pid, op.handle, reason);
  }

  /** Operations pending: `num_readers`, `num_writers`, `num_acceptors` of `info/1`. */
  get size(): number {
    return (this.head === undefined ? 0 : 1) + this.waiting.length;
  }

  /** The current operation, if any. */
  get current(): Op | undefined {
    return this.head;
  }

  /** The operations behind the head, in arrival order. */
  get queued(): readonly Op[] {
    return this.waiting;
  }

  /** Whether the queue wants readiness now (a head that has not had its select). */
  get armed(): boolean {
    return this.watching;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  private promote(): void {
    this.head = this.waiting.shift();
    this.sync(true);
  }

  // Interest follows the state, and the effect runs only on a change (or for a new head
  // that must be told of readiness already there), so the poller sees one start per
  // wait and one stop per delivery or hand-over to nobody.
  private sync(level = false): void {
    const want = !this.isClosed && this.head !== undefined && !this.head.selectSent;
    if (want === this.watching && !(want && level)) return;
    this.watching = want;
    this.fx.interest(this.kind, want, level);
  }
}

/** The three queues of one socket, sharing its effects. */
export interface SocketQueues {
  readonly readers: OpQueue;
  readonly writers: OpQueue;
  readonly acceptors: OpQueue;
}

/** Makes a socket's queues. */
export function makeQueues(effects: QueueEffects): SocketQueues {
  return {
    readers: new OpQueue('readers', effects),
    writers: new OpQueue('writers', effects),
    acceptors: new OpQueue('acceptors', effects),
  };
}

/** A process died: its operations leave every queue of the socket. */
export function downAll(queues: SocketQueues, pid: Pid): void {
  queues.readers.down(pid);
  queues.writers.down(pid);
  queues.acceptors.down(pid);
}

/** The socket closed: abort every operation in every queue. */
export function closeAll(queues: SocketQueues, reason: Term = 'closed'): void {
  queues.readers.close(reason);
  queues.writers.close(reason);
  queues.acceptors.close(reason);
}
