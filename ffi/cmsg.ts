/**
 * Control messages (ancillary data): the manual's `cmsg_recv()` and `cmsg_send()`
 * to and from a msghdr control buffer.
 *
 * Decoding walks the cmsghdrs the kernel wrote, as CMSG_FIRSTHDR/CMSG_NXTHDR do, and
 * gives each one as `{level, type, data}` plus a decoded `value` for the types the
 * manual lists (timestamp, tos, ttl, pktinfo, origdstaddr, recverr with its
 * extended_err, ipv6 hoplimit/pktinfo/tclass/recverr, sctp sndrcv). `rights` and
 * `credentials` carry `data` only, as in OTP. An unknown type keeps its number
 * (and an unknown level its number). `data` is always a copy.
 *
 * Encoding takes `data` (native bytes) or `value` for the types OTP encodes, and
 * lays the messages out with CMSG_SPACE padding into a caller-supplied buffer.
 */
import { C, S, errnoAtom, fieldAt } from './constants.ts';
import {
  Invalid, decodeIn6Addr, decodeInAddr, decodeSockaddr, encodeIn6Addr, encodeInAddr,
  type in6_addr, type in_addr, type sockaddr_recv,
} from './sockaddr.ts';
import { decodeSctpSndrcvinfo, encodeSctpSndrcvinfo, type sctp_snd_rcv_info } from './sctp.ts';
import { decodeTimeval, encodeTimeval, type timeval } from './structs.ts';
import type { Term } from '../runtime/term.ts';

// ---------------------------------------------------------------------------
// Models

/** `level()` for control messages: the atoms beamlet names. */
export type level = 'socket' | 'ip' | 'ipv6' | 'tcp' | 'udp' | 'sctp';
/** `ip_tos()`. */
export type ip_tos = 'lowdelay' | 'throughput' | 'reliability' | 'mincost';
/** `ip_pktinfo()`. */
export interface ip_pktinfo {
  readonly ifindex: number;
  readonly spec_dst: in_addr;
  readonly addr: in_addr;
}
/** `ipv6_pktinfo()`. */
export interface ipv6_pktinfo {
  readonly addr: in6_addr;
  readonly ifindex: number;
}
/** `ee_origin()`. */
export type ee_origin = 'none' | 'local' | 'icmp' | 'icmp6';
/** `icmp_dest_unreach()`. */
export type icmp_dest_unreach = 'net_unreach' | 'host_unreach' | 'port_unreach' | 'frag_needed' | 'net_unknown' | 'host_unknown';
/** `icmpv6_dest_unreach()` (the codes Linux's headers name). */
export type icmpv6_dest_unreach = 'noroute' | 'adm_prohibited' | 'not_neighbour' | 'addr_unreach' | 'port_unreach';
/** `extended_err()`. */
export interface extended_err {
  readonly error: string | number;
  readonly origin: ee_origin | number;
  readonly type: 'dest_unreach' | 'time_exceeded' | 'pkt_toobig' | number;
  readonly code: icmp_dest_unreach | icmpv6_dest_unreach | number;
  readonly info: number;
  readonly data: number;
  readonly offender: sockaddr_recv;
}

/** `cmsg_recv()`, plus the generic form for what the manual does not name. */
export type cmsg_recv =
  | { readonly level: 'socket'; readonly type: 'timestamp'; readonly data: Buffer; readonly value?: timeval }
  | { readonly level: 'socket'; readonly type: 'rights' | 'credentials'; readonly data: Buffer }
  | { readonly level: 'ip'; readonly type: 'tos' | 'recvtos'; readonly data: Buffer; readonly value?: ip_tos | number }
  | { readonly level: 'ip'; readonly type: 'ttl' | 'recvttl'; readonly data: Buffer; readonly value?: number }
  | { readonly level: 'ip'; readonly type: 'pktinfo'; readonly data: Buffer; readonly value?: ip_pktinfo }
  | { readonly level: 'ip'; readonly type: 'origdstaddr'; readonly data: Buffer; readonly value?: sockaddr_recv }
  | { readonly level: 'ip' | 'ipv6'; readonly type: 'recverr'; readonly data: Buffer; readonly value?: extended_err }
  | { readonly level: 'ipv6'; readonly type: 'hoplimit' | 'tclass'; readonly data: Buffer; readonly value?: number }
  | { readonly level: 'ipv6'; readonly type: 'pktinfo'; readonly data: Buffer; readonly value?: ipv6_pktinfo }
  | { readonly level: 'sctp'; readonly type: 'sndrcv'; readonly data: Buffer; readonly value?: sctp_snd_rcv_info }
  | { readonly level: level | number; readonly type: number; readonly data: Buffer };

/** `cmsg_send()`, plus the native form `{level, type, data}`. */
export type cmsg_send =
  | { readonly level: 'sctp'; readonly type: 'sndrcv'; readonly value: sctp_snd_rcv_info }
  | { readonly level: 'socket'; readonly type: 'timestamp'; readonly data?: Buffer; readonly value?: timeval }
  | { readonly level: 'socket'; readonly type: 'rights' | 'credentials'; readonly data: Buffer }
  | { readonly level: 'ip'; readonly type: 'tos'; readonly data?: Buffer; readonly value?: ip_tos | number }
  | { readonly level: 'ip'; readonly type: 'ttl'; readonly data?: Buffer; readonly value?: number }
  | { readonly level: 'ip'; readonly type: 'pktinfo'; readonly data?: Buffer; readonly value?: ip_pktinfo }
  | { readonly level: 'ipv6'; readonly type: 'hoplimit' | 'tclass'; readonly data?: Buffer; readonly value?: number }
  | { readonly level: 'ipv6'; readonly type: 'pktinfo'; readonly data?: Buffer; readonly value?: ipv6_pktinfo }
  | { readonly level: level | number; readonly type: number; readonly data: Buffer };

// ---------------------------------------------------------------------------
// Layout

const CM_LEN = fieldAt(S.cmsghdr, 'cmsg_len', 8);
const CM_LEVEL = fieldAt(S.cmsghdr, 'cmsg_level', 4);
const CM_TYPE = fieldAt(S.cmsghdr, 'cmsg_type', 4);
/** CMSG_LEN(0): where the data starts. */
const CM_HDR = C.CMSG_LEN_0;
/** CMSG_ALIGN's unit. */
const CM_ALIGN = C.CMSG_ALIGN_1;
const align = (n: number): number => (n + CM_ALIGN - 1) & ~(CM_ALIGN - 1);

/** CMSG_SPACE(n): the bytes one control message with `n` data bytes takes. */
export function cmsgSpace(n: number): number {
  return align(CM_HDR) + align(n);
}

const PKT_IFINDEX = fieldAt(S.in_pktinfo, 'ipi_ifindex', 4);
const PKT_SPEC_DST = fieldAt(S.in_pktinfo, 'ipi_spec_dst', 4);
const PKT_ADDR = fieldAt(S.in_pktinfo, 'ipi_addr', 4);
const PKT6_ADDR = fieldAt(S.in6_pktinfo, 'ipi6_addr', 16);
const PKT6_IFINDEX = fieldAt(S.in6_pktinfo, 'ipi6_ifindex', 4);
const EE_ERRNO = fieldAt(S.sock_extended_err, 'ee_errno', 4);
const EE_ORIGIN = fieldAt(S.sock_extended_err, 'ee_origin', 1);
const EE_TYPE = fieldAt(S.sock_extended_err, 'ee_type', 1);
const EE_CODE = fieldAt(S.sock_extended_err, 'ee_code', 1);
const EE_INFO = fieldAt(S.sock_extended_err, 'ee_info', 4);
const EE_DATA = fieldAt(S.sock_extended_err, 'ee_data', 4);
/** SO_EE_OFFENDER: the offender's sockaddr follows the struct. */
const EE_SIZE = S.sock_extended_err.size;

// ---------------------------------------------------------------------------
// Value codecs per type

const TOS: readonly (readonly [ip_tos, number])[] = [
  ['lowdelay', C.IPTOS_LOWDELAY], ['throughput', C.IPTOS_THROUGHPUT],
  ['reliability', C.IPTOS_RELIABILITY], ['mincost', C.IPTOS_MINCOST],
];
const TOS_ATOM: ReadonlyMap<number, ip_tos> = new Map(TOS.map(([a, n]) => [n, a]));
const TOS_NUM: ReadonlyMap<string, number> = new Map(TOS);

const ORIGINS: ReadonlyMap<number, ee_origin> = new Map<number, ee_origin>([
  [C.SO_EE_ORIGIN_NONE, 'none'], [C.SO_EE_ORIGIN_LOCAL, 'local'],
  [C.SO_EE_ORIGIN_ICMP, 'icmp'], [C.SO_EE_ORIGIN_ICMP6, 'icmp6'],
]);
const ICMP_UNREACH: ReadonlyMap<number, icmp_dest_unreach> = new Map<number, icmp_dest_unreach>([
  [C.ICMP_NET_UNREACH, 'net_unreach'], [C.ICMP_HOST_UNREACH, 'host_unreach'],
  [C.ICMP_PORT_UNREACH, 'port_unreach'], [C.ICMP_FRAG_NEEDED, 'frag_needed'],
  [C.ICMP_NET_UNKNOWN, 'net_unknown'], [C.ICMP_HOST_UNKNOWN, 'host_unknown'],
]);
const ICMP6_UNREACH: ReadonlyMap<number, icmpv6_dest_unreach> = new Map<number, icmpv6_dest_unreach>([
  [C.ICMP6_DST_UNREACH_NOROUTE, 'noroute'], [C.ICMP6_DST_UNREACH_ADMIN, 'adm_prohibited'],
  [C.ICMP6_DST_UNREACH_BEYONDSCOPE, 'not_neighbour'], [C.ICMP6_DST_UNREACH_ADDR, 'addr_unreach'],
  [C.ICMP6_DST_UNREACH_NOPORT, 'port_unreach'],
]);

function decodeExtendedErr(buf: Buffer, off: number, len: number): extended_err {
  const origin = buf[off + EE_ORIGIN]!;
  const type = buf[off + EE_TYPE]!;
  const code = buf[off + EE_CODE]!;
  let t: extended_err['type'] = type;
  let c: extended_err['code'] = code;
  if (origin === C.SO_EE_ORIGIN_ICMP) {
    if (type === C.ICMP_DEST_UNREACH) {
      t = 'dest_unreach';
      c = ICMP_UNREACH.get(code) ?? code;
    } else if (type === C.ICMP_TIME_EXCEEDED) t = 'time_exceeded';
  } else if (origin === C.SO_EE_ORIGIN_ICMP6) {
    if (type === C.ICMP6_DST_UNREACH) {
      t = 'dest_unreach';
      c = ICMP6_UNREACH.get(code) ?? code;
    } else if (type === C.ICMP6_PACKET_TOO_BIG) t = 'pkt_toobig';
    else if (type === C.ICMP6_TIME_EXCEEDED) t = 'time_exceeded';
  }
  return {
    error: errnoAtom(buf.readUInt32LE(off + EE_ERRNO)),
    origin: ORIGINS.get(origin) ?? origin,
    type: t,
    code: c,
    info: buf.readUInt32LE(off + EE_INFO),
    data: buf.readUInt32LE(off + EE_DATA),
    offender: decodeSockaddr(buf, off + EE_SIZE, len - EE_SIZE),
  };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

/** Decodes a value from `len` data bytes at `off`; undefined when the data is too short. */
type Decode = (buf: Buffer, off: number, len: number) => unknown;
/** Encodes a value at `off` (with room for it) and returns its length, or -1. */
type Encode = (v: unknown, out: Buffer, off: number) => number;

const int: Decode = (b, o, l) => (l >= 4 ? b.readInt32LE(o) : l === 1 ? b[o] : undefined);
const encInt: Encode = (v, out, o) => (isInt(v) && v >= -0x8000_0000 && v <= 0x7fff_ffff ? (out.writeInt32LE(v, o), 4) : -1);

interface Kind {
  readonly level: level;
  readonly type: string;
  readonly num: number;
  readonly size: number;
  readonly decode?: Decode;
  readonly encode?: Encode;
}

const KINDS: readonly Kind[] = [
  {
    level: 'socket', type: 'timestamp', num: C.SCM_TIMESTAMP, size: S.timeval.size,
    decode: (b, o, l) => (l >= S.timeval.size ? decodeTimeval(b, o) : undefined),
    encode: (v, out, o) => {
      const n = encodeTimeval(v, out, o);
      return n instanceof Invalid ? -1 : n;
    },
  },
  { level: 'socket', type: 'rights', num: C.SCM_RIGHTS, size: 0 },
  { level: 'socket', type: 'credentials', num: C.SCM_CREDENTIALS, size: 0 },
  {
    level: 'ip', type: 'tos', num: C.IP_TOS, size: 4,
    decode: (b, o, l) => (l >= 1 ? TOS_ATOM.get(b[o]!) ?? b[o] : undefined),
    encode: (v, out, o) => encInt(typeof v === 'string' ? TOS_NUM.get(v) : v, out, o),
  },
  {
    level: 'ip', type: 'recvtos', num: C.IP_RECVTOS, size: 1,
    decode: (b, o, l) => (l >= 1 ? TOS_ATOM.get(b[o]!) ?? b[o] : undefined),
  },
  { level: 'ip', type: 'ttl', num: C.IP_TTL, size: 4, decode: int, encode: encInt },
  { level: 'ip', type: 'recvttl', num: C.IP_RECVTTL, size: 4, decode: int },
  {
    level: 'ip', type: 'pktinfo', num: C.IP_PKTINFO, size: S.in_pktinfo.size,
    decode: (b, o, l): ip_pktinfo | undefined =>
      l >= S.in_pktinfo.size
        ? { ifindex: b.readInt32LE(o + PKT_IFINDEX), spec_dst: decodeInAddr(b, o + PKT_SPEC_DST), addr: decodeInAddr(b, o + PKT_ADDR) }
        : undefined,
    encode: (v, out, o) => {
      if (!isObj(v) || !isInt(v.ifindex) || v.ifindex < 0 || v.ifindex > 0x7fff_ffff) return -1;
      if (!encodeInAddr(v.spec_dst, out, o + PKT_SPEC_DST) || !encodeInAddr(v.addr, out, o + PKT_ADDR)) return -1;
      out.writeInt32LE(v.ifindex, o + PKT_IFINDEX);
      return S.in_pktinfo.size;
    },
  },
  {
    level: 'ip', type: 'origdstaddr', num: C.IP_ORIGDSTADDR, size: 0,
    decode: (b, o, l) => decodeSockaddr(b, o, l),
  },
  {
    level: 'ip', type: 'recverr', num: C.IP_RECVERR, size: 0,
    decode: (b, o, l) => (l >= EE_SIZE ? decodeExtendedErr(b, o, l) : undefined),
  },
  { level: 'ipv6', type: 'hoplimit', num: C.IPV6_HOPLIMIT, size: 4, decode: int, encode: encInt },
  { level: 'ipv6', type: 'tclass', num: C.IPV6_TCLASS, size: 4, decode: int, encode: encInt },
  {
    level: 'ipv6', type: 'pktinfo', num: C.IPV6_PKTINFO, size: S.in6_pktinfo.size,
    decode: (b, o, l): ipv6_pktinfo | undefined =>
      l >= S.in6_pktinfo.size ? { addr: decodeIn6Addr(b, o + PKT6_ADDR), ifindex: b.readUInt32LE(o + PKT6_IFINDEX) } : undefined,
    encode: (v, out, o) => {
      if (!isObj(v) || !isInt(v.ifindex) || v.ifindex < 0 || v.ifindex > 0xffff_ffff) return -1;
      if (!encodeIn6Addr(v.addr, out, o + PKT6_ADDR)) return -1;
      out.writeUInt32LE(v.ifindex, o + PKT6_IFINDEX);
      return S.in6_pktinfo.size;
    },
  },
  {
    level: 'ipv6', type: 'recverr', num: C.IPV6_RECVERR, size: 0,
    decode: (b, o, l) => (l >= EE_SIZE ? decodeExtendedErr(b, o, l) : undefined),
  },
  {
    level: 'sctp', type: 'sndrcv', num: C.SCTP_SNDRCV, size: S.sctp_sndrcvinfo.size,
    decode: (b, o, l) => (l >= S.sctp_sndrcvinfo.size ? decodeSctpSndrcvinfo(b, o) : undefined),
    encode: (v, out, o) => {
      const n = encodeSctpSndrcvinfo(v, out, o);
      return n instanceof Invalid ? -1 : n;
    },
  },
];

const LEVELS: readonly (readonly [level, number])[] = [
  ['socket', C.SOL_SOCKET], ['ip', C.IPPROTO_IP], ['ipv6', C.IPPROTO_IPV6],
  ['tcp', C.IPPROTO_TCP], ['udp', C.IPPROTO_UDP], ['sctp', C.IPPROTO_SCTP],
];
const LEVEL_ATOM: ReadonlyMap<number, level> = new Map(LEVELS.map(([a, n]) => [n, a]));
const LEVEL_NUM: ReadonlyMap<string, number> = new Map(LEVELS);

// level → type → kind, by number for decoding and by atom for encoding (nested maps:
// no key string is built per message).
const BY_NUM = new Map<number, Map<number, Kind>>();
const BY_NAME = new Map<string, Map<string, Kind>>();
for (const k of KINDS) {
  const lvl = LEVEL_NUM.get(k.level)!;
  if (!BY_NUM.has(lvl)) BY_NUM.set(lvl, new Map());
  if (!BY_NAME.has(k.level)) BY_NAME.set(k.level, new Map());
  BY_NUM.get(lvl)!.set(k.num, k);
  BY_NAME.get(k.level)!.set(k.type, k);
}

// ---------------------------------------------------------------------------
// Decoding

/** Decodes the `len` bytes of control data at `off` (msg_controllen after recvmsg). */
export function decodeCmsgs(buf: Buffer, off: number, len: number): cmsg_recv[] {
  const out: cmsg_recv[] = [];
  let p = 0;
  while (p + CM_HDR <= len) {
    const o = off + p;
    // size_t, but a control buffer never nears 2^32: the high word must be zero.
    const clen = buf.readUInt32LE(o + CM_LEN);
    if (buf.readUInt32LE(o + CM_LEN + 4) !== 0 || clen < CM_HDR || p + clen > len) break;
    const lvl = buf.readInt32LE(o + CM_LEVEL);
    const typ = buf.readInt32LE(o + CM_TYPE);
    const data = Buffer.from(buf.subarray(o + CM_HDR, o + clen));
    const kind = BY_NUM.get(lvl)?.get(typ);
    if (kind === undefined) {
      out.push({ level: LEVEL_ATOM.get(lvl) ?? lvl, type: typ, data });
    } else {
      const value = kind.decode?.(data, 0, data.length);
      out.push((value === undefined ? { level: kind.level, type: kind.type, data } : { level: kind.level, type: kind.type, data, value }) as cmsg_recv);
    }
    p += align(clen);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Encoding

// A module-level function, not a closure: tsx/esbuild name every closure at creation,
// which cost about 400 ns per call here.
function invalidCtrl(cmsgs: unknown): Invalid {
  return new Invalid(['msg', 'ctrl', { ctrl: cmsgs as Term }]);
}

/**
 * Lays out `cmsgs` at `out[off..]` and returns the control length, or, when the
 * list is not a valid `[cmsg_send()]`, OTP's `{msg, ctrl, #{ctrl => Cmsgs}}`.
 * A result larger than the room in `out` means nothing usable was written: grow
 * the buffer to that size and call again.
 */
export function encodeCmsgs(cmsgs: unknown, out: Buffer, off = 0): number | Invalid {
  if (!Array.isArray(cmsgs)) return invalidCtrl(cmsgs);
  const room = out.length - off;
  let p = 0;
  for (const c of cmsgs as unknown[]) {
    if (!isObj(c)) return invalidCtrl(cmsgs);
    const lvl = typeof c.level === 'string' ? LEVEL_NUM.get(c.level) : c.level;
    if (!isInt(lvl)) return invalidCtrl(cmsgs);
    const kind = typeof c.type === 'string' && typeof c.level === 'string' ? BY_NAME.get(c.level)?.get(c.type) : undefined;
    const typ = kind ? kind.num : c.type;
    if (!isInt(typ)) return invalidCtrl(cmsgs);
    let n: number;
    if (Buffer.isBuffer(c.data)) {
      n = c.data.length;
      if (p + cmsgSpace(n) <= room) c.data.copy(out, off + p + CM_HDR);
    } else if (c.value !== undefined && kind?.encode) {
      // Encode into place when it fits, else into a scratch of the type's size.
      const fits = p + cmsgSpace(kind.size) <= room;
      const target = fits ? out : Buffer.alloc(kind.size);
      const at = fits ? off + p + CM_HDR : 0;
      for (let i = at; i < at + kind.size; i++) target[i] = 0;
      n = kind.encode(c.value, target, at);
      if (n < 0) return invalidCtrl(cmsgs);
    } else {
      return invalidCtrl(cmsgs);
    }
    const space = cmsgSpace(n);
    if (p + space <= room) {
      const o = off + p;
      out.writeUInt32LE(CM_HDR + n, o + CM_LEN);
      out.writeUInt32LE(0, o + CM_LEN + 4);
      out.writeInt32LE(lvl, o + CM_LEVEL);
      out.writeInt32LE(typ, o + CM_TYPE);
      for (let i = o + CM_HDR + n; i < o + space; i++) out[i] = 0;
    }
    p += space;
  }
  return p;
}
