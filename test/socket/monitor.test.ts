/**
 * monitor/1 and cancel_monitor/1 (erl, OTP 25): one {'DOWN', MRef, socket, S, closed}
 * when the socket closes, from close/1 or the owner's death; at once on a socket that
 * is already closed; cancel_monitor/1 is true for an active monitor and false after it
 * fired or for an unknown ref; monitor of a non-socket is badarg.
 */
import { describe, expect, it } from 'vitest';
import { exit, makeRef, self, send, spawn } from '../../runtime/process.ts';
import { ErlangError, type Term } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { inProcess, next, ok, socket, type Sock } from './loopback.ts';

checkFdLeaks();

describe('monitor', () => {
  it('DOWN exactly once on close, to every monitor', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream'));
      const m1 = socket.monitor(s);
      const m2 = socket.monitor(s);
      yield* socket.close(s);
      const got = [yield* next(100), yield* next(100)];
      expect(got).toContainEqual(['DOWN', m1, 'socket', s, 'closed']);
      expect(got).toContainEqual(['DOWN', m2, 'socket', s, 'closed']);
      expect(yield* next(30)).toBe('none');
      expect(socket.cancel_monitor(m1)).toBe(false);
    }));

  it('at once on a socket already closed', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'dgram'));
      yield* socket.close(s);
      const m = socket.monitor(s);
      expect(yield* next(100)).toEqual(['DOWN', m, 'socket', s, 'closed']);
    }));

  it('cancel_monitor: true, then no DOWN; false for an unknown ref', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream'));
      const m = socket.monitor(s);
      expect(socket.cancel_monitor(m)).toBe(true);
      expect(socket.cancel_monitor(m)).toBe(false);
      expect(socket.cancel_monitor(makeRef())).toBe(false);
      yield* socket.close(s);
      expect(yield* next(30)).toBe('none');
    }));

  it('a monitor from another process, and the owner\'s death closing the socket', () =>
    inProcess(function* () {
      const me = self();
      const owner = spawn(function* () {
        const s = ok<Sock>(socket.open('inet', 'stream'));
        send(me, ['sock', s]);
        yield* next(10_000);
      });
      const [, s] = (yield* next(5000)) as readonly [string, Sock];
      const m = socket.monitor(s);
      exit(owner, 'kill');
      expect(yield* next(5000)).toEqual(['DOWN', m, 'socket', s, 'closed']);
      expect(socket.info(s).owner).toBe('undefined');
      expect(yield* socket.recv(s, 0, 0)).toEqual(['error', 'closed']);
    }));

  it('badarg for a term that is not a socket', () => {
    for (const bad of ['foo', ['$socket', makeRef()], ['$socket'], 42] as Term[]) {
      expect(() => socket.monitor(bad as never)).toThrow(ErlangError);
    }
    expect(() => socket.cancel_monitor('foo' as never)).toThrow(ErlangError);
  });
});
