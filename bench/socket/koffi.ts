/**
 * The koffi side of bench/socket/run.ts: bench.c translated call for call to JavaScript
 * on koffi, speaking the wire protocol described at the top of run.ts. The same blocking
 * system calls in the same order (epoll where bench.c uses it), with no beamlet runtime,
 * no processes, no promises and no libuv I/O: what is left of the gap to C is the price
 * of calling the kernel from JS through koffi, the floor of any koffi-based socket layer.
 *
 *   node --import tsx bench/socket/koffi.ts server WORKLOAD
 *   node --import tsx bench/socket/koffi.ts client WORKLOAD PORT SECONDS BYTES
 */
import { Buffer } from 'node:buffer';
import koffi from 'koffi';
import { C, ERRNO, S } from '../../ffi/constants.ts';
import { MSG, CHUNK, CONNECTS, CONC, CONC_RTS, WIN, ACK_EVERY, BATCH, RCVBUF, REPS, now, fail, commandLine, startRep, report } from './common.ts';

const libc = koffi.load('libc.so.6');
// The signatures of ffi/libc.ts: pointers are `void *` taking a Buffer (or null),
// ssize_t results are `long`.
const c = {
  socket: libc.func('int socket(int domain, int type, int protocol)'),
  bind: libc.func('int bind(int fd, void *addr, uint32_t addrlen)'),
  listen: libc.func('int listen(int fd, int backlog)'),
  accept4: libc.func('int accept4(int fd, void *addr, void *addrlen, int flags)'),
  connect: libc.func('int connect(int fd, void *addr, uint32_t addrlen)'),
  getsockname: libc.func('int getsockname(int fd, void *addr, void *addrlen)'),
  setsockopt: libc.func('int setsockopt(int fd, int level, int optname, void *optval, uint32_t optlen)'),
  fcntl: libc.func('int fcntl(int fd, int cmd, ...)'),
  read: libc.func('long read(int fd, void *buf, size_t count)'),
  write: libc.func('long write(int fd, void *buf, size_t count)'),
  send: libc.func('long send(int fd, void *buf, size_t len, int flags)'),
  recv: libc.func('long recv(int fd, void *buf, size_t len, int flags)'),
  sendto: libc.func('long sendto(int fd, void *buf, size_t len, int flags, void *addr, uint32_t addrlen)'),
  recvfrom: libc.func('long recvfrom(int fd, void *buf, size_t len, int flags, void *addr, void *addrlen)'),
  sendmmsg: libc.func('int sendmmsg(int fd, void *msgvec, unsigned int vlen, int flags)'),
  recvmmsg: libc.func('int recvmmsg(int fd, void *msgvec, unsigned int vlen, int flags, void *timeout)'),
  shutdown: libc.func('int shutdown(int fd, int how)'),
  close: libc.func('int close(int fd)'),
  epoll_create1: libc.func('int epoll_create1(int flags)'),
  epoll_ctl: libc.func('int epoll_ctl(int epfd, int op, int fd, void *event)'),
  epoll_wait: libc.func('int epoll_wait(int epfd, void *events, int maxevents, int timeout)'),
};

const SOCKADDR_IN = S.sockaddr_in.size;
const EV = S.epoll_event.size;
const EV_DATA = S.epoll_event.off.data;
const MMSG = S.mmsghdr.size;
const IOVEC = S.iovec.size;
const M = S.msghdr.off;

/**
 * Zeroed views of one allocation of its own, for headers that point at each other: the
 * views share one backing store, so the header a loop passes keeps the iovecs and
 * buffers it points at alive (a Buffer reachable only through an address is collected).
 */
function slab(...sizes: number[]): Buffer[] {
  const mem = Buffer.allocUnsafeSlow(sizes.reduce((a, b) => a + b, 0)).fill(0);
  let off = 0;
  return sizes.map((n) => mem.subarray(off, (off += n)));
}

/** Writes an address from koffi into a pointer field of a native struct. */
function pointer(out: Buffer, off: number, to: Buffer): void {
  out.writeBigUInt64LE(koffi.address(to), off);
}

function loopback(port: number): Buffer {
  const a = Buffer.alloc(SOCKADDR_IN);
  a.writeUInt16LE(C.AF_INET, S.sockaddr_in.off.sin_family);
  a.writeUInt32BE(C.INADDR_LOOPBACK, S.sockaddr_in.off.sin_addr);
  a.writeUInt16BE(port, S.sockaddr_in.off.sin_port);
  return a;
}

/** A native int, for setsockopt. */
function int(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v);
  return b;
}

function nodelay(fd: number): void {
  if (c.setsockopt(fd, C.IPPROTO_TCP, C.TCP_NODELAY, int(1), 4) < 0) fail('nodelay');
}

/** An epoll_event with EPOLLIN and `data` as its first 32 bits (the fd, or data.u32). */
function epollIn(data: number): Buffer {
  const ev = Buffer.alloc(EV);
  ev.writeUInt32LE(C.EPOLLIN, S.epoll_event.off.events);
  ev.writeUInt32LE(data, EV_DATA);
  return ev;
}

/** Binds to an ephemeral loopback port: the descriptor, and the port the runner waits for. */
function bound(type: number): [number, number] {
  const fd: number = c.socket(C.AF_INET, type | C.SOCK_CLOEXEC, 0);
  const a = loopback(0);
  if (fd < 0 || c.bind(fd, a, SOCKADDR_IN) < 0) fail('bind');
  if (c.getsockname(fd, a, int(SOCKADDR_IN)) < 0) fail('getsockname');
  return [fd, a.readUInt16BE(S.sockaddr_in.off.sin_port)];
}

function connected(type: number): number {
  const fd: number = c.socket(C.AF_INET, type | C.SOCK_CLOEXEC, 0);
  if (fd < 0 || c.connect(fd, loopback(port), SOCKADDR_IN) < 0) fail('connect');
  return fd;
}

// A partial read or write is rare on a blocking socket, so only then is a view made.
function readFull(fd: number, buf: Buffer, n: number): void {
  for (let off = 0; off < n;) {
    const r: number = c.read(fd, off === 0 ? buf : buf.subarray(off), n - off);
    if (r <= 0) fail('read');
    off += r;
  }
}

function writeFull(fd: number, buf: Buffer, n: number): void {
  for (let off = 0; off < n;) {
    const r: number = c.write(fd, off === 0 ? buf : buf.subarray(off), n - off);
    if (r < 0) fail('write');
    off += r;
  }
}

// ---- servers

/** Echoes every connection until EOF, all connections in one epoll loop. */
function serveEcho(lfd: number): never {
  const ep: number = c.epoll_create1(C.EPOLL_CLOEXEC);
  if (ep < 0 || c.epoll_ctl(ep, C.EPOLL_CTL_ADD, lfd, epollIn(lfd)) < 0) fail('epoll');
  const evs = Buffer.alloc(256 * EV);
  const buf = Buffer.alloc(CHUNK);
  for (;;) {
    const n: number = c.epoll_wait(ep, evs, 256, -1);
    if (n < 0 && koffi.errno() !== ERRNO.EINTR) fail('epoll_wait');
    for (let i = 0; i < n; i++) {
      const fd = evs.readInt32LE(i * EV + EV_DATA);
      if (fd === lfd) {
        const cfd: number = c.accept4(lfd, null, null, C.SOCK_CLOEXEC);
        if (cfd < 0) fail('accept');
        nodelay(cfd);
        if (c.epoll_ctl(ep, C.EPOLL_CTL_ADD, cfd, epollIn(cfd)) < 0) fail('epoll_ctl');
        continue;
      }
      const r: number = c.read(fd, buf, CHUNK);
      if (r <= 0) {
        c.close(fd);
        continue;
      }
      writeFull(fd, buf, r);
    }
  }
}

/** Reads each connection to EOF and answers with the byte count (8 bytes, little-endian). */
function serveSink(lfd: number): never {
  const buf = Buffer.alloc(CHUNK);
  const total = Buffer.alloc(8);
  for (;;) {
    const cfd: number = c.accept4(lfd, null, null, C.SOCK_CLOEXEC);
    if (cfd < 0) fail('accept');
    let n = 0;
    let r: number;
    while ((r = c.read(cfd, buf, CHUNK)) > 0) n += r;
    total.writeBigUInt64LE(BigInt(n));
    writeFull(cfd, total, 8);
    c.close(cfd);
  }
}

function serveClose(lfd: number): never {
  for (;;) {
    const cfd: number = c.accept4(lfd, null, null, C.SOCK_CLOEXEC);
    if (cfd < 0) fail('accept');
    c.close(cfd);
  }
}

const ackBuf = Buffer.alloc(4);

function ack(fd: number, count: number, to: Buffer): void {
  ackBuf.writeUInt32LE(count);
  if (c.sendto(fd, ackBuf, 4, 0, to, SOCKADDR_IN) < 0) fail('sendto ack');
}

/** Counts datagrams; acknowledges the running count each time it passes a multiple of ACK_EVERY. */
function serveUdpSink(fd: number): never {
  const buf = Buffer.alloc(MSG);
  const from = Buffer.alloc(SOCKADDR_IN);
  const len = Buffer.alloc(4);
  let count = 0;
  for (;;) {
    len.writeUInt32LE(SOCKADDR_IN);
    if (c.recvfrom(fd, buf, MSG, 0, from, len) < 0) fail('recvfrom');
    count = (count + 1) >>> 0;
    if (count % ACK_EVERY === 0) ack(fd, count, from);
  }
}

function serveUdpSinkMmsg(fd: number): never {
  const [msgs, iovs, froms, bufs] = slab(BATCH * MMSG, BATCH * IOVEC, BATCH * SOCKADDR_IN, BATCH * MSG);
  for (let i = 0; i < BATCH; i++) {
    pointer(iovs, i * IOVEC + S.iovec.off.iov_base, bufs.subarray(i * MSG));
    iovs.writeBigUInt64LE(BigInt(MSG), i * IOVEC + S.iovec.off.iov_len);
    const h = i * MMSG + S.mmsghdr.off.msg_hdr;
    pointer(msgs, h + M.msg_name, froms.subarray(i * SOCKADDR_IN));
    pointer(msgs, h + M.msg_iov, iovs.subarray(i * IOVEC));
    msgs.writeBigUInt64LE(1n, h + M.msg_iovlen);
  }
  let count = 0;
  for (;;) {
    // bench.c rebuilds every header per call; of their fields the kernel rewrites only
    // msg_namelen (and the output fields msg_flags, msg_len), so that one is reset here.
    for (let i = 0; i < BATCH; i++) msgs.writeUInt32LE(SOCKADDR_IN, i * MMSG + S.mmsghdr.off.msg_hdr + M.msg_namelen);
    const n: number = c.recvmmsg(fd, msgs, BATCH, C.MSG_WAITFORONE, null);
    if (n < 0) fail('recvmmsg');
    const before = count;
    count = (count + n) >>> 0;
    if (Math.floor(count / ACK_EVERY) !== Math.floor(before / ACK_EVERY)) ack(fd, count, froms.subarray((n - 1) * SOCKADDR_IN));
  }
}

function serveUdpEcho(fd: number): never {
  const buf = Buffer.alloc(MSG);
  const from = Buffer.alloc(SOCKADDR_IN);
  const len = Buffer.alloc(4);
  for (;;) {
    len.writeUInt32LE(SOCKADDR_IN);
    const r: number = c.recvfrom(fd, buf, MSG, 0, from, len);
    if (r < 0) fail('recvfrom');
    if (c.sendto(fd, buf, r, 0, from, len.readUInt32LE()) < 0) fail('sendto');
  }
}

function server(w: string): never {
  if (w.startsWith('udp')) {
    const [fd, local] = bound(C.SOCK_DGRAM);
    if (c.setsockopt(fd, C.SOL_SOCKET, C.SO_RCVBUF, int(RCVBUF), 4) < 0) fail('rcvbuf');
    console.log(`PORT ${local}`);
    if (w === 'udp_stream') serveUdpSink(fd);
    if (w === 'udp_mmsg') serveUdpSinkMmsg(fd);
    if (w === 'udp_rr') serveUdpEcho(fd);
    fail(`unknown workload ${w}`);
  }
  const [lfd, local] = bound(C.SOCK_STREAM);
  if (c.listen(lfd, 4096) < 0) fail('listen');
  console.log(`PORT ${local}`);
  if (w === 'tcp_pingpong' || w === 'tcp_concurrent') serveEcho(lfd);
  if (w === 'tcp_stream') serveSink(lfd);
  if (w === 'tcp_connect') serveClose(lfd);
  fail(`unknown workload ${w}`);
}

// ---- clients: each returns the rate of one repetition

const { mode, workload, port, seconds, bytes } = commandLine('koffi.ts');
let ppFd = -1;

/** Round trips per second of `roundTrip`, in batches of 256 until SECONDS have passed. */
function roundTrips(roundTrip: () => void): number {
  let n = 0;
  const t0 = now();
  let t: number;
  do {
    for (let i = 0; i < 256; i++, n++) roundTrip();
    t = now() - t0;
  } while (t < seconds);
  return n / t;
}

function tcpPingpong(): number {
  if (ppFd < 0) {
    ppFd = connected(C.SOCK_STREAM);
    nodelay(ppFd);
  }
  const fd = ppFd;
  const buf = Buffer.alloc(MSG);
  return roundTrips(() => {
    writeFull(fd, buf, MSG);
    readFull(fd, buf, MSG);
  });
}

const chunk = Buffer.alloc(CHUNK);

function tcpStream(): number {
  const fd = connected(C.SOCK_STREAM);
  let sent = 0;
  const t0 = now();
  while (sent < bytes && now() - t0 < 3 * seconds) {
    for (let i = 0; i < 64 && sent < bytes; i++, sent += CHUNK) writeFull(fd, chunk, CHUNK);
  }
  c.shutdown(fd, C.SHUT_WR);
  const answer = Buffer.alloc(8);
  readFull(fd, answer, 8);
  const t = now() - t0;
  c.close(fd);
  const total = Number(answer.readBigUInt64LE());
  if (total !== sent) fail(`stream: sent ${sent}, server counted ${total}`);
  return total / t / 1e9;
}

function tcpConnect(): number {
  const b = Buffer.alloc(1);
  let n = 0;
  const t0 = now();
  while (n < CONNECTS && now() - t0 < 3 * seconds) {
    const fd = connected(C.SOCK_STREAM);
    if (c.read(fd, b, 1) !== 0) fail('connect: expected EOF');
    c.close(fd);
    n++;
  }
  return n / (now() - t0);
}

function tcpConcurrent(): number {
  const fds = new Int32Array(CONC);
  const rts = new Int32Array(CONC);
  const got = new Int32Array(CONC);
  const ep: number = c.epoll_create1(C.EPOLL_CLOEXEC);
  for (let i = 0; i < CONC; i++) {
    fds[i] = connected(C.SOCK_STREAM);
    nodelay(fds[i]);
    c.fcntl(fds[i], C.F_SETFL, 'int', C.O_NONBLOCK);
    if (c.epoll_ctl(ep, C.EPOLL_CTL_ADD, fds[i], epollIn(i)) < 0) fail('epoll_ctl');
  }
  const buf = Buffer.alloc(MSG);
  const t0 = now();
  for (let i = 0; i < CONC; i++) writeFull(fds[i], buf, MSG);
  let done = 0;
  let total = 0;
  const evs = Buffer.alloc(256 * EV);
  while (done < CONC && now() - t0 < 3 * seconds) {
    const n: number = c.epoll_wait(ep, evs, 256, -1);
    if (n < 0 && koffi.errno() !== ERRNO.EINTR) fail('epoll_wait');
    for (let k = 0; k < n; k++) {
      const i = evs.readUInt32LE(k * EV + EV_DATA);
      const fd = fds[i];
      const r: number = c.read(fd, buf, MSG - got[i]);
      if (r < 0 && koffi.errno() === ERRNO.EAGAIN) continue;
      if (r <= 0) fail('concurrent read');
      got[i] += r;
      if (got[i] < MSG) continue;
      got[i] = 0;
      total++;
      if (++rts[i] === CONC_RTS) {
        done++;
        continue;
      }
      writeFull(fd, buf, MSG);
    }
  }
  const t = now() - t0;
  for (let i = 0; i < CONC; i++) c.close(fds[i]);
  c.close(ep);
  return total / t;
}

let udpFd = -1;
let udpSent = 0;
let udpAcked = 0;
const ackIn = Buffer.alloc(4);

function udpOpen(): void {
  if (udpFd >= 0) return;
  udpFd = connected(C.SOCK_DGRAM);
  const tv = Buffer.alloc(S.timeval.size);
  tv.writeBigInt64LE(1n, S.timeval.off.tv_sec);
  if (c.setsockopt(udpFd, C.SOL_SOCKET, C.SO_RCVTIMEO, tv, S.timeval.size) < 0) fail('rcvtimeo');
}

/** Waits for acks until at most `inflight` datagrams are unacknowledged (uint32 arithmetic, as in C). */
function udpWait(inflight: number): void {
  while (((udpSent - udpAcked) >>> 0) > inflight) {
    if (c.recv(udpFd, ackIn, 4, 0) !== 4) fail(`udp: no ack for 1 s, ${(udpSent - udpAcked) >>> 0} datagrams unacknowledged`);
    const a = ackIn.readUInt32LE();
    if (((a - udpAcked) | 0) > 0) udpAcked = a;
  }
}

function udpStream(): number {
  udpOpen();
  const buf = Buffer.alloc(MSG);
  const start = udpSent;
  const t0 = now();
  do {
    for (let i = 0; i < ACK_EVERY; i++) {
      udpWait(WIN - 1);
      if (c.send(udpFd, buf, MSG, 0) < 0) fail('send');
      udpSent = (udpSent + 1) >>> 0;
    }
  } while (now() - t0 < seconds);
  udpWait(0);
  return ((udpSent - start) >>> 0) / (now() - t0);
}

function udpMmsg(): number {
  udpOpen();
  const [msgs, iov, buf] = slab(BATCH * MMSG, IOVEC, MSG);
  pointer(iov, S.iovec.off.iov_base, buf);
  iov.writeBigUInt64LE(BigInt(MSG), S.iovec.off.iov_len);
  for (let i = 0; i < BATCH; i++) {
    const h = i * MMSG + S.mmsghdr.off.msg_hdr;
    pointer(msgs, h + M.msg_iov, iov);
    msgs.writeBigUInt64LE(1n, h + M.msg_iovlen);
  }
  const start = udpSent;
  const t0 = now();
  do {
    udpWait(WIN - BATCH);
    for (let off = 0; off < BATCH;) {
      const n: number = c.sendmmsg(udpFd, off === 0 ? msgs : msgs.subarray(off * MMSG), BATCH - off, 0);
      if (n < 0) fail('sendmmsg');
      off += n;
    }
    udpSent = (udpSent + BATCH) >>> 0;
  } while (now() - t0 < seconds);
  udpWait(0);
  return ((udpSent - start) >>> 0) / (now() - t0);
}

function udpRr(): number {
  udpOpen();
  const fd = udpFd;
  const buf = Buffer.alloc(MSG);
  return roundTrips(() => {
    if (c.send(fd, buf, MSG, 0) < 0) fail('send');
    if (c.recv(fd, buf, MSG, 0) !== MSG) fail('udp_rr: no answer for 1 s');
  });
}

const CLIENTS: Record<string, () => number> = {
  tcp_pingpong: tcpPingpong,
  tcp_stream: tcpStream,
  tcp_connect: tcpConnect,
  tcp_concurrent: tcpConcurrent,
  udp_stream: udpStream,
  udp_mmsg: udpMmsg,
  udp_rr: udpRr,
};

function client(): void {
  const run = CLIENTS[workload] ?? fail(`unknown workload ${workload}`);
  const r: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const end = startRep();
    r.push(run());
    cpu.push(end(r[i]!));
  }
  report(r, cpu);
}

if (mode === 'server') server(workload);
else client();
