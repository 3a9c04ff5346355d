/**
 * msghdr, iovec and mmsghdr against the kernel on loopback: the caller's Buffers
 * go out as iovecs, datagrams come back with their addresses and every control
 * message type the kernel here can produce (the values match what erl reports
 * for the same setup), fds pass over a unix socket, and batches go through
 * sendmmsg/recvmmsg. Also the layouts against C.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { C, ERRNO, S } from '../../ffi/constants.ts';
import {
  IOVEC_SIZE, IOV_MAX, MMSGHDR_SIZE, MSGHDR_SIZE, RecvMmsg, RecvMsg, SendMmsg, SendMsg,
  decodeMsgFlags, decodeMsghdr, encodeIovec, encodeMsgFlags,
} from '../../ffi/msghdr.ts';
import { Invalid, SOCKADDR_MAX, decodeSockaddr, encodeSockaddr, type sockaddr_in, type sockaddr_in6 } from '../../ffi/sockaddr.ts';
import { cImages, sys, sysmsg } from './codecs-cimage.ts';

const fds: number[] = [];
afterAll(() => fds.forEach((fd) => sys.close(fd)));

function open(domain: number, type: number): number {
  const fd = sys.socket(domain, type | C.SOCK_CLOEXEC, 0);
  expect(fd, `socket errno ${sys.errno()}`).toBeGreaterThanOrEqual(0);
  fds.push(fd);
  return fd;
}
function bindLoopback(fd: number, family: 'inet' | 'inet6'): sockaddr_in | sockaddr_in6 {
  const b = Buffer.alloc(SOCKADDR_MAX);
  const n = encodeSockaddr({ family, addr: 'loopback' }, b) as number;
  expect(sys.bind(fd, b, n)).toBe(0);
  const l = Buffer.alloc(4);
  l.writeUInt32LE(SOCKADDR_MAX);
  expect(sys.getsockname(fd, b, l)).toBe(0);
  return decodeSockaddr(b, 0, l.readUInt32LE()) as sockaddr_in | sockaddr_in6;
}
function setInt(fd: number, level: number, opt: number, v: number): void {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v);
  expect(sysmsg.setsockopt(fd, level, opt, b, 4), `setsockopt ${level}/${opt} errno ${sys.errno()}`).toBe(0);
}
/** recvmsg with MSG_DONTWAIT, retried a bounded number of times for what arrives asynchronously (ICMP). */
async function recv(fd: number, r: RecvMsg, data: Buffer, flags = 0): Promise<number> {
  for (let i = 0; i < 200; i++) {
    r.prepare(data);
    const n = sysmsg.recvmsg(fd, r.hdr, flags | C.MSG_DONTWAIT);
    if (n >= 0) return n;
    expect(sys.errno()).toBe(ERRNO.EAGAIN);
    await new Promise((ok) => setTimeout(ok, 5));
  }
  throw new Error('nothing received');
}

describe('layouts against C', () => {
  const img = cImages([
    {
      name: 'msghdr',
      body: `struct msghdr *m = (void *)b; m->msg_name = (void *)0x1122334455667788; m->msg_namelen = 28;
        m->msg_iov = (void *)0x0102030405060708; m->msg_iovlen = 3; m->msg_control = (void *)0xa0a1a2a3a4a5a6a7;
        m->msg_controllen = 64; m->msg_flags = MSG_TRUNC | MSG_CTRUNC; len = sizeof *m;`,
    },
    {
      name: 'iovec',
      body: `struct iovec *v = (void *)b; v[0].iov_base = (void *)0x10; v[0].iov_len = 5; v[1].iov_base = 0;
        v[1].iov_len = 0; len = 2 * sizeof *v;`,
    },
  ]);

  it('decodes a msghdr C filled in', () => {
    expect(decodeMsghdr(img.get('msghdr')!)).toEqual({
      name: 0x1122334455667788n, namelen: 28, iov: 0x0102030405060708n, iovlen: 3,
      control: 0xa0a1a2a3a4a5a6a7n, controllen: 64, flags: C.MSG_TRUNC | C.MSG_CTRUNC,
    });
    expect(img.get('msghdr')!.length).toBe(MSGHDR_SIZE);
  });

  it('writes iovec lengths where C puts them, and a null base for an empty Buffer', () => {
    const out = Buffer.alloc(2 * IOVEC_SIZE);
    expect(encodeIovec([Buffer.alloc(5), Buffer.alloc(0)], out)).toBe(5);
    const c = img.get('iovec')!;
    // The base of a real Buffer is its address; compare everything else.
    expect(out.subarray(8, 32)).toEqual(c.subarray(8, 32));
    expect(MMSGHDR_SIZE).toBe(S.mmsghdr.size);
    expect(IOV_MAX).toBe(1024);
  });
});

describe('msg_flags', () => {
  it('decodes to the manual atoms and encodes back', () => {
    const n = C.MSG_TRUNC | C.MSG_CTRUNC | C.MSG_EOR;
    expect(decodeMsgFlags(n).sort()).toEqual(['ctrunc', 'eor', 'trunc']);
    expect(encodeMsgFlags(decodeMsgFlags(n))).toBe(n);
    expect(decodeMsgFlags(C.MSG_TRUNC | C.MSG_WAITFORONE)).toEqual(['trunc', C.MSG_WAITFORONE]);
    expect(encodeMsgFlags(['nope'])).toBeUndefined();
  });
});

describe('sendmsg/recvmsg on loopback', () => {
  it('sends the caller Buffers as iovecs to an address and reads back data, sender and ttl/tos/pktinfo/origdstaddr/timestamp', async () => {
    const a = open(C.AF_INET, C.SOCK_DGRAM);
    const b = open(C.AF_INET, C.SOCK_DGRAM);
    const aAddr = bindLoopback(a, 'inet');
    const bAddr = bindLoopback(b, 'inet');
    for (const opt of [C.IP_RECVTTL, C.IP_RECVTOS, C.IP_PKTINFO, C.IP_RECVORIGDSTADDR]) setInt(b, C.IPPROTO_IP, opt, 1);
    setInt(b, C.SOL_SOCKET, C.SO_TIMESTAMP, 1);
    setInt(a, C.IPPROTO_IP, C.IP_TOS, C.IPTOS_LOWDELAY);

    const s = new SendMsg();
    const sent = s.prepare({ addr: bAddr, iov: [Buffer.from('hello '), Buffer.from('world')], ctrl: [{ level: 'ip', type: 'ttl', value: 7 }] });
    expect(sent).toBe(11);
    expect(sysmsg.sendmsg(a, s.hdr, 0), `errno ${sys.errno()}`).toBe(11);

    const r = new RecvMsg(512);
    const data = Buffer.alloc(64);
    const n = await recv(b, r, data);
    expect(data.subarray(0, n).toString()).toBe('hello world');
    const res = r.result();
    expect(res.addr).toEqual(aAddr);
    expect(res.flags).toBe(0);
    const byType = Object.fromEntries(res.ctrl.map((c) => [`${c.level}/${String(c.type)}`, c]));
    expect(byType['ip/ttl']).toMatchObject({ level: 'ip', type: 'ttl', value: 7, data: Buffer.from([7, 0, 0, 0]) });
    expect(byType['ip/tos']).toMatchObject({ value: 'lowdelay', data: Buffer.from([C.IPTOS_LOWDELAY]) });
    expect(byType['ip/pktinfo']).toMatchObject({ value: { ifindex: 1, spec_dst: [127, 0, 0, 1], addr: [127, 0, 0, 1] } });
    expect(byType['ip/origdstaddr']).toMatchObject({ value: bAddr });
    const ts = byType['socket/timestamp'] as { value: { sec: number; usec: number } };
    expect(Math.abs(ts.value.sec - Date.now() / 1000)).toBeLessThan(600);
    expect(ts.value.usec).toBeGreaterThanOrEqual(0);
    expect(ts.value.usec).toBeLessThan(1_000_000);
  });

  it('reports a truncated datagram with the trunc flag', async () => {
    const a = open(C.AF_INET, C.SOCK_DGRAM);
    const b = open(C.AF_INET, C.SOCK_DGRAM);
    bindLoopback(a, 'inet');
    const bAddr = bindLoopback(b, 'inet');
    const s = new SendMsg();
    s.prepare({ addr: bAddr, iov: [Buffer.alloc(100, 1)] });
    expect(sysmsg.sendmsg(a, s.hdr, 0)).toBe(100);
    const r = new RecvMsg();
    await recv(b, r, Buffer.alloc(10));
    expect(decodeMsgFlags(r.result().flags)).toEqual(['trunc']);
  });

  it('carries IPv6 hoplimit, tclass and pktinfo', async () => {
    const a = open(C.AF_INET6, C.SOCK_DGRAM);
    const b = open(C.AF_INET6, C.SOCK_DGRAM);
    bindLoopback(a, 'inet6');
    const bAddr = bindLoopback(b, 'inet6');
    for (const opt of [C.IPV6_RECVHOPLIMIT, C.IPV6_RECVTCLASS, C.IPV6_RECVPKTINFO]) setInt(b, C.IPPROTO_IPV6, opt, 1);
    const s = new SendMsg();
    s.prepare({ addr: bAddr, iov: [Buffer.from('6')], ctrl: [{ level: 'ipv6', type: 'hoplimit', value: 9 }, { level: 'ipv6', type: 'tclass', value: 32 }] });
    expect(sysmsg.sendmsg(a, s.hdr, 0), `errno ${sys.errno()}`).toBe(1);
    const r = new RecvMsg(512);
    await recv(b, r, Buffer.alloc(8));
    const ctrl = r.result().ctrl;
    expect(ctrl).toContainEqual({ level: 'ipv6', type: 'hoplimit', data: Buffer.from([9, 0, 0, 0]), value: 9 });
    expect(ctrl).toContainEqual({ level: 'ipv6', type: 'tclass', data: Buffer.from([32, 0, 0, 0]), value: 32 });
    expect(ctrl).toContainEqual(expect.objectContaining({ level: 'ipv6', type: 'pktinfo', value: { addr: [0, 0, 0, 0, 0, 0, 0, 1], ifindex: 1 } }));
  });

  it('decodes IP_RECVERR from the error queue as erl does (port unreachable)', async () => {
    const a = open(C.AF_INET, C.SOCK_DGRAM);
    setInt(a, C.IPPROTO_IP, C.IP_RECVERR, 1);
    const dead = open(C.AF_INET, C.SOCK_DGRAM);
    const deadAddr = bindLoopback(dead, 'inet');
    sys.close(fds.pop()!);
    const s = new SendMsg();
    s.prepare({ addr: deadAddr, iov: [Buffer.from('x')] });
    expect(sysmsg.sendmsg(a, s.hdr, 0)).toBe(1);
    const r = new RecvMsg(512);
    await recv(a, r, Buffer.alloc(8), C.MSG_ERRQUEUE);
    const res = r.result();
    expect(decodeMsgFlags(res.flags)).toEqual(['errqueue']);
    expect(res.ctrl).toEqual([
      expect.objectContaining({
        level: 'ip',
        type: 'recverr',
        value: {
          error: 'econnrefused', origin: 'icmp', type: 'dest_unreach', code: 'port_unreach', info: 0, data: 0,
          offender: { family: 'inet', port: 0, addr: [127, 0, 0, 1] },
        },
      }),
    ]);
  });

  it('decodes IPV6_RECVERR as erl does', async () => {
    const a = open(C.AF_INET6, C.SOCK_DGRAM);
    setInt(a, C.IPPROTO_IPV6, C.IPV6_RECVERR, 1);
    const dead = open(C.AF_INET6, C.SOCK_DGRAM);
    const deadAddr = bindLoopback(dead, 'inet6');
    sys.close(fds.pop()!);
    const s = new SendMsg();
    s.prepare({ addr: deadAddr, iov: [Buffer.from('x')] });
    expect(sysmsg.sendmsg(a, s.hdr, 0)).toBe(1);
    const r = new RecvMsg(512);
    await recv(a, r, Buffer.alloc(8), C.MSG_ERRQUEUE);
    expect(r.result().ctrl[0]).toMatchObject({
      level: 'ipv6',
      type: 'recverr',
      value: {
        error: 'econnrefused', origin: 'icmp6', type: 'dest_unreach', code: 'port_unreach',
        offender: { family: 'inet6', port: 0, addr: [0, 0, 0, 0, 0, 0, 0, 1], flowinfo: 0, scope_id: 0 },
      },
    });
  });

  it('passes a file descriptor with SCM_RIGHTS over a unix socket pair', async () => {
    const sv: number[] = [0, 0];
    expect(sysmsg.socketpair(C.AF_UNIX, C.SOCK_DGRAM | C.SOCK_CLOEXEC, 0, sv)).toBe(0);
    fds.push(sv[0]!, sv[1]!);
    const fdBytes = Buffer.alloc(4);
    fdBytes.writeInt32LE(sv[0]!);
    const s = new SendMsg();
    s.prepare({ iov: [Buffer.from('fd')], ctrl: [{ level: 'socket', type: 'rights', data: fdBytes }] });
    expect(sysmsg.sendmsg(sv[0]!, s.hdr, 0), `errno ${sys.errno()}`).toBe(2);
    const r = new RecvMsg(64);
    await recv(sv[1]!, r, Buffer.alloc(8));
    const [rights] = r.result().ctrl;
    expect(rights).toMatchObject({ level: 'socket', type: 'rights' });
    const got = rights!.data.readInt32LE(0);
    fds.push(got);
    expect(got).not.toBe(sv[0]);
    expect(got).toBeGreaterThan(2);
    // An unnamed unix peer: the kernel reports msg_namelen 0, so there is no address.
    expect(r.result().addr).toBeUndefined();
  });

  it('refuses too many iovecs and bad addresses or control messages with erl\'s terms', () => {
    const s = new SendMsg();
    expect((s.prepare({ iov: Array.from({ length: IOV_MAX + 1 }, () => Buffer.alloc(1)) }) as Invalid).what).toEqual(['iov', ['list', IOV_MAX + 1]]);
    expect((s.prepare({ iov: [Buffer.alloc(1), 'b' as unknown as Buffer] }) as Invalid).what).toEqual(['iov', ['element_not_binary', 2]]);
    expect((s.prepare({ addr: 'foo', iov: [] }) as Invalid).what).toEqual(['sockaddr', 'foo']);
    const ctrl = [{ level: 'ip', type: 'tos', value: 'foo' }];
    expect((s.prepare({ iov: [], ctrl }) as Invalid).what).toEqual(['msg', 'ctrl', { ctrl }]);
  });
});

describe('sendmmsg/recvmmsg on loopback', () => {
  it('sends a batch in one call and receives it in one call, each with its address', () => {
    const a = open(C.AF_INET, C.SOCK_DGRAM);
    const b = open(C.AF_INET, C.SOCK_DGRAM);
    const aAddr = bindLoopback(a, 'inet');
    const bAddr = bindLoopback(b, 'inet');
    const out = new SendMmsg(8);
    const msgs = Array.from({ length: 5 }, (_, i) => ({ addr: bAddr, iov: [Buffer.from(`m${i}-`), Buffer.alloc(i, 65 + i)] }));
    expect(out.prepare(msgs)).toBe(5);
    expect(sysmsg.sendmmsg(a, out.hdrs, 5, 0), `errno ${sys.errno()}`).toBe(5);
    for (let i = 0; i < 5; i++) expect(out.sent(i)).toBe(3 + i);

    const inn = new RecvMmsg(8, 64);
    inn.reset();
    expect(sysmsg.recvmmsg(b, inn.hdrs, 8, C.MSG_DONTWAIT, null)).toBe(5);
    const got = inn.messages(5);
    for (let i = 0; i < 5; i++) {
      expect(got[i]).toEqual({ addr: aAddr, iov: [Buffer.concat(msgs[i]!.iov)], ctrl: [], flags: [] });
    }
    expect(() => out.prepare(Array.from({ length: 9 }, () => msgs[0]!))).toThrow(RangeError);
  });

  it('a Buffer repeated across messages and entries is sent from its own address each time', () => {
    const a = open(C.AF_INET, C.SOCK_DGRAM);
    const b = open(C.AF_INET, C.SOCK_DGRAM);
    bindLoopback(a, 'inet');
    const bAddr = bindLoopback(b, 'inet');
    const x = Buffer.from('xx');
    const y = Buffer.from('yyy');
    const iovs = [[x], [x, x], [y, x], [x, y, y], [y]];
    const out = new SendMmsg(8);
    expect(out.prepare(iovs.map((iov) => ({ addr: bAddr, iov })))).toBe(5);
    expect(sysmsg.sendmmsg(a, out.hdrs, 5, 0)).toBe(5);
    const one = new SendMsg();
    expect(one.prepare({ addr: bAddr, iov: [y, x, y] })).toBe(8);
    expect(sysmsg.sendmsg(a, one.hdr, 0)).toBe(8);
    const inn = new RecvMmsg(8, 64);
    inn.reset();
    expect(sysmsg.recvmmsg(b, inn.hdrs, 8, C.MSG_DONTWAIT, null)).toBe(6);
    const got = inn.messages(6).map((m) => m.iov[0]!.toString());
    expect(got).toEqual(['xx', 'xxxx', 'yyyxx', 'xxyyyyyy', 'yyy', 'yyyxxyyy']);
  });

  it('a later call never touches what an earlier one handed out: views of slabs, or copies', () => {
    const a = open(C.AF_INET, C.SOCK_DGRAM);
    const b = open(C.AF_INET, C.SOCK_DGRAM);
    bindLoopback(a, 'inet');
    const bAddr = bindLoopback(b, 'inet');
    setInt(b, C.SOL_SOCKET, C.SO_RCVBUF, 1 << 20);
    // 64 x 1 KiB is the largest area handed out as views (a 256 KiB slab lasts about a
    // dozen of these rounds); 2 x 40 KB is copied out of one fixed area.
    for (const [vlen, bufSize] of [[64, 1024], [2, 40_000]] as const) {
      const out = new SendMmsg(16);
      const inn = new RecvMmsg(vlen, bufSize);
      const sent: Buffer[] = [];
      const got: Buffer[] = [];
      for (let round = 0; round < 50; round++) {
        const batch = Array.from({ length: 16 }, (_, i) => ({ addr: bAddr, iov: [Buffer.alloc(1 + ((round * 16 + i) % 900), round * 16 + i)] }));
        expect(out.prepare(batch)).toBe(16);
        expect(sysmsg.sendmmsg(a, out.hdrs, 16, 0)).toBe(16);
        sent.push(...batch.map((m) => m.iov[0]!));
        while (got.length < sent.length) {
          inn.reset();
          const n = sysmsg.recvmmsg(b, inn.hdrs, vlen, C.MSG_DONTWAIT, null);
          expect(n).toBeGreaterThan(0);
          for (const m of inn.messages(n)) got.push(m.iov[0]!);
        }
      }
      expect(got).toEqual(sent);
    }
  });
});
