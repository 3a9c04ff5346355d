/**
 * The socket manual's types as TypeScript.
 *
 * Names are the manual's (`domain`, `select_info`, `socket_option`...), spelled as
 * in Erlang so a reader can look each one up. Atoms are string literals, tuples are
 * readonly arrays and maps are objects (DESIGN.md, "Terms"), so a result such as
 * `['select', selectInfo]` narrows on its first element. The address, struct and
 * control-message types belong to the FFI codecs and are re-exported from there.
 */
import { Ref, type Pid, type Term } from '../runtime/term.ts';

export type {
  in_addr, in6_addr, port_number, sockaddr, sockaddr_in, sockaddr_in6, sockaddr_un,
  sockaddr_ll, sockaddr_unspec, sockaddr_native, sockaddr_recv, packet_type, hatype,
} from '../ffi/sockaddr.ts';
export type {
  timeval, linger, ip_mreq, ip_mreq_source, ip_msfilter, ipv6_mreq, ioctl_device_flag,
} from '../ffi/structs.ts';
export type {
  ip_tos, ip_pktinfo, ipv6_pktinfo, ee_origin, icmp_dest_unreach, icmpv6_dest_unreach,
  extended_err, cmsg_recv, cmsg_send,
} from '../ffi/cmsg.ts';
export type { Posix as posix } from '../ffi/errno.ts';

import type { cmsg_recv, cmsg_send } from '../ffi/cmsg.ts';
import type { sockaddr, sockaddr_recv } from '../ffi/sockaddr.ts';

// ---------------------------------------------------------------------------
// Domains, types, protocols

/** `domain()`: the protocol family, `AF_*`. */
export type domain = 'inet' | 'inet6' | 'local' | 'unspec';

/** `type()`: the socket type, `SOCK_*`. */
export type type = 'stream' | 'dgram' | 'raw' | 'rdm' | 'seqpacket';

/**
 * `protocol()`: an OS protocol name. Any name `getprotoent()` knows is valid; these
 * are the ones the module implements options or control messages for.
 */
export type protocol = 'ip' | 'ipv6' | 'tcp' | 'udp' | 'sctp' | 'mptcp' | (string & {});

/** `level()`: `socket` (`SOL_SOCKET`) or a protocol. */
export type level = 'socket' | protocol;

// ---------------------------------------------------------------------------
// The socket

/** `socket_handle()`: opaque, unique for the socket. */
export type socket_handle = Ref;

/**
 * `socket()`: a frozen `['$socket', handle]`, the same object for the socket's whole
 * life, so `===` identifies a socket in a receive pattern.
 */
export type socket = readonly ['$socket', socket_handle];

/** Makes the one `socket()` term of a new socket. */
export function makeSocket(handle: socket_handle): socket {
  return Object.freeze(['$socket', handle] as const);
}

/** True for a well-formed `socket()` term: OTP's `?socket(SockRef)` guard. */
export function isSocket(t: unknown): t is socket {
  return Array.isArray(t) && t.length === 2 && t[0] === '$socket' && t[1] instanceof Ref;
}

// ---------------------------------------------------------------------------
// Asynchronous calls

/** The operations that can wait for `select` (the manual's `select_tag()` atoms). */
export type select_op =
  | 'accept' | 'connect'
  | 'recv' | 'recvfrom' | 'recvmsg' | 'recvmmsg'
  | 'send' | 'sendv' | 'sendto' | 'sendmsg' | 'sendmmsg' | 'sendfile';

/** Operations that may carry continuation data in their tag. */
export type select_cont_op = Exclude<select_op, 'accept' | 'connect'>;

/** `select_tag()`: the operation, possibly with its continuation data. */
export type select_tag = select_op | readonly [select_cont_op, Term];

/** `select_handle()`. */
export type select_handle = Ref;

/** `select_info()`. */
export type select_info = readonly ['select_info', select_tag, select_handle];

/** `completion_tag()` (Windows only; kept so the types read as the manual). */
export type completion_tag = select_op;
/** `completion_handle()`. */
export type completion_handle = Ref;
/** `completion_info()`. */
export type completion_info = readonly ['completion_info', completion_tag, completion_handle];

/** `{select, SelectInfo}`. */
export type select_result = readonly ['select', select_info];
/** `{select, {SelectInfo, Data}}`: a stream read that got part of what it asked for. */
export type select_partial<D> = readonly ['select', readonly [select_info, D]];
/** `{select_read, {SelectInfo, Data}}`: a completed read with `{otp, select_read}` on. */
export type select_read_result<D> = readonly ['select_read', readonly [select_info, D]];

/** `{'$socket', Socket, select, SelectHandle}`: the operation may continue. */
export type select_message = readonly ['$socket', socket, 'select', select_handle];
/** `{'$socket', Socket, abort, {Handle, Reason}}`: the operation was aborted. */
export type abort_message = readonly ['$socket', socket, 'abort', readonly [select_handle, Term]];

/**
 * A time-out argument: `infinity`, milliseconds, or an asynchronous call with
 * `nowait` or a caller's own reference as the select handle.
 */
export type timeout = 'infinity' | number;
export type timeout_or_handle = timeout | 'nowait' | select_handle;

// ---------------------------------------------------------------------------
// Results and errors

/** `invalid()`: `{invalid, What}`. */
export type invalid<W = Term> = readonly ['invalid', W];
/** `{error, Reason}`. */
export type error<R = Term> = readonly ['error', R];
/** `{ok, Value}`. */
export type ok<V> = readonly ['ok', V];

// ---------------------------------------------------------------------------
// Options

/** `{socket, Opt}` options of `socket_option()`. */
export type socket_level_option =
  | 'acceptconn' | 'acceptfilter' | 'bindtodevice' | 'broadcast' | 'bsp_state' | 'busy_poll'
  | 'debug' | 'domain' | 'dontroute' | 'error' | 'exclusiveaddruse' | 'keepalive' | 'linger'
  | 'mark' | 'maxdg' | 'max_msg_size' | 'oobinline' | 'passcred' | 'peek_off' | 'peercred'
  | 'priority' | 'protocol' | 'rcvbuf' | 'rcvbufforce' | 'rcvlowat' | 'rcvtimeo' | 'reuseaddr'
  | 'reuseport' | 'rxq_ovfl' | 'setfib' | 'sndbuf' | 'sndbufforce' | 'sndlowat' | 'sndtimeo'
  | 'timestamp' | 'type';

/** `{ip, Opt}` options. */
export type ip_level_option =
  | 'add_membership' | 'add_source_membership' | 'block_source' | 'dontfrag' | 'drop_membership'
  | 'drop_source_membership' | 'freebind' | 'hdrincl' | 'minttl' | 'msfilter' | 'mtu'
  | 'mtu_discover' | 'multicast_all' | 'multicast_if' | 'multicast_loop' | 'multicast_ttl'
  | 'nodefrag' | 'options' | 'pktinfo' | 'recvdstaddr' | 'recverr' | 'recvif' | 'recvopts'
  | 'recvorigdstaddr' | 'recvtos' | 'recvttl' | 'retopts' | 'router_alert' | 'sndsrcaddr'
  | 'tos' | 'transparent' | 'ttl' | 'unblock_source';

/** `{ipv6, Opt}` options. */
export type ipv6_level_option =
  | 'addrform' | 'add_membership' | 'authhdr' | 'auth_level' | 'checksum' | 'drop_membership'
  | 'dstopts' | 'esp_trans_level' | 'esp_network_level' | 'faith' | 'flowinfo' | 'hopopts'
  | 'ipcomp_level' | 'join_group' | 'leave_group' | 'mtu' | 'mtu_discover' | 'multicast_hops'
  | 'multicast_if' | 'multicast_loop' | 'portrange' | 'pktoptions' | 'recverr' | 'recvhoplimit'
  | 'hoplimit' | 'recvpktinfo' | 'pktinfo' | 'recvtclass' | 'router_alert' | 'rthdr' | 'tclass'
  | 'unicast_hops' | 'use_min_mtu' | 'v6only';

/** `{tcp, Opt}` options. */
export type tcp_level_option =
  | 'congestion' | 'cork' | 'info' | 'keepcnt' | 'keepidle' | 'keepintvl' | 'maxseg' | 'md5sig'
  | 'nodelay' | 'noopt' | 'nopush' | 'syncnt' | 'user_timeout';

/** `{udp, Opt}` options. */
export type udp_level_option = 'cork';

/** `{sctp, Opt}` options. */
export type sctp_level_option =
  | 'adaption_layer' | 'associnfo' | 'auth_active_key' | 'auth_asconf' | 'auth_chunk'
  | 'auth_key' | 'auth_delete_key' | 'autoclose' | 'context' | 'default_send_param'
  | 'delayed_ack_time' | 'disable_fragments' | 'hmac_ident' | 'events' | 'explicit_eor'
  | 'fragment_interleave' | 'get_peer_addr_info' | 'initmsg' | 'i_want_mapped_v4_addr'
  | 'local_auth_chunks' | 'maxseg' | 'maxburst' | 'nodelay' | 'partial_delivery_point'
  | 'peer_addr_params' | 'peer_auth_chunks' | 'primary_addr' | 'reset_streams' | 'rtoinfo'
  | 'set_peer_primary_addr' | 'status' | 'use_ext_recvinfo';

/** `socket_option()`: `{Level, Opt}`. */
export type socket_option =
  | readonly ['socket', socket_level_option]
  | readonly ['ip', ip_level_option]
  | readonly ['ipv6', ipv6_level_option]
  | readonly ['tcp', tcp_level_option]
  | readonly ['udp', udp_level_option]
  | readonly ['sctp', sctp_level_option];

/** `otp_socket_option()`: options of the `otp` pseudo level. */
export type otp_socket_option =
  | 'debug' | 'iow' | 'controlling_process' | 'rcvbuf' | 'rcvctrlbuf' | 'sndctrlbuf'
  | 'select_read' | 'meta' | 'use_registry' | 'fd' | 'domain';

/** Any option `getopt/2` and `setopt/3` name. */
export type any_socket_option = socket_option | readonly ['otp', otp_socket_option];

/** `ip_pmtudisc()` and `ipv6_pmtudisc()`. */
export type ip_pmtudisc = 'want' | 'dont' | 'do' | 'probe';
export type ipv6_pmtudisc = ip_pmtudisc;

/** `ipv6_hops()`: `default` (only to set) is the C value -1. */
export type ipv6_hops = 'default' | number;

/** `native_value()`. */
export type native_value = number | boolean | Buffer;

// ---------------------------------------------------------------------------
// Messages

/** `msg_flag()`. */
export type msg_flag =
  | 'cmsg_cloexec' | 'confirm' | 'ctrunc' | 'dontroute' | 'eor' | 'errqueue' | 'more' | 'oob'
  | 'peek' | 'trunc';

/** `msg_send()`. */
export interface msg_send {
  readonly addr?: sockaddr;
  readonly iov: readonly Buffer[];
  readonly ctrl?: readonly (cmsg_send | { readonly level: level | number; readonly type: number; readonly data: Buffer })[];
}

/** `msg_recv()` (the data form; SCTP notifications are part 2). */
export interface msg_recv {
  readonly addr?: sockaddr_recv;
  readonly iov: readonly Buffer[];
  readonly ctrl: readonly (cmsg_recv | { readonly level: level | number; readonly type: number; readonly data: Buffer })[];
  readonly flags: readonly (msg_flag | number)[];
}

// ---------------------------------------------------------------------------
// Information

/** `socket_counters()`. */
export interface socket_counters {
  readonly read_byte: number;
  readonly read_fails: number;
  readonly read_pkg: number;
  readonly read_pkg_max: number;
  readonly read_tries: number;
  readonly read_waits: number;
  readonly write_byte: number;
  readonly write_fails: number;
  readonly write_pkg: number;
  readonly write_pkg_max: number;
  readonly write_tries: number;
  readonly write_waits: number;
  readonly sendfile?: number;
  readonly sendfile_byte?: number;
  readonly sendfile_fails?: number;
  readonly sendfile_max?: number;
  readonly sendfile_pkg?: number;
  readonly sendfile_pkg_max?: number;
  readonly sendfile_tries?: number;
  readonly sendfile_waits?: number;
  readonly acc_success: number;
  readonly acc_fails: number;
  readonly acc_tries: number;
  readonly acc_waits: number;
}

/** `socket_info()`. */
export interface socket_info {
  readonly domain: domain | number;
  readonly type: type | number;
  readonly protocol: protocol | number;
  readonly owner: Pid;
  readonly ctype: 'normal' | 'fromfd' | readonly ['fromfd', number];
  readonly counters: socket_counters;
  readonly num_readers: number;
  readonly num_writers: number;
  readonly num_acceptors: number;
  readonly writable: boolean;
  readonly readable: boolean;
  readonly rstates: readonly string[];
  readonly wstates: readonly string[];
}

/** `info_keys()`: the columns `i/1,2` can print. */
export type info_key =
  | 'domain' | 'type' | 'protocol' | 'fd' | 'owner' | 'local_address' | 'remote_address'
  | 'recv' | 'sent' | 'state';
export type info_keys = readonly info_key[];
