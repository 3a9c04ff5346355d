/**
 * beamlet/socket: OTP's `socket` module for beamlet processes.
 *
 * The API is the Erlang manual's, function by function and arity by arity: the same
 * names, the same results, the same errors, the same messages. Atoms are strings,
 * tuples are arrays, so `const [tag, value] = r` narrows on the tag.
 *
 * Calls that can wait (accept, connect, recv, recvfrom, recvmsg, recvmmsg, send, sendv,
 * sendto, sendmsg, sendmmsg, sendfile, close) are generator functions used with `yield*`
 * inside a process; the rest are plain calls.
 *
 * ```ts
 * import { run } from 'beamlet';
 * import * as socket from 'beamlet/socket';
 *
 * await run(function* () {
 *   const [, l] = socket.open('inet', 'stream') as ['ok', socket.socket];
 *   socket.bind(l, { family: 'inet', addr: 'loopback', port: 0 });
 *   socket.listen(l);
 *   const [, { port }] = socket.sockname(l) as ['ok', socket.sockaddr_in];
 *   const [, c] = socket.open('inet', 'stream') as ['ok', socket.socket];
 *   yield* socket.connect(c, { family: 'inet', addr: 'loopback', port });
 *   const [, a] = (yield* socket.accept(l)) as ['ok', socket.socket];
 *   yield* socket.send(c, 'hello');
 *   const r = yield* socket.recv(a, 5);   // ['ok', <Buffer 68 65 6c 6c 6f>]
 * });
 * ```
 *
 * Asynchronous calls: a `Timeout` of `nowait` (or a caller's own Ref) makes a call that
 * would block return `['select', ['select_info', tag, handle]]` at once; when the
 * operation can continue, `['$socket', socket, 'select', handle]` arrives in the
 * caller's mailbox and the caller repeats the call. A time-out of 0 is a single try.
 * `close/1`, from any process, aborts every pending operation: blocked callers return
 * `['error', 'closed']`, nowait callers get `['$socket', socket, 'abort', [handle, 'closed']]`.
 *
 * Operation queuing: per socket, readers, writers and acceptors each wait in arrival
 * order; only the first is polled for, and each of the others gets its select message
 * when its turn comes. `cancel/2` withdraws an operation and hands its turn on.
 *
 * Ownership and monitors: the opening process controls the socket
 * (`setopt(s, ['otp', 'controlling_process'], pid)` moves it); when it dies the socket
 * closes. `monitor/1` delivers `['DOWN', mref, 'socket', socket, info]` exactly once.
 */
import * as conn from './connection.ts';
import * as xfer from './transfer.ts';
import * as mon from './monitor.ts';
import * as inf from './info.ts';
import * as opt_ from './getopt.ts';
import * as dgram from './datagram.ts';
import * as message from './message.ts';
import * as batch from './batch.ts';
import * as sf from './sendfile.ts';
import * as ioc from './ioctl.ts';
import * as sctp from './sctp.ts';
import * as sup from './supports.ts';
import { checkBacklog, checkHow } from './args.ts';
import type { Pid, Ref, Term } from '../runtime/term.ts';
import type { sockaddr, sockaddr_recv } from '../ffi/sockaddr.ts';
import type {
  any_socket_option, domain, info_keys, msg_flag, msg_send, protocol, select_info, socket, timeout, type,
} from './types.ts';

export * from './types.ts';
export type { RecvResult, SendResult, SendvResult } from './transfer.ts';
export type { socket_info_map, global_info } from './info.ts';
export type { RecvfromResult, SendtoResult } from './datagram.ts';
export type { RecvmsgResult, SendmsgResult } from './message.ts';
export type { RecvmmsgResult, SendmmsgResult } from './batch.ts';
export type { SendfileResult, sendfile_counters } from './sendfile.ts';
export type { ioctl_get_request2, ioctl_get_request3, ioctl_set_request } from './ioctl.ts';
export type { sctp_assoc_id } from './sctp.ts';

type Gen<R> = Generator<unknown, R, unknown>;
type Flags = readonly (msg_flag | 'nosignal' | number)[];
type Error<R = Term> = readonly ['error', R];
type Handle = 'nowait' | Ref;

const isSelectInfo = (v: unknown): v is select_info => Array.isArray(v) && v[0] === 'select_info';

// ---------------------------------------------------------------------------
// Creating and naming sockets

/** `open/1`: a socket from an existing descriptor, `open(FD, #{})`. */
export function open(fd: number): readonly ['ok', socket] | Error;
/** `open/2`: `open(FD, Opts)` or `open(Domain, Type)`. */
export function open(fd: number, opts: conn_opts): readonly ['ok', socket] | Error;
export function open(domain: domain | number, type: type | number): readonly ['ok', socket] | Error;
/** `open/3`: `open(Domain, Type, Protocol | Opts)`. */
export function open(domain: domain | number, type: type | number, protocolOrOpts: protocol | number | 'default' | conn_opts): readonly ['ok', socket] | Error;
/** `open/4`. */
export function open(domain: domain | number, type: type | number, protocol: protocol | number | 'default', opts: conn_opts): readonly ['ok', socket] | Error;
export function open(...args: unknown[]): readonly ['ok', socket] | Error {
  return conn.open(args[0], args[1], args[2], args[3], args.length);
}

/** The options map of `open/2,3,4`. */
export interface conn_opts {
  readonly netns?: string;
  readonly debug?: boolean;
  readonly use_registry?: boolean;
  readonly dup?: boolean;
  readonly domain?: domain | number;
  readonly type?: type | number;
  readonly protocol?: protocol | number | 'default';
}

/** `bind/2`: a `sockaddr()`, or `any`, `loopback`, `broadcast` of the socket's domain. */
export function bind(s: socket, addr: sockaddr | 'any' | 'loopback' | 'broadcast'): 'ok' | Error;
/** `bind/3`: `add` or `remove` a list of addresses (SCTP; see sctp.ts). */
export function bind(s: socket, addrs: readonly sockaddr[], action: 'add' | 'remove'): 'ok' | Error;
export function bind(s: socket, addr: unknown, action?: unknown): 'ok' | Error {
  if (action !== undefined) return sctp.bind3(s, addr, action);
  return conn.bind(s, addr as sockaddr);
}

/** `listen/1,2`: the backlog defaults to 5, as in OTP. */
export function listen(s: socket, backlog: number = 5): 'ok' | Error {
  const b = checkBacklog(backlog);
  return conn.listen(s, b);
}

/** `sockname/1`. */
export function sockname(s: socket): readonly ['ok', sockaddr_recv] | Error {
  return conn.sockname(s);
}

/** `peername/1`. */
export function peername(s: socket): readonly ['ok', sockaddr_recv] | Error {
  return conn.peername(s);
}

// ---------------------------------------------------------------------------
// Connections

/** `accept/1,2`. */
export function accept(s: socket): Gen<readonly ['ok', socket] | Error>;
export function accept(s: socket, timeout: timeout): Gen<readonly ['ok', socket] | Error>;
export function accept(s: socket, handle: Handle): Gen<readonly ['ok', socket] | readonly ['select', select_info] | Error>;
export function accept(s: socket, timeout: timeout | Handle = 'infinity'): Gen<conn.AcceptResult> {
  return conn.accept(s, timeout);
}

/** `connect/1`: finishes a nowait connect once its select message has arrived. */
export function connect(s: socket): Gen<'ok' | Error>;
/** `connect/2,3`. */
export function connect(s: socket, addr: sockaddr): Gen<'ok' | Error>;
export function connect(s: socket, addr: sockaddr, timeout: timeout): Gen<'ok' | Error>;
export function connect(s: socket, addr: sockaddr, handle: Handle): Gen<'ok' | readonly ['select', select_info] | Error>;
/** `connect/2,3` with an address list: an SCTP association (see sctp.ts). */
export function connect(s: socket, addrs: readonly sockaddr[], timeout?: timeout | Handle): Gen<readonly ['ok', number] | Error>;
export function* connect(...args: unknown[]): Gen<conn.ConnectResult | readonly ['ok', number]> {
  if (args.length === 1) return conn.connect1(args[0]);
  if (Array.isArray(args[1])) return sctp.connectList(args[0], args[1], args.length > 2 ? args[2] : 'infinity');
  return yield* conn.connect(args[0], args[1], args.length > 2 ? args[2] : 'infinity');
}

/** `shutdown/2`. */
export function shutdown(s: socket, how: 'read' | 'write' | 'read_write'): 'ok' | Error {
  checkHow(how);
  return conn.shutdown(s, how);
}

/**
 * `close/1`: closes the socket and aborts its pending operations. A generator, like
 * every call the manual lets block; here it never waits.
 */
export function* close(s: socket): Gen<'ok' | Error<'closed'>> {
  return conn.close(s);
}

/** `cancel/2`: withdraws the caller's asynchronous operation `selectInfo`. */
export function cancel(s: socket, selectInfo: select_info): 'ok' | Error {
  return conn.cancel(s, selectInfo);
}

// ---------------------------------------------------------------------------
// Data

/** The flags of a call given none: one shared empty list. */
const NO_FLAGS: readonly never[] = Object.freeze([]);

/**
 * `send` and `sendmsg` take `(S, What)`, `(S, What, Flags | Cont | Timeout)` and
 * `(S, What, Flags | Cont, Timeout)`, told apart as in {@link lengthFlagsTimeout}.
 */
function flagsOrContTimeout<R>(
  f: (s: unknown, what: unknown, flagsOrCont: unknown, timeout: unknown) => R, n: number, s: unknown, what: unknown, a: unknown, b: unknown,
): R {
  switch (n) {
    case 0:
    case 1:
    case 2:
      return f(s, what, NO_FLAGS, 'infinity');
    case 3:
      return isSelectInfo(a) || Array.isArray(a) ? f(s, what, a, 'infinity') : f(s, what, NO_FLAGS, a);
    default:
      return f(s, what, a, b);
  }
}

/**
 * `recv` and `recvfrom` take `(S)`, `(S, Length | Flags)`, `(S, Flags, Timeout)`,
 * `(S, Length, Flags | Timeout)` and `(S, Length, Flags, Timeout)`: which were given is
 * told by their count (`n`, the call's `arguments.length`) and shape. Fixed parameters
 * and no array per call, as these wrappers run on every call.
 */
function lengthFlagsTimeout<R>(
  f: (s: unknown, length: unknown, flags: unknown, timeout: unknown) => R, n: number, s: unknown, a: unknown, b: unknown, c: unknown,
): R {
  switch (n) {
    case 0:
    case 1:
      return f(s, 0, NO_FLAGS, 'infinity');
    case 2:
      return Array.isArray(a) ? f(s, 0, a, 'infinity') : f(s, a, NO_FLAGS, 'infinity');
    case 3:
      if (Array.isArray(a)) return f(s, 0, a, b);
      return Array.isArray(b) ? f(s, a, b, 'infinity') : f(s, a, NO_FLAGS, b);
    default:
      return f(s, a, b, c);
  }
}

/** `recv/1,2,3,4`. */
export function recv(s: socket): Gen<readonly ['ok', Buffer] | Error>;
export function recv(s: socket, lengthOrFlags: number | Flags): Gen<readonly ['ok', Buffer] | Error>;
export function recv(s: socket, lengthOrFlags: number | Flags, handle: Handle): Gen<xfer.RecvResult>;
export function recv(s: socket, lengthOrFlags: number | Flags, timeoutOrFlags: timeout | Flags): Gen<readonly ['ok', Buffer] | Error | Error<readonly [Term, Buffer]>>;
export function recv(s: socket, length: number, flags: Flags, handle: Handle): Gen<xfer.RecvResult>;
export function recv(s: socket, length: number, flags: Flags, timeout: timeout): Gen<readonly ['ok', Buffer] | Error | Error<readonly [Term, Buffer]>>;
export function recv(s: socket, a?: unknown, b?: unknown, c?: unknown): Gen<xfer.RecvResult> {
  return lengthFlagsTimeout(xfer.recv, arguments.length, s, a, b, c);
}

/** What `send` takes: a Buffer, a string, or an iolist of those and bytes. */
export type iodata = Buffer | string | readonly (number | iodata)[];

/** `send/2,3,4`, including the `Cont` forms (the select info of an earlier nowait send). */
export function send(s: socket, data: iodata): Gen<'ok' | Error | Error<readonly [Term, Buffer]>>;
export function send(s: socket, data: iodata, handle: Handle): Gen<xfer.SendResult>;
export function send(s: socket, data: iodata, flagsOrCont: Flags | select_info | timeout): Gen<'ok' | readonly ['ok', Buffer] | Error | Error<readonly [Term, Buffer]>>;
export function send(s: socket, data: iodata, flagsOrCont: Flags | select_info, handle: Handle): Gen<xfer.SendResult>;
export function send(s: socket, data: iodata, flagsOrCont: Flags | select_info, timeout: timeout): Gen<'ok' | readonly ['ok', Buffer] | Error | Error<readonly [Term, Buffer]>>;
export function send(s: socket, data: unknown, a?: unknown, b?: unknown): Gen<xfer.SendResult> {
  return flagsOrContTimeout(xfer.send, arguments.length, s, data, a, b);
}

/** `sendv/2,3,4`: an I/O vector of Buffers, written with one sendmsg per attempt. */
export function sendv(s: socket, iov: readonly Buffer[]): Gen<'ok' | Error | Error<readonly [Term, Buffer[]]>>;
export function sendv(s: socket, iov: readonly Buffer[], handle: Handle): Gen<xfer.SendvResult>;
export function sendv(s: socket, iov: readonly Buffer[], timeoutOrCont: timeout | select_info): Gen<xfer.SendvResult>;
export function sendv(s: socket, iov: readonly Buffer[], cont: select_info, timeout: timeout | Handle): Gen<xfer.SendvResult>;
export function sendv(s: socket, iov: unknown, ...args: unknown[]): Gen<xfer.SendvResult> {
  if (args.length === 0) return xfer.sendv(s, iov, undefined, 'infinity');
  if (args.length === 1) {
    if (isSelectInfo(args[0])) return xfer.sendv(s, iov, args[0], 'infinity');
    return xfer.sendv(s, iov, undefined, args[0]);
  }
  return xfer.sendv(s, iov, args[0], args[1]);
}

/** `rest_iov/2`: what is left of `iov` after `written` bytes. */
export function rest_iov(written: number, iov: readonly Buffer[]): Buffer[] {
  return xfer.rest_iov(written, iov);
}

// ---------------------------------------------------------------------------
// Datagrams, messages, batches, files

/** `recvfrom/1,2,3,4`: one message and its source; `BufSz` 0 takes `{otp, rcvbuf}`'s size. */
export function recvfrom(s: socket): Gen<dgram.RecvfromResult>;
export function recvfrom(s: socket, bufSzOrFlags: number | Flags): Gen<dgram.RecvfromResult>;
export function recvfrom(s: socket, flags: Flags, timeout: timeout | Handle): Gen<dgram.RecvfromResult>;
export function recvfrom(s: socket, bufSz: number, flagsOrTimeout: Flags | timeout | Handle): Gen<dgram.RecvfromResult>;
export function recvfrom(s: socket, bufSz: number, flags: Flags, timeout: timeout | Handle): Gen<dgram.RecvfromResult>;
export function recvfrom(s: socket, a?: unknown, b?: unknown, c?: unknown): Gen<dgram.RecvfromResult> {
  return lengthFlagsTimeout(dgram.recvfrom, arguments.length, s, a, b, c);
}

/** `sendto/3,4,5`, including the `Cont` forms (the select info of an earlier nowait sendto). */
export function sendto(s: socket, data: iodata, destOrCont: sockaddr | select_info): Gen<dgram.SendtoResult>;
export function sendto(s: socket, data: iodata, destOrCont: sockaddr | select_info, flagsOrTimeout: Flags | timeout | Handle): Gen<dgram.SendtoResult>;
export function sendto(s: socket, data: iodata, dest: sockaddr, flags: Flags, timeout: timeout | Handle): Gen<dgram.SendtoResult>;
export function sendto(s: socket, data: unknown, dest: unknown, a?: unknown, b?: unknown): Gen<dgram.SendtoResult> {
  switch (arguments.length) {
    case 0:
    case 1:
    case 2:
    case 3:
      return dgram.sendto(s, data, dest, NO_FLAGS, 'infinity');
    case 4:
      return Array.isArray(a) ? dgram.sendto(s, data, dest, a, 'infinity') : dgram.sendto(s, data, dest, NO_FLAGS, a);
    default:
      return dgram.sendto(s, data, dest, a, b);
  }
}

/** `recvmsg/1,2,3,4,5`: one message as a `msg_recv()` map, with its control messages. */
export function recvmsg(s: socket): Gen<message.RecvmsgResult>;
export function recvmsg(s: socket, flagsOrTimeout: Flags | timeout | Handle): Gen<message.RecvmsgResult>;
export function recvmsg(s: socket, flags: Flags, timeout: timeout | Handle): Gen<message.RecvmsgResult>;
export function recvmsg(s: socket, bufSz: number, ctrlSz: number): Gen<message.RecvmsgResult>;
export function recvmsg(s: socket, bufSz: number, ctrlSz: number, timeout: timeout | Handle): Gen<message.RecvmsgResult>;
export function recvmsg(s: socket, bufSz: number, ctrlSz: number, flags: Flags, timeout: timeout | Handle): Gen<message.RecvmsgResult>;
export function recvmsg(s: socket, a?: unknown, b?: unknown, c?: unknown, d?: unknown): Gen<message.RecvmsgResult> {
  switch (arguments.length) {
    case 0:
    case 1:
      return message.recvmsg(s, 0, 0, NO_FLAGS, 'infinity');
    case 2:
      return Array.isArray(a) ? message.recvmsg(s, 0, 0, a, 'infinity') : message.recvmsg(s, 0, 0, NO_FLAGS, a);
    case 3:
      return Array.isArray(a) ? message.recvmsg(s, 0, 0, a, b) : message.recvmsg(s, a, b, NO_FLAGS, 'infinity');
    case 4:
      return message.recvmsg(s, a, b, NO_FLAGS, c);
    default:
      return message.recvmsg(s, a, b, c, d);
  }
}

/** `sendmsg/2,3,4`: a `msg_send()` map (or, with a `Cont`, its I/O vector). */
export function sendmsg(s: socket, msg: msg_send): Gen<message.SendmsgResult>;
export function sendmsg(s: socket, msg: msg_send | readonly Buffer[], flagsOrContOrTimeout: Flags | select_info | timeout | Handle): Gen<message.SendmsgResult>;
export function sendmsg(s: socket, msg: msg_send | readonly Buffer[], flagsOrCont: Flags | select_info, timeout: timeout | Handle): Gen<message.SendmsgResult>;
export function sendmsg(s: socket, msg: unknown, a?: unknown, b?: unknown): Gen<message.SendmsgResult> {
  return flagsOrContTimeout(message.sendmsg, arguments.length, s, msg, a, b);
}

/** `sendmmsg/4` (OTP 29): many messages, one sendmmsg(2) per batch of up to 1,024. */
export function sendmmsg(s: socket, msgs: readonly msg_send[], flags: Flags, timeout: timeout | Handle): Gen<batch.SendmmsgResult> {
  return batch.sendmmsg(s, msgs, flags, timeout);
}

/** `recvmmsg/6` (OTP 29): up to `vlen` messages with one recvmmsg(2). */
export function recvmmsg(
  s: socket, vlen: number, bufSz: number, ctrlSz: number, flags: Flags, timeout: timeout | Handle,
): Gen<batch.RecvmmsgResult> {
  return batch.recvmmsg(s, vlen, bufSz, ctrlSz, flags, timeout);
}

/** An open file for sendfile: a descriptor, or a `fs.promises.FileHandle`. */
export type file_fd = number | { readonly fd: number };

/** `sendfile/2,3,4,5`, including the continuation forms. */
export function sendfile(s: socket, fileOrCont: file_fd | select_info): Gen<sf.SendfileResult>;
export function sendfile(s: socket, fileOrCont: file_fd | select_info, timeout: timeout | Handle): Gen<sf.SendfileResult>;
export function sendfile(s: socket, fileOrCont: file_fd | select_info, offset: number, count: number): Gen<sf.SendfileResult>;
export function sendfile(s: socket, fileOrCont: file_fd | select_info, offset: number, count: number, timeout: timeout | Handle): Gen<sf.SendfileResult>;
export function sendfile(s: socket, f: unknown, ...args: unknown[]): Gen<sf.SendfileResult> {
  if (args.length === 0) return sf.sendfile(s, f, undefined, undefined, 'infinity');
  if (args.length === 1) return sf.sendfile(s, f, undefined, undefined, args[0]);
  return sf.sendfile(s, f, args[0], args[1], args.length > 2 ? args[2] : 'infinity');
}

// ---------------------------------------------------------------------------
// Devices

/** `ioctl/2,3,4`: socket requests, interface get requests, interface set requests. */
export function ioctl(s: socket, request: ioc.ioctl_get_request2): readonly ['ok', Term] | Error;
export function ioctl(s: socket, request: ioc.ioctl_get_request3, nameOrIndex: string | number): readonly ['ok', Term] | Error;
export function ioctl(s: socket, request: ioc.ioctl_set_request, name: string, value: unknown): 'ok' | Error;
export function ioctl(s: socket, ...args: unknown[]): 'ok' | readonly ['ok', Term] | Error {
  if (args.length === 1) return ioc.ioctl2(s, args[0]);
  if (args.length === 2) return ioc.ioctl3(s, args[0], args[1]) as readonly ['ok', Term] | Error;
  return ioc.ioctl4(s, args[0], args[1], args[2]);
}

// ---------------------------------------------------------------------------
// SCTP associations

/** `peeloff/2,3`. */
export function peeloff(s: socket, assocId: number, inheritOpts: readonly any_socket_option[] = []): readonly ['ok', socket] | Error {
  return sctp.peeloff(s, assocId, inheritOpts);
}

/** `peernames/2`. */
export function peernames(s: socket, assocId: number): readonly ['ok', sockaddr_recv[]] | Error {
  return sctp.names(s, assocId);
}

/** `socknames/2`. */
export function socknames(s: socket, assocId: number): readonly ['ok', sockaddr_recv[]] | Error {
  return sctp.names(s, assocId);
}

// ---------------------------------------------------------------------------
// Options

/** `getopt/2` and `getopt/3` (`getopt(S, Level, Opt)`). */
export function getopt(s: socket, opt: any_socket_option): readonly ['ok', Term] | Error;
export function getopt(s: socket, level: string | number, opt: string | readonly [number, 'integer' | 'boolean' | number | Buffer]): readonly ['ok', Term] | Error;
export function getopt(s: socket, a: unknown, b?: unknown): readonly ['ok', Term] | Error {
  return b === undefined ? opt_.getopt(s, a) : opt_.getopt3(s, a, b);
}

/** `setopt/3` and `setopt/4` (`setopt(S, Level, Opt, Value)`). */
export function setopt(s: socket, opt: any_socket_option, value: unknown): 'ok' | Error;
export function setopt(s: socket, level: string | number, opt: string | number, value: unknown): 'ok' | Error;
export function setopt(s: socket, ...args: unknown[]): 'ok' | Error {
  return args.length === 2 ? opt_.setopt(s, args[0], args[1]) : opt_.setopt4(s, args[0], args[1], args[2]);
}

/** `getopt_native/3`: `ValueSpec` is `integer`, `boolean`, a size or a binary. */
export function getopt_native(s: socket, opt: any_socket_option | readonly [string | number, number], spec: 'integer'): readonly ['ok', number] | Error;
export function getopt_native(s: socket, opt: any_socket_option | readonly [string | number, number], spec: 'boolean'): readonly ['ok', boolean] | Error;
export function getopt_native(s: socket, opt: any_socket_option | readonly [string | number, number], spec: number | Buffer): readonly ['ok', Buffer] | Error;
export function getopt_native(s: socket, opt: unknown, spec: unknown): readonly ['ok', Term] | Error {
  return opt_.getopt_native(s, opt, spec);
}

/** `setopt_native/3`: an int, a boolean (a C int) or a binary as the option's bytes. */
export function setopt_native(s: socket, opt: any_socket_option | readonly [string | number, number], value: number | boolean | Buffer): 'ok' | Error {
  return opt_.setopt_native(s, opt, value);
}

// ---------------------------------------------------------------------------
// Monitors

/** `monitor/1`: one `['DOWN', mref, 'socket', socket, info]` when the socket closes. */
export function monitor(s: socket): Ref {
  return mon.monitor(s);
}

/** `cancel_monitor/1`. */
export function cancel_monitor(mref: Ref): boolean {
  return mon.cancel_monitor(mref);
}

// ---------------------------------------------------------------------------
// Information and the registry

/** `info/0` and `info/1`. */
export function info(): inf.global_info;
export function info(s: socket): inf.socket_info_map;
export function info(s?: socket): inf.global_info | inf.socket_info_map {
  return s === undefined ? inf.info0() : inf.info1(s);
}

/** `i/0,1,2`: prints the socket table to stdout. */
export function i(): 'ok';
export function i(keys: info_keys): 'ok';
export function i(filter: domain | type | protocol): 'ok';
export function i(filter: domain | type | protocol, keys: info_keys): 'ok';
export function i(a?: unknown, b?: unknown): 'ok' {
  return inf.i(a, b);
}

/** `number_of/0`. */
export function number_of(): number {
  return inf.number_of();
}

/** `which_sockets/0,1`. */
export function which_sockets(
  filter?: 'inet' | 'inet6' | 'local' | 'stream' | 'dgram' | 'seqpacket' | 'sctp' | 'tcp' | 'udp' | Pid | ((info: inf.socket_info_map) => boolean),
): socket[] {
  return inf.which_sockets(filter);
}

/** `supports/0,1,2`: what this platform and kernel support, as OTP lists it. */
export function supports(...args: [] | [key1: string] | [key1: string, key2: string]): sup.supports_list {
  return sup.supports(...args);
}

/** `is_supported/1,2`: e.g. `is_supported('sctp')`, `is_supported('ioctl_requests', 'nread')`. */
export function is_supported(...args: [key1: string] | [key1: string, key2: string]): boolean {
  return sup.isSupported(...args);
}

/** `use_registry/1`. */
export function use_registry(on: boolean): 'ok' {
  return inf.use_registry(on);
}
