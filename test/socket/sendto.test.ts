/**
 * sendto/3,4,5 on loopback UDP and on unix datagram sockets whose receiver is full
 * (erl, OTP 25):
 *   sendto(C, Data, Dest)                       -> ok
 *   sendto(C, Data, Dest, nowait) when full     -> {select, {select_info, {sendto, _}, H}}, then
 *                                                  {'$socket', C, select, H} once there is room
 *   sendto(C, Data, Dest, 0) / (.., 10) when full -> {error, timeout}
 *   sendto(C, Data, Dest, [bad])                -> {error, {invalid, {msg_flag, bad}}}
 *   sendto(C, Data, foo)                        -> raises {invalid, {sockaddr, foo}}
 *   sendto(C, Data, #{family => inet, addr => {1,2,3}, port => 1})
 *                                               -> {error, {invalid, {sockaddr, #{...}}}}
 */
import { describe, expect, it } from 'vitest';
import { makeRef, self, send, spawn } from '../../runtime/process.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, next, ok, selectMsg, socket } from './loopback.ts';
import { fillUnix, udpPair, unixDgram } from './udp.ts';

checkFdLeaks();

describe('sendto', () => {
  it('sendto/3,4,5 deliver to the destination; iodata is flattened', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      expect(yield* socket.sendto(c, 'a', addr)).toBe('ok');
      expect(yield* socket.sendto(c, ['b', [0x63], Buffer.from('d')], addr, [])).toBe('ok');
      expect(yield* socket.sendto(c, 'e', addr, 1000)).toBe('ok');
      expect(yield* socket.sendto(c, 'f', addr, [], 'infinity')).toBe('ok');
      expect(yield* socket.sendto(c, 'g', addr, [], 'nowait')).toBe('ok');
      expect(yield* socket.sendto(c, 'h', addr, 0)).toBe('ok');
      for (const want of ['a', 'bcd', 'e', 'f', 'g', 'h']) {
        expect(yield* socket.recvfrom(r, 0, 1000)).toEqual(['ok', [from, b(want)]]);
      }
      expect(socket.info(c).counters.write_pkg).toBe(6);
      yield* closeAll(r, c);
    }));

  it('a full receiver: time-out 0 and a time-out are {error, timeout}', () =>
    inProcess(function* () {
      const { r, addr, c, unlink } = unixDgram();
      const n = yield* fillUnix(c, addr);
      expect(n).toBeGreaterThan(0);
      expect(yield* socket.sendto(c, 'x', addr, [], 0)).toEqual(['error', 'timeout']);
      expect(yield* socket.sendto(c, 'x', addr, 30)).toEqual(['error', 'timeout']);
      expect(yield* next(30)).toBe('none');
      expect(socket.info(c).num_writers).toBe(0);
      yield* closeAll(r, c);
      unlink();
    }));

  it('nowait when full: select, the select message when the reader makes room, then the continuation', () =>
    inProcess(function* () {
      const { r, addr, c, unlink } = unixDgram();
      yield* fillUnix(c, addr);
      const sel = yield* socket.sendto(c, 'cont', addr, 'nowait');
      expect(sel[0]).toBe('select');
      const si = sel[1] as socket.select_info;
      expect(Array.isArray(si[1]) && si[1][0]).toBe('sendto');
      ok(yield* socket.recvfrom(r, 0, 1000));
      expect(yield* next(1000)).toEqual(selectMsg(c, si[2]));
      expect(yield* socket.sendto(c, 'cont', si)).toBe('ok');
      yield* closeAll(r, c);
      unlink();
    }));

  it('a blocked sendto completes when another process reads', () =>
    inProcess(function* () {
      const { r, addr, c, unlink } = unixDgram();
      const n = yield* fillUnix(c, addr);
      const me = self();
      spawn(function* () {
        send(me, ['sent', yield* socket.sendto(c, 'last', addr)]);
      });
      expect(yield* next(30)).toBe('none');
      ok(yield* socket.recvfrom(r, 0, 1000));
      expect(yield* next(1000)).toEqual(['sent', 'ok']);
      // Everything queued arrives, the blocked datagram last.
      let last: unknown;
      for (let i = 0; i < n; i++) last = ok<readonly [unknown, Buffer]>(yield* socket.recvfrom(r, 0, 1000))[1];
      expect(last).toEqual(b('last'));
      yield* closeAll(r, c);
      unlink();
    }));

  it('a blocked sendto still goes to its own destination after others sent in between', () =>
    inProcess(function* () {
      // The destination is encoded into one shared area; a sendto that waited must
      // encode its own again, or it would send to (or fail on) the last one encoded.
      const { r, addr, c, unlink } = unixDgram();
      const u = udpPair();
      const n = yield* fillUnix(c, addr);
      const me = self();
      spawn(function* () {
        send(me, ['sent', yield* socket.sendto(c, 'last', addr)]);
      });
      expect(yield* next(30)).toBe('none');
      expect(yield* socket.sendto(u.c, 'udp', u.addr)).toBe('ok');
      ok(yield* socket.recvfrom(r, 0, 1000));
      expect(yield* next(1000)).toEqual(['sent', 'ok']);
      let last: unknown;
      for (let i = 0; i < n; i++) last = ok<readonly [unknown, Buffer]>(yield* socket.recvfrom(r, 0, 1000))[1];
      expect(last).toEqual(b('last'));
      expect(yield* socket.recvfrom(u.r, 0, 1000)).toEqual(['ok', [u.from, b('udp')]]);
      yield* closeAll(r, c, u.r, u.c);
      unlink();
    }));

  it('a handle, and close aborting a nowait sendto', () =>
    inProcess(function* () {
      const { r, addr, c, unlink } = unixDgram();
      yield* fillUnix(c, addr);
      const h = makeRef();
      const sel = yield* socket.sendto(c, 'x', addr, [], h);
      expect(sel[0]).toBe('select');
      expect((sel[1] as socket.select_info)[2]).toBe(h);
      yield* socket.close(c);
      expect(yield* next(1000)).toEqual(['$socket', c, 'abort', [h, 'closed']]);
      yield* closeAll(r);
      unlink();
    }));

  it('bad arguments as OTP 25', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      expect(yield* socket.sendto(c, 'x', addr, ['bad' as never])).toEqual(['error', ['invalid', ['msg_flag', 'bad']]]);
      expect(() => socket.sendto(c, 'x', 'foo' as never).next()).toThrow(/sockaddr/);
      const bad = { family: 'inet', addr: [1, 2, 3], port: 1 };
      expect(yield* socket.sendto(c, 'x', bad as never)).toEqual(['error', ['invalid', ['sockaddr', bad]]]);
      expect(() => socket.sendto(c, 'x', addr, [], 'foo' as never).next()).toThrow(/timeout/);
      yield* closeAll(r, c);
      expect(yield* socket.sendto(c, 'x', addr)).toEqual(['error', 'closed']);
    }));
});
