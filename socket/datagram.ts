/**
 * Datagrams with addresses: sendto/3,4,5 and recvfrom/1,2,3,4.
 *
 * recvfrom reads one message with recvfrom(2) into a shared buffer and copies out what
 * arrived, truncated to `BufSz` as the kernel truncates it (a `BufSz` of 0 takes the
 * size of `{otp, rcvbuf}`); the source comes back as a `sockaddr_recv()`, an unnamed
 * unix peer as OTP 25 shows it, `#{family => unspec, addr => <<>>}`. sendto passes the
 * caller's Buffer to the kernel with no copy; a select's tag carries the checked
 * destination and flags, so a continuation call need not check them again.
 */
import { C, ERRNO, posix, sys } from '../ffi/index.ts';
import { SOCKADDR_MAX, decodeSockaddr, encodeSockaddr, type sockaddr, type sockaddr_recv } from '../ffi/sockaddr.ts';
import { encodeMsgFlags } from '../ffi/msghdr.ts';
import { badarg, type Term } from '../runtime/term.ts';
import { checkData, checkRecvArgs, checkSendtoArgs, checkTimeout, isFail } from './args.ts';
import { AGAIN, readOp, writeOp, type ReadWaits, type WriteWaits } from './ops.ts';
import { sockOf, type Sock } from './socket.ts';
import type { select_info, timeout_or_handle } from './types.ts';

/** What recvfrom returns. */
export type RecvfromResult = readonly ['ok', readonly [sockaddr_recv, Buffer]] | ReadWaits<readonly [sockaddr_recv, Buffer]>;
/** What sendto returns. */
export type SendtoResult = 'ok' | readonly ['ok', Buffer] | WriteWaits;

type Gen<R> = Generator<unknown, R, unknown>;

/** The native flag word of a checked flag list (`nosignal` included). */
export function flagWord(flags: readonly unknown[]): number {
  let n = 0;
  for (const f of flags) n |= f === 'nosignal' ? C.MSG_NOSIGNAL : encodeMsgFlags([f]) ?? 0;
  return n;
}

/** True for a select info whose tag is `[op, data]`: the `Cont` argument of a send. */
export function isContOf(v: unknown, op: string): v is select_info {
  if (!Array.isArray(v) || v.length !== 3 || v[0] !== 'select_info') return false;
  const tag: unknown = v[1];
  if (!Array.isArray(tag) || tag.length !== 2 || tag[0] !== op) return badarg();
  return true;
}

// One receive buffer and one name buffer for every socket, as in transfer.ts: each
// read copies out what it got before returning.
const RBUF_SIZE = 65536;
const RBUF = Buffer.allocUnsafe(RBUF_SIZE);
const NAME = Buffer.alloc(SOCKADDR_MAX);
const NAMELEN = Buffer.alloc(4);
const EMPTY = Buffer.alloc(0);

/** A received source address; an unnamed unix socket is OTP's `#{family => unspec, addr => <<>>}`. */
export function sourceOf(buf: Buffer, off: number, len: number): sockaddr_recv {
  if (len <= 2) return { family: 'unspec', addr: EMPTY };
  return decodeSockaddr(buf, off, len);
}

// ---------------------------------------------------------------------------
// recvfrom

/** `recvfrom/4` with the arguments as given. */
export function* recvfrom(sock: unknown, bufSz: unknown, flags: unknown, timeout: unknown): Gen<RecvfromResult> {
  const a = checkRecvArgs(sock, bufSz, flags, timeout);
  if (isFail(a)) return a;
  const s = sockOf(a.socket);
  const fl = flagWord(a.flags);
  const want = a.length === 0 ? s.rcvbufSize : a.length;
  return yield* readOp(s, 'recvfrom', a.timeout, recvfromOnce, want, fl);
}

function recvfromOnce(s: Sock, want: number, flags: number): readonly ['ok', readonly [sockaddr_recv, Buffer]] | readonly ['error', Term] | typeof AGAIN {
  const c = s.counters;
  const buf = want <= RBUF_SIZE ? RBUF : Buffer.allocUnsafe(want);
  NAMELEN.writeUInt32LE(SOCKADDR_MAX, 0);
  c.read_tries++;
  const n = sys.recvfrom(s.fd, buf, want, flags, NAME, NAMELEN);
  if (n === -ERRNO.EAGAIN) return AGAIN;
  if (n < 0) {
    c.read_fails++;
    return ['error', posix(n)];
  }
  if (n === 0 && s.type === 'stream') return ['error', 'closed'];
  // With MSG_TRUNC the kernel reports the datagram's full length; the data is what fit.
  const got = Math.min(n, want);
  let data: Buffer;
  if (buf === RBUF) {
    data = Buffer.allocUnsafe(got);
    RBUF.copy(data, 0, 0, got);
  } else data = got === buf.length ? buf : buf.subarray(0, got);
  c.read_byte += got;
  c.read_pkg++;
  if (got > c.read_pkg_max) c.read_pkg_max = got;
  return ['ok', [sourceOf(NAME, 0, Math.min(NAMELEN.readUInt32LE(0), SOCKADDR_MAX)), data]];
}

// ---------------------------------------------------------------------------
// sendto

const NOSIGNAL = C.MSG_NOSIGNAL;

/** The checked destination and native flags of a sendto, kept in its select tag. */
interface Dest {
  readonly addr: sockaddr;
  readonly flags: number;
}

// The destination is encoded into one shared buffer at each call (a checked address
// always encodes): cheaper than a Buffer per call, and nothing runs in between.
const DEST = Buffer.alloc(SOCKADDR_MAX);

/**
 * `sendto/5` with the arguments as given: `destOrCont` is a `sockaddr()` or the select
 * info of an earlier nowait sendto (then `flags` is ignored).
 */
export function* sendto(sock: unknown, data: unknown, destOrCont: unknown, flags: unknown, timeout: unknown): Gen<SendtoResult> {
  let s: Sock;
  let buf: Buffer;
  let dest: Dest;
  let t: timeout_or_handle;
  if (isContOf(destOrCont, 'sendto')) {
    s = sockOf(sock);
    buf = checkData(data);
    t = checkTimeout(timeout);
    dest = (destOrCont[1] as unknown as readonly [string, Dest])[1];
  } else {
    const a = checkSendtoArgs(sock, data, destOrCont, flags, timeout);
    if (isFail(a)) return a;
    s = sockOf(a.socket);
    buf = a.data;
    t = a.timeout;
    dest = { addr: a.dest, flags: flagWord(a.flags) | NOSIGNAL };
  }
  let rest = buf;
  let sent = false;
  const stream = s.type === 'stream';
  const c = s.counters;
  return yield* writeOp<'ok' | readonly ['ok', Buffer] | readonly ['error', Term]>(s, ['sendto', dest as unknown as Term], t, {
    attempt() {
      const namelen = encodeSockaddr(dest.addr, DEST) as number;
      for (;;) {
        c.write_tries++;
        const n = sys.sendto(s.fd, rest, rest.length, dest.flags, DEST, namelen);
        if (n === -ERRNO.EAGAIN) return AGAIN;
        if (n < 0) {
          c.write_fails++;
          return sent ? ['error', [posix(n), rest]] : ['error', posix(n)];
        }
        c.write_byte += n;
        if (n === rest.length) {
          c.write_pkg++;
          if (buf.length > c.write_pkg_max) c.write_pkg_max = buf.length;
          return 'ok';
        }
        rest = rest.subarray(n);
        if (!stream) return ['ok', rest];
        sent ||= n > 0;
      }
    },
    partial: () => (sent ? rest : undefined),
  });
}
