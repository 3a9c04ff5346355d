/**
 * sendfile/2,3,4,5: a file's bytes to a socket with sendfile(2), never through JS.
 *
 * The file is an open descriptor: a number, or a `fs.promises.FileHandle` (its `fd`),
 * the counterpart of the manual's raw `file:fd()`. `Offset` is where to start reading
 * (a negative one is the kernel's `einval`, as in OTP 25); `Count` 0 means to the end of
 * the file. A stream that fills makes a nowait call return `{select, SelectInfo}` (or
 * `{select, {SelectInfo, BytesSent}}` after some bytes); the `SelectInfo` is the
 * continuation: called with it and no Offset/Count, the transfer goes on where it
 * stopped. Errors after some bytes are `{error, {Reason, BytesSent}}`. The
 * `sendfile_*` counters of `info/1` appear with the first call, as in OTP 25.
 */
import type { FileHandle } from 'node:fs/promises';
import { ERRNO, posix, sys } from '../ffi/index.ts';
import { badarg, type Term } from '../runtime/term.ts';
import { checkTimeout } from './args.ts';
import { isContOf } from './datagram.ts';
import { AGAIN, writeOp, type WriteWaits } from './ops.ts';
import { sockOf, type Counters, type Sock } from './socket.ts';

type Gen<R> = Generator<unknown, R, unknown>;

/** What sendfile returns. */
export type SendfileResult = readonly ['ok', number] | WriteWaits;

/** The `sendfile_*` counters OTP 25 adds to a socket's counters on first use. */
export interface sendfile_counters {
  sendfile: number;
  sendfile_byte: number;
  sendfile_fails: number;
  sendfile_max: number;
  sendfile_pkg: number;
  sendfile_pkg_max: number;
  sendfile_tries: number;
  sendfile_waits: number;
}

function countersOf(s: Sock): sendfile_counters {
  const c = s.counters as Counters & Partial<sendfile_counters>;
  if (c.sendfile === undefined) {
    Object.assign(c, {
      sendfile: 0, sendfile_byte: 0, sendfile_fails: 0, sendfile_max: 0,
      sendfile_pkg: 0, sendfile_pkg_max: 0, sendfile_tries: 0, sendfile_waits: 0,
    });
  }
  return c as Counters & sendfile_counters;
}

/** The state a continuation carries: the file, where the next byte is, what is left. */
interface Transfer {
  readonly fd: number;
  offset: number;
  /** Bytes still to send; 0 means to the end of the file. */
  left: number;
  readonly toEof: boolean;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function fileFd(f: unknown): number {
  if (isInt(f) && f >= 0) return f;
  if (typeof f === 'object' && f !== null && isInt((f as FileHandle).fd) && (f as FileHandle).fd >= 0) return (f as FileHandle).fd;
  return badarg();
}

// sendfile(2) moves at most this much per call on Linux (0x7ffff000).
const CHUNK = 0x7fff_f000;
const OFF = Buffer.alloc(8);

/**
 * `sendfile/5` with the arguments as given: `fileOrCont` is a file or a continuation;
 * `offset` and `count` undefined mean "go on" for a continuation and 0 for a file.
 */
export function* sendfile(sock: unknown, fileOrCont: unknown, offset: unknown, count: unknown, timeout: unknown): Gen<SendfileResult> {
  const s = sockOf(sock);
  let tr: Transfer;
  if (isContOf(fileOrCont, 'sendfile')) {
    const prev = (fileOrCont[1] as unknown as readonly [string, Transfer])[1];
    tr = { ...prev };
    if (offset !== undefined) {
      if (!isInt(offset) || !isInt(count) || count < 0) return badarg();
      tr = { fd: prev.fd, offset, left: count, toEof: count === 0 };
    }
  } else {
    const fd = fileFd(fileOrCont);
    const o = offset ?? 0;
    const n = count ?? 0;
    if (!isInt(o) || !isInt(n) || n < 0) return badarg();
    tr = { fd, offset: o, left: n, toEof: n === 0 };
  }
  const t = checkTimeout(timeout);
  const c = countersOf(s);
  c.sendfile_tries++;
  let sent = 0;
  return yield* writeOp<readonly ['ok', number] | readonly ['error', Term]>(s, ['sendfile', tr as unknown as Term], t, {
    countWait: () => void c.sendfile_waits++,
    attempt() {
      for (;;) {
        if (!tr.toEof && tr.left === 0) return done(c, sent);
        if (tr.offset < 0) {
          c.sendfile_fails++;
          return ['error', 'einval'];
        }
        OFF.writeBigInt64LE(BigInt(tr.offset), 0);
        c.sendfile++;
        const n = sys.sendfile(s.fd, tr.fd, OFF, tr.toEof ? CHUNK : Math.min(tr.left, CHUNK));
        if (n === -ERRNO.EAGAIN) return AGAIN;
        if (n < 0) {
          c.sendfile_fails++;
          return sent > 0 ? ['error', [posix(n), sent]] : ['error', posix(n)];
        }
        if (n === 0) return done(c, sent);
        sent += n;
        tr.offset += n;
        if (!tr.toEof) tr.left -= n;
        c.sendfile_byte += n;
        if (n > c.sendfile_max) c.sendfile_max = n;
      }
    },
    partial: () => (sent > 0 ? sent : undefined),
  });
}

function done(c: sendfile_counters, sent: number): readonly ['ok', number] {
  c.sendfile_pkg++;
  if (sent > c.sendfile_pkg_max) c.sendfile_pkg_max = sent;
  return ['ok', sent];
}
