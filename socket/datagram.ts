/**
 * Datagrams with addresses: sendto/3,4,5 and recvfrom/1,2,3,4.
 *
 * recvfrom reads one message with recvfrom(2) into a shared slab and returns a view of
 * what arrived, truncated to `BufSz` as the kernel truncates it (a `BufSz` of 0 takes the
 * size of `{otp, rcvbuf}`); the source comes back as a `sockaddr_recv()`, an unnamed
 * unix peer as OTP 25 shows it, `#{family => unspec, addr => <<>>}`. sendto passes the
 * caller's Buffer to the kernel with no copy; a select's tag carries the checked
 * destination and flags, so a continuation call need not check them again.
 */
import { C, ERRNO, posix, sys } from '../ffi/index.ts';
import { Buffer } from 'node:buffer';
import { SOCKADDR_MAX, decodeSource, encodeSockaddr, type sockaddr, type sockaddr_recv } from '../ffi/sockaddr.ts';
import { encodeMsgFlags } from '../ffi/msghdr.ts';
import { makeRef } from '../runtime/process.ts';
import { badarg, type Ref, type Term } from '../runtime/term.ts';
import { checkData, checkLength, checkMsgFlags, checkSendtoArgs, checkTimeout, fail, isFail, raiseInvalid } from './args.ts';
import { NEVER, SELECTED, TIMED_OUT, caller, deadlineOf, giveUp, handleOf, isAsync, outcome, selectInfo, waitSelect } from './async.ts';
import { AGAIN, readOp, type ReadWaits, type WriteWaits } from './ops.ts';
import { SLAB_READ_MAX, slabRoom, slabTake } from './slab.ts';
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

// One fixed area for the source name and its length (recvfrom) and the encoded
// destination (sendto): each call is done with it before it returns. Larger than 64
// bytes, so V8 keeps it off its heap and its address never changes.
const AREA = Buffer.allocUnsafeSlow(2 * SOCKADDR_MAX + 8);
const AREA_AT = sys.addressOf(AREA);
const NAME = AREA.subarray(0, SOCKADDR_MAX);
const NAMELEN_OFF = SOCKADDR_MAX;
const NAMELEN = new Uint32Array(AREA.buffer, AREA.byteOffset + NAMELEN_OFF, 1);
const DEST_OFF = SOCKADDR_MAX + 8;
const DEST = AREA.subarray(DEST_OFF, DEST_OFF + SOCKADDR_MAX);
const DEST_AT = AREA_AT + DEST_OFF;
const EMPTY = Buffer.alloc(0);

/** A received source address; an unnamed unix socket is OTP's `#{family => unspec, addr => <<>>}`. */
export function sourceOf(buf: Buffer, off: number, len: number): sockaddr_recv {
  if (len <= 2) return { family: 'unspec', addr: EMPTY };
  return decodeSource(buf, off, len);
}

// ---------------------------------------------------------------------------
// recvfrom

/** A generator that returns `v` at once: a call refused before it starts. */
function* refused<R>(v: R): Gen<R> {
  return v;
}

/**
 * `recvfrom/4` with the arguments as given. Not a generator itself: it checks, then hands
 * back readOp's, so a datagram resumes one generator less.
 */
export function recvfrom(sock: unknown, bufSz: unknown, flags: unknown, timeout: unknown): Gen<RecvfromResult> {
  // checkRecvArgs's order, without the object it returns: socket, BufSz, the flag
  // list's type, the time-out, then the flags.
  const s = sockOf(sock);
  const length = checkLength(bufSz);
  if (!Array.isArray(flags)) return badarg();
  const t = checkTimeout(timeout);
  const f = checkMsgFlags(flags);
  if (isFail(f)) return refused(f);
  const want = length === 0 ? s.rcvbufSize : length;
  return readOp(s, 'recvfrom', t, recvfromOnce, want, f.length === 0 ? 0 : flagWord(f));
}

function recvfromOnce(s: Sock, want: number, flags: number): readonly ['ok', readonly [sockaddr_recv, Buffer]] | readonly ['error', Term] | typeof AGAIN {
  const c = s.counters;
  NAMELEN[0] = SOCKADDR_MAX;
  c.read_tries++;
  let n: number;
  let own: Buffer | null = null;
  if (want <= SLAB_READ_MAX) n = sys.recvfrom_at(s.fd, slabRoom(want), want, flags, AREA_AT, AREA_AT + NAMELEN_OFF);
  else {
    own = Buffer.allocUnsafe(want);
    n = sys.recvfrom(s.fd, own, want, flags, NAME, AREA.subarray(NAMELEN_OFF, NAMELEN_OFF + 4));
  }
  if (n === -ERRNO.EAGAIN) return AGAIN;
  if (n < 0) {
    c.read_fails++;
    return ['error', posix(n)];
  }
  if (n === 0 && s.type === 'stream') return ['error', 'closed'];
  // With MSG_TRUNC the kernel reports the datagram's full length; the data is what fit.
  const got = n < want ? n : want;
  const data = own === null ? slabTake(got) : got === want ? own : own.subarray(0, got);
  c.read_byte += got;
  c.read_pkg++;
  if (got > c.read_pkg_max) c.read_pkg_max = got;
  const namelen = NAMELEN[0]!;
  return ['ok', [sourceOf(NAME, 0, namelen < SOCKADDR_MAX ? namelen : SOCKADDR_MAX), data]];
}

// ---------------------------------------------------------------------------
// sendto

const NOSIGNAL = C.MSG_NOSIGNAL;

/** The checked destination and native flags of a sendto, kept in its select tag. */
interface Dest {
  readonly addr: sockaddr;
  readonly flags: number;
}

/**
 * `sendto/5` with the arguments as given: `destOrCont` is a `sockaddr()` or the select
 * info of an earlier nowait sendto (then `flags` is ignored).
 *
 * One generator with the wait loop inline, as send's in transfer.ts: a datagram costs
 * no closure and no object beyond the result. The destination is encoded into the
 * shared area once, and again only after a wait (another call may have used it).
 */
export function* sendto(sock: unknown, data: unknown, destOrCont: unknown, flags: unknown, timeout: unknown): Gen<SendtoResult> {
  let s: Sock;
  let buf: Buffer;
  let addr: sockaddr;
  let native: number;
  let t: timeout_or_handle;
  let namelen: number;
  if (isContOf(destOrCont, 'sendto')) {
    s = sockOf(sock);
    buf = checkData(data);
    t = checkTimeout(timeout);
    const d = (destOrCont[1] as unknown as readonly [string, Dest])[1];
    addr = d.addr;
    native = d.flags;
    namelen = encodeSockaddr(addr, DEST) as number;
  } else if (Buffer.isBuffer(data) && Array.isArray(flags) && isMap(destOrCont)) {
    // checkSendtoArgs's order with nothing to convert: socket, time-out, flags, then the
    // destination, encoded once to check it and to send to it.
    s = sockOf(sock);
    buf = data;
    t = checkTimeout(timeout);
    const f = checkMsgFlags(flags);
    if (isFail(f)) return f;
    const len = encodeSockaddr(destOrCont, DEST);
    if (typeof len !== 'number') return fail(len.what);
    addr = destOrCont as unknown as sockaddr;
    native = (f.length === 0 ? 0 : flagWord(f)) | NOSIGNAL;
    namelen = len;
  } else {
    const a = checkSendtoArgs(sock, data, destOrCont, flags, timeout);
    if (isFail(a)) return a;
    s = sockOf(a.socket);
    buf = a.data;
    t = a.timeout;
    addr = a.dest;
    native = flagWord(a.flags) | NOSIGNAL;
    namelen = encodeSockaddr(addr, DEST) as number;
  }
  const pid = caller();
  const q = s.queues.writers;
  const c = s.counters;
  const async = isAsync(t);
  const deadline = async ? NEVER : deadlineOf(t as 'infinity' | number);
  const stream = s.type === 'stream';
  let handle: Ref | undefined = async ? handleOf(t as 'nowait' | Ref) : undefined;
  let rest = buf;
  let sent = false;
  for (;;) {
    let st = q.enter(pid, handle);
    if (st === 'timeout' && t !== 0) {
      handle = makeRef();
      st = q.enter(pid, handle);
    }
    if (st === 'go') {
      c.write_tries++;
      const n = sys.sendto_at(s.fd, rest, rest.length, native, DEST_AT, namelen);
      if (n >= 0) {
        c.write_byte += n;
        if (n === rest.length) {
          q.done(pid);
          c.write_pkg++;
          if (buf.length > c.write_pkg_max) c.write_pkg_max = buf.length;
          return 'ok';
        }
        rest = rest.subarray(n);
        if (!stream) {
          q.done(pid);
          return ['ok', rest];
        }
        sent = n > 0 || sent;
        continue;
      }
      if (n !== -ERRNO.EAGAIN) {
        q.done(pid);
        c.write_fails++;
        return sent ? ['error', [posix(n), rest]] : ['error', posix(n)];
      }
      if (t === 0) {
        q.done(pid);
        return sent ? ['error', ['timeout', rest]] : ['error', 'timeout'];
      }
      if (!async) handle = makeRef();
      c.write_waits++;
      s.trackWaiter(pid);
      q.block(pid, handle!);
      if (async) {
        const si = selectInfo(['sendto', { addr, flags: native } as unknown as Term], handle!);
        return sent ? ['select', [si, rest]] : ['select', si];
      }
    } else if (st === 'queued') {
      c.write_waits++;
      s.trackWaiter(pid);
      if (async) return ['select', selectInfo(['sendto', { addr, flags: native } as unknown as Term], handle!)];
    } else if (st === 'closed') return sent ? ['error', ['closed', rest]] : ['error', 'closed'];
    else if (st === 'timeout') return ['error', 'timeout'];
    else return raiseInvalid('state');
    const w = outcome(yield* waitSelect(handle!, deadline));
    if (w === TIMED_OUT) {
      giveUp(s, q, pid, handle!);
      return sent ? ['error', ['timeout', rest]] : ['error', 'timeout'];
    }
    if (w !== SELECTED) return sent ? ['error', [w.abort, rest]] : ['error', w.abort];
    handle = undefined;
    namelen = encodeSockaddr(addr, DEST) as number;
  }
}

/** An object that is not a list, a binary or null: what encodeSockaddr can judge as a map. */
function isMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}
