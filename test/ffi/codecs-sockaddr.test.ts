/**
 * sockaddr codecs: byte images against what C writes, OTP's rules for defaults,
 * invalid values and local paths, the kernel's view of what we encode, and
 * round-trip properties.
 */
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { C } from '../../ffi/constants.ts';
import {
  Invalid, SOCKADDR_MAX, SUN_PATH_MAX, decodeSockaddr, encodeSockaddr,
  type in6_addr, type in_addr, type sockaddr_in6,
} from '../../ffi/sockaddr.ts';
import { cImages, sys } from './codecs-cimage.ts';

const scratch = Buffer.alloc(SOCKADDR_MAX);

function enc(sa: unknown): Buffer {
  const n = encodeSockaddr(sa, scratch);
  if (n instanceof Invalid) throw new Error(`invalid: ${JSON.stringify(n.what)}`);
  return Buffer.from(scratch.subarray(0, n));
}

const images = cImages([
  {
    name: 'in',
    body: `struct sockaddr_in *a = (void *)b; a->sin_family = AF_INET; a->sin_port = htons(8080);
      inet_pton(AF_INET, "192.168.1.20", &a->sin_addr); len = sizeof *a;`,
  },
  {
    name: 'in6',
    body: `struct sockaddr_in6 *a = (void *)b; a->sin6_family = AF_INET6; a->sin6_port = htons(443);
      inet_pton(AF_INET6, "fe80::1:2:abcd", &a->sin6_addr); a->sin6_flowinfo = 0x12345;
      a->sin6_scope_id = 7; len = sizeof *a;`,
  },
  {
    name: 'un',
    body: `struct sockaddr_un *a = (void *)b; a->sun_family = AF_UNIX; strcpy(a->sun_path, "/tmp/s.sock");
      len = offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path);`,
  },
  {
    name: 'un_abstract',
    body: `struct sockaddr_un *a = (void *)b; a->sun_family = AF_UNIX; memcpy(a->sun_path, "\\0abc\\0d", 6);
      len = offsetof(struct sockaddr_un, sun_path) + 6;`,
  },
  {
    name: 'll',
    body: `struct sockaddr_ll *a = (void *)b; a->sll_family = AF_PACKET; a->sll_protocol = htons(ETH_P_IP);
      a->sll_ifindex = 3; a->sll_hatype = ARPHRD_ETHER; a->sll_pkttype = PACKET_BROADCAST;
      a->sll_halen = 6; memcpy(a->sll_addr, "\\x01\\x02\\x03\\x04\\x05\\x06", 6); len = sizeof *a;`,
  },
  {
    name: 'native',
    body: `struct sockaddr *a = (void *)b; a->sa_family = 42; memcpy(a->sa_data, "\\x09\\x08\\x07", 3);
      len = offsetof(struct sockaddr, sa_data) + 3;`,
  },
  {
    name: 'unspec',
    body: `struct sockaddr *a = (void *)b; a->sa_family = AF_UNSPEC; len = offsetof(struct sockaddr, sa_data);`,
  },
]);

function image(name: string): Buffer {
  const b = images.get(name);
  if (!b) throw new Error(`no C image ${name}`);
  return b;
}

describe('byte images against C', () => {
  const cases: [string, unknown][] = [
    ['in', { family: 'inet', port: 8080, addr: [192, 168, 1, 20] }],
    ['in6', { family: 'inet6', port: 443, addr: [0xfe80, 0, 0, 0, 0, 1, 2, 0xabcd], flowinfo: 0x12345, scope_id: 7 }],
    ['un', { family: 'local', path: Buffer.from('/tmp/s.sock') }],
    ['un_abstract', { family: 'local', path: Buffer.from('\0abc\0d', 'latin1') }],
    ['ll', { family: 'packet', protocol: C.ETH_P_IP, ifindex: 3, pkttype: 'broadcast', hatype: 'ether', addr: Buffer.from([1, 2, 3, 4, 5, 6]) }],
    ['native', { family: 42, addr: Buffer.from([9, 8, 7]) }],
    ['unspec', { family: 'unspec', addr: Buffer.alloc(0) }],
  ];
  for (const [name, sa] of cases) {
    it(`${name}: encodes to C's bytes and decodes back`, () => {
      expect(enc(sa).toString('hex')).toBe(image(name).toString('hex'));
      expect(decodeSockaddr(image(name), 0, image(name).length)).toEqual(sa);
    });
  }

  it('a string path encodes as its UTF-8 bytes and decodes as a Buffer', () => {
    expect(enc({ family: 'local', path: '/tmp/s.sock' })).toEqual(image('un'));
    expect(decodeSockaddr(image('un'), 0, image('un').length)).toEqual({ family: 'local', path: Buffer.from('/tmp/s.sock') });
  });
});

describe('encoding rules from OTP', () => {
  it('fills the defaults: port 0, addr any, flowinfo 0, scope_id 0', () => {
    expect(decodeSockaddr(enc({ family: 'inet' }), 0, 16)).toEqual({ family: 'inet', port: 0, addr: [0, 0, 0, 0] });
    expect(decodeSockaddr(enc({ family: 'inet6', addr: 'loopback' }), 0, 28)).toEqual({
      family: 'inet6', port: 0, addr: [0, 0, 0, 0, 0, 0, 0, 1], flowinfo: 0, scope_id: 0,
    });
  });

  it('takes the atoms any, loopback and broadcast for an address', () => {
    expect(decodeSockaddr(enc({ family: 'inet', addr: 'loopback' }), 0, 16)).toMatchObject({ addr: [127, 0, 0, 1] });
    expect(decodeSockaddr(enc({ family: 'inet', addr: 'broadcast' }), 0, 16)).toMatchObject({ addr: [255, 255, 255, 255] });
  });

  it('takes the port modulo 2^16, as htons does in the NIF', () => {
    expect(decodeSockaddr(enc({ family: 'inet', port: 70000 }), 0, 16)).toMatchObject({ port: 4464 });
    expect(decodeSockaddr(enc({ family: 'inet', port: -1 }), 0, 16)).toMatchObject({ port: 65535 });
  });

  it('returns the invalid terms erl returns', () => {
    const bad = (sa: unknown) => (encodeSockaddr(sa, scratch) as Invalid).what;
    expect(bad('foo')).toEqual(['sockaddr', 'foo']);
    const noFamily = { addr: [1, 2, 3, 4] };
    expect(bad(noFamily)).toEqual(['sockaddr', 'family', noFamily]);
    for (const sa of [
      { family: 'foo' },
      { family: 'inet', addr: 'foo' },
      { family: 'inet', addr: [1, 2, 3] },
      { family: 'inet', addr: [1, 2, 3, 256] },
      { family: 'inet', port: 1.5 },
      { family: 'inet', port: 2 ** 40 },
      { family: 'inet6', addr: [1, 2, 3, 4] },
      { family: 'inet6', addr: [0, 0, 0, 0, 0, 0, 0, 70000] },
      { family: 'inet6', flowinfo: -1 },
      { family: 'inet6', scope_id: 2 ** 33 },
      { family: 'unspec', addr: 'foo' },
      { family: 2, addr: 'foo' },
      { family: 'local', path: Buffer.alloc(108, 97) },
    ]) {
      expect(bad(sa), JSON.stringify(sa)).toEqual(['sockaddr', sa]);
    }
    const extra = { family: 'inet', port: 0, addr: [127, 0, 0, 1], foo: 1, bar: 2 };
    expect(bad(extra)).toEqual(['sockaddr', ['keys', ['foo', 'bar']], extra]);
    for (const sa of [{ family: 'local' }, { family: 'local', path: 123 }, { family: 'local', path: 'a'.repeat(300) }]) {
      expect(bad(sa)).toEqual(['sockaddr', 'path', sa]);
    }
  });

  it('fits a 107-byte path (with its NUL) and a 108-byte abstract name, not one byte more', () => {
    expect(encodeSockaddr({ family: 'local', path: Buffer.alloc(SUN_PATH_MAX - 1, 97) }, scratch)).toBe(2 + 107);
    expect(encodeSockaddr({ family: 'local', path: Buffer.alloc(SUN_PATH_MAX, 97) }, scratch)).toBeInstanceOf(Invalid);
    const abstract = Buffer.alloc(SUN_PATH_MAX, 98);
    abstract[0] = 0;
    expect(encodeSockaddr({ family: 'local', path: abstract }, scratch)).toBe(2 + 108);
    expect(encodeSockaddr({ family: 'local', path: Buffer.concat([abstract, Buffer.from('x')]) }, scratch)).toBeInstanceOf(Invalid);
  });

  it('writes at an offset without touching the bytes around it', () => {
    const big = Buffer.alloc(SOCKADDR_MAX + 20, 0xee);
    const n = encodeSockaddr({ family: 'inet', port: 1, addr: [1, 2, 3, 4] }, big, 10) as number;
    expect(big.subarray(0, 10).every((x) => x === 0xee)).toBe(true);
    expect(big.subarray(10 + n).every((x) => x === 0xee)).toBe(true);
    expect(decodeSockaddr(big, 10, n)).toEqual({ family: 'inet', port: 1, addr: [1, 2, 3, 4] });
  });
});

describe('decoding rules from the NIF', () => {
  it('gives an address shorter than its struct as the native form with the family atom', () => {
    const b = enc({ family: 'inet', port: 80, addr: [1, 2, 3, 4] });
    expect(decodeSockaddr(b, 0, 8)).toEqual({ family: 'inet', addr: b.subarray(2, 8) });
  });

  it('gives fewer bytes than a family as the raw bytes', () => {
    expect(decodeSockaddr(Buffer.from([2, 0]), 0, 1)).toEqual(Buffer.from([2]));
  });

  it('ends a path at its first NUL, keeps an abstract name whole, and reads an unnamed socket as <<>>', () => {
    const b = Buffer.alloc(SOCKADDR_MAX);
    b.writeUInt16LE(C.AF_UNIX, 0);
    b.write('/tmp/x\0junk', 2, 'latin1');
    expect(decodeSockaddr(b, 0, 2 + 11)).toEqual({ family: 'local', path: Buffer.from('/tmp/x') });
    b.write('\0abs\0', 2, 'latin1');
    expect(decodeSockaddr(b, 0, 2 + 5)).toEqual({ family: 'local', path: Buffer.from('\0abs\0', 'latin1') });
    expect(decodeSockaddr(b, 0, 2)).toEqual({ family: 'local', path: Buffer.alloc(0) });
  });

  it('copies what it keeps, so the source buffer can be reused', () => {
    const b = enc({ family: 'local', path: '/tmp/reuse' });
    const sa = decodeSockaddr(b, 0, b.length) as { path: Buffer };
    b.fill(0);
    expect(sa.path.toString()).toBe('/tmp/reuse');
  });

  it('keeps unknown packet and hardware types as numbers', () => {
    const b = enc({ family: 'packet', protocol: 1, ifindex: 1, pkttype: 200, hatype: 4242, addr: Buffer.alloc(0) });
    expect(decodeSockaddr(b, 0, b.length)).toMatchObject({ pkttype: 200, hatype: 4242 });
  });
});

describe('the kernel reads what we encode', () => {
  const fds: number[] = [];
  afterAll(() => fds.forEach((fd) => sys.close(fd)));
  const sockname = (fd: number) => {
    const b = Buffer.alloc(SOCKADDR_MAX);
    const l = Buffer.alloc(4);
    l.writeUInt32LE(SOCKADDR_MAX);
    expect(sys.getsockname(fd, b, l)).toBe(0);
    return decodeSockaddr(b, 0, l.readUInt32LE());
  };
  const bound = (domain: number, sa: unknown) => {
    const fd = sys.socket(domain, C.SOCK_DGRAM, 0);
    expect(fd).toBeGreaterThanOrEqual(0);
    fds.push(fd);
    const n = encodeSockaddr(sa, scratch) as number;
    expect(sys.bind(fd, scratch, n), `errno ${sys.errno()}`).toBe(0);
    return sockname(fd);
  };

  it('binds IPv4 loopback and reads the address back', () => {
    expect(bound(C.AF_INET, { family: 'inet', addr: 'loopback' })).toMatchObject({ family: 'inet', addr: [127, 0, 0, 1] });
  });

  it('binds IPv6 loopback and reads the address back', () => {
    expect(bound(C.AF_INET6, { family: 'inet6', addr: 'loopback' })).toMatchObject({
      family: 'inet6', addr: [0, 0, 0, 0, 0, 0, 0, 1], flowinfo: 0, scope_id: 0,
    });
  });

  it('binds a Linux abstract name and gets exactly its bytes back', () => {
    const name = Buffer.from(`\0beamlet-${process.pid}-abs`, 'latin1');
    expect(bound(C.AF_UNIX, { family: 'local', path: name })).toEqual({ family: 'local', path: name });
  });

  it('binds a full 108-byte abstract name (no NUL added) and gets all 108 bytes back', () => {
    const name = Buffer.alloc(SUN_PATH_MAX, 0x61);
    name[0] = 0;
    name.write(`beamlet-${process.pid}`, 1);
    expect(bound(C.AF_UNIX, { family: 'local', path: name })).toEqual({ family: 'local', path: name });
  });

  it('autobinds on an empty path, as erl does, to a 5-hex-digit abstract name', () => {
    const sa = bound(C.AF_UNIX, { family: 'local', path: '' }) as { path: Buffer };
    expect(sa.path[0]).toBe(0);
    expect(sa.path.subarray(1).toString()).toMatch(/^[0-9a-f]{5}$/);
  });

  it('binds a 107-byte filesystem path and reads it back without its NUL', () => {
    const dir = `/tmp/beamlet-${process.pid}-`;
    const path = dir + 'p'.repeat(107 - dir.length);
    try {
      expect(bound(C.AF_UNIX, { family: 'local', path })).toEqual({ family: 'local', path: Buffer.from(path) });
    } finally {
      rmSync(path, { force: true });
    }
  });
});

describe('round-trip properties', () => {
  const inAddr = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)) as fc.Arbitrary<in_addr>;
  const g = fc.nat(0xffff);
  const in6Addr = fc.tuple(g, g, g, g, g, g, g, g) as fc.Arbitrary<in6_addr>;
  const u32 = fc.nat(0xffff_ffff);

  it('sockaddr_in', () => {
    fc.assert(fc.property(fc.nat(0xffff), inAddr, (port, addr) => {
      const sa = { family: 'inet', port, addr };
      expect(decodeSockaddr(enc(sa), 0, 16)).toEqual(sa);
    }));
  });

  it('sockaddr_in6', () => {
    fc.assert(fc.property(fc.nat(0xffff), in6Addr, u32, u32, (port, addr, flowinfo, scope_id) => {
      const sa: sockaddr_in6 = { family: 'inet6', port, addr, flowinfo, scope_id };
      expect(decodeSockaddr(enc(sa), 0, 28)).toEqual(sa);
    }));
  });

  it('sockaddr_un: any path without NUL up to 107 bytes, any abstract name up to 108', () => {
    const path = fc.uint8Array({ minLength: 1, maxLength: 107 }).map((a) => Buffer.from(a.map((x) => x || 1)));
    const abstract = fc.uint8Array({ minLength: 0, maxLength: 107 }).map((a) => Buffer.concat([Buffer.from([0]), a]));
    fc.assert(fc.property(fc.oneof(path, abstract), (p) => {
      const b = enc({ family: 'local', path: p });
      expect(decodeSockaddr(b, 0, b.length)).toEqual({ family: 'local', path: p });
    }));
  });

  it('sockaddr_ll', () => {
    const pkttype = fc.constantFrom('host', 'broadcast', 'multicast', 'otherhost', 'outgoing', 'loopback', 7, 200);
    const hatype = fc.constantFrom('ether', 'loopback', 'none', 'void', 'infiniband', 4242);
    fc.assert(fc.property(fc.nat(0xffff), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), pkttype, hatype, fc.uint8Array({ maxLength: 8 }), (protocol, ifindex, pt, ht, a) => {
      const sa = { family: 'packet', protocol, ifindex, pkttype: pt, hatype: ht, addr: Buffer.from(a) };
      const b = enc(sa);
      expect(decodeSockaddr(b, 0, b.length)).toEqual(sa);
    }));
  });

  it('sockaddr_native', () => {
    fc.assert(fc.property(fc.integer({ min: 64, max: 0xffff }), fc.uint8Array({ maxLength: SOCKADDR_MAX - 2 }), (family, a) => {
      const sa = { family, addr: Buffer.from(a) };
      const b = enc(sa);
      expect(decodeSockaddr(b, 0, b.length)).toEqual(sa);
    }));
  });
});
