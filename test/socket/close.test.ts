/**
 * close/1 from another process aborts every pending operation (erl, OTP 25): a blocked
 * recv or accept returns {error, closed}; a nowait caller gets
 * {'$socket', S, abort, {Handle, closed}}; later calls on the socket are {error, closed}.
 */
import { describe, expect, it } from 'vitest';
import { self, send, sleep, spawn } from '../../runtime/process.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { abortMsg, closeAll, inProcess, listener, next, ok, socket, tcpPair, type Sock } from './loopback.ts';

checkFdLeaks();

function* until(f: () => boolean): Generator<unknown, void, unknown> {
  for (let i = 0; i < 500 && !f(); i++) yield* sleep(2);
  expect(f()).toBe(true);
}

describe('close by another process', () => {
  it('under a blocked recv', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const me = self();
      spawn(function* () {
        send(me, ['recv', yield* socket.recv(a, 10)]);
      });
      yield* until(() => socket.info(a).num_readers === 1);
      spawn(function* () {
        send(me, ['close', yield* socket.close(a)]);
      });
      const got = [yield* next(5000), yield* next(5000)];
      expect(got).toContainEqual(['recv', ['error', 'closed']]);
      expect(got).toContainEqual(['close', 'ok']);
      yield* closeAll(l, c);
    }));

  it('under a blocked recv that already had part of its data', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const me = self();
      spawn(function* () {
        send(me, ['recv', yield* socket.recv(a, 10)]);
      });
      yield* socket.send(c, 'abc');
      yield* until(() => socket.info(a).counters.read_byte === 3);
      yield* socket.close(a);
      expect(yield* next(5000)).toEqual(['recv', ['error', ['closed', Buffer.from('abc')]]]);
      yield* closeAll(l, c);
    }));

  it('under a nowait recv: the abort message', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const r = yield* socket.recv(a, 0, 'nowait');
      const h = (r[1] as socket.select_info)[2];
      const me = self();
      spawn(function* () {
        send(me, ['close', yield* socket.close(a)]);
      });
      const got = [yield* next(5000), yield* next(5000)];
      expect(got).toContainEqual(abortMsg(a, h));
      expect(got).toContainEqual(['close', 'ok']);
      expect(yield* socket.recv(a, 0, 'nowait')).toEqual(['error', 'closed']);
      yield* closeAll(l, c);
    }));

  it('under a blocked accept, and under queued acceptors', () =>
    inProcess(function* () {
      const { l } = listener();
      const me = self();
      for (let i = 0; i < 2; i++) {
        spawn(function* () {
          send(me, ['accept', i, yield* socket.accept(l)]);
        });
        yield* until(() => socket.info(l).num_acceptors === i + 1);
      }
      const r = yield* socket.accept(l, 'nowait');
      const h = (r[1] as socket.select_info)[2];
      spawn(function* () {
        yield* socket.close(l);
      });
      const got = [yield* next(5000), yield* next(5000), yield* next(5000)];
      expect(got).toContainEqual(['accept', 0, ['error', 'closed']]);
      expect(got).toContainEqual(['accept', 1, ['error', 'closed']]);
      expect(got).toContainEqual(abortMsg(l, h));
      expect(socket.info(l).num_acceptors).toBe(0);
    }));

  it('under a blocked send', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const me = self();
      spawn(function* () {
        send(me, ['send', (yield* socket.send(c, Buffer.alloc(16 << 20)))[0]]);
      });
      yield* until(() => socket.info(c).num_writers === 1);
      yield* socket.close(c);
      expect(yield* next(5000)).toEqual(['send', 'error']);
      yield* closeAll(l, a);
    }));
});

describe('close', () => {
  it('closes the fd and makes every later call {error, closed}', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'dgram'));
      const i = socket.info(s);
      expect(i.wstates).toEqual([]);
      expect(yield* socket.close(s)).toBe('ok');
      const j = socket.info(s);
      expect(j.owner).toBe('undefined');
      expect(j.rstates).toContain('closed');
      expect(yield* socket.close(s)).toEqual(['error', 'closed']);
    }));
});
