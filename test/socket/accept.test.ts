/**
 * accept/1,2 and connect/1,2,3 in sync, time-out and nowait forms. erl (OTP 25):
 *   accept(L, nowait) with no client   -> {select, {select_info, accept, H}}, then the select
 *                                         message when a client connects
 *   accept(L, 0) / accept(L, 10)       -> {error, timeout}
 *   accept on a socket not listening   -> {error, einval}
 *   connect(C, Addr, nowait)           -> {select, {select_info, connect, H}}; after the select
 *                                         message connect(C) -> ok (or the connect's error:
 *                                         econnrefused to a closed port)
 *   connect(C) with no connect pending -> error:{invalid, state}
 */
import { describe, expect, it } from 'vitest';
import { ErlangError } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { closeAll, inProcess, listener, next, ok, selectMsg, socket, type Sock } from './loopback.ts';

checkFdLeaks();

describe('accept', () => {
  it('accept/1 and accept/2 with a time-out return the new socket, owned by the caller', () =>
    inProcess(function* () {
      const { l, addr } = listener();
      const c1 = ok<Sock>(socket.open('inet', 'stream'));
      const c2 = ok<Sock>(socket.open('inet', 'stream'));
      yield* socket.connect(c1, addr);
      yield* socket.connect(c2, addr);
      const a1 = ok<Sock>(yield* socket.accept(l));
      const a2 = ok<Sock>(yield* socket.accept(l, 1000));
      expect(socket.info(a1).owner).toBe(socket.info(l).owner);
      expect(socket.info(a2).protocol).toBe('tcp');
      expect(socket.info(l).counters.acc_success).toBe(2);
      yield* closeAll(l, c1, c2, a1, a2);
    }));

  it('time-outs: 0 is a single try, a time-out is {error, timeout} with nothing left behind', () =>
    inProcess(function* () {
      const { l } = listener();
      expect(yield* socket.accept(l, 0)).toEqual(['error', 'timeout']);
      expect(yield* socket.accept(l, 20)).toEqual(['error', 'timeout']);
      expect(socket.info(l).num_acceptors).toBe(0);
      expect(yield* next(20)).toBe('none');
      yield* closeAll(l);
    }));

  it('nowait: select, then the select message when a client arrives', () =>
    inProcess(function* () {
      const { l, addr } = listener();
      const r = yield* socket.accept(l, 'nowait');
      expect(r[0]).toBe('select');
      const si = r[1] as socket.select_info;
      expect(si[1]).toBe('accept');
      const c = ok<Sock>(socket.open('inet', 'stream'));
      yield* socket.connect(c, addr);
      expect(yield* next(5000)).toEqual(selectMsg(l, si[2]));
      const a = ok<Sock>(yield* socket.accept(l, 'nowait'));
      yield* closeAll(l, c, a);
    }));

  it('a socket that is not listening: einval', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream'));
      expect(yield* socket.accept(s, 0)).toEqual(['error', 'einval']);
      yield* closeAll(s);
    }));
});

describe('connect', () => {
  it('connect/3 with a time-out and nowait + connect/1', () =>
    inProcess(function* () {
      const { l, addr } = listener();
      const c1 = ok<Sock>(socket.open('inet', 'stream'));
      expect(yield* socket.connect(c1, addr, 1000)).toBe('ok');
      const c2 = ok<Sock>(socket.open('inet', 'stream'));
      const r = yield* socket.connect(c2, addr, 'nowait');
      if (r !== 'ok') {
        expect(r[0]).toBe('select');
        const si = r[1] as socket.select_info;
        expect(si[1]).toBe('connect');
        expect(yield* next(5000)).toEqual(selectMsg(c2, si[2]));
        expect(yield* socket.connect(c2)).toBe('ok');
      }
      expect(ok<socket.sockaddr_in>(socket.peername(c2)).port).toBe(addr.port);
      yield* closeAll(l, c1, c2);
    }));

  it('a refused connect: blocking, and nowait finished by connect/1', () =>
    inProcess(function* () {
      const { l, addr } = listener();
      yield* closeAll(l);
      const c1 = ok<Sock>(socket.open('inet', 'stream'));
      expect(yield* socket.connect(c1, addr)).toEqual(['error', 'econnrefused']);
      const c2 = ok<Sock>(socket.open('inet', 'stream'));
      const r = yield* socket.connect(c2, addr, 'nowait');
      expect(r[0]).toBe('select');
      const si = (r as readonly ['select', socket.select_info])[1];
      expect(yield* next(5000)).toEqual(selectMsg(c2, si[2]));
      expect(yield* socket.connect(c2)).toEqual(['error', 'econnrefused']);
      yield* closeAll(c1, c2);
    }));

  it('connect/1 without a pending connect raises {invalid, state}', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream'));
      let caught: unknown;
      try {
        yield* socket.connect(s);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ErlangError);
      expect((caught as ErlangError).reason).toEqual(['invalid', 'state']);
      yield* closeAll(s);
    }));

  it('connect on a unix socket to a path nobody listens on: enoent', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('local', 'stream'));
      expect(yield* socket.connect(s, { family: 'local', path: '/tmp/beamlet-nobody-here' })).toEqual(['error', 'enoent']);
      yield* closeAll(s);
    }));
});

describe('shutdown', () => {
  it('shutdown write: the peer reads end of stream; unconnected is enotconn', () =>
    inProcess(function* () {
      const { l, addr } = listener();
      const c = ok<Sock>(socket.open('inet', 'stream'));
      expect(socket.shutdown(c, 'read')).toEqual(['error', 'enotconn']);
      yield* socket.connect(c, addr);
      const a = ok<Sock>(yield* socket.accept(l));
      yield* socket.send(c, 'last');
      expect(socket.shutdown(c, 'write')).toBe('ok');
      expect(yield* socket.recv(a, 0)).toEqual(['ok', Buffer.from('last')]);
      expect(yield* socket.recv(a, 0)).toEqual(['error', 'closed']);
      expect(socket.info(c).writable).toBe(false);
      expect(socket.shutdown(a, 'read_write')).toBe('ok');
      yield* closeAll(l, c, a);
    }));
});
