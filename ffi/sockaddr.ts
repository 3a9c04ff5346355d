/**
 * Socket addresses: the manual's `sockaddr()` maps to and from C `struct sockaddr_*`.
 *
 * Encoding follows OTP (prim_socket.erl plus the NIF's socket_util.c): absent
 * fields take the defaults (port 0, addr `any`, flowinfo 0, scope_id 0), extra keys
 * and bad values give an {@link Invalid} whose `what` is exactly OTP's `{invalid, What}`
 * term, the port is taken modulo 2^16 as the NIF's `htons` does, and a local path
 * gets no terminating NUL in the address length unless the caller put one there
 * (the struct is zeroed, so the kernel still sees a terminated string).
 * Decoding also follows the NIF: an address shorter than its struct comes back as
 * the native form, a local path ends at its first NUL unless it starts with one
 * (Linux's abstract names keep every byte the kernel reported).
 * `sockaddr_ll` is encoded too (bind of a packet socket), which OTP 25's NIF does
 * not do: erl answers `{invalid, {sockaddr, ...}}` for `family => packet`.
 *
 * Encoders write into a caller-supplied buffer (a reusable scratch buffer on the
 * hot path) and return the address length; decoders read from any buffer and copy
 * what they keep, so a receive buffer can be reused as soon as they return.
 * Both platforms (x64, arm64) are little-endian: `sa_family` is read as LE u16.
 */
import { Buffer } from 'node:buffer';
import { C, S, fieldAt } from './constants.ts';
import type { Term } from '../runtime/term.ts';

// ---------------------------------------------------------------------------
// Models

/** `in_addr()`: an IPv4 address as a 4-tuple of bytes. */
export type in_addr = readonly [number, number, number, number];
/** `in6_addr()`: an IPv6 address as an 8-tuple of 16-bit groups. */
export type in6_addr = readonly [number, number, number, number, number, number, number, number];
/** `port_number()`. */
export type port_number = number;

/** `sockaddr_in()`; decoded addresses always carry a tuple. */
export interface sockaddr_in {
  readonly family: 'inet';
  readonly port: port_number;
  readonly addr: in_addr | 'any' | 'broadcast' | 'loopback';
}
/** `sockaddr_in6()`; decoded addresses always carry a tuple. */
export interface sockaddr_in6 {
  readonly family: 'inet6';
  readonly port: port_number;
  readonly addr: in6_addr | 'any' | 'loopback';
  readonly flowinfo: number;
  readonly scope_id: number;
}
/** `sockaddr_un()`: `path` is a Buffer when decoded, a Buffer or string when given. */
export interface sockaddr_un {
  readonly family: 'local';
  readonly path: Buffer | string;
}
/** `packet_type()`. */
export type packet_type = 'host' | 'broadcast' | 'multicast' | 'otherhost' | 'outgoing' | 'loopback' | number;
/** `hatype()`. */
export type hatype =
  | 'netrom' | 'eether' | 'ether' | 'ax25' | 'pronet' | 'chaos' | 'ieee802' | 'arcnet'
  | 'appletlk' | 'dlci' | 'atm' | 'metricom' | 'ieee1394' | 'eui64' | 'infiniband'
  | 'tunnel' | 'tunnel6' | 'loopback' | 'localtlk' | 'none' | 'void' | number;
/** `sockaddr_ll()`. */
export interface sockaddr_ll {
  readonly family: 'packet';
  readonly protocol: number;
  readonly ifindex: number;
  readonly pkttype: packet_type;
  readonly hatype: hatype;
  readonly addr: Buffer;
}
/** `sockaddr_unspec()`. */
export interface sockaddr_unspec {
  readonly family: 'unspec';
  readonly addr: Buffer;
}
/**
 * `sockaddr_native()`. Decoding also gives this form, with the family's atom, for
 * an address too short for its struct, as the NIF does.
 */
export interface sockaddr_native {
  readonly family: number | 'inet' | 'inet6' | 'local' | 'packet';
  readonly addr: Buffer;
}
/** `sockaddr()`. */
export type sockaddr = sockaddr_in | sockaddr_in6 | sockaddr_un | sockaddr_ll | sockaddr_unspec | sockaddr_native;
/** `sockaddr_recv()`: an address that cannot even hold a family comes back as raw bytes. */
export type sockaddr_recv = sockaddr | Buffer;

/**
 * A value a codec refused. `what` is OTP's term: the socket layer returns
 * `['error', ['invalid', what]]`.
 */
export class Invalid {
  readonly _tag = 'Invalid' as const;
  constructor(readonly what: Term) {}
}

// ---------------------------------------------------------------------------
// Layout, checked against the headers (see constants.ts and its test)

const SA_FAMILY = fieldAt(S.sockaddr, 'sa_family', 2);
const SA_DATA = S.sockaddr.off.sa_data;
/** Bytes a sockaddr may take: the size of `struct sockaddr_storage`. */
export const SOCKADDR_MAX = S.sockaddr_storage.size;

const IN_PORT = fieldAt(S.sockaddr_in, 'sin_port', 2);
const IN_ADDR = fieldAt(S.sockaddr_in, 'sin_addr', 4);
const IN_SIZE = S.sockaddr_in.size;

const IN6_PORT = fieldAt(S.sockaddr_in6, 'sin6_port', 2);
const IN6_FLOW = fieldAt(S.sockaddr_in6, 'sin6_flowinfo', 4);
const IN6_ADDR = fieldAt(S.sockaddr_in6, 'sin6_addr', 16);
const IN6_SCOPE = fieldAt(S.sockaddr_in6, 'sin6_scope_id', 4);
const IN6_SIZE = S.sockaddr_in6.size;

const UN_PATH = S.sockaddr_un.off.sun_path;
/** Bytes of `sun_path` (108 on Linux). */
export const SUN_PATH_MAX = S.sockaddr_un.len.sun_path;

const LL_PROTOCOL = fieldAt(S.sockaddr_ll, 'sll_protocol', 2);
const LL_IFINDEX = fieldAt(S.sockaddr_ll, 'sll_ifindex', 4);
const LL_HATYPE = fieldAt(S.sockaddr_ll, 'sll_hatype', 2);
const LL_PKTTYPE = fieldAt(S.sockaddr_ll, 'sll_pkttype', 1);
const LL_HALEN = fieldAt(S.sockaddr_ll, 'sll_halen', 1);
const LL_ADDR = S.sockaddr_ll.off.sll_addr;
const LL_ADDR_MAX = S.sockaddr_ll.len.sll_addr;
const LL_SIZE = S.sockaddr_ll.size;

// ---------------------------------------------------------------------------
// Helpers for the socket layer

/** The addresses OTP names by atom, as tuples. */
export const IN_ADDR_ATOMS: Readonly<Record<'any' | 'broadcast' | 'loopback', in_addr>> = {
  any: [0, 0, 0, 0],
  broadcast: [255, 255, 255, 255],
  loopback: [127, 0, 0, 1],
};
/** The IPv6 addresses OTP names by atom, as tuples. */
export const IN6_ADDR_ATOMS: Readonly<Record<'any' | 'loopback', in6_addr>> = {
  any: [0, 0, 0, 0, 0, 0, 0, 0],
  loopback: [0, 0, 0, 0, 0, 0, 0, 1],
};

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
// GET_INT in the NIF: a C int.
const isCInt = (v: unknown): v is number => isInt(v) && v >= -0x8000_0000 && v <= 0x7fff_ffff;
const isUInt32 = (v: unknown): v is number => isInt(v) && v >= 0 && v <= 0xffff_ffff;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

/** Writes an `in_addr()` (tuple or atom) at `off`; false if it is not one. */
export function encodeInAddr(v: unknown, out: Buffer, off: number): boolean {
  const a = typeof v === 'string' ? IN_ADDR_ATOMS[v as keyof typeof IN_ADDR_ATOMS] : v;
  if (!Array.isArray(a) || a.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const b: unknown = a[i];
    if (!isInt(b) || b < 0 || b > 255) return false;
  }
  out[off] = a[0];
  out[off + 1] = a[1];
  out[off + 2] = a[2];
  out[off + 3] = a[3];
  return true;
}

/** Reads an `in_addr()` at `off`. */
export function decodeInAddr(buf: Buffer, off: number): in_addr {
  return [buf[off]!, buf[off + 1]!, buf[off + 2]!, buf[off + 3]!];
}

/** Writes an `in6_addr()` (tuple or atom) at `off`; false if it is not one. */
export function encodeIn6Addr(v: unknown, out: Buffer, off: number): boolean {
  const a = typeof v === 'string' ? IN6_ADDR_ATOMS[v as keyof typeof IN6_ADDR_ATOMS] : v;
  if (!Array.isArray(a) || a.length !== 8) return false;
  for (let i = 0; i < 8; i++) {
    const g: unknown = a[i];
    if (!isInt(g) || g < 0 || g > 0xffff) return false;
  }
  for (let i = 0; i < 8; i++) {
    out[off + 2 * i] = a[i] >> 8;
    out[off + 2 * i + 1] = a[i] & 0xff;
  }
  return true;
}

/** Reads an `in6_addr()` at `off`. */
export function decodeIn6Addr(buf: Buffer, off: number): in6_addr {
  return [
    u16be(buf, off), u16be(buf, off + 2), u16be(buf, off + 4), u16be(buf, off + 6),
    u16be(buf, off + 8), u16be(buf, off + 10), u16be(buf, off + 12), u16be(buf, off + 14),
  ];
}

// Byte arithmetic instead of Buffer's read/write methods, which check their arguments
// (about 15 ns a call): these run several times for every datagram sent or received.
function u16be(b: Buffer, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
function u16le(b: Buffer, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function i32le(b: Buffer, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
}
function putU16be(b: Buffer, o: number, v: number): void {
  b[o] = v >> 8;
  b[o + 1] = v & 0xff;
}
function putU16le(b: Buffer, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = v >> 8;
}
function zero(b: Buffer, from: number, to: number): void {
  for (let i = from; i < to; i++) b[i] = 0;
}

// ---------------------------------------------------------------------------
// Encoding

const FAMILY_KEYS: Readonly<Record<string, readonly string[]>> = {
  inet: ['family', 'port', 'addr'],
  inet6: ['family', 'port', 'addr', 'flowinfo', 'scope_id'],
  local: ['family', 'path'],
  packet: ['family', 'protocol', 'ifindex', 'pkttype', 'hatype', 'addr'],
  unspec: ['family', 'addr'],
  native: ['family', 'addr'],
};

const PKTTYPE_BY_ATOM: Readonly<Record<string, number>> = {
  host: C.PACKET_HOST,
  broadcast: C.PACKET_BROADCAST,
  multicast: C.PACKET_MULTICAST,
  otherhost: C.PACKET_OTHERHOST,
  outgoing: C.PACKET_OUTGOING,
  loopback: C.PACKET_LOOPBACK,
};
const HATYPE_BY_ATOM: Readonly<Record<string, number>> = {
  netrom: C.ARPHRD_NETROM, eether: C.ARPHRD_EETHER, ether: C.ARPHRD_ETHER,
  ax25: C.ARPHRD_AX25, pronet: C.ARPHRD_PRONET, chaos: C.ARPHRD_CHAOS,
  ieee802: C.ARPHRD_IEEE802, arcnet: C.ARPHRD_ARCNET, appletlk: C.ARPHRD_APPLETLK,
  dlci: C.ARPHRD_DLCI, atm: C.ARPHRD_ATM, metricom: C.ARPHRD_METRICOM,
  ieee1394: C.ARPHRD_IEEE1394, eui64: C.ARPHRD_EUI64, infiniband: C.ARPHRD_INFINIBAND,
  tunnel: C.ARPHRD_TUNNEL, tunnel6: C.ARPHRD_TUNNEL6, loopback: C.ARPHRD_LOOPBACK,
  localtlk: C.ARPHRD_LOCALTLK, none: C.ARPHRD_NONE, void: C.ARPHRD_VOID,
};
const invert = (o: Readonly<Record<string, number>>): ReadonlyMap<number, string> =>
  new Map(Object.entries(o).map(([k, v]) => [v, k]));
const PKTTYPE_ATOMS = invert(PKTTYPE_BY_ATOM);
const HATYPE_ATOMS = invert(HATYPE_BY_ATOM);

/**
 * Encodes `sa` into `out` at `off` (which needs {@link SOCKADDR_MAX} bytes) and
 * returns the address length to pass to the kernel, or what OTP calls it when invalid.
 */
export function encodeSockaddr(sa: unknown, out: Buffer, off = 0): number | Invalid {
  if (!isPlainObject(sa)) return new Invalid(['sockaddr', sa as Term]);
  const family = sa.family;
  // The common case first, without the key-list lookups (a destination per datagram).
  if (family === 'inet' && onlyInetKeys(sa)) {
    const len = encodeInet(sa, out, off);
    return len < 0 ? new Invalid(['sockaddr', sa as Term]) : len;
  }
  if (family === undefined) return new Invalid(['sockaddr', 'family', sa as Term]);
  const kind = isInt(family) ? 'native' : typeof family === 'string' ? family : '';
  const keys = FAMILY_KEYS[kind];
  if (keys === undefined) return new Invalid(['sockaddr', sa as Term]);
  if (kind === 'local') {
    const p = sa.path;
    const ok =
      (typeof p === 'string' && [...p].length <= 255) || (Buffer.isBuffer(p) && p.length <= 255);
    if (!ok) return new Invalid(['sockaddr', 'path', sa as Term]);
  }
  // The list of extra keys is only built when there is one.
  for (const k in sa) {
    if (!keys.includes(k)) {
      const extra = Object.keys(sa).filter((x) => !keys.includes(x));
      return new Invalid(['sockaddr', ['keys', extra], sa as Term]);
    }
  }
  const len = encodeKnown(kind, sa, out, off);
  return len < 0 ? new Invalid(['sockaddr', sa as Term]) : len;
}

function onlyInetKeys(sa: Record<string, unknown>): boolean {
  for (const k in sa) if (k !== 'family' && k !== 'port' && k !== 'addr') return false;
  return true;
}

function encodeInet(sa: Record<string, unknown>, out: Buffer, off: number): number {
  const port = sa.port ?? 0;
  if (!isCInt(port)) return -1;
  zero(out, off, off + IN_SIZE);
  if (!encodeInAddr(sa.addr ?? 'any', out, off + IN_ADDR)) return -1;
  putU16le(out, off + SA_FAMILY, C.AF_INET);
  putU16be(out, off + IN_PORT, port & 0xffff);
  return IN_SIZE;
}

/** The per-family encoders; -1 when a value is bad. */
function encodeKnown(kind: string, sa: Record<string, unknown>, out: Buffer, off: number): number {
  switch (kind) {
    case 'inet':
      return encodeInet(sa, out, off);
    case 'inet6': {
      const port = sa.port ?? 0;
      const flowinfo = sa.flowinfo ?? 0;
      const scope = sa.scope_id ?? 0;
      if (!isCInt(port) || !isUInt32(flowinfo) || !isUInt32(scope)) return -1;
      zero(out, off, off + IN6_SIZE);
      if (!encodeIn6Addr(sa.addr ?? 'any', out, off + IN6_ADDR)) return -1;
      putU16le(out, off + SA_FAMILY, C.AF_INET6);
      putU16be(out, off + IN6_PORT, port & 0xffff);
      // flowinfo and scope_id are stored as given, as the NIF does (no htonl).
      out.writeUInt32LE(flowinfo, off + IN6_FLOW);
      out.writeUInt32LE(scope, off + IN6_SCOPE);
      return IN6_SIZE;
    }
    case 'local': {
      const p = sa.path as Buffer | string;
      const path = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
      // Room for a terminating NUL, except for an abstract name (leading NUL byte).
      const need = path.length + (path.length > 0 && path[0] === 0 ? 0 : 1);
      if (need > SUN_PATH_MAX) return -1;
      out.fill(0, off, off + UN_PATH + SUN_PATH_MAX);
      out.writeUInt16LE(C.AF_UNIX, off + SA_FAMILY);
      path.copy(out, off + UN_PATH);
      return UN_PATH + path.length;
    }
    case 'packet': {
      const { protocol = 0, ifindex = 0, pkttype = 'host', hatype = 0, addr = Buffer.alloc(0) } = sa;
      const pt = typeof pkttype === 'string' ? PKTTYPE_BY_ATOM[pkttype] : pkttype;
      const ht = typeof hatype === 'string' ? HATYPE_BY_ATOM[hatype] : hatype;
      if (!isInt(protocol) || protocol < 0 || protocol > 0xffff || !isCInt(ifindex)) return -1;
      if (!isInt(pt) || pt < 0 || pt > 0xff || !isInt(ht) || ht < 0 || ht > 0xffff) return -1;
      if (!Buffer.isBuffer(addr) || addr.length > LL_ADDR_MAX) return -1;
      out.fill(0, off, off + LL_SIZE);
      out.writeUInt16LE(C.AF_PACKET, off + SA_FAMILY);
      out.writeUInt16BE(protocol, off + LL_PROTOCOL);
      out.writeInt32LE(ifindex, off + LL_IFINDEX);
      out.writeUInt16LE(ht, off + LL_HATYPE);
      out[off + LL_PKTTYPE] = pt;
      out[off + LL_HALEN] = addr.length;
      addr.copy(out, off + LL_ADDR);
      return LL_SIZE;
    }
    default: {
      // unspec and native: family number plus the raw bytes of sa_data.
      const fam = kind === 'unspec' ? C.AF_UNSPEC : (sa.family as number);
      const addr = sa.addr ?? Buffer.alloc(0);
      if (!Buffer.isBuffer(addr) || addr.length > SOCKADDR_MAX - SA_DATA) return -1;
      if (fam < 0 || fam > 0xffff) return -1;
      out.fill(0, off, off + SOCKADDR_MAX);
      out.writeUInt16LE(fam, off + SA_FAMILY);
      addr.copy(out, off + SA_DATA);
      return SA_DATA + addr.length;
    }
  }
}

// ---------------------------------------------------------------------------
// Decoding

/**
 * Decodes the `len` bytes at `off` that the kernel reported as an address
 * (recvfrom, accept, getsockname...). Never aliases `buf`.
 */
export function decodeSockaddr(buf: Buffer, off: number, len: number): sockaddr_recv {
  if (len < SA_DATA) return Buffer.from(buf.subarray(off, off + Math.max(len, 0)));
  const family = u16le(buf, off + SA_FAMILY);
  switch (family) {
    case C.AF_INET:
      if (len < IN_SIZE) return native('inet', buf, off, len);
      return { family: 'inet', port: u16be(buf, off + IN_PORT), addr: decodeInAddr(buf, off + IN_ADDR) };
    case C.AF_INET6:
      if (len < IN6_SIZE) return native('inet6', buf, off, len);
      return {
        family: 'inet6',
        port: u16be(buf, off + IN6_PORT),
        addr: decodeIn6Addr(buf, off + IN6_ADDR),
        flowinfo: buf.readUInt32LE(off + IN6_FLOW),
        scope_id: buf.readUInt32LE(off + IN6_SCOPE),
      };
    case C.AF_UNIX: {
      const n = Math.min(len, UN_PATH + SUN_PATH_MAX) - UN_PATH;
      const start = off + UN_PATH;
      let m = buf.indexOf(0, start);
      m = m < 0 || m >= start + n ? n : m - start;
      // A path starting with NUL is Linux's abstract name: keep all n bytes.
      return { family: 'local', path: Buffer.from(buf.subarray(start, start + (m === 0 ? n : m))) };
    }
    case C.AF_PACKET: {
      if (len < LL_SIZE) return native('packet', buf, off, len);
      const pkttype = buf[off + LL_PKTTYPE]!;
      const hatype = buf.readUInt16LE(off + LL_HATYPE);
      const halen = Math.min(buf[off + LL_HALEN]!, LL_ADDR_MAX);
      return {
        family: 'packet',
        protocol: buf.readUInt16BE(off + LL_PROTOCOL),
        ifindex: buf.readInt32LE(off + LL_IFINDEX),
        pkttype: (PKTTYPE_ATOMS.get(pkttype) as packet_type | undefined) ?? pkttype,
        hatype: (HATYPE_ATOMS.get(hatype) as hatype | undefined) ?? hatype,
        addr: Buffer.from(buf.subarray(off + LL_ADDR, off + LL_ADDR + halen)),
      };
    }
    case C.AF_UNSPEC:
      return { family: 'unspec', addr: Buffer.from(buf.subarray(off + SA_DATA, off + len)) };
    default:
      return native(family, buf, off, len);
  }
}

// The last IPv4 source decodeSource made, by its first 8 bytes (family, port, address).
let lastInet: sockaddr_in | null = null;
let lastLo = 0;
let lastHi = 0;

/**
 * {@link decodeSockaddr} for the source of a received message. A receiver hears most
 * datagrams from the peer it heard last, and a term is immutable, so an IPv4 source equal
 * to the previous one comes back as the same frozen map instead of a new one.
 */
export function decodeSource(buf: Buffer, off: number, len: number): sockaddr_recv {
  if (len !== IN_SIZE || u16le(buf, off + SA_FAMILY) !== C.AF_INET) return decodeSockaddr(buf, off, len);
  const lo = i32le(buf, off);
  const hi = i32le(buf, off + 4);
  if (lastInet !== null && lo === lastLo && hi === lastHi) return lastInet;
  const sa = decodeSockaddr(buf, off, len) as sockaddr_in;
  Object.freeze(sa.addr);
  lastInet = Object.freeze(sa);
  lastLo = lo;
  lastHi = hi;
  return sa;
}

function native(family: sockaddr_native['family'], buf: Buffer, off: number, len: number): sockaddr_native {
  return { family, addr: Buffer.from(buf.subarray(off + SA_DATA, off + len)) };
}
