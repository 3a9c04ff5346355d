/**
 * Batches: sendmmsg/4 and recvmmsg/6, the manual's OTP 29 functions, on the kernel's
 * sendmmsg(2) and recvmmsg(2).
 *
 * One syscall per attempt moves up to `UIO_MAXIOV` (1,024) messages, the kernel's own
 * limit on a batch. sendmmsg checks every message first (as sendmsg does), then sends;
 * a message the kernel took only in part (a stream) comes back in `{ok, Rest}` as its
 * unsent I/O vector, in message order. When the socket fills after some messages, a
 * nowait call returns `{select_write, {SelectInfo, SentCount}}` and a blocking one waits
 * and sends the rest. recvmmsg reads what is queued, at least one message and at most
 * `VLen`, each truncated to `BufSz` (0: `{otp, rcvbuf}`) with `CtrlSz` bytes of control
 * space (0: `{otp, rcvctrlbuf}`), into one reusable receive area, and returns a list of
 * `msg_recv()` maps. `VLen` must be an integer from 1 to 1,024, else
 * `{error, {invalid, {vlen, VLen}}}`.
 */
import { Buffer } from 'node:buffer';
import { C, ERRNO, posix, sys } from '../ffi/index.ts';
import { RecvMmsg, SendMmsg, type msg_send as ffi_msg_send } from '../ffi/msghdr.ts';
import { badarg, type Term } from '../runtime/term.ts';
import { checkLength, checkMsgFlags, checkSendmsgArgs, checkTimeout, fail, isFail } from './args.ts';
import { flagWord } from './datagram.ts';
import { AGAIN, readOp, writeOp, type Again, type ReadWaits, type WriteWaits } from './ops.ts';
import { sockOf, type Sock } from './socket.ts';
import { rest_iov } from './transfer.ts';
import type { msg_recv, msg_send } from './types.ts';

type Gen<R> = Generator<unknown, R, unknown>;

/** The most messages one sendmmsg/recvmmsg call moves (Linux's UIO_MAXIOV). */
export const MAX_VLEN = 1024;

/** What sendmmsg returns. */
export type SendmmsgResult = 'ok' | readonly ['ok', Buffer[][]] | WriteWaits;
/** What recvmmsg returns. */
export type RecvmmsgResult = readonly ['ok', msg_recv[]] | ReadWaits<msg_recv[]>;

// ---------------------------------------------------------------------------
// sendmmsg

// Grown to the largest batch seen, up to MAX_VLEN: each slot holds an iovec array of
// IOV_MAX entries, so slots are made only when a batch needs them.
let SENDER = new SendMmsg(64);
function senderFor(n: number): SendMmsg {
  if (n > SENDER.vlen) SENDER = new SendMmsg(Math.min(MAX_VLEN, Math.max(n, SENDER.vlen * 2)));
  return SENDER;
}

/** `sendmmsg/4` with the arguments as given. */
export function* sendmmsg(sock: unknown, msgs: unknown, flags: unknown, timeout: unknown): Gen<SendmmsgResult> {
  const s = sockOf(sock);
  if (!Array.isArray(msgs) || !Array.isArray(flags)) return badarg();
  const t = checkTimeout(timeout);
  const fl = checkMsgFlags(flags);
  if (isFail(fl)) return fl;
  // Each message is checked as sendmsg checks its own; one with only binaries to send
  // passes every check, so it is taken as it is.
  const checked: msg_send[] = [];
  for (const m of msgs) {
    if (isDataOnly(m)) {
      checked.push(m);
      continue;
    }
    const v = checkSendmsgArgs(sock, m, [], t);
    if (isFail(v)) return v;
    checked.push(v.msg);
  }
  if (checked.length === 0) return 'ok';
  const native = flagWord(fl) | C.MSG_NOSIGNAL;
  const c = s.counters;
  const rests: Buffer[][] = [];
  let next = 0;
  return yield* writeOp<'ok' | readonly ['ok', Buffer[][]] | readonly ['error', Term]>(s, 'sendmmsg', t, {
    selectAtom: 'select_write',
    attempt() {
      while (next < checked.length) {
        const batch = checked.slice(next, next + MAX_VLEN) as unknown as ffi_msg_send[];
        const mm = senderFor(batch.length);
        const r = mm.prepare(batch);
        if (typeof r !== 'number') return fail(r.what);
        c.write_tries++;
        const n = sys.sendmmsg(s.fd, mm.hdrs, batch.length, native);
        if (n === -ERRNO.EAGAIN) return AGAIN;
        if (n < 0) {
          c.write_fails++;
          return ['error', posix(n)];
        }
        for (let i = 0; i < n; i++) {
          const sent = mm.sent(i);
          c.write_byte += sent;
          c.write_pkg++;
          if (sent > c.write_pkg_max) c.write_pkg_max = sent;
          if (sent < mm.total(i)) rests.push(rest_iov(sent, batch[i]!.iov));
        }
        next += n;
        if (n < batch.length) return AGAIN;
      }
      return rests.length === 0 ? 'ok' : ['ok', rests];
    },
    // A method, not an arrow: tsx names every closure at creation (~0.5 us each).
    partial() {
      return next > 0 ? next : undefined;
    },
  });
}

/** `#{iov => [Binary...]}` and nothing else that a check would judge. */
function isDataOnly(m: unknown): m is msg_send {
  if (typeof m !== 'object' || m === null || Array.isArray(m) || Buffer.isBuffer(m)) return false;
  const { iov, addr, ctrl } = m as Record<string, unknown>;
  if (addr !== undefined || ctrl !== undefined || !Array.isArray(iov)) return false;
  for (let i = 0; i < iov.length; i++) if (!Buffer.isBuffer(iov[i])) return false;
  return true;
}

// ---------------------------------------------------------------------------
// recvmmsg

// The receive area of the last shape asked for; a batch loop asks for the same shape
// every time, so it is made once.
let RECEIVER: RecvMmsg | undefined;
function receiverFor(vlen: number, bufSz: number, ctrlSz: number): RecvMmsg {
  const r = RECEIVER;
  if (r !== undefined && r.vlen === vlen && r.bufSize === bufSz && r.controlSize === ctrlSz) return r;
  return (RECEIVER = new RecvMmsg(vlen, bufSz, ctrlSz));
}

/** `recvmmsg/6` with the arguments as given. */
export function* recvmmsg(
  sock: unknown, vlen: unknown, bufSz: unknown, ctrlSz: unknown, flags: unknown, timeout: unknown,
): Gen<RecvmmsgResult> {
  const s = sockOf(sock);
  if (typeof vlen !== 'number' || !Number.isInteger(vlen)) return badarg();
  const size = checkLength(bufSz);
  const csize = checkLength(ctrlSz);
  if (!Array.isArray(flags)) return badarg();
  const t = checkTimeout(timeout);
  if (vlen < 1 || vlen > MAX_VLEN) return fail(['vlen', vlen]);
  const f = checkMsgFlags(flags);
  if (isFail(f)) return f;
  const fl = flagWord(f);
  const want = size === 0 ? s.rcvbufSize : size;
  const ctrl = csize === 0 ? s.rcvctrlbuf : csize;
  return yield* readOp(s, 'recvmmsg', t, recvmmsgOnce, receiverFor(vlen, want, ctrl), fl);
}

function recvmmsgOnce(s: Sock, rm: RecvMmsg, flags: number): readonly ['ok', msg_recv[]] | readonly ['error', Term] | Again {
  const c = s.counters;
  rm.reset();
  c.read_tries++;
  const n = sys.recvmmsg(s.fd, rm.hdrs, rm.vlen, flags, null);
  if (n === -ERRNO.EAGAIN) return AGAIN;
  if (n < 0) {
    c.read_fails++;
    return ['error', posix(n)];
  }
  const out = rm.messages(n);
  for (let i = 0; i < n; i++) {
    const len = out[i]!.iov[0]!.length;
    c.read_byte += len;
    if (len > c.read_pkg_max) c.read_pkg_max = len;
  }
  c.read_pkg += n;
  return ['ok', out];
}
