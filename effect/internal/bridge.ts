/**
 * The bridge between Effect fibers and beamlet processes.
 *
 * A socket call that can wait must run inside a beamlet process (that is where its
 * select messages go), so each such call is one short-lived process whose end resumes
 * the waiting fiber. Interrupting the fiber sends that process `exit(pid, 'kill')`; the
 * socket layer then takes its pending operation out of the socket's queues, as it does
 * for any process that dies while waiting.
 *
 * Effect's `resume` may run the fiber on the spot. From inside a beamlet process, or an
 * exit hook that another process's `exit/2` set off, the fiber's next calls would act
 * as that process (own the sockets it opens, kill itself), so every resume from
 * beamlet's side waits for a microtask, when no process is running.
 */
import { Effect, Queue, type Cause } from 'effect';
import { exit, onExit, receive, send, spawn } from '../../runtime/process.ts';
import { ErlangError, type Term } from '../../runtime/term.ts';
import { fromReason, InvalidError, type Operation, type SocketError } from '../errors.ts';

/** What the body of a bridged call produced; a throw is carried out as a value. */
interface Outcome<R> {
  ok: boolean;
  value: R | undefined;
  thrown: unknown;
}

/**
 * Runs `body` as a beamlet process and resumes with what it returned. A throw from the
 * body ends the process normally (no crash report) and resumes as a failure with the
 * thrown value, so the caller decides what it means.
 */
function inProcess<R>(body: () => Generator<unknown, R, unknown>): Effect.Effect<R, unknown> {
  return Effect.callback<R, unknown>((resume) => {
    const out: Outcome<R> = { ok: false, value: undefined, thrown: undefined };
    const pid = spawn(function* () {
      try {
        out.value = yield* body();
        out.ok = true;
      } catch (e) {
        out.thrown = e;
      }
    });
    onExit(pid, (reason) =>
      queueMicrotask(() => {
        if (reason !== 'normal') resume(Effect.die(new ErlangError(reason, 'exit')));
        else if (out.ok) resume(Effect.succeed(out.value as R));
        else resume(Effect.fail(out.thrown));
      }),
    );
    return Effect.sync(() => {
      exit(pid, 'kill');
    });
  });
}

const isError = (r: unknown): r is readonly ['error', Term] => Array.isArray(r) && r[0] === 'error';

/** A thrown ErlangError (badarg) is an InvalidError; anything else is a defect. */
function thrownAs(op: Operation, e: unknown): Effect.Effect<never, InvalidError> {
  if (e instanceof ErlangError) return Effect.fail(new InvalidError({ reason: 'invalid', what: e.reason, op }));
  return Effect.die(e);
}

/**
 * A waiting socket call: runs `body` in a process; `['error', reason]` fails with the
 * matching {@link SocketError}, anything else goes through `ok`.
 */
export function call<R, A>(op: Operation, body: () => Generator<unknown, R, unknown>, ok: (r: Exclude<R, readonly ['error', unknown]>) => A): Effect.Effect<A, SocketError> {
  return inProcess(body).pipe(
    Effect.catch((e) => thrownAs(op, e)),
    Effect.flatMap((r) => (isError(r) ? Effect.fail(fromReason(op, r[1])) : Effect.succeed(ok(r as Exclude<R, readonly ['error', unknown]>)))),
  );
}

/** A socket call that never waits, made directly from the fiber. */
export function sync<R, A>(op: Operation, f: () => R, ok: (r: Exclude<R, readonly ['error', unknown]>) => A): Effect.Effect<A, SocketError> {
  return Effect.suspend(() => {
    let r: R;
    try {
      r = f();
    } catch (e) {
      return thrownAs(op, e);
    }
    return isError(r) ? Effect.fail(fromReason(op, r[1])) : Effect.succeed(ok(r as Exclude<R, readonly ['error', unknown]>));
  });
}

/** How a {@link pump} round ended: the queue filled up, or the read failed. */
type Stop<A> = { readonly rest: readonly A[] } | { readonly error: SocketError };

/**
 * Feeds `queue` from a socket: one beamlet process reads and offers, with no fiber hop
 * per read, until the queue is full; the fiber then waits for room (Queue.offerAll
 * suspends) and starts the next round. `['error', 'closed']` ends the queue; any other
 * error fails it. Interrupting the fiber kills the reading process, withdrawing its read.
 */
export function pump<R, A>(
  op: Operation,
  queue: Queue.Queue<A, SocketError | Cause.Done>,
  read: () => Generator<unknown, R, unknown>,
  items: (r: Exclude<R, readonly ['error', unknown]>) => readonly A[],
): Effect.Effect<void, SocketError> {
  const round = call<Stop<A>, Stop<A>>(
    op,
    function* () {
      for (;;) {
        const r = yield* read();
        if (isError(r)) return { error: fromReason(op, r[1]) };
        const rest = Queue.offerAllUnsafe(queue, items(r as Exclude<R, readonly ['error', unknown]>));
        if (rest.length > 0) return { rest };
      }
    },
    (s) => s,
  );
  const loop: Effect.Effect<void, SocketError> = Effect.flatMap(round, (s) => {
    if ('rest' in s) return Effect.flatMap(Queue.offerAll(queue, s.rest), () => loop);
    if (s.error._tag === 'ClosedError') return Queue.end(queue);
    return Effect.fail(s.error);
  });
  return loop;
}

/** How many batches a {@link writer} may hold before `write` waits. */
const WINDOW = 4;

/** A long-lived writing process; see {@link writer}. */
export interface Writer<D> {
  /** Hands `data` to the process; waits only while {@link WINDOW} batches are pending. */
  readonly write: (data: D) => Effect.Effect<void, SocketError>;
  /** Waits until every batch handed over is written. */
  readonly flush: Effect.Effect<void, SocketError>;
  /** Kills the process (pending batches are dropped). */
  readonly stop: Effect.Effect<void>;
}

/**
 * One beamlet process that writes, in order, the batches a fiber hands it by message, so
 * that a fiber feeding a socket waits for a write only when {@link WINDOW} batches are
 * pending, not once per batch. The first failed write fails every later `write` and
 * `flush`; a process killed from outside is a defect.
 */
export function writer<D, R>(op: Operation, write: (data: D) => Generator<unknown, R, unknown>): Writer<D> {
  let pending = 0;
  let failure: Effect.Effect<never, SocketError> | undefined;
  let waiter: (() => void) | undefined;
  const wake = (): void => {
    const w = waiter;
    waiter = undefined;
    if (w !== undefined) queueMicrotask(w);
  };
  const pid = spawn(function* () {
    for (;;) {
      const data = (yield* receive()) as D;
      let r: R;
      try {
        r = yield* write(data);
      } catch (e) {
        failure = thrownAs(op, e);
        return wake();
      }
      if (isError(r)) {
        failure = Effect.fail(fromReason(op, r[1]));
        return wake();
      }
      pending--;
      wake();
    }
  });
  onExit(pid, (reason) => {
    if (reason !== 'normal') failure ??= Effect.die(new ErlangError(reason, 'exit'));
    wake();
  });
  /** Waits until `pending` is at most `n`, or fails with the writer's failure. */
  const until = (n: number): Effect.Effect<void, SocketError> =>
    Effect.suspend(() => {
      if (failure !== undefined) return failure;
      if (pending <= n) return Effect.void;
      return Effect.flatMap(
        Effect.callback<void>((resume) => {
          waiter = () => resume(Effect.void);
          return Effect.sync(() => {
            waiter = undefined;
          });
        }),
        () => until(n),
      );
    });
  return {
    write: (data) =>
      Effect.suspend(() => {
        if (failure !== undefined) return failure;
        pending++;
        send(pid, data);
        return until(WINDOW);
      }),
    flush: until(0),
    stop: Effect.sync(() => {
      exit(pid, 'kill');
    }),
  };
}
