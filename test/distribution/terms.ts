/** fast-check generators of every term kind the external term format carries, and term equality. */
import fc from 'fast-check';
import { isList, list, Pid, Ref, type Term } from '../../runtime/term.ts';
import { BitString, ImproperList, Port, RemotePid, port, remotePid, remoteRef, type Encodable } from '../../distribution/etf.ts';

const u32 = fc.integer({ min: 0, max: 0xffffffff });

/** Atom texts: any Unicode up to 255 characters, but not true/false (those are booleans). */
export const atom = fc
  .oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('ok', 'undefined', 'error', 'a@b', ''))
  .filter((s) => s !== 'true' && s !== 'false');

const integer = fc.oneof(
  fc.integer({ min: 0, max: 255 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 2100n), max: 2n ** 2100n }).map((b): number | bigint => (b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b)),
);

const float = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d));

const nodeName = fc.constantFrom('a@b', 'other@host', 'n\u00e9@h\u00f4te', 'x@127.0.0.1');

const pidArb = fc.tuple(nodeName, u32, u32, u32).map(([n, id, serial, cr]) => remotePid(n, id, serial, cr));
const refArb = fc.tuple(nodeName, u32, fc.array(u32, { minLength: 1, maxLength: 5 })).map(([n, cr, ids]) => remoteRef(n, cr, ids));
const portArb = fc.tuple(nodeName, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), u32).map(([n, id, cr]) => port(n, id, cr));
const binary = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
const bits = fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 7 })).map(([a, n]) => new BitString(Buffer.from(a), n));

const leaf: fc.Arbitrary<Encodable> = fc.oneof(atom, fc.boolean(), integer, float, binary, bits, pidArb, refArb, portArb);

/** Any encodable term, nested up to a few levels. */
export const term: fc.Arbitrary<Encodable> = fc.letrec<{ t: Encodable }>((tie) => ({
  t: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'term' },
    leaf,
    fc.array(tie('t'), { maxLength: 5 }) as fc.Arbitrary<Encodable>,
    fc.array(tie('t'), { maxLength: 5 }).map((a) => list(a as Term[])),
    fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 10 }).map((a) => list(a)),
    fc.tuple(fc.array(tie('t'), { minLength: 1, maxLength: 4 }), leaf).map(([e, t]) => new ImproperList(e as Term[], t as Term)),
    fc.dictionary(atom, tie('t'), { maxKeys: 4 }) as fc.Arbitrary<Encodable>,
    fc.uniqueArray(fc.tuple(fc.integer(), tie('t')), { selector: (e) => e[0], minLength: 1, maxLength: 4 }).map((es) => new Map(es as [Term, Term][])),
  ),
})).t;

/** Structural equality of terms as the codec represents them (pids and refs by identity). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof a === 'bigint') return (typeof b === 'number' || typeof b === 'bigint') && BigInt(a as number) === BigInt(b as number) && Number.isInteger(a) === Number.isInteger(b);
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  if (a instanceof Pid || a instanceof Ref || b instanceof Pid || b instanceof Ref) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isList(a) !== isList(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  if (Buffer.isBuffer(a)) return Buffer.isBuffer(b) && a.equals(b);
  if (a instanceof BitString) return b instanceof BitString && a.bits === b.bits && a.buffer.equals(b.buffer);
  if (a instanceof ImproperList) return b instanceof ImproperList && same(list([...a.elements]), list([...b.elements])) && same(a.tail, b.tail);
  if (a instanceof Port) return b instanceof Port && a.nodeName === b.nodeName && a.id === b.id && a.creation === b.creation;
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !same(v, b.get(k))) return false;
    return true;
  }
  if (b instanceof Map || Array.isArray(b) || Buffer.isBuffer(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export { RemotePid };
