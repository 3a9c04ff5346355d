/**
 * sendfile/2,3,4,5 from a numeric fd and from a `fs.promises.FileHandle` to loopback TCP
 * (erl, OTP 25):
 *   sendfile(T, F)             on a 3-byte file  -> {ok, 3}
 *   sendfile(T, F, 1, 2)                         -> {ok, 2}
 *   sendfile(U, F)             on unconnected UDP -> {error, edestaddrreq}
 *   sendfile(T, F, -1, 2)                        -> {error, einval}
 *   sendfile(T, F, 0, -2), sendfile(T, foo)      -> badarg
 *   after close                                  -> {error, closed}
 *   info(T) counters gain sendfile, sendfile_byte, sendfile_fails, sendfile_max,
 *   sendfile_pkg, sendfile_pkg_max, sendfile_tries, sendfile_waits
 * The manual for a stream that fills: `{select, {SelectInfo, BytesSent}}`, continued with
 * the SelectInfo; a time-out after some bytes is `{error, {timeout, BytesSent}}`.
 */
import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { self, send, spawn } from '../../runtime/process.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, next, ok, selectMsg, socket, tcpPair, type Sock } from './loopback.ts';
import { udpBound } from './udp.ts';

checkFdLeaks();

const small = `/tmp/beamlet-sendfile-small-${process.pid}`;
const big = `/tmp/beamlet-sendfile-big-${process.pid}`;
const BIG = 32 * 1024 * 1024;

beforeAll(() => {
  writeFileSync(small, 'abcdefghij');
  writeFileSync(big, Buffer.alloc(BIG, 0x5a));
});
afterAll(() => {
  rmSync(small, { force: true });
  rmSync(big, { force: true });
});

/** Reads `n` bytes from `a` in another process, then sends `['read', Bytes]` to the caller. */
function reader(a: Sock, n: number): void {
  const me = self();
  spawn(function* () {
    socket.setopt(a, ['otp', 'rcvbuf'], 65536);
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n) {
      const p = ok<Buffer>(yield* socket.recv(a, 0, 5000));
      parts.push(p);
      got += p.length;
    }
    send(me, ['read', Buffer.concat(parts)]);
  });
}

describe('sendfile', () => {
  it('sendfile/2,4 from a numeric fd: the whole file, then an offset and a count', () =>
    inProcess(function* () {
      const fd = openSync(small, 'r');
      const { l, c, a } = yield* tcpPair();
      expect(yield* socket.sendfile(c, fd)).toEqual(['ok', 10]);
      expect(yield* socket.sendfile(c, fd, 2, 3)).toEqual(['ok', 3]);
      expect(yield* socket.sendfile(c, fd, 8, 0)).toEqual(['ok', 2]);
      expect(yield* socket.sendfile(c, fd, 4, 100, 1000)).toEqual(['ok', 6]);
      expect(yield* socket.recv(a, 21, 1000)).toEqual(['ok', b('abcdefghijcdeijefghij')]);
      const k = socket.info(c).counters as unknown as socket.sendfile_counters;
      expect(k.sendfile_tries).toBe(4);
      expect(k.sendfile_pkg).toBe(4);
      expect(k.sendfile_byte).toBe(21);
      expect(k.sendfile_pkg_max).toBe(10);
      expect(k.sendfile_fails).toBe(0);
      closeSync(fd);
      yield* closeAll(l, c, a);
    }));

  it('sendfile/3 from a fs.promises.FileHandle', async () => {
    const fh = await openFile(small, 'r');
    await inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(yield* socket.sendfile(c, fh, 'infinity')).toEqual(['ok', 10]);
      expect(yield* socket.recv(a, 10, 1000)).toEqual(['ok', b('abcdefghij')]);
      yield* closeAll(l, c, a);
    });
    await fh.close();
  });

  it('a stream that fills: nowait gives {select, {SelectInfo, Sent}}, the continuation finishes', () =>
    inProcess(function* () {
      const fd = openSync(big, 'r');
      const { l, c, a } = yield* tcpPair();
      let r = yield* socket.sendfile(c, fd, 0, 0, 'nowait');
      expect(r[0]).toBe('select');
      let [si, sent] = r[1] as unknown as readonly [socket.select_info, number];
      expect(Array.isArray(si[1]) && si[1][0]).toBe('sendfile');
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThan(BIG);
      reader(a, BIG);
      let total = sent;
      for (let i = 0; i < 100_000; i++) {
        expect(yield* next(5000)).toEqual(selectMsg(c, si[2]));
        r = yield* socket.sendfile(c, si, 'nowait');
        if (r[0] === 'ok') {
          total += r[1] as number;
          break;
        }
        expect(r[0]).toBe('select');
        if ((r[1] as unknown[])[0] === 'select_info') si = r[1] as socket.select_info;
        else {
          [si, sent] = r[1] as unknown as readonly [socket.select_info, number];
          total += sent;
        }
      }
      expect(total).toBe(BIG);
      const m = (yield* next(5000)) as readonly [string, Buffer];
      expect(m[0]).toBe('read');
      expect(m[1].equals(Buffer.alloc(BIG, 0x5a))).toBe(true);
      expect((socket.info(c).counters as unknown as socket.sendfile_counters).sendfile_waits).toBeGreaterThan(0);
      closeSync(fd);
      yield* closeAll(l, c, a);
    }));

  it('time-outs after some bytes are {error, {timeout, Sent}}; infinity waits for a reader', () =>
    inProcess(function* () {
      const fd = openSync(big, 'r');
      const { l, c, a } = yield* tcpPair();
      const t0 = yield* socket.sendfile(c, fd, 0, 0, 0);
      expect(t0[0]).toBe('error');
      const [reason, sent0] = t0[1] as readonly [string, number];
      expect(reason).toBe('timeout');
      expect(sent0).toBeGreaterThan(0);
      expect(yield* socket.sendfile(c, fd, sent0, 0, 30)).toEqual(['error', 'timeout']);
      expect(yield* next(30)).toBe('none');
      reader(a, BIG);
      expect(yield* socket.sendfile(c, fd, sent0, 0, 'infinity')).toEqual(['ok', BIG - sent0]);
      const m = (yield* next(5000)) as readonly [string, Buffer];
      expect(m[1].length).toBe(BIG);
      closeSync(fd);
      yield* closeAll(l, c, a);
    }));

  it('errors as OTP 25: edestaddrreq, einval, badarg, closed', () =>
    inProcess(function* () {
      const fd = openSync(small, 'r');
      const { s: u } = udpBound();
      expect(yield* socket.sendfile(u, fd)).toEqual(['error', 'edestaddrreq']);
      const { l, c, a } = yield* tcpPair();
      expect(yield* socket.sendfile(c, fd, -1, 2)).toEqual(['error', 'einval']);
      expect((socket.info(c).counters as unknown as socket.sendfile_counters).sendfile_fails).toBe(1);
      expect(() => socket.sendfile(c, fd, 0, -2).next()).toThrow(/badarg/);
      expect(() => socket.sendfile(c, 'foo' as never).next()).toThrow(/badarg/);
      yield* closeAll(l, c, a, u);
      expect(yield* socket.sendfile(c, fd)).toEqual(['error', 'closed']);
      closeSync(fd);
    }));
});
