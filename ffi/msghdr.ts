/**
 * msghdr, iovec and mmsghdr: the arguments of sendmsg/recvmsg/sendmmsg/recvmmsg,
 * built in preallocated native-layout Buffers that point at the caller's Buffers.
 *
 * Zero copy: an iovec entry holds `koffi.address(buffer)`, so the kernel reads the
 * caller's own Buffers on send and writes into the receive buffers directly; the
 * caller keeps those Buffers referenced until the call returns (they are, as
 * arguments). Each class below allocates its header, iovec, name and control space
 * once; a call only rewrites the fields that change and allocates nothing but its
 * result. Pass `.hdr` (or `.hdrs`) where the libc binding takes `void *msg`.
 */
import { Buffer } from 'node:buffer';
import koffi from 'koffi';
import { C, S, fieldAt } from './constants.ts';
import { decodeCmsgs, encodeCmsgs, type cmsg_recv } from './cmsg.ts';
import { Invalid, SOCKADDR_MAX, decodeSockaddr, encodeSockaddr, type sockaddr_recv } from './sockaddr.ts';

// ---------------------------------------------------------------------------
// Layout

const IOV_BASE = fieldAt(S.iovec, 'iov_base', 8);
const IOV_LEN = fieldAt(S.iovec, 'iov_len', 8);
/** sizeof(struct iovec). */
export const IOVEC_SIZE = S.iovec.size;

const M_NAME = fieldAt(S.msghdr, 'msg_name', 8);
const M_NAMELEN = fieldAt(S.msghdr, 'msg_namelen', 4);
const M_IOV = fieldAt(S.msghdr, 'msg_iov', 8);
const M_IOVLEN = fieldAt(S.msghdr, 'msg_iovlen', 8);
const M_CONTROL = fieldAt(S.msghdr, 'msg_control', 8);
const M_CONTROLLEN = fieldAt(S.msghdr, 'msg_controllen', 8);
const M_FLAGS = fieldAt(S.msghdr, 'msg_flags', 4);
/** sizeof(struct msghdr). */
export const MSGHDR_SIZE = S.msghdr.size;

const MM_HDR = fieldAt(S.mmsghdr, 'msg_hdr', MSGHDR_SIZE);
const MM_LEN = fieldAt(S.mmsghdr, 'msg_len', 4);
/** sizeof(struct mmsghdr). */
export const MMSGHDR_SIZE = S.mmsghdr.size;

/** The most iovec entries one call takes (IOV_MAX; the manual's `iov_max`). */
export const IOV_MAX = C.IOV_MAX;

const addr = (b: Buffer): bigint => (b.length === 0 ? 0n : koffi.address(b));

// size_t fields: lengths here stay far below 2^53, so a Number written as u64 is exact.
function writeSize(out: Buffer, off: number, n: number): void {
  out.writeUInt32LE(n % 0x1_0000_0000, off);
  out.writeUInt32LE(Math.floor(n / 0x1_0000_0000), off + 4);
}
function readSize(buf: Buffer, off: number): number {
  return buf.readUInt32LE(off) + buf.readUInt32LE(off + 4) * 0x1_0000_0000;
}

/** Writes one iovec entry per Buffer at `out[off..]`; returns the total byte count. */
export function encodeIovec(bufs: readonly Buffer[], out: Buffer, off = 0): number {
  let total = 0;
  for (let i = 0; i < bufs.length; i++) {
    const b = bufs[i]!;
    const o = off + i * IOVEC_SIZE;
    out.writeBigUInt64LE(addr(b), o + IOV_BASE);
    writeSize(out, o + IOV_LEN, b.length);
    total += b.length;
  }
  return total;
}

/** The fields of one msghdr, as {@link encodeMsghdr} writes them. */
export interface MsghdrFields {
  readonly name: bigint;
  readonly namelen: number;
  readonly iov: bigint;
  readonly iovlen: number;
  readonly control: bigint;
  readonly controllen: number;
  readonly flags: number;
}

/** Writes a msghdr at `out[off..]` from addresses and lengths. */
export function encodeMsghdr(m: MsghdrFields, out: Buffer, off = 0): void {
  out.writeBigUInt64LE(m.name, off + M_NAME);
  out.writeUInt32LE(m.namelen, off + M_NAMELEN);
  out.writeUInt32LE(0, off + M_NAMELEN + 4);
  out.writeBigUInt64LE(m.iov, off + M_IOV);
  writeSize(out, off + M_IOVLEN, m.iovlen);
  out.writeBigUInt64LE(m.control, off + M_CONTROL);
  writeSize(out, off + M_CONTROLLEN, m.controllen);
  out.writeInt32LE(m.flags, off + M_FLAGS);
  out.writeUInt32LE(0, off + M_FLAGS + 4);
}

/** Reads a msghdr back (the kernel updates namelen, controllen and flags). */
export function decodeMsghdr(buf: Buffer, off = 0): MsghdrFields {
  return {
    name: buf.readBigUInt64LE(off + M_NAME),
    namelen: buf.readUInt32LE(off + M_NAMELEN),
    iov: buf.readBigUInt64LE(off + M_IOV),
    iovlen: readSize(buf, off + M_IOVLEN),
    control: buf.readBigUInt64LE(off + M_CONTROL),
    controllen: readSize(buf, off + M_CONTROLLEN),
    flags: buf.readInt32LE(off + M_FLAGS),
  };
}

// ---------------------------------------------------------------------------
// msg_flag() atoms

/** `msg_flag()`. */
export type msg_flag =
  | 'cmsg_cloexec' | 'confirm' | 'ctrunc' | 'dontroute' | 'eor' | 'errqueue' | 'more' | 'oob'
  | 'peek' | 'trunc';
const MSG_FLAGS: readonly (readonly [msg_flag, number])[] = [
  ['cmsg_cloexec', C.MSG_CMSG_CLOEXEC], ['confirm', C.MSG_CONFIRM], ['ctrunc', C.MSG_CTRUNC],
  ['dontroute', C.MSG_DONTROUTE], ['eor', C.MSG_EOR], ['errqueue', C.MSG_ERRQUEUE],
  ['more', C.MSG_MORE], ['oob', C.MSG_OOB], ['peek', C.MSG_PEEK], ['trunc', C.MSG_TRUNC],
];
const MSG_FLAG_BITS: ReadonlyMap<string, number> = new Map(MSG_FLAGS);

/** `msg_flags` as atoms; bits without an atom come last, as one integer. */
export function decodeMsgFlags(n: number): (msg_flag | number)[] {
  const out: (msg_flag | number)[] = [];
  if (n === 0) return out;
  for (const [name, bit] of MSG_FLAGS) {
    if (n & bit) {
      out.push(name);
      n &= ~bit;
    }
  }
  if (n) out.push(n);
  return out;
}

/** Atoms (and integers) to a flag word; undefined on an unknown atom. */
export function encodeMsgFlags(flags: readonly unknown[]): number | undefined {
  let n = 0;
  for (const f of flags) {
    const bit = typeof f === 'string' ? MSG_FLAG_BITS.get(f) : Number.isInteger(f) ? (f as number) : undefined;
    if (bit === undefined) return undefined;
    n |= bit;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Send side

/** `msg_send()` as the codec reads it. */
export interface msg_send {
  readonly addr?: unknown;
  readonly iov: readonly Buffer[];
  readonly ctrl?: unknown;
}

/**
 * A reusable sendmsg argument: msghdr, an iovec array of {@link IOV_MAX} entries, a
 * sockaddr scratch and a control buffer that grows when a call needs more.
 */
export class SendMsg {
  readonly hdr = Buffer.alloc(MSGHDR_SIZE);
  private readonly iov = Buffer.alloc(IOV_MAX * IOVEC_SIZE);
  private readonly name = Buffer.alloc(SOCKADDR_MAX);
  private control = Buffer.alloc(256);
  // Our own buffers never move: their addresses are taken once, and kept as two
  // 32-bit halves because writing a BigInt costs more than the rest of the header.
  private readonly nameAt = halves(addr(this.name));
  private controlAt = halves(addr(this.control));

  constructor() {
    this.hdr.writeBigUInt64LE(addr(this.iov), M_IOV);
  }

  /**
   * Points the msghdr at `msg`'s Buffers. Returns the byte count to send, or OTP's
   * invalid term: `['iov', ['list', n]]` past IOV_MAX entries,
   * `['iov', ['element_not_binary', position]]` for a non-Buffer, the sockaddr's term
   * for a bad `addr` (erl raises that one; the socket layer decides) and
   * `['msg', 'ctrl', ...]` for a bad `ctrl`.
   */
  prepare(msg: msg_send): number | Invalid {
    const iov = msg.iov;
    if (iov.length > IOV_MAX) return new Invalid(['iov', ['list', iov.length]]);
    for (let i = 0; i < iov.length; i++) {
      if (!Buffer.isBuffer(iov[i])) return new Invalid(['iov', ['element_not_binary', i + 1]]);
    }
    let namelen = 0;
    if (msg.addr !== undefined) {
      const n = encodeSockaddr(msg.addr, this.name);
      if (n instanceof Invalid) return n;
      namelen = n;
    }
    let controllen = 0;
    if (msg.ctrl !== undefined) {
      let n = encodeCmsgs(msg.ctrl, this.control);
      if (n instanceof Invalid) return n;
      if (n > this.control.length) {
        this.control = Buffer.alloc(n);
        this.controlAt = halves(addr(this.control));
        n = encodeCmsgs(msg.ctrl, this.control) as number;
      }
      controllen = n;
    }
    const total = encodeIovec(iov, this.iov);
    const h = this.hdr;
    writePtr(h, M_NAME, namelen ? this.nameAt : NULL);
    h.writeUInt32LE(namelen, M_NAMELEN);
    writeSize(h, M_IOVLEN, iov.length);
    writePtr(h, M_CONTROL, controllen ? this.controlAt : NULL);
    writeSize(h, M_CONTROLLEN, controllen);
    h.writeInt32LE(0, M_FLAGS);
    return total;
  }
}

type Halves = readonly [lo: number, hi: number];
const NULL: Halves = [0, 0];
const halves = (a: bigint): Halves => [Number(a & 0xffff_ffffn), Number(a >> 32n)];
function writePtr(out: Buffer, off: number, [lo, hi]: Halves): void {
  out.writeUInt32LE(lo, off);
  out.writeUInt32LE(hi, off + 4);
}

// ---------------------------------------------------------------------------
// Receive side

/** What one received message decodes to: the manual's `msg_recv()` minus `flags` atoms. */
export interface RecvResult {
  readonly addr?: sockaddr_recv;
  readonly ctrl: cmsg_recv[];
  readonly flags: number;
}

/**
 * A reusable recvmsg argument with a name buffer and a control buffer of fixed
 * size; the data buffer is the caller's (e.g. a fresh Buffer of the wanted size,
 * handed out afterwards as an exact-length slice).
 */
export class RecvMsg {
  readonly hdr = Buffer.alloc(MSGHDR_SIZE);
  private readonly iov = Buffer.alloc(IOVEC_SIZE);
  private readonly name = Buffer.alloc(SOCKADDR_MAX);
  private readonly control: Buffer;

  constructor(controlSize = 0) {
    this.control = Buffer.alloc(controlSize);
  }

  /** Points the msghdr at `data` (one iovec) and resets the lengths the kernel rewrites. */
  prepare(data: Buffer): void {
    encodeIovec([data], this.iov);
    encodeMsghdr(
      {
        name: addr(this.name),
        namelen: SOCKADDR_MAX,
        iov: addr(this.iov),
        iovlen: 1,
        control: addr(this.control),
        controllen: this.control.length,
        flags: 0,
      },
      this.hdr,
    );
  }

  /** Decodes the address, control messages and flags the kernel left in the msghdr. */
  result(): RecvResult {
    const m = decodeMsghdr(this.hdr);
    const ctrl = decodeCmsgs(this.control, 0, Math.min(m.controllen, this.control.length));
    if (m.namelen === 0) return { ctrl, flags: m.flags };
    return { addr: decodeSockaddr(this.name, 0, Math.min(m.namelen, SOCKADDR_MAX)), ctrl, flags: m.flags };
  }
}

/**
 * A reusable recvmmsg argument: `vlen` mmsghdrs, each with one iovec into its own
 * `bufSize` slice of one receive area, a name slot and a control slot.
 */
export class RecvMmsg {
  readonly hdrs: Buffer;
  readonly data: Buffer;
  private readonly iov: Buffer;
  private readonly names: Buffer;
  private readonly control: Buffer;

  constructor(readonly vlen: number, readonly bufSize: number, readonly controlSize = 0) {
    this.hdrs = Buffer.alloc(vlen * MMSGHDR_SIZE);
    this.data = Buffer.alloc(vlen * bufSize);
    this.iov = Buffer.alloc(vlen * IOVEC_SIZE);
    this.names = Buffer.alloc(vlen * SOCKADDR_MAX);
    this.control = Buffer.alloc(vlen * controlSize);
    const dataAt = addr(this.data);
    const iovAt = addr(this.iov);
    const namesAt = addr(this.names);
    const controlAt = controlSize ? addr(this.control) : 0n;
    for (let i = 0; i < vlen; i++) {
      const o = i * IOVEC_SIZE;
      this.iov.writeBigUInt64LE(dataAt + BigInt(i * bufSize), o + IOV_BASE);
      writeSize(this.iov, o + IOV_LEN, bufSize);
      encodeMsghdr(
        {
          name: namesAt + BigInt(i * SOCKADDR_MAX),
          namelen: SOCKADDR_MAX,
          iov: iovAt + BigInt(o),
          iovlen: 1,
          control: controlSize ? controlAt + BigInt(i * controlSize) : 0n,
          controllen: controlSize,
          flags: 0,
        },
        this.hdrs,
        i * MMSGHDR_SIZE + MM_HDR,
      );
    }
  }

  /** Resets the lengths the kernel rewrote, before the next recvmmsg. */
  reset(): void {
    for (let i = 0; i < this.vlen; i++) {
      const o = i * MMSGHDR_SIZE + MM_HDR;
      this.hdrs.writeUInt32LE(SOCKADDR_MAX, o + M_NAMELEN);
      writeSize(this.hdrs, o + M_CONTROLLEN, this.controlSize);
      this.hdrs.writeInt32LE(0, o + M_FLAGS);
      this.hdrs.writeUInt32LE(0, i * MMSGHDR_SIZE + MM_LEN);
    }
  }

  /**
   * Message `i`: a copy of its bytes (exact length), its address, control and flags.
   * Called once per datagram: it reads only the three fields it needs from the msghdr,
   * and the result always has the same four keys in the same order (`addr` undefined
   * when the kernel gave none), so the code reading it sees one object shape.
   */
  message(i: number): MmsgResult {
    const o = i * MMSGHDR_SIZE;
    const h = o + MM_HDR;
    const len = Math.min(this.hdrs.readUInt32LE(o + MM_LEN), this.bufSize);
    const namelen = this.hdrs.readUInt32LE(h + M_NAMELEN);
    const at = i * this.bufSize;
    const iov = Buffer.allocUnsafe(len);
    this.data.copy(iov, 0, at, at + len);
    return {
      addr: namelen === 0 ? undefined : decodeSockaddr(this.names, i * SOCKADDR_MAX, Math.min(namelen, SOCKADDR_MAX)),
      iov,
      ctrl: this.controlSize
        ? decodeCmsgs(this.control, i * this.controlSize, Math.min(readSize(this.hdrs, h + M_CONTROLLEN), this.controlSize))
        : [],
      flags: this.hdrs.readInt32LE(h + M_FLAGS),
    };
  }
}

/** One message of a {@link RecvMmsg}. */
export interface MmsgResult {
  readonly addr: sockaddr_recv | undefined;
  readonly iov: Buffer;
  readonly ctrl: cmsg_recv[];
  readonly flags: number;
}

/**
 * A reusable sendmmsg argument for up to `vlen` messages, each a {@link SendMsg}
 * whose msghdr is copied into one mmsghdr array.
 */
export class SendMmsg {
  readonly hdrs: Buffer;
  private readonly msgs: SendMsg[];

  constructor(readonly vlen: number) {
    this.hdrs = Buffer.alloc(vlen * MMSGHDR_SIZE);
    this.msgs = Array.from({ length: vlen }, () => new SendMsg());
  }

  /** Prepares `msgs` (at most `vlen`, else RangeError); returns the count, or the first invalid term. */
  prepare(msgs: readonly msg_send[]): number | Invalid {
    if (msgs.length > this.vlen) throw new RangeError(`SendMmsg holds ${this.vlen} messages, got ${msgs.length}`);
    for (let i = 0; i < msgs.length; i++) {
      const r = this.msgs[i]!.prepare(msgs[i]!);
      if (r instanceof Invalid) return r;
      this.msgs[i]!.hdr.copy(this.hdrs, i * MMSGHDR_SIZE + MM_HDR);
      this.hdrs.writeUInt32LE(0, i * MMSGHDR_SIZE + MM_LEN);
    }
    return msgs.length;
  }

  /** Bytes the kernel reports sent for message `i`. */
  sent(i: number): number {
    return this.hdrs.readUInt32LE(i * MMSGHDR_SIZE + MM_LEN);
  }
}
