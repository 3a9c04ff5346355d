/**
 * Control message codecs: byte images built by C with the CMSG_* macros, every
 * typed value of the manual both ways, unknown levels and types, OTP's invalid
 * term, truncated buffers, and round-trip properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { C } from '../../ffi/constants.ts';
import { cmsgSpace, decodeCmsgs, encodeCmsgs, type cmsg_recv } from '../../ffi/cmsg.ts';
import { Invalid } from '../../ffi/sockaddr.ts';
import { cImages } from './codecs-cimage.ts';

const img = cImages([
  {
    name: 'ttl_pktinfo',
    body: `struct msghdr m = {0}; m.msg_control = b; m.msg_controllen = CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct in_pktinfo));
      struct cmsghdr *c = CMSG_FIRSTHDR(&m); c->cmsg_level = IPPROTO_IP; c->cmsg_type = IP_TTL; c->cmsg_len = CMSG_LEN(sizeof(int));
      *(int *)CMSG_DATA(c) = 7;
      c = CMSG_NXTHDR(&m, c); c->cmsg_level = IPPROTO_IP; c->cmsg_type = IP_PKTINFO; c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
      struct in_pktinfo *p = (void *)CMSG_DATA(c); p->ipi_ifindex = 3; inet_pton(AF_INET, "10.0.0.1", &p->ipi_spec_dst);
      inet_pton(AF_INET, "10.0.0.2", &p->ipi_addr); len = m.msg_controllen;`,
  },
  {
    name: 'recverr',
    body: `struct msghdr m = {0}; m.msg_control = b; m.msg_controllen = CMSG_SPACE(sizeof(struct sock_extended_err) + sizeof(struct sockaddr_in));
      struct cmsghdr *c = CMSG_FIRSTHDR(&m); c->cmsg_level = IPPROTO_IP; c->cmsg_type = IP_RECVERR;
      c->cmsg_len = CMSG_LEN(sizeof(struct sock_extended_err) + sizeof(struct sockaddr_in));
      struct sock_extended_err *e = (void *)CMSG_DATA(c); e->ee_errno = EMSGSIZE; e->ee_origin = SO_EE_ORIGIN_ICMP;
      e->ee_type = ICMP_DEST_UNREACH; e->ee_code = ICMP_FRAG_NEEDED; e->ee_info = 1400; e->ee_data = 9;
      struct sockaddr_in *o = (void *)SO_EE_OFFENDER(e); o->sin_family = AF_INET; inet_pton(AF_INET, "192.0.2.1", &o->sin_addr);
      len = m.msg_controllen;`,
  },
  {
    name: 'timestamp_tclass',
    body: `struct msghdr m = {0}; m.msg_control = b; m.msg_controllen = CMSG_SPACE(sizeof(struct timeval)) + CMSG_SPACE(sizeof(int));
      struct cmsghdr *c = CMSG_FIRSTHDR(&m); c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_TIMESTAMP; c->cmsg_len = CMSG_LEN(sizeof(struct timeval));
      struct timeval *t = (void *)CMSG_DATA(c); t->tv_sec = 1700000000; t->tv_usec = 123456;
      c = CMSG_NXTHDR(&m, c); c->cmsg_level = IPPROTO_IPV6; c->cmsg_type = IPV6_TCLASS; c->cmsg_len = CMSG_LEN(sizeof(int));
      *(int *)CMSG_DATA(c) = 46; len = m.msg_controllen;`,
  },
  {
    name: 'space',
    body: `long s[] = { CMSG_SPACE(0), CMSG_SPACE(1), CMSG_SPACE(4), CMSG_SPACE(9), CMSG_SPACE(16), CMSG_SPACE(17) };
      memcpy(b, s, sizeof s); len = sizeof s;`,
  },
]);

const get = (name: string): Buffer => img.get(name)!;

describe('against C', () => {
  it('encodes ttl and pktinfo values to the bytes CMSG_FIRSTHDR/NXTHDR lay out', () => {
    const out = Buffer.alloc(256, 0xee);
    const n = encodeCmsgs(
      [
        { level: 'ip', type: 'ttl', value: 7 },
        { level: 'ip', type: 'pktinfo', value: { ifindex: 3, spec_dst: [10, 0, 0, 1], addr: [10, 0, 0, 2] } },
      ],
      out,
    );
    expect(out.subarray(0, n as number).toString('hex')).toBe(get('ttl_pktinfo').toString('hex'));
  });

  it('decodes them back with data and value', () => {
    expect(decodeCmsgs(get('ttl_pktinfo'), 0, get('ttl_pktinfo').length)).toEqual([
      { level: 'ip', type: 'ttl', data: Buffer.from([7, 0, 0, 0]), value: 7 },
      {
        level: 'ip', type: 'pktinfo', data: get('ttl_pktinfo').subarray(cmsgSpace(4) + C.CMSG_LEN_0, cmsgSpace(4) + C.CMSG_LEN_0 + 12),
        value: { ifindex: 3, spec_dst: [10, 0, 0, 1], addr: [10, 0, 0, 2] },
      },
    ]);
  });

  it('decodes an extended error with its offender', () => {
    const [c] = decodeCmsgs(get('recverr'), 0, get('recverr').length);
    expect(c).toMatchObject({
      level: 'ip',
      type: 'recverr',
      value: {
        error: 'emsgsize', origin: 'icmp', type: 'dest_unreach', code: 'frag_needed', info: 1400, data: 9,
        offender: { family: 'inet', port: 0, addr: [192, 0, 2, 1] },
      },
    });
  });

  it('encodes a timestamp and an IPv6 tclass as C does, and decodes them', () => {
    const list = [
      { level: 'socket', type: 'timestamp', value: { sec: 1_700_000_000, usec: 123_456 } },
      { level: 'ipv6', type: 'tclass', value: 46 },
    ] as const;
    const out = Buffer.alloc(256);
    const n = encodeCmsgs(list, out) as number;
    expect(out.subarray(0, n)).toEqual(get('timestamp_tclass'));
    expect(decodeCmsgs(out, 0, n).map((c) => (c as { value?: unknown }).value)).toEqual([list[0].value, 46]);
  });

  it('computes CMSG_SPACE as C does', () => {
    const s = get('space');
    expect([0, 1, 4, 9, 16, 17].map(cmsgSpace)).toEqual([0, 1, 2, 3, 4, 5].map((i) => Number(s.readBigInt64LE(8 * i))));
  });
});

describe('rules', () => {
  it('maps ip tos bytes to the ip_tos atoms and keeps other values as integers', () => {
    const out = Buffer.alloc(64);
    const n = encodeCmsgs([{ level: 'ip', type: 'tos', data: Buffer.from([0x08]) }, { level: 'ip', type: 'tos', data: Buffer.from([0x2e]) }], out) as number;
    expect(decodeCmsgs(out, 0, n).map((c) => (c as { value?: unknown }).value)).toEqual(['throughput', 0x2e]);
  });

  it('gives rights and credentials as data only', () => {
    const out = Buffer.alloc(64);
    const n = encodeCmsgs([{ level: 'socket', type: 'rights', data: Buffer.from([5, 0, 0, 0]) }], out) as number;
    expect(decodeCmsgs(out, 0, n)).toEqual([{ level: 'socket', type: 'rights', data: Buffer.from([5, 0, 0, 0]) }]);
  });

  it('keeps unknown levels and types as numbers, known levels as atoms', () => {
    const out = Buffer.alloc(64);
    const n = encodeCmsgs([{ level: 99, type: 5, data: Buffer.from('ab') }, { level: 'socket', type: 4242, data: Buffer.alloc(0) }], out) as number;
    expect(decodeCmsgs(out, 0, n)).toEqual([
      { level: 99, type: 5, data: Buffer.from('ab') },
      { level: 'socket', type: 4242, data: Buffer.alloc(0) },
    ]);
  });

  it('returns erl\'s invalid term for a bad list, value or type', () => {
    const out = Buffer.alloc(64);
    for (const ctrl of [
      'foo',
      [{ level: 'ip', type: 'tos', value: 'foo' }],
      [{ level: 'ip', type: 'foo', value: 1 }],
      [{ level: 'ip', type: 'pktinfo', value: 1 }],
      [{ level: 'socket', type: 'rights', value: [1] }],
      [{ level: 'nope', type: 1, data: Buffer.alloc(1) }],
    ]) {
      expect((encodeCmsgs(ctrl, out) as Invalid).what).toEqual(['msg', 'ctrl', { ctrl }]);
    }
  });

  it('reports the size needed when the buffer is too small, and fits at that size', () => {
    const list = [{ level: 'ip', type: 'ttl', value: 1 }, { level: 'socket', type: 1, data: Buffer.alloc(40) }];
    const need = encodeCmsgs(list, Buffer.alloc(8)) as number;
    expect(need).toBe(cmsgSpace(4) + cmsgSpace(40));
    const out = Buffer.alloc(need);
    expect(encodeCmsgs(list, out)).toBe(need);
    expect(decodeCmsgs(out, 0, need)).toHaveLength(2);
  });

  it('stops at a truncated or corrupt header instead of reading past the control length', () => {
    const out = Buffer.alloc(64);
    const n = encodeCmsgs([{ level: 'ip', type: 'ttl', value: 1 }, { level: 'ip', type: 'ttl', value: 2 }], out) as number;
    // The second message ends at CMSG_SPACE(4) + CMSG_LEN(4); one byte short drops it.
    expect(decodeCmsgs(out, 0, cmsgSpace(4) + C.CMSG_LEN_0 + 4)).toHaveLength(2);
    expect(decodeCmsgs(out, 0, cmsgSpace(4) + C.CMSG_LEN_0 + 3)).toHaveLength(1);
    expect(n).toBe(2 * cmsgSpace(4));
    out.writeUInt32LE(1000, 0);
    expect(decodeCmsgs(out, 0, n)).toEqual([]);
  });

  it('leaves out value when the data is too short for the type', () => {
    const out = Buffer.alloc(64);
    const n = encodeCmsgs([{ level: 'ip', type: 'pktinfo', data: Buffer.alloc(3) }], out) as number;
    expect(decodeCmsgs(out, 0, n)).toEqual([{ level: 'ip', type: 'pktinfo', data: Buffer.alloc(3) }]);
  });
});

describe('round-trip properties', () => {
  const raw = fc.record({
    level: fc.integer({ min: 1000, max: 2 ** 31 - 1 }),
    type: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    data: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
  });
  const typed = fc.oneof(
    fc.integer({ min: 0, max: 255 }).map((v) => ({ level: 'ip', type: 'ttl', value: v })),
    fc.integer({ min: 0, max: 255 }).map((v) => ({ level: 'ipv6', type: 'hoplimit', value: v })),
    fc.integer({ min: 0, max: 255 }).map((v) => ({ level: 'ipv6', type: 'tclass', value: v })),
    fc.record({ sec: fc.integer({ min: 0, max: 2 ** 40 }), usec: fc.integer({ min: 0, max: 999_999 }) }).map((v) => ({ level: 'socket', type: 'timestamp', value: v })),
    fc.tuple(fc.nat(2 ** 31 - 1), fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))).map(([ifindex, spec_dst, addr]) => ({ level: 'ip', type: 'pktinfo', value: { ifindex, spec_dst, addr } })),
  );

  it('any list of native control messages decodes to itself', () => {
    fc.assert(fc.property(fc.array(raw, { maxLength: 6 }), (list) => {
      const out = Buffer.alloc(1024);
      const n = encodeCmsgs(list, out) as number;
      expect(decodeCmsgs(out, 0, n)).toEqual(list);
    }));
  });

  it('any list of typed values decodes to the same values', () => {
    fc.assert(fc.property(fc.array(typed, { maxLength: 6 }), (list) => {
      const out = Buffer.alloc(1024);
      const n = encodeCmsgs(list, out) as number;
      const back = decodeCmsgs(out, 0, n) as (cmsg_recv & { value?: unknown })[];
      expect(back.map(({ level, type, value }) => ({ level, type, value }))).toEqual(list);
    }));
  });
});

it('names the levels by the same numbers as the headers', () => {
  const out = Buffer.alloc(64);
  encodeCmsgs([{ level: 'sctp', type: 1, data: Buffer.alloc(0) }], out);
  expect(out.readInt32LE(8)).toBe(C.IPPROTO_SCTP);
});
