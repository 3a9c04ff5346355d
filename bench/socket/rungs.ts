/**
 * The two middle rungs of `bench/socket/run.ts --ladder`: TCP ping-pong (the wire protocol
 * of run.ts) built up one design decision at a time between koffi.ts and beamlet.ts, so
 * the gap between them splits into what each decision costs.
 *
 * - `tryfirst`: OTP's order of calls on non-blocking sockets, in a plain loop. Each read
 *   is tried first and waits in epoll only after EAGAIN, as `socket:recv` does; the
 *   thread blocks in epoll_wait itself, with no libuv, callbacks or processes.
 * - `poller`: the same calls through ffi/poller.ts inside Node's event loop: a callback
 *   per readiness, each wait armed with `watch`, as beamlet's socket layer does, but with
 *   no processes, mailboxes or socket layer.
 *
 *   RUNG=tryfirst|poller node --import tsx bench/socket/rungs.ts server tcp_pingpong
 *   RUNG=tryfirst|poller node --import tsx bench/socket/rungs.ts client tcp_pingpong PORT SECONDS BYTES
 */
import { Buffer } from 'node:buffer';
import { C, ERRNO, S, encodeSockaddr, poller, sys } from '../../ffi/index.ts';
import { MSG, CHUNK, REPS, now, fail, commandLine, startRep, report } from './common.ts';

const { mode, workload, port, seconds } = commandLine('rungs.ts');
const rung = process.env.RUNG;
if (rung !== 'tryfirst' && rung !== 'poller') fail('RUNG must be tryfirst or poller');
if (workload !== 'tcp_pingpong') fail(`rungs.ts runs tcp_pingpong only, not ${workload}`);

const NONBLOCK = C.SOCK_NONBLOCK | C.SOCK_CLOEXEC;
const one = Buffer.alloc(4);
one.writeInt32LE(1);
const buf = Buffer.alloc(CHUNK);

/** 127.0.0.1:`p` as a native sockaddr_in, by ffi/sockaddr.ts's encoder. */
function loopback(p: number): Buffer {
  const a = Buffer.alloc(S.sockaddr_in.size);
  encodeSockaddr({ family: 'inet', addr: [127, 0, 0, 1], port: p }, a);
  return a;
}

function nodelay(fd: number): void {
  if (sys.setsockopt(fd, C.IPPROTO_TCP, C.TCP_NODELAY, one, 4) < 0) fail('nodelay');
}

// ---- tryfirst: one epoll set, edge-triggered, the thread blocked in epoll_wait

const ep = rung === 'tryfirst' ? sys.epoll_create1(C.EPOLL_CLOEXEC) : -1;
const EV = S.epoll_event;
const events = Buffer.alloc(EV.size * 256);

function epollAdd(fd: number): void {
  const ev = Buffer.alloc(EV.size);
  ev.writeUInt32LE((C.EPOLLIN | C.EPOLLET) >>> 0, EV.off.events);
  ev.writeInt32LE(fd, EV.off.data);
  if (sys.epoll_ctl(ep, C.EPOLL_CTL_ADD, fd, ev) < 0) fail('epoll_ctl');
}

/** Reads, and echoes, until EAGAIN; false once the peer has gone. */
function echoAll(fd: number): boolean {
  for (;;) {
    const n = sys.recv(fd, buf, CHUNK, 0);
    if (n === -ERRNO.EAGAIN) return true;
    if (n <= 0) return false;
    sys.send(fd, buf, n, C.MSG_NOSIGNAL);
  }
}

function acceptAll(lfd: number, each: (fd: number) => void): void {
  for (;;) {
    const fd = sys.accept4(lfd, null, null, NONBLOCK);
    if (fd < 0) return;
    nodelay(fd);
    each(fd);
  }
}

function tryfirstServer(lfd: number): never {
  epollAdd(lfd);
  for (;;) {
    const n = sys.epoll_wait(ep, events, 256, -1);
    for (let i = 0; i < n; i++) {
      const fd = events.readInt32LE(i * EV.size + EV.off.data);
      if (fd === lfd) acceptAll(lfd, epollAdd);
      else if (!echoAll(fd)) sys.close(fd);
    }
  }
}

/** One round trip: write, then read (tried first, waited for after EAGAIN). */
function tryfirstRoundTrip(fd: number, msg: Buffer): void {
  sys.send(fd, msg, MSG, C.MSG_NOSIGNAL);
  for (;;) {
    const n = sys.recv(fd, buf, MSG, 0);
    if (n === MSG) return;
    if (n !== -ERRNO.EAGAIN) fail(`recv: ${n}`);
    sys.epoll_wait(ep, events, 256, -1);
  }
}

// ---- poller: the same calls as callbacks in Node's event loop

function pollerServer(lfd: number): void {
  const echo = (fd: number) => (): void => {
    if (echoAll(fd)) poller.watch(fd, poller.READ, echo(fd));
    else poller.closeFd(fd);
  };
  const accept = (): void => {
    acceptAll(lfd, (fd) => echo(fd)());
    poller.watch(lfd, poller.READ, accept);
  };
  accept();
}

// ---- the client: REPS repetitions of round trips in batches of 256 for SECONDS each

function connected(): number {
  const fd = sys.socket(C.AF_INET, C.SOCK_STREAM | NONBLOCK, 0);
  const r = sys.connect(fd, loopback(port), S.sockaddr_in.size);
  if (r < 0 && r !== -ERRNO.EINPROGRESS) fail(`connect: ${r}`);
  nodelay(fd);
  return fd;
}

function tryfirstClient(fd: number): void {
  epollAdd(fd);
  const msg = Buffer.alloc(MSG);
  const rates: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const end = startRep();
    const t0 = now();
    let n = 0;
    let t: number;
    do {
      for (let k = 0; k < 256; k++, n++) tryfirstRoundTrip(fd, msg);
      t = now() - t0;
    } while (t < seconds);
    rates.push(n / t);
    cpus.push(end(n / t));
  }
  report(rates, cpus);
}

function pollerClient(fd: number): void {
  const msg = Buffer.alloc(MSG);
  const rates: number[] = [];
  const cpus: number[] = [];
  let end = startRep();
  let t0 = now();
  let n = 0;
  const roundTrip = (): void => {
    sys.send(fd, msg, MSG, C.MSG_NOSIGNAL);
    received();
  };
  const received = (): void => {
    const r = sys.recv(fd, buf, MSG, 0);
    if (r === -ERRNO.EAGAIN) {
      poller.watch(fd, poller.READ, received);
      return;
    }
    if (r !== MSG) fail(`recv: ${r}`);
    // The clock is read once per 256 round trips, as the other sides do.
    if ((++n & 255) !== 0 || now() - t0 < seconds) return roundTrip();
    const rate = n / (now() - t0);
    rates.push(rate);
    cpus.push(end(rate));
    if (rates.length === REPS) {
      report(rates, cpus);
      process.exit(0);
    }
    end = startRep();
    t0 = now();
    n = 0;
    roundTrip();
  };
  // The non-blocking connect completes when the socket becomes writable.
  poller.watch(fd, poller.WRITE, roundTrip);
}

if (mode === 'server') {
  const lfd = sys.socket(C.AF_INET, C.SOCK_STREAM | NONBLOCK, 0);
  const local = loopback(0);
  if (sys.bind(lfd, local, local.length) < 0 || sys.listen(lfd, 128) < 0) fail('bind/listen');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(local.length);
  sys.getsockname(lfd, local, len);
  console.log(`PORT ${local.readUInt16BE(S.sockaddr_in.off.sin_port)}`);
  if (rung === 'tryfirst') tryfirstServer(lfd);
  else pollerServer(lfd);
} else if (rung === 'tryfirst') {
  const fd = connected();
  // Wait out the non-blocking connect before the first write.
  const ev = Buffer.alloc(EV.size);
  ev.writeUInt32LE(C.EPOLLOUT >>> 0, EV.off.events);
  sys.epoll_ctl(ep, C.EPOLL_CTL_ADD, fd, ev);
  sys.epoll_wait(ep, events, 1, -1);
  sys.epoll_ctl(ep, C.EPOLL_CTL_DEL, fd, ev);
  tryfirstClient(fd);
} else pollerClient(connected());
