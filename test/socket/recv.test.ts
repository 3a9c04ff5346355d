/**
 * recv/1,2,3,4 on loopback TCP and a unix stream pair, in every time-out form, with the
 * manual's stream rules (erl, OTP 25, unless noted):
 *   recv(A, 0, 0) with nothing there          -> {error, timeout}
 *   recv(A, 5, 100) with 2 bytes there          -> {error, {timeout, <<"xy">>}}
 *   recv(A, 10, nowait) with nothing there      -> {select, {select_info, recv, H}}, then
 *                                                  {'$socket', A, select, H} when data comes
 *   recv(A, 10, nowait) with 3 bytes there      -> {select, {{select_info, recv, H}, <<"abc">>}}
 *   recv(A, 0) after the peer closed            -> {error, closed}
 *   recv(A, 0) reads up to {otp, rcvbuf} (8192) -> 8192 bytes of a larger backlog
 * The manual, not OTP 25, for Timeout 0 with part of Length there: `{error, {timeout, Data}}`.
 */
import { describe, expect, it } from 'vitest';
import { makeRef, receive, self, send, sleep, spawn } from '../../runtime/process.ts';
import type { Term } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, next, ok, selectMsg, socket, tcpPair, type Sock } from './loopback.ts';

checkFdLeaks();

describe('recv', () => {
  it('recv/1 returns what is there; recv/2 with a Length waits for all of it', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      yield* socket.send(c, 'hello');
      expect(yield* socket.recv(a)).toEqual(['ok', b('hello')]);
      const me = self();
      spawn(function* () {
        send(me, ['got', yield* socket.recv(a, 6)]);
      });
      yield* socket.send(c, 'abc');
      expect(yield* next(50)).toBe('none');
      yield* socket.send(c, 'def');
      expect(yield* next(5000)).toEqual(['got', ['ok', b('abcdef')]]);
      yield* closeAll(l, c, a);
    }));

  it('recv/2 with flags: peek leaves the data', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      yield* socket.send(c, 'peek');
      expect(yield* socket.recv(a, 4, ['peek'])).toEqual(['ok', b('peek')]);
      expect(yield* socket.recv(a, ['peek'])).toEqual(['ok', b('peek')]);
      expect(yield* socket.recv(a, 4)).toEqual(['ok', b('peek')]);
      yield* closeAll(l, c, a);
    }));

  it('time-out 0 is a single try: timeout, partial data, or the data', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(yield* socket.recv(a, 0, 0)).toEqual(['error', 'timeout']);
      expect(yield* socket.recv(a, 5, 0)).toEqual(['error', 'timeout']);
      yield* socket.send(c, 'xy');
      yield* waitReadable(a);
      expect(yield* socket.recv(a, 5, 0)).toEqual(['error', ['timeout', b('xy')]]);
      yield* socket.send(c, 'xyz');
      yield* waitReadable(a);
      expect(yield* socket.recv(a, 0, 0)).toEqual(['ok', b('xyz')]);
      // A time-out 0 call never arms select: no message follows.
      yield* socket.send(c, 'q');
      expect(yield* next(50)).toBe('none');
      yield* closeAll(l, c, a);
    }));

  it('a time-out returns the partial data with it', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(yield* socket.recv(a, 0, 30)).toEqual(['error', 'timeout']);
      yield* socket.send(c, 'xy');
      expect(yield* socket.recv(a, 5, 50)).toEqual(['error', ['timeout', b('xy')]]);
      // No select message is left behind by the timed-out calls.
      expect(yield* next(30)).toBe('none');
      expect(socket.info(a).num_readers).toBe(0);
      yield* closeAll(l, c, a);
    }));

  // erl (OTP 25): socket:recv(S, 0, 5000000000) raises error:timeout_value when it has to
  // wait (socket.erl's receive ... after); 3e9 ms is beyond a Node timer but waits.
  it('a time-out above 2^32 - 1 ms raises timeout_value when it must wait; 3e9 ms waits', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      let raised: unknown;
      try {
        yield* socket.recv(a, 0, 5_000_000_000);
      } catch (e) {
        raised = e;
      }
      expect(raised).toMatchObject({ reason: 'timeout_value' });
      const me = self();
      spawn(function* () {
        yield* sleep(30);
        yield* socket.send(c, 'late');
        send(me, 'sent');
      });
      expect(yield* socket.recv(a, 0, 3_000_000_000)).toEqual(['ok', b('late')]);
      expect(yield* next(5000)).toBe('sent');
      yield* closeAll(l, c, a);
    }));

  it('recv/3 with flags and time-out, recv/4', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      yield* socket.send(c, 'abcd');
      expect(yield* socket.recv(a, ['peek'], 1000)).toEqual(['ok', b('abcd')]);
      expect(yield* socket.recv(a, 2, [], 1000)).toEqual(['ok', b('ab')]);
      expect(yield* socket.recv(a, 2, [])).toEqual(['ok', b('cd')]);
      yield* closeAll(l, c, a);
    }));

  it('nowait: select, then the select message, then the data', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const r = yield* socket.recv(a, 10, 'nowait');
      expect(r[0]).toBe('select');
      const si = r[1] as socket.select_info;
      expect(si[0]).toBe('select_info');
      expect(si[1]).toBe('recv');
      yield* socket.send(c, 'abc');
      expect(yield* next(5000)).toEqual(selectMsg(a, si[2]));
      // Some but not all of Length: the partial-data select form, and a new select message.
      const r2 = yield* socket.recv(a, 10, 'nowait');
      expect(r2[0]).toBe('select');
      const [si2, data] = r2[1] as readonly [socket.select_info, Buffer];
      expect(data).toEqual(b('abc'));
      yield* socket.send(c, 'defghij');
      expect(yield* next(5000)).toEqual(selectMsg(a, si2[2]));
      expect(yield* socket.recv(a, 7, 'nowait')).toEqual(['ok', b('defghij')]);
      yield* closeAll(l, c, a);
    }));

  it('a caller\'s own Ref as the handle', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const h = makeRef();
      expect(yield* socket.recv(a, 0, h)).toEqual(['select', ['select_info', 'recv', h]]);
      yield* socket.send(c, 'z');
      expect(yield* next(5000)).toEqual(selectMsg(a, h));
      expect(yield* socket.recv(a, 0, h)).toEqual(['ok', b('z')]);
      yield* closeAll(l, c, a);
    }));

  it('end of stream is {error, closed}; data before it comes first', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      yield* socket.send(c, 'bye');
      yield* socket.close(c);
      expect(yield* socket.recv(a, 10)).toEqual(['error', ['closed', b('bye')]]);
      expect(yield* socket.recv(a)).toEqual(['error', 'closed']);
      yield* closeAll(l, a);
    }));

  it('Length 0 reads at most the {otp, rcvbuf} size', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      yield* socket.send(c, Buffer.alloc(20000, 1));
      const got = ok<Buffer>(yield* socket.recv(a, 20000));
      expect(got.length).toBe(20000);
      yield* socket.send(c, Buffer.alloc(20000, 2));
      yield* waitBytes(a, 20000);
      expect(ok<Buffer>(yield* socket.recv(a)).length).toBe(8192);
      expect(socket.setopt(a, ['otp', 'rcvbuf'], 1000)).toBe('ok');
      expect(ok<Buffer>(yield* socket.recv(a)).length).toBe(1000);
      expect(socket.setopt(a, ['otp', 'rcvbuf'], [3, 1000])).toBe('ok');
      expect(socket.getopt(a, ['otp', 'rcvbuf'])).toEqual(['ok', [3, 1000]]);
      expect(ok<Buffer>(yield* socket.recv(a)).length).toBe(3000);
      yield* closeAll(l, c, a);
    }));

  it('a Length larger than the shared buffer', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const big = Buffer.alloc(300_000);
      for (let i = 0; i < big.length; i++) big[i] = i & 0xff;
      const me = self();
      spawn(function* () {
        send(me, ['sent', yield* socket.send(c, big)]);
      });
      const got = ok<Buffer>(yield* socket.recv(a, big.length));
      expect(got.equals(big)).toBe(true);
      expect(yield* next(5000)).toEqual(['sent', 'ok']);
      yield* closeAll(l, c, a);
    }));

  it('a Length over 64 KiB that arrives in pieces comes back whole', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const big = pattern(200_000);
      const me = self();
      spawn(function* () {
        send(me, ['got', yield* socket.recv(a, big.length)]);
      });
      // Each piece goes once the reader has taken the one before and waits again.
      for (let at = 0, waits = 1; at < big.length; at += 25_000, waits++) {
        yield* waitReadWaits(a, waits);
        yield* socket.send(c, big.subarray(at, at + 25_000));
      }
      expect(yield* next(5000)).toEqual(['got', ['ok', big]]);
      expect(socket.info(a).counters.read_waits).toBeGreaterThanOrEqual(8);
      yield* closeAll(l, c, a);
    }));

  it('a Length over 64 KiB that stops early returns exactly the bytes it read', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const data = pattern(90_000);
      // Time-out 0, a time-out, nowait, then end of stream: each with the part that came.
      yield* socket.send(c, data.subarray(0, 20_000));
      yield* waitBytes(a, 20_000);
      const t0 = yield* socket.recv(a, 100_000, 0);
      expect(t0).toEqual(['error', ['timeout', data.subarray(0, 20_000)]]);
      yield* socket.send(c, data.subarray(20_000, 50_000));
      yield* waitBytes(a, 30_000);
      const t1 = yield* socket.recv(a, 100_000, 50);
      expect(t1).toEqual(['error', ['timeout', data.subarray(20_000, 50_000)]]);
      // A short result is its own buffer, not a view that keeps the whole Length.
      expect(((t1[1] as readonly [Term, Buffer])[1]).buffer.byteLength).toBeLessThan(100_000);
      yield* socket.send(c, data.subarray(50_000, 70_000));
      yield* waitBytes(a, 20_000);
      const r = yield* socket.recv(a, 100_000, 'nowait');
      expect(r[0]).toBe('select');
      const [si, part] = r[1] as readonly [socket.select_info, Buffer];
      expect(part).toEqual(data.subarray(50_000, 70_000));
      yield* socket.send(c, data.subarray(70_000));
      expect(yield* next(5000)).toEqual(selectMsg(a, si[2]));
      yield* socket.close(c);
      expect(yield* socket.recv(a, 100_000)).toEqual(['error', ['closed', data.subarray(70_000)]]);
      yield* closeAll(l, a);
    }));

  it('an {otp, rcvbuf} over 64 KiB: a short read is its own copy, and later reads change no earlier result', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(socket.setopt(a, ['otp', 'rcvbuf'], 100_000)).toBe('ok');
      const data = pattern(70_020);
      yield* socket.send(c, data.subarray(0, 10));
      yield* waitBytes(a, 10);
      const first = ok<Buffer>(yield* socket.recv(a));
      expect(first).toEqual(data.subarray(0, 10));
      expect(first.buffer.byteLength).toBeLessThan(100_000);
      yield* socket.send(c, data.subarray(10, 20));
      yield* waitBytes(a, 10);
      expect(ok<Buffer>(yield* socket.recv(a))).toEqual(data.subarray(10, 20));
      yield* socket.send(c, data.subarray(20));
      yield* waitBytes(a, 70_000);
      const big = ok<Buffer>(yield* socket.recv(a));
      expect(big).toEqual(data.subarray(20));
      yield* socket.send(c, Buffer.alloc(30_000, 0xee));
      yield* waitBytes(a, 30_000);
      expect(ok<Buffer>(yield* socket.recv(a))).toEqual(Buffer.alloc(30_000, 0xee));
      expect(first).toEqual(data.subarray(0, 10));
      expect(big).toEqual(data.subarray(20));
      yield* closeAll(l, c, a);
    }));

  it('unix stream sockets', () =>
    inProcess(function* () {
      const path = Buffer.from(`\0beamlet-recv-${process.pid}`);
      const l = ok<Sock>(socket.open('local', 'stream'));
      expect(socket.bind(l, { family: 'local', path })).toBe('ok');
      expect(socket.listen(l)).toBe('ok');
      const c = ok<Sock>(socket.open('local', 'stream'));
      expect(yield* socket.connect(c, { family: 'local', path })).toBe('ok');
      const a = ok<Sock>(yield* socket.accept(l));
      yield* socket.send(a, 'unix');
      expect(yield* socket.recv(c, 4, 1000)).toEqual(['ok', b('unix')]);
      yield* closeAll(l, c, a);
    }));
});

/** Waits until `s` has data, with a peek that leaves it. */
function* waitReadable(s: Sock): Generator<unknown, void, unknown> {
  ok(yield* socket.recv(s, 1, ['peek'], 1000));
}

/** `n` bytes counting up from 0, so that any misplaced byte shows. */
function pattern(n: number): Buffer {
  const p = Buffer.alloc(n);
  for (let i = 0; i < n; i++) p[i] = (i * 7 + (i >> 8)) & 0xff;
  return p;
}

/** Waits until the readers of `s` have waited `n` times. */
function* waitReadWaits(s: Sock, n: number): Generator<unknown, void, unknown> {
  for (let i = 0; i < 1000; i++) {
    if (socket.info(s).counters.read_waits >= n) return;
    yield* receive((_: Term) => false, { after: 5 });
  }
  throw new Error(`the reader did not wait ${n} times`);
}

/** Waits until `n` bytes are queued on `s` (a peek reads without taking). */
function* waitBytes(s: Sock, n: number): Generator<unknown, void, unknown> {
  for (let i = 0; i < 200; i++) {
    const r = yield* socket.recv(s, n, ['peek'], 1000);
    if (r[0] === 'ok' && (r[1] as Buffer).length === n) return;
    yield* receive((_: Term) => false, { after: 5 });
  }
  throw new Error(`fewer than ${n} bytes arrived`);
}

describe('{otp, select_read}', () => {
  it('a completed nowait read returns select_read and starts the next one', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(socket.setopt(a, ['otp', 'select_read'], true)).toBe('ok');
      yield* socket.send(c, 'one');
      yield* waitReadable(a);
      const r = yield* socket.recv(a, 0, 'nowait');
      expect(r[0]).toBe('select_read');
      const [si, data] = r[1] as readonly [socket.select_info, Buffer];
      expect(data).toEqual(b('one'));
      expect(socket.info(a).num_readers).toBe(1);
      yield* socket.send(c, 'two');
      expect(yield* next(5000)).toEqual(selectMsg(a, si[2]));
      const r2 = yield* socket.recv(a, 0, 'nowait');
      expect(r2[0]).toBe('select_read');
      expect((r2[1] as readonly [socket.select_info, Buffer])[1]).toEqual(b('two'));
      yield* closeAll(l, c, a);
    }));

  it('data left after a select_read read brings the next select message without new data', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(socket.setopt(a, ['otp', 'select_read'], true)).toBe('ok');
      // A wait that times out first, so the socket is known to the poller; the data's
      // arrival is then seen (and dropped: nobody waits on `a`) by the poller, which
      // runs meanwhile for another process's wait.
      expect(yield* socket.recv(a, 0, 20)).toEqual(['error', 'timeout']);
      const other = yield* tcpPair();
      spawn(function* () {
        yield* socket.recv(other.a, 0);
      });
      yield* socket.send(c, 'onetwo');
      yield* waitBytes(a, 6);
      yield* sleep(30);
      const r = yield* socket.recv(a, 3, 'nowait');
      expect(r[0]).toBe('select_read');
      const [si, data] = r[1] as readonly [socket.select_info, Buffer];
      expect(data).toEqual(b('one'));
      // Nothing more is sent: the select comes for the three bytes still unread.
      expect(yield* next(5000)).toEqual(selectMsg(a, si[2]));
      const r2 = yield* socket.recv(a, 3, 'nowait');
      expect((r2[1] as readonly [socket.select_info, Buffer])[1]).toEqual(b('two'));
      yield* closeAll(l, c, a, other.l, other.c, other.a);
    }));
});

describe('message-oriented stream types', () => {
  // erl (OTP 25): recv(A, 0) -> {ok, <<"first">>}; recv(A, 3) -> {ok, <<"sec">>} (the rest
  // of the message is gone); recv(A, 0, 0) -> {error, timeout}.
  it('local seqpacket keeps message boundaries and truncates', () =>
    inProcess(function* () {
      const path = Buffer.from(`\0beamlet-seq-${process.pid}`);
      const l = ok<Sock>(socket.open('local', 'seqpacket'));
      expect(socket.bind(l, { family: 'local', path })).toBe('ok');
      expect(socket.listen(l)).toBe('ok');
      const c = ok<Sock>(socket.open('local', 'seqpacket'));
      expect(yield* socket.connect(c, { family: 'local', path })).toBe('ok');
      const a = ok<Sock>(yield* socket.accept(l));
      expect(yield* socket.send(c, 'first')).toBe('ok');
      expect(yield* socket.send(c, 'second')).toBe('ok');
      expect(yield* socket.recv(a, 0)).toEqual(['ok', b('first')]);
      expect(yield* socket.recv(a, 3)).toEqual(['ok', b('sec')]);
      expect(yield* socket.recv(a, 0, 0)).toEqual(['error', 'timeout']);
      expect(socket.info(a).protocol).toBe('ip');
      yield* closeAll(l, c, a);
    }));

  it('a raw ICMP socket opens with its protocol named', () =>
    inProcess(function* () {
      const r = ok<Sock>(socket.open('inet', 'raw', 'icmp'));
      const i = socket.info(r);
      expect([i.domain, i.type, i.protocol]).toEqual(['inet', 'raw', 'icmp']);
      yield* closeAll(r);
    }));
});
