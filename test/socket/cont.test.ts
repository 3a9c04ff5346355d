/**
 * The `Cont` argument of send/3,4 and sendmsg/3,4: the select info of a different
 * operation is answered `{error, {invalid, Cont}}`, as OTP 25 does, not raised.
 */
import { describe, expect, it } from 'vitest';
import { list, makeRef } from '../../runtime/term.ts';
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
