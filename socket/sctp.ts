/**
 * The SCTP surface of the manual: bind/3 (`add`/`remove` an address list), connect/2,3
 * with an address list, peeloff/2,3, peernames/2 and socknames/2.
 *
 * Arguments are checked as OTP checks them (a bad `Action` or a non-list is `badarg`, a
 * bad address raises `{invalid, {sockaddr, A}}`). Beyond that, these calls need a
 * kernel with SCTP: without it no SCTP socket can be opened (`open(inet, seqpacket,
 * sctp)` is `{error, esocktnosupport}`), and OTP, whose native side then lacks the
 * calls, raises `error:notsup` for each, which is what beamlet does. The struct codecs
 * these calls and the sctp options would use (ffi/sctp.ts) are tested on their own.
 */
import { ErlangError, badarg } from '../runtime/term.ts';
import { encodeSockaddr, Invalid, SOCKADDR_MAX, type sockaddr_in, type sockaddr_in6 } from '../ffi/sockaddr.ts';
import { checkTimeout, raiseInvalid } from './args.ts';
import { sockOf } from './socket.ts';
import type { Term } from '../runtime/term.ts';

/** `sctp_assoc_id()`. */
export type sctp_assoc_id = number;

const SCRATCH = Buffer.alloc(SOCKADDR_MAX);

/** An SCTP address list: each a sockaddr_in or sockaddr_in6, else `{invalid, {sockaddr, A}}` raised. */
function checkAddrs(addrs: unknown): readonly (sockaddr_in | sockaddr_in6)[] {
  if (!Array.isArray(addrs)) return badarg();
  for (const a of addrs) {
    if (typeof a !== 'object' || a === null || Array.isArray(a) || encodeSockaddr(a, SCRATCH) instanceof Invalid) {
      raiseInvalid(['sockaddr', a as Term]);
    }
  }
  return addrs as (sockaddr_in | sockaddr_in6)[];
}

function checkAssocId(id: unknown): number {
  return typeof id === 'number' && Number.isInteger(id) ? id : badarg();
}

/** What OTP's native side raises for a call it was built without. */
function notsup(): never {
  throw new ErlangError('notsup');
}

/** `bind/3`. */
export function bind3(sock: unknown, addrs: unknown, action: unknown): never {
  sockOf(sock);
  if (action !== 'add' && action !== 'remove') return badarg();
  checkAddrs(addrs);
  return notsup();
}

/** `connect/2,3` with an address list. */
export function connectList(sock: unknown, addrs: unknown, timeout: unknown): never {
  sockOf(sock);
  checkAddrs(addrs);
  checkTimeout(timeout);
  return notsup();
}

/** `peeloff/2,3`. */
export function peeloff(sock: unknown, assocId: unknown, inheritOpts: unknown): never {
  sockOf(sock);
  checkAssocId(assocId);
  if (!Array.isArray(inheritOpts)) return badarg();
  return notsup();
}

/** `peernames/2` and `socknames/2`. */
export function names(sock: unknown, assocId: unknown): never {
  sockOf(sock);
  checkAssocId(assocId);
  return notsup();
}
