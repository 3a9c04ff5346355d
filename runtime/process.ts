/**
 * Processes and the scheduler: generator processes on a run queue, links, monitors,
 * exit signals, registered names and the process dictionary.
 *
 * A process is a generator. The scheduler resumes it with `next()`; it runs until it
 * suspends (a receive with nothing to take, an awaited promise), yields (its reduction
 * budget ran out, or plain `yield`), returns (exit `normal`) or throws (a crash). After a
 * budget of resumptions the scheduler hands the thread back to Node's event loop with
 * `setImmediate`, so I/O callbacks and timers run; it holds no handle when nothing is
 * runnable.
 *
 * The process object is also its pid (`Process extends Pid`) and carries its mailbox
 * fields, so a process waiting in receive is two heap objects: this and its generator.
 *
 * Hooks for the socket layer (exported here, not from index.ts):
 * - {@link currentPid}: the running process or undefined, never throws.
 * - {@link onExit}: a callback run synchronously when a process terminates, before its
 *   links and monitors are signalled.
 * - {@link send} works from anywhere (I/O callbacks included) and wakes the scheduler.
 * - {@link dropMessages}: takes messages out of the caller's mailbox without receiving.
 * - {@link ioEnter}/{@link ioLeave}, for the poller: around a batch of readiness
 *   callbacks, so the processes they wake run when it ends rather than after a
 *   `setImmediate`.
 */
import { performance } from 'node:perf_hooks';
import { ErlangError, Pid, Ref, badarg, list, type Term } from './term.ts';
import { Mode, append, clear, isSelectOf, removeFirst, scan, toArray, type Mailbox, type MsgNode } from '../mailbox/queue.ts';
import { _, matchPattern, type Matched } from '../mailbox/match.ts';
import { crashReport } from './report.ts';

export { _ };
export type { Matched };

// ---------------------------------------------------------------------------------------
// Models

/** What a process body is: a generator function the scheduler drives. */
export type ProcessBody<R = unknown> = Generator<unknown, R, unknown>;

/** Returned by a receive that timed out. */
export const TIMEOUT: unique symbol = Symbol('timeout');
export type Timeout = typeof TIMEOUT;

/** Options of {@link receive}. */
export interface ReceiveOpts {
  /** Milliseconds to wait for a match; 0 polls. Default 'infinity'. */
  after?: number | 'infinity';
  /** Only messages that arrived after this ref was made by the receiving process. */
  marker?: Ref;
}

/** A process status as `process_info(Pid, status)` reports it. */
export type Status = 'running' | 'runnable' | 'waiting';

const enum State {
  Runnable = 1,
  Running = 2,
  /** Suspended in receive. */
  Waiting = 3,
  /** Suspended in awaitPromise. */
  Awaiting = 4,
  Exiting = 5,
  Dead = 6,
}

const enum Phase {
  Idle = 0,
  /** receive() called, nothing scanned yet. */
  Fresh = 1,
  Scanning = 2,
  TimedOut = 3,
  /** A message was handed straight to the waiting receive; it is in `inbox`. */
  Delivered = 4,
}

const NO_EXIT: unique symbol = Symbol('no_exit');

/** A ref made inside a process remembers how many messages its mailbox had queued by then. */
class MarkRef extends Ref {
  readonly owner: Process;
  readonly seq: number;
  constructor(owner: Process) {
    super();
    this.owner = owner;
    this.seq = owner.arrived;
  }
}

interface Monitor {
  readonly ref: Ref;
  readonly watcher: Process;
  readonly target: Process | null;
  /** Set when monitored by registered name: 'DOWN' then names `[name, node]`. */
  readonly name: string | undefined;
}

/** Rarely used per-process state, allocated on first use to keep processes small. */
class Ext {
  links: Set<Process> | null = null;
  /** Monitors this process holds, by ref. */
  monitors: Map<Ref, Monitor> | null = null;
  /** Monitors on this process, by ref. */
  watchers: Map<Ref, Monitor> | null = null;
  name: string | undefined = undefined;
  dict: Map<unknown, unknown> | null = null;
  hooks: Set<(reason: Term) => void> | null = null;
  /** Timers that send to this process by pid: cancelled when it terminates, as in Erlang. */
  timers: Set<Ref> | null = null;
  /** The latest ref this process made: a receive with it as marker starts at `markNode`. */
  markRef: Ref | null = null;
  /** Set by run(): settles its promise. */
  done: ((reason: Term, value: unknown, thrown: unknown) => void) | null = null;
  value: unknown = undefined;
  thrown: unknown = undefined;
}

let nextId = 80;

/** A process; also its own pid. */
class Process extends Pid implements Mailbox {
  gen: ProcessBody | null;
  state: State = State.Runnable;
  /** Run queue link. */
  nextRun: Process | null = null;
  head: MsgNode | null = null;
  tail: MsgNode | null = null;
  len = 0;
  arrived = 0;
  scanPrev: MsgNode | null = null;
  markNode: MsgNode | null = null;
  trapExit = false;
  phase: Phase = Phase.Idle;
  /** The message handed to a waiting receive (phase Delivered). */
  inbox: unknown = undefined;
  mode: Mode = Mode.Any;
  matcher: unknown = undefined;
  floor = 0;
  after = -1;
  /** The armed time-out of the receive in progress. */
  timer: NodeJS.Timeout | null = null;
  /**
   * The time-out of a finished receive, unref'd and left to lapse: the next receive with
   * the same time-out refreshes it instead of a setTimeout/clearTimeout pair.
   */
  spareTimer: NodeJS.Timeout | null = null;
  /** The duration `timer` or `spareTimer` was made with. */
  timerAfter = 0;
  ext: Ext | null = null;
  /** Brand on the prototype (see {@link isProcess}). */
  declare readonly isProcess: true;
  constructor(gen: ProcessBody) {
    super(nextId++);
    this.gen = gen;
  }
}
Object.defineProperty(Process.prototype, 'isProcess', { value: true });

/**
 * `x instanceof Process` without the generic InstanceOf builtin: a class binding is not a
 * compile-time constant to TurboFan, so instanceof on it stayed a runtime call costing
 * about 5% of a ping-pong round trip. A prototype constant is a monomorphic load.
 */
function isProcess(x: unknown): x is Process {
  return typeof x === 'object' && x !== null && (x as Process).isProcess === true;
}

function extOf(p: Process): Ext {
  return p.ext ?? (p.ext = new Ext());
}

// ---------------------------------------------------------------------------------------
// Scheduler

/** Receives a process runs before yielding to the others. */
const REDUCTIONS = 2000;
/** Process resumptions before handing the thread back to Node's event loop. */
const SLICE = 20000;

let current: Process | null = null;
/** Receives the running process has done in this turn. */
let reds = 0;
/** An exit signal that hit the running process; it takes effect when the process suspends. */
let currentExit: unknown = NO_EXIT;
let runHead: Process | null = null;
let runTail: Process | null = null;
/** A woken process that runs before the queue (see {@link wake}). */
let hot: Process | null = null;
/** Turns in a row given to `hot` ahead of a non-empty run queue. */
let hotRun = 0;
const HOT_LIMIT = 64;
let looping = false;
let loopScheduled = false;

/** Set by the testkit: picks the next process from a seeded generator. */
let picker: ((n: number) => number) | null = null;
const pickQueue: Process[] = [];
let idleWaiters: (() => void)[] = [];

let freezeMessages = process.env.BEAMLET_FREEZE === '1';

/**
 * Wakes a process a message arrived for. It runs next, ahead of the run queue, unless
 * another woken process already holds that place: a receiver then drains its mailbox
 * while the messages are young (cheap for the GC) instead of after every queued sender.
 * {@link HOT_LIMIT} bounds how often in a row this can pass the queue, so nothing starves.
 */
function wake(p: Process): void {
  if (hot !== null || picker !== null) {
    enqueue(p);
    return;
  }
  p.state = State.Runnable;
  hot = p;
  if (!looping && !loopScheduled) schedule();
}

function enqueue(p: Process): void {
  p.state = State.Runnable;
  if (picker !== null) pickQueue.push(p);
  else {
    p.nextRun = null;
    if (runTail === null) runHead = p;
    else runTail.nextRun = p;
    runTail = p;
  }
  if (!looping && !loopScheduled) schedule();
}

/**
 * Inside an I/O callback ({@link ioEnter}) the scheduler runs when the callback ends;
 * elsewhere at the end of the event loop iteration.
 */
function schedule(): void {
  loopScheduled = true;
  if (ioDepth > 0) ioWoke = true;
  else setImmediate(runLoop);
}

/** Nesting of {@link ioEnter}; a process woken inside runs at {@link ioLeave}. */
let ioDepth = 0;
let ioWoke = false;

/**
 * Poller hook: an fd-readiness callback starts. Its end is a safe point (no process is
 * running), so a process it wakes runs there and then instead of one `setImmediate`
 * later, which takes Node's check phase out of every I/O wake-up (ARCHITECTURE.md,
 * "Wake-up path").
 */
export function ioEnter(): void {
  ioDepth++;
}

/** Poller hook: the callback begun by {@link ioEnter} ended; runs whoever it woke. */
export function ioLeave(): void {
  if (--ioDepth === 0 && ioWoke) {
    ioWoke = false;
    runLoop();
  }
}

function dequeue(): Process | null {
  if (picker !== null) {
    const n = pickQueue.length;
    if (n === 0) return null;
    const i = picker(n);
    const p = pickQueue[i]!;
    pickQueue[i] = pickQueue[n - 1]!;
    pickQueue.pop();
    return p;
  }
  if (hot !== null && (runHead === null || hotRun < HOT_LIMIT)) {
    const h = hot;
    hot = null;
    hotRun++;
    return h;
  }
  hotRun = 0;
  const p = runHead;
  if (p !== null) {
    runHead = p.nextRun;
    if (runHead === null) runTail = null;
    p.nextRun = null;
  }
  return p;
}

let budget = 0;

// Every generator function has its own prototype, so `gen.next` is a megamorphic load
// once there are a few kinds of process; the shared %GeneratorPrototype%.next is not.
const generatorNext = Object.getPrototypeOf(function* () {}).prototype.next as (this: ProcessBody, v: unknown) => IteratorResult<unknown, unknown>;

function runLoop(): void {
  loopScheduled = false;
  looping = true;
  budget = SLICE;
  // One try around the whole loop, not one per step: a try/catch in the hot path costs
  // about 10% of a ping-pong round trip, and a crash only has to re-enter the loop.
  for (;;) {
    try {
      drive();
      break;
    } catch (e) {
      const p = current!;
      current = null;
      // A pending kill wins over the exception that followed it.
      const pending = currentExit;
      currentExit = NO_EXIT;
      if (pending !== NO_EXIT) terminate(p, pending);
      else crash(p, e);
    }
  }
  looping = false;
  if (runHead !== null || hot !== null || pickQueue.length > 0) {
    loopScheduled = true;
    setImmediate(runLoop);
  } else if (idleWaiters.length > 0) {
    const ws = idleWaiters;
    idleWaiters = [];
    for (const w of ws) w();
  }
}

function drive(): void {
  let p: Process | null;
  while (budget-- > 0 && (p = dequeue()) !== null) {
    if (p.state === State.Runnable) step(p);
  }
}

/** Resumes `p` until it suspends, yields or ends. A throw from its body propagates to runLoop. */
function step(p: Process): void {
  current = p;
  p.state = State.Running;
  reds = 0;
  const r = generatorNext.call(p.gen!, undefined);
  current = null;
  if (currentExit !== NO_EXIT) {
    const reason = currentExit;
    currentExit = NO_EXIT;
    terminate(p, reason);
  } else if (r.done === true) {
    if (p.ext !== null) p.ext.value = r.value;
    terminate(p, 'normal');
  } else if (p.state === State.Running) enqueue(p);
}

/** Receive time-outs armed, timers running and promises awaited: what can still wake a process. */
let wakeSources = 0;

/**
 * True when no process is runnable and nothing inside the runtime (a receive time-out, a
 * timer, an awaited promise) can make one runnable: only outside input (I/O, a send from
 * a callback) could. The testkit reads this as deadlock.
 */
export function quiescent(): boolean {
  return wakeSources === 0 && !looping && !loopScheduled && runHead === null && hot === null && pickQueue.length === 0;
}

/** Resolves when no process is runnable (used by the testkit between scenarios). */
export function idle(): Promise<void> {
  if (!looping && !loopScheduled && runHead === null && hot === null && pickQueue.length === 0) return Promise.resolve();
  return new Promise((resolve) => idleWaiters.push(resolve));
}

/**
 * Installs (or with null removes) a chooser of the next runnable process: given how many
 * are runnable it returns an index. Receives then also yield before scanning, so every
 * receive is an interleaving point. The testkit drives this from a seed.
 */
export function setPicker(pick: ((n: number) => number) | null): void {
  // Move whatever is queued to the queue of the new mode (in the order the old mode picks).
  const queued: Process[] = [];
  for (let p = dequeue(); p !== null; p = dequeue()) queued.push(p);
  picker = pick;
  for (const p of queued) enqueue(p);
}

/** Debug switches. `freezeMessages` deep-freezes each message on send (env BEAMLET_FREEZE=1). */
export function setDebug(opts: { freezeMessages?: boolean }): void {
  if (opts.freezeMessages !== undefined) freezeMessages = opts.freezeMessages;
}

function deepFreeze(t: unknown): void {
  // Pids are live processes and Buffers cannot be frozen; both are left alone.
  if (typeof t !== 'object' || t === null || t instanceof Pid || t instanceof Ref || Buffer.isBuffer(t)) return;
  if (ArrayBuffer.isView(t) || Object.isFrozen(t)) return;
  Object.freeze(t);
  for (const k of Object.keys(t)) deepFreeze((t as Record<string, unknown>)[k]);
}

// ---------------------------------------------------------------------------------------
// Termination and exit signals

const dying: Process[] = [];
const dyingReasons: unknown[] = [];
let draining = false;

/** Ends `p` with `reason`: at once, or at its next suspension if it is the one running. */
function kill(p: Process, reason: unknown): void {
  if (p === current) {
    if (currentExit === NO_EXIT) currentExit = reason;
  } else terminate(p, reason);
}

function terminate(p: Process, reason: unknown): void {
  if (p.state >= State.Exiting) return;
  p.state = State.Exiting;
  dying.push(p);
  dyingReasons.push(reason);
  if (draining) return;
  // A worklist, not recursion: a long chain of links must not exhaust the stack.
  draining = true;
  try {
    for (let i = 0; i < dying.length; i++) cleanup(dying[i]!, dyingReasons[i] as Term);
  } finally {
    dying.length = 0;
    dyingReasons.length = 0;
    draining = false;
  }
}

function cleanup(p: Process, reason: Term): void {
  if (p.timer !== null) {
    clearTimeout(p.timer);
    p.timer = null;
    wakeSources--;
  }
  if (p.spareTimer !== null) {
    clearTimeout(p.spareTimer);
    p.spareTimer = null;
  }
  p.gen = null;
  p.matcher = undefined;
  p.inbox = undefined;
  clear(p);
  const x = p.ext;
  if (x === null) {
    p.state = State.Dead;
    return;
  }
  if (x.hooks !== null) {
    for (const h of x.hooks) {
      try {
        h(reason);
      } catch (e) {
        process.stderr.write(crashReport(p, ['exit_hook', e]));
      }
    }
    x.hooks = null;
  }
  if (x.name !== undefined) registry.delete(x.name);
  if (x.links !== null) {
    for (const q of x.links) {
      q.ext!.links!.delete(p);
      exitSignal(p, q, reason, true);
    }
    x.links = null;
  }
  if (x.monitors !== null) {
    for (const m of x.monitors.values()) m.target?.ext?.watchers?.delete(m.ref);
    x.monitors = null;
  }
  if (x.watchers !== null) {
    for (const m of x.watchers.values()) {
      m.watcher.ext!.monitors!.delete(m.ref);
      deliver(m.watcher, ['DOWN', m.ref, 'process', m.name === undefined ? p : [m.name, thisNode()], reason]);
    }
    x.watchers = null;
  }
  if (x.timers !== null) {
    for (const ref of x.timers) dropTimer(ref);
    x.timers = null;
  }
  x.dict = null;
  x.markRef = null;
  p.state = State.Dead;
  if (x.done !== null) x.done(reason, x.value, x.thrown);
}

/** Erlang's exit-signal rules for a signal from `from` to `to`. */
function exitSignal(from: Pid, to: Process, reason: unknown, viaLink: boolean): void {
  if (to.state >= State.Exiting) return;
  if (!viaLink && reason === 'kill') kill(to, 'killed');
  else if (to.trapExit) deliver(to, ['EXIT', from, reason]);
  else if (reason !== 'normal' || (from === to && !viaLink)) kill(to, reason);
}

function crash(p: Process, e: unknown): void {
  let reason: unknown;
  let report = true;
  if (e instanceof ErlangError) {
    if (e.class === 'exit') {
      reason = e.reason;
      report = false;
    } else reason = [e.class === 'throw' ? ['nocatch', e.reason] : e.reason, stackOf(e)];
  } else reason = [e, stackOf(e)];
  const x = p.ext;
  if (x !== null && x.done !== null) x.thrown = e;
  else if (report) process.stderr.write(crashReport(p, reason));
  terminate(p, reason);
}

/** The JS stack of `e` as an Erlang list of frame strings. */
function stackOf(e: unknown): string[] {
  if (!(e instanceof Error) || typeof e.stack !== 'string') return list([]);
  return list(
    e.stack
      .split('\n')
      .filter((l) => l.startsWith('    at '))
      .map((l) => l.slice(7)),
  );
}

// ---------------------------------------------------------------------------------------
// Processes

function asProcess(pid: unknown): Process | null {
  return isProcess(pid) && pid.state < State.Exiting ? pid : null;
}

function mustSelf(): Process {
  if (current === null) throw new ErlangError('not_in_process');
  return current;
}

/** Starts a process running `fn(...args)`; returns its pid. */
export function spawn<A extends unknown[]>(fn: (...args: A) => ProcessBody, ...args: A): Pid {
  const p = new Process(fn(...args));
  enqueue(p);
  return p;
}

/** {@link spawn} and link the new process to the caller, atomically. */
export function spawnLink<A extends unknown[]>(fn: (...args: A) => ProcessBody, ...args: A): Pid {
  const me = mustSelf();
  const p = new Process(fn(...args));
  addLink(me, p);
  enqueue(p);
  return p;
}

/** {@link spawn} and monitor the new process, atomically. */
export function spawnMonitor<A extends unknown[]>(fn: (...args: A) => ProcessBody, ...args: A): [Pid, Ref] {
  const me = mustSelf();
  const p = new Process(fn(...args));
  const ref = addMonitor(me, p, undefined);
  enqueue(p);
  return [p, ref];
}

/** The calling process; throws ErlangError outside any process. */
export function self(): Pid {
  return mustSelf();
}

/** The running process, or undefined outside any process. Never throws. */
export function currentPid(): Pid | undefined {
  return current ?? undefined;
}

function deliver(p: Process, msg: unknown): void {
  if (p.state >= State.Exiting) return;
  if (p.state !== State.Waiting) append(p, msg);
  else {
    handOver(p, msg);
    wake(p);
  }
}

/**
 * Puts `msg` in the mailbox of `p`, which waits in receive. A waiting receive has already
 * rejected everything queued, so if it takes any message, or its pattern matches `msg`,
 * `msg` is the one it returns: it is handed over directly, with no queue node, no append
 * and no rescan (a quarter of a ping-pong round trip). Predicates are user code and run
 * in the receiving process, so those messages are queued.
 */
function handOver(p: Process, msg: unknown): void {
  const mode = p.mode;
  if (mode === Mode.Any || (mode === Mode.Select ? isSelectOf(p.matcher, msg) : mode === Mode.Pattern && matchPattern(p.matcher, msg))) {
    p.inbox = msg;
    p.phase = Phase.Delivered;
  } else append(p, msg);
}

/**
 * `erlang:send/2` (`Dest ! Msg`): to a pid (dropped if it is dead) or a registered name
 * (badarg if none). Callable from anywhere, including I/O callbacks; wakes the scheduler.
 */
export function send<T>(dest: Pid | string | readonly [string, string], msg: T): T {
  let p: Process | null;
  if (isProcess(dest)) p = dest.state < State.Exiting ? dest : null;
  else if (typeof dest === 'string') {
    p = registry.get(dest) ?? null;
    if (p === null) badarg();
  } else if (dest instanceof Pid) {
    p = null;
    router?.send(dest, msg, current ?? NOPID);
  } else if (Array.isArray(dest) && dest.length === 2 && typeof dest[0] === 'string' && typeof dest[1] === 'string' && router !== null) {
    p = null;
    router.send(dest as readonly [string, string], msg, current ?? NOPID);
  } else badarg();
  if (freezeMessages) deepFreeze(msg);
  if (p !== null) deliver(p, msg);
  return msg;
}

/** `erlang:exit/1`: ends the calling process with `reason` (throws). */
export function exit(reason: Term): never;
/**
 * `erlang:exit/2`: sends an exit signal to `pid`; returns true. A signal to the caller
 * itself that ends it (`'kill'`, or any reason, `'normal'` included, when it does not trap
 * exits) ends it at once, as in OTP: the call does not return.
 */
export function exit(pid: Pid, reason: Term): true;
export function exit(a: unknown, b?: unknown): true {
  if (arguments.length < 2) throw new ErlangError(a as Term, 'exit');
  if (!(a instanceof Pid)) badarg();
  const to = asProcess(a);
  // From outside any process the signal comes from <0.0.0>, never from the target itself.
  if (to !== null) exitSignal(current ?? NOPID, to, b, false);
  else if (!isProcess(a)) router?.exit(current ?? NOPID, a, b as Term);
  // A signal a process sends itself acts at once, as in OTP: nothing after this call runs.
  // (Should the body catch this throw, the pending exit still ends it when it suspends.)
  if (to !== null && to === current && currentExit !== NO_EXIT) throw new ErlangError(currentExit as Term, 'exit');
  return true;
}

/** `erlang:link/1`. Linking to a dead process: noproc (an error, or an 'EXIT' message when trapping). */
export function link(pid: Pid): true {
  const me = mustSelf();
  if (!(pid instanceof Pid)) badarg();
  if (pid === me) return true;
  if (!isProcess(pid) && router !== null && router.link(me, pid)) return true;
  const p = asProcess(pid);
  if (p === null) {
    if (!me.trapExit) throw new ErlangError('noproc');
    deliver(me, ['EXIT', pid, 'noproc']);
    return true;
  }
  addLink(me, p);
  return true;
}

function addLink(a: Process, b: Process): void {
  (extOf(a).links ??= new Set()).add(b);
  (extOf(b).links ??= new Set()).add(a);
}

/** `erlang:unlink/1`. */
export function unlink(pid: Pid): true {
  const me = mustSelf();
  if (!(pid instanceof Pid)) badarg();
  if (isProcess(pid)) {
    me.ext?.links?.delete(pid);
    pid.ext?.links?.delete(me);
  } else router?.unlink(me, pid);
  return true;
}

/** `erlang:is_process_alive/1`. */
export function isAlive(pid: Pid): boolean {
  if (!(pid instanceof Pid)) badarg();
  return asProcess(pid) !== null;
}

/** `process_flag(trap_exit, Bool)`; returns the old value. */
export function processFlag(flag: 'trap_exit', value: boolean): boolean {
  const me = mustSelf();
  if (flag !== 'trap_exit' || typeof value !== 'boolean') badarg();
  const old = me.trapExit;
  me.trapExit = value;
  return old;
}

/** The items `process_info/2` answers. */
export interface ProcessInfo {
  status: Status;
  message_queue_len: number;
  links: Pid[];
  monitors: ['process', Pid | [string, string]][];
  registered_name: string | [];
  messages: unknown[];
  trap_exit: boolean;
}
export type InfoItem = keyof ProcessInfo;
const INFO_ITEMS: readonly InfoItem[] = ['status', 'message_queue_len', 'links', 'monitors', 'registered_name', 'messages', 'trap_exit'];

function infoItem<K extends InfoItem>(p: Process, item: K): ProcessInfo[K] {
  const x = p.ext;
  const v: ProcessInfo[InfoItem] = (() => {
    switch (item) {
      case 'status':
        return p === current ? 'running' : p.state === State.Runnable ? 'runnable' : 'waiting';
      case 'message_queue_len':
        return p.len + (p.phase === Phase.Delivered ? 1 : 0);
      case 'links':
        return x?.links ? [...x.links] : [];
      case 'monitors':
        // By name, Erlang lists the monitor as `{process, {Name, Node}}`.
        return x?.monitors
          ? [...x.monitors.values()].map((m): ['process', Pid | [string, string]] => ['process', m.name === undefined ? m.target ?? NOPID : [m.name, thisNode()]])
          : [];
      case 'registered_name':
        return x?.name ?? [];
      case 'messages': {
        const msgs = toArray(p);
        if (p.phase === Phase.Delivered) {
          // The handed-over message arrived after what the receive had scanned (up to
          // its save pointer) and before anything queued since.
          let older = 0;
          for (let n = p.scanPrev === null ? null : p.head; n !== null; n = n.next) {
            older++;
            if (n === p.scanPrev) break;
          }
          msgs.splice(older, 0, p.inbox);
        }
        return msgs;
      }
      case 'trap_exit':
        return p.trapExit;
      default:
        return badarg();
    }
  })();
  return v as ProcessInfo[K];
}

/** `process_info(Pid, Item)`: `[item, value]`, or undefined for a dead process. */
export function processInfo<K extends InfoItem>(pid: Pid, item: K): [K, ProcessInfo[K]] | undefined;
/** `process_info(Pid)`: every item as `[item, value]` pairs, or undefined for a dead process. */
export function processInfo(pid: Pid): [InfoItem, ProcessInfo[InfoItem]][] | undefined;
export function processInfo(pid: Pid, item?: InfoItem): unknown {
  if (!(pid instanceof Pid)) badarg();
  if (item !== undefined && !INFO_ITEMS.includes(item)) badarg();
  const p = asProcess(pid);
  if (p === null) return undefined;
  if (item !== undefined) return [item, infoItem(p, item)];
  return INFO_ITEMS.filter((i) => i !== 'messages' && (i !== 'registered_name' || p.ext?.name !== undefined)).map((i) => [i, infoItem(p, i)]);
}

const NOPID = new Pid(0);

// ---------------------------------------------------------------------------------------
// Process dictionary

function dictOf(): Map<unknown, unknown> {
  const x = extOf(mustSelf());
  return x.dict ?? (x.dict = new Map());
}

/** `put/2`: returns the old value or 'undefined'. */
export function put(key: Term, value: Term): Term {
  const d = dictOf();
  const old = d.has(key) ? (d.get(key) as Term) : 'undefined';
  d.set(key, value);
  return old;
}

/** `get/1`: the value or 'undefined'. `get()` lists `[key, value]` pairs. */
export function get(key: Term): Term;
export function get(): [Term, Term][];
export function get(key?: Term): unknown {
  const d = dictOf();
  if (arguments.length === 0) return [...d.entries()];
  return d.has(key) ? d.get(key) : 'undefined';
}

/** `erase/1`: removes the key, returns its value or 'undefined'. `erase()` empties it. */
export function erase(key: Term): Term;
export function erase(): [Term, Term][];
export function erase(key?: Term): unknown {
  const d = dictOf();
  if (arguments.length === 0) {
    const all = [...d.entries()];
    d.clear();
    return all;
  }
  if (!d.has(key)) return 'undefined';
  const v = d.get(key);
  d.delete(key);
  return v;
}

// ---------------------------------------------------------------------------------------
// Monitors

/** This node's name: `nonode@nohost` until the distribution layer starts a node. */
function thisNode(): string {
  return router?.node() ?? 'nonode@nohost';
}

function newRef(): Ref {
  const me = current;
  if (me === null) return new Ref();
  const r = new MarkRef(me);
  extOf(me).markRef = r;
  me.markNode = me.tail;
  return r;
}

/** `erlang:make_ref/0`. Made inside a process, the ref can be a receive `marker`. */
export function makeRef(): Ref {
  return newRef();
}

function addMonitor(me: Process, target: Process | null, name: string | undefined): Ref {
  const ref = newRef();
  const m: Monitor = { ref, watcher: me, target, name };
  if (target === null) {
    deliver(me, ['DOWN', ref, 'process', name === undefined ? NOPID : [name, thisNode()], 'noproc']);
    return ref;
  }
  // A process monitoring itself can never see its own 'DOWN': OTP records nothing.
  if (target === me) return ref;
  (extOf(me).monitors ??= new Map()).set(ref, m);
  (extOf(target).watchers ??= new Map()).set(ref, m);
  return ref;
}

/** `monitor(process, Pid | Name)`: one 'DOWN' message when it ends (noproc if dead). */
export function monitor(type: 'process', item: Pid | string | readonly [string, string]): Ref {
  const me = mustSelf();
  if (type !== 'process') badarg();
  if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && typeof item[1] === 'string' && router !== null) {
    if (item[1] === router.node()) item = item[0] as string;
    else return remoteMonitor(me, item as readonly [string, string]);
  }
  if (item instanceof Pid && !isProcess(item) && router !== null && router.isRemote(item)) return remoteMonitor(me, item);
  if (typeof item === 'string') {
    const p = registry.get(item) ?? null;
    if (p === null) {
      const ref = newRef();
      deliver(me, ['DOWN', ref, 'process', [item, thisNode()], 'noproc']);
      return ref;
    }
    return addMonitor(me, p, item);
  }
  if (!(item instanceof Pid)) badarg();
  const p = asProcess(item);
  if (p === null) {
    const ref = newRef();
    deliver(me, ['DOWN', ref, 'process', item, 'noproc']);
    return ref;
  }
  return addMonitor(me, p, undefined);
}

/**
 * `erlang:demonitor/2`. `flush` also removes a 'DOWN' already queued. Returns true, or
 * with `info`: true if the monitor was found and removed, false if not (with `flush`:
 * false if a 'DOWN' had to be flushed).
 */
export function demonitor(ref: Ref, opts: readonly ('flush' | 'info')[] = []): boolean {
  const me = mustSelf();
  if (!(ref instanceof Ref) || !Array.isArray(opts)) badarg();
  let flush = false;
  let info = false;
  for (const o of opts) {
    if (o === 'flush') flush = true;
    else if (o === 'info') info = true;
    else badarg();
  }
  const m = me.ext?.monitors?.get(ref);
  if (m !== undefined) {
    me.ext!.monitors!.delete(ref);
    m.target?.ext?.watchers?.delete(ref);
    return true;
  }
  if (router !== null && router.demonitor(me, ref)) return true;
  if (flush) {
    const flushed = removeFirst(me, (msg) => Array.isArray(msg) && msg.length === 5 && msg[0] === 'DOWN' && msg[1] === ref);
    return info ? !flushed : true;
  }
  return !info;
}

// ---------------------------------------------------------------------------------------
// Registered names

const registry = new Map<string, Process>();

/** `erlang:register/2`. badarg for 'undefined', a dead pid, a taken name, a named pid. */
export function register(name: string, pid: Pid): true {
  if (typeof name !== 'string' || name === 'undefined' || !(pid instanceof Pid)) badarg();
  const p = asProcess(pid);
  if (p === null || registry.has(name) || p.ext?.name !== undefined) badarg();
  registry.set(name, p);
  extOf(p).name = name;
  return true;
}

/** `erlang:unregister/1`; badarg when the name is not registered. */
export function unregister(name: string): true {
  const p = registry.get(name);
  if (p === undefined) badarg();
  registry.delete(name);
  p.ext!.name = undefined;
  return true;
}

/** `erlang:whereis/1`: the pid, or the atom 'undefined'. */
export function whereis(name: string): Pid | 'undefined' {
  if (typeof name !== 'string') badarg();
  return registry.get(name) ?? 'undefined';
}

/** `erlang:registered/0`. */
export function registered(): string[] {
  return [...registry.keys()];
}

// ---------------------------------------------------------------------------------------
// Hook for the distribution layer

/**
 * What the distribution layer does with signals addressed to another node: a pid that is
 * not a process of this runtime, or a `[name, node]` pair. Installed by `startNode`.
 */
export interface RemoteRouter {
  /** This node's name. */
  node(): string;
  /** True for a pid of another node. */
  isRemote(pid: Pid): boolean;
  send(dest: Pid | readonly [string, string], msg: unknown, from: Pid): void;
  /** Links `from` to the remote `to`; false if `to` is not remote. */
  link(from: Pid, to: Pid): boolean;
  unlink(from: Pid, to: Pid): void;
  exit(from: Pid, to: Pid, reason: Term): void;
  monitor(from: Pid, to: Pid | readonly [string, string], ref: Ref): void;
  /** Removes a remote monitor `from` holds; false if there is none. */
  demonitor(from: Pid, ref: Ref): boolean;
}

let router: RemoteRouter | null = null;

/** Installs (or with null removes) the distribution layer's router. */
export function setRemoteRouter(r: RemoteRouter | null): void {
  router = r;
}

function remoteMonitor(me: Process, to: Pid | readonly [string, string]): Ref {
  const ref = newRef();
  router!.monitor(me, to, ref);
  return ref;
}

/** Applies an exit signal that came from another node, with Erlang's rules for link or exit/2. */
export function remoteExitSignal(from: Pid, to: Pid, reason: Term, viaLink: boolean): void {
  const p = asProcess(to);
  if (p !== null) exitSignal(from, p, reason, viaLink);
}

// ---------------------------------------------------------------------------------------
// Hooks for the socket layer

/**
 * Removes from the calling process's mailbox every message `pred` accepts (as the socket
 * layer does for select/abort messages of an operation it gave up); returns how many.
 */
export function dropMessages(pred: (m: unknown) => boolean): number {
  const me = mustSelf();
  let n = 0;
  while (removeFirst(me, pred)) n++;
  return n;
}

/**
 * Runs `cb(reason)` synchronously when `pid` terminates, before its links and monitors
 * are signalled. Returns a function that unregisters it. If `pid` is already dead, `cb`
 * runs at once with reason 'noproc' and the returned function does nothing.
 */
export function onExit(pid: Pid, cb: (reason: Term) => void): () => void {
  const p = asProcess(pid);
  if (p === null) {
    cb('noproc');
    return () => {};
  }
  const hooks = (extOf(p).hooks ??= new Set());
  hooks.add(cb);
  return () => {
    hooks.delete(cb);
  };
}

// ---------------------------------------------------------------------------------------
// Receive

interface Step {
  done: boolean;
  value: unknown;
}

/** Yielded by a suspending operation to hand control back to the scheduler. */
const SUSPEND: unique symbol = Symbol('suspend');
const SUSPENDED: Step = { done: false, value: SUSPEND };

/**
 * The longest delay a Node timer takes (2^31 - 1 ms, about 24.8 days); a longer one fires
 * after 1 ms. Erlang allows time-outs up to 2^32 - 1 ms: those wait in steps.
 */
const MAX_TIMER = 2147483647;
/** The longest `after` Erlang takes: 2^32 - 1 ms. */
const MAX_AFTER = 4294967295;

/** A step of a receive time-out longer than {@link MAX_TIMER}, due at `deadline`. */
function onLongRecvTimeout(p: Process, deadline: number): void {
  const left = deadline - performance.now();
  if (p.timer !== null && left >= 1) {
    p.timer = setTimeout(onLongRecvTimeout, Math.min(left, MAX_TIMER), p, deadline);
    return;
  }
  onRecvTimeout(p);
}

function onRecvTimeout(p: Process): void {
  if (p.timer === null) {
    // The spare timer lapsed (a process has at most one Node timer for receives).
    p.spareTimer = null;
    return;
  }
  p.timer = null;
  wakeSources--;
  if (p.state === State.Waiting) {
    p.phase = Phase.TimedOut;
    enqueue(p);
  }
}

function finishReceive(p: Process, value: unknown): Step {
  if (p.timer !== null) {
    // Kept for the next receive rather than cleared: refresh is about 0.2 µs against 1.3
    // for a new setTimeout and its clearTimeout (ARCHITECTURE.md, "Wake-up path"). A
    // long time-out's step timer is not: it carries its deadline.
    if (p.timerAfter > MAX_TIMER) clearTimeout(p.timer);
    else {
      p.timer.unref();
      p.spareTimer = p.timer;
    }
    p.timer = null;
    wakeSources--;
  }
  p.phase = Phase.Idle;
  p.matcher = undefined;
  p.inbox = undefined;
  // A fresh result, not a shared one: storing a young message into a long-lived object
  // costs a write-barrier call, which is dearer than this small allocation.
  return { done: true, value };
}

function receiveStep(): Step {
  const p = current!;
  if (currentExit !== NO_EXIT) return SUSPENDED;
  if (p.phase === Phase.Delivered) return finishReceive(p, p.inbox);
  if (p.phase === Phase.Fresh) {
    p.phase = Phase.Scanning;
    if (picker !== null || ++reds > REDUCTIONS) return SUSPENDED;
  }
  if (p.head !== null) {
    const node = scan(p, p.mode, p.matcher, p.floor);
    if (node !== null) return finishReceive(p, node.msg);
  }
  if (p.phase === Phase.TimedOut || p.after === 0) return finishReceive(p, TIMEOUT);
  if (p.after > 0 && p.timer === null) {
    const spare = p.spareTimer;
    p.spareTimer = null;
    // refresh() restarts the time-out from now with its own duration and queues it behind
    // timers set earlier, exactly as a new setTimeout would.
    if (spare !== null && p.timerAfter === p.after) p.timer = spare.ref().refresh();
    else {
      if (spare !== null) clearTimeout(spare);
      p.timer = p.after > MAX_TIMER
        ? setTimeout(onLongRecvTimeout, MAX_TIMER, p, performance.now() + p.after)
        : setTimeout(onRecvTimeout, p.after, p);
      p.timerAfter = p.after;
    }
    wakeSources++;
  }
  p.state = State.Waiting;
  return SUSPENDED;
}

// One iterator object serves every receive: the receive's state lives on the process.
const RECEIVE: Iterable<unknown, unknown, unknown> & Iterator<unknown, unknown, unknown> = {
  [Symbol.iterator]() {
    return this;
  },
  next: receiveStep as () => IteratorResult<unknown, unknown>,
};

/** What `yield* receive(...)` produces: the message, or {@link TIMEOUT}. */
export type Receive<T> = Iterable<unknown, T, unknown>;

/**
 * Selective receive: `yield* receive(matcher?, opts?)` takes the first queued message the
 * matcher accepts (a predicate or a pattern with {@link _}), waiting for one if needed.
 * Returns {@link TIMEOUT} if none came within `opts.after` ms (0 polls). Use it directly
 * with `yield*`: the receive belongs to the process that calls it.
 */
export function receive(): Receive<Term>;
export function receive<T extends Term>(guard: (m: Term) => m is T): Receive<T>;
export function receive<T extends Term>(guard: (m: Term) => m is T, opts: ReceiveOpts): Receive<T | Timeout>;
export function receive(pred: (m: Term) => boolean): Receive<Term>;
export function receive(pred: (m: Term) => boolean, opts: ReceiveOpts): Receive<Term | Timeout>;
export function receive<const P>(pattern: P): Receive<Matched<P>>;
export function receive<const P>(pattern: P, opts: ReceiveOpts): Receive<Matched<P> | Timeout>;
export function receive(matcher?: unknown, opts?: ReceiveOpts): Receive<unknown> {
  const p = mustSelf();
  p.mode = matcher === undefined ? Mode.Any : typeof matcher === 'function' ? Mode.Predicate : Mode.Pattern;
  p.matcher = matcher;
  p.phase = Phase.Fresh;
  p.scanPrev = null;
  p.floor = 0;
  p.after = -1;
  if (opts !== undefined) {
    const after = opts.after;
    if (after !== undefined && after !== 'infinity') {
      // As `receive ... after T` in Erlang: T must be in 0..2^32-1 (a fraction is rounded down).
      if (typeof after !== 'number' || !(after >= 0) || after > MAX_AFTER) throw new ErlangError('timeout_value');
      p.after = Math.floor(after);
    }
    const marker = opts.marker;
    if (marker !== undefined) {
      if (p.ext !== null && marker === p.ext.markRef) {
        p.scanPrev = p.markNode;
        p.floor = (marker as MarkRef).seq;
      } else if (marker instanceof MarkRef && marker.owner === p) p.floor = marker.seq;
      else if (!(marker instanceof Ref)) badarg();
    }
  }
  return RECEIVE;
}

/**
 * The receive of a blocking socket call (socket/async.ts): the select or abort message of
 * `handle`, which the caller made with {@link makeRef} and so also marks the mailbox, or
 * {@link TIMEOUT} after `after` ms (-1: never). The runtime matches it itself, so the
 * message, when it arrives during the wait, is handed over without being queued.
 */
export function receiveSelect(handle: Ref, after: number): Receive<Term | Timeout> {
  const p = mustSelf();
  // OTP's socket.erl waits with `receive ... after`: a time-out it cannot take raises there.
  if (after > MAX_AFTER) throw new ErlangError('timeout_value');
  p.mode = Mode.Select;
  p.matcher = handle;
  p.phase = Phase.Fresh;
  p.scanPrev = null;
  p.floor = 0;
  p.after = after;
  if (p.ext !== null && handle === p.ext.markRef) {
    p.scanPrev = p.markNode;
    p.floor = (handle as MarkRef).seq;
  } else if (handle instanceof MarkRef && handle.owner === p) p.floor = handle.seq;
  return RECEIVE as Receive<Term | Timeout>;
}

/** `yield* sleep(ms)`: suspends the process for `ms` milliseconds (`timer:sleep/1`). */
export function* sleep(ms: number): Generator<unknown, void, unknown> {
  yield* receive(NEVER, { after: ms });
}

function NEVER(): boolean {
  return false;
}

/** `yield* awaitPromise(p)`: suspends the process until `p` settles; throws if it rejects. */
export function* awaitPromise<T>(promise: PromiseLike<T>): Generator<unknown, T, unknown> {
  const p = mustSelf();
  let settled = 0;
  let value: unknown;
  wakeSources++;
  promise.then(
    (v) => {
      wakeSources--;
      settled = 1;
      value = v;
      if (p.state === State.Awaiting) enqueue(p);
    },
    (e) => {
      wakeSources--;
      settled = 2;
      value = e;
      if (p.state === State.Awaiting) enqueue(p);
    },
  );
  while (settled === 0) {
    p.state = State.Awaiting;
    yield SUSPEND;
  }
  if (settled === 2) throw value;
  return value as T;
}

/** `yield*` this inside a process to let others run (`erlang:yield/0`). */
export function* yieldProcess(): Generator<unknown, void, unknown> {
  yield SUSPEND;
}

/**
 * Runs `fn` as a process from outside any process. Resolves with its generator's return
 * value; rejects if it ends any other way: with the ErlangError or value it threw, or an
 * ErlangError of class exit carrying the exit reason. Its crash goes to the promise, not
 * to stderr.
 */
export function run<R>(fn: () => Generator<unknown, R, unknown>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const p = new Process(fn());
    extOf(p).done = (reason, value, thrown) => {
      if (reason === 'normal') resolve(value as R);
      else if (thrown !== undefined) reject(thrown);
      else reject(new ErlangError(reason, 'exit'));
    };
    enqueue(p);
  });
}

// ---------------------------------------------------------------------------------------
// Timers

interface TimerEntry {
  handle: NodeJS.Timeout;
  deadline: number;
  /** Longer than {@link MAX_TIMER}: its Node timer fires in steps until the deadline. */
  long: boolean;
  dest: Pid | string;
  msg: unknown;
}

const timers = new Map<Ref, TimerEntry>();

/** Forgets timer `ref`; returns its entry, or undefined if it fired or was cancelled. */
function dropTimer(ref: Ref): TimerEntry | undefined {
  const t = timers.get(ref);
  if (t === undefined) return undefined;
  timers.delete(ref);
  wakeSources--;
  clearTimeout(t.handle);
  if (isProcess(t.dest)) t.dest.ext?.timers?.delete(ref);
  return t;
}

function fireTimer(ref: Ref): void {
  const entry = timers.get(ref);
  if (entry?.long === true && entry.deadline - performance.now() >= 1) {
    entry.handle = setTimeout(fireTimer, Math.min(entry.deadline - performance.now(), MAX_TIMER), ref);
    return;
  }
  const t = dropTimer(ref);
  if (t === undefined) return;
  const dest = t.dest;
  if (typeof dest === 'string') {
    const p = registry.get(dest);
    if (p !== undefined) send(p, t.msg);
  } else send(dest, t.msg);
}

function startTimerWith(ms: number, dest: Pid | string, msg: unknown): Ref {
  if (typeof ms !== 'number' || !(ms >= 0) || ms > 4294967295) badarg();
  if (!(dest instanceof Pid) && typeof dest !== 'string') badarg();
  const ref = newRef();
  if (typeof dest !== 'string') {
    // A timer to a dead pid is cancelled from the start, as Erlang does.
    const p = asProcess(dest);
    if (p === null) return ref;
    (extOf(p).timers ??= new Set()).add(ref);
  }
  const deadline = performance.now() + ms;
  timers.set(ref, { handle: setTimeout(fireTimer, Math.min(ms, MAX_TIMER), ref), deadline, long: ms > MAX_TIMER, dest, msg });
  wakeSources++;
  return ref;
}

/** `erlang:send_after/3`: sends `msg` to `dest` after `ms`; returns the timer ref. */
export function sendAfter<T>(ms: number, dest: Pid | string, msg: T): Ref {
  return startTimerWith(ms, dest, msg);
}

/** `erlang:start_timer/3`: after `ms`, sends `['timeout', tref, msg]` to `dest`. */
export function startTimer<T>(ms: number, dest: Pid | string, msg: T): Ref {
  const ref = startTimerWith(ms, dest, undefined);
  const t = timers.get(ref);
  if (t !== undefined) t.msg = ['timeout', ref, msg];
  return ref;
}

function timeLeft(t: TimerEntry): number {
  return Math.max(0, Math.ceil(t.deadline - performance.now()));
}

/** `erlang:cancel_timer/1`: the ms that were left, or false if it already fired or was cancelled. */
export function cancelTimer(ref: Ref): number | false {
  if (!(ref instanceof Ref)) badarg();
  const t = dropTimer(ref);
  return t === undefined ? false : timeLeft(t);
}

/** `erlang:read_timer/1`: the ms left, or false. */
export function readTimer(ref: Ref): number | false {
  if (!(ref instanceof Ref)) badarg();
  const t = timers.get(ref);
  return t === undefined ? false : timeLeft(t);
}
