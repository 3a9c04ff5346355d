/**
 * Option and ioctl structs: timeval, linger, ucred, the multicast requests
 * (ip_mreq, ip_mreqn, ip_mreq_source, ip_msfilter, ipv6_mreq), tcp_info, ifreq
 * (with ifmap and the interface flags) and ifconf.
 *
 * Each JS side is the manual's type. Encoders write into a caller-supplied buffer
 * and return the byte length, or an {@link Invalid} (its `what` is the offending
 * value; the socket layer wraps it as OTP does for the option at hand). Decoders
 * copy what they keep. Offsets and widths come from the generated layout tables.
 */
import { C, S, fieldAt } from './constants.ts';
import {
  Invalid, decodeIn6Addr, decodeInAddr, decodeSockaddr, encodeIn6Addr,
  encodeInAddr, encodeSockaddr, type in6_addr, type in_addr, type sockaddr, type sockaddr_recv,
} from './sockaddr.ts';
import type { Term } from '../runtime/term.ts';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const inRange = (v: unknown, lo: number, hi: number): v is number => isInt(v) && v >= lo && v <= hi;
const INT_MIN = -0x8000_0000;
const INT_MAX = 0x7fff_ffff;
const UINT_MAX = 0xffff_ffff;
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

// ---------------------------------------------------------------------------
// timeval

/** `timeval()`. */
export interface timeval {
  readonly sec: number;
  readonly usec: number;
}
const TV_SEC = fieldAt(S.timeval, 'tv_sec', 8);
const TV_USEC = fieldAt(S.timeval, 'tv_usec', 8);
/** sizeof(struct timeval). */
export const TIMEVAL_SIZE = S.timeval.size;

export function encodeTimeval(v: unknown, out: Buffer, off = 0): number | Invalid {
  if (!isObj(v) || !Number.isSafeInteger(v.sec) || !Number.isSafeInteger(v.usec)) return new Invalid(v as Term);
  out.writeBigInt64LE(BigInt(v.sec as number), off + TV_SEC);
  out.writeBigInt64LE(BigInt(v.usec as number), off + TV_USEC);
  return TIMEVAL_SIZE;
}

export function decodeTimeval(buf: Buffer, off = 0): timeval {
  return { sec: Number(buf.readBigInt64LE(off + TV_SEC)), usec: Number(buf.readBigInt64LE(off + TV_USEC)) };
}

// ---------------------------------------------------------------------------
// linger

/** `linger()`. */
export interface linger {
  readonly onoff: boolean;
  readonly linger: number;
}
const L_ONOFF = fieldAt(S.linger, 'l_onoff', 4);
const L_LINGER = fieldAt(S.linger, 'l_linger', 4);

export function encodeLinger(v: unknown, out: Buffer, off = 0): number | Invalid {
  if (!isObj(v) || typeof v.onoff !== 'boolean' || !inRange(v.linger, 0, INT_MAX)) return new Invalid(v as Term);
  out.writeInt32LE(v.onoff ? 1 : 0, off + L_ONOFF);
  out.writeInt32LE(v.linger, off + L_LINGER);
  return S.linger.size;
}

export function decodeLinger(buf: Buffer, off = 0): linger {
  return { onoff: buf.readInt32LE(off + L_ONOFF) !== 0, linger: buf.readInt32LE(off + L_LINGER) };
}

// ---------------------------------------------------------------------------
// ucred (SO_PEERCRED, SCM_CREDENTIALS)

/** `struct ucred`. */
export interface ucred {
  readonly pid: number;
  readonly uid: number;
  readonly gid: number;
}
const UC_PID = fieldAt(S.ucred, 'pid', 4);
const UC_UID = fieldAt(S.ucred, 'uid', 4);
const UC_GID = fieldAt(S.ucred, 'gid', 4);

export function encodeUcred(v: unknown, out: Buffer, off = 0): number | Invalid {
  if (!isObj(v) || !inRange(v.pid, INT_MIN, INT_MAX) || !inRange(v.uid, 0, UINT_MAX) || !inRange(v.gid, 0, UINT_MAX)) {
    return new Invalid(v as Term);
  }
  out.writeInt32LE(v.pid, off + UC_PID);
  out.writeUInt32LE(v.uid, off + UC_UID);
  out.writeUInt32LE(v.gid, off + UC_GID);
  return S.ucred.size;
}

export function decodeUcred(buf: Buffer, off = 0): ucred {
  return { pid: buf.readInt32LE(off + UC_PID), uid: buf.readUInt32LE(off + UC_UID), gid: buf.readUInt32LE(off + UC_GID) };
}

// ---------------------------------------------------------------------------
// Multicast requests

/** `ip_mreq()`; `interface` may also be `any`. */
export interface ip_mreq {
  readonly multiaddr: in_addr;
  readonly interface: in_addr | 'any';
}
/** `struct ip_mreqn` (Linux): the interface by address or by index. */
export interface ip_mreqn {
  readonly multiaddr: in_addr;
  readonly address: in_addr | 'any';
  readonly ifindex: number;
}
/** `ip_mreq_source()`. */
export interface ip_mreq_source {
  readonly multiaddr: in_addr;
  readonly interface: in_addr | 'any';
  readonly sourceaddr: in_addr;
}
/** `ip_msfilter()`. */
export interface ip_msfilter {
  readonly multiaddr: in_addr;
  readonly interface: in_addr | 'any';
  readonly mode: 'include' | 'exclude';
  readonly slist: readonly in_addr[];
}
/** `ipv6_mreq()`. */
export interface ipv6_mreq {
  readonly multiaddr: in6_addr;
  readonly interface: number;
}

const MREQ_MULTI = fieldAt(S.ip_mreq, 'imr_multiaddr', 4);
const MREQ_IF = fieldAt(S.ip_mreq, 'imr_interface', 4);
const MREQN_MULTI = fieldAt(S.ip_mreqn, 'imr_multiaddr', 4);
const MREQN_ADDR = fieldAt(S.ip_mreqn, 'imr_address', 4);
const MREQN_IFINDEX = fieldAt(S.ip_mreqn, 'imr_ifindex', 4);
const MSRC_MULTI = fieldAt(S.ip_mreq_source, 'imr_multiaddr', 4);
const MSRC_IF = fieldAt(S.ip_mreq_source, 'imr_interface', 4);
const MSRC_SRC = fieldAt(S.ip_mreq_source, 'imr_sourceaddr', 4);
const MSF_MULTI = fieldAt(S.ip_msfilter, 'imsf_multiaddr', 4);
const MSF_IF = fieldAt(S.ip_msfilter, 'imsf_interface', 4);
const MSF_FMODE = fieldAt(S.ip_msfilter, 'imsf_fmode', 4);
const MSF_NUMSRC = fieldAt(S.ip_msfilter, 'imsf_numsrc', 4);
const MSF_SLIST = S.ip_msfilter.off.imsf_slist;
const V6MR_MULTI = fieldAt(S.ipv6_mreq, 'ipv6mr_multiaddr', 16);
const V6MR_IF = fieldAt(S.ipv6_mreq, 'ipv6mr_interface', 4);

export function encodeIpMreq(v: unknown, out: Buffer, off = 0): number | Invalid {
  if (!isObj(v) || !encodeInAddr(v.multiaddr, out, off + MREQ_MULTI) || !encodeInAddr(v.interface, out, off + MREQ_IF)) {
    return new Invalid(v as Term);
  }
  return S.ip_mreq.size;
}
export function decodeIpMreq(buf: Buffer, off = 0): ip_mreq {
  return { multiaddr: decodeInAddr(buf, off + MREQ_MULTI), interface: decodeInAddr(buf, off + MREQ_IF) };
}

export function encodeIpMreqn(v: unknown, out: Buffer, off = 0): number | Invalid {
  if (
    !isObj(v) || !inRange(v.ifindex, INT_MIN, INT_MAX) ||
    !encodeInAddr(v.multiaddr, out, off + MREQN_MULTI) || !encodeInAddr(v.address, out, off + MREQN_ADDR)
  ) {
    return new Invalid(v as Term);
  }
  out.writeInt32LE(v.ifindex, off + MREQN_IFINDEX);
  return S.ip_mreqn.size;
}
export function decodeIpMreqn(buf: Buffer, off = 0): ip_mreqn {
  return {
    multiaddr: decodeInAddr(buf, off + MREQN_MULTI),
    address: decodeInAddr(buf, off + MREQN_ADDR),
    ifindex: buf.readInt32LE(off + MREQN_IFINDEX),
  };
}

export function encodeIpMreqSource(v: unknown, out: Buffer, off = 0): number | Invalid {
  if (
    !isObj(v) || !encodeInAddr(v.multiaddr, out, off + MSRC_MULTI) ||
    !encodeInAddr(v.interface, out, off + MSRC_IF) || !encodeInAddr(v.sourceaddr, out, off + MSRC_SRC)
  ) {
    return new Invalid(v as Term);
  }
  return S.ip_mreq_source.size;
}
export function decodeIpMreqSource(buf: Buffer, off = 0): ip_mreq_source {
  return {
    multiaddr: decodeInAddr(buf, off + MSRC_MULTI),
    interface: decodeInAddr(buf, off + MSRC_IF),
    sourceaddr: decodeInAddr(buf, off + MSRC_SRC),
  };
}

/** Bytes an ip_msfilter with `n` sources takes: C's IP_MSFILTER_SIZE(n). */
export function ipMsfilterSize(n: number): number {
  return MSF_SLIST + 4 * n;
}

export function encodeIpMsfilter(v: unknown, out: Buffer, off = 0): number | Invalid {
  if (!isObj(v) || (v.mode !== 'include' && v.mode !== 'exclude') || !Array.isArray(v.slist)) return new Invalid(v as Term);
  const slist = v.slist as unknown[];
  if (out.length - off < ipMsfilterSize(slist.length)) return new Invalid(v as Term);
  if (!encodeInAddr(v.multiaddr, out, off + MSF_MULTI) || !encodeInAddr(v.interface, out, off + MSF_IF)) {
    return new Invalid(v as Term);
  }
  for (let i = 0; i < slist.length; i++) {
    if (!encodeInAddr(slist[i], out, off + MSF_SLIST + 4 * i)) return new Invalid(v as Term);
  }
  out.writeUInt32LE(v.mode === 'include' ? C.MCAST_INCLUDE : C.MCAST_EXCLUDE, off + MSF_FMODE);
  out.writeUInt32LE(slist.length, off + MSF_NUMSRC);
  return ipMsfilterSize(slist.length);
}

/** Decodes an ip_msfilter of `len` bytes; sources past `len` are not read. */
export function decodeIpMsfilter(buf: Buffer, off: number, len: number): ip_msfilter {
  const n = Math.min(buf.readUInt32LE(off + MSF_NUMSRC), Math.max(0, Math.floor((len - MSF_SLIST) / 4)));
  const slist: in_addr[] = [];
  for (let i = 0; i < n; i++) slist.push(decodeInAddr(buf, off + MSF_SLIST + 4 * i));
  return {
    multiaddr: decodeInAddr(buf, off + MSF_MULTI),
    interface: decodeInAddr(buf, off + MSF_IF),
    mode: buf.readUInt32LE(off + MSF_FMODE) === C.MCAST_INCLUDE ? 'include' : 'exclude',
    slist,
  };
}

export function encodeIpv6Mreq(v: unknown, out: Buffer, off = 0): number | Invalid {
  if (!isObj(v) || !inRange(v.interface, 0, UINT_MAX) || !encodeIn6Addr(v.multiaddr, out, off + V6MR_MULTI)) {
    return new Invalid(v as Term);
  }
  out.writeUInt32LE(v.interface, off + V6MR_IF);
  return S.ipv6_mreq.size;
}
export function decodeIpv6Mreq(buf: Buffer, off = 0): ipv6_mreq {
  return { multiaddr: decodeIn6Addr(buf, off + V6MR_MULTI), interface: buf.readUInt32LE(off + V6MR_IF) };
}

// ---------------------------------------------------------------------------
// tcp_info

/** TCP states as atoms, by `tcpi_state`. */
export type tcp_state =
  | 'established' | 'syn_sent' | 'syn_recv' | 'fin_wait1' | 'fin_wait2' | 'time_wait'
  | 'close' | 'close_wait' | 'last_ack' | 'listen' | 'closing' | number;

/** `struct tcp_info` as a map: the C names without `tcpi_`, the state as an atom. */
export interface tcp_info {
  readonly state: tcp_state;
  readonly ca_state: number;
  readonly retransmits: number;
  readonly probes: number;
  readonly backoff: number;
  readonly options: number;
  readonly snd_wscale: number;
  readonly rcv_wscale: number;
  readonly [u32: string]: number | tcp_state;
}

const TCP_STATES: ReadonlyMap<number, tcp_state> = new Map<number, tcp_state>([
  [C.TCP_ESTABLISHED, 'established'], [C.TCP_SYN_SENT, 'syn_sent'], [C.TCP_SYN_RECV, 'syn_recv'],
  [C.TCP_FIN_WAIT1, 'fin_wait1'], [C.TCP_FIN_WAIT2, 'fin_wait2'], [C.TCP_TIME_WAIT, 'time_wait'],
  [C.TCP_CLOSE, 'close'], [C.TCP_CLOSE_WAIT, 'close_wait'], [C.TCP_LAST_ACK, 'last_ack'],
  [C.TCP_LISTEN, 'listen'], [C.TCP_CLOSING, 'closing'],
]);
const TCP_STATE_NUM: ReadonlyMap<tcp_state, number> = new Map([...TCP_STATES].map(([n, a]) => [a, n]));

const TI_U8 = ['state', 'ca_state', 'retransmits', 'probes', 'backoff', 'options'] as const;
const TI_U8_OFF = TI_U8.map((f) => fieldAt(S.tcp_info, `tcpi_${f}`, 1));
// snd_wscale:4 and rcv_wscale:4 share the byte after tcpi_options (low nibble first on
// little-endian gcc); offsetof cannot name a bit-field, so the byte is options + 1.
const TI_WSCALE = S.tcp_info.off.tcpi_options + 1;
const TI_U32 = (Object.keys(S.tcp_info.off) as (keyof typeof S.tcp_info.off)[])
  .filter((k) => S.tcp_info.len[k] === 4)
  .map((k) => [k.slice('tcpi_'.length), fieldAt(S.tcp_info, k, 4)] as const);

/** Decodes the `len` bytes the kernel filled (an older kernel fills fewer fields). */
export function decodeTcpInfo(buf: Buffer, off: number, len: number): tcp_info {
  const info: Record<string, number | tcp_state> = {};
  for (let i = 0; i < TI_U8.length; i++) if (TI_U8_OFF[i]! < len) info[TI_U8[i]!] = buf[off + TI_U8_OFF[i]!]!;
  const st = info.state as number;
  info.state = TCP_STATES.get(st) ?? st;
  if (TI_WSCALE < len) {
    info.snd_wscale = buf[off + TI_WSCALE]! & 0xf;
    info.rcv_wscale = buf[off + TI_WSCALE]! >> 4;
  }
  for (const [name, o] of TI_U32) if (o + 4 <= len) info[name] = buf.readUInt32LE(off + o);
  return info as tcp_info;
}

export function encodeTcpInfo(v: unknown, out: Buffer, off = 0): number | Invalid {
  if (!isObj(v)) return new Invalid(v as Term);
  const st = typeof v.state === 'string' ? TCP_STATE_NUM.get(v.state as tcp_state) : v.state;
  const get = (k: string) => (k === 'state' ? st : v[k] ?? 0);
  out.fill(0, off, off + S.tcp_info.size);
  for (let i = 0; i < TI_U8.length; i++) {
    const x = get(TI_U8[i]!);
    if (!inRange(x, 0, 255)) return new Invalid(v as Term);
    out[off + TI_U8_OFF[i]!] = x;
  }
  const snd = get('snd_wscale');
  const rcv = get('rcv_wscale');
  if (!inRange(snd, 0, 15) || !inRange(rcv, 0, 15)) return new Invalid(v as Term);
  out[off + TI_WSCALE] = snd | (rcv << 4);
  for (const [name, o] of TI_U32) {
    const x = get(name);
    if (!inRange(x, 0, UINT_MAX)) return new Invalid(v as Term);
    out.writeUInt32LE(x, off + o);
  }
  return S.tcp_info.size;
}

// ---------------------------------------------------------------------------
// ifreq, ifmap, interface flags, ifconf

/** sizeof(struct ifreq). */
export const IFREQ_SIZE = S.ifreq.size;
const IFR_NAME = S.ifreq.off.ifr_name;
/** Bytes of `ifr_name` (IFNAMSIZ), the terminating NUL included. */
export const IFNAMSIZ = S.ifreq.len.ifr_name;

/** ifreq fields that hold a sockaddr. */
export type ifreq_sockaddr_field = 'addr' | 'dstaddr' | 'broadaddr' | 'netmask' | 'hwaddr';
/** ifreq fields that hold an integer. */
export type ifreq_int_field = 'ifindex' | 'mtu' | 'qlen';

const IFR_SA: Readonly<Record<ifreq_sockaddr_field, number>> = {
  addr: S.ifreq.off.ifr_addr,
  dstaddr: S.ifreq.off.ifr_dstaddr,
  broadaddr: S.ifreq.off.ifr_broadaddr,
  netmask: S.ifreq.off.ifr_netmask,
  hwaddr: S.ifreq.off.ifr_hwaddr,
};
const IFR_SA_LEN = S.ifreq.len.ifr_addr;
const IFR_INT: Readonly<Record<ifreq_int_field, number>> = {
  ifindex: fieldAt(S.ifreq, 'ifr_ifindex', 4),
  mtu: fieldAt(S.ifreq, 'ifr_mtu', 4),
  qlen: fieldAt(S.ifreq, 'ifr_qlen', 4),
};
const IFR_FLAGS = fieldAt(S.ifreq, 'ifr_flags', 2);
const IFR_NEWNAME = S.ifreq.off.ifr_newname;
const IFR_MAP = S.ifreq.off.ifr_map;

/** Zeroes an ifreq at `off` and writes the interface name; false if it does not fit. */
export function encodeIfreqName(name: string, out: Buffer, off = 0): boolean {
  const b = Buffer.from(name, 'utf8');
  if (b.length >= IFNAMSIZ || b.includes(0)) return false;
  out.fill(0, off, off + IFREQ_SIZE);
  b.copy(out, off + IFR_NAME);
  return true;
}

function cString(buf: Buffer, start: number, max: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end < 0 || end > start + max ? start + max : end);
}

/** The interface name of an ifreq (SIOCGIFNAME's answer). */
export function decodeIfreqName(buf: Buffer, off = 0): string {
  return cString(buf, off + IFR_NAME, IFNAMSIZ);
}

/** Writes `ifr_newname` (SIOCSIFNAME); false if it does not fit. */
export function encodeIfreqNewname(name: string, out: Buffer, off = 0): boolean {
  const b = Buffer.from(name, 'utf8');
  if (b.length >= IFNAMSIZ || b.includes(0)) return false;
  out.fill(0, off + IFR_NEWNAME, off + IFR_NEWNAME + IFNAMSIZ);
  b.copy(out, off + IFR_NEWNAME);
  return true;
}

export function encodeIfreqInt(field: ifreq_int_field, value: unknown, out: Buffer, off = 0): boolean {
  if (!inRange(value, INT_MIN, INT_MAX)) return false;
  out.writeInt32LE(value, off + IFR_INT[field]);
  return true;
}
export function decodeIfreqInt(field: ifreq_int_field, buf: Buffer, off = 0): number {
  return buf.readInt32LE(off + IFR_INT[field]);
}

const scratch = Buffer.alloc(S.sockaddr_storage.size);

/** Writes a sockaddr into an ifreq field (the union holds a 16-byte struct sockaddr). */
export function encodeIfreqSockaddr(field: ifreq_sockaddr_field, sa: sockaddr, out: Buffer, off = 0): boolean {
  const n = encodeSockaddr(sa, scratch);
  if (n instanceof Invalid || n > IFR_SA_LEN) return false;
  scratch.copy(out, off + IFR_SA[field], 0, IFR_SA_LEN);
  return true;
}

/** Reads a protocol address from an ifreq field (gifaddr, gifnetmask...). */
export function decodeIfreqSockaddr(field: ifreq_sockaddr_field, buf: Buffer, off = 0): sockaddr_recv {
  return decodeSockaddr(buf, off + IFR_SA[field], IFR_SA_LEN);
}

/** A hardware address as OTP's gifhwaddr gives it: the ARPHRD type as family. */
export interface hwsockaddr {
  readonly family: 'netrom' | 'ether' | 'ieee802' | 'dlci' | 'ieee1394' | 'loopback' | 'none' | number;
  readonly addr: Buffer;
}
const HW_FAMILIES: ReadonlyMap<number, hwsockaddr['family']> = new Map<number, hwsockaddr['family']>([
  [C.ARPHRD_NETROM, 'netrom'], [C.ARPHRD_ETHER, 'ether'], [C.ARPHRD_IEEE802, 'ieee802'],
  [C.ARPHRD_DLCI, 'dlci'], [C.ARPHRD_IEEE1394, 'ieee1394'], [C.ARPHRD_LOOPBACK, 'loopback'],
  [C.ARPHRD_NONE, 'none'],
]);
const SA_DATA = S.sockaddr.off.sa_data;

export function decodeIfreqHwaddr(buf: Buffer, off = 0): hwsockaddr {
  const o = off + IFR_SA.hwaddr;
  const fam = buf.readUInt16LE(o);
  return { family: HW_FAMILIES.get(fam) ?? fam, addr: Buffer.from(buf.subarray(o + SA_DATA, o + IFR_SA_LEN)) };
}

/** `ioctl_device_flag()` values Linux has. */
export type ioctl_device_flag =
  | 'up' | 'broadcast' | 'debug' | 'loopback' | 'pointopoint' | 'notrailers' | 'running'
  | 'noarp' | 'promisc' | 'allmulti' | 'master' | 'slave' | 'multicast' | 'portsel'
  | 'automedia' | 'dynamic';
const IFF: readonly (readonly [ioctl_device_flag, number])[] = [
  ['up', C.IFF_UP], ['broadcast', C.IFF_BROADCAST], ['debug', C.IFF_DEBUG],
  ['loopback', C.IFF_LOOPBACK], ['pointopoint', C.IFF_POINTOPOINT],
  ['notrailers', C.IFF_NOTRAILERS], ['running', C.IFF_RUNNING], ['noarp', C.IFF_NOARP],
  ['promisc', C.IFF_PROMISC], ['allmulti', C.IFF_ALLMULTI], ['master', C.IFF_MASTER],
  ['slave', C.IFF_SLAVE], ['multicast', C.IFF_MULTICAST], ['portsel', C.IFF_PORTSEL],
  ['automedia', C.IFF_AUTOMEDIA], ['dynamic', C.IFF_DYNAMIC],
];
const IFF_BY_NAME: ReadonlyMap<string, number> = new Map(IFF);

/** The flag word as atoms; bits Linux does not name come last, as one integer. */
export function decodeIfreqFlags(buf: Buffer, off = 0): (ioctl_device_flag | number)[] {
  let word = buf.readUInt16LE(off + IFR_FLAGS);
  const flags: (ioctl_device_flag | number)[] = [];
  for (const [name, bit] of IFF) {
    if (word & bit) {
      flags.push(name);
      word &= ~bit;
    }
  }
  if (word) flags.push(word);
  return flags;
}

/** Writes the flag word from atoms and integers; false on an unknown atom. */
export function encodeIfreqFlags(flags: readonly unknown[], out: Buffer, off = 0): boolean {
  let word = 0;
  for (const f of flags) {
    const bit = typeof f === 'string' ? IFF_BY_NAME.get(f) : inRange(f, 0, 0xffff) ? f : undefined;
    if (bit === undefined) return false;
    word |= bit;
  }
  out.writeUInt16LE(word, off + IFR_FLAGS);
  return true;
}

/** `ioctl_device_map()`, C `struct ifmap`. */
export interface ifmap {
  readonly mem_start: number;
  readonly mem_end: number;
  readonly base_addr: number;
  readonly irq: number;
  readonly dma: number;
  readonly port: number;
}
const MAP_MEM_START = fieldAt(S.ifmap, 'mem_start', 8);
const MAP_MEM_END = fieldAt(S.ifmap, 'mem_end', 8);
const MAP_BASE = fieldAt(S.ifmap, 'base_addr', 2);
const MAP_IRQ = fieldAt(S.ifmap, 'irq', 1);
const MAP_DMA = fieldAt(S.ifmap, 'dma', 1);
const MAP_PORT = fieldAt(S.ifmap, 'port', 1);

export function encodeIfreqMap(v: unknown, out: Buffer, off = 0): boolean {
  if (!isObj(v)) return false;
  const { mem_start, mem_end, base_addr, irq, dma, port } = v;
  if (!Number.isSafeInteger(mem_start) || !Number.isSafeInteger(mem_end) || (mem_start as number) < 0 || (mem_end as number) < 0) return false;
  if (!inRange(base_addr, 0, 0xffff) || !inRange(irq, 0, 255) || !inRange(dma, 0, 255) || !inRange(port, 0, 255)) return false;
  const o = off + IFR_MAP;
  out.writeBigUInt64LE(BigInt(mem_start as number), o + MAP_MEM_START);
  out.writeBigUInt64LE(BigInt(mem_end as number), o + MAP_MEM_END);
  out.writeUInt16LE(base_addr, o + MAP_BASE);
  out[o + MAP_IRQ] = irq;
  out[o + MAP_DMA] = dma;
  out[o + MAP_PORT] = port;
  return true;
}

export function decodeIfreqMap(buf: Buffer, off = 0): ifmap {
  const o = off + IFR_MAP;
  return {
    mem_start: Number(buf.readBigUInt64LE(o + MAP_MEM_START)),
    mem_end: Number(buf.readBigUInt64LE(o + MAP_MEM_END)),
    base_addr: buf.readUInt16LE(o + MAP_BASE),
    irq: buf[o + MAP_IRQ]!,
    dma: buf[o + MAP_DMA]!,
    port: buf[o + MAP_PORT]!,
  };
}

/** sizeof(struct ifconf). */
export const IFCONF_SIZE = S.ifconf.size;
const IFC_LEN = fieldAt(S.ifconf, 'ifc_len', 4);
const IFC_BUF = fieldAt(S.ifconf, 'ifc_buf', 8);

/** Points an ifconf at a buffer of `len` bytes whose address (koffi.address) is `addr`. */
export function encodeIfconf(addr: bigint, len: number, out: Buffer, off = 0): number {
  out.fill(0, off, off + IFCONF_SIZE);
  out.writeInt32LE(len, off + IFC_LEN);
  out.writeBigUInt64LE(addr, off + IFC_BUF);
  return IFCONF_SIZE;
}

/** The byte count SIOCGIFCONF filled in. */
export function decodeIfconfLen(buf: Buffer, off = 0): number {
  return buf.readInt32LE(off + IFC_LEN);
}

/** The ifreq array SIOCGIFCONF wrote, as gifconf's `[#{name, addr}]`. */
export function decodeIfconfEntries(buf: Buffer, len: number): { name: string; addr: sockaddr_recv }[] {
  const out: { name: string; addr: sockaddr_recv }[] = [];
  for (let o = 0; o + IFREQ_SIZE <= len; o += IFREQ_SIZE) {
    out.push({ name: decodeIfreqName(buf, o), addr: decodeIfreqSockaddr('addr', buf, o) });
  }
  return out;
}
