/**
 * ioctl/2,3,4: socket and network-device requests.
 *
 * Get requests: `gifconf`, `nread`, `nwrite`, `atmark` (ioctl/2) and the per-interface
 * `gifname` (by index), `gifindex`, `gifaddr`, `gifdstaddr`, `gifbrdaddr`, `gifnetmask`,
 * `gifhwaddr`, `gifmtu`, `giftxqlen`, `gifflags` (ioctl/3, by name). Set requests
 * (ioctl/4, by name): `sifflags` with `#{Flag => boolean()}` (read, changed, written
 * back), `sifaddr`, `sifdstaddr`, `sifbrdaddr`, `sifnetmask`, `sifhwaddr` with a
 * `sockaddr()`, `sifmtu`, `siftxqlen` with an integer. `nspace` and `tcp_info` are
 * requests of the manual that Linux has no ioctl for: `{error, enotsup}`, and
 * `is_supported(ioctl_requests, R)` says false. An unknown request or a badly typed
 * argument is `badarg`, as in OTP. The kernel's answer is returned as a posix error.
 */
import { C, posix, sys } from '../ffi/index.ts';
import { encodeIovec } from '../ffi/msghdr.ts';
import type { sockaddr, sockaddr_recv } from '../ffi/sockaddr.ts';
import {
  IFREQ_SIZE, decodeIfconfEntries, decodeIfconfLen, decodeIfreqFlags, decodeIfreqHwaddr, decodeIfreqInt,
  decodeIfreqName, decodeIfreqSockaddr, encodeIfconf, encodeIfreqFlags, encodeIfreqInt, encodeIfreqName,
  encodeIfreqSockaddr, IFCONF_SIZE, type hwsockaddr, type ifreq_int_field, type ifreq_sockaddr_field,
  type ioctl_device_flag,
} from '../ffi/structs.ts';
import { badarg, type Term } from '../runtime/term.ts';
import { sockOf, type Sock } from './socket.ts';

/** `ioctl/2` requests. */
export type ioctl_get_request2 = 'gifconf' | 'nread' | 'nwrite' | 'nspace' | 'atmark' | 'tcp_info';
/** `ioctl/3` get requests. */
export type ioctl_get_request3 =
  | 'gifname' | 'gifindex' | 'gifaddr' | 'gifdstaddr' | 'gifbrdaddr' | 'gifnetmask' | 'gifhwaddr'
  | 'gifmtu' | 'giftxqlen' | 'gifflags';
/** `ioctl/4` set requests. */
export type ioctl_set_request =
  | 'sifflags' | 'sifaddr' | 'sifdstaddr' | 'sifbrdaddr' | 'sifnetmask' | 'sifhwaddr' | 'sifmtu' | 'siftxqlen';

type Result<T> = readonly ['ok', T] | readonly ['error', Term];

const IFR = Buffer.alloc(IFREQ_SIZE);
const INT = Buffer.alloc(4);

/** The address of a Buffer, as the iovec encoder of ffi/msghdr.ts writes it (iov_base is first). */
function addressOf(b: Buffer): bigint {
  const iov = Buffer.alloc(16);
  encodeIovec([b], iov);
  return iov.readBigUInt64LE(0);
}

function liveSock(sock: unknown): Sock | undefined {
  const s = sockOf(sock);
  return s.closed ? undefined : s;
}

/** `ioctl/2`. */
export function ioctl2(sock: unknown, req: unknown): Result<Term> {
  const s = sockOf(sock);
  switch (req) {
    case 'gifconf':
      return s.closed ? ['error', 'closed'] : gifconf(s);
    case 'nread':
    case 'nwrite':
    case 'atmark': {
      if (s.closed) return ['error', 'closed'];
      const code = req === 'nread' ? C.SIOCINQ : req === 'nwrite' ? C.SIOCOUTQ : C.SIOCATMARK;
      INT.writeInt32LE(0, 0);
      const r = sys.ioctl(s.fd, code, INT);
      if (r < 0) return ['error', posix(r)];
      const n = INT.readInt32LE(0);
      return ['ok', req === 'atmark' ? n !== 0 : n];
    }
    case 'nspace':
    case 'tcp_info':
      return s.closed ? ['error', 'closed'] : ['error', 'enotsup'];
    default:
      return badarg();
  }
}

function gifconf(s: Sock): Result<Term> {
  // Ask with room for 64 interfaces and double until the kernel leaves some unused.
  for (let room = 64 * IFREQ_SIZE; ; room *= 2) {
    const buf = Buffer.alloc(room);
    const ifc = Buffer.alloc(IFCONF_SIZE);
    encodeIfconf(addressOf(buf), room, ifc);
    const r = sys.ioctl(s.fd, C.SIOCGIFCONF, ifc);
    if (r < 0) return ['error', posix(r)];
    const len = decodeIfconfLen(ifc);
    if (len < room) return ['ok', decodeIfconfEntries(buf, len) as unknown as Term];
  }
}

const SA_GETS: Readonly<Record<string, readonly [number, ifreq_sockaddr_field]>> = {
  gifaddr: [C.SIOCGIFADDR, 'addr'],
  gifdstaddr: [C.SIOCGIFDSTADDR, 'dstaddr'],
  gifbrdaddr: [C.SIOCGIFBRDADDR, 'broadaddr'],
  gifnetmask: [C.SIOCGIFNETMASK, 'netmask'],
};
const INT_GETS: Readonly<Record<string, readonly [number, ifreq_int_field]>> = {
  gifindex: [C.SIOCGIFINDEX, 'ifindex'],
  gifmtu: [C.SIOCGIFMTU, 'mtu'],
  giftxqlen: [C.SIOCGIFTXQLEN, 'qlen'],
};

/** The ifreq for interface `name`; `badarg` for a name that is not a string or does not fit. */
function ifreqOf(name: unknown): Buffer {
  if (typeof name !== 'string' || !encodeIfreqName(name, IFR)) return badarg();
  return IFR;
}

/** `ioctl/3`: a get request about one interface. */
export function ioctl3(sock: unknown, req: unknown, key: unknown): Result<string | number | sockaddr_recv | hwsockaddr | (ioctl_device_flag | number)[]> {
  const s0 = sockOf(sock);
  if (req === 'gifname') {
    if (typeof key !== 'number' || !Number.isInteger(key)) return badarg();
    if (s0.closed) return ['error', 'closed'];
    IFR.fill(0);
    encodeIfreqInt('ifindex', key, IFR);
    const r = sys.ioctl(s0.fd, C.SIOCGIFNAME, IFR);
    return r < 0 ? ['error', posix(r)] : ['ok', decodeIfreqName(IFR)];
  }
  const sa = typeof req === 'string' ? SA_GETS[req] : undefined;
  const int = typeof req === 'string' ? INT_GETS[req] : undefined;
  if (sa === undefined && int === undefined && req !== 'gifhwaddr' && req !== 'gifflags') return badarg();
  const ifr = ifreqOf(key);
  const s = liveSock(sock);
  if (s === undefined) return ['error', 'closed'];
  const code = sa?.[0] ?? int?.[0] ?? (req === 'gifhwaddr' ? C.SIOCGIFHWADDR : C.SIOCGIFFLAGS);
  const r = sys.ioctl(s.fd, code, ifr);
  if (r < 0) return ['error', posix(r)];
  if (sa !== undefined) return ['ok', decodeIfreqSockaddr(sa[1], ifr)];
  if (int !== undefined) return ['ok', decodeIfreqInt(int[1], ifr)];
  if (req === 'gifhwaddr') return ['ok', decodeIfreqHwaddr(ifr)];
  return ['ok', decodeIfreqFlags(ifr)];
}

const SA_SETS: Readonly<Record<string, readonly [number, ifreq_sockaddr_field]>> = {
  sifaddr: [C.SIOCSIFADDR, 'addr'],
  sifdstaddr: [C.SIOCSIFDSTADDR, 'dstaddr'],
  sifbrdaddr: [C.SIOCSIFBRDADDR, 'broadaddr'],
  sifnetmask: [C.SIOCSIFNETMASK, 'netmask'],
  sifhwaddr: [C.SIOCSIFHWADDR, 'hwaddr'],
};
const INT_SETS: Readonly<Record<string, readonly [number, ifreq_int_field]>> = {
  sifmtu: [C.SIOCSIFMTU, 'mtu'],
  siftxqlen: [C.SIOCSIFTXQLEN, 'qlen'],
};

/** `ioctl/4`: a set request on interface `name`. */
export function ioctl4(sock: unknown, req: unknown, name: unknown, value: unknown): 'ok' | readonly ['error', Term] {
  sockOf(sock);
  const sa = typeof req === 'string' ? SA_SETS[req] : undefined;
  const int = typeof req === 'string' ? INT_SETS[req] : undefined;
  if (sa === undefined && int === undefined && req !== 'sifflags') return badarg();
  const ifr = ifreqOf(name);
  let code: number;
  if (sa !== undefined) {
    if (typeof value !== 'object' || value === null || !encodeIfreqSockaddr(sa[1], value as sockaddr, ifr)) return badarg();
    code = sa[0];
  } else if (int !== undefined) {
    if (!encodeIfreqInt(int[1], value, ifr)) return badarg();
    code = int[0];
  } else {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return badarg();
    const changes = Object.entries(value as Record<string, unknown>);
    if (changes.some(([f, on]) => typeof on !== 'boolean' || !encodeIfreqFlags([f], IFR_CHECK))) return badarg();
    code = C.SIOCSIFFLAGS;
  }
  const s = liveSock(sock);
  if (s === undefined) return ['error', 'closed'];
  if (code === C.SIOCSIFFLAGS) {
    const r = sys.ioctl(s.fd, C.SIOCGIFFLAGS, ifr);
    if (r < 0) return ['error', posix(r)];
    const flags = new Set<unknown>(decodeIfreqFlags(ifr));
    for (const [f, on] of Object.entries(value as Record<string, boolean>)) {
      if (on) flags.add(f);
      else flags.delete(f);
    }
    encodeIfreqFlags([...flags], ifr);
  }
  const r = sys.ioctl(s.fd, code, ifr);
  return r < 0 ? ['error', posix(r)] : 'ok';
}

// Only checks that a flag atom is known; its contents are never used.
const IFR_CHECK = Buffer.alloc(IFREQ_SIZE);
