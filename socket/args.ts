/**
 * Argument checks of the socket module, as pure functions.
 *
 * Each check returns the validated (sometimes normalised) value, or fails exactly as
 * OTP 25's socket module does for that argument; the channel differs from case to
 * case, and test/socket/args.test.ts records the erl call behind each one:
 * - returned: a {@link Fail}, `['error', ['invalid', what]]`, that the API function
 *   returns as is (checked with {@link isFail});
 * - raised `badarg` (an `ErlangError` whose reason is `'badarg'`), as a guard fails;
 * - raised `{invalid, What}` (an `ErlangError` whose reason is `['invalid', what]`),
 *   as socket.erl does for time-outs, `how`, data and some addresses.
 *
 * Atoms and strings are both JS strings (DESIGN.md, "Terms"), so the erl cases that
 * differ only by that (`"tcp"` against `tcp`) have one answer here: the atom's.
 */
import { Buffer } from 'node:buffer';
import { ErlangError, Pid, Ref, badarg, list, type Term } from '../runtime/term.ts';
import { Invalid, SOCKADDR_MAX, encodeSockaddr, type sockaddr } from '../ffi/sockaddr.ts';
import {
  isSocket, type domain, type error, type info_key, type invalid, type msg_flag, type msg_send, type select_info,
  type select_op, type socket, type timeout_or_handle, type type,
} from './types.ts';

// ---------------------------------------------------------------------------
// Failures

/** A returned failure: `{error, {invalid, What}}`. */
export type Fail = error<invalid>;

/** `{error, {invalid, What}}`. */
export function fail(what: Term): Fail {
  return ['error', ['invalid', what]];
}

/** True for a returned failure of a check. */
export function isFail(v: unknown): v is Fail {
  return Array.isArray(v) && v.length === 2 && v[0] === 'error';
}

/** Raises `error:{invalid, What}`, as socket.erl's `erlang:error({invalid, ...})`. */
export function raiseInvalid(what: Term): never {
  throw new ErlangError(['invalid', what]);
}

/** Raises `error:function_clause`, for the calls that have no catch-all clause. */
export function functionClause(): never {
  throw new ErlangError('function_clause');
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) &&
  !(v instanceof Pid) && !(v instanceof Ref);

// ---------------------------------------------------------------------------
// The socket

/** A `socket()` argument; anything else is `badarg`. */
export function checkSocket(s: unknown): socket {
  return isSocket(s) ? s : badarg();
}

// ---------------------------------------------------------------------------
// open/1,2,3,4

const DOMAINS: ReadonlySet<string> = new Set<domain>(['inet', 'inet6', 'local', 'unspec']);
// `rdm` is a type() of the manual, but OTP 25 on Linux answers {invalid, {type, rdm}}.
const TYPES: ReadonlySet<string> = new Set<type>(['stream', 'dgram', 'raw', 'seqpacket']);

/** `Domain` of `open/2,3,4`: a `domain()` atom or a native integer. */
export function checkDomain(d: unknown): domain | number | Fail {
  if (isInt(d) || (typeof d === 'string' && DOMAINS.has(d))) return d as domain | number;
  return fail(['domain', d as Term]);
}

/** `Type` of `open/2,3,4`: a `type()` atom or a native integer. */
export function checkType(t: unknown): type | number | Fail {
  if (isInt(t) || (typeof t === 'string' && TYPES.has(t))) return t as type | number;
  return fail(['type', t as Term]);
}

/**
 * `Protocol` of `open/3,4`, resolved to its number: `default` is 0, a name is looked up
 * in `protocols` (every name and alias `getprotoent()` knows, see supports.ts), an
 * integer passes as is (the kernel judges it).
 */
export function checkProtocol(p: unknown, protocols: ReadonlyMap<string, number>): number | Fail {
  if (isInt(p)) return p;
  if (p === 'default') return 0;
  if (typeof p === 'string') {
    const n = protocols.get(p);
    if (n !== undefined) return n;
  }
  return fail(['protocol', p as Term]);
}

/** The options map of `open/2,4` that this module acts on. */
export interface open_opts {
  readonly netns?: string;
  readonly debug?: boolean;
  readonly use_registry?: boolean;
  readonly dup?: boolean;
  readonly domain?: unknown;
  readonly type?: unknown;
  readonly protocol?: unknown;
}

/**
 * `Opts` of `open/2,4`: must be a map (`badarg` otherwise). Unknown keys, and known
 * keys with a value of the wrong type, are ignored, as OTP 25 does.
 */
export function checkOpenOpts(o: unknown): open_opts {
  if (!isPlainObject(o)) return badarg();
  const out: { -readonly [K in keyof open_opts]: open_opts[K] } = {};
  if (typeof o.netns === 'string') out.netns = o.netns;
  if (typeof o.debug === 'boolean') out.debug = o.debug;
  if (typeof o.use_registry === 'boolean') out.use_registry = o.use_registry;
  if (typeof o.dup === 'boolean') out.dup = o.dup;
  if ('domain' in o) out.domain = o.domain;
  if ('type' in o) out.type = o.type;
  if ('protocol' in o) out.protocol = o.protocol;
  return out;
}

/** `FD` of `open/1,2`: an integer, else `badarg`. */
export function checkFd(fd: unknown): number {
  return isInt(fd) ? fd : badarg();
}

// ---------------------------------------------------------------------------
// Time-outs and sizes

/**
 * A `Timeout | Handle` argument: `infinity`, a non-negative integer, `nowait`, or a
 * reference. Anything else raises `{invalid, {timeout, T}}`.
 */
export function checkTimeout(t: unknown): timeout_or_handle {
  if (t === 'infinity' || t === 'nowait' || t instanceof Ref) return t;
  if (isInt(t) && t >= 0) return t;
  return raiseInvalid(['timeout', t as Term]);
}

/** `Length` of `recv`, `BufSz` of `recvfrom`/`recvmsg`: a non-negative integer, else `badarg`. */
export function checkLength(n: unknown): number {
  return isInt(n) && n >= 0 ? n : badarg();
}

/** `Backlog` of `listen/2`: any integer (the kernel clamps it), else `badarg`. */
export function checkBacklog(n: unknown): number {
  return isInt(n) ? n : badarg();
}

// ---------------------------------------------------------------------------
// Flags

/**
 * The flag atoms OTP 25 accepts on Linux: `msg_flag()` plus `nosignal`, which the
 * NIF knows (`supports(msg_flags)` lists it) though the manual's type omits it.
 */
export const MSG_FLAGS: readonly (msg_flag | 'nosignal')[] = [
  'cmsg_cloexec', 'confirm', 'ctrunc', 'dontroute', 'eor', 'errqueue', 'more', 'nosignal',
  'oob', 'peek', 'trunc',
];
const FLAG_SET: ReadonlySet<unknown> = new Set(MSG_FLAGS);

/**
 * `Flags` of the send and receive functions: a list (else `badarg`) of flag atoms or
 * non-negative integers (passed to the kernel as they are). An unknown atom is
 * `{error, {invalid, {msg_flag, Flag}}}`; anything else raises
 * `{invalid, {msg_flags, Rest}}`, Rest the list from that element on, as OTP 25's flag
 * encoder does (erl: `send(S, <<"x">>, [peek, -1, foo])` raises `{invalid, {msg_flags, [-1,foo]}}`).
 */
export function checkMsgFlags(flags: unknown): readonly (msg_flag | 'nosignal' | number)[] | Fail {
  if (!Array.isArray(flags)) return badarg();
  for (let i = 0; i < flags.length; i++) {
    const f: unknown = flags[i];
    if (typeof f === 'string') {
      if (!FLAG_SET.has(f)) return fail(['msg_flag', f]);
    } else if (!isInt(f) || f < 0) raiseInvalid(['msg_flags', list(flags.slice(i) as Term[])]);
  }
  return flags as (msg_flag | 'nosignal' | number)[];
}

// ---------------------------------------------------------------------------
// Data

/**
 * `Data` of `send`/`sendto`: a Buffer, a string (UTF-8), or a nested list of those and
 * byte integers (an iolist), returned as one Buffer. A non-list is `badarg`; a list with
 * anything else raises `{invalid, {data, Data}}`.
 */
export function checkData(d: unknown): Buffer {
  if (Buffer.isBuffer(d)) return d;
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (!Array.isArray(d)) return badarg();
  const parts: Buffer[] = [];
  if (!flatten(d, parts)) return raiseInvalid(['data', d as Term]);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function flatten(list: readonly unknown[], out: Buffer[]): boolean {
  let bytes: number[] | undefined;
  for (const x of list) {
    if (isInt(x) && x >= 0 && x <= 255) {
      (bytes ??= []).push(x);
      continue;
    }
    if (bytes !== undefined) {
      out.push(Buffer.from(bytes));
      bytes = undefined;
    }
    if (Buffer.isBuffer(x)) out.push(x);
    else if (typeof x === 'string') out.push(Buffer.from(x, 'utf8'));
    else if (!Array.isArray(x) || !flatten(x, out)) return false;
  }
  if (bytes !== undefined) out.push(Buffer.from(bytes));
  return true;
}

/**
 * An I/O vector (`sendv`, the `iov` of `sendmsg`): a list of binaries. A non-list is
 * `{error, {invalid, {iov, {improper_list, 0}}}}` (JS has no improper lists, so the
 * count of elements before the tail is 0); an element that is not a binary (strings
 * included) is `{error, {invalid, {iov, {element_not_binary, I}}}}`, 1-based.
 */
export function checkIov(iov: unknown): readonly Buffer[] | Fail {
  if (!Array.isArray(iov)) return fail(['iov', ['improper_list', 0]]);
  for (let i = 0; i < iov.length; i++) {
    if (!Buffer.isBuffer(iov[i])) return fail(['iov', ['element_not_binary', i + 1]]);
  }
  return iov as Buffer[];
}

// ---------------------------------------------------------------------------
// Addresses

// One scratch buffer: encoding into it only validates, nothing is kept.
const SCRATCH = Buffer.alloc(SOCKADDR_MAX);

function checkSockaddrMap(sa: Record<string, unknown>): sockaddr | Fail {
  const r = encodeSockaddr(sa, SCRATCH);
  return r instanceof Invalid ? fail(r.what) : (sa as unknown as sockaddr);
}

/**
 * `Addr` of `bind/2`: `any`, `loopback`, `broadcast` or a `sockaddr()` map. A bad map or
 * another atom is returned as `{error, {invalid, {sockaddr, ...}}}`; a list (the SCTP
 * address-list form, which `bind/2` does not take) raises it.
 */
export function checkBindAddr(a: unknown): 'any' | 'loopback' | 'broadcast' | sockaddr | Fail {
  if (a === 'any' || a === 'loopback' || a === 'broadcast') return a;
  if (isPlainObject(a)) return checkSockaddrMap(a);
  if (Array.isArray(a)) return raiseInvalid(['sockaddr', a as Term]);
  return fail(['sockaddr', a as Term]);
}

/**
 * `SockAddr` of `connect/2,3` and `Dest` of `sendto/3,4`: a `sockaddr()` map. A bad map
 * is returned as `{error, {invalid, {sockaddr, ...}}}`; anything else (atoms included)
 * raises `{invalid, {sockaddr, Addr}}`.
 */
export function checkDestAddr(a: unknown): sockaddr | Fail {
  if (isPlainObject(a)) return checkSockaddrMap(a);
  return raiseInvalid(['sockaddr', a as Term]);
}

// ---------------------------------------------------------------------------
// shutdown, cancel, monitors, registry

/** `How` of `shutdown/2`; anything else raises `{invalid, {how, How}}`. */
export function checkHow(h: unknown): 'read' | 'write' | 'read_write' {
  if (h === 'read' || h === 'write' || h === 'read_write') return h;
  return raiseInvalid(['how', h as Term]);
}

const SELECT_OPS: ReadonlySet<unknown> = new Set<select_op>([
  'accept', 'connect', 'recv', 'recvfrom', 'recvmsg', 'recvmmsg', 'send', 'sendv', 'sendto',
  'sendmsg', 'sendmmsg', 'sendfile',
]);

/**
 * `SelectInfo` of `cancel/2`: `{select_info, Tag, Handle}` with a known tag (an
 * operation, or `{Operation, ContData}`) and a reference; anything else is `badarg`.
 * Returns the operation the tag names.
 */
export function checkSelectInfo(si: unknown): { readonly info: select_info; readonly op: select_op } {
  if (!Array.isArray(si) || si.length !== 3 || si[0] !== 'select_info' || !(si[2] instanceof Ref)) {
    return badarg();
  }
  const tag: unknown = si[1];
  const op = Array.isArray(tag) && tag.length === 2 ? tag[0] : tag;
  if (!SELECT_OPS.has(op)) return badarg();
  if (Array.isArray(tag) && (op === 'accept' || op === 'connect')) return badarg();
  return { info: si as unknown as select_info, op: op as select_op };
}

/** `MRef` of `cancel_monitor/1`: a reference, else `badarg`. */
export function checkMonitorRef(r: unknown): Ref {
  return r instanceof Ref ? r : badarg();
}

/** A `which_sockets/1` filter rule. */
export type which_filter =
  | 'inet' | 'inet6' | 'local' | 'stream' | 'dgram' | 'seqpacket' | 'sctp' | 'tcp' | 'udp'
  | Pid | ((info: never) => boolean);

const WHICH_ATOMS: ReadonlySet<unknown> = new Set([
  'inet', 'inet6', 'local', 'stream', 'dgram', 'seqpacket', 'sctp', 'tcp', 'udp',
]);

/** `FilterRule` of `which_sockets/1`; anything else is `badarg`. */
export function checkWhichFilter(f: unknown): which_filter {
  if (WHICH_ATOMS.has(f) || f instanceof Pid || typeof f === 'function') return f as which_filter;
  return badarg();
}

/**
 * Arguments of `i/1,2`: `i(InfoKeys)` with a list, `i(Filter)` and `i(Filter, InfoKeys)`
 * with a domain, type or protocol atom (the atoms of `which_sockets/1`). Anything else
 * is `function_clause`. Unknown keys in the list are printed as they are (OTP 25 prints
 * `[foo]` as a column headed `Foo`), so the list's elements are not checked.
 */
export function checkIArgs(
  a: unknown, b?: unknown,
): { readonly filter?: Exclude<which_filter, Pid | ((info: never) => boolean)>; readonly keys?: readonly (info_key | string)[] } {
  if (b === undefined) {
    if (Array.isArray(a)) return { keys: a as string[] };
    if (WHICH_ATOMS.has(a)) return { filter: a as 'inet' };
    return functionClause();
  }
  if (WHICH_ATOMS.has(a) && Array.isArray(b)) return { filter: a as 'inet', keys: b as string[] };
  return functionClause();
}

/** `use_registry/1` takes a boolean; it has no other clause. */
export function checkUseRegistry(b: unknown): boolean {
  return typeof b === 'boolean' ? b : functionClause();
}

// ---------------------------------------------------------------------------
// Whole calls, in OTP's order
//
// OTP checks a call's arguments in a fixed order, and when several are wrong the
// first check decides the answer: first the guards (`badarg`), then the contents of
// data, then the time-out (raised), then addresses that are not maps (raised), and
// last what the NIF judges (returned): flags, address maps, iov elements. Each
// function below is one call's order, taken from erl with two or three wrong
// arguments at once (test/socket/args.test.ts, "several wrong arguments").

type flags = readonly (msg_flag | 'nosignal' | number)[];

const isData = (d: unknown): boolean => Buffer.isBuffer(d) || typeof d === 'string' || Array.isArray(d);
const guard = (ok: boolean): void => {
  if (!ok) badarg();
};

/**
 * `open/3,4`: the options map (`badarg`), then protocol, domain and type, in that
 * order (erl: `open(foo, bar, baz)` is `{invalid, {protocol, baz}}`).
 */
export function checkOpenArgs(
  d: unknown, t: unknown, p: unknown, o: unknown, protocols: ReadonlyMap<string, number>,
): { readonly domain: domain | number; readonly type: type | number; readonly protocol: number; readonly opts: open_opts } | Fail {
  const opts = checkOpenOpts(o);
  const protocol = checkProtocol(p, protocols);
  if (isFail(protocol)) return protocol;
  const domain = checkDomain(d);
  if (isFail(domain)) return domain;
  const type = checkType(t);
  if (isFail(type)) return type;
  return { domain, type, protocol, opts };
}

/** `accept/2`. */
export function checkAcceptArgs(sock: unknown, timeout: unknown): { readonly socket: socket; readonly timeout: timeout_or_handle } {
  return { socket: checkSocket(sock), timeout: checkTimeout(timeout) };
}

/** `connect/3`: the time-out before the address. */
export function checkConnectArgs(
  sock: unknown, addr: unknown, timeout: unknown,
): { readonly socket: socket; readonly addr: sockaddr; readonly timeout: timeout_or_handle } | Fail {
  const socket = checkSocket(sock);
  const t = checkTimeout(timeout);
  const a = checkDestAddr(addr);
  return isFail(a) ? a : { socket, addr: a, timeout: t };
}

/** `recv/4` and `recvfrom/4` (`length` is `BufSz` there). */
export function checkRecvArgs(
  sock: unknown, length: unknown, flags: unknown, timeout: unknown,
): { readonly socket: socket; readonly length: number; readonly flags: flags; readonly timeout: timeout_or_handle } | Fail {
  const socket = checkSocket(sock);
  const len = checkLength(length);
  guard(Array.isArray(flags));
  const t = checkTimeout(timeout);
  const f = checkMsgFlags(flags);
  return isFail(f) ? f : { socket, length: len, flags: f, timeout: t };
}

/** `recvmsg/5`. */
export function checkRecvmsgArgs(
  sock: unknown, bufSz: unknown, ctrlSz: unknown, flags: unknown, timeout: unknown,
): { readonly socket: socket; readonly bufSz: number; readonly ctrlSz: number; readonly flags: flags; readonly timeout: timeout_or_handle } | Fail {
  const socket = checkSocket(sock);
  const bufSz_ = checkLength(bufSz);
  const ctrlSz_ = checkLength(ctrlSz);
  guard(Array.isArray(flags));
  const t = checkTimeout(timeout);
  const f = checkMsgFlags(flags);
  return isFail(f) ? f : { socket, bufSz: bufSz_, ctrlSz: ctrlSz_, flags: f, timeout: t };
}

/** `send/4`: data contents before the time-out, flags last. */
export function checkSendArgs(
  sock: unknown, data: unknown, flags: unknown, timeout: unknown,
): { readonly socket: socket; readonly data: Buffer; readonly flags: flags; readonly timeout: timeout_or_handle } | Fail {
  const socket = checkSocket(sock);
  guard(isData(data) && Array.isArray(flags));
  const buf = checkData(data);
  const t = checkTimeout(timeout);
  const f = checkMsgFlags(flags);
  return isFail(f) ? f : { socket, data: buf, flags: f, timeout: t };
}

/** `sendto/5`: a non-map destination raises after the time-out; a bad map is judged after the flags. */
export function checkSendtoArgs(
  sock: unknown, data: unknown, dest: unknown, flags: unknown, timeout: unknown,
): { readonly socket: socket; readonly data: Buffer; readonly dest: sockaddr; readonly flags: flags; readonly timeout: timeout_or_handle } | Fail {
  const socket = checkSocket(sock);
  guard(isData(data) && Array.isArray(flags));
  const buf = checkData(data);
  const t = checkTimeout(timeout);
  if (!isPlainObject(dest)) raiseInvalid(['sockaddr', dest as Term]);
  const f = checkMsgFlags(flags);
  if (isFail(f)) return f;
  const a = checkDestAddr(dest);
  return isFail(a) ? a : { socket, data: buf, dest: a, flags: f, timeout: t };
}

/**
 * `sendmsg/4`. `Msg` is a map with `iov` (else `badarg`); after the time-out, a
 * non-map `addr` raises `{invalid, {sockaddr, Addr}}` and a non-list `ctrl` raises
 * `{bad_generator, Ctrl}` (OTP 25's crash in a list comprehension); then the flags, a
 * bad `addr` map (`{invalid, {msg, addr, MsgWithoutIov}}`) and the iov elements are
 * returned failures. Control message contents are the cmsg codec's to judge.
 */
export function checkSendmsgArgs(
  sock: unknown, msg: unknown, flags: unknown, timeout: unknown,
): { readonly socket: socket; readonly msg: msg_send; readonly flags: flags; readonly timeout: timeout_or_handle } | Fail {
  const socket = checkSocket(sock);
  guard(isPlainObject(msg) && 'iov' in msg && Array.isArray(flags));
  const m = msg as Record<string, unknown>;
  const t = checkTimeout(timeout);
  if (m.addr !== undefined && !isPlainObject(m.addr)) raiseInvalid(['sockaddr', m.addr as Term]);
  if (m.ctrl !== undefined && !Array.isArray(m.ctrl)) throw new ErlangError(['bad_generator', m.ctrl as Term]);
  const f = checkMsgFlags(flags);
  if (isFail(f)) return f;
  if (m.addr !== undefined && isFail(checkDestAddr(m.addr))) {
    // The NIF names the message as socket.erl passes it on: without its iov.
    const { iov: _iov, ...rest } = m;
    return fail(['msg', 'addr', rest as Term]);
  }
  const iov = checkIov(m.iov);
  return isFail(iov) ? iov : { socket, msg: m as unknown as msg_send, flags: f, timeout: t };
}
