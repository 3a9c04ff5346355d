/**
 * The beamlet side of bench/socket/udp.ts, with the C side's protocol (udp.c):
 *
 *   tsx bench/socket/udp_beamlet.ts MODE ROLE MYPORT PEERPORT N
 *
 * flow: sendto/recvfrom; batch: sendmmsg/recvmmsg, 64 a batch; rr: request/response.
 * The sender keeps at most 256 datagrams unacknowledged; the receiver acknowledges every
 * 64 with the count so far (an 8-byte little-endian integer), so nothing is dropped.
 */
import { run } from '../../index.ts';
import * as socket from '../../socket/index.ts';

const [mode, role, myPort, peerPort, count] = process.argv.slice(2);
const n = Number(count);
const SIZE = 64;
const BATCH = 64;
const WINDOW = 256;
const loopback = [127, 0, 0, 1] as const;
const peer = { family: 'inet', addr: loopback, port: Number(peerPort) } as const;

function must<T>(r: unknown): T {
  if (!Array.isArray(r) || r[0] !== 'ok') throw new Error(`bench: ${String(r)}`);
  return r[1] as T;
}

await run(function* () {
  const s = must<socket.socket>(socket.open('inet', 'dgram'));
  socket.setopt(s, ['socket', 'rcvbuf'], 1 << 20);
  if (socket.bind(s, { family: 'inet', addr: loopback, port: Number(myPort) }) !== 'ok') throw new Error('bind');
  const data = Buffer.alloc(SIZE, 7);
  if (mode === 'rr') {
    if (role === 'server') {
      for (;;) {
        const [from, d] = must<readonly [socket.sockaddr, Buffer]>(yield* socket.recvfrom(s, SIZE));
        if (d.length === 1) break;
        yield* socket.sendto(s, d, from);
      }
    } else {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        yield* socket.sendto(s, data, peer);
        must(yield* socket.recv(s, SIZE));
      }
      const t = (performance.now() - t0) / 1000;
      yield* socket.sendto(s, Buffer.alloc(1), peer);
      console.log(`${n} ${t}`);
    }
  } else if (role === 'send') {
    const batch = Array.from({ length: BATCH }, () => ({ addr: peer, iov: [data] }));
    let sent = 0;
    let acked = 0;
    while (acked < n) {
      while (sent < n && sent - acked < WINDOW) {
        if (mode === 'batch') {
          const k = Math.min(BATCH, n - sent);
          const r = yield* socket.sendmmsg(s, k === BATCH ? batch : batch.slice(0, k), [], 'infinity');
          if (r !== 'ok') throw new Error(`sendmmsg: ${String(r)}`);
          sent += k;
        } else {
          if ((yield* socket.sendto(s, data, peer)) !== 'ok') throw new Error('sendto');
          sent++;
        }
      }
      const ack = must<Buffer>(yield* socket.recv(s, 8));
      const got = Number(ack.readBigInt64LE(0));
      if (got > acked) acked = got;
    }
  } else {
    let got = 0;
    let t0 = 0;
    const ack = Buffer.alloc(8);
    while (got < n) {
      const before = got;
      if (mode === 'batch') got += must<unknown[]>(yield* socket.recvmmsg(s, BATCH, SIZE, 0, [], 'infinity')).length;
      else {
        must(yield* socket.recvfrom(s, SIZE));
        got++;
      }
      if (before === 0) t0 = performance.now();
      if (Math.floor(got / BATCH) !== Math.floor(before / BATCH) || got === n) {
        ack.writeBigInt64LE(BigInt(got), 0);
        yield* socket.sendto(s, ack, peer);
      }
    }
    console.log(`${got - 1} ${(performance.now() - t0) / 1000}`);
  }
  yield* socket.close(s);
});
