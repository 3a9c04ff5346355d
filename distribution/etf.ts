/**
 * The external term format (`term_to_binary`/`binary_to_term`, and the wire format of
 * distribution), both ways, over beamlet's term representation (DESIGN.md "Terms").
 *
 * Mapping, Erlang → TypeScript:
 * - atom → string; `true`/`false` → boolean. An atom's text is limited to 255 characters.
 * - integer → number while it is a safe integer, bigint beyond.
 * - float → number. JS has one number type, so a float with an integral value (1.0)
 *   decodes to a number that encodes back as the integer 1: beamlet sends every integral
 *   number as an integer. NaN and ±Infinity have no Erlang form and are refused.
 * - tuple → unmarked array; proper list → array marked with `list()` (`[]` is `list([])`);
 *   a string (STRING_EXT) is a list of its character codes, as in Erlang.
 * - improper list → {@link ImproperList} (`[1, 2 | T]` is `new ImproperList([1, 2], T)`).
 * - binary → Buffer; bit string → {@link BitString}.
 * - map → plain object when every key is an atom, otherwise a JS `Map`.
 * - pid, reference, port of this node → the local {@link Pid}/{@link Ref} (so `===`
 *   works); of another node → {@link RemotePid}, {@link RemoteRef}, {@link Port},
 *   one object per identity.
 * - funs (and LOCAL_EXT, atom cache refs) are refused with an `ErlangError`.
 *
 * JS `undefined` encodes as the atom `undefined`. Symbols, functions and null are refused.
 * Decoding never throws anything but an `ErlangError` (reason `badarg`, or
 * `['badarg', What]` naming what was wrong), whatever bytes it is given.
 */
import { inflateSync } from 'node:zlib';
import { ErlangError, Pid, Ref, isList, list, type Term } from '../runtime/term.ts';

/** An improper list `[E1, ..., En | Tail]`: `tail` is not a list. */
export class ImproperList {
  readonly elements: readonly Term[];
  readonly tail: Term;
  constructor(elements: readonly Term[], tail: Term) {
    if (elements.length === 0 || isList(tail)) throw new ErlangError('badarg');
    this.elements = elements;
    this.tail = tail;
  }
}

/** A bit string whose length is not a multiple of 8: `bits` (1..7) of the last byte are used. */
export class BitString {
  readonly buffer: Buffer;
  readonly bits: number;
  constructor(buffer: Buffer, bits: number) {
    if (buffer.length === 0 || !(bits >= 1 && bits <= 7)) throw new ErlangError('badarg');
    // The unused low bits are zero in Erlang's own encoding; keep them so for equality.
    const b = Buffer.from(buffer);
    b[b.length - 1]! &= (0xff << (8 - bits)) & 0xff;
    this.buffer = b;
    this.bits = bits;
  }
}

// ---------------------------------------------------------------------------------------
// Node identity

/** Node name and creation of this runtime, as distribution sees it. */
interface LocalNode {
  name: string;
  creation: number;
}

const local: LocalNode = { name: 'nonode@nohost', creation: 0 };

/** Sets the name and creation local pids and refs are encoded with (set by startNode). */
export function setLocalNode(name: string, creation: number): void {
  local.name = name;
  local.creation = creation;
}

/** This runtime's node name (`node()`): `nonode@nohost` until a node is started. */
export function localNodeName(): string {
  return local.name;
}

const nodeIndexes = new Map<string, number>();

/** The small number a node's pids print with (`<N.Id.Serial>`), stable for the runtime's life. */
export function nodeIndex(name: string): number {
  let i = nodeIndexes.get(name);
  if (i === undefined) {
    i = nodeIndexes.size + 1;
    nodeIndexes.set(name, i);
  }
  return i;
}

/** A pid of another node. */
export class RemotePid extends Pid {
  readonly nodeName: string;
  readonly creation: number;
  constructor(nodeName: string, id: number, serial: number, creation: number) {
    super(id, serial, nodeIndex(nodeName));
    this.nodeName = nodeName;
    this.creation = creation;
  }
}

/** A reference made by another node. */
export class RemoteRef extends Ref {
  readonly nodeName: string;
  readonly creation: number;
  readonly ids: readonly number[];
  constructor(nodeName: string, creation: number, ids: readonly number[]) {
    super(0);
    this.nodeName = nodeName;
    this.creation = creation;
    this.ids = ids;
  }
  override toString(): string {
    return `#Ref<${nodeIndex(this.nodeName)}.${[...this.ids].reverse().join('.')}>`;
  }
}

/** A port identifier (beamlet has no ports of its own; they pass through). */
export class Port {
  readonly nodeName: string;
  readonly id: bigint;
  readonly creation: number;
  constructor(nodeName: string, id: bigint, creation: number) {
    this.nodeName = nodeName;
    this.id = id;
    this.creation = creation;
  }
  toString(): string {
    return `#Port<${nodeIndex(this.nodeName)}.${this.id}>`;
  }
}

/** The node a pid lives on: `node(Pid)`. */
export function nodeOf(x: Pid | Ref | Port): string {
  if (x instanceof RemotePid || x instanceof RemoteRef || x instanceof Port) return x.nodeName;
  return local.name;
}

// Interning: the same identity decodes to the same object, so `===` and receive patterns
// work on pids and refs that crossed the wire. Weak, so they cost nothing once dropped.
const interned = new Map<string, WeakRef<object>>();
const finalizer = new FinalizationRegistry<string>((key) => {
  const w = interned.get(key);
  if (w !== undefined && w.deref() === undefined) interned.delete(key);
});

function intern<T extends object>(key: string, make: () => T): T {
  const hit = interned.get(key)?.deref();
  if (hit !== undefined) return hit as T;
  const v = make();
  interned.set(key, new WeakRef(v));
  finalizer.register(v, key);
  return v;
}

/** The remote pid `<id.serial>` of `node`/`creation`, one object per identity. */
export function remotePid(node: string, id: number, serial: number, creation: number): Pid {
  return intern(`p|${node}|${creation}|${id}|${serial}`, () => new RemotePid(node, id, serial, creation));
}

/** The reference `ids` made by `node`/`creation`, one object per identity. */
export function remoteRef(node: string, creation: number, ids: readonly number[]): Ref {
  return intern(`r|${node}|${creation}|${ids.join('.')}`, () => new RemoteRef(node, creation, ids));
}

/** The port `id` of `node`/`creation`, one object per identity. */
export function port(node: string, id: bigint, creation: number): Port {
  return intern(`o|${node}|${creation}|${id}`, () => new Port(node, id, creation));
}

// Local pids and refs are remembered when encoded, so that they decode to the same object.
const localPids = new Map<string, WeakRef<Pid>>();
const localRefs = new Map<string, WeakRef<Ref>>();
const localFinalizer = new FinalizationRegistry<[Map<string, unknown>, string]>(([m, k]) => {
  const w = m.get(k) as WeakRef<object> | undefined;
  if (w !== undefined && w.deref() === undefined) m.delete(k);
});

// What rememberLocal already holds, so that encoding a known pid or ref costs one lookup.
const remembered = new WeakSet<object>();

function rememberLocal<T extends object>(m: Map<string, WeakRef<T>>, key: string, v: T): void {
  if (remembered.has(v)) return;
  remembered.add(v);
  m.set(key, new WeakRef(v));
  localFinalizer.register(v, [m as Map<string, unknown>, key]);
}

function localRefIds(r: Ref): number[] {
  const n = r.n;
  return [n % 0x40000, Math.floor(n / 0x40000) >>> 0, 0];
}

// ---------------------------------------------------------------------------------------
// Encoding

const enum Tag {
  NewFloat = 70,
  BitBinary = 77,
  Compressed = 80,
  AtomCacheRef = 82,
  Local = 121,
  NewPid = 88,
  NewPort = 89,
  NewerReference = 90,
  SmallInteger = 97,
  Integer = 98,
  Float = 99,
  Atom = 100,
  Reference = 101,
  PortOld = 102,
  PidOld = 103,
  SmallTuple = 104,
  LargeTuple = 105,
  Nil = 106,
  String = 107,
  List = 108,
  Binary = 109,
  SmallBig = 110,
  LargeBig = 111,
  NewFun = 112,
  Export = 113,
  NewReference = 114,
  SmallAtom = 115,
  Map = 116,
  Fun = 117,
  AtomUtf8 = 118,
  SmallAtomUtf8 = 119,
  V4Port = 120,
}

const VERSION = 131;

class Writer {
  buf: Buffer;
  pos = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }
  need(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const b = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(b, 0, 0, this.pos);
    this.buf = b;
  }
  u8(v: number): void {
    this.need(1);
    this.buf[this.pos++] = v;
  }
  u16(v: number): void {
    this.need(2);
    this.buf.writeUInt16BE(v, this.pos);
    this.pos += 2;
  }
  u32(v: number): void {
    this.need(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
  }
  bytes(b: Uint8Array): void {
    this.need(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}

function refuse(what: Term): never {
  throw new ErlangError(['badarg', what]);
}

// Encoded atoms (tag, length, text), by text: a message's atoms are mostly the same few.
const atomBytes = new Map<string, Buffer>();
const ATOM_CACHE_MAX = 4096;

function encodeAtom(a: string): Buffer {
  const b = Buffer.from(a, 'utf8');
  let chars = 0;
  for (const _c of a) chars++;
  if (chars > 255) refuse('atom_too_long');
  const head = b.length < 256 ? Buffer.from([Tag.SmallAtomUtf8, b.length]) : Buffer.from([Tag.AtomUtf8, b.length >> 8, b.length & 0xff]);
  return Buffer.concat([head, b]);
}

function writeAtom(w: Writer, a: string): void {
  let e = atomBytes.get(a);
  if (e === undefined) {
    e = encodeAtom(a);
    if (atomBytes.size < ATOM_CACHE_MAX) atomBytes.set(a, e);
  }
  w.bytes(e);
}

function writeBig(w: Writer, v: bigint): void {
  const neg = v < 0n;
  let m = neg ? -v : v;
  const digits: number[] = [];
  while (m > 0n) {
    digits.push(Number(m & 0xffn));
    m >>= 8n;
  }
  if (digits.length < 256) {
    w.u8(Tag.SmallBig);
    w.u8(digits.length);
  } else {
    w.u8(Tag.LargeBig);
    w.u32(digits.length);
  }
  w.u8(neg ? 1 : 0);
  w.bytes(Uint8Array.from(digits));
}

function writeInteger(w: Writer, v: number | bigint): void {
  if (typeof v === 'number') {
    if (v >= 0 && v <= 255) {
      w.u8(Tag.SmallInteger);
      w.u8(v);
    } else if (v >= -0x80000000 && v <= 0x7fffffff) {
      w.u8(Tag.Integer);
      w.u32(v);
    } else writeBig(w, BigInt(v));
  } else if (v >= -0x80000000n && v <= 0x7fffffffn) writeInteger(w, Number(v));
  else writeBig(w, v);
}

function writeList(w: Writer, elems: readonly Term[], tail: Term | null, depth: number): void {
  if (elems.length === 0 && tail === null) {
    w.u8(Tag.Nil);
    return;
  }
  if (tail === null && elems.length < 65536 && elems.every((e) => typeof e === 'number' && Number.isInteger(e) && e >= 0 && e <= 255)) {
    w.u8(Tag.String);
    w.u16(elems.length);
    w.bytes(Uint8Array.from(elems as number[]));
    return;
  }
  w.u8(Tag.List);
  w.u32(elems.length);
  for (const e of elems) write(w, e, depth);
  if (tail === null) w.u8(Tag.Nil);
  else write(w, tail, depth);
}

function writePid(w: Writer, p: Pid): void {
  w.u8(Tag.NewPid);
  if (p instanceof RemotePid) {
    writeAtom(w, p.nodeName);
    w.u32(p.id);
    w.u32(p.serial);
    w.u32(p.creation);
  } else {
    writeAtom(w, local.name);
    w.u32(p.id);
    w.u32(p.serial);
    w.u32(local.creation);
    if (!remembered.has(p)) rememberLocal(localPids, `${p.id}|${p.serial}`, p);
  }
}

function writeRef(w: Writer, r: Ref): void {
  w.u8(Tag.NewerReference);
  if (r instanceof RemoteRef) {
    w.u16(r.ids.length);
    writeAtom(w, r.nodeName);
    w.u32(r.creation);
    for (const id of r.ids) w.u32(id);
  } else {
    const ids = localRefIds(r);
    w.u16(ids.length);
    writeAtom(w, local.name);
    w.u32(local.creation);
    for (const id of ids) w.u32(id);
    rememberLocal(localRefs, ids.join('.'), r);
  }
}

const MAX_DEPTH = 10000;

function write(w: Writer, t: Term | Port | ImproperList | BitString | Map<Term, Term>, depth: number): void {
  if (++depth > MAX_DEPTH) refuse('too_deep');
  switch (typeof t) {
    case 'string':
      writeAtom(w, t);
      return;
    case 'boolean':
      writeAtom(w, t ? 'true' : 'false');
      return;
    case 'undefined':
      writeAtom(w, 'undefined');
      return;
    case 'bigint':
      writeInteger(w, t);
      return;
    case 'number':
      if (Number.isInteger(t)) writeInteger(w, t);
      else if (Number.isFinite(t)) {
        w.u8(Tag.NewFloat);
        w.need(8);
        w.buf.writeDoubleBE(t, w.pos);
        w.pos += 8;
      } else refuse('not_finite');
      return;
    case 'symbol':
    case 'function':
      refuse(typeof t);
  }
  if (t === null) refuse('null');
  if (Array.isArray(t)) {
    if (isList(t)) {
      writeList(w, t, null, depth);
      return;
    }
    const tuple = t as readonly Term[];
    if (tuple.length < 256) {
      w.u8(Tag.SmallTuple);
      w.u8(tuple.length);
    } else {
      w.u8(Tag.LargeTuple);
      w.u32(tuple.length);
    }
    for (const e of tuple) write(w, e, depth);
    return;
  }
  if (t instanceof Uint8Array) {
    w.u8(Tag.Binary);
    w.u32(t.length);
    w.bytes(t);
    return;
  }
  if (t instanceof Pid) return writePid(w, t);
  if (t instanceof Ref) return writeRef(w, t);
  if (t instanceof ImproperList) return writeList(w, t.elements, t.tail, depth);
  if (t instanceof BitString) {
    w.u8(Tag.BitBinary);
    w.u32(t.buffer.length);
    w.u8(t.bits);
    w.bytes(t.buffer);
    return;
  }
  if (t instanceof Port) {
    w.u8(Tag.V4Port);
    writeAtom(w, t.nodeName);
    w.need(8);
    w.buf.writeBigUInt64BE(t.id, w.pos);
    w.pos += 8;
    w.u32(t.creation);
    return;
  }
  if (t instanceof Map) {
    w.u8(Tag.Map);
    w.u32(t.size);
    for (const [k, v] of t) {
      write(w, k, depth);
      write(w, v, depth);
    }
    return;
  }
  const proto = Object.getPrototypeOf(t);
  if (proto !== Object.prototype && proto !== null) refuse('not_a_term');
  const keys = Object.keys(t);
  w.u8(Tag.Map);
  w.u32(keys.length);
  for (const k of keys) {
    writeAtom(w, k);
    write(w, (t as Record<string, Term>)[k]!, depth);
  }
}

/** What {@link encode} accepts: any Term and the classes of this module. */
export type Encodable = Term | Port | ImproperList | BitString | Map<Term, Term>;

/** Appends `t` without the version byte (the distribution layer writes several in a row). */
export function encodeInto(t: Encodable, size = 64): Buffer {
  const w = new Writer(size);
  w.u8(VERSION);
  write(w, t, 0);
  return w.buf.subarray(0, w.pos);
}

/**
 * One distribution frame in one buffer: 4-byte length, 112 (pass-through), the control
 * message and, if `hasPayload`, the payload, each with its version byte.
 */
export function encodeDistFrame(ctl: Encodable, payload: Encodable, hasPayload: boolean): Buffer {
  const w = new Writer(128);
  w.u32(0);
  w.u8(112);
  w.u8(VERSION);
  write(w, ctl, 0);
  if (hasPayload) {
    w.u8(VERSION);
    write(w, payload, 0);
  }
  w.buf.writeUInt32BE(w.pos - 4, 0);
  return w.buf.subarray(0, w.pos);
}

/** `term_to_binary/1`. Throws `ErlangError` (`['badarg', What]`) for what has no Erlang form. */
export function termToBinary(t: Encodable): Buffer {
  return encodeInto(t);
}

// ---------------------------------------------------------------------------------------
// Decoding

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    pos: number,
    readonly end: number,
  ) {
    this.pos = pos;
  }
  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new ErlangError(['badarg', 'truncated']);
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}

function bad(what: string): never {
  throw new ErlangError(['badarg', what]);
}

function atomFrom(b: Buffer, utf8: boolean): string {
  // ASCII (nearly every atom) is the same in latin1 and UTF-8 and cannot be over 255 characters.
  if (b.length < 256 && isAscii(b)) return b.toString('latin1');
  const s = utf8 ? b.toString('utf8') : b.toString('latin1');
  if (utf8 && !Buffer.from(s, 'utf8').equals(b)) bad('invalid_utf8');
  let chars = 0;
  for (const _c of s) chars++;
  if (chars > 255) bad('atom_too_long');
  return s;
}

function isAscii(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) return false;
  return true;
}

function readAtomValue(r: Reader): string | boolean {
  const a = readAtomText(r);
  return a === 'true' ? true : a === 'false' ? false : a;
}

function readAtomText(r: Reader): string {
  const tag = r.u8();
  switch (tag) {
    case Tag.AtomUtf8:
      return atomFrom(r.bytes(r.u16()), true);
    case Tag.SmallAtomUtf8:
      return atomFrom(r.bytes(r.u8()), true);
    case Tag.Atom:
      return atomFrom(r.bytes(r.u16()), false);
    case Tag.SmallAtom:
      return atomFrom(r.bytes(r.u8()), false);
    default:
      return bad('atom_expected');
  }
}

function bigFrom(digits: Buffer, neg: boolean): number | bigint {
  let v = 0n;
  for (let i = digits.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(digits[i]!);
  if (neg) v = -v;
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function makePid(node: string, id: number, serial: number, creation: number): Pid {
  if (node === local.name && creation === local.creation) {
    const hit = localPids.get(`${id}|${serial}`)?.deref();
    if (hit !== undefined) return hit;
  }
  return remotePid(node, id, serial, creation);
}

function makeRefTerm(node: string, creation: number, ids: number[]): Ref {
  if (node === local.name && creation === local.creation) {
    const hit = localRefs.get(ids.join('.'))?.deref();
    if (hit !== undefined) return hit;
  }
  return remoteRef(node, creation, ids);
}

function read(r: Reader, depth: number): unknown {
  if (++depth > MAX_DEPTH) bad('too_deep');
  const tag = r.u8();
  switch (tag) {
    case Tag.SmallInteger:
      return r.u8();
    case Tag.Integer:
      return r.i32();
    case Tag.NewFloat: {
      r.need(8);
      const v = r.buf.readDoubleBE(r.pos);
      r.pos += 8;
      if (!Number.isFinite(v)) bad('not_finite');
      return v;
    }
    case Tag.Float: {
      const s = r.bytes(31).toString('latin1').replace(/\0+$/, '');
      const v = Number(s);
      if (!/^[-+]?\d+\.\d+e[-+]?\d+$/.test(s) || !Number.isFinite(v)) bad('bad_float');
      return v;
    }
    case Tag.Atom:
    case Tag.SmallAtom:
    case Tag.AtomUtf8:
    case Tag.SmallAtomUtf8:
      r.pos--;
      return readAtomValue(r);
    case Tag.SmallTuple:
    case Tag.LargeTuple: {
      const n = tag === Tag.SmallTuple ? r.u8() : r.u32();
      r.need(n);
      const t = new Array<unknown>(n);
      for (let i = 0; i < n; i++) t[i] = read(r, depth);
      return t;
    }
    case Tag.Nil:
      return list([]);
    case Tag.String: {
      const b = r.bytes(r.u16());
      return list(Array.from(b));
    }
    case Tag.List: {
      const n = r.u32();
      r.need(n);
      const elems = new Array<Term>(n);
      for (let i = 0; i < n; i++) elems[i] = read(r, depth) as Term;
      const tail = read(r, depth) as Term;
      if (isList(tail)) return list(n === 0 ? (tail as Term[]) : elems.concat(tail as Term[]));
      if (n === 0) bad('bad_list');
      return new ImproperList(elems, tail);
    }
    case Tag.Binary:
      return Buffer.from(r.bytes(r.u32()));
    case Tag.BitBinary: {
      const n = r.u32();
      const bits = r.u8();
      const b = Buffer.from(r.bytes(n));
      if (bits === 8 && n > 0) return b;
      if (n === 0 || bits < 1 || bits > 8) bad('bad_bitstring');
      return new BitString(b, bits);
    }
    case Tag.SmallBig:
    case Tag.LargeBig: {
      const n = tag === Tag.SmallBig ? r.u8() : r.u32();
      const sign = r.u8();
      if (sign > 1) bad('bad_sign');
      return bigFrom(r.bytes(n), sign === 1);
    }
    case Tag.Map: {
      const n = r.u32();
      r.need(n * 2);
      const keys: unknown[] = [];
      const vals: unknown[] = [];
      let atomKeys = true;
      for (let i = 0; i < n; i++) {
        const k = read(r, depth);
        keys.push(k);
        vals.push(read(r, depth));
        if (typeof k !== 'string') atomKeys = false;
      }
      if (atomKeys) {
        const o: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          if (Object.prototype.hasOwnProperty.call(o, keys[i] as string)) bad('duplicate_key');
          Object.defineProperty(o, keys[i] as string, { value: vals[i], enumerable: true, writable: true, configurable: true });
        }
        return o;
      }
      const m = new Map<unknown, unknown>();
      for (let i = 0; i < n; i++) m.set(keys[i], vals[i]);
      return m;
    }
    case Tag.NewPid:
    case Tag.PidOld: {
      const node = readAtomText(r);
      const id = r.u32();
      const serial = r.u32();
      const creation = tag === Tag.NewPid ? r.u32() : r.u8();
      return makePid(node, id, serial, creation);
    }
    case Tag.NewerReference:
    case Tag.NewReference: {
      const n = r.u16();
      if (n < 1 || n > 5) bad('bad_reference');
      const node = readAtomText(r);
      const creation = tag === Tag.NewerReference ? r.u32() : r.u8();
      const ids: number[] = [];
      for (let i = 0; i < n; i++) ids.push(r.u32());
      return makeRefTerm(node, creation, ids);
    }
    case Tag.V4Port: {
      const node = readAtomText(r);
      r.need(8);
      const id = r.buf.readBigUInt64BE(r.pos);
      r.pos += 8;
      const creation = r.u32();
      return port(node, id, creation);
    }
    case Tag.NewPort:
    case Tag.PortOld: {
      const node = readAtomText(r);
      const id = BigInt(r.u32());
      const creation = tag === Tag.NewPort ? r.u32() : r.u8();
      return port(node, id, creation);
    }
    case Tag.NewFun:
    case Tag.Export:
    case Tag.Fun:
      return bad('fun');
    case Tag.Local:
      return bad('local_ext');
    case Tag.AtomCacheRef:
      return bad('atom_cache_ref');
    case Tag.Reference:
      return bad('old_reference');
    default:
      return bad('unknown_tag');
  }
}

function decodeAt(buf: Buffer, pos: number, end: number): [Term, number] {
  const r = new Reader(buf, pos, end);
  if (r.u8() !== VERSION) bad('version');
  if (r.buf[r.pos] === Tag.Compressed) {
    r.pos++;
    const size = r.u32();
    let raw: Buffer;
    try {
      raw = inflateSync(r.buf.subarray(r.pos, r.end), { maxOutputLength: Math.max(1, size) });
    } catch {
      return bad('bad_compressed');
    }
    if (raw.length !== size) bad('bad_compressed');
    const inner = new Reader(raw, 0, raw.length);
    const t = read(inner, 0) as Term;
    if (inner.pos !== raw.length) bad('trailing_bytes');
    return [t, r.end];
  }
  const t = read(r, 0) as Term;
  return [t, r.pos];
}

/**
 * Decodes one term (with its version byte) starting at `pos`; returns it and the offset
 * after it. The distribution layer reads a control message and a payload this way.
 */
export function decodeFrom(buf: Buffer, pos = 0, end = buf.length): [Term, number] {
  try {
    return decodeAt(buf, pos, end);
  } catch (e) {
    // Whatever went wrong (a bigint too large, a pathological input) surfaces as badarg.
    if (e instanceof ErlangError) throw e;
    throw new ErlangError(['badarg', 'invalid']);
  }
}

/** `binary_to_term/1`: the whole buffer must be one term. Throws `ErlangError` otherwise. */
export function binaryToTerm(buf: Buffer): Term {
  if (!Buffer.isBuffer(buf)) throw new ErlangError('badarg');
  const [t, end] = decodeFrom(buf);
  if (end !== buf.length) bad('trailing_bytes');
  return t;
}
