/** The external term format against a real erl: every term round-trips; no input crashes the decoder. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErlangError, list } from '../../runtime/term.ts';
import { run, self, makeRef } from '../../runtime/process.ts';
import { binaryToTerm, BitString, ImproperList, termToBinary } from '../../distribution/etf.ts';
import { ErlEcho } from './erl.ts';
import { same, term } from './terms.ts';

let erl: ErlEcho;
beforeAll(() => {
  erl = new ErlEcho();
});
afterAll(() => erl.close());

describe('external term format', () => {
  it('every term round-trips through binary_to_term/term_to_binary in erl', async () => {
    await fc.assert(
      fc.asyncProperty(term, async (t) => {
        const r = await erl.roundTrip(termToBinary(t));
        expect(r[0]).toBe('ok');
        const back = binaryToTerm(r[1] as Buffer);
        expect(same(back, t)).toBe(true);
        // And the decoder reads back exactly what the encoder wrote.
        expect(same(binaryToTerm(termToBinary(t)), t)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('decodes what erl itself writes, compressed included', async () => {
    const cases: [string, unknown][] = [
      ['<<131,107,0,3,97,98,99>>', list([97, 98, 99])],
      ['<<131,108,0,0,0,1,97,1,97,2>>', new ImproperList([1], 2)],
      ['<<131,77,0,0,0,1,3,160>>', new BitString(Buffer.from([0xa0]), 3)],
      ['<<131,70,63,240,0,0,0,0,0,0>>', 1],
      ['<<131,116,0,0,0,1,97,1,97,2>>', new Map([[1, 2]])],
      ['<<131,100,0,4,116,114,117,101>>', true],
      // term_to_binary(lists:duplicate(40, abc), [compressed])
      ['<<131,80,0,0,0,246,120,156,203,97,96,96,208,72,97,96,78,76,74,30,57,100,22,0,227,139,63,7>>', list(Array(40).fill('abc'))],
    ];
    for (const [bin, want] of cases) {
      const bytes = Buffer.from(JSON.parse(bin.replace('<<', '[').replace('>>', ']')) as number[]);
      expect(same(binaryToTerm(bytes), want)).toBe(true);
    }
    const big = list(Array.from({ length: 500 }, () => 'abcdefgh'));
    const r = await erl.roundTrip(termToBinary(big));
    expect(r[0]).toBe('ok');
    const compressed = Buffer.concat([Buffer.from([131, 80]), Buffer.alloc(4)]);
    expect(() => binaryToTerm(compressed)).toThrow(ErlangError);
  });

  it('local pids and refs come back as the same objects', async () => {
    const [p, ref] = await run(function* () {
      return [self(), makeRef()] as const;
    });
    const t = [p, ref];
    const r = await erl.roundTrip(termToBinary(t));
    const back = binaryToTerm(r[1] as Buffer) as unknown[];
    expect(back[0]).toBe(p);
    expect(back[1]).toBe(ref);
  });

  it('refuses funs, NaN, symbols and atoms over 255 characters with an ErlangError', () => {
    // erlang:term_to_binary(fun lists:map/2) and a local fun.
    expect(() => binaryToTerm(Buffer.from([131, 113, 100, 0, 5, 108, 105, 115, 116, 115, 100, 0, 3, 109, 97, 112, 97, 2]))).toThrow(ErlangError);
    for (const bad of [NaN, Infinity, Symbol('x'), () => 1, 'a'.repeat(256), null]) {
      expect(() => termToBinary(bad as never)).toThrow(ErlangError);
    }
  });

  it('any byte string either decodes or fails with an ErlangError', () => {
    const prefixed = fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.concat([Buffer.from([131]), Buffer.from(a)]));
    const mutated = fc.tuple(term, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([t, i, v]) => {
      const b = Buffer.from(termToBinary(t));
      b[i % b.length] = v;
      return b;
    });
    fc.assert(
      fc.property(fc.oneof(prefixed, mutated, fc.uint8Array({ maxLength: 32 }).map((a) => Buffer.from(a))), (b) => {
        try {
          binaryToTerm(b);
        } catch (e) {
          expect(e).toBeInstanceOf(ErlangError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
