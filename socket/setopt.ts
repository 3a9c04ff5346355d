/**
 * getopt/setopt for the protocol-level options whose value is not a plain C int: the
 * multicast requests (`add_membership`, `drop_membership`, the source-specific ones,
 * `msfilter`, IPv6 memberships), `multicast_if`, `ip_tos` and the pmtudisc atoms, IPv6
 * hops, `addrform`, `linger`, the string options (`bindtodevice`, `congestion`) and the
 * get-only `domain`, `type`, `protocol`. getopt.ts hands these kinds here; values arrive
 * checked and converted by options.ts and are encoded with the ffi/structs.ts codecs.
 *
 * Results are OTP 25's: `multicast_if` reads back as an `in_addr()` (`any` is
 * `{0,0,0,0}`), `tos` and `mtu_discover` as their atoms when they name one, linger as
 * `#{onoff, linger}`. String options read back up to their first NUL (OTP 25 returns the
 * raw char list, NULs included).
 */
import type { Term } from '../runtime/term.ts';
import { posix, sys } from '../ffi/index.ts';
import { decodeInAddr, encodeInAddr } from '../ffi/sockaddr.ts';
import {
  decodeLinger, encodeIpMreq, encodeIpMreqSource, encodeIpMsfilter, encodeIpv6Mreq, encodeLinger,
} from '../ffi/structs.ts';
import { Invalid } from '../ffi/sockaddr.ts';
import { fromNative, type value_kind } from './options.ts';
import { facts } from './supports.ts';
import type { Sock } from './socket.ts';

type GetResult = readonly ['ok', Term] | readonly ['error', Term];
type SetResult = 'ok' | readonly ['error', Term];

const VAL = Buffer.alloc(1024);
const LEN = Buffer.alloc(4);

/** The kinds this module reads; getopt.ts keeps the int and boolean ones. */
export function getsHere(kind: value_kind): boolean {
  return GET_KINDS.has(kind);
}
const GET_KINDS: ReadonlySet<value_kind> = new Set<value_kind>([
  'ip_tos', 'ip_pmtudisc', 'ipv6_pmtudisc', 'multicast_if', 'ipv6_hops', 'linger', 'string',
  'domain', 'type', 'protocol',
]);

/** The kinds this module writes. */
export function setsHere(kind: value_kind): boolean {
  return SET_KINDS.has(kind);
}
const SET_KINDS: ReadonlySet<value_kind> = new Set<value_kind>([
  'ip_tos', 'ip_pmtudisc', 'ipv6_pmtudisc', 'multicast_if', 'ipv6_hops', 'linger', 'string',
  'addrform', 'ip_mreq', 'ip_mreq_source', 'ip_msfilter', 'ipv6_mreq',
]);

let protocolNames: ReadonlyMap<number, string> | undefined;

// The first name of each protocol number (`tcp` before its alias `TCP`).
function canonicalNames(protocols: ReadonlyMap<string, number>): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  for (const [name, n] of protocols) if (!out.has(n)) out.set(n, name);
  return out;
}

/** getsockopt of `native` on `s`, decoded for `kind`. */
export function getStruct(s: Sock, kind: value_kind, native: readonly [number, number]): GetResult {
  LEN.writeUInt32LE(VAL.length, 0);
  VAL.fill(0, 0, 64);
  const r = sys.getsockopt(s.fd, native[0], native[1], VAL, LEN);
  if (r < 0) return ['error', posix(r)];
  const len = LEN.readUInt32LE(0);
  switch (kind) {
    case 'multicast_if':
      return ['ok', decodeInAddr(VAL, 0)];
    case 'linger':
      return ['ok', decodeLinger(VAL) as unknown as Term];
    case 'string': {
      const end = VAL.indexOf(0);
      return ['ok', VAL.toString('utf8', 0, end < 0 || end > len ? len : end)];
    }
    case 'protocol':
      protocolNames ??= canonicalNames(facts().protocols);
      return ['ok', fromNative(kind, VAL.readInt32LE(0), protocolNames)];
    default:
      return ['ok', fromNative(kind, VAL.readInt32LE(0))];
  }
}

/** setsockopt of `native` on `s` with the converted value `v` of `kind`. */
export function setStruct(s: Sock, kind: value_kind, native: readonly [number, number], v: Term): SetResult {
  let n: number | Invalid;
  switch (kind) {
    case 'multicast_if':
      n = encodeInAddr(v, VAL, 0) ? 4 : new Invalid(v);
      break;
    case 'linger':
      n = encodeLinger(v, VAL);
      break;
    case 'string':
      n = VAL.write(v as string, 0, 'utf8');
      VAL[n++] = 0;
      break;
    case 'ip_mreq':
      n = encodeIpMreq(v, VAL);
      break;
    case 'ip_mreq_source':
      n = encodeIpMreqSource(v, VAL);
      break;
    case 'ip_msfilter':
      // `null` is no filter struct at all: the kernel's answer to an empty request.
      n = v === null ? 0 : encodeIpMsfilter(v, VAL);
      break;
    case 'ipv6_mreq':
      n = encodeIpv6Mreq(v, VAL);
      break;
    default:
      VAL.writeInt32LE(v as number, 0);
      n = 4;
  }
  if (n instanceof Invalid) return ['error', ['invalid', n.what]];
  const r = sys.setsockopt(s.fd, native[0], native[1], VAL, n);
  return r < 0 ? ['error', posix(r)] : 'ok';
}
