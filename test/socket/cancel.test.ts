/**
 * cancel/2 for each operation kind (erl, OTP 25): `ok` for a pending operation, then
 * `{error, {invalid, SelectInfo}}` for the same select info; the next operation in the
 * queue gets its turn; a select message that had already arrived is flushed, so no
 * select or abort message is left behind.
 */
import { describe, expect, it } from 'vitest';
import { makeRef, receive, self, send, sleep, spawn } from '../../runtime/process.ts';
import type { Term } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { closeAll, inProcess, listener, next, ok, selectMsg, socket, tcpPair, type Sock } from './loopback.ts';

checkFdLeaks();

describe('cancel', () => {
  it('recv: ok, then invalid; nothing left behind', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const r = yield* socket.recv(a, 0, 'nowait');
      const si = r[1] as socket.select_info;
      expect(socket.cancel(a, si)).toBe('ok');
      expect(socket.cancel(a, si)).toEqual(['error', ['invalid', si]]);
      yield* socket.send(c, 'x');
      expect(yield* next(50)).toBe('none');
      expect(socket.info(a).num_readers).toBe(0);
      yield* closeAll(l, c, a);
    }));

  it('recv: a select message that already arrived is flushed', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const r = yield* socket.recv(a, 0, 'nowait');
      const si = r[1] as socket.select_info;
      yield* socket.send(c, 'x');
      // Wait for the select to arrive without taking it out of the mailbox.
      yield* sleep(50);
      expect(socket.cancel(a, si)).toBe('ok');
      expect(yield* next(20)).toBe('none');
      yield* closeAll(l, c, a);
    }));

  it('accept: the next acceptor in the queue gets its turn', () =>
    inProcess(function* () {
      const { l, addr } = listener();
      const r = yield* socket.accept(l, 'nowait');
      const si = r[1] as socket.select_info;
      const me = self();
      spawn(function* () {
        const r2 = yield* socket.accept(l, 'nowait');
        send(me, 'queued');
        const m = yield* receive((x: Term) => Array.isArray(x) && x[0] === '$socket');
        send(me, ['p2', m, (r2[1] as socket.select_info)[2]]);
        const a = ok<Sock>(yield* socket.accept(l, 0));
        yield* socket.close(a);
      });
      expect(yield* next(5000)).toBe('queued');
      expect(socket.cancel(l, si)).toBe('ok');
      const c = ok<Sock>(socket.open('inet', 'stream'));
      yield* socket.connect(c, addr);
      const m = (yield* next(5000)) as readonly Term[];
      expect(m[0]).toBe('p2');
      expect(m[1]).toEqual(selectMsg(l, m[2]));
      yield* closeAll(l, c);
    }));

  it('send: a pending nowait send is withdrawn', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const r = yield* socket.send(c, Buffer.alloc(16 << 20), 'nowait');
      expect(r[0]).toBe('select');
      const x = r[1] as readonly unknown[];
      const si = (x[0] === 'select_info' ? x : x[0]) as socket.select_info;
      expect(socket.cancel(c, si)).toBe('ok');
      expect(socket.info(c).num_writers).toBe(0);
      expect(socket.cancel(c, si)).toEqual(['error', ['invalid', si]]);
      yield* closeAll(l, c, a);
    }));

  it('connect: a pending nowait connect is withdrawn', () =>
    inProcess(function* () {
      // A non-routable address keeps the connect pending.
      const c = ok<Sock>(socket.open('inet', 'stream'));
      const r = yield* socket.connect(c, { family: 'inet', addr: [10, 255, 255, 1], port: 9 }, 'nowait');
      if (r[0] === 'select') {
        const si = r[1] as socket.select_info;
        expect(socket.cancel(c, si)).toBe('ok');
        expect(socket.cancel(c, si)).toEqual(['error', ['invalid', si]]);
      } else {
        expect(r[0]).toBe('error');
      }
      yield* closeAll(c);
    }));

  it('a select info that matches nothing, and one of another process', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const fake: socket.select_info = ['select_info', 'recv', makeRef()];
      expect(socket.cancel(a, fake)).toEqual(['error', ['invalid', fake]]);
      const r = yield* socket.recv(a, 0, 'nowait');
      const si = r[1] as socket.select_info;
      const me = self();
      spawn(function* () {
        send(me, socket.cancel(a, si));
      });
      expect(yield* next(5000)).toEqual(['error', ['invalid', si]]);
      expect(socket.cancel(a, si)).toBe('ok');
      yield* closeAll(l, c, a);
    }));
});
