/**
 * beamlet/effect Socket, the rest of the manual: sendv, sendmsg/recvmsg, sendmmsg/recvmmsg,
 * sendfile, cancel, monitor, ioctl, which_sockets/number_of, over real loopback sockets.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open as openFile, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cause, Effect, Exit, Fiber } from 'effect';
import * as socket from '../../socket/index.ts';
import { exit, makeRef, receive, spawn } from '../../runtime/process.ts';
import { Socket, fromReason } from '../../effect/index.ts';

const LOOPBACK: Socket.sockaddr_in = { family: 'inet', addr: 'loopback', port: 0 };
const run = <A, E>(e: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(e);

/** The failure of an Effect that must fail, as a value. */
const failure = <A, E, R>(e: Effect.Effect<A, E, R>): Effect.Effect<E, never, R> =>
  Effect.flatMap(Effect.exit(e), (x) => (Exit.isFailure(x) ? Effect.succeed(Cause.squash(x.cause) as E) : Effect.die('succeeded')));

/** A connected pair of TCP sockets (client, accepted), in the current scope. */
const pair = Effect.gen(function* () {
  const l = yield* Socket.open('inet', 'stream');
  yield* Socket.bind(l, LOOPBACK);
  yield* Socket.listen(l);
  const { port } = (yield* Socket.sockname(l)) as Socket.sockaddr_in;
  const c = yield* Socket.open('inet', 'stream');
  yield* Socket.connect(c, { ...LOOPBACK, port });
  const a = yield* Socket.accept(l);
  return { c, a };
});

/** A UDP socket bound on loopback and its address, in the current scope. */
const udp = Effect.gen(function* () {
  const s = yield* Socket.open('inet', 'dgram');
  yield* Socket.bind(s, LOOPBACK);
  const addr = (yield* Socket.sockname(s)) as Socket.sockaddr_in;
  return { s, addr };
});

/** Exactly `n` bytes from a stream socket. */
const recvAll = (s: Socket.socket, n: number): Effect.Effect<Buffer, unknown> =>
  n === 0 ? Effect.succeed(Buffer.alloc(0)) : Socket.recv(s, n, 5000);

describe('sendv', () => {
  it('sends every buffer of the vector, in order', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 0, maxLength: 2000 }), { minLength: 1, maxLength: 20 }), async (parts) => {
      const iov = parts.map((p) => Buffer.from(p));
      const total = Buffer.concat(iov);
      const got = await run(Effect.scoped(Effect.gen(function* () {
        const { c, a } = yield* pair;
        yield* Socket.sendv(c, iov);
        return yield* recvAll(a, total.length);
      })));
      expect(got.equals(total)).toBe(true);
    }), { numRuns: 15 });
  });

  it('on a closed socket fails with ClosedError from sendv', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { c } = yield* pair;
      yield* Socket.close(c);
      return yield* failure(Socket.sendv(c, [Buffer.from('x')]));
    })));
    expect(e._tag).toBe('ClosedError');
    expect(e.op).toBe('sendv');
  });

  it('a time-out keeps the unsent part of the vector in data; the rest arrived', async () => {
    const iov = Array.from({ length: 64 }, (_, i) => Buffer.alloc(256 * 1024, i));
    const total = Buffer.concat(iov);
    const r = await run(Effect.scoped(Effect.gen(function* () {
      const { c, a } = yield* pair;
      // Nobody reads: 16 MB do not fit in the socket buffers.
      const e = yield* failure(Socket.sendv(c, iov, 50));
      const rest = e._tag === 'InvalidError' ? [] : (e.data as readonly Buffer[]);
      const restLen = rest.reduce((n, b) => n + b.length, 0);
      const got = yield* recvAll(a, total.length - restLen);
      return { e, rest, got };
    })));
    expect(r.e._tag).toBe('TimeoutError');
    expect(r.rest.length).toBeGreaterThan(0);
    expect(Buffer.concat([r.got, ...r.rest]).equals(total)).toBe(true);
  });

  it('an error carrying the unsent vector keeps it in data', () => {
    const rest = [Buffer.from('left')];
    const e = fromReason('sendv', ['timeout', rest]);
    expect(e._tag).toBe('TimeoutError');
    expect(e._tag === 'InvalidError' ? undefined : e.data).toEqual(rest);
  });
});

describe('sendmsg and recvmsg', () => {
  it('recvmsg returns the msg map: the data, its source and no flags', async () => {
    const r = await run(Effect.scoped(Effect.gen(function* () {
      const { s: rx, addr } = yield* udp;
      const { s: tx, addr: from } = yield* udp;
      const rest = yield* Socket.sendmsg(tx, { addr, iov: [Buffer.from('hel'), Buffer.from('lo')] });
      const msg = yield* Socket.recvmsg(rx, {}, 2000);
      return { rest, msg, from };
    })));
    expect(r.rest).toEqual([]);
    expect(Buffer.concat(r.msg.iov as Buffer[]).toString()).toBe('hello');
    expect(r.msg.addr).toEqual({ family: 'inet', addr: [127, 0, 0, 1], port: r.from.port });
    expect(r.msg.flags).toEqual([]);
  });

  it('a message longer than bufSz is cut and flagged trunc', async () => {
    const msg = await run(Effect.scoped(Effect.gen(function* () {
      const { s: rx, addr } = yield* udp;
      const { s: tx } = yield* udp;
      yield* Socket.sendmsg(tx, { addr, iov: [Buffer.from('0123456789')] });
      return yield* Socket.recvmsg(rx, { bufSz: 4 }, 2000);
    })));
    expect(Buffer.concat(msg.iov as Buffer[]).toString()).toBe('0123');
    expect(msg.flags).toContain('trunc');
  });

  it('recvmsg with the peek flag leaves the message queued', async () => {
    const [peeked, read] = await run(Effect.scoped(Effect.gen(function* () {
      const { s: rx, addr } = yield* udp;
      const { s: tx } = yield* udp;
      yield* Socket.sendmsg(tx, { addr, iov: [Buffer.from('again')] });
      const peeked = yield* Socket.recvmsg(rx, { flags: ['peek'] }, 2000);
      const read = yield* Socket.recvmsg(rx, {}, 2000);
      return [peeked, read];
    })));
    expect(Buffer.concat(peeked.iov as Buffer[]).toString()).toBe('again');
    expect(Buffer.concat(read.iov as Buffer[]).toString()).toBe('again');
  });

  it('recvmsg that times out fails with TimeoutError from recvmsg', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      return yield* failure(Socket.recvmsg(s, {}, 20));
    })));
    expect(e._tag).toBe('TimeoutError');
    expect(e.op).toBe('recvmsg');
  });

  it('sendmsg on a stream socket sends the whole vector', async () => {
    const got = await run(Effect.scoped(Effect.gen(function* () {
      const { c, a } = yield* pair;
      const rest = yield* Socket.sendmsg(c, { iov: [Buffer.from('ab'), Buffer.from('cd')] });
      expect(rest).toEqual([]);
      return yield* Socket.recv(a, 4, 2000);
    })));
    expect(got.toString()).toBe('abcd');
  });
});

describe('sendmmsg and recvmmsg', () => {
  it('a batch sent with sendmmsg arrives whole and in order through recvmmsg', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 1, maxLength: 512 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 16 }), async (payloads, vlen) => {
      const got = await run(Effect.scoped(Effect.gen(function* () {
        const { s: rx, addr } = yield* udp;
        const { s: tx } = yield* udp;
        const rests = yield* Socket.sendmmsg(tx, payloads.map((p) => ({ addr, iov: [Buffer.from(p)] })));
        expect(rests).toEqual([]);
        const out: Buffer[] = [];
        while (out.length < payloads.length) {
          const batch = yield* Socket.recvmmsg(rx, vlen, {}, 2000);
          expect(batch.length).toBeGreaterThanOrEqual(1);
          expect(batch.length).toBeLessThanOrEqual(vlen);
          for (const m of batch) out.push(Buffer.concat(m.iov as Buffer[]));
        }
        return out;
      })));
      expect(got).toEqual(payloads.map((p) => Buffer.from(p)));
    }), { numRuns: 20 });
  });

  it('recvmmsg refuses a vlen outside 1..1024 with InvalidError', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      return yield* failure(Socket.recvmmsg(s, 0));
    })));
    expect(e._tag).toBe('InvalidError');
    expect(e._tag === 'InvalidError' ? e.what : undefined).toEqual(['vlen', 0]);
    expect(e.op).toBe('recvmmsg');
  });
});

describe('sendfile', () => {
  it('sends a temp file, whole or a slice of it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beamlet-effect-'));
    try {
      const content = randomBytes(300_000);
      const path = join(dir, 'data.bin');
      await writeFile(path, content);
      const fh = await openFile(path, 'r');
      try {
        const r = await run(Effect.scoped(Effect.gen(function* () {
          const { c, a } = yield* pair;
          // The receiver reads concurrently: the file is larger than the socket buffers.
          const reader = yield* Effect.forkChild(recvAll(a, content.length + 20));
          const whole = yield* Socket.sendfile(c, fh);
          const slice = yield* Socket.sendfile(c, fh, 1000, 20);
          return { whole, slice, got: yield* Fiber.join(reader) };
        })));
        expect(r.whole).toBe(content.length);
        expect(r.slice).toBe(20);
        expect(r.got.equals(Buffer.concat([content, content.subarray(1000, 1020)]))).toBe(true);
      } finally {
        await fh.close();
      }
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('on a closed socket fails with ClosedError from sendfile', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { c } = yield* pair;
      yield* Socket.close(c);
      return yield* failure(Socket.sendfile(c, 0));
    })));
    expect(e._tag).toBe('ClosedError');
    expect(e.op).toBe('sendfile');
  });

  it('a time-out after some bytes keeps their count in sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beamlet-effect-'));
    try {
      const path = join(dir, 'big.bin');
      await writeFile(path, Buffer.alloc(16 * 1024 * 1024, 7));
      const fh = await openFile(path, 'r');
      try {
        const r = await run(Effect.scoped(Effect.gen(function* () {
          const { c, a } = yield* pair;
          // Nobody reads: 16 MB do not fit in the socket buffers.
          const e = yield* failure(Socket.sendfile(c, fh, 0, 0, 50));
          const sent = e._tag === 'InvalidError' ? 0 : e.sent ?? 0;
          const got = yield* recvAll(a, sent);
          return { e, sent, got };
        })));
        expect(r.e._tag).toBe('TimeoutError');
        expect(r.sent).toBeGreaterThan(0);
        expect(r.got.length).toBe(r.sent);
      } finally {
        await fh.close();
      }
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('an error after some bytes keeps their count in sent', () => {
    const e = fromReason('sendfile', ['epipe', 4096]);
    expect(e._tag).toBe('PosixError');
    expect(e._tag === 'PosixError' ? [e.reason, e.sent] : undefined).toEqual(['epipe', 4096]);
  });
});

describe('cancel', () => {
  it("withdraws the caller's own nowait operation, once", async () => {
    const [first, second] = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      // A nowait recv made outside any process, as the fiber is: it returns at once.
      const r = socket.recv(s, 0, 'nowait').next();
      expect(r.done).toBe(true);
      const [tag, info] = r.value as readonly ['select', Socket.select_info];
      expect(tag).toBe('select');
      return [yield* Effect.exit(Socket.cancel(s, info)), yield* failure(Socket.cancel(s, info))];
    })));
    expect(Exit.isSuccess(first)).toBe(true);
    expect(second._tag).toBe('InvalidError');
  });

  it("another process's select_info is an InvalidError, as in OTP", async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      // The process stays alive, its recv pending, until the cancel has been tried.
      const box: { info?: Socket.select_info } = {};
      const pid = spawn(function* () {
        const r = yield* socket.recv(s, 0, 'nowait');
        box.info = (r as readonly ['select', Socket.select_info])[1];
        yield* receive();
      });
      while (box.info === undefined) yield* Effect.yieldNow;
      const e = yield* failure(Socket.cancel(s, box.info));
      exit(pid, 'kill');
      return e;
    })));
    expect(e._tag).toBe('InvalidError');
  });

  it('an unknown select_info is an InvalidError carrying it', async () => {
    const info: Socket.select_info = ['select_info', 'recv', makeRef()];
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      return yield* failure(Socket.cancel(s, info));
    })));
    expect(e._tag).toBe('InvalidError');
    expect(e._tag === 'InvalidError' ? e.what : undefined).toEqual(info);
    expect(e.op).toBe('cancel');
  });

  it('on a closed socket fails with ClosedError', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      yield* Socket.close(s);
      return yield* failure(Socket.cancel(s, ['select_info', 'recv', makeRef()]));
    })));
    expect(e._tag).toBe('ClosedError');
  });
});

describe('monitor', () => {
  it('completes with the DOWN info when the socket is closed', async () => {
    const info = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      const watcher = yield* Effect.forkChild(Socket.monitor(s));
      yield* Effect.sleep(10);
      expect(watcher.pollUnsafe()).toBeUndefined();
      yield* Socket.close(s);
      return yield* Fiber.join(watcher);
    })));
    expect(info).toBe('closed');
  });

  it('completes when the scope that owns the socket closes', async () => {
    const info = await run(Effect.gen(function* () {
      const watcher = yield* Effect.scoped(Effect.gen(function* () {
        const { s } = yield* udp;
        const w = yield* Effect.forkDetach(Socket.monitor(s));
        yield* Effect.sleep(10);
        return w;
      }));
      return yield* Fiber.join(watcher);
    }));
    expect(info).toBe('closed');
  });

  it('on a socket already closed completes at once with closed', async () => {
    const info = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      yield* Socket.close(s);
      return yield* Socket.monitor(s);
    })));
    expect(info).toBe('closed');
  });

  it('an interrupted monitor leaves the socket usable and a new monitor still fires', async () => {
    const info = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      const first = yield* Effect.forkChild(Socket.monitor(s));
      yield* Effect.sleep(10);
      yield* Fiber.interrupt(first);
      const second = yield* Effect.forkChild(Socket.monitor(s));
      yield* Effect.sleep(10);
      yield* Socket.close(s);
      return yield* Fiber.join(second);
    })));
    expect(info).toBe('closed');
  });
});

describe('ioctl', () => {
  it('nread is the number of bytes waiting to be read', async () => {
    const n = await run(Effect.scoped(Effect.gen(function* () {
      const { c, a } = yield* pair;
      yield* Socket.send(c, 'hello');
      // Wait for the bytes to land: a peeking recv returns once they have.
      yield* Socket.recvmsg(a, { flags: ['peek'] }, 2000);
      return yield* Socket.ioctl(a, 'nread');
    })));
    expect(n).toBe(5);
  });

  it('gifindex of lo matches the index the kernel lists', async () => {
    const idx = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      return yield* Socket.ioctl(s, 'gifindex', 'lo');
    })));
    expect(idx).toBe(Number((await readFile('/sys/class/net/lo/ifindex', 'utf8')).trim()));
  });

  it('an unknown interface is a PosixError from ioctl', async () => {
    const e = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      return yield* failure(Socket.ioctl(s, 'gifindex', 'nosuchif0'));
    })));
    expect(e._tag).toBe('PosixError');
    expect(e.op).toBe('ioctl');
  });
});

describe('which_sockets and number_of', () => {
  it('see the sockets a scope opened, and no longer once it has closed', async () => {
    const before = await run(Socket.number_of);
    const { s, inScope, udpOnes, tcpOnes } = await run(Effect.scoped(Effect.gen(function* () {
      const { s } = yield* udp;
      return {
        s,
        inScope: yield* Socket.number_of,
        udpOnes: yield* Socket.which_sockets('udp'),
        tcpOnes: yield* Socket.which_sockets('tcp'),
      };
    })));
    expect(inScope).toBe(before + 1);
    expect(udpOnes).toContainEqual(s);
    expect(tcpOnes).not.toContainEqual(s);
    expect(await run(Socket.which_sockets())).not.toContainEqual(s);
    expect(await run(Socket.number_of)).toBe(before);
  });
});
