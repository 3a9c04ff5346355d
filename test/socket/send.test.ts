/**
 * send/2,3,4 (with the Cont forms), sendv/2,3,4 and rest_iov/2 on loopback TCP and UDP.
 * erl (OTP 25): a nowait send of 4 MB to a peer that does not read returns
 * `{select, {{select_info, {send, Cont}, H}, RestData}}`; `send(C, Rest, SelectInfo, nowait)`
 * continues it; a time-out after part was sent is `{error, {timeout, RestData}}`;
 * `send(C, <<"x">>, 0)` on a full socket is `{error, timeout}`; after the peer closed,
 * sends end in `{error, epipe}`.
 */
import { describe, expect, it } from 'vitest';
import { self, send, spawn } from '../../runtime/process.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, next, ok, selectMsg, socket, tcpPair, type Sock } from './loopback.ts';

checkFdLeaks();

const BIG = Buffer.alloc(8 << 20, 7);

describe('send', () => {
  it('send/2 of a Buffer, a string and an iolist', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(yield* socket.send(c, b('ab'))).toBe('ok');
      expect(yield* socket.send(c, 'cd')).toBe('ok');
      expect(yield* socket.send(c, [101, ['f', b('g')], 'h'])).toBe('ok');
      expect(yield* socket.recv(a, 8)).toEqual(['ok', b('abcdefgh')]);
      yield* closeAll(l, c, a);
    }));

  it('send/3 with flags, with a time-out; send/4', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(yield* socket.send(c, 'a', [])).toBe('ok');
      expect(yield* socket.send(c, 'b', 1000)).toBe('ok');
      expect(yield* socket.send(c, 'c', ['nosignal'], 1000)).toBe('ok');
      expect(yield* socket.recv(a, 3)).toEqual(['ok', b('abc')]);
      yield* closeAll(l, c, a);
    }));

  it('a full socket: time-out 0 is timeout; a time-out returns the rest', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const r = yield* socket.send(c, BIG, 50);
      expect(r[0]).toBe('error');
      const [reason, rest] = r[1] as readonly [string, Buffer];
      expect(reason).toBe('timeout');
      expect(rest.length).toBeGreaterThan(0);
      expect(rest.length).toBeLessThan(BIG.length);
      // Time-out 0 is one try: filling the socket ends in a timeout, never a wait.
      const chunk = Buffer.alloc(65536);
      let r0: unknown = 'ok';
      for (let i = 0; i < 10_000 && r0 === 'ok'; i++) r0 = yield* socket.send(c, chunk, 0);
      expect((r0 as readonly unknown[])[0]).toBe('error');
      const why = (r0 as readonly unknown[])[1];
      expect(why === 'timeout' || (Array.isArray(why) && why[0] === 'timeout')).toBe(true);
      expect(yield* next(30)).toBe('none');
      expect(socket.info(c).num_writers).toBe(0);
      yield* closeAll(l, c, a);
    }));

  it('nowait: partial select with RestData, then Cont continues it to the end', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const me = self();
      const r = yield* socket.send(c, BIG, 'nowait');
      expect(r[0]).toBe('select');
      let [si, rest] = r[1] as readonly [socket.select_info, Buffer];
      expect(si[1]).toEqual(['send', 0]);
      let total = BIG.length - rest.length;
      spawn(function* () {
        let n = 0;
        while (n < BIG.length) n += ok<Buffer>(yield* socket.recv(a, Math.min(65536, BIG.length - n))).length;
        send(me, ['read', n]);
      });
      for (;;) {
        expect(yield* next(5000)).toEqual(selectMsg(c, si[2]));
        const r2 = yield* socket.send(c, rest, si, 'nowait');
        if (r2 === 'ok') break;
        expect(r2[0]).toBe('select');
        if (Array.isArray((r2[1] as unknown[])[1])) continue;
        const x = r2[1] as readonly [socket.select_info, Buffer] | socket.select_info;
        if (x[0] === 'select_info') {
          si = x as socket.select_info;
        } else {
          [si, rest] = x as readonly [socket.select_info, Buffer];
          total = BIG.length - rest.length;
        }
      }
      expect(total).toBeGreaterThan(0);
      expect(yield* next(5000)).toEqual(['read', BIG.length]);
      yield* closeAll(l, c, a);
    }));

  it('a send blocked on a full socket completes when the peer reads', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const me = self();
      spawn(function* () {
        send(me, ['sent', yield* socket.send(c, BIG)]);
      });
      let n = 0;
      while (n < BIG.length) n += ok<Buffer>(yield* socket.recv(a, 0)).length;
      expect(yield* next(5000)).toEqual(['sent', 'ok']);
      const i = socket.info(c).counters;
      expect(i.write_byte).toBe(BIG.length);
      expect(i.write_pkg).toBe(1);
      expect(i.write_waits).toBeGreaterThan(0);
      yield* closeAll(l, c, a);
    }));

  it('after the peer closed: epipe, never a signal', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      yield* socket.close(a);
      let r: unknown = 'ok';
      for (let i = 0; i < 100 && r === 'ok'; i++) r = yield* socket.send(c, 'x');
      expect(['epipe', 'econnreset']).toContain((r as readonly [string, string])[1]);
      yield* closeAll(l, c);
    }));

  it('UDP: a datagram per send on a connected socket', () =>
    inProcess(function* () {
      const u1 = ok<Sock>(socket.open('inet', 'dgram'));
      const u2 = ok<Sock>(socket.open('inet', 'dgram'));
      expect(socket.bind(u1, { family: 'inet', addr: 'loopback', port: 0 })).toBe('ok');
      expect(socket.bind(u2, { family: 'inet', addr: 'loopback', port: 0 })).toBe('ok');
      expect(yield* socket.connect(u1, ok<socket.sockaddr>(socket.sockname(u2)))).toBe('ok');
      expect(yield* socket.send(u1, 'one')).toBe('ok');
      expect(yield* socket.send(u1, 'two')).toBe('ok');
      expect(yield* socket.recv(u2, 100)).toEqual(['ok', b('one')]);
      expect(yield* socket.recv(u2, 2)).toEqual(['ok', b('tw')]);
      expect(yield* socket.recv(u2, 0, 0)).toEqual(['error', 'timeout']);
      yield* closeAll(u1, u2);
    }));
});

describe('sendv and rest_iov', () => {
  it('rest_iov drops the written bytes', () => {
    const iov = [b('abc'), b('de'), b('fgh')];
    expect(socket.rest_iov(0, iov)).toEqual(iov);
    expect(socket.rest_iov(2, iov)).toEqual([b('c'), b('de'), b('fgh')]);
    expect(socket.rest_iov(5, iov)).toEqual([b('fgh')]);
    expect(socket.rest_iov(8, iov)).toEqual([]);
  });

  it('sendv/2,3 writes the vector in order', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(yield* socket.sendv(c, [b('ab'), b('cd')])).toBe('ok');
      expect(yield* socket.sendv(c, [b('e')], 1000)).toBe('ok');
      expect(yield* socket.recv(a, 5)).toEqual(['ok', b('abcde')]);
      yield* closeAll(l, c, a);
    }));

  it('sendv nowait on a full socket: select with the rest vector, Cont continues', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const parts = [BIG.subarray(0, 3 << 20), BIG.subarray(3 << 20)];
      const r = yield* socket.sendv(c, parts, 'nowait');
      expect(r[0]).toBe('select');
      const [si, rest] = r[1] as readonly [socket.select_info, Buffer[]];
      expect(si[1]).toEqual(['sendv', 0]);
      const left = rest.reduce((n, x) => n + x.length, 0);
      expect(left).toBeGreaterThan(0);
      const me = self();
      spawn(function* () {
        let n = 0;
        while (n < BIG.length) n += ok<Buffer>(yield* socket.recv(a, 0)).length;
        send(me, ['read', n]);
      });
      expect(yield* next(5000)).toEqual(selectMsg(c, si[2]));
      expect(yield* socket.sendv(c, rest, si, 'infinity')).toBe('ok');
      expect(yield* next(5000)).toEqual(['read', BIG.length]);
      yield* closeAll(l, c, a);
    }));
});
