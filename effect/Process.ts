/**
 * beamlet processes from Effect: start one, await its result as an Effect, kill it.
 *
 * A process is a generator function driven by beamlet's scheduler, exactly as with
 * `spawn` from `beamlet`; this module only connects its end to a fiber. A process that
 * returns succeeds its awaiting Effect with the returned value; one that ends any other
 * way (killed, `exit(reason)`, a throw) fails it with {@link ProcessExitError}.
 * Interrupting the awaiting fiber sends the process `exit(pid, 'kill')`.
 *
 * ```ts
 * import { Effect, type Scope } from 'effect';
 * import { receive, send, self } from 'beamlet';
 * import { Process } from 'beamlet/effect';
 *
 * const answer = Process.run(function* () {
 *   send(self(), 42);
 *   return yield* receive(); // 42
 * });
 * const fortyTwo = await Effect.runPromise(answer);
 * ```
 */
import { Effect, type Scope } from 'effect';
import { exit, isAlive, onExit, spawn as spawnProcess, type ProcessBody } from '../runtime/process.ts';
import { Pid, type Term } from '../runtime/term.ts';
import { ProcessExitError } from './errors.ts';

// ---------------------------------------------------------------------------
// Models

/**
 * A running (or ended) beamlet process started by {@link spawn}, whose body returns `A`.
 *
 * @category models
 * @example
 * ```ts
 * const p = yield* Process.spawn(worker);
 * console.log(String(p.pid)); // <0.42.0>
 * const result = yield* Process.join(p);
 * ```
 */
export interface Process<A> {
  readonly pid: Pid;
  /** Only for typing: the value the body returns. */
  readonly _A?: A;
}

type End<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly error: ProcessExitError };

/** How a process ended, once it has, and the fibers waiting for that. */
interface State<A> {
  end: End<A> | undefined;
  readonly waiters: Set<(end: End<A>) => void>;
}

const states = new WeakMap<Process<unknown>, State<unknown>>();
const stateOf = <A>(p: Process<A>): State<A> => states.get(p) as State<A>;

// ---------------------------------------------------------------------------
// Constructors

/**
 * Starts `fn(...args)` as a beamlet process and returns at once with its handle. The
 * process runs on its own: interrupting the fiber that spawned it does not stop it (see
 * {@link join} and {@link run}).
 *
 * @category constructors
 * @example
 * ```ts
 * const p = yield* Process.spawn(function* (n: number) {
 *   yield* sleep(10);
 *   return n * 2;
 * }, 21);
 * ```
 */
export function spawn<A, Args extends unknown[]>(fn: (...args: Args) => ProcessBody<A>, ...args: Args): Effect.Effect<Process<A>> {
  return Effect.sync(() => {
    const state: State<A> = { end: undefined, waiters: new Set() };
    let value: A;
    let thrown: unknown;
    const pid = spawnProcess(function* () {
      try {
        value = yield* fn(...args);
      } catch (e) {
        // Kept as the error's cause; rethrown so the process crashes as in Erlang.
        thrown = e;
        throw e;
      }
    });
    onExit(pid, (reason) => {
      const end: End<A> = reason === 'normal'
        ? { ok: true, value }
        : { ok: false, error: new ProcessExitError({ pid, reason, cause: thrown }) };
      state.end = end;
      // Not from inside beamlet (this may run in another process's exit/2): see bridge.ts.
      queueMicrotask(() => {
        for (const w of state.waiters) w(end);
        state.waiters.clear();
      });
    });
    const p: Process<A> = { pid };
    states.set(p, state as State<unknown>);
    return p;
  });
}

/**
 * {@link spawn}, with the process killed (`exit(pid, 'kill')`) when the current scope
 * closes if it is still running: a process that lives as long as a part of the program.
 *
 * @category constructors
 * @example
 * ```ts
 * Effect.scoped(Effect.gen(function* () {
 *   const server = yield* Process.spawnScoped(serverLoop, listenSocket);
 *   yield* Effect.never; // until interrupted; then the server is killed
 * }));
 * ```
 */
export function spawnScoped<A, Args extends unknown[]>(fn: (...args: Args) => ProcessBody<A>, ...args: Args): Effect.Effect<Process<A>, never, Scope.Scope> {
  return Effect.acquireRelease(spawn(fn, ...args), (p) => kill(p));
}

/**
 * Spawns `fn(...args)` and awaits its result: {@link spawn} then {@link join}.
 *
 * @category constructors
 * @example
 * ```ts
 * const n = yield* Process.run(function* () {
 *   return 1 + 1;
 * });
 * ```
 */
export function run<A, Args extends unknown[]>(fn: (...args: Args) => ProcessBody<A>, ...args: Args): Effect.Effect<A, ProcessExitError> {
  return Effect.flatMap(spawn(fn, ...args), join);
}

// ---------------------------------------------------------------------------
// Combinators

/**
 * Awaits the end of process `p`: its return value, or {@link ProcessExitError} with its
 * exit reason (`'killed'` when something killed it). Interrupting the waiting fiber
 * kills the process (`exit(pid, 'kill')`).
 *
 * @category combinators
 * @example
 * ```ts
 * const r = yield* Process.join(p).pipe(Effect.timeout('1 second')); // kills p on time-out
 * ```
 */
export function join<A>(p: Process<A>): Effect.Effect<A, ProcessExitError> {
  return Effect.callback<A, ProcessExitError>((resume) => {
    const settle = (end: End<A>): void => resume(end.ok ? Effect.succeed(end.value) : Effect.fail(end.error));
    const state = stateOf(p);
    if (state.end !== undefined) return settle(state.end);
    state.waiters.add(settle);
    return Effect.sync(() => {
      state.waiters.delete(settle);
      exit(p.pid, 'kill');
    });
  });
}

/**
 * `exit(pid, reason)`: sends the process an exit signal; `'kill'` (the default) ends it
 * whatever it does, and its {@link join} fails with reason `'killed'`.
 *
 * @category combinators
 * @example
 * ```ts
 * yield* Process.kill(p);
 * ```
 */
export function kill<A>(p: Process<A> | Pid, reason: Term = 'kill'): Effect.Effect<void> {
  return Effect.sync(() => {
    exit(p instanceof Pid ? p : p.pid, reason);
  });
}

/**
 * True while the process has not ended.
 *
 * @category combinators
 * @example
 * ```ts
 * const alive = yield* Process.isRunning(p);
 * ```
 */
export function isRunning<A>(p: Process<A>): Effect.Effect<boolean> {
  return Effect.sync(() => stateOf(p).end === undefined && isAlive(p.pid));
}
