/**
 * The socket record and the registry.
 *
 * One {@link Sock} per open socket: its fd, what it is (domain, type, protocol), its
 * controlling process, its three operation queues (queue.ts) with the poller interest
 * they ask for, a pending connect, its counters, its monitors and its otp-level
 * options. The `socket()` term's handle is a {@link SockRef}, a Ref that points back to
 * its record, so finding the record of a socket argument is one property load.
 *
 * Closing lives here too, because everything that closes a socket (close/1, the owner's
 * death, a controlling process handed to a dead pid) must do the same: abort every
 * pending operation, stop polling and close the fd, fire the monitors once, leave the
 * registry.
 */
import { Pid, Ref, badarg, type Term } from '../runtime/term.ts';
import { onExit, send } from '../runtime/process.ts';
import { poller, type Ready } from '../ffi/index.ts';
import { closeAll, downAll, makeQueues, type QueueEffects, type SocketQueues, type queue_kind } from './queue.ts';
import { makeSocket, type domain, type protocol, type select_handle, type socket, type type } from './types.ts';

/** The `socket()` handle: a Ref that knows its socket record. */
export class SockRef extends Ref {
  sock!: Sock;
  /** Brand on the prototype: {@link sockOf} tests it instead of `instanceof`. */
  declare readonly isSockRef: true;
}
// A property load on the one shape a socket term's ref has, where `instanceof` walks the
// prototype chain (about 1% of a UDP server's CPU, measured).
Object.defineProperty(SockRef.prototype, 'isSockRef', { value: true });

/** The counters of `info/1`, mutable. */
export interface Counters {
  read_byte: number;
  read_fails: number;
  read_pkg: number;
  read_pkg_max: number;
  read_tries: number;
  read_waits: number;
  write_byte: number;
  write_fails: number;
  write_pkg: number;
  write_pkg_max: number;
  write_tries: number;
  write_waits: number;
  acc_success: number;
  acc_fails: number;
  acc_tries: number;
  acc_waits: number;
}

function newCounters(): Counters {
  return {
    read_byte: 0, read_fails: 0, read_pkg: 0, read_pkg_max: 0, read_tries: 0, read_waits: 0,
    write_byte: 0, write_fails: 0, write_pkg: 0, write_pkg_max: 0, write_tries: 0, write_waits: 0,
    acc_success: 0, acc_fails: 0, acc_tries: 0, acc_waits: 0,
  };
}

/** A pending non-blocking connect: at most one per socket, not queued. */
export interface PendingConnect {
  readonly pid: Pid;
  readonly handle: select_handle;
  selectSent: boolean;
}

/** How the socket was made: `normal`, or from an fd (`{fromfd, Fd}` when duplicated). */
export type ctype = 'normal' | 'fromfd' | readonly ['fromfd', number];

/** What a socket is, as `open` resolved it. */
export interface SockKind {
  readonly fd: number;
  readonly domain: domain | number;
  readonly type: type | number;
  readonly protocol: protocol | number;
  readonly ctype: ctype;
  readonly owner: Pid;
  readonly useRegistry: boolean;
  readonly debug: boolean;
}

/** A monitor on a socket: who watches, and how to drop the hook on its death. */
export interface SockMonitor {
  readonly pid: Pid;
  readonly unhook: () => void;
}

/** One open (or closed) socket. */
export class Sock implements QueueEffects {
  readonly ref: SockRef;
  readonly term: socket;
  readonly fd: number;
  readonly domain: domain | number;
  readonly type: type | number;
  readonly protocol: protocol | number;
  readonly ctype: ctype;
  readonly queues: SocketQueues;
  readonly counters: Counters = newCounters();
  owner: Pid | undefined;
  closed = false;
  /** Set by bind, listen, connect, shutdown: the state column of `i/0`. */
  bound = false;
  listening = false;
  connected = false;
  shutRead = false;
  shutWrite = false;
  connect: PendingConnect | undefined = undefined;
  /** `{otp, rcvbuf}`: the buffer size of a Length 0 read, and how many full reads in a row. */
  rcvbufSize = 8192;
  rcvbufN = 1;
  rcvctrlbuf = 1024;
  sndctrlbuf = 1024;
  debug: boolean;
  iow = false;
  selectRead = false;
  meta: Term = undefined;
  useRegistry: boolean;
  /** Monitors on this socket: ref → watching process and the removal of its exit hook. */
  monitors: Map<Ref, SockMonitor> | null = null;
  private unhookOwner: () => void = noop;
  /** Exit hooks of processes that have waited on this socket, so their ops leave the queues. */
  private waiters: Map<Pid, () => void> | null = null;
  /** The process `trackWaiter` saw last, which is in `waiters` while it lives. */
  private lastWaiter: Pid | undefined = undefined;
  /** The directions the poller currently watches for this socket. */
  private watching = 0;
  /**
   * Whether the poller was ever armed for reading / writing: info/1's `selected`. OTP 25
   * sets its SELECTED state on the first select of a direction and never clears it, so a
   * socket whose connect or recv once waited keeps showing it.
   */
  readSelected = false;
  writeSelected = false;

  constructor(k: SockKind) {
    this.ref = new SockRef();
    this.ref.sock = this;
    this.term = makeSocket(this.ref);
    this.fd = k.fd;
    this.domain = k.domain;
    this.type = k.type;
    this.protocol = k.protocol;
    this.ctype = k.ctype;
    this.debug = k.debug;
    this.useRegistry = k.useRegistry;
    this.queues = makeQueues(this);
    this.setOwner(k.owner);
    if (this.useRegistry) registry.add(this);
    stats.opened(this);
  }

  /** Makes `pid` the controlling process; its death closes the socket. */
  setOwner(pid: Pid): void {
    this.unhookOwner();
    this.unhookOwner = noop;
    this.owner = pid;
    // Opened outside any process: nobody's death can close it.
    if (pid === NOBODY) return;
    this.unhookOwner = onExit(pid, () => {
      this.unhookOwner = noop;
      closeSock(this);
    });
  }

  /**
   * Before `pid` waits on this socket: once per process, an exit hook takes its
   * operations out of the queues if it dies while they are pending.
   */
  trackWaiter(pid: Pid): void {
    // Nearly always the same process as last time: skip the map then.
    if (pid === this.lastWaiter) return;
    const w = (this.waiters ??= new Map());
    this.lastWaiter = pid;
    if (w.has(pid)) return;
    w.set(pid, onExit(pid, () => {
      if (this.lastWaiter === pid) this.lastWaiter = undefined;
      w.delete(pid);
      downAll(this.queues, pid);
      if (this.connect?.pid === pid) this.dropConnect();
    }));
  }

  /** Drops the pending connect and its write interest. */
  dropConnect(): void {
    this.connect = undefined;
    this.syncWrite();
  }

  /** Arms write interest for the pending connect. */
  armConnect(pid: Pid, handle: select_handle): void {
    this.connect = { pid, handle, selectSent: false };
    this.syncWrite();
  }

  // QueueEffects -----------------------------------------------------------------

  interest(kind: queue_kind, _on: boolean, level: boolean): void {
    if (kind === 'writers') this.syncWrite(level);
    else this.syncRead(level);
  }

  select(pid: Pid, handle: select_handle): void {
    send(pid, ['$socket', this.term, 'select', handle]);
  }

  abort(pid: Pid, handle: select_handle, reason: Term): void {
    send(pid, ['$socket', this.term, 'abort', [handle, reason]]);
  }

  // Poller -----------------------------------------------------------------------

  /**
   * Watches for reading while a reader or acceptor waits. `level` (or `{otp,
   * select_read}`, which arms after a successful read) asks the poller to count data
   * already there; a wait that follows EAGAIN needs only new data (ffi/poller.ts).
   */
  private syncRead(level = false): void {
    const want = this.queues.readers.armed || this.queues.acceptors.armed;
    level ||= this.selectRead;
    if (want === ((this.watching & poller.READ) !== 0) && !(want && level)) return;
    if (want) {
      this.readSelected = true;
      this.watching |= poller.READ;
      poller.watch(this.fd, poller.READ, (this.onRead ??= this.readReady.bind(this)), level);
    } else {
      this.watching &= ~poller.READ;
      poller.unwatch(this.fd, poller.READ);
    }
  }

  private syncWrite(level = false): void {
    const c = this.connect;
    const want = this.queues.writers.armed || (c !== undefined && !c.selectSent);
    if (want === ((this.watching & poller.WRITE) !== 0) && !(want && level)) return;
    if (want) {
      this.writeSelected = true;
      this.watching |= poller.WRITE;
      poller.watch(this.fd, poller.WRITE, (this.onWrite ??= this.writeReady.bind(this)), level);
    } else {
      this.watching &= ~poller.WRITE;
      poller.unwatch(this.fd, poller.WRITE);
    }
  }

  // The poller's callbacks, bound on this socket's first wait and kept, so arming
  // interest allocates nothing; a socket that never waits (an accepted connection
  // closed at once) never makes them.
  private onRead: Ready | null = null;
  private onWrite: Ready | null = null;

  private readReady(): void {
    // The poller's interest is one-shot: it is no longer watching.
    this.watching &= ~poller.READ;
    if (this.queues.readers.armed) this.queues.readers.ready();
    if (this.queues.acceptors.armed) this.queues.acceptors.ready();
    this.syncRead();
  }

  private writeReady(): void {
    this.watching &= ~poller.WRITE;
    const c = this.connect;
    if (c !== undefined && !c.selectSent) {
      c.selectSent = true;
      this.select(c.pid, c.handle);
    }
    if (this.queues.writers.armed) this.queues.writers.ready();
    this.syncWrite();
  }

  /** Called by closeSock: no more interest, no more hooks. */
  release(): void {
    this.watching = 0;
    this.unhookOwner();
    this.unhookOwner = noop;
    this.lastWaiter = undefined;
    if (this.waiters !== null) {
      for (const unhook of this.waiters.values()) unhook();
      this.waiters = null;
    }
  }
}

function noop(): void {}

/** Stands for the caller outside any process (only calls that never wait work there). */
export const NOBODY = new Pid(0, 0);

/** The record of a socket argument: `badarg` for anything that is not a live socket term. */
export function sockOf(s: unknown): Sock {
  if (Array.isArray(s) && s.length === 2 && s[0] === '$socket') {
    const h: unknown = s[1];
    if (typeof h === 'object' && h !== null && (h as SockRef).isSockRef === true) return (h as SockRef).sock;
  }
  return badarg();
}

/**
 * Closes a socket: every pending operation is aborted with `closed` (a blocked caller
 * returns `{error, closed}`, a nowait caller gets the abort message), the pending
 * connect too, the fd is closed, and each monitor gets its 'DOWN' once. Returns false if
 * it was already closed.
 */
export function closeSock(s: Sock): boolean {
  if (s.closed) return false;
  s.closed = true;
  closeAll(s.queues, 'closed');
  const c = s.connect;
  s.connect = undefined;
  if (c !== undefined) s.abort(c.pid, c.handle, 'closed');
  s.release();
  poller.closeFd(s.fd);
  s.owner = undefined;
  registry.delete(s);
  stats.closed(s);
  const mons = s.monitors;
  s.monitors = null;
  if (mons !== null) {
    for (const [ref, m] of mons) {
      m.unhook();
      monitorIndex.delete(ref);
      send(m.pid, ['DOWN', ref, 'socket', s.term, 'closed']);
    }
  }
  return true;
}

/** Monitor ref → its socket, so cancel_monitor/1 finds the socket from the ref alone. */
export const monitorIndex = new Map<Ref, Sock>();

// ---------------------------------------------------------------------------
// Registry

/** Open sockets that use the registry, in opening order. */
export const registry = new Set<Sock>();

let defaultUseRegistry = true;

/** The default of a new socket's `use_registry` (`use_registry/1`). */
export function registryDefault(): boolean {
  return defaultUseRegistry;
}

export function setRegistryDefault(on: boolean): void {
  defaultUseRegistry = on;
}

/** Global counters of `info/0`: open sockets by domain, type and protocol. */
export const stats = {
  num_sockets: 0,
  num_dinet: 0,
  num_dinet6: 0,
  num_dlocal: 0,
  num_tstreams: 0,
  num_tdgrams: 0,
  num_tseqpkgs: 0,
  num_pip: 0,
  num_ptcp: 0,
  num_pudp: 0,
  num_psctp: 0,
  opened(s: Sock): void {
    this.add(s, 1);
  },
  closed(s: Sock): void {
    this.add(s, -1);
  },
  add(s: Sock, d: number): void {
    this.num_sockets += d;
    if (s.domain === 'inet') this.num_dinet += d;
    else if (s.domain === 'inet6') this.num_dinet6 += d;
    else if (s.domain === 'local') this.num_dlocal += d;
    if (s.type === 'stream') this.num_tstreams += d;
    else if (s.type === 'dgram') this.num_tdgrams += d;
    else if (s.type === 'seqpacket') this.num_tseqpkgs += d;
    if (s.protocol === 'ip') this.num_pip += d;
    else if (s.protocol === 'tcp') this.num_ptcp += d;
    else if (s.protocol === 'udp') this.num_pudp += d;
    else if (s.protocol === 'sctp') this.num_psctp += d;
  },
};
