/**
 * The term printer: `format(term)` writes a term exactly as Erlang's `io_lib:format("~w")`
 * does, and `format(term, 'p')` as `"~p"` does, with io_lib_pretty's line breaking at
 * column 80 (OTP 25, latin1 mode: printable lists and binaries as strings).
 *
 * Mapping (DESIGN.md "Terms"): string, boolean, undefined, null and symbol print as atoms;
 * an integral number or a bigint as an integer, any other number as Erlang's shortest
 * float; an array as a tuple unless marked by `list()`; a plain object or a `Map` as a map,
 * keys in Erlang's term order; a Buffer or Uint8Array as a binary; Pid and Ref in their
 * Erlang shapes; a function as `#Fun<js.Name.Arity>`.
 */
import { isList, Pid, Ref, type Term } from './term.ts';

/** `'w'` is `~w` (one line, lists of integers as lists); `'p'` is `~p`. */
export type FormatMode = 'w' | 'p';

/** Layout for `~p`: the column the term starts at (1 = start of line) and the line width. */
export interface PrettyOptions {
  readonly column?: number;
  readonly lineLength?: number;
}

/**
 * Writes `term` as `io_lib:format("~w", [Term])` or `"~p"` would. It takes any value, so a
 * log line never throws: a `Map` or `Uint8Array` (beyond `Term`) prints as a map or binary.
 */
export function format(term: unknown, mode: FormatMode = 'w', options: PrettyOptions = {}): string {
  if (mode === 'w') return write(term);
  return pretty(term, Math.max(1, options.column ?? 1), options.lineLength ?? 80);
}

// ---------------------------------------------------------------------------------------
// Classification

type Kind =
  | 'integer'
  | 'float'
  | 'atom'
  | 'ref'
  | 'fun'
  | 'pid'
  | 'tuple'
  | 'map'
  | 'list'
  | 'binary';

function kindOf(t: unknown): Kind {
  switch (typeof t) {
    case 'string':
    case 'boolean':
    case 'undefined':
    case 'symbol':
      return 'atom';
    case 'number':
      return Number.isInteger(t) ? 'integer' : 'float';
    case 'bigint':
      return 'integer';
    case 'function':
      return 'fun';
  }
  if (t === null) return 'atom';
  if (t instanceof Pid) return 'pid';
  if (t instanceof Ref) return 'ref';
  if (t instanceof Uint8Array) return 'binary';
  if (Array.isArray(t)) return isList(t) ? 'list' : 'tuple';
  return 'map';
}

function atomText(t: unknown): string {
  if (typeof t === 'string') return t;
  if (typeof t === 'symbol') return t.description ?? '';
  if (t === null) return 'null';
  return String(t);
}

function mapEntries(t: object): [Term, Term][] {
  const entries: [Term, Term][] =
    t instanceof Map ? [...(t as Map<Term, Term>)] : (Object.entries(t) as [Term, Term][]);
  // Erlang writes a map in the order of its keys (true up to 32 keys; larger maps use
  // hash order, which beamlet cannot reproduce, so those stay sorted too).
  return entries.sort((a, b) => compare(a[0], b[0]));
}

// ---------------------------------------------------------------------------------------
// Term order, used to order map keys

const RANK: Record<Kind, number> = {
  integer: 0,
  float: 0,
  atom: 1,
  ref: 2,
  fun: 3,
  pid: 5,
  tuple: 6,
  map: 7,
  list: 8,
  binary: 9,
};

/** Erlang's term order: number < atom < reference < fun < pid < tuple < map < list < binary. */
export function compare(a: Term, b: Term): -1 | 0 | 1 {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (RANK[ka] !== RANK[kb]) return RANK[ka] < RANK[kb] ? -1 : 1;
  switch (ka) {
    case 'integer':
    case 'float':
      return cmp(Number(a), Number(b));
    case 'atom':
      return compareCodePoints(atomText(a), atomText(b));
    case 'ref':
      return cmp((a as Ref).n, (b as Ref).n);
    case 'fun':
      return compareCodePoints(write(a), write(b));
    case 'pid': {
      const p = a as Pid;
      const q = b as Pid;
      return cmp(p.node, q.node) || cmp(p.id, q.id) || cmp(p.serial, q.serial);
    }
    case 'tuple': {
      const x = a as readonly Term[];
      const y = b as readonly Term[];
      if (x.length !== y.length) return cmp(x.length, y.length);
      return compareSeq(x, y);
    }
    case 'list':
      return compareSeq(a as readonly Term[], b as readonly Term[]) || cmp((a as Term[]).length, (b as Term[]).length);
    case 'map': {
      const x = mapEntries(a as object);
      const y = mapEntries(b as object);
      if (x.length !== y.length) return cmp(x.length, y.length);
      return (
        compareSeq(x.map((e) => e[0]), y.map((e) => e[0])) ||
        compareSeq(x.map((e) => e[1]), y.map((e) => e[1]))
      );
    }
    case 'binary': {
      const r = Buffer.compare(asBuffer(a as Uint8Array), asBuffer(b as Uint8Array));
      return r < 0 ? -1 : r > 0 ? 1 : 0;
    }
  }
}

function cmp(a: number | bigint, b: number | bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareSeq(x: readonly Term[], y: readonly Term[]): -1 | 0 | 1 {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = compare(x[i] as Term, y[i] as Term);
    if (c !== 0) return c;
  }
  return 0;
}

// Atoms compare by character, not by UTF-16 unit.
function compareCodePoints(a: string, b: string): -1 | 0 | 1 {
  const x = [...a];
  const y = [...b];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = cmp(x[i]!.codePointAt(0)!, y[i]!.codePointAt(0)!);
    if (c !== 0) return c;
  }
  return cmp(x.length, y.length);
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

// ---------------------------------------------------------------------------------------
// ~w

function write(t: unknown): string {
  switch (kindOf(t)) {
    case 'integer':
      return writeInteger(t as number | bigint);
    case 'float':
      return writeFloat(t as number);
    case 'atom':
      return writeAtom(atomText(t));
    case 'ref':
    case 'pid':
      return String(t);
    case 'fun': {
      const f = t as (...args: never[]) => unknown;
      return `#Fun<js.${f.name || 'anonymous'}.${f.length}>`;
    }
    case 'binary':
      return `<<${Array.from(t as Uint8Array).join(',')}>>`;
    case 'tuple':
      return `{${(t as unknown[]).map(write).join(',')}}`;
    case 'list':
      return `[${(t as unknown[]).map(write).join(',')}]`;
    case 'map':
      return `#{${mapEntries(t as object)
        .map(([k, v]) => `${write(k)} => ${write(v)}`)
        .join(',')}}`;
  }
}

function writeInteger(n: number | bigint): string {
  // Past 2^53 String() switches to exponent form; BigInt keeps every digit.
  return typeof n === 'number' && !Number.isSafeInteger(n) ? BigInt(n).toString() : String(n);
}

/** `float_to_list(F, [short])`: shortest round-trip digits, fixed or exponent form, whichever is shorter. */
function writeFloat(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const [mantissa, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  const sci = `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}e${e}`;
  let fixed: string;
  if (e < 0) fixed = `0.${'0'.repeat(-e - 1)}${digits}`;
  else if (digits.length - 1 <= e) fixed = `${digits}${'0'.repeat(e - digits.length + 1)}.0`;
  else fixed = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  return (x < 0 ? '-' : '') + (fixed.length <= sci.length ? fixed : sci);
}

const RESERVED = new Set([
  'after', 'begin', 'case', 'try', 'cond', 'catch', 'andalso', 'orelse', 'end', 'fun', 'if',
  'let', 'of', 'receive', 'when', 'bnot', 'not', 'div', 'rem', 'band', 'and', 'bor', 'bxor',
  'bsl', 'bsr', 'or', 'xor',
]);

function isLowerStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
}

function isNameChar(c: number): boolean {
  return (
    isLowerStart(c) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0xc0 && c <= 0xde && c !== 0xd7) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x40
  );
}

/** `io_lib:write_atom_as_latin1/1`: quoted unless a bare lower-case name, not reserved. */
function writeAtom(name: string): string {
  const cs = [...name].map((c) => c.codePointAt(0)!);
  const bare = cs.length > 0 && isLowerStart(cs[0]!) && cs.every(isNameChar) && !RESERVED.has(name);
  if (bare) return name;
  return `'${cs.map((c) => escapeChar(c, 0x27)).join('')}'`;
}

const NAMED_ESCAPES: Record<number, string> = {
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
  0x08: '\\b',
  0x0c: '\\f',
  0x1b: '\\e',
  0x7f: '\\d',
};

/** One character inside quotes `q`, as `io_lib:write_string_as_latin1` writes it. */
function escapeChar(c: number, q: number): string {
  if (c === q || c === 0x5c) return `\\${String.fromCodePoint(c)}`;
  if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff)) return String.fromCodePoint(c);
  if (c > 0xff) return `\\x{${c.toString(16).toUpperCase()}}`;
  return NAMED_ESCAPES[c] ?? `\\${c.toString(8).padStart(3, '0')}`;
}

function isPrintableLatin1(c: unknown): boolean {
  return (
    typeof c === 'number' &&
    ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || (c >= 0x08 && c <= 0x0d) || c === 0x1b)
  );
}

function writeString(chars: ArrayLike<number>): string {
  return `"${Array.from(chars, (c) => escapeChar(c, 0x22)).join('')}"`;
}

// ---------------------------------------------------------------------------------------
// ~p: io_lib_pretty's layout. A term is first measured into a tree of nodes, each with the
// length it has on one line; the layout then decides where lines break. Atomic nodes
// (anything printed as one token, including strings) may share a line with their
// neighbours; the others are placed one per line once their parent does not fit.

type Node =
  | { readonly t: 'atomic'; readonly s: string; readonly len: number }
  | { readonly t: 'bin'; readonly parts: readonly string[]; readonly len: number }
  | { readonly t: 'list' | 'tuple'; readonly tagged: boolean; readonly items: readonly Node[]; readonly len: number }
  | { readonly t: 'map'; readonly items: readonly Node[]; readonly len: number }
  | { readonly t: 'pair'; readonly k: Node; readonly v: Node; readonly len: number };

function atomic(s: string): Node {
  return { t: 'atomic', s, len: [...s].length };
}

function seqLen(open: number, items: readonly Node[]): number {
  return open + items.reduce((n, i) => n + i.len, 0) + Math.max(0, items.length - 1);
}

function measure(t: unknown): Node {
  switch (kindOf(t)) {
    case 'list': {
      const l = t as readonly unknown[];
      if (l.length === 0) return atomic('[]');
      if (l.every(isPrintableLatin1)) return atomic(writeString(l as number[]));
      const items = l.map(measure);
      return { t: 'list', tagged: false, items, len: seqLen(2, items) };
    }
    case 'tuple': {
      const l = t as readonly unknown[];
      if (l.length === 0) return atomic('{}');
      const items = l.map(measure);
      return { t: 'tuple', tagged: l.length > 1 && kindOf(l[0]) === 'atom', items, len: seqLen(2, items) };
    }
    case 'map': {
      const entries = mapEntries(t as object);
      if (entries.length === 0) return atomic('#{}');
      const items = entries.map(([k, v]): Node => {
        const kn = measure(k);
        const vn = measure(v);
        return { t: 'pair', k: kn, v: vn, len: kn.len + 4 + vn.len };
      });
      return { t: 'map', items, len: seqLen(3, items) };
    }
    case 'binary': {
      const b = t as Uint8Array;
      if (b.length === 0) return atomic('<<>>');
      if (b.every(isPrintableLatin1)) return atomic(`<<${writeString(b)}>>`);
      const parts = Array.from(b, String);
      return { t: 'bin', parts, len: seqLen(4, parts.map(atomic)) };
    }
    default:
      return atomic(write(t));
  }
}

function writeNode(n: Node): string {
  switch (n.t) {
    case 'atomic':
      return n.s;
    case 'bin':
      return `<<${n.parts.join(',')}>>`;
    case 'list':
      return `[${n.items.map(writeNode).join(',')}]`;
    case 'tuple':
      return `{${n.items.map(writeNode).join(',')}}`;
    case 'map':
      return `#{${n.items.map(writeNode).join(',')}}`;
    case 'pair':
      return `${writeNode(n.k)} => ${writeNode(n.v)}`;
  }
}

const isAtomic = (n: Node): boolean => n.t === 'atomic';
const isAtomicPair = (n: Node): boolean => n.t === 'pair' && isAtomic(n.k) && isAtomic(n.v);
const spaces = (n: number): string => ' '.repeat(n);
// The nesting depth still to close after an element: 0 unless it is the last one.
const lastDepth = (rest: number, ld: number): number => (rest > 0 ? 0 : ld + 1);

/** Layout state shared by one call: line length and the longest single line allowed. */
interface Layout {
  readonly ll: number;
  readonly m: number;
}

function pretty(term: unknown, col: number, ll: number): string {
  const k = kindOf(term);
  if (k !== 'list' && k !== 'tuple' && k !== 'map' && k !== 'binary') return write(term);
  const node = measure(term);
  if (node.len < ll - col) return writeNode(node);
  const L: Layout = { ll, m: node.len };
  let tind = 1;
  for (const candidate of [-1, 4]) {
    try {
      cind(L, node, col, candidate, 0, 0);
      tind = candidate;
      break;
    } catch (e) {
      if (e !== NO_GOOD) throw e;
    }
  }
  return pp(L, node, col, tind, spaces(col - 1), 0, 0);
}

const fits = (L: Layout, len: number, col: number, ld: number, w: number): boolean =>
  len < L.ll - col - ld && len + w + ld <= L.m;

// Whether one more element fits after the previous one on the current line.
const fitsTail = (L: Layout, elen: number, col: number, ld1: number, w: number): boolean =>
  ld1 === 0 ? elen + 1 < L.ll - col && w + elen + 1 <= L.m : elen < L.ll - col - ld1 && w + elen + ld1 <= L.m;

function pp(L: Layout, n: Node, col: number, tind: number, ind: string, ld: number, w: number): string {
  if (fits(L, n.len, col, ld, w)) return writeNode(n);
  switch (n.t) {
    case 'list':
      return `[${ppList(L, n.items, col + 1, tind, ind + ' ', ld, w + 1)}]`;
    case 'tuple':
      if (n.tagged) return `{${ppTagTuple(L, n.items, col, tind, ind, ld, w + 1)}}`;
      return `{${ppList(L, n.items, col + 1, tind, ind + ' ', ld, w + 1)}}`;
    case 'map':
      return `#{${ppMap(L, n.items, col + 2, tind, ind + '  ', ld, w + 1)}}`;
    case 'bin':
      return ppBinary(L, n.parts, col + 2, ind + '  ', ld, w);
    default:
      return writeNode(n);
  }
}

function ppTagTuple(L: Layout, items: readonly Node[], col: number, tind: number, ind: string, ld: number, w: number): string {
  const [tag, ...rest] = items as [Node, ...Node[]];
  const tagInd = tag.len + 2;
  const tcol = col + tagInd;
  const s = writeNode(tag);
  if (tind > 0 && tagInd > tind) {
    return s + ppTail(L, rest, col + tind, tcol, tind, ind + spaces(tind), ld, w + tag.len);
  }
  return `${s},${ppList(L, rest, tcol, tind, ind + spaces(tagInd), ld, w + tag.len + 1)}`;
}

function ppList(L: Layout, items: readonly Node[], col0: number, tind: number, ind: string, ld: number, w: number): string {
  const [first, ...rest] = items as [Node, ...Node[]];
  const [s, we] = ppElement(L, first, col0, tind, ind, lastDepth(rest.length, ld), w);
  return s + ppTail(L, rest, col0, col0 + we, tind, ind, ld, w + we);
}

function ppTail(
  L: Layout,
  items: readonly Node[],
  col0: number,
  col: number,
  tind: number,
  ind: string,
  ld: number,
  w: number,
): string {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const e = items[i]!;
    const ld1 = lastDepth(items.length - i - 1, ld);
    const elen = 1 + e.len;
    if (fitsTail(L, elen, col, ld1, w) && isAtomic(e)) {
      out += `,${writeNode(e)}`;
      col += elen;
      w += elen;
    } else {
      const [s, we] = ppElement(L, e, col0, tind, ind, ld1, 0);
      out += `,\n${ind}${s}`;
      col = col0 + we;
      w = we;
    }
  }
  return out;
}

function ppElement(L: Layout, e: Node, col: number, tind: number, ind: string, ld: number, w: number): [string, number] {
  if (fits(L, e.len, col, ld, w) && isAtomic(e)) return [writeNode(e), e.len];
  return [pp(L, e, col, tind, ind, ld, w), L.ll]; // forces the next element onto a new line
}

function ppMap(L: Layout, pairs: readonly Node[], col: number, tind: number, ind: string, ld: number, w: number): string {
  const [first, ...rest] = pairs as [Node, ...Node[]];
  const [s0, pw0] = ppPair(L, first, col, tind, ind, lastDepth(rest.length, ld), w);
  let out = s0;
  let c = col + pw0;
  let width = pw0;
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i]!;
    const ld1 = lastDepth(rest.length - i - 1, ld);
    const elen = 1 + p.len;
    if (fitsTail(L, elen, c, ld1, width) && isAtomicPair(p)) {
      out += `,${writeNode(p)}`;
      c += elen;
      width += elen;
    } else {
      const [s, pw] = ppPair(L, p, col, tind, ind, ld1, 0);
      out += `,\n${ind}${s}`;
      c = col + pw;
      width = pw;
    }
  }
  return out;
}

function ppPair(L: Layout, p: Node, col: number, tind: number, ind: string, ld: number, w: number): [string, number] {
  if (fits(L, p.len, col, ld, w)) return [writeNode(p), isAtomicPair(p) ? p.len : L.ll];
  if (p.t !== 'pair') return [writeNode(p), L.ll];
  const i = tind > 0 ? tind : 4;
  const vind = ind + spaces(i);
  return [`${pp(L, p.k, col, tind, ind, ld, w)} =>\n${vind}${pp(L, p.v, col + i, tind, vind, ld, 0)}`, L.ll];
}

function ppBinary(L: Layout, parts: readonly string[], col: number, ind: string, ld: number, w: number): string {
  const n0 = Math.max(8, Math.min(L.ll - col, L.m - 4 - w) - ld);
  let n = n0;
  let out = '';
  for (let i = 0; i < parts.length - 1; i++) {
    const len = parts[i]!.length + 1;
    if (n - len < 0) {
      out += `\n${ind}${parts[i]},`;
      n = n0 - len;
    } else {
      out += `${parts[i]},`;
      n -= len;
    }
  }
  const last = parts[parts.length - 1]!;
  out += last.length > n ? `\n${ind}${last}` : last;
  return `<<${out}>>`;
}

// cind: a dry run of the layout that fails (throws NO_GOOD) when a tagged tuple would be
// indented past half the line; it picks the tag indentation pp then uses.

const NO_GOOD = Symbol('no_good');

function cind(L: Layout, n: Node, col: number, ind: number, ld: number, w: number): void {
  if (fits(L, n.len, col, ld, w)) return;
  switch (n.t) {
    case 'list':
      return cindList(L, n.items, col + 1, ind, ld, w + 1);
    case 'tuple':
      if (n.tagged) return cindTagTuple(L, n.items, col, ind, ld, w + 1);
      return cindList(L, n.items, col + 1, ind, ld, w + 1);
    case 'map':
      return cindMap(L, n.items, col + 2, ind, ld, w + 2);
  }
}

function cindTagTuple(L: Layout, items: readonly Node[], col: number, ind: number, ld: number, w: number): void {
  const [tag, ...rest] = items as [Node, ...Node[]];
  const tagInd = tag.len + 2;
  const tcol = col + tagInd;
  const half = Math.floor(L.ll / 2);
  if (ind > 0 && tagInd > ind) {
    const col1 = col + ind;
    if (!(L.m + col1 <= L.ll || col1 <= half)) throw NO_GOOD;
    cindTail(L, rest, col1, tcol, ind, ld, w + tag.len);
  } else {
    if (!(L.m + tcol < L.ll || tcol < half)) throw NO_GOOD;
    cindList(L, rest, tcol, ind, ld, w + tag.len + 1);
  }
}

function cindList(L: Layout, items: readonly Node[], col0: number, ind: number, ld: number, w: number): void {
  const [first, ...rest] = items as [Node, ...Node[]];
  const we = cindElement(L, first, col0, ind, lastDepth(rest.length, ld), w);
  cindTail(L, rest, col0, col0 + we, ind, ld, w + we);
}

function cindTail(L: Layout, items: readonly Node[], col0: number, col: number, ind: number, ld: number, w: number): void {
  for (let i = 0; i < items.length; i++) {
    const e = items[i]!;
    const ld1 = lastDepth(items.length - i - 1, ld);
    const elen = 1 + e.len;
    if (fitsTail(L, elen, col, ld1, w) && isAtomic(e)) {
      col += elen;
      w += elen;
    } else {
      const we = cindElement(L, e, col0, ind, ld1, 0);
      col = col0 + we;
      w = we;
    }
  }
}

function cindElement(L: Layout, e: Node, col: number, ind: number, ld: number, w: number): number {
  if (fits(L, e.len, col, ld, w) && isAtomic(e)) return e.len;
  cind(L, e, col, ind, ld, w);
  return L.ll;
}

function cindMap(L: Layout, pairs: readonly Node[], col: number, ind: number, ld: number, w: number): void {
  const [first, ...rest] = pairs as [Node, ...Node[]];
  const pw0 = cindPair(L, first, col, ind, lastDepth(rest.length, ld), w);
  let c = col + pw0;
  let width = w + pw0;
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i]!;
    const ld1 = lastDepth(rest.length - i - 1, ld);
    const elen = 1 + p.len;
    if (fitsTail(L, elen, c, ld1, width) && isAtomicPair(p)) {
      c += elen;
      width += elen;
    } else {
      const pw = cindPair(L, p, col, ind, ld1, 0);
      c = col + pw;
      width = pw;
    }
  }
}

function cindPair(L: Layout, p: Node, col: number, ind: number, ld: number, w: number): number {
  if (fits(L, p.len, col, ld, w)) return isAtomicPair(p) ? p.len : L.ll;
  if (p.t === 'pair') {
    cind(L, p.k, col, ind, ld, w);
    cind(L, p.v, col + (ind > 0 ? ind : 4), ind, ld, 0);
  }
  return L.ll;
}
