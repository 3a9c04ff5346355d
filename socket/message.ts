/**
 * Messages with control data: sendmsg/2,3,4 and recvmsg/1,2,3,4,5.
 *
 * sendmsg points one reusable msghdr (ffi/msghdr.ts) at the caller's Buffers and encodes
 * `addr` and `ctrl` into it; an `iov` longer than `iov_max` is sent `iov_max` entries at
 * a time on a stream socket and refused on others with OTP's
 * `{error, {invalid, {iov, {list, N}}}}`. recvmsg reads one message into a shared data
 * buffer (copied out at its exact length) and a control buffer of `CtrlSz` bytes (0:
 * `{otp, rcvctrlbuf}`; a sendmsg's control data must fit in `{otp, sndctrlbuf}`), and returns the manual's `msg_recv()` map: `addr` (absent when
 * the kernel gives none, as on a connected stream), `iov`, every control message
 * decoded by ffi/cmsg.ts (`value` where the manual names a type, `{level, type, data}`
 * otherwise) and `flags` as atoms. With the `errqueue` flag it reads the error queue,
 * where `{ip, recverr}` puts an `extended_err()` for each ICMP error.
 */
import { C, ERRNO, posix, sys } from '../ffi/index.ts';
import { IOV_MAX, RecvMsg, SendMsg, decodeMsgFlags } from '../ffi/msghdr.ts';
import { Invalid } from '../ffi/sockaddr.ts';
import { encodeCmsgs } from '../ffi/cmsg.ts';
import { badarg, type Term } from '../runtime/term.ts';
import { checkIov, checkRecvmsgArgs, checkSendmsgArgs, checkTimeout, fail, isFail } from './args.ts';
import { flagWord, isContOf } from './datagram.ts';
import { SLAB_READ_MAX, slabRoom, slabTake } from './slab.ts';
import { AGAIN, readOp, writeOp, type Again, type ReadWaits, type WriteWaits } from './ops.ts';
import { sockOf, type Sock } from './socket.ts';
import { rest_iov } from './transfer.ts';
import type { msg_recv, msg_send, timeout_or_handle } from './types.ts';

type Gen<R> = Generator<unknown, R, unknown>;

/** What recvmsg returns. */
export type RecvmsgResult = readonly ['ok', msg_recv] | ReadWaits<msg_recv>;
/** What sendmsg returns. */
export type SendmsgResult = 'ok' | readonly ['ok', Buffer[]] | WriteWaits;

// ---------------------------------------------------------------------------
// sendmsg

const SENDMSG = new SendMsg();
// Sizes the control data against `{otp, sndctrlbuf}`; what it holds is not used.
const CTRL = Buffer.alloc(256);
const NOSIGNAL = C.MSG_NOSIGNAL;

/** What a sendmsg select tag carries: the checked message and native flags. */
interface Prepared {
  readonly msg: msg_send;
  readonly flags: number;
}

/**
 * `sendmsg/4` with the arguments as given: `flagsOrCont` is a flag list or the select
 * info of an earlier nowait sendmsg; with a `Cont`, `data` is a message map (only its
 * `iov` is used) or an I/O vector.
 */
export function* sendmsg(sock: unknown, data: unknown, flagsOrCont: unknown, timeout: unknown): Gen<SendmsgResult> {
  let s: Sock;
  let p: Prepared;
  let iov: readonly Buffer[];
  let t: timeout_or_handle;
  const fc = flagsOrCont;
  // The select info of another operation: OTP 25 answers it, it does not raise.
  if (Array.isArray(fc) && fc.length === 3 && fc[0] === 'select_info' && !(Array.isArray(fc[1]) && fc[1][0] === 'sendmsg')) {
    sockOf(sock);
    return ['error', ['invalid', fc as Term]];
  }
  if (isContOf(flagsOrCont, 'sendmsg')) {
    s = sockOf(sock);
    p = (flagsOrCont[1] as unknown as readonly [string, Prepared])[1];
    const v = checkIov(Array.isArray(data) ? data : (data as { iov?: unknown } | null)?.iov ?? badarg());
    if (isFail(v)) return v;
    iov = v;
    t = checkTimeout(timeout);
  } else {
    const a = checkSendmsgArgs(sock, data, flagsOrCont, timeout);
    if (isFail(a)) return a;
    s = sockOf(a.socket);
    // Control data must fit in `{otp, sndctrlbuf}` bytes, as in OTP 25.
    if (a.msg.ctrl !== undefined) {
      const n = encodeCmsgs(a.msg.ctrl, CTRL);
      if (n instanceof Invalid) return fail(n.what);
      if (n > s.sndctrlbuf) return fail(['msg', 'ctrl', { ctrl: a.msg.ctrl as Term }]);
    }
    p = { msg: a.msg, flags: flagWord(a.flags) | NOSIGNAL };
    iov = a.msg.iov;
    t = a.timeout;
  }
  const stream = s.type === 'stream';
  if (!stream && iov.length > IOV_MAX) return fail(['iov', ['list', iov.length]]);
  const c = s.counters;
  let rest = iov as Buffer[];
  let sent = false;
  return yield* writeOp<'ok' | readonly ['ok', Buffer[]] | readonly ['error', Term]>(s, ['sendmsg', p as unknown as Term], t, {
    attempt() {
      for (;;) {
        const chunk = rest.length > IOV_MAX ? rest.slice(0, IOV_MAX) : rest;
        const total = SENDMSG.prepare({ addr: p.msg.addr, ctrl: p.msg.ctrl, iov: chunk });
        if (total instanceof Invalid) return fail(total.what);
        c.write_tries++;
        const n = sys.sendmsg(s.fd, SENDMSG.hdr, p.flags);
        if (n === -ERRNO.EAGAIN) return AGAIN;
        if (n < 0) {
          c.write_fails++;
          return sent ? ['error', [posix(n), rest]] : ['error', posix(n)];
        }
        c.write_byte += n;
        if (n === total && chunk === rest) {
          c.write_pkg++;
          if (n > c.write_pkg_max) c.write_pkg_max = n;
          return 'ok';
        }
        rest = rest_iov(n, rest);
        if (!stream) return ['ok', rest];
        sent ||= n > 0;
      }
    },
    // A method, not an arrow: tsx names every closure at creation (~0.5 us each).
    partial() {
      return sent ? rest : undefined;
    },
  });
}

// ---------------------------------------------------------------------------
// recvmsg

// The data lands in datagram.ts's read slab (a view of it comes back, no copy); one
// msghdr per control size, made on first use.
const RECVMSG = new Map<number, RecvMsg>();

function recvMsgOf(ctrlSz: number): RecvMsg {
  let r = RECVMSG.get(ctrlSz);
  if (r === undefined) RECVMSG.set(ctrlSz, (r = new RecvMsg(ctrlSz)));
  return r;
}

/** `recvmsg/5` with the arguments as given. */
export function* recvmsg(sock: unknown, bufSz: unknown, ctrlSz: unknown, flags: unknown, timeout: unknown): Gen<RecvmsgResult> {
  const a = checkRecvmsgArgs(sock, bufSz, ctrlSz, flags, timeout);
  if (isFail(a)) return a;
  const s = sockOf(a.socket);
  const fl = flagWord(a.flags);
  const want = a.bufSz === 0 ? s.rcvbufSize : a.bufSz;
  const rm = recvMsgOf(a.ctrlSz === 0 ? s.rcvctrlbuf : a.ctrlSz);
  return yield* readOp(s, 'recvmsg', a.timeout, recvmsgOnce, { rm, want }, fl);
}

function recvmsgOnce(s: Sock, { rm, want }: { readonly rm: RecvMsg; readonly want: number }, flags: number): readonly ['ok', msg_recv] | readonly ['error', Term] | Again {
  const c = s.counters;
  const own = want <= SLAB_READ_MAX ? null : Buffer.allocUnsafe(want);
  if (own === null) rm.prepareAt(slabRoom(want), want);
  else rm.prepare(own);
  c.read_tries++;
  const n = sys.recvmsg(s.fd, rm.hdr, flags);
  if (n === -ERRNO.EAGAIN) return AGAIN;
  if (n < 0) {
    c.read_fails++;
    return ['error', posix(n)];
  }
  if (n === 0 && s.type === 'stream') return ['error', 'closed'];
  const got = Math.min(n, want);
  const data = own === null ? slabTake(got) : got === want ? own : own.subarray(0, got);
  c.read_byte += got;
  c.read_pkg++;
  if (got > c.read_pkg_max) c.read_pkg_max = got;
  const r = rm.result();
  const msg: msg_recv = r.addr === undefined
    ? { iov: [data], ctrl: r.ctrl, flags: decodeMsgFlags(r.flags) }
    : { addr: r.addr, iov: [data], ctrl: r.ctrl, flags: decodeMsgFlags(r.flags) };
  return ['ok', msg];
}
