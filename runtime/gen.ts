/**
 * `gen` and `proc_lib` for the behaviours (OTP keeps these in gen.erl and proc_lib.erl):
 * the start handshake, the call protocol, stop, callback running and OTP-shaped reports.
 * Internal to runtime/: gen_server, gen_statem and supervisor build on it; only
 * {@link setReportLevel} is public (re-exported by each behaviour).
 */
import { compare } from './format.ts';
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
  type ProcessBody,
} from './process.ts';
import { ErlangError, Pid, Ref, type Term } from './term.ts';

/** A registered name for `start`, Erlang's `{local, Name}`. */
export type ServerName = readonly ['local', string];

/** A value a callback returns directly, or a generator that produces it. */
export type Callback<T> = T | Generator<unknown, T, unknown>;

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

/** Writes an OTP-shaped report, `=KIND REPORT==== time ===` then `body()`; the body is only built when reports are on. */
export function otpReport(kind: 'ERROR' | 'SUPERVISOR', body: () => string): void {
  if (reportsOn) process.stderr.write(`=${kind} REPORT==== ${stamp()} ===\n${body()}\n`);
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

/** Options of the call's first, polling receive; receive reads them at once, so one object serves every call. */
const POLL: { marker: Ref | undefined; after: number } = { marker: undefined, after: 0 };

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
    // A plain yield is the scheduler's "run the others" (no generator object, unlike yieldProcess()).
    yield;
    POLL.marker = mref;
    m = (yield* receive(isAnswer, POLL)) as readonly unknown[] | typeof TIMEOUT;
    POLL.marker = undefined;
    // The time-out counts from the call, not from here.
    if (m === TIMEOUT) after = Math.max(0, timeout - Math.round(performance.now() - t0));
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
