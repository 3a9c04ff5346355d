/**
 * A table of wrong arguments through every function, each with the result OTP 25 gives
 * (returned, or raised with its class and reason; run in erl through the same table on a
 * connected TCP pair). After the table the runtime is still up, no fd has leaked, and
 * the sockets still carry data. Where Erlang has an atom that JS cannot tell from a
 * string (send(S, foo)), a number stands in for it.
 */
import { describe, expect, it } from 'vitest';
import { makeRef } from '../../runtime/process.ts';
import { ErlangError, type Term } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, ok, socket, tcpPair, type Sock } from './loopback.ts';

checkFdLeaks();

type Outcome = readonly ['value', Term] | readonly ['error' | 'throw', Term];

const S = socket as unknown as Record<string, (...args: unknown[]) => unknown>;

/** Calls `name` (a generator function or a plain one) and reports what happened. */
function* call(name: string, args: unknown[]): Generator<unknown, Outcome, unknown> {
  try {
    const r = S[name]!(...args);
    const v = r !== null && typeof r === 'object' && typeof (r as Generator).next === 'function' && !Array.isArray(r)
      ? yield* r as Generator<unknown, unknown, unknown>
      : r;
    return ['value', v as Term];
  } catch (e) {
    if (!(e instanceof ErlangError)) throw e;
    return [e.class === 'throw' ? 'throw' : 'error', e.reason];
  }
}

describe('wrong arguments', () => {
  it('every function answers as OTP 25 and nothing breaks', () =>
    inProcess(function* () {
      const { l, c, a: s } = yield* tcpPair();
      const table: readonly (readonly [string, unknown[], Outcome])[] = [
        ['open', ['foo'], ['error', 'badarg']],
        ['open', ['foo', 'stream'], ['value', ['error', ['invalid', ['domain', 'foo']]]]],
        ['open', ['inet', 'foo'], ['value', ['error', ['invalid', ['type', 'foo']]]]],
        ['open', ['inet', 'stream', 'foo'], ['value', ['error', ['invalid', ['protocol', 'foo']]]]],
        ['open', ['inet', 'stream', 'default', 'foo'], ['error', 'badarg']],
        ['open', [1.5, {}], ['error', 'badarg']],
        ['bind', [s, 'foo'], ['value', ['error', ['invalid', ['sockaddr', 'foo']]]]],
        ['bind', [s, { family: 'inet', addr: 'foo' }], ['value', ['error', ['invalid', ['sockaddr', { family: 'inet', addr: 'foo' }]]]]],
        ['bind', ['foo', 'any'], ['error', 'badarg']],
        ['listen', [s, 'foo'], ['error', 'badarg']],
        ['accept', [l, 'foo'], ['error', ['invalid', ['timeout', 'foo']]]],
        ['accept', [l, -1], ['error', ['invalid', ['timeout', -1]]]],
        ['accept', ['foo'], ['error', 'badarg']],
        ['connect', [c, 'foo'], ['error', ['invalid', ['sockaddr', 'foo']]]],
        ['connect', [c, { family: 'inet', port: 'foo' }], ['value', ['error', ['invalid', ['sockaddr', { family: 'inet', port: 'foo' }]]]]],
        ['connect', [c, { family: 'inet', addr: 'loopback', port: 1 }, 'foo'], ['error', ['invalid', ['timeout', 'foo']]]],
        ['recv', [s, -1], ['error', 'badarg']],
        ['recv', [s, 'foo'], ['error', 'badarg']],
        ['recv', [s, 0, ['foo']], ['value', ['error', ['invalid', ['msg_flag', 'foo']]]]],
        ['recv', [s, 0, [], 'foo'], ['error', ['invalid', ['timeout', 'foo']]]],
        ['recv', [s, 0, 'foo'], ['error', ['invalid', ['timeout', 'foo']]]],
        ['recv', ['foo'], ['error', 'badarg']],
        ['send', [c, 42], ['error', 'badarg']],
        ['send', [c, [Symbol.for('foo')]], ['error', ['invalid', ['data', [Symbol.for('foo')]]]]],
        ['send', [c, b('x'), ['foo']], ['value', ['error', ['invalid', ['msg_flag', 'foo']]]]],
        ['send', [c, b('x'), [], 'foo'], ['error', ['invalid', ['timeout', 'foo']]]],
        ['send', [c, b('x'), 'foo'], ['error', ['invalid', ['timeout', 'foo']]]],
        ['shutdown', [s, 'foo'], ['error', ['invalid', ['how', 'foo']]]],
        ['cancel', [s, 'foo'], ['error', 'badarg']],
        ['cancel', [s, ['select_info', 'foo', makeRef()]], ['error', 'badarg']],
        ['monitor', ['foo'], ['error', 'badarg']],
        ['cancel_monitor', ['foo'], ['error', 'badarg']],
        ['which_sockets', ['foo'], ['error', 'badarg']],
        ['use_registry', ['foo'], ['error', 'function_clause']],
        ['getopt', [s, 'foo'], ['throw', ['invalid', ['socket_option', 'foo']]]],
        ['getopt', [s, ['otp', 'foo']], ['value', ['error', ['invalid', ['socket_option', ['otp', 'foo']]]]]],
        ['setopt', [s, ['otp', 'rcvbuf'], 'foo'], ['value', ['error', ['invalid', ['socket_option', ['otp', 'rcvbuf'], 'foo']]]]],
        ['setopt', [s, ['otp', 'controlling_process'], 'foo'], ['value', ['error', ['invalid', ['socket_option', ['otp', 'controlling_process'], 'foo']]]]],
        ['i', ['foo'], ['error', 'function_clause']],
        ['info', ['foo'], ['error', 'badarg']],
        ['sockname', ['foo'], ['error', 'badarg']],
        ['peername', ['foo'], ['error', 'badarg']],
        ['close', ['foo'], ['error', 'badarg']],
        ['sendv', [c, 'foo'], ['error', 'badarg']],
        ['rest_iov', [-1, []], ['error', 'badarg']],
        // Several wrong arguments: OTP's order decides which one is reported.
        ['recv', [s, 0, ['foo'], 'bar'], ['error', ['invalid', ['timeout', 'bar']]]],
        ['send', [c, b('x'), ['foo'], 'bar'], ['error', ['invalid', ['timeout', 'bar']]]],
        ['connect', [c, { family: 'inet', port: 'foo' }, 'bar'], ['error', ['invalid', ['timeout', 'bar']]]],
        ['open', ['foo', 'bar', 'baz'], ['value', ['error', ['invalid', ['protocol', 'baz']]]]],
      ];
      for (const [name, args, want] of table) {
        expect([name, yield* call(name, args)]).toEqual([name, want]);
      }
      // Still working: data flows, nothing is queued, the listener accepts.
      expect(yield* socket.send(c, 'ok')).toBe('ok');
      expect(yield* socket.recv(s, 2, 1000)).toEqual(['ok', b('ok')]);
      expect(socket.info(s).num_readers).toBe(0);
      const c2 = ok<Sock>(socket.open('inet', 'stream'));
      expect(yield* socket.connect(c2, ok<socket.sockaddr_in>(socket.sockname(l)))).toBe('ok');
      const a2 = ok<Sock>(yield* socket.accept(l, 1000));
      yield* closeAll(l, c, s, c2, a2);
    }));
});
