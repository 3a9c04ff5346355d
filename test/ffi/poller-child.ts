/**
 * A child process for test/ffi/poller.test.ts: shows whether armed and disarmed poll
 * handles keep Node's event loop alive. It never closes its socket, so only the poller's
 * interest decides when the process may exit.
 *
 * `armed`: bind a UDP socket, print its port, wait for READ, print what arrived.
 * `unwatched`: watch for READ, then unwatch at once and print `idle`.
 * `throws`: two sockets ready in the same iteration, the first callback throws; print
 * what the second callback and the uncaught-exception handler see.
 * `promise`: a callback settles a promise while another fd that never becomes ready
 * keeps the poller waiting; print `settled` when the await returns, then exit.
 * `immediate`: an endless ping-pong between two sockets (stopped after 3 s), which
 * schedules an immediate after 100 rounds; print `ran during the stream` if the immediate
 * ran within ten rounds, while the ping-pong still went on, then exit.
 */
import { C, S, sys, poller } from '../../ffi/index.ts';

const fd = sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0);
const sa = Buffer.alloc(S.sockaddr_in.size);
sa.writeUInt16LE(C.AF_INET, S.sockaddr_in.off.sin_family);
sa.writeUInt32BE(0x7f000001, S.sockaddr_in.off.sin_addr);
sys.bind(fd, sa, sa.length);
const len = Buffer.alloc(4);
len.writeUInt32LE(sa.length);
sys.getsockname(fd, sa, len);

if (process.argv[2] === 'armed') {
  poller.watch(fd, poller.READ, () => {
    const buf = Buffer.alloc(64);
    const n = sys.recv(fd, buf, buf.length, 0);
    process.stdout.write(`got ${buf.subarray(0, Math.max(n, 0)).toString()}\n`);
  });
  process.stdout.write(`port ${sa.readUInt16BE(S.sockaddr_in.off.sin_port)}\n`);
} else if (process.argv[2] === 'throws') {
  process.on('uncaughtException', (err) => process.stdout.write(`uncaught ${err.message}\n`));
  poller.watch(fd, poller.WRITE, () => {
    throw new Error('boom');
  });
  const other = sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0);
  poller.watch(other, poller.WRITE, () => process.stdout.write('second callback\n'));
} else if (process.argv[2] === 'promise') {
  const sv = Buffer.alloc(8);
  sys.socketpair(C.AF_UNIX, C.SOCK_STREAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0, sv);
  const [a, b] = [sv.readInt32LE(0), sv.readInt32LE(4)];
  poller.watch(fd, poller.READ, () => undefined);
  const settled = new Promise<string>((resolve) => poller.watch(b, poller.READ, () => resolve('settled')));
  sys.send(a, Buffer.from('x'), 1, 0);
  process.stdout.write(`${await settled}\n`);
  process.exit(0);
} else if (process.argv[2] === 'immediate') {
  const sv = Buffer.alloc(8);
  sys.socketpair(C.AF_UNIX, C.SOCK_DGRAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0, sv);
  const buf = Buffer.alloc(16);
  const msg = Buffer.from('p');
  const t0 = performance.now();
  let rounds = 0;
  let ranAt = -1;
  const bounce = (s: number) => (): void => {
    while (sys.recv(s, buf, 16, 0) > 0) {
      if (++rounds === 100) setImmediate(() => (ranAt = rounds));
      if (ranAt < 0 && performance.now() - t0 < 3000) sys.send(s, msg, 1, 0);
      else {
        // Each round is one pass of the poller; the immediate is due at the next turn of
        // libuv's loop, so a few rounds at most.
        process.stdout.write(ranAt >= 0 && ranAt < 110 ? 'ran during the stream\n' : `starved until round ${ranAt}\n`);
        process.exit(0);
      }
    }
    poller.watch(s, poller.READ, bounce(s));
  };
  // A timer due much later, as a real program has: libuv then has a time-out of its own.
  setTimeout(() => undefined, 60_000);
  for (const s of [sv.readInt32LE(0), sv.readInt32LE(4)]) poller.watch(s, poller.READ, bounce(s));
  sys.send(sv.readInt32LE(0), msg, 1, 0);
} else {
  poller.watch(fd, poller.READ, () => process.stdout.write('callback\n'));
  poller.unwatch(fd);
  process.stdout.write('idle\n');
}
