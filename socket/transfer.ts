/**
 * Moving bytes on a connected socket: send/2,3,4 (with the `Cont` forms), sendv/2,3,4,
 * rest_iov/2 and recv/1,2,3,4.
 *
 * The hot path (data ready, or buffer space free) is one syscall attempt and no
 * allocation beyond the result: recv reads into the free tail of a shared slab and
 * returns a view of exactly the bytes received (a stream read of a Length over 64 KiB
 * fills one buffer of that Length),
 * send passes the caller's Buffer to the kernel without a copy, and interest is armed
 * only when the kernel says EAGAIN. A blocking call that must wait is the nowait path
 * plus one receive on its handle (async.ts), as in OTP's socket.erl.
 *
 * Stream rules, from the manual: recv with Length > 0 iterates until it has Length
 * bytes; Length 0 returns what is there (up to the `{otp, rcvbuf}` size); data read
 * before an error or a time-out comes back with it (`{error, {Reason, Data}}`); a
 * partial write is retried, and what was not written comes back with an error or
 * time-out (`{error, {Reason, RestData}}`) or a select (`{select, {SelectInfo, Rest}}`).
 */
import { Buffer } from 'node:buffer';
import { makeRef } from '../runtime/process.ts';
import { badarg, type Ref, type Term } from '../runtime/term.ts';
import { C, ERRNO, posix, sys } from '../ffi/index.ts';
import { SendMsg, encodeMsgFlags } from '../ffi/msghdr.ts';
import { Invalid } from '../ffi/sockaddr.ts';
import { checkData, checkLength, checkMsgFlags, checkTimeout, fail, functionClause, isFail, raiseInvalid } from './args.ts';
import { NEVER, SELECTED, TIMED_OUT, caller, deadlineOf, giveUp, handleOf, isAsync, outcome, selectInfo, waitSelect } from './async.ts';
import { AGAIN, writeOp } from './ops.ts';
import { SLAB_READ_MAX, slabRoom, slabTake } from './slab.ts';
import { sockOf } from './socket.ts';
import type { select_info } from './types.ts';

/** What the recv family returns. */
export type RecvResult =
  | readonly ['ok', Buffer]
  | readonly ['select_read', readonly [select_info, Buffer]]
  | readonly ['select', select_info]
  | readonly ['select', readonly [select_info, Buffer]]
  | readonly ['error', Term]
  | readonly ['error', readonly [Term, Buffer]];

/** What send returns. */
export type SendResult =
  | 'ok'
  | readonly ['ok', Buffer]
  | readonly ['select', select_info]
  | readonly ['select', readonly [select_info, Buffer]]
  | readonly ['error', Term]
  | readonly ['error', readonly [Term, Buffer]];

/** What sendv returns. */
export type SendvResult =
  | 'ok'
  | readonly ['ok', Buffer[]]
  | readonly ['select', select_info]
  | readonly ['select', readonly [select_info, Buffer[]]]
  | readonly ['error', Term]
  | readonly ['error', readonly [Term, Buffer[]]];

const PEEK = C.MSG_PEEK;
const NOSIGNAL = C.MSG_NOSIGNAL;

// A read of more than SLAB_READ_MAX (a larger `{otp, rcvbuf}`, a long datagram) goes into a
// buffer of its own. When it fills less than half of it, its bytes are copied out and the
// buffer, never handed out, serves the next such read: a view of a few bytes would keep
// the whole buffer alive, and a fresh buffer per read costs the GC its full size.
// Larger buffers are not kept between reads.
const SPARE_MAX = 1 << 20;
let spare: Buffer | null = null;

/** A buffer of at least `want` bytes for one read: the spare when it is large enough. */
function takeSpare(want: number): Buffer {
  const b = spare !== null && spare.length >= want ? spare : Buffer.allocUnsafeSlow(want);
  spare = null;
  return b;
}

/** The `n` bytes read into `buf` (from {@link takeSpare}), as the caller's own Buffer. */
function keepRead(buf: Buffer, n: number): Buffer {
  if (2 * n >= buf.length) return n === buf.length ? buf : buf.subarray(0, n);
  if (buf.length <= SPARE_MAX) spare = buf;
  return Buffer.from(buf.subarray(0, n));
}

function joined(acc: Buffer[] | null, last: Buffer | null): Buffer {
  if (acc === null) return last ?? Buffer.alloc(0);
  if (last !== null) acc.push(last);
  return acc.length === 1 ? acc[0]! : Buffer.concat(acc);
}

/**
 * What a recv that stops early has read: the pieces in `acc`, or the first `got` bytes of
 * `whole`, copied so that a short result does not keep the whole Length alive; null for nothing.
 */
function soFar(acc: Buffer[] | null, whole: Buffer | null, got: number): Buffer | null {
  if (whole !== null) return got === 0 ? null : Buffer.from(whole.subarray(0, got));
  return acc === null ? null : joined(acc, null);
}

function withData(reason: Term, data: Buffer | null): RecvResult {
  return data === null ? ['error', reason] : ['error', [reason, data]];
}

/** The native flags of a flag list, or the returned failure. */
function flagsOf(flags: unknown): number | ReturnType<typeof fail> {
  const f = checkMsgFlags(flags);
  if (isFail(f)) return f;
  return f.length === 0 ? 0 : encodeMsgFlags(f) ?? 0;
}

// ---------------------------------------------------------------------------
// recv

/** `recv/4` with checked arguments. */
export function* recv(sock: unknown, lengthArg: unknown, flagsArg: unknown, timeout: unknown): Generator<unknown, RecvResult, unknown> {
  // One generator per call: the checks and the loop in one body, not a nested `yield*`.
  // OTP's order (args.ts, checkRecvArgs): guards, then the time-out, then the flags.
  const s = sockOf(sock);
  const length = checkLength(lengthArg);
  if (!Array.isArray(flagsArg)) return badarg();
  const t = checkTimeout(timeout);
  const flags = flagsOf(flagsArg);
  if (typeof flags !== 'number') return flags;
  const pid = caller();
  const q = s.queues.readers;
  const c = s.counters;
  const async = isAsync(t);
  const deadline = async ? NEVER : deadlineOf(t as 'infinity' | number);
  const stream = s.type === 'stream';
  let handle: Ref | undefined = async ? handleOf(t as 'nowait' | Ref) : undefined;
  let acc: Buffer[] | null = null;
  // A stream read of more than SLAB_READ_MAX bytes fills one buffer of Length in place: a
  // buffer per piece, and the join at the end, would allocate and copy it several times.
  let whole: Buffer | null = null;
  let wholeAt = 0;
  let got = 0;
  let fullReads = 0;
  for (;;) {
    let st = q.enter(pid, handle);
    if (st === 'timeout' && t !== 0) {
      handle = makeRef();
      st = q.enter(pid, handle);
    }
    if (st === 'go') {
      const want = length === 0 ? s.rcvbufSize : length - got;
      let buf: Buffer | null = null;
      let n: number;
      c.read_tries++;
      // A peek leaves the data in place: iterating would read the same bytes again.
      if (length > SLAB_READ_MAX && stream && (flags & PEEK) === 0) {
        if (whole === null) {
          whole = Buffer.allocUnsafeSlow(length);
          wholeAt = sys.addressOf(whole);
        }
        n = sys.recv_at(s.fd, wholeAt + got, want, flags);
      } else if (want <= SLAB_READ_MAX) n = sys.recv_at(s.fd, slabRoom(want), want, flags);
      else {
        buf = takeSpare(want);
        n = sys.recv(s.fd, buf, want, flags);
      }
      if (n > 0 || (n === 0 && !stream)) {
        c.read_byte += n;
        got += n;
        let out: Buffer;
        if (whole !== null) {
          if (got < length) continue;
          out = whole;
        } else {
          const data = buf === null ? slabTake(n) : keepRead(buf, n);
          if (stream && length === 0 && n === want && ++fullReads < s.rcvbufN) {
            (acc ??= []).push(data);
            continue;
          }
          if (stream && length > 0 && got < length && (flags & PEEK) === 0) {
            (acc ??= []).push(data);
            continue;
          }
          out = joined(acc, data);
        }
        c.read_pkg++;
        if (out.length > c.read_pkg_max) c.read_pkg_max = out.length;
        if (async && s.selectRead) {
          // {otp, select_read}: the completed read starts the next asynchronous one.
          const next = makeRef();
          s.trackWaiter(pid);
          q.block(pid, next);
          return ['select_read', [selectInfo('recv', next), out]];
        }
        q.done(pid);
        return ['ok', out];
      }
      if (buf !== null && buf.length <= SPARE_MAX) spare = buf;
      if (n === 0) {
        q.done(pid);
        return withData('closed', soFar(acc, whole, got));
      }
      if (n !== -ERRNO.EAGAIN) {
        q.done(pid);
        c.read_fails++;
        return withData(posix(n), soFar(acc, whole, got));
      }
      if (fullReads > 0) {
        // A Length 0 read that filled its buffer and found nothing more: what it has is all.
        q.done(pid);
        const out = joined(acc, null);
        c.read_pkg++;
        if (out.length > c.read_pkg_max) c.read_pkg_max = out.length;
        return ['ok', out];
      }
      if (t === 0) {
        q.done(pid);
        return withData('timeout', soFar(acc, whole, got));
      }
      if (!async) handle = makeRef();
      c.read_waits++;
      s.trackWaiter(pid);
      q.block(pid, handle!);
      if (async) {
        const data = soFar(acc, whole, got);
        return data === null ? ['select', selectInfo('recv', handle!)] : ['select', [selectInfo('recv', handle!), data]];
      }
    } else if (st === 'queued') {
      c.read_waits++;
      s.trackWaiter(pid);
      if (async) return ['select', selectInfo('recv', handle!)];
    } else if (st === 'closed') return withData('closed', soFar(acc, whole, got));
    else if (st === 'timeout') return withData('timeout', soFar(acc, whole, got));
    else return raiseInvalid('state');
    const w = outcome(yield* waitSelect(handle!, deadline));
    if (w === TIMED_OUT) {
      giveUp(s, q, pid, handle!);
      return withData('timeout', soFar(acc, whole, got));
    }
    if (w !== SELECTED) return withData(w.abort, soFar(acc, whole, got));
    handle = undefined;
  }
}

// ---------------------------------------------------------------------------
// send

/**
 * What a `Cont` argument is: `'cont'` for `{select_info, {Op, ContData}, Handle}`,
 * `'foreign'` for a select info of another operation (OTP 25 answers
 * `{error, {invalid, Cont}}`), undefined for anything else.
 */
function contKind(v: unknown, op: 'send' | 'sendv'): 'cont' | 'foreign' | undefined {
  if (!Array.isArray(v) || v.length !== 3 || v[0] !== 'select_info') return undefined;
  const tag: unknown = v[1];
  return Array.isArray(tag) && tag.length === 2 && tag[0] === op ? 'cont' : 'foreign';
}

/** The `ContData` of a `Cont` that {@link contKind} found to be one. */
function contData(cont: unknown): unknown {
  return ((cont as select_info)[1] as readonly [string, unknown])[1];
}

/**
 * The flags in a send's `Cont`. OTP 25 encodes them again (prim_socket:send): an integer
 * is taken as it is, a list as a flag list, and anything else has no clause
 * (erl: `{select_info, {send, foo}, R}` raises `function_clause`, even on a closed socket).
 */
function contFlags(data: unknown): number | ReturnType<typeof fail> {
  if (typeof data === 'number' && Number.isInteger(data)) return data;
  return Array.isArray(data) ? flagsOf(data) : functionClause();
}

/**
 * `send/4` with arguments as given: `flagsOrCont` is a flag list or the select info of
 * an earlier nowait send, whose tag `['send', Flags]` carries the native flags.
 */
export function* send(sock: unknown, dataArg: unknown, flagsOrCont: unknown, timeout: unknown): Generator<unknown, SendResult, unknown> {
  // OTP's order (args.ts, checkSendArgs): guards, data contents, time-out, then flags.
  const s = sockOf(sock);
  const kind = contKind(flagsOrCont, 'send');
  const cont = kind === 'cont';
  if (kind === undefined && !Array.isArray(flagsOrCont)) return badarg();
  const data = checkData(dataArg);
  if (kind === 'foreign') return ['error', ['invalid', flagsOrCont as Term]];
  const t = checkTimeout(timeout);
  const flags = cont ? contFlags(contData(flagsOrCont)) : flagsOf(flagsOrCont);
  if (typeof flags !== 'number') return flags;
  const pid = caller();
  const q = s.queues.writers;
  const c = s.counters;
  const async = isAsync(t);
  const deadline = async ? NEVER : deadlineOf(t as 'infinity' | number);
  const stream = s.type === 'stream';
  let handle: Ref | undefined = async ? handleOf(t as 'nowait' | Ref) : undefined;
  let rest = data;
  let sent = false;
  for (;;) {
    let st = q.enter(pid, handle);
    if (st === 'timeout' && t !== 0) {
      handle = makeRef();
      st = q.enter(pid, handle);
    }
    if (st === 'go') {
      c.write_tries++;
      const n = sys.send(s.fd, rest, rest.length, flags | NOSIGNAL);
      if (n >= 0) {
        c.write_byte += n;
        if (n === rest.length) {
          q.done(pid);
          c.write_pkg++;
          if (data.length > c.write_pkg_max) c.write_pkg_max = data.length;
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
      if (async) return sent ? ['select', [selectInfo(['send', flags], handle!), rest]] : ['select', selectInfo(['send', flags], handle!)];
    } else if (st === 'queued') {
      c.write_waits++;
      s.trackWaiter(pid);
      if (async) return ['select', selectInfo(['send', flags], handle!)];
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
  }
}

// ---------------------------------------------------------------------------
// sendv, rest_iov

const SENDMSG = new SendMsg();
// sendv takes no flags, so its continuation tag never changes.
const SENDV_TAG = Object.freeze(['sendv', 0] as const);

/** Checks an `erlang:iovec()`: a list of binaries; anything else is `badarg`. */
function checkIov(iov: unknown): Buffer[] {
  if (!Array.isArray(iov)) return badarg();
  for (const b of iov) if (!Buffer.isBuffer(b)) return badarg();
  return iov as Buffer[];
}

/** `rest_iov/2`: the part of `iov` after its first `written` bytes. */
export function rest_iov(written: unknown, iov: unknown): Buffer[] {
  if (typeof written !== 'number' || !Number.isInteger(written) || written < 0) return badarg();
  const v = checkIov(iov);
  let skip = written;
  let i = 0;
  while (i < v.length && skip >= v[i]!.length) skip -= v[i++]!.length;
  if (i === v.length) return [];
  const out = v.slice(i);
  if (skip > 0) out[0] = out[0]!.subarray(skip);
  return out;
}

/** `sendv/4` with arguments as given: `cont` is undefined or an earlier nowait sendv's select info. */
export function* sendv(sock: unknown, iov: unknown, cont: unknown, timeout: unknown): Generator<unknown, SendvResult, unknown> {
  const s = sockOf(sock);
  let rest = checkIov(iov);
  if (cont !== undefined && contKind(cont, 'sendv') !== 'cont') return badarg();
  const t = checkTimeout(timeout);
  const c = s.counters;
  const stream = s.type === 'stream';
  let sent = false;
  // writeOp's partial results carry `rest`, a Buffer[], under the plain `select` atom.
  return (yield* writeOp<'ok' | readonly ['ok', Buffer[]] | readonly ['error', Term]>(s, SENDV_TAG, t, {
    attempt() {
      for (;;) {
        const total = SENDMSG.prepare({ iov: rest });
        if (total instanceof Invalid) return fail(total.what);
        c.write_tries++;
        const n = sys.sendmsg(s.fd, SENDMSG.hdr, NOSIGNAL);
        if (n === -ERRNO.EAGAIN) return AGAIN;
        if (n < 0) {
          c.write_fails++;
          return sent ? ['error', [posix(n), rest]] : ['error', posix(n)];
        }
        c.write_byte += n;
        if (n === total) {
          c.write_pkg++;
          if (n > c.write_pkg_max) c.write_pkg_max = n;
          return 'ok';
        }
        rest = rest_iov(n, rest);
        if (!stream) return ['ok', rest];
        sent ||= n > 0;
      }
    },
    partial: () => (sent ? rest : undefined),
  })) as SendvResult;
}
