/**
 * recvfrom/1,2,3,4 on loopback UDP and unix datagram sockets, in every time-out form
 * (erl, OTP 25, unless noted):
 *   recvfrom(S) after a sendto from C            -> {ok, {#{family => inet, addr => {127,0,0,1}, port => P}, Data}}
 *   recvfrom(S, 3, [peek], 0) on a 10-byte one    -> {ok, {Src, <<"012">>}}, the datagram stays
 *   recvfrom(S, 0, [], nowait) with nothing there -> {select, {select_info, recvfrom, H}}
 *   recvfrom(S, 0, 10) with nothing there         -> {error, timeout}
 *   recvfrom from an unbound unix sender          -> {ok, {#{family => unspec, addr => <<>>}, Data}}
 *   recvfrom(S, -1, [], 0)                        -> badarg
 * The manual, not OTP 25: `{otp, select_read}` makes a completed nowait call
 * `{select_read, {SelectInfo, {Src, Data}}}`, with a select message when more arrives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRef, self, send, spawn } from '../../runtime/process.ts';
import { ErlangError } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, next, ok, selectMsg, socket } from './loopback.ts';
import { sentAndRead, udpBound, udpPair, unixDgram } from './udp.ts';

checkFdLeaks();

describe('recvfrom', () => {
  it('recvfrom/1: the datagram and its source', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      expect(yield* socket.sendto(c, 'hello', addr)).toBe('ok');
      expect(yield* socket.recvfrom(r)).toEqual(['ok', [from, b('hello')]]);
      yield* closeAll(r, c);
    }));

  it('BufSz truncates; peek leaves the datagram; BufSz 0 takes {otp, rcvbuf}', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      yield* socket.sendto(c, '0123456789', addr);
      expect(yield* socket.recvfrom(r, 3, ['peek'], 0)).toEqual(['ok', [from, b('012')]]);
      expect(yield* socket.recvfrom(r, 4)).toEqual(['ok', [from, b('0123')]]);
      // The truncated rest is gone with its datagram.
      expect(yield* socket.recvfrom(r, 0, 0)).toEqual(['error', 'timeout']);
      expect(socket.setopt(r, ['otp', 'rcvbuf'], 100)).toBe('ok');
      yield* socket.sendto(c, Buffer.alloc(300, 7), addr);
      expect(yield* socket.recvfrom(r, ['peek'])).toEqual(['ok', [from, Buffer.alloc(100, 7)]]);
      expect(yield* socket.recvfrom(r, 0, [])).toEqual(['ok', [from, Buffer.alloc(100, 7)]]);
      // {N, BufSz}: a datagram read takes BufSz (the N tight-loop reads are for streams).
      expect(socket.setopt(r, ['otp', 'rcvbuf'], [3, 50])).toBe('ok');
      yield* socket.sendto(c, Buffer.alloc(300, 8), addr);
      expect(yield* socket.recvfrom(r, 0, [], 1000)).toEqual(['ok', [from, Buffer.alloc(50, 8)]]);
      yield* closeAll(r, c);
    }));

  it('property: any datagram read with any BufSz is its first BufSz bytes (0: {otp, rcvbuf})', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      const cases = fc.sample(fc.tuple(fc.uint8Array({ maxLength: 9000 }), fc.nat(10_000)), { numRuns: 200 });
      for (const [bytes, bufSz] of cases) {
        const d = Buffer.from(bytes);
        expect(yield* socket.sendto(c, d, addr)).toBe('ok');
        const want = d.subarray(0, bufSz === 0 ? 8192 : bufSz);
        expect(yield* socket.recvfrom(r, bufSz, 1000)).toEqual(['ok', [from, want]]);
      }
      yield* closeAll(r, c);
    }));

  it('property: each source is the sender of its datagram, however senders alternate; sources are immutable', () =>
    inProcess(function* () {
      const { r, addr, c: c0, from: f0 } = udpPair();
      const senders = [{ c: c0, from: f0 }, ...[1, 2].map(() => {
        const { s, addr: a } = udpBound();
        return { c: s, from: a as socket.sockaddr_in };
      })];
      const orders = fc.sample(fc.array(fc.nat(2), { minLength: 1, maxLength: 30 }), { numRuns: 30 });
      for (const order of orders) {
        for (const [k, i] of order.entries()) expect(yield* socket.sendto(senders[i]!.c, `${k}`, addr)).toBe('ok');
        for (const [k, i] of order.entries()) {
          const [src, data] = ok<readonly [socket.sockaddr_in, Buffer]>(yield* socket.recvfrom(r, 0, 1000));
          expect([src, data.toString()]).toEqual([senders[i]!.from, `${k}`]);
          expect(Object.isFrozen(src) && Object.isFrozen(src.addr)).toBe(true);
        }
      }
      yield* closeAll(r, ...senders.map((x) => x.c));
    }));

  it('every datagram received stays as it arrived while later ones are read', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      const { sent, got } = yield* sentAndRead(r, addr, c, function* () {
        const [src, data] = ok<readonly [socket.sockaddr_recv, Buffer]>(yield* socket.recvfrom(r, 0, 1000));
        expect(src).toEqual(from);
        return data;
      });
      expect(got).toEqual(sent);
      yield* closeAll(r, c);
    }));

  it('time-out forms: 0 is a single try, a time-out leaves nothing behind', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      expect(yield* socket.recvfrom(r, 0, 0)).toEqual(['error', 'timeout']);
      expect(yield* socket.recvfrom(r, 0, 30)).toEqual(['error', 'timeout']);
      expect(yield* socket.recvfrom(r, [], 30)).toEqual(['error', 'timeout']);
      expect(yield* next(30)).toBe('none');
      expect(socket.info(r).num_readers).toBe(0);
      yield* socket.sendto(c, 'x', addr);
      expect(yield* socket.recvfrom(r, 0, [], 1000)).toEqual(['ok', [from, b('x')]]);
      yield* closeAll(r, c);
    }));

  it('infinity waits for a datagram sent later by another process', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      spawn(function* () {
        yield* next(20);
        yield* socket.sendto(c, 'late', addr);
      });
      expect(yield* socket.recvfrom(r, 0, [], 'infinity')).toEqual(['ok', [from, b('late')]]);
      yield* closeAll(r, c);
    }));

  it('nowait and a handle: select, the select message, then the datagram', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      const sel = yield* socket.recvfrom(r, 0, [], 'nowait');
      expect(sel[0]).toBe('select');
      const si = sel[1] as socket.select_info;
      expect(si[1]).toBe('recvfrom');
      yield* socket.sendto(c, 'a', addr);
      expect(yield* next(1000)).toEqual(selectMsg(r, si[2]));
      expect(yield* socket.recvfrom(r, 0, [], 'nowait')).toEqual(['ok', [from, b('a')]]);
      const h = makeRef();
      expect(yield* socket.recvfrom(r, 0, h)).toEqual(['select', ['select_info', 'recvfrom', h]]);
      yield* socket.sendto(c, 'b', addr);
      expect(yield* next(1000)).toEqual(selectMsg(r, h));
      expect(yield* socket.recvfrom(r, 0, h)).toEqual(['ok', [from, b('b')]]);
      yield* closeAll(r, c);
    }));

  it('cancel/2 withdraws a nowait recvfrom: no select message follows', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      const sel = yield* socket.recvfrom(r, 0, [], 'nowait');
      const si = sel[1] as socket.select_info;
      expect(socket.cancel(r, si)).toBe('ok');
      expect(socket.info(r).num_readers).toBe(0);
      yield* socket.sendto(c, 'x', addr);
      expect(yield* next(30)).toBe('none');
      expect(socket.cancel(r, si)).toEqual(['error', ['invalid', si]]);
      expect(yield* socket.recvfrom(r, 0, 0)).toEqual(['ok', [from, b('x')]]);
      yield* closeAll(r, c);
    }));

  it('IPv6: the source is a sockaddr_in6', () =>
    inProcess(function* () {
      const { s: r, addr } = udpBound('inet6');
      const { s: c, addr: from } = udpBound('inet6');
      expect(yield* socket.sendto(c, 'six', addr)).toBe('ok');
      expect(yield* socket.recvfrom(r, 0, 1000)).toEqual(['ok', [from, b('six')]]);
      expect((from as socket.sockaddr_in6).addr).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
      yield* closeAll(r, c);
    }));

  it('{otp, select_read}: a completed nowait call stays armed', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      expect(socket.setopt(r, ['otp', 'select_read'], true)).toBe('ok');
      yield* socket.sendto(c, 'one', addr);
      const res = yield* socket.recvfrom(r, 0, [], 'nowait');
      expect(res[0]).toBe('select_read');
      const [si, got] = res[1] as readonly [socket.select_info, unknown];
      expect(si[1]).toBe('recvfrom');
      expect(got).toEqual([from, b('one')]);
      yield* socket.sendto(c, 'two', addr);
      expect(yield* next(1000)).toEqual(selectMsg(r, si[2]));
      expect(socket.setopt(r, ['otp', 'select_read'], false)).toBe('ok');
      expect(yield* socket.recvfrom(r, 0, [], 'nowait')).toEqual(['ok', [from, b('two')]]);
      yield* closeAll(r, c);
    }));

  it('close from another process ends a blocked recvfrom with {error, closed}', () =>
    inProcess(function* () {
      const { r, c } = udpPair();
      const me = self();
      spawn(function* () {
        send(me, ['got', yield* socket.recvfrom(r)]);
      });
      yield* next(20);
      yield* socket.close(r);
      expect(yield* next(1000)).toEqual(['got', ['error', 'closed']]);
      yield* closeAll(c);
    }));

  it('an unbound unix sender shows as #{family => unspec, addr => <<>>}', () =>
    inProcess(function* () {
      const { r, addr, c, unlink } = unixDgram();
      yield* socket.sendto(c, 'u', addr);
      expect(yield* socket.recvfrom(r, 0, 1000)).toEqual(['ok', [{ family: 'unspec', addr: Buffer.alloc(0) }, b('u')]]);
      yield* closeAll(r, c);
      unlink();
    }));

  it('counters count reads and bytes', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      yield* socket.sendto(c, 'abcd', addr);
      ok(yield* socket.recvfrom(r));
      const k = socket.info(r).counters;
      expect(k.read_pkg).toBe(1);
      expect(k.read_byte).toBe(4);
      yield* closeAll(r, c);
    }));

  it('bad arguments as OTP 25: badarg, {invalid, {msg_flag, F}}, {invalid, {timeout, T}}, closed', () =>
    inProcess(function* () {
      const { r, c } = udpPair();
      expect(() => socket.recvfrom(r, -1, [], 0).next()).toThrow(ErlangError);
      expect(yield* socket.recvfrom(r, 0, ['bad' as never], 0)).toEqual(['error', ['invalid', ['msg_flag', 'bad']]]);
      expect(() => socket.recvfrom(r, 0, [], 'soon' as never).next()).toThrow(/timeout/);
      yield* closeAll(r, c);
      expect(yield* socket.recvfrom(r, 0, 0)).toEqual(['error', 'closed']);
    }));
});
