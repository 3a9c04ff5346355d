/**
 * `gen_statem` in state-functions mode, with OTP 25's semantics: call/cast/info events,
 * postponed events (retried after the next state change), state time-outs (cancelled by
 * a state change), event time-outs (cancelled by any event), named generic time-outs,
 * `next_event` internal events, and Erlang's result tuples as arrays.
 *
 * The callback module is an object: `init`, an optional `terminate`, and `states`, one
 * function per state name (Erlang's `StateName(EventType, EventContent, Data)`). As with
 * gen_server, each may be a plain function or a generator function. Actions are always a
 * list: `['next_state', 'open', data, [['state_timeout', 100, 'lock']]]`.
 */
import { compare, format } from './format.ts';
import {
  genCall,
  initAck,
  isNormalExit,
  otpReport,
  procStart,
  procStop,
  die,
  registerName,
  settle,
  unregisterName,
  type Callback,
  type ServerName,
} from './gen.ts';
import type { From, ServerRef, StartResult } from './gen_server.ts';
import { TIMEOUT, cancelTimer, receive, self, send, startTimer, whereis, type ProcessBody } from './process.ts';
import { ErlangError, Pid, Ref, type Term } from './term.ts';

export { setReportLevel } from './gen.ts';

// ---------------------------------------------------------------------------------------
// Models

/** An event's type: `{call, From}`, `cast`, `info`, `timeout`, `state_timeout`, `{timeout, Name}`, `internal`. */
export type EventType<Reply = Term> =
  | readonly ['call', From<Reply>]
  | 'cast'
  | 'info'
  | 'timeout'
  | 'state_timeout'
  | readonly ['timeout', Term]
  | 'internal';

/** A time-out's time in ms; `infinity` never fires (and so cancels one that runs). */
export type Time = number | 'infinity';

/** A transition action. */
export type Action<Reply = Term> =
  | 'postpone'
  | readonly ['postpone', boolean]
  | 'hibernate'
  | readonly ['reply', From<Reply>, Reply]
  | number
  | readonly ['timeout', Time, Term]
  | readonly ['state_timeout', Time, Term]
  | readonly ['state_timeout', 'cancel']
  | readonly [readonly ['timeout', Term], Time, Term]
  | readonly [readonly ['timeout', Term], 'cancel']
  | readonly ['next_event', EventType<Reply>, Term];

/** What a state function returns. */
export type StateResult<State, Data, Reply = Term> =
  | readonly ['next_state', State, Data]
  | readonly ['next_state', State, Data, readonly Action<Reply>[]]
  | readonly ['keep_state', Data]
  | readonly ['keep_state', Data, readonly Action<Reply>[]]
  | 'keep_state_and_data'
  | readonly ['keep_state_and_data', readonly Action<Reply>[]]
  | readonly ['repeat_state', Data]
  | readonly ['repeat_state', Data, readonly Action<Reply>[]]
  | 'repeat_state_and_data'
  | readonly ['repeat_state_and_data', readonly Action<Reply>[]]
  | readonly ['stop', Term]
  | readonly ['stop', Term, Data]
  | readonly ['stop_and_reply', Term, readonly Action<Reply>[]]
  | readonly ['stop_and_reply', Term, readonly Action<Reply>[], Data];

export type InitResult<State, Data, Reply = Term> =
  | readonly ['ok', State, Data]
  | readonly ['ok', State, Data, readonly Action<Reply>[]]
  | 'ignore'
  | readonly ['stop', Term];

/** One state's function: `StateName(EventType, EventContent, Data)`. */
export type StateFunction<State, Data, Call, Reply, Cast> = (
  type: EventType<Reply>,
  content: Call | Cast | Term,
  data: Data,
) => Callback<StateResult<State, Data, Reply>>;

/** A gen_statem callback module in state-functions mode. */
export interface StateFunctions<Args, State extends string, Data, Call = Term, Reply = Term, Cast = Term> {
  init(args: Args): Callback<InitResult<State, Data, Reply>>;
  states: { readonly [S in State]: StateFunction<State, Data, Call, Reply, Cast> };
  terminate?(reason: Term, state: State, data: Data): Callback<unknown>;
}

// ---------------------------------------------------------------------------------------
// Client API

type Started<C, R, K> = Generator<unknown, StartResult<ServerRef<C, R, K> & Pid>, unknown>;

/** `gen_statem:start/3,4`. */
export function start<A, S extends string, D, C, R, K>(mod: StateFunctions<A, S, D, C, R, K>, args: A): Started<C, R, K>;
export function start<A, S extends string, D, C, R, K>(name: ServerName, mod: StateFunctions<A, S, D, C, R, K>, args: A): Started<C, R, K>;
export function start(...a: unknown[]): Generator<unknown, StartResult, unknown> {
  return startWith(false, a);
}

/** `gen_statem:start_link/3,4`. */
export function startLink<A, S extends string, D, C, R, K>(mod: StateFunctions<A, S, D, C, R, K>, args: A): Started<C, R, K>;
export function startLink<A, S extends string, D, C, R, K>(name: ServerName, mod: StateFunctions<A, S, D, C, R, K>, args: A): Started<C, R, K>;
export function startLink(...a: unknown[]): Generator<unknown, StartResult, unknown> {
  return startWith(true, a);
}

function startWith(link: boolean, a: unknown[]): Generator<unknown, StartResult, unknown> {
  const named = a.length === 3;
  const name = (named ? a[0] : undefined) as ServerName | undefined;
  const mod = (named ? a[1] : a[0]) as StateFunctions<unknown, string, unknown>;
  if (name !== undefined && (!Array.isArray(name) || name[0] !== 'local' || typeof name[1] !== 'string')) throw new ErlangError('badarg');
  return procStart<StartResult>(link, (starter) => machineMain(starter, link, name, mod, named ? a[2] : a[1]));
}

/**
 * `gen_statem:call/2,3` (default time-out infinity). Failures exit with
 * `[reason, ['gen_statem', 'call', [server, request, timeout]]]`.
 */
export function call<C, R, K>(server: ServerRef<C, R, K>, request: NoInfer<C>, timeout: number | 'infinity' = 'infinity'): Generator<unknown, R, unknown> {
  return genCall('gen_statem', server, request, timeout, true) as Generator<unknown, R, unknown>;
}

/** `gen_statem:cast/2`: always 'ok'. */
export function cast<C, R, K>(server: ServerRef<C, R, K>, msg: NoInfer<K>): 'ok' {
  const pid = typeof server === 'string' ? whereis(server) : server;
  if (pid !== 'undefined') send(pid, ['$gen_cast', msg]);
  return 'ok';
}

/** `gen_statem:reply/2`. */
export function reply<R>(from: From<R>, value: NoInfer<R>): 'ok' {
  send(from[0], [from[1], value]);
  return 'ok';
}

/** `gen_statem:stop/1,3`: as gen_server's stop. */
export function stop(server: Pid | string, reason: Term = 'normal', timeout: number | 'infinity' = 'infinity'): Generator<unknown, 'ok', unknown> {
  return procStop(server, reason, timeout);
}

// ---------------------------------------------------------------------------------------
// The machine process

type Event = readonly [EventType, unknown];

interface Timer {
  readonly ref: Ref;
  readonly type: EventType;
  readonly msg: unknown;
}

interface Machine {
  readonly mod: StateFunctions<unknown, string, unknown>;
  readonly parent: Pid;
  readonly name: ServerName | undefined;
  state: string;
  data: unknown;
  /** Events to handle before the mailbox: next_events, then re-queued postponed ones. */
  queue: Event[];
  postponed: Event[];
  /** Running state and generic time-outs by key (`format` of their type). */
  timers: Map<string, Timer>;
  /** Refs of cancelled timers that had already fired: their messages are dropped. */
  stale: Set<Ref>;
  /** The event time-out: ms (-1 for none) and its content. */
  eventTime: number;
  eventMsg: unknown;
}

function* machineMain(starter: Pid, linked: boolean, name: ServerName | undefined, mod: StateFunctions<unknown, string, unknown>, args: unknown): ProcessBody {
  const held = registerName(name);
  if (held !== null) {
    initAck(starter, ['error', ['already_started', held]]);
    return;
  }
  const r = yield* settle(() => mod.init(args));
  const v = (r.ok ? r.value : undefined) as Term;
  let reason: Term | undefined;
  if (!r.ok) reason = r.reason;
  else if (Array.isArray(v) && v[0] === 'stop' && v.length === 2) reason = v[1] as Term;
  else if (v !== 'ignore' && (!Array.isArray(v) || v[0] !== 'ok' || (v.length !== 3 && v.length !== 4))) reason = ['bad_return_value', v];
  if (reason !== undefined || v === 'ignore') {
    unregisterName(name);
    initAck(starter, reason === undefined ? 'ignore' : ['error', reason]);
    if (reason === undefined) return;
    die(reason);
  }
  initAck(starter, ['ok', self()]);
  const ok = v as readonly Term[];
  const m: Machine = {
    mod,
    parent: linked ? starter : self(),
    name,
    state: ok[1] as string,
    data: ok[2],
    queue: [],
    postponed: [],
    timers: new Map(),
    stale: new Set(),
    eventTime: -1,
    eventMsg: undefined,
  };
  yield* actions(m, (ok[3] ?? []) as readonly Action[], null, m.state);
  for (;;) yield* handle(m, yield* nextEvent(m));
}

/** The next event: queued first, then the mailbox (or the event time-out if nothing comes). */
function* nextEvent(m: Machine): Generator<unknown, Event, unknown> {
  for (;;) {
    const queued = m.queue.shift();
    if (queued !== undefined) return queued;
    const msg = (m.eventTime < 0 ? yield* receive() : yield* receive(undefined as never, { after: m.eventTime })) as unknown;
    if (msg === TIMEOUT) return ['timeout', m.eventMsg];
    if (!Array.isArray(msg)) return ['info', msg];
    const tag = msg[0];
    if (tag === '$gen_call' && msg.length === 3) return [['call', msg[1] as From], msg[2]];
    if (tag === '$gen_cast' && msg.length === 2) return ['cast', msg[1]];
    if (tag === 'timeout' && msg.length === 3 && msg[1] instanceof Ref) {
      if (m.stale.delete(msg[1])) continue;
      const key = msg[2] as string;
      const t = m.timers.get(key);
      if (t !== undefined && t.ref === msg[1]) {
        m.timers.delete(key);
        return [t.type, t.msg];
      }
    }
    if (tag === 'EXIT' && msg.length === 3 && msg[1] === m.parent) yield* terminate(m, msg[2] as Term, msg, []);
    if (tag === 'system' && msg.length === 3 && Array.isArray(msg[2]) && msg[2][0] === 'terminate') yield* terminate(m, msg[2][1] as Term, msg, []);
    return ['info', msg];
  }
}

function* handle(m: Machine, ev: Event): Generator<unknown, void, unknown> {
  // Any event cancels the event time-out.
  m.eventTime = -1;
  const fn = m.mod.states[m.state];
  const r = fn === undefined ? { ok: false as const, reason: ['undef', ['states', m.state]] as Term } : yield* settle(() => fn(ev[0], ev[1] as Term, m.data));
  if (!r.ok) return yield* terminate(m, r.reason, ev, []);
  const v = r.value as Term;
  if (v === 'keep_state_and_data' || v === 'repeat_state_and_data') return;
  if (!Array.isArray(v)) return yield* terminate(m, ['bad_return_value', v], ev, []);
  switch (v[0]) {
    case 'next_state':
      if (v.length !== 3 && v.length !== 4) break;
      m.data = v[2];
      return yield* actions(m, (v[3] ?? []) as readonly Action[], ev, v[1] as string);
    case 'keep_state':
    case 'repeat_state':
      if (v.length !== 2 && v.length !== 3) break;
      m.data = v[1];
      return yield* actions(m, (v[2] ?? []) as readonly Action[], ev, m.state);
    case 'keep_state_and_data':
    case 'repeat_state_and_data':
      if (v.length !== 2) break;
      return yield* actions(m, v[1] as readonly Action[], ev, m.state);
    case 'stop':
      if (v.length === 3) m.data = v[2];
      return yield* terminate(m, v[1] as Term, ev, []);
    case 'stop_and_reply':
      if (v.length === 4) m.data = v[3];
      return yield* terminate(m, v[1] as Term, ev, v[2] as readonly Action[]);
  }
  return yield* terminate(m, ['bad_return_value', v], ev, []);
}

/** Runs a transition's actions, then moves to `next` (re-queuing postponed events on a change). */
function* actions(m: Machine, list: readonly Action[], ev: Event | null, next: string): Generator<unknown, void, unknown> {
  if (!Array.isArray(list)) return yield* terminate(m, ['bad_action_from_state_function', list as Term], ev, []);
  const changed = compare(next, m.state) !== 0;
  // A state change cancels the state time-out, unless these actions set a new one.
  if (changed) cancel(m, 'state_timeout');
  const events: Event[] = [];
  let postpone = false;
  for (const a of list) {
    if (a === 'postpone' || (Array.isArray(a) && a[0] === 'postpone')) postpone = a === 'postpone' || a[1] === true;
    else if (a === 'hibernate') continue;
    else if (typeof a === 'number') setEventTimeout(m, a, a);
    else if (Array.isArray(a) && a[0] === 'reply' && a.length === 3) reply(a[1] as From, a[2]);
    else if (Array.isArray(a) && a[0] === 'next_event' && a.length === 3) events.push([a[1] as EventType, a[2]]);
    else if (Array.isArray(a) && a[0] === 'timeout' && a.length === 3) setEventTimeout(m, a[1] as Time, a[2]);
    else if (Array.isArray(a) && (a[0] === 'state_timeout' || (Array.isArray(a[0]) && a[0][0] === 'timeout' && a[0].length === 2))) {
      const type = a[0] as EventType;
      if (a[1] === 'cancel' && a.length === 2) cancel(m, format(type));
      else if (a.length === 3) setTimer(m, type, a[1] as Time, a[2]);
      else return yield* terminate(m, ['bad_action_from_state_function', a as Term], ev, []);
    } else return yield* terminate(m, ['bad_action_from_state_function', a as Term], ev, []);
  }
  if (postpone && ev !== null) m.postponed.push(ev);
  if (changed) {
    m.state = next;
    m.queue = [...events, ...m.postponed, ...m.queue];
    m.postponed = [];
  } else if (events.length > 0) m.queue = [...events, ...m.queue];
}

function setEventTimeout(m: Machine, time: Time, msg: unknown): void {
  if (time === 'infinity') {
    m.eventTime = -1;
    return;
  }
  m.eventTime = time;
  m.eventMsg = msg;
}

/** Starts (or restarts) a state or generic time-out; 0 queues the event at once. */
function setTimer(m: Machine, type: EventType, time: Time, msg: unknown): void {
  const key = format(type);
  cancel(m, key);
  if (time === 'infinity') return;
  if (time === 0) {
    m.queue.push([type, msg]);
    return;
  }
  m.timers.set(key, { ref: startTimer(time, self(), key), type, msg });
}

function cancel(m: Machine, key: string): void {
  const t = m.timers.get(key);
  if (t === undefined) return;
  m.timers.delete(key);
  // Fired already: its message is queued; drop it when it comes, as OTP flushes it.
  if (cancelTimer(t.ref) === false) m.stale.add(t.ref);
}

function* terminate(m: Machine, reason: Term, last: unknown, replies: readonly Action[]): Generator<unknown, never, unknown> {
  let why = reason;
  const mod = m.mod;
  if (mod.terminate !== undefined) {
    const r = yield* settle(() => mod.terminate!(reason, m.state, m.data));
    if (!r.ok) why = r.reason;
  }
  for (const a of replies) if (Array.isArray(a) && a[0] === 'reply') reply(a[1] as From, a[2]);
  if (!isNormalExit(why)) {
    otpReport(
      'ERROR',
      () =>
        `** State machine ${m.name?.[1] ?? format(self())} terminating\n** Last event = ${format(last, 'p')}\n` +
        `** When server state  = ${format([m.state, m.data], 'p')}\n** Reason for termination = ${format(why, 'p')}\n`,
    );
  }
  die(why);
}
