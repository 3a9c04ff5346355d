/**
 * The `Cont` argument of send/3,4 and sendmsg/3,4: the select info of a different
 * operation is answered `{error, {invalid, Cont}}`, as OTP 25 does, not raised; a send's
 * Cont carries flags that OTP 25 encodes again.
 */
import { describe, expect, it } from 'vitest';
import { ErlangError, list, makeRef, type Term } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { closeAll, inProcess, socket, tcpPair } from './loopback.ts';

checkFdLeaks();

describe('a select info of another operation as Cont', () => {
  it('send/3,4 and sendmsg/3 return {error, {invalid, Cont}}', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const forged = ['select_info', 'foo', makeRef()] as never;
      const ofSend = ['select_info', ['send', 0], makeRef()] as never;
      const ofSendmsg = ['select_info', ['sendmsg', 0], makeRef()] as never;
      expect(yield* socket.send(c, Buffer.from('x'), forged)).toEqual(['error', ['invalid', forged]]);
      expect(yield* socket.send(c, Buffer.from('x'), ofSendmsg, 1000)).toEqual(['error', ['invalid', ofSendmsg]]);
      // Even with a bad time-out: OTP looks at the tag first.
      expect(yield* socket.send(c, Buffer.from('x'), forged, 'bad' as never)).toEqual(['error', ['invalid', forged]]);
      expect(yield* socket.sendmsg(c, { iov: list([Buffer.from('x')]) } as never, ofSend as never)).toEqual([
        'error',
        ['invalid', ofSend],
      ]);
      // A well-tagged Cont still sends.
      expect(yield* socket.send(c, Buffer.from('y'), ofSend)).toBe('ok');
      expect(yield* socket.recv(a, 1)).toEqual(['ok', Buffer.from('y')]);
      yield* closeAll(l, c, a);
    }));
});

/** What a call raised (`[class, reason]`), or `['returned', value]`. */
function* outcome(g: Generator<unknown, unknown, unknown>): Generator<unknown, unknown, unknown> {
  try {
    return ['returned', yield* g];
  } catch (e) {
    if (e instanceof ErlangError) return [e.class, e.reason];
    throw e;
  }
}

describe("the flags in a send's Cont", () => {
  // erl: socket:send(C, <<"x">>, {select_info, {send, X}, make_ref()}) for each X below.
  it('an integer or a flag list is taken; anything else raises function_clause, after the data and time-out checks', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const cont = (data: unknown) => ['select_info', ['send', data as Term], makeRef()] as never;
      const x = Buffer.from('x');
      expect(yield* outcome(socket.send(c, x, cont(0)))).toEqual(['returned', 'ok']);
      expect(yield* outcome(socket.send(c, x, cont(list([]))))).toEqual(['returned', 'ok']);
      expect(yield* outcome(socket.send(c, x, cont(list(['peek']))))).toEqual(['returned', 'ok']);
      expect(yield* outcome(socket.send(c, x, cont(list(['foo']))))).toEqual(['returned', ['error', ['invalid', ['msg_flag', 'foo']]]]);
      expect(yield* outcome(socket.send(c, x, cont(list([-1]))))).toEqual(['error', ['invalid', ['msg_flags', [-1]]]]);
      expect(yield* outcome(socket.send(c, x, cont('foo')))).toEqual(['error', 'function_clause']);
      expect(yield* outcome(socket.send(c, x, cont(1.5)))).toEqual(['error', 'function_clause']);
      expect(yield* outcome(socket.send(c, x, cont(Buffer.alloc(0))))).toEqual(['error', 'function_clause']);
      expect(yield* outcome(socket.send(c, x, cont('foo'), 'nowait'))).toEqual(['error', 'function_clause']);
      expect(yield* outcome(socket.send(c, x, cont('foo'), 0))).toEqual(['error', 'function_clause']);
      expect(yield* outcome(socket.send(c, 42 as never, cont('foo')))).toEqual(['error', 'badarg']);
      expect(yield* outcome(socket.send(c, x, cont('foo'), 'soon' as never))).toEqual(['error', ['invalid', ['timeout', 'soon']]]);
      expect(yield* socket.recv(a, 3)).toEqual(['ok', Buffer.from('xxx')]);
      yield* closeAll(c);
      expect(yield* outcome(socket.send(c, x, cont('foo')))).toEqual(['error', 'function_clause']);
      yield* closeAll(l, a);
    }));
});
