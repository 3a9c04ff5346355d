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
 * Also here, shared by the other behaviours: the proc_lib start handshake
 * ({@link procStart}), the call protocol ({@link genCall}) and OTP-shaped reports.
 */
import { compare, format } from './format.ts';
import {
  TIMEOUT,
  currentPid,
  demonitor,
  monitor,
  receive,
  register,
  self,
  send,
  spawn,
  spawnLink,
  unregister,
  whereis,
  yieldProcess,
  type ProcessBody,
} from './process.ts';
import { ErlangError, Pid, Ref, type Term } from './term.ts';

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

/** A registered name for `start`, Erlang's `{local, Name}`. */
export type ServerName = readonly ['local', string];

/** A value a callback returns directly, or a generator that produces it. */
export type Callback<T> = T | Generator<unknown, T, unknown>;

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
// Shared by the behaviours: reports, callbacks, start handshake, calls

let reportsOn = true;

/** Turns OTP's error and supervisor reports on stderr on or off (Erlang's `logger` level `error` / `none`). */
export function setReportLevel(level: 'error' | 'none'): void {
  reportsOn = level === 'error';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function stamp(): string {
  const d = new Date();
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getDate()}-${MONTHS[d.getMonth()]}-${d.getFullYear()}::${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
}

/** Writes an OTP-shaped report: `=KIND REPORT==== time ===` then `body`. */
export function otpReport(kind: 'ERROR' | 'SUPERVISOR', body: string): void {
  if (reportsOn) process.stderr.write(`=${kind} REPORT==== ${stamp()} ===\n${body}\n`);
}

/** True for `normal`, `shutdown` and `{shutdown, _}`: the reasons OTP does not report. */
export function isNormalExit(reason: Term): boolean {
  return reason === 'normal' || reason === 'shutdown' || (Array.isArray(reason) && reason.length === 2 && reason[0] === 'shutdown');
}

/** The exit reason an exception becomes, as the runtime gives it to a crashing process. */
export function exitReason(e: unknown): Term {
  if (e instanceof ErlangError) {
    if (e.class === 'exit') return e.reason;
    return [e.class === 'throw' ? ['nocatch', e.reason] : e.reason, stackOf(e)];
  }
  return [e as Term, stackOf(e)];
}

function stackOf(e: unknown): string[] {
  if (!(e instanceof Error) || typeof e.stack !== 'string') return [];
  return e.stack.split('\n').filter((l) => l.startsWith('    at ')).map((l) => l.slice(7));
}

/** Exits the calling process with `reason` without a crash report (`erlang:exit/1`). */
export function die(reason: Term): never {
  throw new ErlangError(reason, 'exit');
}

/** True when `r` is a generator object, i.e. a callback written as a generator function. */
export function isGenerator(r: unknown): r is Generator<unknown, unknown, unknown> {
  return typeof r === 'object' && r !== null && typeof (r as Generator).next === 'function' && typeof (r as Generator).throw === 'function';
}

/** A callback's outcome: its value, or how it raised (OTP catches `throw` as a value). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: Term };

/** Runs a callback result to completion in the calling process, catching what it raises. */
export function* settle<T>(thunk: () => Callback<T>): Generator<unknown, Outcome<T>, unknown> {
  try {
    const r = thunk();
    const value = isGenerator(r) ? yield* r : r;
    return { ok: true, value };
  } catch (e) {
    if (e instanceof ErlangError && e.class === 'throw') return { ok: true, value: e.reason as T };
    return { ok: false, reason: exitReason(e) };
  }
}

/**
 * proc_lib's start: spawns `body` (linked when `link`), and waits for its {@link initAck}.
 * If the process dies first, returns `['error', reason]` (and with a link and trap_exit,
 * consumes its 'EXIT' message, as proc_lib:start_link does).
 */
export function* procStart<R>(link: boolean, body: (starter: Pid) => ProcessBody): Generator<unknown, R | readonly ['error', Term], unknown> {
  const me = self();
  const pid = link ? spawnLink(body, me) : spawn(body, me);
  const mref = monitor('process', pid);
  const m = (yield* receive(
    (m) => Array.isArray(m) && ((m[0] === 'ack' && m[1] === pid) || (m[0] === 'DOWN' && m[1] === mref)),
    { marker: mref },
  )) as readonly Term[];
  if (m[0] === 'ack') {
    demonitor(mref, ['flush']);
    return m[2] as R;
  }
  if (link) yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === pid, { after: 0 });
  return ['error', m[4] as Term];
}

/** `proc_lib:init_ack/2`: tells the starter how init went. */
export function initAck(starter: Pid, ret: Term): void {
  send(starter, ['ack', self(), ret]);
}

/** Registers `name` for the calling process; returns the holder's pid if it is taken. */
export function registerName(name: ServerName | undefined): Pid | null {
  if (name === undefined) return null;
  const held = whereis(name[1]);
  if (held !== 'undefined') return held;
  register(name[1], self());
  return null;
}

/** Unregisters `name` if the calling process holds it (gen:unregister_name). */
export function unregisterName(name: ServerName | undefined): void {
  if (name !== undefined && whereis(name[1]) === self()) unregister(name[1]);
}

/** The ref each process waits on in a call, read by {@link isAnswer}: a shared predicate, no closure per call (weak, so a process killed in a call leaves nothing behind). */
const awaiting = new WeakMap<Pid, Ref>();

function isAnswer(m: unknown): boolean {
  if (!Array.isArray(m)) return false;
  const ref = awaiting.get(currentPid()!);
  return m[0] === ref || (m[1] === ref && m[0] === 'DOWN' && m.length === 5);
}

/**
 * The call protocol of gen: monitor the server, send `[tag, [self, mref], request]`,
 * wait for `[mref, reply]` or its 'DOWN'. Failures exit with
 * `[reason, [module, 'call', args]]` (args shows the time-out if `showTimeout`), as
 * gen_server:call and gen_statem:call do.
 */
export function* genCall(
  module: 'gen_server' | 'gen_statem',
  server: Pid | string,
  request: unknown,
  timeout: number | 'infinity',
  showTimeout: boolean,
): Generator<unknown, unknown, unknown> {
  const me = self();
  const pid = typeof server === 'string' ? whereis(server) : server;
  if (pid === 'undefined') callFailed('noproc', module, server, request, timeout, showTimeout);
  if (!(pid instanceof Pid)) throw new ErlangError('badarg');
  if (pid === me) callFailed('calling_self', module, server, request, timeout, showTimeout);
  const mref = monitor('process', pid);
  send(pid, ['$gen_call', [me, mref], request]);
  awaiting.set(me, mref);
  let m: readonly unknown[] | typeof TIMEOUT = TIMEOUT;
  let after = timeout;
  if (timeout !== 'infinity' && timeout > 0) {
    const t0 = performance.now();
    // Let the server run once before arming a time-out: most calls are answered by then,
    // and a Node timer armed and cleared per call cost a fifth of a round trip.
    yield* yieldProcess();
    m = (yield* receive(isAnswer, { marker: mref, after: 0 })) as readonly unknown[] | typeof TIMEOUT;
    // The time-out counts from the call, not from here.
    after = Math.max(0, timeout - Math.round(performance.now() - t0));
  }
  if (m === TIMEOUT) m = (yield* receive(isAnswer, after === 'infinity' ? { marker: mref } : { marker: mref, after })) as readonly unknown[] | typeof TIMEOUT;
  awaiting.delete(me);
  if (m === TIMEOUT) {
    demonitor(mref, ['flush']);
    callFailed('timeout', module, server, request, timeout, showTimeout);
  }
  if (m[0] === mref) {
    demonitor(mref, ['flush']);
    return m[1];
  }
  callFailed(m[4] as Term, module, server, request, timeout, showTimeout);
}

function callFailed(reason: Term, module: string, server: Pid | string, request: unknown, timeout: number | 'infinity', showTimeout: boolean): never {
  die([reason, [module, 'call', showTimeout ? [server, request as Term, timeout] : [server, request as Term]]]);
}

/**
 * proc_lib:stop: asks the process to terminate with `reason` and waits for it to end.
 * Returns 'ok' if it ended with `reason`; otherwise exits with the reason it ended with,
 * `noproc` if it was not running, or `timeout`.
 */
export function* procStop(server: Pid | string, reason: Term, timeout: number | 'infinity'): Generator<unknown, 'ok', unknown> {
  const pid = typeof server === 'string' ? whereis(server) : server;
  if (pid === 'undefined') die('noproc');
  const mref = monitor('process', pid);
  send(pid, ['system', [self(), mref], ['terminate', reason]]);
  const m = (yield* receive(
    (m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === mref,
    timeout === 'infinity' ? { marker: mref } : { marker: mref, after: timeout },
  )) as readonly Term[] | typeof TIMEOUT;
  if (m === TIMEOUT) {
    demonitor(mref, ['flush']);
    die('timeout');
  }
  if (compare(m[4] as Term, reason) === 0) return 'ok';
  die(m[4] as Term);
}

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
        let r: Outcome<unknown>;
        if (mod.handleCall === undefined) r = { ok: false, reason: ['undef', ['handleCall']] };
        else {
          // Inlined settle(): a call round trip is the hot path.
          try {
            const x = mod.handleCall(request, from, s.state);
            r = { ok: true, value: isGenerator(x) ? yield* x : x };
          } catch (e) {
            r = e instanceof ErlangError && e.class === 'throw' ? { ok: true, value: e.reason } : { ok: false, reason: exitReason(e) };
          }
        }
        if (!r.ok) {
          yield* fail(s, r.reason, msg);
          return;
        }
        const v = r.value as readonly unknown[];
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
        } else yield* noReply(s, r, msg);
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
      `** Generic server ${s.name?.[1] ?? format(self())} terminating \n** Last message in was ${format(last, 'p')}\n` +
        `** When Server state == ${format(s.state, 'p')}\n** Reason for termination ==\n** ${format(why, 'p')}\n`,
    );
  }
  if (why !== reason) die(why);
}
