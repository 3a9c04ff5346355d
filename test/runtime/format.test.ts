/**
 * The term printer against the real thing: each term is printed by beamlet, read back by
 * `erl`, and printed again there with `~w` and `~p`; both must be the same text. A term
 * written wrongly (an unquoted atom that needs quotes, a float in a non-canonical form)
 * comes back different, so the round trip checks ~w too.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compare, format } from '../../runtime/format.ts';
import { isList, list, makeRef, Pid, type Term } from '../../runtime/term.ts';
import { erlFormat } from '../conformance/erl.ts';

async function expectSameAsErl(terms: readonly unknown[], column = 1): Promise<void> {
  const answers = await erlFormat(terms.map((t) => format(t)), column);
  const wrong = terms.flatMap((t, i) => {
    const erl = answers[i]!;
    const w = format(t, 'w');
    const p = format(t, 'p', { column });
    return [
      ...(w === erl.w ? [] : [`~w of ${erl.w}\n  erl: ${erl.w}\n  ts:  ${w}`]),
      ...(p === erl.p ? [] : [`~p of ${erl.w}\n--- erl:\n${erl.p}\n--- ts:\n${p}`]),
    ];
  });
  expect(wrong).toEqual([]);
}

const chars = (s: string): Term => list([...s].map((c) => c.codePointAt(0)!));

const corpus: unknown[] = [
  // atoms: bare, quoted, reserved, escaped, latin-1
  'ok', 'hello_World@1', '$socket', 'EXIT', 'hello world', '', "it's", 'a\\b', 'a\nb\tc',
  '\x00\x7f\x80\x9f', 'and', 'receive', 'maybe', 'after', 'Abc', '_x', 'a-b', 'é', 'ßÿ', 'a×b',
  'Éa', '÷', 'α', true, false, undefined,
  // integers and floats
  0, -1, 42, 2 ** 53, -(2 ** 60), 1e21, 2n ** 100n, -(3n ** 70n),
  0.1, -0.5, 1.5, 1e-10, 1.0e-5, 0.0001, 0.0025, 123456789.5, 1.5e300, 5e-324, 1.7976931348623157e308,
  2.5e15, 1.25e16, 100.5, 3.14159, 1 / 3, -2 / 3, 1e22 + 0.5,
  // binaries
  Buffer.alloc(0), Buffer.from([1, 2, 3]), Buffer.from('abc'), Buffer.from('a"b\\c\n'),
  Buffer.from([0xe9, 0x41]), Buffer.from([0x80]), new Uint8Array([9, 10, 11]),
  Buffer.from('x'.repeat(200)), Buffer.alloc(150, 255),
  // tuples, lists, strings, maps
  [], list([]), ['ok', 1], list([1, 2, 3]), chars('hello'), chars('tab\there "q"'), chars('ÿé'),
  chars('a\x01'), list([chars('nested')]), list(['a', list([]), []]),
  {}, { b: 1, a: 2, c: ['x'] }, { 'hello world': 1, '1': 2, A: 3, z: 4 },
  new Map<Term, Term>([[2, 'two'], ['one', 1], [[1], 'tuple'], [list([1]), 'list'], [Buffer.from('b'), 'bin']]),
  // long terms: ~p breaks lines
  Array.from({ length: 30 }, (_, i) => ['tag', i, Buffer.from([i, 200, 3]), { key: 'value', n: i }]),
  list(Array.from({ length: 40 }, (_, i) => i * 1000)),
  {
    family: 'inet', addr: [127, 0, 0, 1], port: 5555,
    nested: { deep: ['a', 'b', list(['c'])], bin: Buffer.alloc(100, 7), s: chars('x'.repeat(90)) },
  },
  ['a_rather_long_tag_name_that_pushes_things', list(Array.from({ length: 12 }, (_, i) => ['k', i])), 'end'],
  ['$socket', ['select_info', 'recv', Buffer.alloc(60, 1)], { counters: { read_byte: 1, write_byte: 2, read_pkg: 3, write_pkg: 4, acc_success: 5 } }],
  list([{ a: list(Array.from({ length: 25 }, (_, i) => i)) }, ['x', 'y'], Buffer.alloc(90, 65)]),
];

const atomArb = fc.oneof(
  fc.constantFrom('ok', 'error', 'closed', '$socket', 'EXIT', 'hello world', '', 'and', 'Xy', 'a@b'),
  fc.string({ maxLength: 6, unit: fc.integer({ min: 0, max: 0x3ff }).map((c) => String.fromCharCode(c)) }),
);

const termArb: fc.Arbitrary<Term> = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    atomArb,
    fc.integer(),
    fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
    fc.string({ maxLength: 40 }).map((s) => Buffer.from(s, 'latin1')),
    fc.string({ maxLength: 30 }).map(chars),
    fc.array(tie('term'), { maxLength: 8 }).map((a) => list(a)),
    fc.array(tie('term'), { maxLength: 8 }),
    fc.dictionary(atomArb.filter((k) => k !== '__proto__'), tie('term'), { maxKeys: 8 }),
  ),
})).term;

describe('format against erl', () => {
  test('a corpus of chosen terms prints as erl prints it, ~w and ~p', async () => {
    await expectSameAsErl(corpus);
  });

  test('generated terms print as erl prints them, ~w and ~p', async () => {
    const terms = fc.sample(termArb, { numRuns: 400, seed: 20261123 });
    await expectSameAsErl(terms);
  });

  test('~p starting at a later column breaks lines as erl does', async () => {
    const terms = fc.sample(termArb, { numRuns: 150, seed: 99 });
    for (const column of [10, 40, 75]) await expectSameAsErl([...corpus, ...terms], column);
  });

  test('random floats print in erl shortest form', async () => {
    const floats = fc.sample(
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
      { numRuns: 500, seed: 7 },
    );
    const decades = Array.from({ length: 60 }, (_, i) => 1.2345 * 10 ** (i - 30));
    await expectSameAsErl([...floats, ...decades]);
  });
});

describe('format', () => {
  test('pids and refs print in Erlang shapes', () => {
    expect(format(new Pid(42))).toBe('<0.42.0>');
    expect(format(['ok', new Pid(7, 1)])).toBe('{ok,<0.7.1>}');
    expect(format(makeRef())).toMatch(/^#Ref<0\.\d+\.\d+\.\d+>$/);
    expect(format(['$socket', makeRef()], 'p')).toMatch(/^\{'\$socket',#Ref<0\.\d+\.\d+\.\d+>\}$/);
  });

  test('a function prints as a fun, null and symbols as atoms', () => {
    expect(format(function handler(_a: number) {} as never)).toBe('#Fun<js.handler.1>');
    expect(format(null)).toBe('null');
    expect(format(Symbol('timeout'))).toBe('timeout');
  });

  test('~p of an atomic term is its ~w', () => {
    expect(format('hello world', 'p')).toBe("'hello world'");
    expect(format(0.1, 'p')).toBe('0.1');
  });

  test('~p honours a starting column', () => {
    const t = list(Array.from({ length: 20 }, (_, i) => i));
    expect(format(t, 'p', { column: 1 })).not.toContain('\n');
    expect(format(t, 'p', { column: 40 })).toContain('\n');
  });
});

describe('list and isList', () => {
  test('a marked array is a list, an unmarked one a tuple', () => {
    const a = [1, 2];
    expect(isList(a)).toBe(false);
    expect(list(a)).toBe(a);
    expect(isList(a)).toBe(true);
    expect(format(a)).toBe('[1,2]');
    expect(format([1, 2])).toBe('{1,2}');
    expect(format(list([]))).toBe('[]');
    expect(format([])).toBe('{}');
  });

  test('the mark does not change elements, keys or equality', () => {
    const a = list(['x', 'y']);
    expect(Object.keys(a)).toEqual(['0', '1']);
    expect(a).toEqual(['x', 'y']);
    expect(JSON.stringify(a)).toBe('["x","y"]');
  });

  test('a frozen array gives a frozen marked copy', () => {
    const f = Object.freeze([1, 2]);
    const l = list(f);
    expect(isList(l)).toBe(true);
    expect(Object.isFrozen(l)).toBe(true);
    expect(isList(f)).toBe(false);
  });
});

describe('compare: Erlang term order', () => {
  const ordered: Term[] = [-1, 0.5, 2, 'a', 'b', makeRef(), (() => 0) as never, new Pid(1), new Pid(2),
    [9], ['a', 'b'], {}, { a: 1 }, list([]), list([1]), list([1, 2]), list([2]), Buffer.from([0]), Buffer.from([0, 1])];

  test('a sorted sample stays sorted, and compare is antisymmetric', () => {
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        expect([i, j, compare(ordered[i]!, ordered[j]!)]).toEqual([i, j, Math.sign(i - j)]);
      }
    }
  });
});
