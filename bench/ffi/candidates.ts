/**
 * The poller candidates of DESIGN.md ("The I/O path"), measured on the same UDP
 * ping-pong with the same discipline: interest is armed only while a side waits, dropped
 * when it fires, re-armed by the waiter. Latency is one pair of sockets; throughput is
 * 1000 pairs with one datagram in flight each. Results go to ARCHITECTURE.md, "Poller".
 *
 *   npx tsx bench/ffi/candidates.ts
 *
 * - `koffi.node.poll`: koffi's PollHandle over uv_poll (stop on event, start to re-arm).
 * - `uv_poll (raw)`: libuv from the node binary through koffi.load(null), same discipline.
 * - `ffi/poller.ts`: beamlet's poller, an epoll set of its own waited on from a libuv
 *   prepare handle (until 2026-11-23 it was the uv_poll above with a deferred disarm).
 * - `epoll async`: epoll_wait on a koffi async call (libuv thread pool), EPOLLONESHOT,
 *   re-armed with epoll_ctl, an eventfd to wake the waiting call when done.
 *
 * The epoll and uv_poll declarations here are bench-only; beamlet's own calls are in
 * ffi/libc.ts.
 */
import koffi from 'koffi';
import { C, S, poller, sys } from '../../ffi/index.ts';

interface Sock {
  fd: number;
  addr: Buffer;
}

/** Arms READ interest on a socket; `cb` runs once when it is readable. */
interface Candidate {
  name: string;
  arm(fd: number, cb: () => void): void;
  /** Stops watching `fd` and closes it, in the order the mechanism needs. */
  release(fd: number): void;
  end(): void;
}

const libc = koffi.load('libc.so.6');
const node = koffi.load(null);

function udp(): Sock {
  const fd = sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0);
  const addr = Buffer.alloc(S.sockaddr_in.size);
  addr.writeUInt16LE(C.AF_INET, S.sockaddr_in.off.sin_family);
  addr.writeUInt32BE(0x7f000001, S.sockaddr_in.off.sin_addr);
  sys.bind(fd, addr, addr.length);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(addr.length);
  sys.getsockname(fd, addr, len);
  return { fd, addr };
}

function koffiPoll(): Candidate {
  const handles = new Map<number, ReturnType<typeof koffi.node.poll>>();
  const R = { readable: true };
  return {
    name: 'koffi.node.poll',
    arm(fd, cb) {
      const h = handles.get(fd);
      const fire = (): void => {
        handles.get(fd)!.stop();
        cb();
      };
      if (h === undefined) handles.set(fd, koffi.node.poll(fd, R, fire));
      else h.start(R, fire);
    },
    release(fd) {
      handles.get(fd)?.close();
      handles.delete(fd);
      sys.close(fd);
    },
    end() {},
  };
}

function uvPollRaw(): Candidate {
  const pollCb = koffi.proto(null, 'void', ['uintptr_t', 'int', 'int']);
  const closeCb = koffi.proto(null, 'void', ['uintptr_t']);
  const init = node.func('int uv_poll_init_socket(void *loop, uintptr_t handle, int fd)');
  const start = node.func('uv_poll_start', 'int', ['uintptr_t', 'int', koffi.pointer(pollCb)]);
  const stop = node.func('int uv_poll_stop(uintptr_t handle)');
  const close = node.func('uv_close', 'void', ['uintptr_t', koffi.pointer(closeCb)]);
  const loop = node.func('void *uv_default_loop()')();
  const size = Number(node.func('size_t uv_handle_size(int type)')(8));
  const byHandle = new Map<number, () => void>();
  const byFd = new Map<number, { h: number; mem: unknown }>();
  const onPoll = koffi.register((h: number) => {
    stop(h);
    byHandle.get(h)?.();
  }, koffi.pointer(pollCb));
  const onClose = koffi.register(() => undefined, koffi.pointer(closeCb));
  return {
    name: 'uv_poll (raw)',
    arm(fd, cb) {
      let e = byFd.get(fd);
      if (e === undefined) {
        const mem = koffi.alloc('uint8_t', size);
        e = { h: Number(koffi.address(mem)), mem };
        init(loop, e.h, fd);
        byFd.set(fd, e);
      }
      byHandle.set(e.h, cb);
      start(e.h, poller.READ, onPoll);
    },
    release(fd) {
      const e = byFd.get(fd)!;
      byHandle.delete(e.h);
      byFd.delete(fd);
      close(e.h, onClose);
      sys.close(fd);
    },
    end() {},
  };
}

function beamletPoller(): Candidate {
  return {
    name: 'ffi/poller.ts',
    arm(fd, cb) {
      poller.watch(fd, poller.READ, cb);
    },
    release(fd) {
      poller.closeFd(fd);
    },
    end() {},
  };
}

function epollAsync(): Candidate {
  const epoll_create1 = libc.func('int epoll_create1(int flags)');
  const epoll_ctl = libc.func('int epoll_ctl(int epfd, int op, int fd, void *event)');
  const epoll_wait = libc.func('int epoll_wait(int epfd, void *events, int maxevents, int timeout)');
  const eventfd = libc.func('int eventfd(unsigned int initval, int flags)');
  const write = libc.func('long write(int fd, void *buf, size_t count)');
  const EPOLLIN = 1;
  const EPOLLONESHOT = 1 << 30;
  const EV = S.epoll_event.size;
  const MAX = 1024;
  const ep = epoll_create1(C.O_CLOEXEC);
  const wake = eventfd(0, C.O_CLOEXEC | C.O_NONBLOCK);
  // The kernel writes events while the call runs on a pool thread: memory that never moves.
  const mem = koffi.alloc('uint8_t', MAX * EV);
  const events = Buffer.from(koffi.view(mem, MAX * EV));
  const ev = Buffer.alloc(EV);
  const handlers = new Map<number, () => void>();
  const registered = new Set<number>();
  let running = true;
  const ctl = (op: number, fd: number, bits: number): void => {
    ev.writeUInt32LE(bits, S.epoll_event.off.events);
    ev.writeBigUInt64LE(BigInt(fd), S.epoll_event.off.data);
    epoll_ctl(ep, op, fd, ev);
  };
  ctl(1, wake, EPOLLIN);
  const wait = (): void => {
    epoll_wait.async(ep, mem, MAX, -1, (_err: unknown, n: number) => {
      for (let i = 0; i < n; i++) {
        const fd = Number(events.readBigUInt64LE(i * EV + S.epoll_event.off.data));
        const cb = handlers.get(fd);
        handlers.delete(fd);
        cb?.();
      }
      if (running) wait();
    });
  };
  wait();
  return {
    name: 'epoll async',
    arm(fd, cb) {
      handlers.set(fd, cb);
      ctl(registered.has(fd) ? 3 : 1, fd, EPOLLIN | EPOLLONESHOT);
      registered.add(fd);
    },
    release(fd) {
      handlers.delete(fd);
      registered.delete(fd);
      epoll_ctl(ep, 2, fd, null);
      sys.close(fd);
    },
    end() {
      running = false;
      const one = Buffer.alloc(8);
      one.writeBigUInt64LE(1n);
      write(wake, one, 8);
    },
  };
}

/** `pairs` ping-pongs at once, `rounds` round trips each; resolves with round trips per second. */
function pingPong(cand: Candidate, pairs: number, rounds: number): Promise<number> {
  return new Promise((resolve) => {
    const buf = Buffer.alloc(64);
    const socks: Sock[] = [];
    let done = 0;
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < pairs; k++) {
      const a = udp();
      const b = udp();
      socks.push(a, b);
      let left = rounds;
      const onA = (): void => {
        while (sys.recv(a.fd, buf, 64, 0) > 0) {
          if (--left === 0) {
            if (++done === pairs) finish();
            return;
          }
          sys.sendto(a.fd, buf, 4, 0, b.addr, b.addr.length);
        }
        cand.arm(a.fd, onA);
      };
      const onB = (): void => {
        while (sys.recv(b.fd, buf, 64, 0) > 0) sys.sendto(b.fd, buf, 4, 0, a.addr, a.addr.length);
        cand.arm(b.fd, onB);
      };
      cand.arm(a.fd, onA);
      cand.arm(b.fd, onB);
      sys.sendto(a.fd, buf, 4, 0, b.addr, b.addr.length);
    }
    function finish(): void {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      for (const s of socks) cand.release(s.fd);
      resolve((pairs * rounds) / secs);
    }
  });
}

async function main(): Promise<void> {
  console.log('| candidate | latency: 1 pair, round trips/s | throughput: 1000 pairs, round trips/s |');
  console.log('|---|---:|---:|');
  for (const make of [koffiPoll, uvPollRaw, beamletPoller, epollAsync]) {
    const cand = make();
    const lat = await pingPong(cand, 1, 20_000);
    const thr = await pingPong(cand, 1000, 100);
    cand.end();
    console.log(`| ${cand.name} | ${lat.toFixed(0)} | ${thr.toFixed(0)} |`);
  }
}

await main();
