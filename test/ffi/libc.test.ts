/**
 * The system calls of ffi/syscall.ts on real loopback sockets: results, `-errno` on
 * failure read at the call, posix atoms, and Buffers passed without copy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { C, ERRNO, S, posix, sys } from '../../ffi/index.ts';
import { checkFdLeaks } from '../helpers/fds.ts';

checkFdLeaks();

const NB = C.SOCK_NONBLOCK | C.SOCK_CLOEXEC;

function ok(r: number): number {
  if (r < 0) throw new Error(`syscall failed: ${String(posix(r))}`);
  return r;
}

/** A sockaddr_in for 127.0.0.1:port. */
function loopback(port = 0): Buffer {
  const sa = Buffer.alloc(S.sockaddr_in.size);
  sa.writeUInt16LE(C.AF_INET, S.sockaddr_in.off.sin_family);
  sa.writeUInt16BE(port, S.sockaddr_in.off.sin_port);
  sa.writeUInt32BE(0x7f000001, S.sockaddr_in.off.sin_addr);
  return sa;
}

function len4(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** A UDP socket bound to an ephemeral loopback port, with its address. */
function udp(): { fd: number; addr: Buffer } {
  const fd = ok(sys.socket(C.AF_INET, C.SOCK_DGRAM | NB, 0));
  ok(sys.bind(fd, loopback(), S.sockaddr_in.size));
  const addr = Buffer.alloc(S.sockaddr_in.size);
  ok(sys.getsockname(fd, addr, len4(addr.length)));
  return { fd, addr };
}

function pair(type: number = C.SOCK_STREAM): [number, number] {
  const sv = Buffer.alloc(8);
  ok(sys.socketpair(C.AF_UNIX, type | NB, 0, sv));
  return [sv.readInt32LE(0), sv.readInt32LE(4)];
}

function closeAll(...fds: number[]): void {
  for (const fd of fds) ok(sys.close(fd));
}

/** An msghdr over `iov` buffers, addressed to `name` when given. */
function msghdr(iov: Buffer[], name: Buffer | null, into: Buffer = Buffer.alloc(S.msghdr.size), at = 0): Buffer {
  const vec = Buffer.alloc(S.iovec.size * iov.length);
  iov.forEach((b, i) => {
    vec.writeBigUInt64LE(koffi.address(b), i * S.iovec.size + S.iovec.off.iov_base);
    vec.writeBigUInt64LE(BigInt(b.length), i * S.iovec.size + S.iovec.off.iov_len);
  });
  const o = S.msghdr.off;
  if (name !== null) {
    into.writeBigUInt64LE(koffi.address(name), at + o.msg_name);
    into.writeUInt32LE(name.length, at + o.msg_namelen);
  }
  into.writeBigUInt64LE(koffi.address(vec), at + o.msg_iov);
  into.writeBigUInt64LE(BigInt(iov.length), at + o.msg_iovlen);
  keep.push(vec);
  return into;
}
// iovec arrays must outlive the call that reads them.
const keep: Buffer[] = [];

describe('errno', () => {
  it('a failed call returns -errno, mapped to its posix atom', () => {
    const fd = udp().fd;
    const r = sys.recv(fd, Buffer.alloc(8), 8, 0);
    expect(r).toBe(-ERRNO.EAGAIN);
    expect(posix(r)).toBe('eagain');
    closeAll(fd);
    expect(posix(sys.close(fd))).toBe('ebadf');
    expect(posix(sys.socket(9999, C.SOCK_DGRAM, 0))).toBe('eafnosupport');
  });

  it('a refused connect is econnrefused', () => {
    const { fd: probe, addr } = udp();
    const port = addr.readUInt16BE(S.sockaddr_in.off.sin_port);
    closeAll(probe);
    // A TCP port nobody listens on, taken from a UDP socket just closed: loopback refuses at once.
    const fd = ok(sys.socket(C.AF_INET, C.SOCK_STREAM | C.SOCK_CLOEXEC, 0));
    expect(posix(sys.connect(fd, loopback(port), S.sockaddr_in.size))).toBe('econnrefused');
    closeAll(fd);
  });

  it('every named errno maps to a lowercase atom, with or without its sign', () => {
    const named = Object.values(ERRNO) as number[];
    fc.assert(
      fc.property(fc.constantFrom(...named), (n) => {
        const atom = posix(n);
        expect(typeof atom).toBe('string');
        expect(atom).toMatch(/^e[a-z0-9]+$/);
        expect(posix(-n)).toBe(atom);
      }),
    );
  });

  it('an errno the platform does not name keeps its number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4096, max: 1 << 30 }), (n) => {
        expect(posix(n)).toBe(n);
        expect(posix(-n)).toBe(n);
      }),
    );
  });
});

describe('datagrams', () => {
  it('sendto and recvfrom carry data and the source address', () => {
    const a = udp();
    const b = udp();
    expect(sys.sendto(a.fd, Buffer.from('hello'), 5, 0, b.addr, b.addr.length)).toBe(5);
    const buf = Buffer.alloc(64);
    const from = Buffer.alloc(S.sockaddr_in.size);
    const fromLen = len4(from.length);
    expect(sys.recvfrom(b.fd, buf, buf.length, 0, from, fromLen)).toBe(5);
    expect(buf.subarray(0, 5).toString()).toBe('hello');
    expect(fromLen.readUInt32LE()).toBe(S.sockaddr_in.size);
    expect(from.equals(a.addr)).toBe(true);
    closeAll(a.fd, b.fd);
  });

  it('recv writes into the caller buffer itself, at a subarray offset', () => {
    const a = udp();
    const b = udp();
    sys.sendto(a.fd, Buffer.from('xyz'), 3, 0, b.addr, b.addr.length);
    const big = Buffer.alloc(100, 0x2e);
    expect(sys.recv(b.fd, big.subarray(40), 60, 0)).toBe(3);
    expect(big.subarray(38, 45).toString()).toBe('..xyz..');
    closeAll(a.fd, b.fd);
  });

  it('sendmsg gathers an iovec and recvmsg scatters it', () => {
    const a = udp();
    const b = udp();
    const name = Buffer.from(b.addr);
    expect(sys.sendmsg(a.fd, msghdr([Buffer.from('ab'), Buffer.from('cde')], name), 0)).toBe(5);
    const p1 = Buffer.alloc(3);
    const p2 = Buffer.alloc(8);
    expect(sys.recvmsg(b.fd, msghdr([p1, p2], null), 0)).toBe(5);
    expect(p1.toString() + p2.subarray(0, 2).toString()).toBe('abcde');
    closeAll(a.fd, b.fd);
  });

  it('sendmmsg and recvmmsg move several datagrams in one call', () => {
    const a = udp();
    const b = udp();
    const n = 3;
    const out = Buffer.alloc(S.mmsghdr.size * n);
    for (let i = 0; i < n; i++) msghdr([Buffer.from(`m${i}`)], b.addr, out, i * S.mmsghdr.size);
    expect(sys.sendmmsg(a.fd, out, n, 0)).toBe(n);
    const bufs = [Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8)];
    const inp = Buffer.alloc(S.mmsghdr.size * n);
    bufs.forEach((buf, i) => msghdr([buf], null, inp, i * S.mmsghdr.size));
    expect(sys.recvmmsg(b.fd, inp, n, 0, null)).toBe(n);
    for (let i = 0; i < n; i++) {
      const len = inp.readUInt32LE(i * S.mmsghdr.size + S.mmsghdr.off.msg_len);
      expect(bufs[i]!.subarray(0, len).toString()).toBe(`m${i}`);
    }
    closeAll(a.fd, b.fd);
  });
});

describe('streams', () => {
  it('listen, connect, accept4, getpeername, send, shutdown', () => {
    const lfd = ok(sys.socket(C.AF_INET, C.SOCK_STREAM | NB, 0));
    ok(sys.bind(lfd, loopback(), S.sockaddr_in.size));
    ok(sys.listen(lfd, C.SOMAXCONN));
    expect(posix(sys.accept4(lfd, null, null, NB))).toBe('eagain');
    const laddr = Buffer.alloc(S.sockaddr_in.size);
    ok(sys.getsockname(lfd, laddr, len4(laddr.length)));

    const cfd = ok(sys.socket(C.AF_INET, C.SOCK_STREAM | C.SOCK_CLOEXEC, 0));
    expect(sys.connect(cfd, laddr, laddr.length)).toBe(0);
    const peer = Buffer.alloc(S.sockaddr_in.size);
    const peerLen = len4(peer.length);
    const afd = ok(sys.accept4(lfd, peer, peerLen, NB));
    const caddr = Buffer.alloc(S.sockaddr_in.size);
    ok(sys.getsockname(cfd, caddr, len4(caddr.length)));
    expect(peer.equals(caddr)).toBe(true);
    const back = Buffer.alloc(S.sockaddr_in.size);
    ok(sys.getpeername(afd, back, len4(back.length)));
    expect(back.equals(caddr)).toBe(true);

    expect(sys.send(cfd, Buffer.from('ping'), 4, 0)).toBe(4);
    ok(sys.shutdown(cfd, C.SHUT_WR));
    const buf = Buffer.alloc(16);
    expect(sys.recv(afd, buf, 16, 0)).toBe(4);
    expect(sys.recv(afd, buf, 16, 0)).toBe(0);
    closeAll(cfd, afd, lfd);
  });

  it('sendfile copies a file into a socket from an offset the kernel advances', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beamlet-ffi-'));
    const path = join(dir, 'f');
    writeFileSync(path, '0123456789');
    const file = ok(sys.open(path, C.O_RDONLY | C.O_CLOEXEC));
    const [a, b] = pair();
    const off = Buffer.alloc(8);
    off.writeBigInt64LE(3n);
    expect(sys.sendfile(a, file, off, 4)).toBe(4);
    expect(off.readBigInt64LE()).toBe(7n);
    const buf = Buffer.alloc(16);
    expect(buf.subarray(0, sys.recv(b, buf, 16, 0)).toString()).toBe('3456');
    closeAll(file, a, b);
    rmSync(dir, { recursive: true });
  });
});

describe('control calls', () => {
  it('setsockopt then getsockopt round-trips an int option', () => {
    const [a, b] = pair();
    const v = Buffer.alloc(4);
    v.writeInt32LE(1);
    ok(sys.setsockopt(a, C.SOL_SOCKET, C.SO_KEEPALIVE, v, 4));
    const got = Buffer.alloc(4);
    const gotLen = len4(4);
    ok(sys.getsockopt(a, C.SOL_SOCKET, C.SO_KEEPALIVE, got, gotLen));
    expect(got.readInt32LE()).toBe(1);
    expect(gotLen.readUInt32LE()).toBe(4);
    expect(posix(sys.getsockopt(a, C.SOL_SOCKET, 9999, got, gotLen))).toBe('enoprotoopt');
    closeAll(a, b);
  });

  it('ioctl FIONREAD counts queued bytes; SIOCGIFINDEX finds lo', () => {
    const [a, b] = pair();
    sys.send(a, Buffer.from('12345'), 5, 0);
    const n = Buffer.alloc(4);
    ok(sys.ioctl(b, C.FIONREAD, n));
    expect(n.readInt32LE()).toBe(5);
    const ifr = Buffer.alloc(S.ifreq.size);
    ifr.write('lo', S.ifreq.off.ifr_name, 'latin1');
    ok(sys.ioctl(a, C.SIOCGIFINDEX, ifr));
    expect(ifr.readInt32LE(S.ifreq.off.ifr_ifindex)).toBe(sys.if_nametoindex('lo'));
    closeAll(a, b);
  });

  it('fcntl reads and sets O_NONBLOCK; dup gives a second descriptor for the socket', () => {
    const fd = ok(sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_CLOEXEC, 0));
    const flags = ok(sys.fcntl(fd, C.F_GETFL, 0));
    expect(flags & C.O_NONBLOCK).toBe(0);
    ok(sys.fcntl(fd, C.F_SETFL, flags | C.O_NONBLOCK));
    const d = ok(sys.dup(fd));
    expect(d).not.toBe(fd);
    expect(sys.fcntl(d, C.F_GETFL, 0) & C.O_NONBLOCK).toBe(C.O_NONBLOCK);
    expect(posix(sys.recv(d, Buffer.alloc(1), 1, 0))).toBe('eagain');
    closeAll(fd, d);
  });

  it('poll reports a readable socket', () => {
    const [a, b] = pair();
    const pfd = Buffer.alloc(S.pollfd.size * 2);
    pfd.writeInt32LE(a, S.pollfd.off.fd);
    pfd.writeInt16LE(C.POLLIN, S.pollfd.off.events);
    pfd.writeInt32LE(b, S.pollfd.size + S.pollfd.off.fd);
    pfd.writeInt16LE(C.POLLIN, S.pollfd.size + S.pollfd.off.events);
    expect(sys.poll(pfd, 2, 0)).toBe(0);
    sys.send(a, Buffer.from('x'), 1, 0);
    expect(sys.poll(pfd, 2, 0)).toBe(1);
    expect(pfd.readInt16LE(S.pollfd.size + S.pollfd.off.revents) & C.POLLIN).toBe(C.POLLIN);
    closeAll(a, b);
  });

  it('open and setns re-enter the current network namespace', () => {
    const ns = ok(sys.open('/proc/self/ns/net', C.O_RDONLY | C.O_CLOEXEC));
    expect(sys.setns(ns, C.CLONE_NEWNET)).toBe(0);
    expect(posix(sys.open('/nonexistent/beamlet', C.O_RDONLY))).toBe('enoent');
    closeAll(ns);
  });

  it('interface names and indexes, and protocol numbers', () => {
    expect(sys.if_nametoindex('lo')).toBe(1);
    expect(sys.if_indextoname(1)).toBe('lo');
    expect(posix(sys.if_nametoindex('nosuchif0'))).toBe('enodev');
    expect(posix(sys.if_indextoname(999_999) as number)).toBe('enxio');
    expect(sys.getprotobyname('udp')).toBe(C.IPPROTO_UDP);
    expect(sys.getprotobyname('tcp')).toBe(6);
    expect(sys.getprotobyname('no-such-protocol')).toBeUndefined();
  });
});
