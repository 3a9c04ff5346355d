/**
 * Making, naming, connecting and closing sockets: open/1,2,3,4, bind/2, listen/1,2,
 * accept/1,2, connect/1,2,3, shutdown/2, sockname/1, peername/1, close/1 and
 * cancel/2.
 *
 * Every argument is checked (args.ts) before any syscall; results and errors are
 * OTP 25's. A socket is non-blocking from birth (`SOCK_NONBLOCK`), and accept and
 * connect wait through the select machinery of async.ts like every other operation.
 */
import type { Ref, Term } from '../runtime/term.ts';
import { makeRef } from '../runtime/process.ts';
import { C, ERRNO, posix, sys } from '../ffi/index.ts';
import { SOCKADDR_MAX, decodeSockaddr, encodeSockaddr, type sockaddr, type sockaddr_recv } from '../ffi/sockaddr.ts';
import {
  checkBindAddr, checkConnectArgs, checkDomain, checkFd, checkHow, checkOpenArgs, checkOpenOpts, checkProtocol,
  checkSelectInfo, checkTimeout, checkType, isFail, raiseInvalid, type Fail,
} from './args.ts';
import { facts } from './supports.ts';
import { queueOf } from './queue.ts';
import {
  NEVER, SELECTED, TIMED_OUT, caller, deadlineOf, flush, giveUp, handleOf, isAsync, outcome, selectInfo, waitSelect,
} from './async.ts';
import { Sock, closeSock, registryDefault, sockOf, type ctype } from './socket.ts';
import type { domain, protocol, select_result, socket, type } from './types.ts';
import type { Errcode } from '../ffi/errno.ts';

// ---------------------------------------------------------------------------
// Names and numbers

const DOMAIN_NUM: Readonly<Record<domain, number>> = {
  inet: C.AF_INET, inet6: C.AF_INET6, local: C.AF_UNIX, unspec: C.AF_UNSPEC,
};
const TYPE_NUM: Readonly<Record<type, number>> = {
  stream: C.SOCK_STREAM, dgram: C.SOCK_DGRAM, raw: C.SOCK_RAW, rdm: 4, seqpacket: C.SOCK_SEQPACKET,
};
const DOMAIN_NAME = new Map<number, domain>(Object.entries(DOMAIN_NUM).map(([k, v]) => [v, k as domain]));
const TYPE_NAME = new Map<number, type>(
  Object.entries(TYPE_NUM).filter(([k]) => k !== 'rdm').map(([k, v]) => [v, k as type]),
);
// The names OTP prints for the protocols it knows; others by their protocols(5) name.
const PROTOCOL_NAME = new Map<number, protocol>([
  [C.IPPROTO_IP, 'ip'], [C.IPPROTO_TCP, 'tcp'], [C.IPPROTO_UDP, 'udp'], [C.IPPROTO_SCTP, 'sctp'],
  [C.IPPROTO_IPV6, 'ipv6'],
]);

function protocolName(n: number): protocol | number {
  const known = PROTOCOL_NAME.get(n);
  if (known !== undefined) return known;
  for (const [name, num] of facts().protocols) if (num === n) return name;
  return n;
}

/** The kernel's default protocol of the common kinds, known without asking it. */
function defaultProtocol(af: number, st: number): number | undefined {
  if (af !== C.AF_INET && af !== C.AF_INET6) return af === C.AF_UNIX ? 0 : undefined;
  return st === C.SOCK_STREAM ? C.IPPROTO_TCP : st === C.SOCK_DGRAM ? C.IPPROTO_UDP : undefined;
}

const INT = Buffer.alloc(4);
const LEN = Buffer.alloc(4);

/** `getsockopt(fd, SOL_SOCKET, opt)` as an int, or a negative errno. */
export function sockoptInt(fd: number, opt: number): number {
  LEN.writeInt32LE(4, 0);
  const r = sys.getsockopt(fd, C.SOL_SOCKET, opt, INT, LEN);
  return r < 0 ? r : INT.readInt32LE(0);
}

type OpenResult = readonly ['ok', socket] | readonly ['error', Errcode | Term] | Fail;

// ---------------------------------------------------------------------------
// open

/** `open/1,2,3,4` with the arguments as given; see index.ts for the forms. */
export function open(a: unknown, b?: unknown, c?: unknown, d?: unknown, arity = 4): OpenResult {
  if (arity === 1) return openFd(checkFd(a), {});
  if (arity === 2 && typeof a === 'number' && typeof b === 'object' && b !== null && !Array.isArray(b)) {
    return openFd(checkFd(a), b);
  }
  if (arity === 2) return openNew(a, b, 'default', {});
  if (arity === 3) {
    if (typeof c === 'object' && c !== null && !Array.isArray(c)) return openNew(a, b, 'default', c);
    return openNew(a, b, c, {});
  }
  return openNew(a, b, c, d);
}

function openNew(d: unknown, t: unknown, p: unknown, o: unknown): OpenResult {
  const args = checkOpenArgs(d, t, p, o, facts().protocols);
  if (isFail(args)) return args;
  const { domain, type, protocol: proto, opts } = args;
  const af = typeof domain === 'number' ? domain : DOMAIN_NUM[domain];
  const st = typeof type === 'number' ? type : TYPE_NUM[type];
  const fd = opts.netns === undefined
    ? sys.socket(af, st | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, proto)
    : inNetns(opts.netns, () => sys.socket(af, st | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, proto));
  if (fd < 0) return ['error', posix(fd)];
  const actual = proto === 0 ? defaultProtocol(af, st) ?? sockoptInt(fd, C.SO_PROTOCOL) : proto;
  const s = new Sock({
    fd,
    domain: DOMAIN_NAME.get(af) ?? af,
    type: TYPE_NAME.get(st) ?? st,
    protocol: protocolName(actual < 0 ? proto : actual),
    ctype: 'normal',
    owner: caller(),
    useRegistry: opts.use_registry ?? registryDefault(),
    debug: opts.debug ?? false,
  });
  return ['ok', s.term];
}

/** Runs `f` with the thread in the network namespace `name` (`/var/run/netns/name`). */
function inNetns(name: string, f: () => number): number {
  const here = sys.open('/proc/self/ns/net', C.O_RDONLY | C.O_CLOEXEC);
  if (here < 0) return here;
  const there = sys.open(`/var/run/netns/${name}`, C.O_RDONLY | C.O_CLOEXEC);
  if (there < 0) {
    sys.close(here);
    return there;
  }
  const r = sys.setns(there, C.CLONE_NEWNET);
  sys.close(there);
  if (r < 0) {
    sys.close(here);
    return r;
  }
  const fd = f();
  sys.setns(here, C.CLONE_NEWNET);
  sys.close(here);
  return fd;
}

/**
 * `open/1,2` on an existing fd. As OTP 25: what the kernel reports (SO_DOMAIN, SO_TYPE,
 * SO_PROTOCOL) wins over the options, which only stand in when it cannot tell (an fd that
 * is not a socket); a `protocol` option is checked first all the same, while a bad
 * `domain` or `type` option counts as missing.
 */
function openFd(fd: number, o: unknown): OpenResult {
  const opts = checkOpenOpts(o);
  const dup = opts.dup ?? true;
  let given: number | undefined;
  if (opts.protocol !== undefined) {
    const v = checkProtocol(opts.protocol, facts().protocols);
    if (isFail(v)) return v;
    given = v;
  }
  let domain: domain | number;
  const d = sockoptInt(fd, C.SO_DOMAIN);
  if (d >= 0) domain = DOMAIN_NAME.get(d) ?? d;
  else {
    const v = opts.domain === undefined ? undefined : checkDomain(opts.domain);
    // OTP 25 reports a failed discovery as an invalid option it would have needed.
    if (v === undefined || isFail(v)) return ['error', ['invalid', ['options', 'domain', o as Term]]];
    domain = v;
  }
  let type: type | number;
  const t = sockoptInt(fd, C.SO_TYPE);
  if (t >= 0) type = TYPE_NAME.get(t) ?? t;
  else {
    const v = opts.type === undefined ? undefined : checkType(opts.type);
    if (v === undefined || isFail(v)) return ['error', ['invalid', ['options', 'type', o as Term]]];
    type = v;
  }
  const p = sockoptInt(fd, C.SO_PROTOCOL);
  const proto = p >= 0 ? p : given ?? 0;
  let own = fd;
  let kind: ctype = 'fromfd';
  if (dup) {
    own = sys.dup(fd);
    if (own < 0) return ['error', posix(own)];
    kind = ['fromfd', fd];
  }
  const fl = sys.fcntl(own, C.F_GETFL, 0);
  if (fl >= 0) sys.fcntl(own, C.F_SETFL, fl | C.O_NONBLOCK);
  const s = new Sock({
    fd: own,
    domain,
    type,
    protocol: protocolName(proto),
    ctype: kind,
    owner: caller(),
    useRegistry: opts.use_registry ?? registryDefault(),
    debug: opts.debug ?? false,
  });
  return ['ok', s.term];
}

// ---------------------------------------------------------------------------
// bind, listen

const ADDR = Buffer.alloc(SOCKADDR_MAX);
const ADDRLEN = Buffer.alloc(4);

/** `bind/2`. */
export function bind(sock: unknown, addr: unknown): 'ok' | readonly ['error', Term] {
  const s = sockOf(sock);
  let a = checkBindAddr(addr);
  if (isFail(a)) return a;
  if (s.closed) return ['error', 'closed'];
  if (typeof a === 'string') {
    if (s.domain === 'inet') a = { family: 'inet', addr: a, port: 0 } as unknown as sockaddr;
    // inet6 has no broadcast address: OTP 25 names the address it tried to build.
    else if (s.domain === 'inet6' && a === 'broadcast') return ['error', ['invalid', ['sockaddr', { family: 'inet6', addr: a }]]];
    else if (s.domain === 'inet6') a = { family: 'inet6', addr: a, port: 0 } as unknown as sockaddr;
    else return ['error', 'eafnosupport'];
  }
  const len = encodeSockaddr(a, ADDR);
  if (typeof len !== 'number') return ['error', ['invalid', len.what]];
  const r = sys.bind(s.fd, ADDR, len);
  if (r < 0) return ['error', posix(r)];
  s.bound = true;
  return 'ok';
}

/** `listen/1,2`. */
export function listen(sock: unknown, backlog: number): 'ok' | readonly ['error', Term] {
  const s = sockOf(sock);
  if (s.closed) return ['error', 'closed'];
  const r = sys.listen(s.fd, backlog);
  if (r < 0) return ['error', posix(r)];
  s.listening = true;
  return 'ok';
}

// ---------------------------------------------------------------------------
// accept

type AcceptResult =
  | readonly ['ok', socket]
  | select_result
  | readonly ['error', Term];

/** `accept/1,2`. */
export function* accept(sock: unknown, timeout: unknown = 'infinity'): Generator<unknown, AcceptResult, unknown> {
  const s = sockOf(sock);
  const t = checkTimeout(timeout);
  const pid = caller();
  const q = s.queues.acceptors;
  const async = isAsync(t);
  const deadline = async ? NEVER : deadlineOf(t);
  let handle: Ref | undefined = async ? handleOf(t) : undefined;
  for (;;) {
    let st = q.enter(pid, handle);
    if (st === 'timeout' && t !== 0) {
      handle = makeRef();
      st = q.enter(pid, handle);
    }
    if (st === 'closed') return ['error', 'closed'];
    if (st === 'timeout') return ['error', 'timeout'];
    if (st === 'state') return raiseInvalid('state');
    if (st === 'queued') {
      s.counters.acc_waits++;
      s.trackWaiter(pid);
      if (async) return ['select', selectInfo('accept', handle!)];
    } else {
      s.counters.acc_tries++;
      const fd = sys.accept4(s.fd, null, null, C.SOCK_NONBLOCK | C.SOCK_CLOEXEC);
      if (fd >= 0) {
        q.done(pid);
        s.counters.acc_success++;
        const n = new Sock({
          fd,
          domain: s.domain,
          type: s.type,
          protocol: s.protocol,
          ctype: 'normal',
          owner: pid,
          useRegistry: s.useRegistry,
          debug: s.debug,
        });
        return ['ok', n.term];
      }
      if (fd !== -ERRNO.EAGAIN) {
        q.done(pid);
        s.counters.acc_fails++;
        return ['error', posix(fd)];
      }
      if (t === 0) {
        q.done(pid);
        // OTP 25's accept(L, 0) selects and then cancels, so info/1 shows `selected`.
        s.readSelected = true;
        return ['error', 'timeout'];
      }
      if (!async) handle = makeRef();
      s.counters.acc_waits++;
      s.trackWaiter(pid);
      q.block(pid, handle!);
      if (async) return ['select', selectInfo('accept', handle!)];
    }
    const w = outcome(yield* waitSelect(handle!, deadline));
    if (w === TIMED_OUT) {
      giveUp(s, q, pid, handle!);
      return ['error', 'timeout'];
    }
    if (w !== SELECTED) return ['error', w.abort];
    handle = undefined;
  }
}

// ---------------------------------------------------------------------------
// connect

type ConnectResult = 'ok' | select_result | readonly ['error', Term];

/** `connect/2,3`. */
export function* connect(sock: unknown, addr: unknown, timeout: unknown = 'infinity'): Generator<unknown, ConnectResult, unknown> {
  const s = sockOf(sock);
  const args = checkConnectArgs(sock, addr, timeout);
  if (isFail(args)) return args;
  const { addr: a, timeout: t } = args;
  if (s.closed) return ['error', 'closed'];
  if (s.connect !== undefined) return ['error', 'already'];
  const len = encodeSockaddr(a, ADDR);
  if (typeof len !== 'number') return ['error', ['invalid', len.what]];
  const r = sys.connect(s.fd, ADDR, len);
  if (r === 0) {
    s.connected = true;
    return 'ok';
  }
  if (r !== -ERRNO.EINPROGRESS) return ['error', posix(r)];
  const async = isAsync(t);
  // On loopback the handshake is often over by the time connect returns: one getpeername
  // says so, and saves arming write interest, a wake-up and the SO_ERROR check (a
  // connect that failed is not connected either, so it waits and reads SO_ERROR).
  if (!async && peerKnown(s.fd)) {
    s.connected = true;
    // info/1 as after OTP's connect, which always selects: wstates [connected, selected].
    s.writeSelected = true;
    return 'ok';
  }
  const pid = caller();
  const handle = async ? handleOf(t) : makeRef();
  s.trackWaiter(pid);
  s.armConnect(pid, handle);
  if (async) return ['select', selectInfo('connect', handle)];
  const w = outcome(yield* waitSelect(handle, deadlineOf(t)));
  if (w === TIMED_OUT) {
    giveUp(s, undefined, pid, handle);
    return ['error', 'timeout'];
  }
  if (w !== SELECTED) return ['error', w.abort];
  return connect1(sock);
}

/** `connect/1`: finishes a connect whose select message arrived. */
export function connect1(sock: unknown): 'ok' | readonly ['error', Term] {
  const s = sockOf(sock);
  if (s.closed) return ['error', 'closed'];
  const c = s.connect;
  if (c === undefined) return raiseInvalid('state');
  s.dropConnect();
  const err = sockoptInt(s.fd, C.SO_ERROR);
  if (err !== 0) return ['error', posix(err)];
  // Called before the select message came, the connect may still be in progress.
  if (!c.selectSent) {
    ADDRLEN.writeUInt32LE(SOCKADDR_MAX, 0);
    const r = sys.getpeername(s.fd, ADDR, ADDRLEN);
    if (r < 0) return ['error', posix(r)];
  }
  s.connected = true;
  return 'ok';
}

/** True when the socket has a peer: its connect is over. */
function peerKnown(fd: number): boolean {
  ADDRLEN.writeUInt32LE(SOCKADDR_MAX, 0);
  return sys.getpeername(fd, ADDR, ADDRLEN) === 0;
}

// ---------------------------------------------------------------------------
// shutdown, names, close, cancel

const HOW = { read: C.SHUT_RD, write: C.SHUT_WR, read_write: C.SHUT_RDWR } as const;

/** `shutdown/2`. */
export function shutdown(sock: unknown, how: unknown): 'ok' | readonly ['error', Term] {
  const s = sockOf(sock);
  const h = checkHow(how);
  if (s.closed) return ['error', 'closed'];
  const r = sys.shutdown(s.fd, HOW[h]);
  if (r < 0) return ['error', posix(r)];
  if (h !== 'write') s.shutRead = true;
  if (h !== 'read') s.shutWrite = true;
  return 'ok';
}

/** `sockname/1`. */
export function sockname(sock: unknown): readonly ['ok', sockaddr_recv] | readonly ['error', Term] {
  return name(sock, sys.getsockname);
}

/** `peername/1`. */
export function peername(sock: unknown): readonly ['ok', sockaddr_recv] | readonly ['error', Term] {
  return name(sock, sys.getpeername);
}

function name(sock: unknown, f: (fd: number, a: Buffer, l: Buffer) => number): readonly ['ok', sockaddr_recv] | readonly ['error', Term] {
  const s = sockOf(sock);
  if (s.closed) return ['error', 'closed'];
  ADDRLEN.writeUInt32LE(SOCKADDR_MAX, 0);
  const r = f(s.fd, ADDR, ADDRLEN);
  if (r < 0) return ['error', posix(r)];
  return ['ok', decodeSockaddr(ADDR, 0, ADDRLEN.readUInt32LE(0))];
}

/** `close/1`: aborts every pending operation of the socket, from any process. */
export function close(sock: unknown): 'ok' | readonly ['error', 'closed'] {
  const s = sockOf(sock);
  return closeSock(s) ? 'ok' : ['error', 'closed'];
}

/**
 * `cancel/2`: the caller's pending operation leaves its queue (the next one gets its
 * turn), and its select message, if already delivered, is flushed.
 */
export function cancel(sock: unknown, si: unknown): 'ok' | readonly ['error', Term] {
  const s = sockOf(sock);
  const { info, op } = checkSelectInfo(si);
  if (s.closed) return ['error', 'closed'];
  const pid = caller();
  const handle = info[2];
  const kind = queueOf(op);
  if (kind === undefined) {
    const c = s.connect;
    if (c === undefined || c.handle !== handle || c.pid !== pid) return ['error', ['invalid', info as unknown as Term]];
    s.dropConnect();
    flush(s, handle);
    return 'ok';
  }
  const r = s.queues[kind].cancel(pid, handle);
  if (r === 'not_found') return ['error', ['invalid', info as unknown as Term]];
  if (r === 'closed') return ['error', 'closed'];
  flush(s, handle);
  return 'ok';
}

export type { AcceptResult, ConnectResult, OpenResult };
