/**
 * examples/ported: the Erlang original (under escript) and its beamlet port answer the
 * same input byte for byte, for a fixed script and for random ones (fast-check), each
 * program on its own port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkFdLeaks } from '../helpers/fds.ts';
import { converse, example, startProgram, startTs, type Running } from './programs.ts';

checkFdLeaks();

let erl: Running;
let ts: Running;

beforeAll(async () => {
  const started = await Promise.allSettled([
    startProgram('escript', [example('ported/kvstore.erl'), '0']),
    startTs('ported/kvstore.ts', ['0']),
  ]);
  // If one failed to start, the other is stopped before the failure is reported.
  const failed = started.find((r) => r.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(started.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw failed.reason;
  }
  [erl, ts] = started.map((r) => (r as PromiseFulfilledResult<Running>).value) as [Running, Running];
});

afterAll(async () => {
  await Promise.all([erl?.stop(), ts?.stop()]);
});

/** Both programs' answers to `input`, each on a fresh connection. */
async function both(input: string): Promise<[string, string]> {
  const [a, b] = await Promise.all([converse(erl.port, Buffer.from(input, 'latin1')), converse(ts.port, Buffer.from(input, 'latin1'))]);
  return [a.toString('latin1'), b.toString('latin1')];
}

describe('kvstore.erl and kvstore.ts', () => {
  it('listen on different ports', () => {
    expect(erl.port).not.toBe(ts.port);
  });

  it('answer a fixed script the same, and as the protocol says', async () => {
    const script = [
      'PUT fixed:a hello world', 'GET fixed:a', 'GET fixed:b', 'PUT fixed:b 2', 'DEL fixed:a', 'DEL fixed:a',
      'GET  fixed:b \r', '', 'FOO x', 'PUT fixed:c', 'GET', 'KEYS extra',
    ].join('\n') + '\nPUT fixed:partial';
    const [a, b] = await both(script);
    expect(b).toBe(a);
    expect(b).toBe([
      'OK', 'VALUE hello world', 'NOT_FOUND', 'OK', 'OK', 'NOT_FOUND', 'VALUE 2', 'ERROR empty line',
      'ERROR unknown command FOO', 'ERROR unknown command PUT', 'ERROR unknown command GET', 'ERROR unknown command KEYS',
    ].join('\n') + '\n');
  });

  it('list the same keys, sorted byte by byte', async () => {
    const [a, b] = await both('PUT k:\xe9 1\nPUT k:Z 2\nPUT k:a 3\nKEYS\n');
    expect(b).toBe(a);
    expect(b.split('\n')[3]).toMatch(/^KEYS .*k:Z k:a k:\xe9/);
  });

  it('answer any script of requests the same (property)', async () => {
    const word = fc.constantFrom('a', 'b', 'key', 'x y', '\xff', '');
    const line = fc.oneof(
      fc.tuple(fc.constantFrom('PUT', 'GET', 'DEL', 'KEYS', 'put', 'NOPE', ''), fc.array(word, { maxLength: 3 }), fc.constantFrom('', ' ', '\r'))
        .map(([cmd, args, end]) => [cmd, ...args].join(' ') + end),
      fc.string({ maxLength: 12, unit: fc.nat(255).map((c) => String.fromCharCode(c)) }).map((s) => s.replace(/\n/g, ' ')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 25 }), async (lines) => {
        // Both stores see the same sequence of scripts, so their states stay equal too.
        const [a, b] = await both(lines.map((l) => `${l}\n`).join(''));
        expect({ lines, answers: b }).toEqual({ lines, answers: a });
        expect(b.split('\n').length).toBe(lines.length + 1);
      }),
      { numRuns: 40 },
    );
  });
});
