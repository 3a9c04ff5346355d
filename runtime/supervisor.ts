/**
 * `supervisor`: OTP's supervisor on beamlet, with OTP 25's semantics, written as OTP
 * writes it: a gen_server whose callbacks start, watch and restart children.
 *
 * Strategies one_for_one, one_for_all, rest_for_one and simple_one_for_one; restart
 * intensity and period (counted in whole seconds of monotonic time, as OTP does);
 * permanent, transient and temporary children; shutdown by time-out, `infinity` or
 * `brutal_kill`. Children start in spec order and stop in reverse. A supervisor that
 * restarts more than `intensity` times in `period` seconds stops its children and exits
 * with `shutdown`. child_terminated, start_error, shutdown_error and shutdown reports go
 * to stderr in OTP's shape (see {@link setReportLevel}).
 *
 * A child's `start` is Erlang's `{M, F, A}` as `[fn, args]`: `fn(...args)` runs in the
 * supervisor, must link the child to it and return `['ok', pid]`, `['ok', pid, info]`,
 * `'ignore'` or `['error', reason]`; it may be a generator function such as
 * `gen_server.startLink`.
 */
import { compare, format } from './format.ts';
import * as gen_server from './gen_server.ts';
import { isNormalExit, otpReport, settle, type Callback, type ServerName } from './gen.ts';
import type { GenServer } from './gen_server.ts';
import { _, TIMEOUT, exit, isAlive, monitor, processFlag, receive, self, unlink } from './process.ts';
import { Pid, list, type Term } from './term.ts';

export { setReportLevel } from './gen.ts';

// ---------------------------------------------------------------------------------------
// Models

export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one' | 'simple_one_for_one';
export type Restart = 'permanent' | 'transient' | 'temporary';
export type Shutdown = 'brutal_kill' | 'infinity' | number;
export type ChildType = 'worker' | 'supervisor';

/** Supervisor flags (the map form); defaults one_for_one, 1, 5. */
export interface SupFlags {
  readonly strategy?: Strategy;
  readonly intensity?: number;
  readonly period?: number;
}

/** What a child's start function returns. */
export type ChildStart = readonly ['ok', Pid] | readonly ['ok', Pid, Term] | 'ignore' | readonly ['error', Term];

/** A start function and its arguments: Erlang's `{M, F, A}`. */
export type MFArgs = readonly [(...args: never[]) => Callback<ChildStart>, readonly unknown[]];

/** A child specification (the map form); defaults permanent, worker, 5000 (infinity for a supervisor). */
export interface ChildSpec {
  readonly id: Term;
  readonly start: MFArgs;
  readonly restart?: Restart;
  readonly shutdown?: Shutdown;
  readonly type?: ChildType;
  readonly modules?: readonly string[] | 'dynamic';
}

/** A supervisor callback module. `name` is what reports print as Erlang prints the module. */
export interface Supervisor<Args> {
  readonly name?: string;
  init(args: Args): Callback<readonly ['ok', readonly [SupFlags, readonly ChildSpec[]]] | 'ignore'>;
}

/** A row of {@link whichChildren}: `{Id, Child, Type, Modules}`. */
export type ChildInfo = readonly [Term, Pid | 'undefined' | 'restarting', ChildType, readonly string[] | 'dynamic'];

/** {@link countChildren}'s answer. */
export type ChildCounts = readonly [
  readonly ['specs', number],
  readonly ['active', number],
  readonly ['supervisors', number],
  readonly ['workers', number],
];

/** A supervisor: requests are OTP's, so a plain gen_server call reaches it too. */
export type SupRef = Pid | string;

// ---------------------------------------------------------------------------------------
// Client API

/** `supervisor:start_link/2,3`. */
export function startLink<A>(mod: Supervisor<A>, args: A): Generator<unknown, gen_server.StartResult, unknown>;
export function startLink<A>(name: ServerName, mod: Supervisor<A>, args: A): Generator<unknown, gen_server.StartResult, unknown>;
export function startLink(...a: unknown[]): Generator<unknown, gen_server.StartResult, unknown> {
  const named = a.length === 3;
  const name = (named ? a[0] : undefined) as ServerName | undefined;
  const mod = (named ? a[1] : a[0]) as Supervisor<unknown>;
  const init: Init = { name, mod, args: named ? a[2] : a[1] };
  return name === undefined ? gen_server.startLink(SUPERVISOR, init) : gen_server.startLink(name, SUPERVISOR, init);
}

type Req =
  | readonly ['start_child', ChildSpec | readonly unknown[]]
  | readonly ['terminate_child', Term]
  | readonly ['restart_child', Term]
  | readonly ['delete_child', Term]
  | 'which_children'
  | 'count_children';

function* supCall<R>(sup: SupRef, req: Req): Generator<unknown, R, unknown> {
  return (yield* gen_server.call(sup, req as Term, 'infinity')) as R;
}

/**
 * `supervisor:start_child/2`: a spec (or, under simple_one_for_one, the extra arguments
 * appended to the template's). `['ok', 'undefined']` when the start function ignores.
 */
export function startChild(sup: SupRef, spec: ChildSpec | readonly unknown[]): Generator<unknown, readonly ['ok', Pid | 'undefined'] | readonly ['ok', Pid, Term] | readonly ['error', Term], unknown> {
  return supCall(sup, ['start_child', spec]);
}

/** `supervisor:terminate_child/2`: by id, or by pid under simple_one_for_one. */
export function terminateChild(sup: SupRef, id: Term): Generator<unknown, 'ok' | readonly ['error', 'not_found' | 'simple_one_for_one'], unknown> {
  return supCall(sup, ['terminate_child', id]);
}

/** `supervisor:restart_child/2`: starts a terminated child again from its spec. */
export function restartChild(sup: SupRef, id: Term): Generator<unknown, readonly ['ok', Pid | 'undefined'] | readonly ['ok', Pid, Term] | readonly ['error', Term], unknown> {
  return supCall(sup, ['restart_child', id]);
}

/** `supervisor:delete_child/2`: removes a terminated child's spec. */
export function deleteChild(sup: SupRef, id: Term): Generator<unknown, 'ok' | readonly ['error', 'running' | 'restarting' | 'not_found' | 'simple_one_for_one'], unknown> {
  return supCall(sup, ['delete_child', id]);
}

/** `supervisor:which_children/1`: newest first (simple_one_for_one: in start order). */
export function whichChildren(sup: SupRef): Generator<unknown, ChildInfo[], unknown> {
  return supCall(sup, 'which_children');
}

/** `supervisor:count_children/1`. */
export function countChildren(sup: SupRef): Generator<unknown, ChildCounts, unknown> {
  return supCall(sup, 'count_children');
}

// ---------------------------------------------------------------------------------------
// The supervisor process

interface Init {
  readonly name: ServerName | undefined;
  readonly mod: Supervisor<unknown>;
  readonly args: unknown;
}

interface Child {
  pid: Pid | 'undefined' | 'restarting';
  readonly id: Term;
  readonly start: MFArgs;
  readonly restart: Restart;
  readonly shutdown: Shutdown;
  readonly type: ChildType;
  readonly modules: readonly string[] | 'dynamic';
}

interface State {
  readonly name: Term;
  readonly strategy: Strategy;
  readonly intensity: number;
  readonly period: number;
  /** Static children in start order. */
  children: Child[];
  /** Static children by pid, for the 'EXIT' of one. */
  readonly byPid: Map<Pid, Child>;
  /** simple_one_for_one: the template, and each child's full argument list in start order. */
  readonly template: Child | null;
  readonly dynamic: Map<Pid, readonly unknown[]>;
  /** Restart times (monotonic seconds), oldest first from `restartsHead`. */
  readonly restarts: number[];
  restartsHead: number;
}

const SUPERVISOR: GenServer<Init, State, Req, Term, readonly ['try_again_restart', Term]> = {
  *init({ name, mod, args }) {
    processFlag('trap_exit', true);
    const r = yield* settle(() => mod.init(args));
    if (!r.ok) return ['stop', ['bad_return', [mod.name ?? 'supervisor', 'init', r.reason]]];
    if (r.value === 'ignore') return 'ignore';
    const v = r.value as Term;
    if (!Array.isArray(v) || v[0] !== 'ok' || !Array.isArray(v[1]) || v[1].length !== 2) return ['stop', ['bad_return', [mod.name ?? 'supervisor', 'init', v]]];
    const [flags, specs] = v[1] as [SupFlags, readonly ChildSpec[]];
    const checked = checkFlags(flags);
    if (typeof checked === 'string') return ['stop', ['supervisor_data', checked]];
    const children: Child[] = [];
    for (const spec of specs) {
      const c = checkSpec(spec);
      if (!('id' in c)) return ['stop', ['start_spec', c.invalid]];
      if (children.some((x) => compare(x.id, c.id) === 0)) return ['stop', ['start_spec', ['duplicate_child_name', c.id]]];
      children.push(c);
    }
    const simple = checked.strategy === 'simple_one_for_one';
    if (simple && children.length !== 1) return ['stop', ['bad_start_spec', specs as unknown as Term]];
    const s: State = {
      name: name ?? [self(), mod.name ?? 'supervisor'],
      ...checked,
      children: simple ? [] : children,
      byPid: new Map(),
      template: simple ? children[0]! : null,
      dynamic: new Map(),
      restarts: [],
      restartsHead: 0,
    };
    for (const c of s.children) {
      const r = yield* startOne(c.start, []);
      if (r[0] === 'error') {
        report(s, 'start_error', r[1], c, 'undefined');
        yield* terminateAll(s, s.children.filter((x) => x.pid instanceof Pid));
        return ['stop', ['shutdown', ['failed_to_start_child', c.id, r[1]]]];
      }
      setPid(s, c, r[1]);
    }
    return ['ok', s];
  },

  *handleCall(req, _from, s) {
    if (req === 'which_children') return ['reply', whichOf(s), s];
    if (req === 'count_children') return ['reply', countOf(s), s];
    const [tag, arg] = req;
    if (s.template !== null) return ['reply', yield* simpleCall(s, tag, arg), s];
    const c = tag === 'start_child' ? undefined : findChild(s, arg);
    switch (tag) {
      case 'start_child': {
        const spec = checkSpec(arg as ChildSpec);
        if (!('id' in spec)) return ['reply', ['error', spec.invalid], s];
        const old = findChild(s, spec.id);
        if (old !== undefined) return ['reply', ['error', old.pid instanceof Pid ? ['already_started', old.pid] : 'already_present'], s];
        const r = yield* startOne(spec.start, []);
        if (r[0] === 'error') return ['reply', r, s];
        s.children.push(spec);
        setPid(s, spec, r[1]);
        return ['reply', r[0] === 'ignore' ? ['ok', 'undefined'] : r, s];
      }
      case 'terminate_child':
        if (c === undefined) return ['reply', ['error', 'not_found'], s];
        if (c.pid instanceof Pid) yield* shutdownReported(s, c);
        if (c.restart === 'temporary') removeChild(s, c);
        else setPid(s, c, 'undefined');
        return ['reply', 'ok', s];
      case 'restart_child': {
        if (c === undefined) return ['reply', ['error', 'not_found'], s];
        if (c.pid !== 'undefined') return ['reply', ['error', c.pid === 'restarting' ? 'restarting' : 'running'], s];
        const r = yield* startOne(c.start, []);
        if (r[0] === 'error') return ['reply', r, s];
        setPid(s, c, r[1]);
        return ['reply', r[0] === 'ignore' ? ['ok', 'undefined'] : r, s];
      }
      case 'delete_child':
        if (c === undefined) return ['reply', ['error', 'not_found'], s];
        if (c.pid !== 'undefined') return ['reply', ['error', c.pid === 'restarting' ? 'restarting' : 'running'], s];
        removeChild(s, c);
        return ['reply', 'ok', s];
    }
  },

  *handleCast(msg, s) {
    const c = findChild(s, msg[1]);
    if (c === undefined || c.pid !== 'restarting') return ['noreply', s];
    return (yield* restart(s, c, [], 'restarting')) ? ['noreply', s] : ['stop', 'shutdown', s];
  },

  *handleInfo(msg, s) {
    if (!Array.isArray(msg) || msg[0] !== 'EXIT' || msg.length !== 3) return ['noreply', s];
    const pid = msg[1] as Pid;
    const reason = msg[2] as Term;
    if (s.template !== null) {
      const args = s.dynamic.get(pid);
      if (args === undefined) return ['noreply', s];
      s.dynamic.delete(pid);
      const t = s.template;
      if (!mustRestart(t.restart, reason)) {
        if (!isNormalExit(reason)) report(s, 'child_terminated', reason, t, pid, args);
        return ['noreply', s];
      }
      report(s, 'child_terminated', reason, t, pid, args);
      return (yield* restart(s, t, args, pid)) ? ['noreply', s] : ['stop', 'shutdown', s];
    }
    const c = s.byPid.get(pid);
    if (c === undefined) return ['noreply', s];
    s.byPid.delete(pid);
    c.pid = 'undefined';
    if (!mustRestart(c.restart, reason)) {
      if (!isNormalExit(reason)) report(s, 'child_terminated', reason, c, pid);
      if (c.restart === 'temporary') removeChild(s, c);
      return ['noreply', s];
    }
    report(s, 'child_terminated', reason, c, pid);
    return (yield* restart(s, c, [], pid)) ? ['noreply', s] : ['stop', 'shutdown', s];
  },

  *terminate(_reason, s) {
    if (s.template !== null) yield* terminateDynamic(s);
    else yield* terminateAll(s, s.children);
  },
};

function findChild(s: State, id: unknown): Child | undefined {
  return s.children.find((x) => compare(x.id, id as Term) === 0);
}

function mustRestart(restart: Restart, reason: Term): boolean {
  return restart === 'permanent' || (restart === 'transient' && !isNormalExit(reason));
}

function checkFlags(f: SupFlags): { strategy: Strategy; intensity: number; period: number } | string {
  if (typeof f !== 'object' || f === null) return 'invalid_type';
  const strategy = f.strategy ?? 'one_for_one';
  const intensity = f.intensity ?? 1;
  const period = f.period ?? 5;
  if (!['one_for_one', 'one_for_all', 'rest_for_one', 'simple_one_for_one'].includes(strategy)) return 'invalid_strategy';
  if (!Number.isInteger(intensity) || intensity < 0) return 'invalid_intensity';
  if (!Number.isInteger(period) || period < 1) return 'invalid_period';
  return { strategy, intensity, period };
}

function checkSpec(spec: ChildSpec): Child | { invalid: Term } {
  if (typeof spec !== 'object' || spec === null || !('id' in spec)) return { invalid: ['missing_id'] };
  const start = spec.start;
  if (!Array.isArray(start) || start.length !== 2 || typeof start[0] !== 'function' || !Array.isArray(start[1])) return { invalid: ['invalid_mfa', start as Term] };
  const type = spec.type ?? 'worker';
  if (type !== 'worker' && type !== 'supervisor') return { invalid: ['invalid_child_type', type] };
  const restart = spec.restart ?? 'permanent';
  if (restart !== 'permanent' && restart !== 'transient' && restart !== 'temporary') return { invalid: ['invalid_restart_type', restart] };
  const shutdown = spec.shutdown ?? (type === 'worker' ? 5000 : 'infinity');
  if (shutdown !== 'brutal_kill' && shutdown !== 'infinity' && !(Number.isInteger(shutdown) && shutdown >= 0)) return { invalid: ['invalid_shutdown', shutdown] };
  return { pid: 'undefined', id: spec.id, start, restart, shutdown, type, modules: spec.modules ?? [start[0].name] };
}

/** Calls a start function in the supervisor; anything but a valid answer is an error. */
function* startOne(mfa: MFArgs, extra: readonly unknown[]): Generator<unknown, readonly ['ok', Pid] | readonly ['ok', Pid, Term] | readonly ['ignore'] | readonly ['error', Term], unknown> {
  const fn = mfa[0] as (...args: unknown[]) => Callback<ChildStart>;
  const r = yield* settle(() => fn(...mfa[1], ...extra));
  if (!r.ok) return ['error', ['EXIT', r.reason]];
  const v = r.value as Term;
  if (v === 'ignore') return ['ignore'];
  if (Array.isArray(v) && v[0] === 'ok' && v[1] instanceof Pid && (v.length === 2 || v.length === 3)) return v as unknown as readonly ['ok', Pid];
  if (Array.isArray(v) && v[0] === 'error' && v.length === 2) return v as unknown as readonly ['error', Term];
  return ['error', v];
}

function setPid(s: State, c: Child, pid: Pid | 'undefined' | undefined): void {
  if (c.pid instanceof Pid) s.byPid.delete(c.pid);
  c.pid = pid instanceof Pid ? pid : 'undefined';
  if (pid instanceof Pid) s.byPid.set(pid, c);
}

function removeChild(s: State, c: Child): void {
  if (c.pid instanceof Pid) s.byPid.delete(c.pid);
  s.children = s.children.filter((x) => x !== c);
}

// ---------------------------------------------------------------------------------------
// Restarts

/** OTP's add_restart: false when this restart goes past the intensity. */
function addRestart(s: State): boolean {
  const now = Math.floor(performance.now() / 1000);
  const r = s.restarts;
  while (s.restartsHead < r.length && r[s.restartsHead]! < now - s.period) s.restartsHead++;
  if (s.restartsHead > 1024 && s.restartsHead * 2 > r.length) {
    r.splice(0, s.restartsHead);
    s.restartsHead = 0;
  }
  r.push(now);
  return r.length - s.restartsHead <= s.intensity;
}

/**
 * Restarts `c` (and its group, by strategy). False when the intensity is exceeded: the
 * caller then stops the supervisor with `shutdown`, which terminates the other children.
 */
function* restart(s: State, c: Child, args: readonly unknown[], dead: Term): Generator<unknown, boolean, unknown> {
  if (!addRestart(s)) {
    report(s, 'shutdown', 'reached_max_restart_intensity', c, dead, args);
    return false;
  }
  if (s.template !== null) {
    const r = yield* startOne([c.start[0], []], args);
    if (r[0] === 'ok') s.dynamic.set(r[1], args);
    else if (r[0] === 'error') {
      report(s, 'start_error', r[1], c, 'undefined', args);
      return yield* restart(s, c, args, 'undefined');
    }
    return true;
  }
  let group: Child[] = [c];
  if (s.strategy !== 'one_for_one') {
    const i = s.children.indexOf(c);
    const others = s.strategy === 'one_for_all' ? s.children.filter((x) => x !== c) : s.children.slice(i + 1);
    yield* terminateAll(s, others);
    for (const x of others) if (x.restart === 'temporary') removeChild(s, x);
    group = s.children.filter((x) => x === c || others.includes(x));
  }
  for (const x of group) {
    const r = yield* startOne(x.start, []);
    if (r[0] === 'error') {
      report(s, 'start_error', r[1], x, 'undefined');
      // Retried through the mailbox, as OTP's try_again_restart, so calls get in between.
      for (const y of group.slice(group.indexOf(x))) y.pid = 'restarting';
      x.pid = 'restarting';
      gen_server.cast(self(), ['try_again_restart', x.id] as never);
      return true;
    }
    setPid(s, x, r[1]);
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// Shutdown

/** Terminates running children in reverse start order, reporting shutdown errors. */
function* terminateAll(s: State, children: readonly Child[]): Generator<unknown, void, unknown> {
  for (let i = children.length - 1; i >= 0; i--) {
    const c = children[i]!;
    if (c.pid instanceof Pid) yield* shutdownReported(s, c);
    if (c.pid !== 'undefined') setPid(s, c, 'undefined');
  }
}

function* shutdownReported(s: State, c: Child): Generator<unknown, void, unknown> {
  const pid = c.pid as Pid;
  const r = yield* shutdown(pid, c.shutdown, c.restart === 'permanent');
  if (r !== 'ok') report(s, 'shutdown_error', r, c, pid);
  setPid(s, c, 'undefined');
}

/** OTP's shutdown/2: monitor, unlink, exit(shutdown) (or kill), wait with the time-out, then kill. */
function* shutdown(pid: Pid, how: Shutdown, permanent: boolean): Generator<unknown, Term, unknown> {
  const mref = monitor('process', pid);
  exit(pid, how === 'brutal_kill' ? 'kill' : 'shutdown');
  const down = (m: Term): boolean => Array.isArray(m) && m[0] === 'DOWN' && m[1] === mref;
  let m = (yield* receive(down, how === 'brutal_kill' || how === 'infinity' ? { marker: mref } : { marker: mref, after: how })) as readonly Term[] | typeof TIMEOUT;
  let killed = false;
  if (m === TIMEOUT) {
    exit(pid, 'kill');
    killed = true;
    m = (yield* receive(down)) as readonly Term[];
  }
  const reason = yield* unlinkFlush(pid, m[4] as Term);
  if (killed) return reason;
  if (reason === (how === 'brutal_kill' ? 'killed' : 'shutdown')) return 'ok';
  if (!permanent && isNormalExit(reason)) return 'ok';
  return reason;
}

function* unlinkFlush(pid: Pid, reason: Term): Generator<unknown, Term, unknown> {
  unlink(pid);
  const m = yield* receive(['EXIT', pid, _], { after: 0 });
  return m === TIMEOUT ? reason : (m[2] as Term);
}

/** simple_one_for_one shutdown: every child at once, one shared time-out, then kill. */
function* terminateDynamic(s: State): Generator<unknown, void, unknown> {
  const t = s.template!;
  const pending = new Map<unknown, Pid>();
  for (const pid of s.dynamic.keys()) {
    pending.set(monitor('process', pid), pid);
    exit(pid, t.shutdown === 'brutal_kill' ? 'kill' : 'shutdown');
  }
  const deadline = typeof t.shutdown === 'number' ? performance.now() + t.shutdown : Infinity;
  const isDown = (m: Term): boolean => Array.isArray(m) && m[0] === 'DOWN' && pending.has(m[1]);
  let killed = false;
  while (pending.size > 0) {
    const left = deadline - performance.now();
    const m = (yield* receive(isDown, killed || left === Infinity ? {} : { after: Math.max(0, Math.ceil(left)) })) as readonly Term[] | typeof TIMEOUT;
    if (m === TIMEOUT) {
      for (const pid of pending.values()) exit(pid, 'kill');
      killed = true;
      continue;
    }
    const pid = pending.get(m[1])!;
    pending.delete(m[1]);
    const reason = yield* unlinkFlush(pid, m[4] as Term);
    const ok = reason === (t.shutdown === 'brutal_kill' ? 'killed' : 'shutdown') || (t.restart !== 'permanent' && isNormalExit(reason));
    if (!ok) report(s, 'shutdown_error', reason, t, pid, s.dynamic.get(pid) ?? []);
  }
  s.dynamic.clear();
}

// ---------------------------------------------------------------------------------------
// Calls under simple_one_for_one

function* simpleCall(s: State, tag: Exclude<Req, string>[0], arg: unknown): Generator<unknown, Term, unknown> {
  const t = s.template!;
  switch (tag) {
    case 'start_child': {
      const args = [...t.start[1], ...(arg as readonly unknown[])];
      const r = yield* startOne([t.start[0], []], args);
      if (r[0] === 'error') return r;
      if (r[0] === 'ignore') return ['ok', 'undefined'];
      s.dynamic.set(r[1], args);
      return r;
    }
    case 'terminate_child': {
      if (!(arg instanceof Pid)) return ['error', 'simple_one_for_one'];
      const args = s.dynamic.get(arg);
      // OTP 25 answers ok for a pid that is no longer alive, child or not.
      if (args === undefined) return isAlive(arg) ? ['error', 'not_found'] : 'ok';
      s.dynamic.delete(arg);
      const r = yield* shutdown(arg, t.shutdown, t.restart === 'permanent');
      if (r !== 'ok') report(s, 'shutdown_error', r, t, arg, args);
      return 'ok';
    }
    default:
      return ['error', 'simple_one_for_one'];
  }
}

function whichOf(s: State): ChildInfo[] {
  if (s.template !== null) {
    const t = s.template;
    return [...s.dynamic.keys()].map((pid) => ['undefined', pid, t.type, t.modules]);
  }
  return s.children.map((c): ChildInfo => [c.id, c.pid, c.type, c.modules]).reverse();
}

function countOf(s: State): ChildCounts {
  if (s.template !== null) {
    const n = s.dynamic.size;
    const sup = s.template.type === 'supervisor';
    return [['specs', 1], ['active', n], ['supervisors', sup ? n : 0], ['workers', sup ? 0 : n]];
  }
  const sups = s.children.filter((c) => c.type === 'supervisor').length;
  return [
    ['specs', s.children.length],
    ['active', s.children.filter((c) => c.pid instanceof Pid).length],
    ['supervisors', sups],
    ['workers', s.children.length - sups],
  ];
}

// ---------------------------------------------------------------------------------------
// Reports

/** A supervisor report as OTP 25 prints it (the offender's mfargs as `{FunctionName, Args}`). */
function report(s: State, context: string, reason: Term, c: Child, pid: Term, args?: readonly unknown[]): void {
  otpReport('SUPERVISOR', () => {
    const offender = list([
      ['pid', pid],
      ['id', c.id],
      ['mfargs', [c.start[0].name, list([...(args ?? c.start[1])] as Term[])]],
      ['restart_type', c.restart],
      ['significant', false],
      ['shutdown', c.shutdown],
      ['child_type', c.type],
    ] as Term[]);
    return (
      `    supervisor: ${format(s.name)}\n    errorContext: ${context}\n    reason: ${format(reason, 'p', { column: 13 })}\n` +
      `    offender: ${format(offender, 'p', { column: 15 })}\n`
    );
  });
}
