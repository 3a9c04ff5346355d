/**
 * The socket option table: every `{Level, Opt}` of the manual's `socket_option()` and
 * `otp_socket_option()`, with its native level and name, value kind, direction and
 * Linux support; and the pure checks and conversions `getopt`/`setopt` need.
 *
 * Native names are C constant names resolved through `ffi/constants.ts` when asked,
 * so an option whose constant the platform lacks is unsupported. Encoding a value to
 * bytes is the FFI codecs' work; here a value is checked against the manual's type
 * and turned into what the codec takes (`lowdelay` → `IPTOS_LOWDELAY`, hops `default`
 * → -1, linger `abort` → `#{onoff => true, linger => 0}`), and a fetched native value
 * is turned back (`16` → `lowdelay`, `2` → `do`).
 *
 * Failures are OTP 25's, checked with erl (test/socket/options.test.ts):
 * - an option that is not a 2-tuple: `throw:{invalid, {socket_option, Opt}}`;
 * - unknown, unsupported, get of a set-only or set of a get-only option:
 *   `{error, {invalid, {socket_option, Opt}}}`;
 * - a bad value: `{error, {invalid, {socket_option, Opt, Value}}}`;
 * - an option of a level the socket is not (a `tcp` option on a UDP socket): `enotsup`
 *   from getopt, `enoprotoopt` from setopt, judged after the value.
 */
import { ErlangError, Pid, type Term } from '../runtime/term.ts';
import { C } from '../ffi/constants.ts';
import { Invalid, encodeInAddr } from '../ffi/sockaddr.ts';
import {
  encodeIpMreq, encodeIpMreqSource, encodeIpMsfilter, encodeIpv6Mreq, encodeTimeval,
} from '../ffi/structs.ts';
import { fail, type Fail } from './args.ts';
import type {
  any_socket_option, domain, ip_level_option, ipv6_level_option, ip_pmtudisc, ip_tos,
  otp_socket_option, sctp_level_option, socket_level_option, tcp_level_option, type,
  udp_level_option,
} from './types.ts';

/** How an option's value is checked, converted and (by the FFI) encoded. */
export type value_kind =
  | 'boolean' | 'int' | 'uint' | 'string' | 'linger' | 'timeval'
  | 'domain' | 'type' | 'protocol'
  | 'ip_tos' | 'ip_pmtudisc' | 'ipv6_pmtudisc' | 'multicast_if' | 'ip_mreq' | 'ip_mreq_source'
  | 'ip_msfilter' | 'ipv6_mreq' | 'ipv6_hops' | 'addrform'
  | 'sctp_struct'
  | 'pid' | 'otp_rcvbuf' | 'otp_bufsz' | 'term';

/** Which of getopt and setopt an option allows. */
export type access = 'both' | 'get' | 'set';

/** One row of the table. */
export interface OptionSpec {
  /** Native level: a C constant name; `undefined` for the `otp` level. */
  readonly level?: string;
  /** Native option: a C constant name; `undefined` for the `otp` level. */
  readonly name?: string;
  readonly kind: value_kind;
  readonly access: access;
  /**
   * Whether beamlet (like OTP on Linux) implements the option. An implemented option
   * is supported when its constants exist (and, for sctp, when the kernel has SCTP).
   */
  readonly implemented: boolean;
  /** `supports/1,2` answers false although get/set work: OTP's `{socket, peek_off}`. */
  readonly unlisted?: true;
}

const opt = (level: string, name: string, kind: value_kind, access: access = 'both', implemented = true): OptionSpec =>
  ({ level, name, kind, access, implemented });
const no = (level: string, name: string, kind: value_kind = 'int', access: access = 'both'): OptionSpec =>
  opt(level, name, kind, access, false);
const otp = (kind: value_kind, access: access = 'both'): OptionSpec => ({ kind, access, implemented: true });

const SOL = 'SOL_SOCKET';
const IP = 'IPPROTO_IP';
const IP6 = 'IPPROTO_IPV6';
const TCP = 'IPPROTO_TCP';
const UDP = 'IPPROTO_UDP';
const SCTP = 'IPPROTO_SCTP';

// `implemented: false` rows are options of the manual that OTP 25 on Linux does not
// implement (BSD or Windows ones, build-time options, or options without a documented
// value type); beamlet follows it, except for the tcp keep-alive, syncnt and
// user_timeout integers, which the manual documents and Linux has.
const SOCKET: Readonly<Record<socket_level_option, OptionSpec>> = {
  acceptconn: opt(SOL, 'SO_ACCEPTCONN', 'boolean'),
  acceptfilter: no(SOL, 'SO_ACCEPTFILTER'),
  bindtodevice: opt(SOL, 'SO_BINDTODEVICE', 'string'),
  broadcast: opt(SOL, 'SO_BROADCAST', 'boolean'),
  bsp_state: no(SOL, 'SO_BSP_STATE', 'int', 'get'),
  busy_poll: no(SOL, 'SO_BUSY_POLL'),
  debug: opt(SOL, 'SO_DEBUG', 'int'),
  domain: opt(SOL, 'SO_DOMAIN', 'domain', 'get'),
  dontroute: opt(SOL, 'SO_DONTROUTE', 'boolean'),
  error: no(SOL, 'SO_ERROR', 'int', 'get'),
  exclusiveaddruse: no(SOL, 'SO_EXCLUSIVEADDRUSE', 'boolean'),
  keepalive: opt(SOL, 'SO_KEEPALIVE', 'boolean'),
  linger: opt(SOL, 'SO_LINGER', 'linger'),
  mark: no(SOL, 'SO_MARK'),
  maxdg: no(SOL, 'SO_MAXDG', 'int', 'get'),
  max_msg_size: no(SOL, 'SO_MAX_MSG_SIZE', 'int', 'get'),
  oobinline: opt(SOL, 'SO_OOBINLINE', 'boolean'),
  passcred: opt(SOL, 'SO_PASSCRED', 'boolean'),
  peek_off: { ...opt(SOL, 'SO_PEEK_OFF', 'int'), unlisted: true },
  peercred: no(SOL, 'SO_PEERCRED', 'int', 'get'),
  priority: opt(SOL, 'SO_PRIORITY', 'int'),
  protocol: opt(SOL, 'SO_PROTOCOL', 'protocol', 'get'),
  rcvbuf: opt(SOL, 'SO_RCVBUF', 'int'),
  rcvbufforce: no(SOL, 'SO_RCVBUFFORCE'),
  rcvlowat: opt(SOL, 'SO_RCVLOWAT', 'int'),
  // OTP builds these only with --enable-esock-rcvsndtimeo (the manual advises against).
  rcvtimeo: no(SOL, 'SO_RCVTIMEO', 'timeval'),
  reuseaddr: opt(SOL, 'SO_REUSEADDR', 'boolean'),
  reuseport: opt(SOL, 'SO_REUSEPORT', 'boolean'),
  rxq_ovfl: no(SOL, 'SO_RXQ_OVFL', 'boolean'),
  setfib: no(SOL, 'SO_SETFIB', 'int', 'set'),
  sndbuf: opt(SOL, 'SO_SNDBUF', 'int'),
  sndbufforce: no(SOL, 'SO_SNDBUFFORCE'),
  sndlowat: opt(SOL, 'SO_SNDLOWAT', 'int'),
  sndtimeo: no(SOL, 'SO_SNDTIMEO', 'timeval'),
  timestamp: opt(SOL, 'SO_TIMESTAMP', 'boolean'),
  type: opt(SOL, 'SO_TYPE', 'type', 'get'),
};

const IP_OPTS: Readonly<Record<ip_level_option, OptionSpec>> = {
  add_membership: opt(IP, 'IP_ADD_MEMBERSHIP', 'ip_mreq', 'set'),
  add_source_membership: opt(IP, 'IP_ADD_SOURCE_MEMBERSHIP', 'ip_mreq_source', 'set'),
  block_source: opt(IP, 'IP_BLOCK_SOURCE', 'ip_mreq_source', 'set'),
  dontfrag: no(IP, 'IP_DONTFRAG', 'boolean'),
  drop_membership: opt(IP, 'IP_DROP_MEMBERSHIP', 'ip_mreq', 'set'),
  drop_source_membership: opt(IP, 'IP_DROP_SOURCE_MEMBERSHIP', 'ip_mreq_source', 'set'),
  freebind: opt(IP, 'IP_FREEBIND', 'boolean'),
  hdrincl: opt(IP, 'IP_HDRINCL', 'boolean'),
  minttl: opt(IP, 'IP_MINTTL', 'int'),
  msfilter: opt(IP, 'IP_MSFILTER', 'ip_msfilter', 'set'),
  mtu: opt(IP, 'IP_MTU', 'int', 'get'),
  mtu_discover: opt(IP, 'IP_MTU_DISCOVER', 'ip_pmtudisc'),
  multicast_all: opt(IP, 'IP_MULTICAST_ALL', 'boolean'),
  multicast_if: opt(IP, 'IP_MULTICAST_IF', 'multicast_if'),
  multicast_loop: opt(IP, 'IP_MULTICAST_LOOP', 'boolean'),
  multicast_ttl: opt(IP, 'IP_MULTICAST_TTL', 'int'),
  nodefrag: opt(IP, 'IP_NODEFRAG', 'boolean'),
  options: no(IP, 'IP_OPTIONS'),
  pktinfo: opt(IP, 'IP_PKTINFO', 'boolean'),
  recvdstaddr: no(IP, 'IP_RECVDSTADDR', 'boolean'),
  recverr: opt(IP, 'IP_RECVERR', 'boolean'),
  recvif: no(IP, 'IP_RECVIF', 'boolean'),
  recvopts: opt(IP, 'IP_RECVOPTS', 'boolean'),
  recvorigdstaddr: opt(IP, 'IP_RECVORIGDSTADDR', 'boolean'),
  recvtos: opt(IP, 'IP_RECVTOS', 'boolean'),
  recvttl: opt(IP, 'IP_RECVTTL', 'boolean'),
  retopts: opt(IP, 'IP_RETOPTS', 'boolean'),
  router_alert: opt(IP, 'IP_ROUTER_ALERT', 'int'),
  sndsrcaddr: no(IP, 'IP_SENDSRCADDR', 'boolean'),
  tos: opt(IP, 'IP_TOS', 'ip_tos'),
  transparent: opt(IP, 'IP_TRANSPARENT', 'boolean'),
  ttl: opt(IP, 'IP_TTL', 'int'),
  unblock_source: opt(IP, 'IP_UNBLOCK_SOURCE', 'ip_mreq_source', 'set'),
};

const IPV6_OPTS: Readonly<Record<ipv6_level_option, OptionSpec>> = {
  addrform: opt(IP6, 'IPV6_ADDRFORM', 'addrform', 'set'),
  add_membership: opt(IP6, 'IPV6_ADD_MEMBERSHIP', 'ipv6_mreq', 'set'),
  authhdr: opt(IP6, 'IPV6_AUTHHDR', 'boolean'),
  auth_level: no(IP6, 'IPV6_AUTH_LEVEL'),
  checksum: no(IP6, 'IPV6_CHECKSUM'),
  drop_membership: opt(IP6, 'IPV6_DROP_MEMBERSHIP', 'ipv6_mreq', 'set'),
  dstopts: opt(IP6, 'IPV6_DSTOPTS', 'boolean'),
  esp_trans_level: no(IP6, 'IPV6_ESP_TRANS_LEVEL'),
  esp_network_level: no(IP6, 'IPV6_ESP_NETWORK_LEVEL'),
  faith: no(IP6, 'IPV6_FAITH', 'boolean'),
  flowinfo: opt(IP6, 'IPV6_FLOWINFO', 'boolean'),
  hopopts: opt(IP6, 'IPV6_HOPOPTS', 'boolean'),
  ipcomp_level: no(IP6, 'IPV6_IPCOMP_LEVEL'),
  join_group: no(IP6, 'IPV6_JOIN_GROUP', 'ipv6_mreq', 'set'),
  leave_group: no(IP6, 'IPV6_LEAVE_GROUP', 'ipv6_mreq', 'set'),
  mtu: opt(IP6, 'IPV6_MTU', 'int'),
  mtu_discover: opt(IP6, 'IPV6_MTU_DISCOVER', 'ipv6_pmtudisc'),
  multicast_hops: opt(IP6, 'IPV6_MULTICAST_HOPS', 'ipv6_hops'),
  multicast_if: opt(IP6, 'IPV6_MULTICAST_IF', 'int'),
  multicast_loop: opt(IP6, 'IPV6_MULTICAST_LOOP', 'boolean'),
  portrange: no(IP6, 'IPV6_PORTRANGE'),
  pktoptions: no(IP6, 'IPV6_2292PKTOPTIONS'),
  recverr: opt(IP6, 'IPV6_RECVERR', 'boolean'),
  recvhoplimit: opt(IP6, 'IPV6_RECVHOPLIMIT', 'boolean'),
  hoplimit: opt(IP6, 'IPV6_HOPLIMIT', 'boolean'),
  recvpktinfo: opt(IP6, 'IPV6_RECVPKTINFO', 'boolean'),
  // OTP 25 knows only the recvpktinfo spelling on Linux.
  pktinfo: no(IP6, 'IPV6_PKTINFO', 'boolean'),
  recvtclass: opt(IP6, 'IPV6_RECVTCLASS', 'boolean'),
  router_alert: opt(IP6, 'IPV6_ROUTER_ALERT', 'int'),
  rthdr: opt(IP6, 'IPV6_RTHDR', 'boolean'),
  // The manual says boolean(); OTP and the kernel take the traffic class integer.
  tclass: opt(IP6, 'IPV6_TCLASS', 'int'),
  unicast_hops: opt(IP6, 'IPV6_UNICAST_HOPS', 'ipv6_hops'),
  use_min_mtu: no(IP6, 'IPV6_USE_MIN_MTU', 'boolean'),
  v6only: opt(IP6, 'IPV6_V6ONLY', 'boolean'),
};

const TCP_OPTS: Readonly<Record<tcp_level_option, OptionSpec>> = {
  congestion: opt(TCP, 'TCP_CONGESTION', 'string'),
  cork: opt(TCP, 'TCP_CORK', 'boolean'),
  info: no(TCP, 'TCP_INFO', 'int', 'get'),
  keepcnt: opt(TCP, 'TCP_KEEPCNT', 'int'),
  keepidle: opt(TCP, 'TCP_KEEPIDLE', 'int'),
  keepintvl: opt(TCP, 'TCP_KEEPINTVL', 'int'),
  maxseg: opt(TCP, 'TCP_MAXSEG', 'int'),
  md5sig: no(TCP, 'TCP_MD5SIG'),
  nodelay: opt(TCP, 'TCP_NODELAY', 'boolean'),
  noopt: no(TCP, 'TCP_NOOPT', 'boolean'),
  nopush: no(TCP, 'TCP_NOPUSH', 'boolean'),
  syncnt: opt(TCP, 'TCP_SYNCNT', 'int'),
  user_timeout: opt(TCP, 'TCP_USER_TIMEOUT', 'uint'),
};

const UDP_OPTS: Readonly<Record<udp_level_option, OptionSpec>> = {
  cork: opt(UDP, 'UDP_CORK', 'boolean'),
};

const SCTP_OPTS: Readonly<Record<sctp_level_option, OptionSpec>> = {
  adaption_layer: no(SCTP, 'SCTP_ADAPTATION_LAYER', 'sctp_struct'),
  associnfo: opt(SCTP, 'SCTP_ASSOCINFO', 'sctp_struct'),
  auth_active_key: no(SCTP, 'SCTP_AUTH_ACTIVE_KEY', 'sctp_struct'),
  auth_asconf: no(SCTP, 'SCTP_AUTO_ASCONF', 'boolean'),
  auth_chunk: no(SCTP, 'SCTP_AUTH_CHUNK', 'sctp_struct'),
  auth_key: no(SCTP, 'SCTP_AUTH_KEY', 'sctp_struct'),
  auth_delete_key: no(SCTP, 'SCTP_AUTH_DELETE_KEY', 'sctp_struct'),
  autoclose: opt(SCTP, 'SCTP_AUTOCLOSE', 'int'),
  context: no(SCTP, 'SCTP_CONTEXT', 'sctp_struct'),
  default_send_param: no(SCTP, 'SCTP_DEFAULT_SEND_PARAM', 'sctp_struct'),
  delayed_ack_time: no(SCTP, 'SCTP_DELAYED_ACK_TIME', 'sctp_struct'),
  disable_fragments: opt(SCTP, 'SCTP_DISABLE_FRAGMENTS', 'boolean'),
  hmac_ident: no(SCTP, 'SCTP_HMAC_IDENT', 'sctp_struct'),
  events: opt(SCTP, 'SCTP_EVENTS', 'sctp_struct', 'set'),
  explicit_eor: no(SCTP, 'SCTP_EXPLICIT_EOR', 'boolean'),
  fragment_interleave: no(SCTP, 'SCTP_FRAGMENT_INTERLEAVE', 'int'),
  get_peer_addr_info: no(SCTP, 'SCTP_GET_PEER_ADDR_INFO', 'sctp_struct', 'get'),
  initmsg: opt(SCTP, 'SCTP_INITMSG', 'sctp_struct'),
  i_want_mapped_v4_addr: no(SCTP, 'SCTP_I_WANT_MAPPED_V4_ADDR', 'boolean'),
  local_auth_chunks: no(SCTP, 'SCTP_LOCAL_AUTH_CHUNKS', 'sctp_struct', 'get'),
  maxseg: opt(SCTP, 'SCTP_MAXSEG', 'int'),
  maxburst: no(SCTP, 'SCTP_MAX_BURST', 'int'),
  nodelay: opt(SCTP, 'SCTP_NODELAY', 'boolean'),
  partial_delivery_point: no(SCTP, 'SCTP_PARTIAL_DELIVERY_POINT', 'int'),
  peer_addr_params: no(SCTP, 'SCTP_PEER_ADDR_PARAMS', 'sctp_struct'),
  peer_auth_chunks: no(SCTP, 'SCTP_PEER_AUTH_CHUNKS', 'sctp_struct', 'get'),
  primary_addr: no(SCTP, 'SCTP_PRIMARY_ADDR', 'sctp_struct'),
  reset_streams: no(SCTP, 'SCTP_RESET_STREAMS', 'sctp_struct', 'set'),
  rtoinfo: opt(SCTP, 'SCTP_RTOINFO', 'sctp_struct'),
  set_peer_primary_addr: no(SCTP, 'SCTP_SET_PEER_PRIMARY_ADDR', 'sctp_struct', 'set'),
  status: no(SCTP, 'SCTP_STATUS', 'sctp_struct', 'get'),
  use_ext_recvinfo: no(SCTP, 'SCTP_USE_EXT_RCVINFO', 'boolean'),
};

const OTP_OPTS: Readonly<Record<otp_socket_option, OptionSpec>> = {
  debug: otp('boolean'),
  iow: otp('boolean'),
  controlling_process: otp('pid'),
  rcvbuf: otp('otp_rcvbuf'),
  rcvctrlbuf: otp('otp_bufsz'),
  sndctrlbuf: otp('otp_bufsz'),
  select_read: otp('boolean'),
  meta: otp('term'),
  // The manual says get-only; OTP 25 also lets it be set.
  use_registry: otp('boolean'),
  fd: otp('int', 'get'),
  domain: otp('domain', 'get'),
};

/** The whole table, by level and option. */
export const OPTIONS = {
  socket: SOCKET,
  ip: IP_OPTS,
  ipv6: IPV6_OPTS,
  tcp: TCP_OPTS,
  udp: UDP_OPTS,
  sctp: SCTP_OPTS,
  otp: OTP_OPTS,
} as const;

/** A level of the table. */
export type option_level = keyof typeof OPTIONS;

/** The levels in the order `supports(options)` lists them. */
export const OPTION_LEVELS: readonly option_level[] = ['socket', 'ip', 'ipv6', 'tcp', 'udp', 'sctp', 'otp'];

/** The row of `{level, name}`, if the table has one. */
export function specOf(level: unknown, name: unknown): OptionSpec | undefined {
  if (typeof level !== 'string' || typeof name !== 'string' || !Object.hasOwn(OPTIONS, level)) return undefined;
  const table = OPTIONS[level as option_level] as Readonly<Record<string, OptionSpec>>;
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** A C constant by name, if the platform defines it. */
export function constant(name: string): number | undefined {
  const v = (C as Readonly<Record<string, unknown>>)[name];
  return typeof v === 'number' ? v : undefined;
}

/** The native `[level, option]` numbers of a row, if the platform defines both. */
export function nativeOf(spec: OptionSpec): readonly [number, number] | undefined {
  if (spec.level === undefined || spec.name === undefined) return undefined;
  const l = constant(spec.level);
  const n = constant(spec.name);
  return l === undefined || n === undefined ? undefined : [l, n];
}

/**
 * Whether getopt/setopt handle the row on this platform: implemented, its constants
 * exist, and for `sctp` the kernel has SCTP.
 */
export function isImplemented(level: option_level, spec: OptionSpec, sctp: boolean): boolean {
  if (!spec.implemented) return false;
  if (level === 'otp') return true;
  if (level === 'sctp' && !sctp) return false;
  return nativeOf(spec) !== undefined;
}

// ---------------------------------------------------------------------------
// getopt / setopt checks

/**
 * Other names of the protocol levels: the aliases on the same protocols(5) line
 * (`IP`, `TCP`, `IPv6`...), which OTP 25 takes as levels too (`{'TCP', nodelay}`).
 */
export type level_aliases = ReadonlyMap<string, option_level>;
const NO_ALIASES: level_aliases = new Map();

/** A found option: its canonical level, name and row. */
export interface Found {
  readonly level: option_level;
  readonly name: string;
  readonly spec: OptionSpec;
}

/** OTP 25's answer to an option term that is not `{Atom, Atom}`: thrown, class `throw`. */
function thrownOption(o: unknown): never {
  throw new ErlangError(['invalid', ['socket_option', o as Term]], 'throw');
}

/**
 * `SocketOption` of getopt/setopt. A term that is not a pair of atoms throws (class
 * `throw`, as OTP 25 does) `{invalid, {socket_option, Opt}}`; an unknown or unsupported
 * pair is returned as `{error, {invalid, {socket_option, Opt}}}`.
 */
export function lookupOption(o: unknown, sctp: boolean, aliases: level_aliases = NO_ALIASES): Found | Fail {
  if (!Array.isArray(o) || o.length !== 2 || typeof o[0] !== 'string' || typeof o[1] !== 'string') thrownOption(o);
  const name = o[1] as string;
  const level = aliases.get(o[0] as string) ?? (o[0] as string);
  const spec = specOf(level, name);
  if (spec === undefined || !isImplemented(level as option_level, spec, sctp)) return fail(['socket_option', o as Term]);
  return { level: level as option_level, name, spec };
}

/** `getopt/2`: the option must be known, supported and readable. */
export function checkGetopt(o: unknown, sctp = false, aliases?: level_aliases): Found | Fail {
  const f = lookupOption(o, sctp, aliases);
  if (!('spec' in f)) return f;
  return f.spec.access === 'set' ? fail(['socket_option', o as Term]) : f;
}

/**
 * A value ready for the codec of its kind: the C int for atoms that name one, `-1` for
 * hops `default`, `{onoff, linger}` for linger, `null` for msfilter `null`, the value
 * itself otherwise.
 */
export type native_ready = Term;

/**
 * `setopt/3`: the option must be known, supported and writable, then the value must
 * be of its kind. Returns the row and the value converted for the codec.
 */
export function checkSetopt(
  o: unknown, value: unknown, sctp = false, aliases?: level_aliases,
): (Found & { readonly value: native_ready }) | Fail {
  const f = lookupOption(o, sctp, aliases);
  if (!('spec' in f)) return f;
  if (f.spec.access === 'get') return fail(['socket_option', o as Term]);
  const v = toNative(f.spec.kind, value);
  if (v === BAD) return fail(['socket_option', o as Term, value as Term]);
  return { ...f, value: v };
}

const BAD = Symbol('bad value');
const INT_MIN = -0x8000_0000;
const INT_MAX = 0x7fff_ffff;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isCInt = (v: unknown): v is number => isInt(v) && v >= INT_MIN && v <= INT_MAX;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Pid);

/** `ip_tos()` atoms and their `IPTOS_*` values. */
export const IP_TOS: Readonly<Record<ip_tos, number>> = {
  lowdelay: C.IPTOS_LOWDELAY,
  throughput: C.IPTOS_THROUGHPUT,
  reliability: C.IPTOS_RELIABILITY,
  mincost: C.IPTOS_MINCOST,
};

/** `ip_pmtudisc()` atoms and their `IP_PMTUDISC_*` values (the IPv6 ones are equal on Linux). */
export const IP_PMTUDISC: Readonly<Record<ip_pmtudisc, number>> = {
  dont: C.IP_PMTUDISC_DONT,
  want: C.IP_PMTUDISC_WANT,
  do: C.IP_PMTUDISC_DO,
  probe: C.IP_PMTUDISC_PROBE,
};
const IPV6_PMTUDISC: Readonly<Record<ip_pmtudisc, number>> = {
  dont: C.IPV6_PMTUDISC_DONT,
  want: C.IPV6_PMTUDISC_WANT,
  do: C.IPV6_PMTUDISC_DO,
  probe: C.IPV6_PMTUDISC_PROBE,
};

// Validation uses the FFI encoders on a scratch buffer, so a value passes here
// exactly when the codec can encode it.
const SCRATCH = Buffer.alloc(1024);
const encodes = (enc: (v: unknown, out: Buffer) => number | Invalid, v: unknown): boolean =>
  !(enc(v, SCRATCH) instanceof Invalid);

function toNative(kind: value_kind, v: unknown): native_ready | typeof BAD {
  switch (kind) {
    case 'boolean':
      return typeof v === 'boolean' ? v : BAD;
    case 'int':
      return isCInt(v) ? v : BAD;
    case 'uint':
      return isCInt(v) && v >= 0 ? v : BAD;
    case 'string':
      return typeof v === 'string' ? v : BAD;
    case 'linger':
      if (v === 'abort') return { onoff: true, linger: 0 };
      // Extra keys are allowed, as OTP 25 does.
      return isPlainObject(v) && typeof v.onoff === 'boolean' && isCInt(v.linger) && v.linger >= 0
        ? { onoff: v.onoff, linger: v.linger }
        : BAD;
    case 'timeval':
      return encodes(encodeTimeval, v) ? (v as Term) : BAD;
    case 'ip_tos':
      if (typeof v === 'string') return Object.hasOwn(IP_TOS, v) ? IP_TOS[v as ip_tos] : BAD;
      return isCInt(v) ? v : BAD;
    case 'ip_pmtudisc':
    case 'ipv6_pmtudisc': {
      const table = kind === 'ip_pmtudisc' ? IP_PMTUDISC : IPV6_PMTUDISC;
      if (typeof v === 'string') return Object.hasOwn(table, v) ? table[v as ip_pmtudisc] : BAD;
      return isCInt(v) ? v : BAD;
    }
    case 'multicast_if':
      return v === 'any' || encodeInAddr(v, SCRATCH, 0) ? (v as Term) : BAD;
    case 'ip_mreq':
      return encodes(encodeIpMreq, v) ? (v as Term) : BAD;
    case 'ip_mreq_source':
      return encodes(encodeIpMreqSource, v) ? (v as Term) : BAD;
    case 'ip_msfilter':
      return v === 'null' ? null : encodes(encodeIpMsfilter, v) ? (v as Term) : BAD;
    case 'ipv6_mreq':
      return encodes(encodeIpv6Mreq, v) ? (v as Term) : BAD;
    case 'ipv6_hops':
      if (v === 'default') return -1;
      return isInt(v) && v >= 0 && v <= 255 ? v : BAD;
    case 'addrform':
      return v === 'inet' ? C.AF_INET : v === 'inet6' ? C.AF_INET6 : BAD;
    case 'sctp_struct':
      return isPlainObject(v) ? (v as Term) : BAD;
    case 'pid':
      return v instanceof Pid ? v : BAD;
    case 'otp_bufsz':
      return v === 'default' || (isInt(v) && v > 0) ? v : BAD;
    case 'otp_rcvbuf':
      if (v === 'default' || (isInt(v) && v > 0)) return v;
      if (Array.isArray(v) && v.length === 2 && isInt(v[0]) && v[0] > 0 && (v[1] === 'default' || (isInt(v[1]) && v[1] > 0))) {
        return [v[0], v[1]] as const;
      }
      return BAD;
    case 'term':
      return v as Term;
    case 'domain':
    case 'type':
    case 'protocol':
      // Get-only kinds: checkSetopt refuses the option before its value.
      return BAD;
  }
}

// ---------------------------------------------------------------------------
// getopt_native / setopt_native

/** A native option: the level and option numbers to pass to the kernel. */
export interface NativeOption {
  readonly level: number;
  readonly name: number;
}

/**
 * `{Level | NativeLevel, Opt | NativeOpt}` of getopt_native/setopt_native. A level is
 * `socket`, a protocol name (resolved through `protocols`, see supports.ts) or an
 * integer; an option is an integer or a supported option name of that level. Anything
 * else is `{error, {invalid, {socket_option, Opt}}}`, except that setopt_native throws
 * (class `throw`) for a term that is not a pair at all, as OTP 25 does.
 */
export function lookupNative(
  o: unknown, protocols: ReadonlyMap<string, number>, op: 'get' | 'set', sctp = false,
): NativeOption | Fail {
  if (!Array.isArray(o) || o.length !== 2) {
    if (op === 'set') thrownOption(o);
    return fail(['socket_option', o as Term]);
  }
  const [lv, nm] = o as [unknown, unknown];
  let level: number | undefined;
  if (isInt(lv)) level = lv;
  else if (lv === 'socket') level = C.SOL_SOCKET;
  else if (typeof lv === 'string' && lv !== 'otp') level = protocols.get(lv);
  if (level === undefined) return fail(['socket_option', o as Term]);
  if (isInt(nm)) return { level, name: nm };
  const spec = specOf(lv, nm);
  const native = spec && isImplemented(lv as option_level, spec, sctp) ? nativeOf(spec) : undefined;
  return native ? { level: native[0], name: native[1] } : fail(['socket_option', o as Term]);
}

/** How getopt_native decodes: a C int, a C int as boolean, or bytes. */
export type value_spec = 'integer' | 'boolean' | number | Buffer;

/**
 * `ValueSpec` of getopt_native: `integer`, `boolean`, a size, or a binary to copy into
 * the buffer. Anything else is `{error, {invalid, {value_spec, Spec}}}`; a negative
 * size is `{error, einval}` (the kernel's answer to a negative length, which OTP
 * returns without asking it).
 */
export function checkValueSpec(v: unknown): value_spec | Fail | readonly ['error', 'einval'] {
  if (v === 'integer' || v === 'boolean' || Buffer.isBuffer(v)) return v;
  if (isInt(v)) return v >= 0 ? v : ['error', 'einval'];
  return fail(['value_spec', v as Term]);
}

/**
 * `Value` of setopt_native: a C int, a boolean or a binary; anything else (an integer
 * past C int included) is `{error, {invalid, value}}`.
 */
export function checkNativeValue(v: unknown): number | boolean | Buffer | Fail {
  if (isCInt(v) || typeof v === 'boolean' || Buffer.isBuffer(v)) return v;
  return fail('value');
}

/**
 * `getopt/3`'s two meanings: `getopt(S, Level, {NativeOpt, ValueSpec})` with an integer
 * `NativeOpt` is `getopt_native(S, {Level, NativeOpt}, ValueSpec)`; anything else is
 * `getopt(S, {Level, Opt})`.
 */
export function getopt3Form(level: unknown, o: unknown):
  | { readonly native: readonly [unknown, number]; readonly spec: unknown }
  | { readonly option: readonly [unknown, unknown] } {
  if (Array.isArray(o) && o.length === 2 && isInt(o[0])) return { native: [level, o[0]], spec: o[1] };
  return { option: [level, o] };
}

/**
 * `setopt/4`'s two meanings: an integer `Opt` with a binary `Value` is
 * `setopt_native(S, {Level, Opt}, Value)`; anything else is `setopt(S, {Level, Opt}, Value)`.
 */
export function setopt4Form(level: unknown, o: unknown, value: unknown): 'native' | 'option' {
  return isInt(o) && Buffer.isBuffer(value) ? 'native' : 'option';
}

// ---------------------------------------------------------------------------
// Levels against the socket

/** What a socket is, for the level rule. */
export interface socket_kind {
  readonly domain: domain | number;
  readonly type: type | number;
  readonly protocol: string | number;
}

/**
 * The error of an option whose level does not fit the socket (OTP 25: `enotsup` from
 * getopt, `enoprotoopt` from setopt), or `undefined` when it fits. `ip` options need
 * an inet or inet6 socket, `ipv6` an inet6 one, `tcp`/`udp`/`sctp` that protocol.
 */
export function levelMismatch(level: option_level, sock: socket_kind, op: 'get' | 'set'): 'enotsup' | 'enoprotoopt' | undefined {
  let fits: boolean;
  switch (level) {
    case 'ip':
      fits = sock.domain === 'inet' || sock.domain === 'inet6';
      break;
    case 'ipv6':
      fits = sock.domain === 'inet6';
      break;
    case 'tcp':
    case 'udp':
    case 'sctp':
      fits = sock.protocol === level;
      break;
    default:
      fits = true;
  }
  if (fits) return undefined;
  return op === 'get' ? 'enotsup' : 'enoprotoopt';
}

// ---------------------------------------------------------------------------
// Fetched values back to the manual's terms

const DOMAIN_OF: ReadonlyMap<number, domain> = new Map([
  [C.AF_INET, 'inet'], [C.AF_INET6, 'inet6'], [C.AF_UNIX, 'local'], [C.AF_UNSPEC, 'unspec'],
]);
const TYPE_OF: ReadonlyMap<number, type> = new Map([
  [C.SOCK_STREAM, 'stream'], [C.SOCK_DGRAM, 'dgram'], [C.SOCK_RAW, 'raw'],
  [C.SOCK_RDM, 'rdm'], [C.SOCK_SEQPACKET, 'seqpacket'],
]);

/**
 * A fetched C `int` as the manual's term for `kind`: `ip_tos` and pmtudisc numbers
 * become their atoms when they are one (others stay integers), domains and types their
 * atoms, booleans `true`/`false`. `protocol` needs the number → name map of
 * supports.ts; an unknown number stays a number.
 */
export function fromNative(kind: value_kind, n: number, protocols?: ReadonlyMap<number, string>): Term {
  switch (kind) {
    case 'boolean':
      return n !== 0;
    case 'ip_tos':
      return (Object.keys(IP_TOS) as ip_tos[]).find((k) => IP_TOS[k] === n) ?? n;
    case 'ip_pmtudisc':
      return (Object.keys(IP_PMTUDISC) as ip_pmtudisc[]).find((k) => IP_PMTUDISC[k] === n) ?? n;
    case 'ipv6_pmtudisc':
      return (Object.keys(IPV6_PMTUDISC) as ip_pmtudisc[]).find((k) => IPV6_PMTUDISC[k] === n) ?? n;
    case 'domain':
      return DOMAIN_OF.get(n) ?? n;
    case 'type':
      return TYPE_OF.get(n) ?? n;
    case 'protocol':
      return protocols?.get(n) ?? n;
    default:
      return n;
  }
}

/** Every `{Level, Opt}` of the table, otp level included. */
export function allOptions(): readonly any_socket_option[] {
  const out: any_socket_option[] = [];
  for (const level of OPTION_LEVELS) {
    for (const name of Object.keys(OPTIONS[level])) out.push([level, name] as unknown as any_socket_option);
  }
  return out;
}
