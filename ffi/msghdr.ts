/**
 * msghdr, iovec and mmsghdr: the arguments of sendmsg/recvmsg/sendmmsg/recvmmsg,
 * built in preallocated native-layout Buffers that point at the caller's Buffers.
 *
 * Zero copy: an iovec entry holds `koffi.address(buffer)`, so the kernel reads the
 * caller's own Buffers on send and writes into the receive buffers directly; the
 * caller keeps those Buffers referenced until the call returns (they are, as
 * arguments). Each class below allocates its header, iovec, name and control space
 * once; a call only rewrites the fields that change and allocates nothing but its
 * result (and, for RecvMmsg, a new slab when one is used up). Pass `.hdr` (or `.hdrs`)
 * where the libc binding takes `void *msg`.
 */
import { Buffer } from 'node:buffer';
import koffi from 'koffi';
import { C, S, fieldAt } from './constants.ts';
import { decodeCmsgs, encodeCmsgs, type cmsg_recv } from './cmsg.ts';
import { Invalid, SOCKADDR_MAX, decodeSource, encodeSockaddr, type sockaddr_recv } from './sockaddr.ts';

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

/** The fields of one msghdr, as {@link decodeMsghdr} reads them. */
export interface MsghdrFields {
  readonly name: bigint;
  readonly namelen: number;
  readonly iov: bigint;
  readonly iovlen: number;
  readonly control: bigint;
  readonly controllen: number;
  readonly flags: number;
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
// Native-layout areas

// The message classes write their headers through 32-bit views, not Buffer's
// methods (each of those checks its arguments, and a BigInt write costs about 55 ns): a
// batch of 64 rewrites a few hundred fields per call. The field offsets are multiples of 4.
const U32 = 4;
// 2^-32: a product by a power of two is exact, and cheaper than the division.
const TWO_M32 = 1 / 0x1_0000_0000;

/** An address or a size_t as two 32-bit words at `w[at]`, `w[at + 1]` (little-endian). */
function put64(w: Uint32Array, at: number, v: number): void {
  const lo = v >>> 0;
  w[at] = lo;
  w[at + 1] = (v - lo) * TWO_M32;
}

/** The address of `b`'s first byte as a number (below 2^53 on every 64-bit Linux). */
const addressOf = (b: Buffer): number => Number(koffi.address(b));

/**
 * At least `n` bytes whose address never changes: V8 keeps typed arrays of up to 64
 * bytes on its heap, where they can move, so an area whose address goes into a header
 * is never that small.
 */
function area(n: number): Buffer {
  return Buffer.alloc(Math.max(n, 128));
}

/** `n` 32-bit words over `b`. */
const words = (b: Buffer): Uint32Array => new Uint32Array(b.buffer, b.byteOffset, b.length >> 2);

// The last Buffer put into an iovec and its address: consecutive entries often send the
// same one (a batch of copies of one message), and koffi.address costs about 55 ns.
// Forgotten at the end of each prepare, so no Buffer is kept alive past its call.
let lastBuf: Buffer | null = null;
let lastAt = 0;

/** Writes one iovec entry per Buffer of `bufs` from entry `e` of `v`; returns the byte count. */
function putIovec(v: Uint32Array, e: number, bufs: readonly Buffer[]): number {
  let total = 0;
  for (let j = 0; j < bufs.length; j++, e++) {
    const b = bufs[j]!;
    if (b !== lastBuf) {
      lastBuf = b;
      lastAt = b.length === 0 ? 0 : addressOf(b);
    }
    put64(v, (e * IOVEC_SIZE + IOV_BASE) / U32, lastAt);
    put64(v, (e * IOVEC_SIZE + IOV_LEN) / U32, b.length);
    total += b.length;
  }
  return total;
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
 * sockaddr scratch and a control buffer that grows when a call needs more. Its own areas
 * never move, so their addresses are written once; a call writes the rest through a
 * 32-bit view.
 */
export class SendMsg {
  readonly hdr = area(MSGHDR_SIZE);
  private readonly h = words(this.hdr);
  private readonly iov = area(IOV_MAX * IOVEC_SIZE);
  private readonly v = words(this.iov);
  private readonly name = area(SOCKADDR_MAX);
  private readonly nameAt = addressOf(this.name);
  private control = area(256);
  private controlAt = addressOf(this.control);

  constructor() {
    put64(this.h, M_IOV / U32, addressOf(this.iov));
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
      if (typeof n !== 'number') return n;
      namelen = n;
    }
    let controllen = 0;
    if (msg.ctrl !== undefined) {
      let n = encodeCmsgs(msg.ctrl, this.control);
      if (typeof n !== 'number') return n;
      if (n > this.control.length) {
        this.control = area(n);
        this.controlAt = addressOf(this.control);
        n = encodeCmsgs(msg.ctrl, this.control) as number;
      }
      controllen = n;
    }
    const total = putIovec(this.v, 0, iov);
    lastBuf = null;
    const h = this.h;
    put64(h, M_NAME / U32, namelen ? this.nameAt : 0);
    h[M_NAMELEN / U32] = namelen;
    put64(h, M_IOVLEN / U32, iov.length);
    put64(h, M_CONTROL / U32, controllen ? this.controlAt : 0);
    put64(h, M_CONTROLLEN / U32, controllen);
    h[M_FLAGS / U32] = 0;
    return total;
  }
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
 * A reusable recvmsg argument with a name area and a control area of fixed size; the
 * data is the caller's (a Buffer, or memory by address such as a slab's free tail). The
 * msghdr's pointers are written once; a call rewrites the iovec and the three fields the
 * kernel changes.
 */
export class RecvMsg {
  readonly hdr = area(MSGHDR_SIZE);
  private readonly h = words(this.hdr);
  private readonly iov = area(IOVEC_SIZE);
  private readonly v = words(this.iov);
  private readonly name = area(SOCKADDR_MAX);
  private readonly control: Buffer;

  constructor(readonly controlSize = 0) {
    this.control = area(controlSize);
    const h = this.h;
    put64(h, M_NAME / U32, addressOf(this.name));
    put64(h, M_IOV / U32, addressOf(this.iov));
    put64(h, M_IOVLEN / U32, 1);
    put64(h, M_CONTROL / U32, controlSize ? addressOf(this.control) : 0);
  }

  /** Points the msghdr at `data` (one iovec) and resets the lengths the kernel rewrites. */
  prepare(data: Buffer): void {
    this.prepareAt(data.length === 0 ? 0 : addressOf(data), data.length);
  }

  /** As {@link prepare}, for `len` bytes at `at`, memory that does not move while the call runs. */
  prepareAt(at: number, len: number): void {
    put64(this.v, IOV_BASE / U32, at);
    put64(this.v, IOV_LEN / U32, len);
    const h = this.h;
    h[M_NAMELEN / U32] = SOCKADDR_MAX;
    put64(h, M_CONTROLLEN / U32, this.controlSize);
    h[M_FLAGS / U32] = 0;
  }

  /** Decodes the address, control messages and flags the kernel left in the msghdr. */
  result(): RecvResult {
    const h = this.h;
    const namelen = h[M_NAMELEN / U32]!;
    const controllen = h[M_CONTROLLEN / U32]!;
    const flags = h[M_FLAGS / U32]! | 0;
    const ctrl = decodeCmsgs(this.control, 0, Math.min(controllen, this.controlSize));
    if (namelen === 0) return { ctrl, flags };
    return { addr: decodeSource(this.name, 0, Math.min(namelen, SOCKADDR_MAX)), ctrl, flags };
  }
}

/**
 * Receive areas of at most this many bytes (`vlen` x `bufSize`) are handed out as views
 * of a slab; larger ones are copied out of one fixed area.
 */
const VIEW_AREA_MAX = 65536;
const SLAB_SIZE = 4 * VIEW_AREA_MAX;

/**
 * A reusable recvmmsg argument: `vlen` mmsghdrs, each with one iovec of `bufSize` bytes,
 * a name slot and a control slot.
 *
 * Where the datagrams land: when `vlen * bufSize` is at most 64 KiB, in `bufSize` slots of
 * a 256 KiB slab, handed out as views (one allocation per slab, no copy; a view keeps its
 * slab alive, as recv's do). After a call only the slots it filled move on to fresh ones
 * at the slab's tail, so a call that got a few datagrams re-points a few iovecs, not
 * `vlen`. A larger area (say 64 x the 8 KiB default) would use a slab up in a few calls
 * whatever arrived, so it is one fixed area, and each datagram is copied out at its exact
 * length.
 */
export class RecvMmsg {
  readonly hdrs: Buffer;
  private readonly h: Uint32Array;
  private readonly iov: Buffer;
  private readonly v: Uint32Array;
  private readonly names: Buffer;
  private readonly control: Buffer;
  private readonly views: boolean;
  private data: Buffer;
  private dataAt: number;
  // `data`'s ArrayBuffer, taken once: `.buffer` is a getter that goes into C++ each time.
  private dataBuffer: ArrayBufferLike;
  /** Where slot `i` starts in `data`'s ArrayBuffer. */
  private readonly slot: Float64Array;
  /** The first byte of `data` no slot has taken yet. */
  private tail = 0;
  /** How many headers the kernel may have rewritten since they were last reset. */
  private dirty: number;

  constructor(readonly vlen: number, readonly bufSize: number, readonly controlSize = 0) {
    this.hdrs = area(vlen * MMSGHDR_SIZE);
    this.h = words(this.hdrs);
    this.iov = area(vlen * IOVEC_SIZE);
    this.v = words(this.iov);
    this.names = area(vlen * SOCKADDR_MAX);
    this.control = area(vlen * controlSize);
    this.views = vlen * bufSize <= VIEW_AREA_MAX;
    this.data = this.views ? Buffer.allocUnsafeSlow(SLAB_SIZE) : area(vlen * bufSize);
    this.dataAt = addressOf(this.data);
    this.dataBuffer = this.data.buffer;
    const iovAt = addressOf(this.iov);
    const namesAt = addressOf(this.names);
    const controlAt = controlSize ? addressOf(this.control) : 0;
    const h = this.h;
    for (let i = 0; i < vlen; i++) {
      const at = (i * MMSGHDR_SIZE + MM_HDR) / U32;
      put64(h, at + M_NAME / U32, namesAt + i * SOCKADDR_MAX);
      put64(h, at + M_IOV / U32, iovAt + i * IOVEC_SIZE);
      put64(h, at + M_IOVLEN / U32, 1);
      put64(h, at + M_CONTROL / U32, controlSize ? controlAt + i * controlSize : 0);
      put64(this.v, (i * IOVEC_SIZE + IOV_LEN) / U32, bufSize);
    }
    this.dirty = vlen;
    this.reset();
    this.slot = new Float64Array(vlen);
    this.refill(vlen);
  }

  /** Gives slots `0..n-1` fresh room at the tail (all of them in a new slab when it is full). */
  private refill(n: number): void {
    if (this.views && this.tail + n * this.bufSize > SLAB_SIZE) {
      this.data = Buffer.allocUnsafeSlow(SLAB_SIZE);
      this.dataAt = addressOf(this.data);
      this.dataBuffer = this.data.buffer;
      this.tail = 0;
      n = this.vlen;
    }
    const v = this.v;
    const slot = this.slot;
    const start = this.data.byteOffset;
    const at = this.dataAt;
    let tail = this.tail;
    for (let i = 0; i < n; i++) {
      slot[i] = start + tail;
      put64(v, (i * IOVEC_SIZE + IOV_BASE) / U32, at + tail);
      tail += this.bufSize;
    }
    this.tail = tail;
  }

  /** Before each recvmmsg: resets the lengths and flags the kernel rewrote last time. */
  reset(): void {
    const h = this.h;
    for (let i = 0; i < this.dirty; i++) {
      const at = (i * MMSGHDR_SIZE + MM_HDR) / U32;
      h[at + M_NAMELEN / U32] = SOCKADDR_MAX;
      put64(h, at + M_CONTROLLEN / U32, this.controlSize);
      h[at + M_FLAGS / U32] = 0;
    }
    this.dirty = this.vlen;
  }

  /**
   * The `n` messages the last recvmmsg received, as the manual's `msg_recv()` maps: the
   * bytes (exact length), the address (no `addr` key when the kernel gave none, so one
   * socket's results share one shape), control messages and flags.
   */
  messages(n: number): MmsgMessage[] {
    const h = this.h;
    const out: MmsgMessage[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const at = (i * MMSGHDR_SIZE + MM_HDR) / U32;
      const got = h[(i * MMSGHDR_SIZE + MM_LEN) / U32]!;
      const len = got < this.bufSize ? got : this.bufSize;
      const from = this.slot[i]!;
      let data: Buffer;
      if (this.views) data = Buffer.from(this.dataBuffer, from, len);
      else {
        data = Buffer.allocUnsafe(len);
        data.set(new Uint8Array(this.dataBuffer, from, len));
      }
      const namelen = h[at + M_NAMELEN / U32]!;
      const ctrl = this.controlSize
        ? decodeCmsgs(this.control, i * this.controlSize, Math.min(h[at + M_CONTROLLEN / U32]!, this.controlSize))
        : [];
      const flags = decodeMsgFlags(h[at + M_FLAGS / U32]! | 0);
      out[i] = namelen === 0
        ? { iov: [data], ctrl, flags }
        : { addr: decodeSource(this.names, i * SOCKADDR_MAX, namelen < SOCKADDR_MAX ? namelen : SOCKADDR_MAX), iov: [data], ctrl, flags };
    }
    this.dirty = n;
    if (this.views) this.refill(n);
    return out;
  }
}

/** One message of {@link RecvMmsg.messages}: the manual's `msg_recv()`. */
export interface MmsgMessage {
  readonly addr?: sockaddr_recv;
  readonly iov: Buffer[];
  readonly ctrl: cmsg_recv[];
  readonly flags: (msg_flag | number)[];
}

/**
 * A reusable sendmmsg argument for up to `vlen` messages: the mmsghdrs, one iovec area
 * that the messages' entries share in order, a sockaddr slot per message and one control
 * area that their control data share; the iovec and control areas grow when a batch
 * needs more.
 */
export class SendMmsg {
  readonly hdrs: Buffer;
  private readonly h: Uint32Array;
  private readonly names: Buffer;
  private readonly namesAt: number;
  private iov = area(0);
  private v = words(this.iov);
  private iovAt = addressOf(this.iov);
  private control = area(0);
  private controlAt = addressOf(this.control);
  private readonly totals: Float64Array;

  constructor(readonly vlen: number) {
    this.hdrs = area(vlen * MMSGHDR_SIZE);
    this.h = words(this.hdrs);
    this.names = area(vlen * SOCKADDR_MAX);
    this.namesAt = addressOf(this.names);
    this.totals = new Float64Array(vlen);
  }

  /**
   * Prepares `msgs` (at most `vlen`, else RangeError); returns the count, or the first
   * invalid term, as {@link SendMsg.prepare} judges a message.
   */
  prepare(msgs: readonly msg_send[]): number | Invalid {
    if (msgs.length > this.vlen) throw new RangeError(`SendMmsg holds ${this.vlen} messages, got ${msgs.length}`);
    let entries = 0;
    for (let i = 0; i < msgs.length; i++) entries += msgs[i]!.iov.length;
    if (entries * IOVEC_SIZE > this.iov.length) {
      this.iov = area(2 * entries * IOVEC_SIZE);
      this.v = words(this.iov);
      this.iovAt = addressOf(this.iov);
    }
    const h = this.h;
    const v = this.v;
    let e = 0;
    let controlUsed = 0;
    try {
      for (let i = 0; i < msgs.length; i++) {
        const msg = msgs[i]!;
        const iov = msg.iov;
        if (iov.length > IOV_MAX) return new Invalid(['iov', ['list', iov.length]]);
        for (let j = 0; j < iov.length; j++) {
          if (!Buffer.isBuffer(iov[j])) return new Invalid(['iov', ['element_not_binary', j + 1]]);
        }
        const at = (i * MMSGHDR_SIZE + MM_HDR) / U32;
        let namelen = 0;
        if (msg.addr !== undefined) {
          const n = encodeSockaddr(msg.addr, this.names, i * SOCKADDR_MAX);
          if (typeof n !== 'number') return n;
          namelen = n;
        }
        put64(h, at + M_NAME / U32, namelen ? this.namesAt + i * SOCKADDR_MAX : 0);
        h[at + M_NAMELEN / U32] = namelen;
        let controllen = 0;
        if (msg.ctrl !== undefined) {
          const n = encodeCmsgs(msg.ctrl, this.control, controlUsed);
          if (typeof n !== 'number') return n;
          if (controlUsed + n > this.control.length) {
            // Earlier messages point into the old area: grow, then lay the batch out again.
            this.control = area(2 * (controlUsed + n));
            this.controlAt = addressOf(this.control);
            return this.prepare(msgs);
          }
          controllen = n;
        }
        put64(h, at + M_CONTROL / U32, controllen ? this.controlAt + controlUsed : 0);
        put64(h, at + M_CONTROLLEN / U32, controllen);
        controlUsed += (controllen + 7) & ~7;
        put64(h, at + M_IOV / U32, this.iovAt + e * IOVEC_SIZE);
        put64(h, at + M_IOVLEN / U32, iov.length);
        h[at + M_FLAGS / U32] = 0;
        h[(i * MMSGHDR_SIZE + MM_LEN) / U32] = 0;
        this.totals[i] = putIovec(v, e, iov);
        e += iov.length;
      }
    } finally {
      lastBuf = null;
    }
    return msgs.length;
  }

  /** Bytes the kernel reports sent for message `i`. */
  sent(i: number): number {
    return this.h[(i * MMSGHDR_SIZE + MM_LEN) / U32]!;
  }

  /** Bytes message `i` of the last {@link prepare} holds. */
  total(i: number): number {
    return this.totals[i]!;
  }
}

