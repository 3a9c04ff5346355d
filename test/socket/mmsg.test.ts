/**
 * sendmmsg/4 and recvmmsg/6 (the manual's OTP 29 functions; OTP 25 has neither) on
 * loopback UDP, TCP and unix datagram sockets: batches of 1, 64 and 1,024; a property
 * that any batch sent arrives intact and in order; every time-out form; a receiver that
 * fills (`{select_write, {SelectInfo, SentCount}}`); a partial stream write (`{ok, Rest}`);
 * VLen validation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRef, self, send, spawn } from '../../runtime/process.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, next, ok, selectMsg, socket, tcpPair, type Sock } from './loopback.ts';
import { udpPair, unixDgram } from './udp.ts';

checkFdLeaks();

type Msg = socket.msg_recv;

/** Receives `n` datagrams with recvmmsg batches of up to `vlen`. */
function* receiveAll(r: Sock, n: number, vlen = 1024): Generator<unknown, Msg[], unknown> {
  const out: Msg[] = [];
  for (let i = 0; i < n * 2 && out.length < n; i++) out.push(...ok<Msg[]>(yield* socket.recvmmsg(r, vlen, 0, 0, [], 1000)));
  return out;
}

function bigRcvbuf(r: Sock): void {
  // 1,024 datagrams of any size must fit in the receive queue: nothing may be dropped.
  expect(socket.setopt(r, ['socket', 'rcvbuf'], 4 * 1024 * 1024)).toBe('ok');
}

describe('sendmmsg / recvmmsg', () => {
  for (const n of [1, 64, 1024]) {
    it(`a batch of ${n}`, () =>
      inProcess(function* () {
        const { r, addr, c, from } = udpPair();
        bigRcvbuf(r);
        const msgs = Array.from({ length: n }, (_, i) => ({ addr, iov: [b(`m${i}`), b('!')] }));
        expect(yield* socket.sendmmsg(c, msgs, [], 'infinity')).toBe('ok');
        const got = yield* receiveAll(r, n);
        expect(got.map((m) => m.iov[0]!.toString())).toEqual(msgs.map((_, i) => `m${i}!`));
        expect(got.every((m) => m.addr !== undefined && JSON.stringify(m.addr) === JSON.stringify(from))).toBe(true);
        expect(got.every((m) => m.flags.length === 0 && m.ctrl.length === 0)).toBe(true);
        expect(socket.info(c).counters.write_pkg).toBe(n);
        expect(socket.info(r).counters.read_pkg).toBe(n);
        yield* closeAll(r, c);
      }));
  }

  it('property: any batch sent with sendmmsg arrives intact and in order through recvmmsg', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      bigRcvbuf(r);
      const batches = fc.sample(fc.array(fc.uint8Array({ maxLength: 1500 }), { minLength: 1, maxLength: 200 }), { numRuns: 40 });
      for (const batch of batches) {
        const msgs = batch.map((d) => ({ addr, iov: [Buffer.from(d)] }));
        expect(yield* socket.sendmmsg(c, msgs, [], 1000)).toBe('ok');
        const got = yield* receiveAll(r, batch.length, 64);
        expect(got.map((m) => m.iov[0])).toEqual(batch.map((d) => Buffer.from(d)));
      }
      yield* closeAll(r, c);
    }));

  it('property: in a batch from alternating senders, each message carries its own source (and recvmsg, which shares the decoder)', () =>
    inProcess(function* () {
      const { r, addr, c: c0, from: f0 } = udpPair();
      const { c: c1, from: f1 } = udpPair();
      const senders = [[c0, f0], [c1, f1]] as const;
      for (const order of fc.sample(fc.array(fc.nat(1), { minLength: 1, maxLength: 64 }), { numRuns: 30 })) {
        for (const [k, i] of order.entries()) expect(yield* socket.sendto(senders[i]![0], `${k}`, addr)).toBe('ok');
        // The first through recvmsg, the rest in one batch: the two decoders share a memo.
        const first = ok<Msg>(yield* socket.recvmsg(r, 0, 0, [], 1000));
        const got = [first, ...(yield* receiveAll(r, order.length - 1, 64))];
        expect(got.map((m) => [m.addr, m.iov[0]!.toString()])).toEqual(order.map((i, k) => [senders[i]![1], `${k}`]));
      }
      yield* closeAll(r, c0, c1);
    }));

  it('recvmmsg takes at most VLen, truncates to BufSz with trunc, and waits in every time-out form', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      expect(yield* socket.recvmmsg(r, 8, 0, 0, [], 0)).toEqual(['error', 'timeout']);
      expect(yield* socket.recvmmsg(r, 8, 0, 0, [], 20)).toEqual(['error', 'timeout']);
      expect(yield* next(30)).toBe('none');
      yield* socket.sendmmsg(c, ['0123', 'abcd', 'wxyz'].map((s) => ({ addr, iov: [b(s)] })), [], 'infinity');
      const two = ok<Msg[]>(yield* socket.recvmmsg(r, 2, 2, 0, [], 0));
      expect(two.map((m) => [m.iov[0]!.toString(), m.flags])).toEqual([['01', ['trunc']], ['ab', ['trunc']]]);
      // peek leaves the head in place: every slot of the batch sees it.
      expect(ok<Msg[]>(yield* socket.recvmmsg(r, 8, 0, 0, ['peek'], 0)).every((m) => m.iov[0]!.toString() === 'wxyz')).toBe(true);
      expect(ok<Msg[]>(yield* socket.recvmmsg(r, 8, 0, 0, [], 0)).map((m) => m.iov[0]!.toString())).toEqual(['wxyz']);
      const sel = yield* socket.recvmmsg(r, 8, 0, 0, [], 'nowait');
      expect(sel[0]).toBe('select');
      const si = sel[1] as socket.select_info;
      expect(si[1]).toBe('recvmmsg');
      yield* socket.sendto(c, 'n', addr);
      expect(yield* next(1000)).toEqual(selectMsg(r, si[2]));
      expect(ok<Msg[]>(yield* socket.recvmmsg(r, 8, 0, 0, [], 'nowait')).length).toBe(1);
      const h = makeRef();
      expect(yield* socket.recvmmsg(r, 8, 0, 0, [], h)).toEqual(['select', ['select_info', 'recvmmsg', h]]);
      spawn(function* () {
        yield* socket.sendto(c, 'h', addr);
      });
      expect(yield* next(1000)).toEqual(selectMsg(r, h));
      expect(ok<Msg[]>(yield* socket.recvmmsg(r, 8, 0, 0, [], 'infinity')).length).toBe(1);
      yield* closeAll(r, c);
    }));

  it('a full unix receiver: {select_write, {SelectInfo, SentCount}}, a blocking batch that completes, time-out 0', () =>
    inProcess(function* () {
      const { r, addr, c, unlink } = unixDgram();
      // Connected, so the sender's writability follows the receiver's queue.
      expect(yield* socket.connect(c, addr)).toBe('ok');
      const msgs = Array.from({ length: 200 }, (_, i) => ({ iov: [b(`u${i}`)] }));
      const res = yield* socket.sendmmsg(c, msgs, [], 'nowait');
      expect(res[0]).toBe('select_write');
      const [si, sent] = res[1] as readonly [socket.select_info, number];
      expect(si[1]).toBe('sendmmsg');
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThan(200);
      expect(yield* next(30)).toBe('none');
      const first = ok<Msg[]>(yield* socket.recvmmsg(r, 1, 0, 0, [], 1000));
      expect(first[0]!.iov).toEqual([b('u0')]);
      expect(yield* next(1000)).toEqual(selectMsg(c, si[2]));
      // The rest, blocking, while another process reads everything.
      const me = self();
      spawn(function* () {
        const got: string[] = [];
        while (got.length < 199) got.push(...ok<Msg[]>(yield* socket.recvmmsg(r, 64, 0, 0, [], 2000)).map((m) => m.iov[0]!.toString()));
        send(me, ['got', got]);
      });
      expect(yield* socket.sendmmsg(c, msgs.slice(sent), [], 'infinity')).toBe('ok');
      expect(yield* next(5000)).toEqual(['got', msgs.slice(1).map((_, i) => `u${i + 1}`)]);
      // Time-out 0 on a queue that fills: what went, with the time-out.
      expect(yield* socket.sendmmsg(c, msgs, [], 0)).toEqual(['error', ['timeout', sent]]);
      yield* closeAll(r, c);
      unlink();
    }));

  it('a partial stream write comes back as {ok, Rest}', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const big = Buffer.alloc(32 * 1024 * 1024, 5);
      const res = yield* socket.sendmmsg(c, [{ iov: [big] }], [], 'nowait');
      expect(res[0]).toBe('ok');
      const rest = (res as readonly ['ok', Buffer[][]])[1];
      expect(rest.length).toBe(1);
      const left = rest[0]!.reduce((n, x) => n + x.length, 0);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(big.length);
      yield* closeAll(l, c, a);
    }));

  it('arguments: VLen from 1 to 1,024, an empty batch is ok, bad flags, closed', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      expect(yield* socket.recvmmsg(r, 0, 0, 0, [], 0)).toEqual(['error', ['invalid', ['vlen', 0]]]);
      expect(yield* socket.recvmmsg(r, 1025, 0, 0, [], 0)).toEqual(['error', ['invalid', ['vlen', 1025]]]);
      expect(() => socket.recvmmsg(r, 1.5, 0, 0, [], 0).next()).toThrow(/badarg/);
      expect(yield* socket.sendmmsg(c, [], [], 0)).toBe('ok');
      expect(yield* socket.sendmmsg(c, [{ addr, iov: [b('x')] }], ['bad' as never], 0)).toEqual(['error', ['invalid', ['msg_flag', 'bad']]]);
      expect(yield* socket.recvmmsg(r, 1, 0, 0, ['bad' as never], 0)).toEqual(['error', ['invalid', ['msg_flag', 'bad']]]);
      expect(yield* socket.sendmmsg(c, [{ addr, iov: ['s' as never] }], [], 0)).toEqual(['error', ['invalid', ['iov', ['element_not_binary', 1]]]]);
      yield* closeAll(r, c);
      expect(yield* socket.recvmmsg(r, 1, 0, 0, [], 0)).toEqual(['error', 'closed']);
      expect(yield* socket.sendmmsg(c, [{ addr, iov: [b('x')] }], [], 0)).toEqual(['error', 'closed']);
    }));
});
