/**
 * `gen_server`: OTP's generic server on beamlet processes, with OTP 25's semantics.
 *
 * A callback module is an object with `init`, `handleCall`, `handleCast`, `handleInfo`,
 * `handleContinue` and `terminate` (Erlang's callbacks, camelCased). Each callback may be
 * a plain function or a generator function: a generator's result is driven with `yield*`
 * inside the server process, so a callback can itself call other servers or receive.
 * Results are Erlang's tuples as arrays: `['reply', reply, state]`, `['noreply', state]`,
 * `['stop', reason, state]`...
 *
 * The server's request, reply and cast types flow through generics: `start` returns a
 * {@link ServerRef} carrying them, so `call(server, wrongRequest)` does not compile.
 *
 * The start handshake, call protocol and reports it shares with the other behaviours
 * live in gen.ts.
 */
import { format } from './format.ts';
import {
  die,
  exitReason,
  genCall,
  initAck,
  isGenerator,
  isNormalExit,
  otpReport,
  procStart,
  procStop,
  registerName,
  settle,
  unregisterName,
  type Callback,
  type Outcome,
  type ServerName,
} from './gen.ts';
import { TIMEOUT, receive, self, send, whereis, type ProcessBody } from './process.ts';
import { ErlangError, Pid, Ref, type Term } from './term.ts';

export { setReportLevel } from './gen.ts';
export type { Callback, ServerName } from './gen.ts';

// ---------------------------------------------------------------------------------------
// Models

declare const PROTOCOL: unique symbol;
declare const REPLY: unique symbol;

/**
 * A server: its pid or registered name, carrying (at the type level only) the requests
 * it answers, its reply type and the casts it takes. A plain Pid or name is accepted
 * wherever a ServerRef is, with unchecked message types, as in Erlang.
 */
export type ServerRef<Call = Term, Reply = Term, Cast = Term> = (Pid | string) & {
  readonly [PROTOCOL]?: (call: Call, cast: Cast) => Reply;
};

/** The `From` of a call, `{Pid, Tag}`: what {@link reply} answers. */
export type From<Reply = Term> = readonly [Pid, Ref] & { readonly [REPLY]?: (reply: Reply) => void };


/** The optional last element of a result: a time-out in ms, `hibernate` or `{continue, C}`. */
export type Action = number | 'infinity' | 'hibernate' | readonly ['continue', Term];

export type InitResult<State> =
  | readonly ['ok', State]
  | readonly ['ok', State, Action]
  | 'ignore'
  | readonly ['stop', Term];

export type CallResult<Reply, State> =
  | readonly ['reply', Reply, State]
  | readonly ['reply', Reply, State, Action]
  | readonly ['noreply', State]
  | readonly ['noreply', State, Action]
  | readonly ['stop', Term, Reply, State]
  | readonly ['stop', Term, State];

export type NoReplyResult<State> =
  | readonly ['noreply', State]
  | readonly ['noreply', State, Action]
  | readonly ['stop', Term, State];

/** A gen_server callback module. */
export interface GenServer<Args, State, Call = Term, Reply = Term, Cast = Term> {
  init(args: Args): Callback<InitResult<State>>;
  handleCall?(request: Call, from: From<Reply>, state: State): Callback<CallResult<Reply, State>>;
  handleCast?(msg: Cast, state: State): Callback<NoReplyResult<State>>;
  /** Any other message, and `'timeout'` when a result's time-out ran out. */
  handleInfo?(msg: Term, state: State): Callback<NoReplyResult<State>>;
  handleContinue?(info: Term, state: State): Callback<NoReplyResult<State>>;
  /** Called when the server stops, unless it was killed by an untrapped exit signal. */
  terminate?(reason: Term, state: State): Callback<unknown>;
}

/** What start/startLink return: `{ok, Pid}`, `ignore` or `{error, Reason}`. */
export type StartResult<Ref = Pid> = readonly ['ok', Ref] | 'ignore' | readonly ['error', Term];

// ---------------------------------------------------------------------------------------
// Client API

/** `gen_server:start/3,4`: starts a server, not linked; waits for its init. */
export function start<A, S, C, R, K>(mod: GenServer<A, S, C, R, K>, args: A): Generator<unknown, StartResult<ServerRef<C, R, K> & Pid>, unknown>;
export function start<A, S, C, R, K>(name: ServerName, mod: GenServer<A, S, C, R, K>, args: A): Generator<unknown, StartResult<ServerRef<C, R, K> & Pid>, unknown>;
export function start(...a: unknown[]): Generator<unknown, StartResult, unknown> {
  return startWith(false, a);
}

/** `gen_server:start_link/3,4`: as {@link start}, linked to the caller. */
export function startLink<A, S, C, R, K>(mod: GenServer<A, S, C, R, K>, args: A): Generator<unknown, StartResult<ServerRef<C, R, K> & Pid>, unknown>;
export function startLink<A, S, C, R, K>(name: ServerName, mod: GenServer<A, S, C, R, K>, args: A): Generator<unknown, StartResult<ServerRef<C, R, K> & Pid>, unknown>;
export function startLink(...a: unknown[]): Generator<unknown, StartResult, unknown> {
  return startWith(true, a);
}

function startWith(link: boolean, a: unknown[]): Generator<unknown, StartResult, unknown> {
  const named = a.length === 3;
  const name = (named ? a[0] : undefined) as ServerName | undefined;
  const mod = (named ? a[1] : a[0]) as GenServer<unknown, unknown>;
  const args = named ? a[2] : a[1];
  if (name !== undefined && (!Array.isArray(name) || name[0] !== 'local' || typeof name[1] !== 'string')) throw new ErlangError('badarg');
  return procStart<StartResult>(link, (starter) => serverMain(starter, link, name, mod, args));
}

/**
 * `gen_server:call/2,3`: sends `request` and waits for the reply (default 5000 ms).
 * Exits with `[reason, ['gen_server', 'call', [server, request(, timeout)]]]` when the
 * server is not running (`noproc`), does not answer in time (`timeout`) or dies first.
 * A reply that comes after a time-out stays in the caller's mailbox as `[ref, reply]`.
 */
export function call<C, R, K>(server: ServerRef<C, R, K>, request: NoInfer<C>, timeout?: number | 'infinity'): Generator<unknown, R, unknown> {
  return genCall('gen_server', server, request, timeout ?? 5000, timeout !== undefined) as Generator<unknown, R, unknown>;
}

/** `gen_server:cast/2`: sends `msg` and returns 'ok' at once, even if the server is not running. */
export function cast<C, R, K>(server: ServerRef<C, R, K>, msg: NoInfer<K>): 'ok' {
  const pid = typeof server === 'string' ? whereis(server) : server;
  if (pid !== 'undefined') send(pid, ['$gen_cast', msg]);
  return 'ok';
}

/** `gen_server:reply/2`: answers a call from anywhere, e.g. after `['noreply', state]`. */
export function reply<R>(from: From<R>, value: NoInfer<R>): 'ok' {
  send(from[0], [from[1], value]);
  return 'ok';
}

/**
 * `gen_server:stop/1,3`: stops the server with `reason` (default `normal`), calling its
 * terminate, and waits for it to end. Exits `noproc` if it is not running, with the
 * reason it ended with if that differs, or `timeout`.
 */
export function stop(server: ServerRef<never, unknown, never> | Pid | string, reason: Term = 'normal', timeout: number | 'infinity' = 'infinity'): Generator<unknown, 'ok', unknown> {
  return procStop(server, reason, timeout);
}

// ---------------------------------------------------------------------------------------
// The server process

interface Server {
  readonly mod: GenServer<unknown, unknown>;
  readonly parent: Pid;
  readonly name: ServerName | undefined;
  state: unknown;
  /** ms to wait for the next message before handle_info('timeout'); -1 for none. */
  timeout: number;
}

function* serverMain(starter: Pid, linked: boolean, name: ServerName | undefined, mod: GenServer<unknown, unknown>, args: unknown): ProcessBody {
  const held = registerName(name);
  if (held !== null) {
    initAck(starter, ['error', ['already_started', held]]);
    return;
  }
  const r = yield* settle(() => mod.init(args));
  if (!r.ok) {
    unregisterName(name);
    initAck(starter, ['error', r.reason]);
    die(r.reason);
  }
  const v = r.value as Term;
  if (v === 'ignore') {
    unregisterName(name);
    initAck(starter, 'ignore');
    return;
  }
  if (Array.isArray(v) && v[0] === 'stop' && v.length === 2) {
    unregisterName(name);
    initAck(starter, ['error', v[1]]);
    die(v[1]);
  }
  if (!Array.isArray(v) || v[0] !== 'ok' || (v.length !== 2 && v.length !== 3)) {
    const reason = ['bad_return_value', v];
    unregisterName(name);
    initAck(starter, ['error', reason]);
    die(reason);
  }
  initAck(starter, ['ok', self()]);
  const s: Server = { mod, parent: linked ? starter : self(), name, state: v[1], timeout: -1 };
  yield* afterResult(s, v[2], 'init');
  yield* loop(s);
}

/** Applies a result's last element: a time-out for the next receive, or a continue. */
function* afterResult(s: Server, action: unknown, last: unknown): Generator<unknown, void, unknown> {
  s.timeout = typeof action === 'number' ? action : -1;
  if (Array.isArray(action) && action[0] === 'continue') {
    const mod = s.mod;
    if (mod.handleContinue === undefined) yield* fail(s, ['undef', ['handleContinue']], last);
    else yield* noReply(s, yield* settle(() => mod.handleContinue!(action[1], s.state)), last);
  }
}

function* loop(s: Server): Generator<unknown, void, unknown> {
  const mod = s.mod;
  for (;;) {
    let msg = (s.timeout < 0 ? yield* receive() : yield* receive(undefined as never, { after: s.timeout })) as unknown;
    if (msg === TIMEOUT) msg = 'timeout';
    if (Array.isArray(msg)) {
      const tag = msg[0];
      if (tag === '$gen_call' && msg.length === 3) {
        const from = msg[1] as From;
        const request = msg[2];
        if (mod.handleCall === undefined) return yield* fail(s, ['undef', ['handleCall']], msg);
        // settle() inlined, without its result object: a call round trip is the hot path.
        let v: readonly unknown[];
        try {
          const x = mod.handleCall(request, from, s.state);
          v = (isGenerator(x) ? yield* x : x) as readonly unknown[];
        } catch (e) {
          if (!(e instanceof ErlangError && e.class === 'throw')) return yield* fail(s, exitReason(e), msg);
          v = e.reason as readonly unknown[];
        }
        if (Array.isArray(v) && v[0] === 'reply' && (v.length === 3 || v.length === 4)) {
          send(from[0], [from[1], v[1]]);
          s.state = v[2];
          if (v.length === 3) s.timeout = -1;
          else yield* afterResult(s, v[3], msg);
        } else if (Array.isArray(v) && v[0] === 'stop' && v.length === 4) {
          s.state = v[3];
          yield* terminate(s, v[1] as Term, msg);
          reply(from, v[2]);
          die(v[1] as Term);
        } else yield* noReply(s, { ok: true, value: v }, msg);
        continue;
      }
      if (tag === '$gen_cast' && msg.length === 2) {
        if (mod.handleCast === undefined) yield* fail(s, ['undef', ['handleCast']], msg);
        const m = msg[1];
        yield* noReply(s, yield* settle(() => mod.handleCast!(m as never, s.state)), msg);
        continue;
      }
      if (tag === 'EXIT' && msg.length === 3 && msg[1] === s.parent) {
        yield* terminate(s, msg[2] as Term, msg);
        die(msg[2] as Term);
      }
      if (tag === 'system' && msg.length === 3 && Array.isArray(msg[2]) && msg[2][0] === 'terminate') {
        yield* terminate(s, msg[2][1] as Term, msg);
        die(msg[2][1] as Term);
      }
    }
    if (mod.handleInfo === undefined) continue;
    const m = msg as Term;
    yield* noReply(s, yield* settle(() => mod.handleInfo!(m, s.state)), msg);
  }
}

/** Applies a `noreply`/`stop` result (or a crash) of any callback. */
function* noReply(s: Server, r: Outcome<unknown>, last: unknown): Generator<unknown, void, unknown> {
  if (!r.ok) return yield* fail(s, r.reason, last);
  const v = r.value as readonly unknown[];
  if (Array.isArray(v) && v[0] === 'noreply' && (v.length === 2 || v.length === 3)) {
    s.state = v[1];
    yield* afterResult(s, v[2], last);
    return;
  }
  if (Array.isArray(v) && v[0] === 'stop' && v.length === 3) {
    s.state = v[2];
    yield* terminate(s, v[1] as Term, last);
    die(v[1] as Term);
  }
  yield* fail(s, ['bad_return_value', v as Term], last);
}

/** A callback crashed or returned garbage: terminate with that reason, then exit. */
function* fail(s: Server, reason: Term, last: unknown): Generator<unknown, never, unknown> {
  yield* terminate(s, reason, last);
  die(reason);
}

/** Calls terminate(reason, state), reports an abnormal end; exits with terminate's own crash if it has one. */
function* terminate(s: Server, reason: Term, last: unknown): Generator<unknown, void, unknown> {
  const mod = s.mod;
  let why = reason;
  if (mod.terminate !== undefined) {
    const r = yield* settle(() => mod.terminate!(reason, s.state));
    if (!r.ok) why = r.reason;
  }
  if (!isNormalExit(why)) {
    otpReport(
      'ERROR',
      () =>
        `** Generic server ${s.name?.[1] ?? format(self())} terminating \n** Last message in was ${format(last, 'p')}\n` +
        `** When Server state == ${format(s.state, 'p')}\n** Reason for termination ==\n** ${format(why, 'p')}\n`,
    );
  }
  if (why !== reason) die(why);
}
