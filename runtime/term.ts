/**
 * Erlang terms as TypeScript values.
 *
 * atom → string, tuple → readonly array, map → plain object, binary → Buffer,
 * integer → number (bigint past 2^53), pid → {@link Pid}, reference → {@link Ref}.
 * Erlang's true/false are JS booleans. See DESIGN.md, "Terms".
 */

/** Any Erlang term as beamlet represents it. */
export type Term =
  | string
  | number
  | bigint
  | boolean
  | Buffer
  | Pid
  | Ref
  | readonly Term[]
  | { readonly [key: string]: Term }
  | undefined
  | null
  | symbol
  | ((...args: never[]) => unknown);

// A non-enumerable registered symbol: marking leaves the array's elements and equality
// untouched, and a second copy of this module still recognises the mark.
const LIST: unique symbol = Symbol.for('beamlet.list') as never;

/**
 * Marks an array as an Erlang list (an unmarked array is a tuple) and returns it.
 * `format(list([1, 2]))` prints `[1,2]`, `format([1, 2])` prints `{1,2}`.
 */
export function list<T extends readonly Term[]>(arr: T): T {
  if (Object.prototype.hasOwnProperty.call(arr, LIST)) return arr;
  // A frozen array cannot take the mark: mark a frozen copy instead.
  if (!Object.isExtensible(arr)) return Object.freeze(list([...arr])) as unknown as T;
  Object.defineProperty(arr, LIST, { value: true });
  return arr;
}

/** True for an array marked by {@link list}. */
export function isList(t: unknown): t is readonly Term[] {
  return Array.isArray(t) && (t as { [LIST]?: boolean })[LIST] === true;
}

/** A process identifier, printed `<0.N.0>`. Unique for the life of the runtime. */
export class Pid {
  /** Node index in Erlang's print form (`<Node.Id.Serial>`); 0 is the local node. */
  readonly node: number;
  readonly id: number;
  readonly serial: number;
  constructor(id: number, serial = 0, node = 0) {
    this.id = id;
    this.serial = serial;
    this.node = node;
  }
  toString(): string {
    return `<${this.node}.${this.id}.${this.serial}>`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

let refCounter = 0;
// Erlang refs print as #Ref<0.A.B.C>; A and B stay fixed per runtime so refs look familiar.
const REF_A = 1_000_000 + Math.floor(Math.random() * 3_000_000_000);
const REF_B = Math.floor(Math.random() * 4_000_000_000);

/** A reference, unique for the life of the runtime, printed `#Ref<0.A.B.N>`. */
export class Ref {
  readonly n: number;
  constructor(n = ++refCounter) {
    this.n = n;
  }
  toString(): string {
    return `#Ref<0.${REF_A}.${REF_B}.${this.n}>`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** `erlang:make_ref/0`. */
export function makeRef(): Ref {
  return new Ref();
}

/**
 * An Erlang exception raised into TypeScript: class `error` (as `badarg`) or `exit`
 * (from `exit/1`) or `throw`. `reason` is the Erlang term.
 */
export class ErlangError extends Error {
  readonly _tag = 'ErlangError' as const;
  readonly class: 'error' | 'exit' | 'throw';
  readonly reason: Term;
  constructor(reason: Term, cls: 'error' | 'exit' | 'throw' = 'error') {
    super(`${cls}:${describe(reason)}`);
    this.name = 'ErlangError';
    this.reason = reason;
    this.class = cls;
  }
}

/** Throws `error:badarg`, as an Erlang BIF does for a wrong argument. */
export function badarg(): never {
  throw new ErlangError('badarg');
}

function describe(t: Term): string {
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return `{${t.map((e) => describe(e as Term)).join(',')}}`;
  try {
    return String(t);
  } catch {
    // A null-prototype object has no toString; the message must never be what throws.
    return Object.prototype.toString.call(t);
  }
}
