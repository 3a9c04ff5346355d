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
 * The UDP workloads (udp_stream, udp_mmsg) climb the same two rungs: the receiver drains
 * its socket with recvfrom or recvmmsg until EAGAIN and then waits; the sender sends
 * until its window is full, then reads acks until EAGAIN and waits.
 *
 *   RUNG=tryfirst|poller node --import tsx bench/socket/rungs.ts server WORKLOAD
 *   RUNG=tryfirst|poller node --import tsx bench/socket/rungs.ts client WORKLOAD PORT SECONDS BYTES
 */
import { Buffer } from 'node:buffer';
import { C, ERRNO, S, encodeSockaddr, poller, sys } from '../../ffi/index.ts';
import { MSG, CHUNK, WIN, ACK_EVERY, BATCH, RCVBUF, REPS, now, fail, commandLine, startRep, report } from './common.ts';

const { mode, workload, port, seconds } = commandLine('rungs.ts');
const rung = process.env.RUNG;
if (rung !== 'tryfirst' && rung !== 'poller') fail('RUNG must be tryfirst or poller');
if (!['tcp_pingpong', 'udp_stream', 'udp_mmsg'].includes(workload)) fail(`rungs.ts runs tcp_pingpong, udp_stream and udp_mmsg, not ${workload}`);

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

// ---- UDP: a window of WIN datagrams, acknowledged every ACK_EVERY (run.ts, wire protocol)

const SOCKADDR_IN = S.sockaddr_in.size;
const MMSG = S.mmsghdr.size;
const HDR = S.mmsghdr.off.msg_hdr;
const M = S.msghdr.off;
const batched = workload === 'udp_mmsg';

/** What the native headers point at: an address keeps nothing alive by itself. */
const held: Buffer[] = [];

/** `count` mmsghdrs, each with one iovec of MSG bytes and (`named`) a sockaddr_in slot at `namesAt`. */
function mmsgs(count: number, named: boolean): { msgs: Buffer; namesAt: number } {
  const msgs = Buffer.alloc(count * MMSG);
  const iovs = Buffer.alloc(count * S.iovec.size);
  const data = Buffer.alloc(count * MSG);
  const names = Buffer.alloc(count * SOCKADDR_IN);
  const dataAt = sys.addressOf(data);
  const namesAt = sys.addressOf(names);
  const iovsAt = sys.addressOf(iovs);
  for (let i = 0; i < count; i++) {
    const io = i * S.iovec.size;
    iovs.writeBigUInt64LE(BigInt(dataAt + i * MSG), io + S.iovec.off.iov_base);
    iovs.writeBigUInt64LE(BigInt(MSG), io + S.iovec.off.iov_len);
    const h = i * MMSG + HDR;
    if (named) msgs.writeBigUInt64LE(BigInt(namesAt + i * SOCKADDR_IN), h + M.msg_name);
    msgs.writeBigUInt64LE(BigInt(iovsAt + io), h + M.msg_iov);
    msgs.writeBigUInt64LE(1n, h + M.msg_iovlen);
  }
  held.push(iovs, data, names);
  return { msgs, namesAt };
}

const ackOut = Buffer.alloc(4);
let count = 0;

/** Counts `n` more datagrams and acknowledges each multiple of ACK_EVERY passed, to `from` (an address). */
function counted(fd: number, n: number, from: number): void {
  const before = count;
  count = (count + n) >>> 0;
  if (Math.floor(count / ACK_EVERY) === Math.floor(before / ACK_EVERY)) return;
  ackOut.writeUInt32LE(count);
  if (sys.sendto_at(fd, ackOut, 4, 0, from, SOCKADDR_IN) < 0) fail('sendto ack');
}

/** The receiver's drain: every datagram there, until EAGAIN. */
function udpDrainer(fd: number): () => void {
  if (batched) {
    const { msgs, namesAt } = mmsgs(BATCH, true);
    return () => {
      for (;;) {
        for (let i = 0; i < BATCH; i++) msgs.writeUInt32LE(SOCKADDR_IN, i * MMSG + HDR + M.msg_namelen);
        const n = sys.recvmmsg(fd, msgs, BATCH, 0, null);
        if (n === -ERRNO.EAGAIN) return;
        if (n <= 0) fail(`recvmmsg: ${n}`);
        counted(fd, n, namesAt + (n - 1) * SOCKADDR_IN);
      }
    };
  }
  // One area for the source and its length, larger than 64 bytes so that V8 keeps it
  // off its heap, where it could move.
  const from = Buffer.allocUnsafeSlow(128);
  const fromAt = sys.addressOf(from);
  const at = sys.addressOf(buf);
  return () => {
    for (;;) {
      from.writeUInt32LE(SOCKADDR_IN, 64);
      const n = sys.recvfrom_at(fd, at, MSG, 0, fromAt, fromAt + 64);
      if (n === -ERRNO.EAGAIN) return;
      if (n < 0) fail(`recvfrom: ${n}`);
      counted(fd, 1, fromAt);
    }
  };
}

function udpServer(fd: number): void {
  const drain = udpDrainer(fd);
  if (rung === 'tryfirst') {
    epollAdd(fd);
    for (;;) {
      drain();
      sys.epoll_wait(ep, events, 256, -1);
    }
  }
  const ready = (): void => {
    drain();
    poller.watch(fd, poller.READ, ready);
  };
  ready();
}

let sent = 0;
let acked = 0;
const ackIn = Buffer.alloc(4);

/** Reads acks while more than `limit` datagrams are unacknowledged; false at an EAGAIN. */
function acksUntil(fd: number, limit: number): boolean {
  while (((sent - acked) >>> 0) > limit) {
    const r = sys.recv(fd, ackIn, 4, 0);
    if (r === -ERRNO.EAGAIN) return false;
    if (r !== 4) fail(`recv ack: ${r}`);
    const a = ackIn.readUInt32LE();
    if (((a - acked) | 0) > 0) acked = a;
  }
  return true;
}

/**
 * The sender's send: one datagram, or a batch of BATCH with sendmmsg. The window keeps the
 * send buffer far from full, so an EAGAIN ends the run rather than being waited out.
 */
function udpSender(fd: number): () => number {
  if (!batched) {
    const msg = Buffer.alloc(MSG);
    return () => {
      const n = sys.send(fd, msg, MSG, 0);
      if (n !== MSG) fail(`send: ${n}`);
      return 1;
    };
  }
  const { msgs } = mmsgs(BATCH, false);
  return () => {
    for (let off = 0; off < BATCH;) {
      const n = sys.sendmmsg(fd, off === 0 ? msgs : msgs.subarray(off * MMSG), BATCH - off, 0);
      if (n <= 0) fail(`sendmmsg: ${n}`);
      off += n;
    }
    return BATCH;
  };
}

/**
 * The sender as a loop that calls `wait` whenever acks must come first: REPS repetitions,
 * each sending for SECONDS and then waiting for every ack. `wait` returns false when
 * the loop must stop here and be called again (the poller rung's callback); a missing
 * ack for a second ends the run.
 */
function udpClient(fd: number, wait: () => boolean): () => void {
  const send = udpSender(fd);
  const window = batched ? WIN - BATCH : WIN - 1;
  const rates: number[] = [];
  const cpus: number[] = [];
  let end = startRep();
  let t0 = now();
  let start = sent;
  let draining = false;
  let seen = acked;
  setInterval(() => {
    if (acked === seen && sent !== acked) fail(`udp: no ack for 1 s, ${(sent - acked) >>> 0} unacknowledged`);
    seen = acked;
  }, 1000).unref();
  return () => {
    for (;;) {
      while (!acksUntil(fd, draining ? 0 : window)) if (!wait()) return;
      if (draining) {
        const rate = ((sent - start) >>> 0) / (now() - t0);
        rates.push(rate);
        cpus.push(end(rate));
        if (rates.length === REPS) {
          report(rates, cpus);
          process.exit(0);
        }
        draining = false;
        end = startRep();
        t0 = now();
        start = sent;
      }
      // The clock is read once per ACK_EVERY datagrams, as the other sides do.
      for (let i = 0; i < ACK_EVERY && ((sent - acked) >>> 0) <= window; ) {
        const n = send();
        sent = (sent + n) >>> 0;
        i += n;
      }
      if (now() - t0 >= seconds) draining = true;
    }
  };
}

/** A non-blocking socket of `type` bound to 127.0.0.1 on an ephemeral port, announced as `PORT n`. */
function bound(type: number): number {
  const fd = sys.socket(C.AF_INET, type | NONBLOCK, 0);
  const local = loopback(0);
  if (sys.bind(fd, local, local.length) < 0) fail('bind');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(local.length);
  sys.getsockname(fd, local, len);
  console.log(`PORT ${local.readUInt16BE(S.sockaddr_in.off.sin_port)}`);
  return fd;
}

if (mode === 'server' && workload !== 'tcp_pingpong') {
  const fd = bound(C.SOCK_DGRAM);
  const size = Buffer.alloc(4);
  size.writeInt32LE(RCVBUF);
  if (sys.setsockopt(fd, C.SOL_SOCKET, C.SO_RCVBUF, size, 4) < 0) fail('rcvbuf');
  udpServer(fd);
} else if (workload !== 'tcp_pingpong') {
  const fd = sys.socket(C.AF_INET, C.SOCK_DGRAM | NONBLOCK, 0);
  if (sys.connect(fd, loopback(port), SOCKADDR_IN) < 0) fail('connect');
  if (rung === 'tryfirst') {
    epollAdd(fd);
    udpClient(fd, () => {
      if (sys.epoll_wait(ep, events, 256, 1000) === 0) fail(`udp: no ack for 1 s, ${(sent - acked) >>> 0} unacknowledged`);
      return true;
    })();
  } else {
    const run = udpClient(fd, () => {
      poller.watch(fd, poller.READ, run);
      return false;
    });
    run();
  }
} else if (mode === 'server') {
  const lfd = bound(C.SOCK_STREAM);
  if (sys.listen(lfd, 128) < 0) fail('listen');
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
