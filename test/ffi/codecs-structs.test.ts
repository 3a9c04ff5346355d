/**
 * Option and ioctl struct codecs: byte images C writes (bit-fields included),
 * the kernel's answers on loopback (SO_LINGER, TCP_INFO, SIOCGIFCONF, SIOCGIFFLAGS,
 * SIOCGIFHWADDR, SIOCGIFMTU, SIOCGIFINDEX as erl reports them) and round-trip properties.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import koffi from 'koffi';
import { C } from '../../ffi/constants.ts';
import { Invalid, SOCKADDR_MAX, encodeSockaddr, type in_addr } from '../../ffi/sockaddr.ts';
import {
  IFCONF_SIZE, IFNAMSIZ, IFREQ_SIZE, TIMEVAL_SIZE, decodeIfconfEntries, decodeIfconfLen, decodeIfreqFlags,
  decodeIfreqHwaddr, decodeIfreqInt, decodeIfreqMap, decodeIfreqName, decodeIfreqSockaddr, decodeIpMreq,
  decodeIpMreqSource, decodeIpMreqn, decodeIpMsfilter, decodeIpv6Mreq, decodeLinger, decodeTcpInfo,
  decodeTimeval, decodeUcred, encodeIfconf, encodeIfreqFlags, encodeIfreqInt, encodeIfreqMap, encodeIfreqName,
  encodeIfreqSockaddr, encodeIpMreq, encodeIpMreqSource, encodeIpMreqn, encodeIpMsfilter, encodeIpv6Mreq,
  encodeLinger, encodeTcpInfo, encodeTimeval, encodeUcred, ipMsfilterSize,
} from '../../ffi/structs.ts';
import { cImages, sys, sysmsg, sysopt } from './codecs-cimage.ts';

const img = cImages([
  { name: 'linger', body: `struct linger *l = (void *)b; l->l_onoff = 1; l->l_linger = 42; len = sizeof *l;` },
  { name: 'timeval', body: `struct timeval *t = (void *)b; t->tv_sec = -5; t->tv_usec = 999999; len = sizeof *t;` },
  { name: 'ucred', body: `struct ucred *u = (void *)b; u->pid = 1234; u->uid = 4000000000u; u->gid = 7; len = sizeof *u;` },
  {
    name: 'ip_mreq',
    body: `struct ip_mreq *m = (void *)b; inet_pton(AF_INET, "239.1.2.3", &m->imr_multiaddr);
      inet_pton(AF_INET, "10.1.1.1", &m->imr_interface); len = sizeof *m;`,
  },
  {
    name: 'ip_mreqn',
    body: `struct ip_mreqn *m = (void *)b; inet_pton(AF_INET, "239.1.2.3", &m->imr_multiaddr);
      m->imr_ifindex = 5; len = sizeof *m;`,
  },
  {
    name: 'ip_mreq_source',
    body: `struct ip_mreq_source *m = (void *)b; inet_pton(AF_INET, "232.1.1.1", &m->imr_multiaddr);
      inet_pton(AF_INET, "10.0.0.9", &m->imr_interface); inet_pton(AF_INET, "198.51.100.7", &m->imr_sourceaddr); len = sizeof *m;`,
  },
  {
    name: 'ip_msfilter',
    body: `struct ip_msfilter *f = (void *)b; inet_pton(AF_INET, "232.1.1.1", &f->imsf_multiaddr);
      f->imsf_fmode = MCAST_EXCLUDE; f->imsf_numsrc = 2; inet_pton(AF_INET, "1.2.3.4", &f->imsf_slist[0]);
      inet_pton(AF_INET, "5.6.7.8", &f->imsf_slist[1]); len = IP_MSFILTER_SIZE(2);`,
  },
  {
    name: 'ipv6_mreq',
    body: `struct ipv6_mreq *m = (void *)b; inet_pton(AF_INET6, "ff02::fb", &m->ipv6mr_multiaddr);
      m->ipv6mr_interface = 3; len = sizeof *m;`,
  },
  {
    name: 'tcp_info',
    body: `struct tcp_info *t = (void *)b; t->tcpi_state = TCP_ESTABLISHED; t->tcpi_ca_state = 1; t->tcpi_options = 7;
      t->tcpi_snd_wscale = 7; t->tcpi_rcv_wscale = 9; t->tcpi_rto = 204000; t->tcpi_snd_mss = 65483;
      t->tcpi_rtt = 31; t->tcpi_total_retrans = 3; len = sizeof *t;`,
  },
  {
    name: 'ifreq_mtu',
    body: `struct ifreq *r = (void *)b; strcpy(r->ifr_name, "eth0"); r->ifr_mtu = 9000; len = sizeof *r;`,
  },
  {
    name: 'ifreq_flags',
    body: `struct ifreq *r = (void *)b; strcpy(r->ifr_name, "lo"); r->ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING; len = sizeof *r;`,
  },
  {
    name: 'ifreq_addr',
    body: `struct ifreq *r = (void *)b; strcpy(r->ifr_name, "lo"); struct sockaddr_in *a = (void *)&r->ifr_addr;
      a->sin_family = AF_INET; inet_pton(AF_INET, "127.0.0.1", &a->sin_addr); len = sizeof *r;`,
  },
  {
    name: 'ifreq_map',
    body: `struct ifreq *r = (void *)b; r->ifr_map.mem_start = 0x1000; r->ifr_map.mem_end = 0x2000;
      r->ifr_map.base_addr = 0x300; r->ifr_map.irq = 9; r->ifr_map.dma = 3; r->ifr_map.port = 1; len = sizeof *r;`,
  },
]);
const image = (n: string): Buffer => img.get(n)!;

/** Encodes with `enc` into a fresh buffer of the image's size and returns the bytes. */
function bytes(enc: (v: unknown, out: Buffer, off?: number) => number | Invalid, v: unknown, size: number): Buffer {
  const out = Buffer.alloc(size);
  const n = enc(v, out);
  if (n instanceof Invalid) throw new Error(`invalid ${JSON.stringify(n.what)}`);
  return out.subarray(0, n);
}

describe('byte images against C', () => {
  const cases: [string, (v: unknown, o: Buffer) => number | Invalid, (b: Buffer) => unknown, unknown][] = [
    ['linger', encodeLinger, (b) => decodeLinger(b), { onoff: true, linger: 42 }],
    ['timeval', encodeTimeval, (b) => decodeTimeval(b), { sec: -5, usec: 999_999 }],
    ['ucred', encodeUcred, (b) => decodeUcred(b), { pid: 1234, uid: 4_000_000_000, gid: 7 }],
    ['ip_mreq', encodeIpMreq, (b) => decodeIpMreq(b), { multiaddr: [239, 1, 2, 3], interface: [10, 1, 1, 1] }],
    ['ip_mreqn', encodeIpMreqn, (b) => decodeIpMreqn(b), { multiaddr: [239, 1, 2, 3], address: [0, 0, 0, 0], ifindex: 5 }],
    [
      'ip_mreq_source', encodeIpMreqSource, (b) => decodeIpMreqSource(b),
      { multiaddr: [232, 1, 1, 1], interface: [10, 0, 0, 9], sourceaddr: [198, 51, 100, 7] },
    ],
    [
      'ip_msfilter', encodeIpMsfilter, (b) => decodeIpMsfilter(b, 0, b.length),
      { multiaddr: [232, 1, 1, 1], interface: [0, 0, 0, 0], mode: 'exclude', slist: [[1, 2, 3, 4], [5, 6, 7, 8]] },
    ],
    ['ipv6_mreq', encodeIpv6Mreq, (b) => decodeIpv6Mreq(b), { multiaddr: [0xff02, 0, 0, 0, 0, 0, 0, 0xfb], interface: 3 }],
  ];
  for (const [name, enc, dec, v] of cases) {
    it(`${name}: encodes to C's bytes and decodes back`, () => {
      expect(bytes(enc, v, 256).toString('hex')).toBe(image(name).toString('hex'));
      expect(dec(image(name))).toEqual(v);
    });
  }

  it('tcp_info: reads the wscale bit-fields where gcc packs them, and writes them back', () => {
    const info = decodeTcpInfo(image('tcp_info'), 0, image('tcp_info').length);
    expect(info).toMatchObject({
      state: 'established', ca_state: 1, options: 7, snd_wscale: 7, rcv_wscale: 9,
      rto: 204_000, snd_mss: 65_483, rtt: 31, total_retrans: 3, lost: 0,
    });
    expect(bytes(encodeTcpInfo, info, 256)).toEqual(image('tcp_info'));
  });

  it('tcp_info: a short answer from an older kernel gives only the fields it covers', () => {
    const info = decodeTcpInfo(image('tcp_info'), 0, 12);
    expect(Object.keys(info).sort()).toEqual(['backoff', 'ca_state', 'options', 'probes', 'rcv_wscale', 'retransmits', 'rto', 'snd_wscale', 'state']);
  });

  it('ifreq: name with mtu, flags, an address and a map', () => {
    const r = Buffer.alloc(IFREQ_SIZE);
    expect(encodeIfreqName('eth0', r)).toBe(true);
    expect(encodeIfreqInt('mtu', 9000, r)).toBe(true);
    expect(r).toEqual(image('ifreq_mtu'));
    expect(decodeIfreqName(r)).toBe('eth0');
    expect(decodeIfreqInt('mtu', r)).toBe(9000);

    encodeIfreqName('lo', r);
    expect(encodeIfreqFlags(['up', 'loopback', 'running'], r)).toBe(true);
    expect(r).toEqual(image('ifreq_flags'));
    expect(decodeIfreqFlags(r)).toEqual(['up', 'loopback', 'running']);

    encodeIfreqName('lo', r);
    expect(encodeIfreqSockaddr('addr', { family: 'inet', port: 0, addr: [127, 0, 0, 1] }, r)).toBe(true);
    expect(r).toEqual(image('ifreq_addr'));
    expect(decodeIfreqSockaddr('addr', r)).toEqual({ family: 'inet', port: 0, addr: [127, 0, 0, 1] });

    r.fill(0);
    const map = { mem_start: 0x1000, mem_end: 0x2000, base_addr: 0x300, irq: 9, dma: 3, port: 1 };
    expect(encodeIfreqMap(map, r)).toBe(true);
    expect(r).toEqual(image('ifreq_map'));
    expect(decodeIfreqMap(r)).toEqual(map);
  });

  it('ifreq: refuses a name that does not fit IFNAMSIZ with its NUL, and unknown flags', () => {
    const r = Buffer.alloc(IFREQ_SIZE);
    expect(encodeIfreqName('x'.repeat(IFNAMSIZ - 1), r)).toBe(true);
    expect(encodeIfreqName('x'.repeat(IFNAMSIZ), r)).toBe(false);
    expect(encodeIfreqFlags(['up', 'nope'], r)).toBe(false);
    expect(encodeIfreqSockaddr('addr', { family: 'inet6', port: 0, addr: 'any', flowinfo: 0, scope_id: 0 }, r)).toBe(false);
  });
});

describe('invalid values', () => {
  it('come back as Invalid carrying the value', () => {
    const out = Buffer.alloc(256);
    for (const [enc, v] of [
      [encodeLinger, { onoff: 1, linger: 1 }],
      [encodeLinger, { onoff: true, linger: -1 }],
      [encodeTimeval, { sec: 1.5, usec: 0 }],
      [encodeIpMreq, { multiaddr: [1, 2, 3], interface: 'any' }],
      [encodeIpMsfilter, { multiaddr: [1, 2, 3, 4], interface: 'any', mode: 'both', slist: [] }],
      [encodeIpv6Mreq, { multiaddr: [1, 2, 3, 4], interface: 0 }],
      [encodeTcpInfo, { state: 'nope' }],
    ] as const) {
      expect((enc(v, out) as Invalid).what).toEqual(v);
    }
  });

  it('msfilter refuses a source list larger than the buffer', () => {
    const v = { multiaddr: [1, 2, 3, 4], interface: 'any', mode: 'include', slist: [[1, 1, 1, 1], [2, 2, 2, 2]] };
    expect(encodeIpMsfilter(v, Buffer.alloc(ipMsfilterSize(1)))).toBeInstanceOf(Invalid);
    expect(encodeIpMsfilter(v, Buffer.alloc(ipMsfilterSize(2)))).toBe(ipMsfilterSize(2));
  });
});

describe('the kernel on loopback', () => {
  const fds: number[] = [];
  afterAll(() => fds.forEach((fd) => sys.close(fd)));
  const open = (domain: number, type: number) => {
    const fd = sys.socket(domain, type | C.SOCK_CLOEXEC, 0);
    expect(fd).toBeGreaterThanOrEqual(0);
    fds.push(fd);
    return fd;
  };

  it('SO_LINGER: what we set is what getsockopt decodes', () => {
    const fd = open(C.AF_INET, C.SOCK_STREAM);
    const v = Buffer.alloc(64);
    const n = encodeLinger({ onoff: true, linger: 3 }, v) as number;
    expect(sysmsg.setsockopt(fd, C.SOL_SOCKET, C.SO_LINGER, v, n)).toBe(0);
    const got = Buffer.alloc(64);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(64);
    expect(sysopt.getsockopt(fd, C.SOL_SOCKET, C.SO_LINGER, got, len)).toBe(0);
    expect(decodeLinger(got)).toEqual({ onoff: true, linger: 3 });
  });

  it('SO_RCVTIMEO: a timeval round-trips through the kernel', () => {
    const fd = open(C.AF_INET, C.SOCK_DGRAM);
    const v = Buffer.alloc(TIMEVAL_SIZE);
    encodeTimeval({ sec: 2, usec: 500_000 }, v);
    expect(sysmsg.setsockopt(fd, C.SOL_SOCKET, C.SO_RCVTIMEO, v, TIMEVAL_SIZE)).toBe(0);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(TIMEVAL_SIZE);
    v.fill(0);
    expect(sysopt.getsockopt(fd, C.SOL_SOCKET, C.SO_RCVTIMEO, v, len)).toBe(0);
    expect(decodeTimeval(v)).toEqual({ sec: 2, usec: 500_000 });
  });

  it('IP_ADD_MEMBERSHIP accepts an encoded ip_mreq on loopback', () => {
    const fd = open(C.AF_INET, C.SOCK_DGRAM);
    const v = Buffer.alloc(64);
    const n = encodeIpMreq({ multiaddr: [239, 9, 9, 9], interface: [127, 0, 0, 1] }, v) as number;
    expect(sysmsg.setsockopt(fd, C.IPPROTO_IP, C.IP_ADD_MEMBERSHIP, v, n), `errno ${sys.errno()}`).toBe(0);
    v.fill(0);
    const m = encodeIpMreq({ multiaddr: [1, 2, 3, 4], interface: 'any' }, v) as number;
    expect(sysmsg.setsockopt(fd, C.IPPROTO_IP, C.IP_ADD_MEMBERSHIP, v, m)).toBe(-1);
  });

  it('TCP_INFO on an established connection decodes to state established', () => {
    const l = open(C.AF_INET, C.SOCK_STREAM);
    const a = Buffer.alloc(SOCKADDR_MAX);
    const n = encodeSockaddr({ family: 'inet', addr: 'loopback' }, a) as number;
    expect(sys.bind(l, a, n)).toBe(0);
    expect(sysopt.listen(l, 1)).toBe(0);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(SOCKADDR_MAX);
    sys.getsockname(l, a, len);
    const c = open(C.AF_INET, C.SOCK_STREAM);
    expect(sysmsg.connect(c, a, len.readUInt32LE())).toBe(0);
    const s = sysopt.accept(l, null, null);
    fds.push(s);
    const info = Buffer.alloc(512);
    len.writeUInt32LE(512);
    expect(sysopt.getsockopt(c, C.IPPROTO_TCP, C.TCP_INFO, info, len)).toBe(0);
    const ti = decodeTcpInfo(info, 0, len.readUInt32LE());
    expect(ti.state).toBe('established');
    expect(ti.snd_mss).toBeGreaterThan(0);
    expect(ti.rcv_wscale).toBeGreaterThanOrEqual(0);
    expect(ti.rcv_wscale).toBeLessThanOrEqual(14);
  });

  it('SIOCGIFCONF lists lo with 127.0.0.1 as erl\'s gifconf does', () => {
    const fd = open(C.AF_INET, C.SOCK_DGRAM);
    const area = Buffer.alloc(64 * IFREQ_SIZE);
    const ifc = Buffer.alloc(IFCONF_SIZE);
    encodeIfconf(koffi.address(area), area.length, ifc);
    expect(sysopt.ioctl(fd, C.SIOCGIFCONF, ifc)).toBe(0);
    const entries = decodeIfconfEntries(area, decodeIfconfLen(ifc));
    expect(entries).toContainEqual({ name: 'lo', addr: { family: 'inet', port: 0, addr: [127, 0, 0, 1] } });
  });

  it('SIOCGIFFLAGS, SIOCGIFHWADDR, SIOCGIFMTU, SIOCGIFINDEX on lo', () => {
    const fd = open(C.AF_INET, C.SOCK_DGRAM);
    const r = Buffer.alloc(IFREQ_SIZE);
    encodeIfreqName('lo', r);
    expect(sysopt.ioctl(fd, C.SIOCGIFFLAGS, r)).toBe(0);
    expect(decodeIfreqFlags(r)).toEqual(['up', 'loopback', 'running']);
    encodeIfreqName('lo', r);
    expect(sysopt.ioctl(fd, C.SIOCGIFHWADDR, r)).toBe(0);
    const hw = decodeIfreqHwaddr(r);
    expect(hw.family).toBe('loopback');
    expect(hw.addr.subarray(0, 6)).toEqual(Buffer.alloc(6));
    encodeIfreqName('lo', r);
    expect(sysopt.ioctl(fd, C.SIOCGIFMTU, r)).toBe(0);
    expect(decodeIfreqInt('mtu', r)).toBeGreaterThan(1000);
    encodeIfreqName('lo', r);
    expect(sysopt.ioctl(fd, C.SIOCGIFINDEX, r)).toBe(0);
    expect(decodeIfreqInt('ifindex', r)).toBe(1);
  });
});

describe('round-trip properties', () => {
  const inAddr = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)) as fc.Arbitrary<in_addr>;
  const out = Buffer.alloc(4096);

  it('linger, timeval, ucred', () => {
    fc.assert(fc.property(fc.boolean(), fc.nat(2 ** 31 - 1), (onoff, linger) => {
      encodeLinger({ onoff, linger }, out);
      expect(decodeLinger(out)).toEqual({ onoff, linger });
    }));
    fc.assert(fc.property(fc.maxSafeInteger(), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (sec, usec) => {
      encodeTimeval({ sec, usec }, out);
      expect(decodeTimeval(out)).toEqual({ sec, usec });
    }));
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.nat(2 ** 32 - 1), fc.nat(2 ** 32 - 1), (pid, uid, gid) => {
      encodeUcred({ pid, uid, gid }, out);
      expect(decodeUcred(out)).toEqual({ pid, uid, gid });
    }));
  });

  it('multicast requests and source filters', () => {
    fc.assert(fc.property(inAddr, inAddr, inAddr, fc.nat(2 ** 31 - 1), (a, b, c, i) => {
      encodeIpMreq({ multiaddr: a, interface: b }, out);
      expect(decodeIpMreq(out)).toEqual({ multiaddr: a, interface: b });
      encodeIpMreqn({ multiaddr: a, address: b, ifindex: i }, out);
      expect(decodeIpMreqn(out)).toEqual({ multiaddr: a, address: b, ifindex: i });
      encodeIpMreqSource({ multiaddr: a, interface: b, sourceaddr: c }, out);
      expect(decodeIpMreqSource(out)).toEqual({ multiaddr: a, interface: b, sourceaddr: c });
    }));
    fc.assert(fc.property(inAddr, inAddr, fc.constantFrom('include', 'exclude'), fc.array(inAddr, { maxLength: 64 }), (multiaddr, iface, mode, slist) => {
      const v = { multiaddr, interface: iface, mode, slist };
      const n = encodeIpMsfilter(v, out) as number;
      expect(decodeIpMsfilter(out, 0, n)).toEqual(v);
    }));
  });

  it('tcp_info', () => {
    const u8 = fc.nat(255);
    fc.assert(fc.property(fc.constantFrom('established', 'listen', 'close', 200), u8, u8, fc.nat(15), fc.nat(15), fc.nat(2 ** 32 - 1), (state, ca_state, options, snd_wscale, rcv_wscale, rtt) => {
      const v = { state, ca_state, retransmits: 0, probes: 0, backoff: 0, options, snd_wscale, rcv_wscale, rtt };
      const n = encodeTcpInfo(v, out) as number;
      expect(decodeTcpInfo(out, 0, n)).toMatchObject(v);
    }));
  });
});
