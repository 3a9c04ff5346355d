/**
 * `supports/0,1,2` and `is_supported/1,2` (socket/supports.ts): pure answers over
 * made-up platform facts, the answers of this machine against what erl (OTP 25)
 * printed here (`socket:supports(options, Level)`, `socket:supports(msg_flags)`...),
 * with every difference listed and explained, and the option table against the
 * kernel itself.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { C, ERRNO } from '../../ffi/constants.ts';
import * as sys from '../../ffi/syscall.ts';
import type { Term } from '../../runtime/term.ts';
import { OPTIONS, nativeOf } from '../../socket/options.ts';
import {
  facts, isSupported, isSupported1, isSupported2, parseLevelAliases, parseProtocols, platformFacts, supports,
  supports0, supports1, supports2, type PlatformFacts, type supports_list,
} from '../../socket/supports.ts';

const FAKE: PlatformFacts = {
  sctp: false, ipv6: true, local: true, netns: false, sendfile: true,
  protocols: new Map([['ip', 0], ['tcp', 6], ['TCP', 6], ['udp', 17]]),
  levelAliases: new Map([['TCP', 'tcp']]),
};

const asObject = (l: supports_list): Record<string, unknown> =>
  Object.fromEntries(l.map(([k, v]) => [Array.isArray(k) ? k.join(',') : String(k), v]));
const trues = (l: supports_list): string[] => l.filter(([, v]) => v === true).map(([k]) => String(k)).sort();

describe('pure answers', () => {
  it('supports/0 has the five lists and the five features', () => {
    const all = asObject(supports0(FAKE));
    expect(Object.keys(all).sort()).toEqual(
      ['ioctl_flags', 'ioctl_requests', 'ipv6', 'local', 'msg_flags', 'netns', 'options', 'protocols', 'sctp', 'sendfile'],
    );
    expect([all.sctp, all.ipv6, all.local, all.netns, all.sendfile]).toEqual([false, true, true, false, true]);
    expect(asObject(all.protocols as supports_list)).toEqual({ ip: true, tcp: true, TCP: true, udp: true });
  });

  it('unknown keys give [] and false (erl: supports(foo), supports(options, foo), is_supported(foo))', () => {
    expect(supports1('foo', FAKE)).toEqual([]);
    expect(supports2('options', 'foo', FAKE)).toEqual([]);
    expect(supports2('options', 'otp', FAKE)).toEqual([]);
    expect(supports2('protocols', 'x', FAKE)).toEqual([]);
    expect(isSupported1('foo', FAKE)).toBe(false);
    expect(isSupported2('foo', 'bar', FAKE)).toBe(false);
  });

  it('is_supported/1 is true for a true feature or a list key', () => {
    expect(isSupported1('local', FAKE)).toBe(true);
    expect(isSupported1('sctp', FAKE)).toBe(false);
    expect(isSupported1('options', FAKE)).toBe(true);
    expect(isSupported1('protocols', FAKE)).toBe(true);
  });

  it('is_supported/2 looks a key up in supports/1, tuples included', () => {
    expect(isSupported2('options', ['socket', 'linger'], FAKE)).toBe(true);
    expect(isSupported2('options', ['socket', 'rcvtimeo'], FAKE)).toBe(false);
    expect(isSupported2('msg_flags', 'errqueue', FAKE)).toBe(true);
    expect(isSupported2('protocols', 'TCP', FAKE)).toBe(true);
    expect(isSupported2('protocols', 'sctp', FAKE)).toBe(false);
  });

  it('sctp options follow the kernel fact', () => {
    const off = asObject(supports2('options', 'sctp', FAKE));
    const on = asObject(supports2('options', 'sctp', { ...FAKE, sctp: true }));
    expect(Object.values(off).every((v) => v === false)).toBe(true);
    expect(trues(supports2('options', 'sctp', { ...FAKE, sctp: true }))).toEqual(
      ['associnfo', 'autoclose', 'disable_fragments', 'events', 'initmsg', 'maxseg', 'nodelay', 'rtoinfo'],
    );
    expect(Object.keys(on)).toEqual(Object.keys(off));
  });

  it("lists a level's options under its aliases too, as OTP 25 does ({'TCP', nodelay})", () => {
    expect(supports2('options', 'TCP', FAKE)).toEqual(supports2('options', 'tcp', FAKE));
    expect(isSupported2('options', ['TCP', 'nodelay'], FAKE)).toBe(true);
    expect(isSupported2('options', ['UDP', 'cork'], FAKE)).toBe(false);
    expect(supports2('options', 'UDP', FAKE)).toEqual([]);
  });

  it('parses the level aliases: only other names on the lines of ip, ipv6, tcp, udp, sctp', () => {
    const text = 'ip\t0\tIP\nhopopt\t0\tHOPOPT\ntcp 6 TCP\nipv6 41 IPv6 # v6\nudp 17\nsctp 132 SCTP\nmptcp 262 MPTCP\n';
    expect([...parseLevelAliases(text)]).toEqual([['IP', 'ip'], ['TCP', 'tcp'], ['IPv6', 'ipv6'], ['SCTP', 'sctp']]);
  });

  it('parses protocols(5) with aliases and comments', () => {
    const p = parseProtocols('# c\nip\t0\tIP\t\t# internet\ntcp 6 TCP\nmanet\t138\t\t\t# none\n\nbad x\n');
    expect([...p]).toEqual([['ip', 0], ['IP', 0], ['tcp', 6], ['TCP', 6], ['manet', 138]]);
  });
});

// What `socket:supports(options, Level)` printed under OTP 25 on this machine: the
// options it marks true.
const OTP25_TRUE: Readonly<Record<string, readonly string[]>> = {
  socket: ['acceptconn', 'bindtodevice', 'broadcast', 'debug', 'domain', 'dontroute', 'keepalive', 'linger', 'oobinline', 'passcred', 'priority', 'protocol', 'rcvbuf', 'rcvlowat', 'reuseaddr', 'reuseport', 'sndbuf', 'sndlowat', 'timestamp', 'type'],
  ip: ['add_membership', 'add_source_membership', 'block_source', 'drop_membership', 'drop_source_membership', 'freebind', 'hdrincl', 'minttl', 'msfilter', 'mtu', 'mtu_discover', 'multicast_all', 'multicast_if', 'multicast_loop', 'multicast_ttl', 'nodefrag', 'pktinfo', 'pktoptions', 'recverr', 'recvopts', 'recvorigdstaddr', 'recvtos', 'recvttl', 'retopts', 'router_alert', 'tos', 'transparent', 'ttl', 'unblock_source'],
  ipv6: ['add_membership', 'addrform', 'authhdr', 'drop_membership', 'dstopts', 'flowinfo', 'hoplimit', 'hopopts', 'mtu', 'mtu_discover', 'multicast_hops', 'multicast_if', 'multicast_loop', 'recverr', 'recvhoplimit', 'recvpktinfo', 'recvtclass', 'router_alert', 'rthdr', 'tclass', 'unicast_hops', 'v6only'],
  tcp: ['congestion', 'cork', 'maxseg', 'nodelay'],
  udp: ['cork'],
  sctp: ['associnfo', 'autoclose', 'disable_fragments', 'events', 'initmsg', 'maxseg', 'nodelay', 'rtoinfo'],
};

// The differences, each with its reason.
const ADDED: Readonly<Record<string, readonly string[]>> = {
  // The manual documents them as integers and Linux has them; OTP 25 lacks them.
  tcp: ['keepcnt', 'keepidle', 'keepintvl', 'syncnt', 'user_timeout'],
};
const REMOVED: Readonly<Record<string, readonly string[]>> = {
  // Not in the manual's ip option list (OTP 25 has it as a leftover).
  ip: ['pktoptions'],
  // OTP answers from its build headers; this kernel has no SCTP.
  sctp: OTP25_TRUE.sctp!,
};

describe("this machine's answers against OTP 25", () => {
  const here = facts();

  it('sctp is what the kernel says (OTP 25 says true from its headers)', () => {
    const probe = () => {
      const fd = sys.socket(C.AF_INET, C.SOCK_STREAM, C.IPPROTO_SCTP);
      if (fd < 0) return false;
      sys.close(fd);
      return true;
    };
    expect(here.sctp).toBe(probe());
    expect(platformFacts(probe).sctp).toBe(here.sctp);
    expect(isSupported('sctp')).toBe(here.sctp);
  });

  it('ipv6, local, netns and sendfile are true, as OTP 25 says here', () => {
    expect([here.ipv6, here.local, here.netns, here.sendfile]).toEqual([true, true, true, true]);
  });

  it.each(Object.keys(OTP25_TRUE))('supports(options, %s) is OTP 25 plus and minus the listed differences', (level) => {
    const want = [...OTP25_TRUE[level]!, ...(ADDED[level] ?? [])]
      .filter((o) => !(REMOVED[level] ?? []).includes(o) || (level === 'sctp' && here.sctp))
      .sort();
    expect(trues(supports('options', level))).toEqual(want);
  });

  it('supports(options) lists {Level, Opt} for every level but otp, and again under the aliases', () => {
    const levels = new Set(supports('options').map(([k]) => (k as readonly Term[])[0]));
    // erl: the same levels, plus 'IP', 'IPv6', 'TCP', 'UDP', 'SCTP' from /etc/protocols.
    expect([...levels].sort()).toEqual(['IP', 'IPv6', 'SCTP', 'TCP', 'UDP', 'ip', 'ipv6', 'sctp', 'socket', 'tcp', 'udp']);
    expect(supports('options', 'TCP')).toEqual(supports('options', 'tcp'));
  });

  it('msg_flags are exactly OTP 25\'s', () => {
    expect(asObject(supports('msg_flags'))).toEqual({
      trunc: true, peek: true, oob: true, nosignal: true, more: true, errqueue: true, eor: true,
      dontroute: true, ctrunc: true, confirm: true, cmsg_cloexec: true,
    });
  });

  it("ioctl_requests are OTP 25's plus the manual's Linux ones", () => {
    const otp25 = ['siftxqlen', 'sifmtu', 'sifflags', 'sifdstaddr', 'sifbrdaddr', 'sifaddr', 'giftxqlen', 'gifnetmask', 'gifname', 'gifmtu', 'gifmap', 'gifindex', 'gifhwaddr', 'gifflags', 'gifdstaddr', 'gifconf', 'gifbrdaddr', 'gifaddr'];
    // Newer requests of the manual: Linux has these; nspace (BSD) and tcp_info (Windows) it has not.
    const added = ['nread', 'nwrite', 'atmark', 'sifnetmask', 'sifhwaddr'];
    expect(trues(supports('ioctl_requests'))).toEqual([...otp25, ...added].sort());
    expect(asObject(supports('ioctl_requests'))).toMatchObject({ nspace: false, tcp_info: false });
  });

  it("ioctl_flags are OTP 25's but those past ifr_flags' 16 bits", () => {
    const otp25 = ['up', 'slave', 'running', 'promisc', 'portsel', 'pointopoint', 'notrailers', 'noarp', 'multicast', 'master', 'lower_up', 'loopback', 'echo', 'dynamic', 'dormant', 'debug', 'broadcast', 'automedia', 'allmulti'];
    const past16 = ['lower_up', 'echo', 'dormant'];
    expect(trues(supports('ioctl_flags'))).toEqual(otp25.filter((f) => !past16.includes(f)).sort());
  });

  it('protocols hold the names and aliases of /etc/protocols, as OTP 25 lists them', () => {
    const names = new Set(supports('protocols').map(([k]) => k));
    for (const n of ['ip', 'IP', 'tcp', 'TCP', 'udp', 'UDP', 'sctp', 'ipv6', 'IPv6', 'mptcp', 'MPTCP', 'hopopt', 'ax.25', 'AX.25', 'IPSEC-ESP']) {
      expect(names.has(n)).toBe(true);
    }
    expect(here.protocols.get('TCP')).toBe(6);
    expect(isSupported('protocols', 'TCP')).toBe(true);
  });
});

describe('the option table against the kernel', () => {
  const fds: number[] = [];
  const open = (d: number, t: number): number => {
    const fd = sys.socket(d, t, 0);
    expect(fd).toBeGreaterThanOrEqual(0);
    fds.push(fd);
    return fd;
  };
  afterAll(() => {
    for (const fd of fds) sys.close(fd);
  });

  it('every supported readable option of levels socket/ip/ipv6/tcp/udp is known to the kernel', () => {
    const tcp4 = open(C.AF_INET, C.SOCK_STREAM);
    const udp4 = open(C.AF_INET, C.SOCK_DGRAM);
    const udp6 = open(C.AF_INET6, C.SOCK_DGRAM);
    const fdFor = { socket: tcp4, ip: udp4, ipv6: udp6, tcp: tcp4, udp: udp4 } as const;
    // Options OTP 25 lists as supported that this kernel refuses with enoprotoopt,
    // as erl's getopt and setopt answer here too: IPV6_HOPLIMIT is a control
    // message type only, and IPV6_AUTHHDR is an RFC 2292 leftover Linux no longer takes.
    const cmsgOnly = new Set(['ipv6,hoplimit', 'ipv6,authhdr']);
    const unknown: string[] = [];
    for (const level of ['socket', 'ip', 'ipv6', 'tcp', 'udp'] as const) {
      for (const [name, supported] of supports('options', level)) {
        const spec = (OPTIONS[level] as Record<string, (typeof OPTIONS)['socket']['debug']>)[name as string]!;
        if (!supported || spec.access === 'set' || cmsgOnly.has(`${level},${String(name)}`)) continue;
        const [l, o] = nativeOf(spec)!;
        const val = Buffer.alloc(256);
        const len = Buffer.alloc(4);
        len.writeUInt32LE(val.length);
        const r = sys.getsockopt(fdFor[level], l, o, val, len);
        if (r === -ERRNO.ENOPROTOOPT) unknown.push(`${level},${String(name)}`);
      }
    }
    expect(unknown).toEqual([]);
    // The probe itself tells an unknown option: SOL_SOCKET option 9999 is one.
    const len = Buffer.alloc(4);
    len.writeUInt32LE(4);
    expect(sys.getsockopt(tcp4, C.SOL_SOCKET, 9999, Buffer.alloc(4), len)).toBe(-ERRNO.ENOPROTOOPT);
  });
});
