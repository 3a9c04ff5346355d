/**
 * Helpers for the datagram tests: UDP sockets on 127.0.0.1 and unix datagram sockets
 * whose receive queue can be filled, so a send has to wait.
 */
import { expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { ok, socket, type Sock } from './loopback.ts';

/** A UDP socket bound to 127.0.0.1 on an ephemeral port, and its address. */
export function udpBound(domain: 'inet' | 'inet6' = 'inet'): { s: Sock; addr: socket.sockaddr_in | socket.sockaddr_in6 } {
  const s = ok<Sock>(socket.open(domain, 'dgram'));
  expect(socket.bind(s, { family: domain, addr: 'loopback', port: 0 } as socket.sockaddr)).toBe('ok');
  return { s, addr: ok(socket.sockname(s)) };
}

/** A receiving UDP socket `r` at `addr` and a bound sender `c` at `from`. */
export function udpPair(): { r: Sock; addr: socket.sockaddr_in; c: Sock; from: socket.sockaddr_in } {
  const { s: r, addr } = udpBound();
  const { s: c, addr: from } = udpBound();
  return { r, addr: addr as socket.sockaddr_in, c, from: from as socket.sockaddr_in };
}

/** A unix datagram receiver bound to a fresh path, an unbound sender, and a cleanup. */
export function unixDgram(): { r: Sock; addr: socket.sockaddr_un; c: Sock; unlink: () => void } {
  const path = `/tmp/beamlet-${randomBytes(6).toString('hex')}.sock`;
  const r = ok<Sock>(socket.open('local', 'dgram'));
  const addr = { family: 'local', path } as socket.sockaddr_un;
  expect(socket.bind(r, addr)).toBe('ok');
  const c = ok<Sock>(socket.open('local', 'dgram'));
  return { r, addr, c, unlink: () => rmSync(path, { force: true }) };
}

/**
 * Sends 1 KiB datagrams with time-out 0 until the receiver's queue is full (bounded:
 * a unix datagram queue holds far fewer than 100,000); returns how many went.
 */
export function* fillUnix(c: Sock, addr: socket.sockaddr_un): Generator<unknown, number, unknown> {
  const d = Buffer.alloc(1024);
  for (let n = 0; n < 100_000; n++) {
    const r = yield* socket.sendto(c, d, addr, 0);
    if (r !== 'ok') {
      expect(r).toEqual(['error', 'timeout']);
      return n;
    }
  }
  throw new Error('the unix datagram queue never filled');
}

/**
 * Sends 3,000 datagrams of 1 to 400 bytes from `c` to `addr` and reads them back with
 * `read` after every 40, so reads interleave with sends; returns what was sent and what
 * was read, in order. Reads land in shared slabs: several fill, and a later read must not
 * touch an earlier result.
 */
export function* sentAndRead(
  r: Sock, addr: socket.sockaddr, c: Sock, read: (n: number) => Generator<unknown, Buffer, unknown>,
): Generator<unknown, { sent: Buffer[]; got: Buffer[] }, unknown> {
  expect(socket.setopt(r, ['socket', 'rcvbuf'], 1 << 20)).toBe('ok');
  const sent: Buffer[] = [];
  const got: Buffer[] = [];
  for (let i = 0; i < 3000; i++) {
    const d = Buffer.alloc(1 + ((i * 53) % 400), i % 253);
    sent.push(d);
    expect(yield* socket.sendto(c, d, addr)).toBe('ok');
    if (i % 40 === 39) while (got.length <= i) got.push(yield* read(got.length));
  }
  return { sent, got };
}
