/**
 * sendmsg/2,3,4 on loopback UDP, TCP and unix datagram sockets (erl, OTP 25):
 *   sendmsg(C, #{addr => A, iov => [<<"a">>, <<"b">>]})     -> ok, one datagram <<"ab">>
 *   1,025 iov elements on UDP                              -> {error, {invalid, {iov, {list, 1025}}}}
 *   1,025 iov elements on TCP                              -> ok (sent iov_max at a time)
 *   a ctrl of an unknown type                              -> {error, {invalid, {msg, ctrl, #{ctrl => Ctrl}}}}
 *   a tos ctrl with {otp, sndctrlbuf} 16 (it needs 24)     -> the same
 *   sendmsg(C, Msg, nowait) on a full unix receiver        -> {select, {select_info, {sendmsg, _}, H}}
 *   sendmsg(T, [<<"hi">>])                                 -> badarg (an iovec needs a Cont)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRef, self, send, spawn } from '../../runtime/process.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, next, ok, selectMsg, socket, tcpPair } from './loopback.ts';
import { fillUnix, udpPair, unixDgram } from './udp.ts';

checkFdLeaks();

describe('sendmsg', () => {
  it('sendmsg/2,3,4: the iov goes out as one datagram, in every time-out form', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      expect(yield* socket.sendmsg(c, { addr, iov: [b('a'), b('b')] })).toBe('ok');
      expect(yield* socket.sendmsg(c, { addr, iov: [b('c')] }, [])).toBe('ok');
      expect(yield* socket.sendmsg(c, { addr, iov: [b('d')] }, 1000)).toBe('ok');
      expect(yield* socket.sendmsg(c, { addr, iov: [b('e')] }, [], 0)).toBe('ok');
      expect(yield* socket.sendmsg(c, { addr, iov: [b('f')] }, [], 'nowait')).toBe('ok');
      expect(yield* socket.sendmsg(c, { addr, iov: [b('g')] }, [], makeRef())).toBe('ok');
      for (const want of ['ab', 'c', 'd', 'e', 'f', 'g']) {
        expect(yield* socket.recvfrom(r, 0, 1000)).toEqual(['ok', [from, b(want)]]);
      }
      yield* closeAll(r, c);
    }));

  it('property: any iov arrives as one datagram, its parts in order', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      const iovs = fc.sample(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 40 }), { numRuns: 200 });
      for (const parts of iovs) {
        const iov = parts.map((p) => Buffer.from(p));
        expect(yield* socket.sendmsg(c, { addr, iov })).toBe('ok');
        expect(yield* socket.recvmsg(r, 0, 0, [], 1000)).toEqual(['ok', { addr: from, iov: [Buffer.concat(iov)], ctrl: [], flags: [] }]);
      }
      yield* closeAll(r, c);
    }));

  it('an iov longer than iov_max: refused on UDP, sent in full on TCP', () =>
    inProcess(function* () {
      const max = socket.info().iov_max as number;
      const iov = Array.from({ length: max + 1 }, (_, i) => Buffer.from([i & 0xff]));
      const { r, addr, c } = udpPair();
      expect(yield* socket.sendmsg(c, { addr, iov })).toEqual(['error', ['invalid', ['iov', ['list', max + 1]]]]);
      yield* closeAll(r, c);
      const { l, c: t, a } = yield* tcpPair();
      expect(yield* socket.sendmsg(t, { iov })).toBe('ok');
      expect(yield* socket.recv(a, max + 1, 1000)).toEqual(['ok', Buffer.concat(iov)]);
      yield* closeAll(l, t, a);
    }));

  it('control messages go out: ttl and tos as the receiver sees them', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      expect(socket.setopt(r, ['ip', 'recvttl'], true)).toBe('ok');
      expect(socket.setopt(r, ['ip', 'recvtos'], true)).toBe('ok');
      yield* socket.sendmsg(c, { addr, iov: [b('t')], ctrl: [{ level: 'ip', type: 'ttl', value: 7 }] });
      const m = ok<socket.msg_recv>(yield* socket.recvmsg(r, 0, 0, [], 1000));
      expect((m.ctrl.find((x) => x.type === 'ttl') as { value?: unknown } | undefined)?.value).toBe(7);
      yield* socket.sendmsg(c, { addr, iov: [b('t')], ctrl: [{ level: 'ip', type: 'tos', value: 'throughput' }] });
      const m2 = ok<socket.msg_recv>(yield* socket.recvmsg(r, 0, 0, [], 1000));
      expect((m2.ctrl.find((x) => x.type === 'tos') as { value?: unknown } | undefined)?.value).toBe('throughput');
      // The control data must fit in {otp, sndctrlbuf} (a tos cmsg takes 24 bytes).
      const tos = [{ level: 'ip', type: 'tos', value: 'lowdelay' }] as const;
      expect(socket.setopt(c, ['otp', 'sndctrlbuf'], 16)).toBe('ok');
      expect(yield* socket.sendmsg(c, { addr, iov: [b('t')], ctrl: tos as never })).toEqual(['error', ['invalid', ['msg', 'ctrl', { ctrl: tos }]]]);
      expect(socket.setopt(c, ['otp', 'sndctrlbuf'], 24)).toBe('ok');
      expect(yield* socket.sendmsg(c, { addr, iov: [b('t')], ctrl: tos as never })).toBe('ok');
      ok(yield* socket.recvmsg(r, 0, 0, [], 1000));
      const bad = [{ level: 'ip', type: 'foo', value: 7 }];
      expect(yield* socket.sendmsg(c, { addr, iov: [b('t')], ctrl: bad as never })).toEqual(
        ['error', ['invalid', ['msg', 'ctrl', { ctrl: bad }]]],
      );
      yield* closeAll(r, c);
    }));

  it('a full receiver: time-outs, then nowait, the select message and the continuation', () =>
    inProcess(function* () {
      const { r, addr, c, unlink } = unixDgram();
      yield* fillUnix(c, addr);
      expect(yield* socket.sendmsg(c, { addr, iov: [b('x')] }, [], 0)).toEqual(['error', 'timeout']);
      expect(yield* socket.sendmsg(c, { addr, iov: [b('x')] }, 20)).toEqual(['error', 'timeout']);
      const sel = yield* socket.sendmsg(c, { addr, iov: [b('cont')] }, 'nowait');
      expect(sel[0]).toBe('select');
      const si = sel[1] as socket.select_info;
      expect(Array.isArray(si[1]) && si[1][0]).toBe('sendmsg');
      ok(yield* socket.recvfrom(r, 0, 1000));
      expect(yield* next(1000)).toEqual(selectMsg(c, si[2]));
      // With a Cont the data may be a bare iovec.
      expect(yield* socket.sendmsg(c, [b('cont')], si)).toBe('ok');
      yield* closeAll(r, c);
      unlink();
    }));

  it('a partial stream write: {select, {SelectInfo, Rest}}, continued until all arrived', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      // Tiny kernel buffers would make TCP crawl on window updates: defaults, more data.
      expect(socket.setopt(a, ['otp', 'rcvbuf'], 65536)).toBe('ok');
      const chunk = Buffer.alloc(256 * 1024, 9);
      const iov = Array.from({ length: 64 }, () => chunk);
      const total = 64 * chunk.length;
      const me = self();
      spawn(function* () {
        let got = 0;
        while (got < total) got += ok<Buffer>(yield* socket.recv(a, 0, 5000)).length;
        send(me, ['read', got]);
      });
      let r = yield* socket.sendmsg(c, { iov }, [], 'nowait');
      let rest: readonly Buffer[] = iov;
      let partials = 0;
      for (let i = 0; i < 10_000 && r !== 'ok'; i++) {
        expect(r[0]).toBe('select');
        let si = r[1] as socket.select_info;
        if (si[0] !== 'select_info') {
          [si, rest] = r[1] as unknown as readonly [socket.select_info, Buffer[]];
          partials++;
        }
        expect(yield* next(5000)).toEqual(selectMsg(c, si[2]));
        r = yield* socket.sendmsg(c, rest, si, 'nowait');
      }
      expect(r).toBe('ok');
      expect(partials).toBeGreaterThan(0);
      expect(yield* next(5000)).toEqual(['read', total]);
      yield* closeAll(l, c, a);
    }));

  it('bad arguments as OTP 25', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(() => socket.sendmsg(c, [b('hi')] as never).next()).toThrow(/badarg/);
      expect(yield* socket.sendmsg(c, { iov: [b('hi')] }, ['bad' as never])).toEqual(['error', ['invalid', ['msg_flag', 'bad']]]);
      expect(yield* socket.sendmsg(c, { iov: ['hi' as never] })).toEqual(['error', ['invalid', ['iov', ['element_not_binary', 1]]]]);
      yield* closeAll(l, c, a);
      expect(yield* socket.sendmsg(c, { iov: [b('hi')] })).toEqual(['error', 'closed']);
    }));
});
