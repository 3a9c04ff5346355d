/**
 * The harness's own rules: what it parses, which placeholders it puts in, and which
 * differences it lets through (atom ≡ charlist, tuple ≡ list, 1 ≡ 1.0) and which it
 * reports. A harness that cannot see a difference would pass every scenario.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { format } from '../../runtime/format.ts';
import { list, makeRef, Pid, type Term } from '../../runtime/term.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareOutputs, diff, listPending, listScenarios, normaliseLines, parse, show } from './runner.ts';

const leaf = fc.oneof(
  fc.constantFrom('ok', 'error', '$socket', 'hello world', "it's", ''),
  // Negative, so that no list of them reads as a charlist (equal to an atom by design).
  fc.integer({ min: -1000, max: -1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
  fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b)),
);
const termArb: fc.Arbitrary<Term> = fc.letrec<{ t: Term }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    leaf,
    fc.array(tie('t'), { maxLength: 4 }),
    fc.array(tie('t'), { maxLength: 4 }).map((a) => list(a)),
    fc.dictionary(fc.constantFrom('a', 'port_no', 'b c'), tie('t'), { maxKeys: 3 }),
  ),
})).t;

describe('parse and diff', () => {
  test('every printed term parses back and equals itself', () => {
    fc.assert(
      fc.property(termArb, (t) => {
        const p = parse(format(t));
        expect(diff(p, p)).toBeUndefined();
        expect(diff(parse(show(p)), p)).toBeUndefined();
      }),
    );
  });

  test('two different terms are reported as different', () => {
    fc.assert(
      fc.property(termArb, termArb, (a, b) => {
        fc.pre(format(a) !== format(b));
        // Differences the harness forgives by design: tuple vs list, atom vs charlist.
        const canon = (t: Term) => format(t).replace(/\[\]|\{\}/g, "''").replace(/[{}[\]]/g, '');
        fc.pre(canon(a) !== canon(b));
        expect(diff(parse(format(a)), parse(format(b)))).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  test('atom ≡ charlist, tuple ≡ list, integer ≡ equal float; not binary ≡ string', () => {
    expect(diff(parse('eth0'), parse('[101,116,104,48]'))).toBeUndefined();
    expect(diff(parse("''"), parse('[]'))).toBeUndefined();
    expect(diff(parse('{a,[1,2]}'), parse('[a,{1,2}]'))).toBeUndefined();
    expect(diff(parse('1'), parse('1.0'))).toBeUndefined();
    expect(diff(parse('#{a => 1,b => 2}'), parse('#{b => 2,a => 1}'))).toBeUndefined();
    expect(diff(parse('<<"ab">>'), parse('<<97,98>>'))).toBeUndefined();
    expect(diff(parse('<<97,98>>'), parse('ab'))).toMatch(/kinds differ/);
    expect(diff(parse('{a,b}'), parse('{a,b,c}'))).toMatch(/lengths differ/);
    expect(diff(parse('#{a => 1}'), parse('#{a => 2}'))).toMatch(/numbers differ/);
    expect(diff(parse("'hello world'"), parse('hello_world'))).toMatch(/differ/);
  });

  test('quoted atoms and strings with escapes', () => {
    expect(parse("'a\\nb\\'c'")).toEqual({ t: 'atom', name: "a\nb'c" });
    expect(parse("'\\x{3B1}\\101'")).toEqual({ t: 'atom', name: 'αA' });
    expect(diff(parse('"hi\\t"'), parse('[104,105,9]'))).toBeUndefined();
  });
});

describe('placeholders', () => {
  test('refs and pids are numbered by first appearance, so identity still counts', () => {
    const r1 = makeRef();
    const r2 = makeRef();
    const p = new Pid(99);
    const ts = [`a ${format([r1, p])}`, `b ${format([r2, r1])}`];
    const erl = ['a {#Ref<0.1.2.3>,<0.80.0>}', 'b {#Ref<0.1.2.4>,#Ref<0.1.2.3>}'];
    expect(compareOutputs(erl, ts).every((s) => s.match)).toBe(true);
    const swapped = ['a {#Ref<0.1.2.3>,<0.80.0>}', 'b {#Ref<0.1.2.3>,#Ref<0.1.2.4>}'];
    expect(compareOutputs(swapped, ts).map((s) => s.match)).toEqual([true, false]);
  });

  test('kernel-chosen ports and fds are placeholders, 0 stays', () => {
    const lines = normaliseLines([
      's {ok,#{addr => {127,0,0,1},family => inet,port => 41234}}',
      't #{port => 41234,fd => 17,ctype => {fromfd,17}}',
      'u #{port => 0}',
    ]);
    expect(lines.map((l) => l.text)).toEqual([
      "s {ok,#{addr => {127,0,0,1},family => inet,port => '$port1'}}",
      "t #{port => '$port1',fd => '$fd1',ctype => {fromfd,'$fd1'}}",
      'u #{port => 0}',
    ]);
  });
});

describe('compareOutputs', () => {
  test('missing, extra and relabelled steps fail', () => {
    expect(compareOutputs(['a 1', 'b 2'], ['a 1']).map((s) => [s.match, s.why])).toEqual([
      [true, undefined],
      [false, 'missing on the ts side'],
    ]);
    expect(compareOutputs(['a 1'], ['a 1', 'b 2'])[1]?.why).toBe('extra on the ts side');
    expect(compareOutputs(['a 1'], ['x 1'])[0]?.why).toMatch(/labels differ/);
  });

  test('an unparseable line fails with the reason', () => {
    expect(compareOutputs(['a {1,'], ['a {1,2}'])[0]).toMatchObject({ match: false, why: expect.stringMatching(/unparseable/) });
  });
});

describe('discovery', () => {
  test('a pair is NAME.ts with NAME.erl or NAME.expect; a lone half is not listed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beamlet-conf-'));
    for (const f of ['a.erl', 'a.ts', 'b.expect', 'b.ts', 'c.erl', 'd.ts']) writeFileSync(join(dir, f), '');
    writeFileSync(join(dir, 'e.erl'), '#!/usr/bin/env escript\n%% pending: waits for x\n');
    expect(listScenarios(dir)).toEqual(['a', 'b']);
    expect(listPending(dir)).toEqual([
      { name: 'a', reason: 'no .ts half yet' },
      { name: 'c', reason: 'no .ts half yet' },
      { name: 'e', reason: 'waits for x' },
    ]);
  });
});
