/**
 * `supports/0,1,2` and `is_supported/1,2`, answered from this platform.
 *
 * The answers are pure functions of a {@link PlatformFacts} record (easy to build in a
 * test) and of the tables of this layer (options.ts, the msg flags of args.ts) and the
 * FFI's constants. {@link platformFacts} gathers the facts once at run time from /proc
 * and /etc/protocols; the SCTP probe can be injected by the socket core, which can try
 * `socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP)` through the FFI.
 *
 * Where this differs from OTP 25 on this machine (each difference is in
 * test/socket/supports.test.ts): `sctp` says whether the kernel has SCTP, not whether
 * the headers did at build time; options follow options.ts (tcp keep-alive integers
 * added); ioctl flags are those a 16-bit `ifr_flags` can carry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { C } from '../ffi/constants.ts';
import type { Term } from '../runtime/term.ts';
import { MSG_FLAGS } from './args.ts';
import { OPTIONS, OPTION_LEVELS, isImplemented, type level_aliases, type option_level } from './options.ts';

/** What the platform offers, as `supports/0` reports it. */
export interface PlatformFacts {
  /** The kernel has SCTP. */
  readonly sctp: boolean;
  readonly ipv6: boolean;
  /** Unix domain sockets. */
  readonly local: boolean;
  /** Network namespaces (`setns(2)`). */
  readonly netns: boolean;
  readonly sendfile: boolean;
  /** Every protocol name and alias `getprotoent()` knows, with its number. */
  readonly protocols: ReadonlyMap<string, number>;
  /** The aliases of the option levels' protocols (`TCP` → `tcp`), see options.ts. */
  readonly levelAliases: level_aliases;
}

/** A `supports/0,1,2` answer: `{Key, boolean() | [...]}` pairs. */
export type supports_list = readonly (readonly [Term, boolean | supports_list])[];

// ---------------------------------------------------------------------------
// Gathering the facts

/** Parses protocols(5) text: `name number aliases... # comment`. */
export function parseProtocols(text: string): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const fields = line.replace(/#.*/, '').trim().split(/\s+/);
    if (fields.length < 2) continue;
    const n = Number(fields[1]);
    if (!Number.isInteger(n)) continue;
    for (const name of [fields[0]!, ...fields.slice(2)]) if (!out.has(name)) out.set(name, n);
  }
  return out;
}

const PROTOCOL_LEVELS: ReadonlySet<string> = new Set(['ip', 'ipv6', 'tcp', 'udp', 'sctp']);

/** The aliases on the protocols(5) lines of the option levels: `tcp 6 TCP` → `TCP` → `tcp`. */
export function parseLevelAliases(text: string): level_aliases {
  const out = new Map<string, option_level>();
  for (const line of text.split('\n')) {
    const [name, , ...aliases] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (name === undefined || !PROTOCOL_LEVELS.has(name)) continue;
    for (const a of aliases) if (a !== name && !out.has(a)) out.set(a, name as option_level);
  }
  return out;
}

// The protocols the module implements options for are valid even when
// /etc/protocols does not list them (the manual, `protocol()`).
const BUILTIN_PROTOCOLS: readonly (readonly [string, number])[] = [
  ['ip', C.IPPROTO_IP], ['ipv6', C.IPPROTO_IPV6], ['tcp', C.IPPROTO_TCP],
  ['udp', C.IPPROTO_UDP], ['sctp', C.IPPROTO_SCTP],
];

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** The kernel's loaded protocol families (`/proc/net/protocols`, first column). */
function kernelProtocols(): ReadonlySet<string> {
  return new Set(read('/proc/net/protocols').split('\n').slice(1).map((l) => l.split(/\s+/)[0]!).filter(Boolean));
}

/**
 * The facts of the running machine. `probeSctp` decides SCTP; without it SCTP counts
 * as present when the kernel lists it or has its sysctl tree.
 */
export function platformFacts(probeSctp?: () => boolean): PlatformFacts {
  const kernel = kernelProtocols();
  const text = read('/etc/protocols');
  const protocols = new Map(parseProtocols(text));
  for (const [name, n] of BUILTIN_PROTOCOLS) if (!protocols.has(name)) protocols.set(name, n);
  return {
    sctp: probeSctp ? probeSctp() : kernel.has('SCTP') || existsSync('/proc/sys/net/sctp'),
    ipv6: kernel.has('TCPv6') || existsSync('/proc/net/if_inet6'),
    local: kernel.has('UNIX'),
    netns: existsSync('/proc/self/ns/net'),
    sendfile: process.platform === 'linux',
    protocols,
    levelAliases: parseLevelAliases(text),
  };
}

let cached: PlatformFacts | undefined;

/** The facts of this machine, gathered on first use. */
export function facts(): PlatformFacts {
  return (cached ??= platformFacts());
}

/** Replaces the cached facts, e.g. with the socket core's FFI SCTP probe. */
export function setFacts(f: PlatformFacts): void {
  cached = f;
}

// ---------------------------------------------------------------------------
// The answers

const has = (name: string): boolean => typeof (C as Readonly<Record<string, unknown>>)[name] === 'number';

// The manual's ioctl requests and the C request each stands on; `nspace` (BSD's
// FIONSPACE) and `tcp_info` (Windows' SIO_TCP_INFO) have no Linux request.
const IOCTL_REQUESTS: readonly (readonly [string, string | undefined])[] = [
  ['gifconf', 'SIOCGIFCONF'], ['nread', 'SIOCINQ'], ['nwrite', 'SIOCOUTQ'], ['nspace', undefined],
  ['atmark', 'SIOCATMARK'], ['tcp_info', undefined], ['gifname', 'SIOCGIFNAME'],
  ['gifindex', 'SIOCGIFINDEX'], ['gifaddr', 'SIOCGIFADDR'], ['gifdstaddr', 'SIOCGIFDSTADDR'],
  ['gifbrdaddr', 'SIOCGIFBRDADDR'], ['gifnetmask', 'SIOCGIFNETMASK'], ['gifhwaddr', 'SIOCGIFHWADDR'],
  ['gifmap', 'SIOCGIFMAP'], ['gifmtu', 'SIOCGIFMTU'], ['giftxqlen', 'SIOCGIFTXQLEN'],
  ['gifflags', 'SIOCGIFFLAGS'], ['sifflags', 'SIOCSIFFLAGS'], ['sifaddr', 'SIOCSIFADDR'],
  ['sifdstaddr', 'SIOCSIFDSTADDR'], ['sifbrdaddr', 'SIOCSIFBRDADDR'], ['sifnetmask', 'SIOCSIFNETMASK'],
  ['sifhwaddr', 'SIOCSIFHWADDR'], ['sifmtu', 'SIOCSIFMTU'], ['siftxqlen', 'SIOCSIFTXQLEN'],
];

// `ioctl_device_flag()`; supported when the headers define its IFF_ bit within the
// 16-bit flag word SIOCGIFFLAGS/SIOCSIFFLAGS carry.
const IOCTL_FLAGS: readonly string[] = [
  'up', 'broadcast', 'debug', 'loopback', 'pointopoint', 'notrailers', 'knowsepoch', 'running',
  'noarp', 'promisc', 'allmulti', 'master', 'oactive', 'slave', 'simplex', 'link0', 'link1',
  'link2', 'multicast', 'portsel', 'automedia', 'cantconfig', 'ppromisc', 'dynamic', 'monitor',
  'staticarp', 'dying', 'renaming', 'nogroup', 'lower_up', 'dormant', 'echo',
];

const flagSupported = (f: string): boolean => {
  const bit = (C as Readonly<Record<string, unknown>>)[`IFF_${f.toUpperCase()}`];
  return typeof bit === 'number' && bit > 0 && bit <= 0xffff;
};

function optionsOf(level: option_level, f: PlatformFacts): supports_list {
  return Object.entries(OPTIONS[level]).map(
    ([name, spec]) => [name, isImplemented(level, spec, f.sctp) && spec.unlisted !== true] as const,
  );
}

const OS_LEVELS: readonly option_level[] = OPTION_LEVELS.filter((l) => l !== 'otp');

// OTP 25 lists a level's options once under each of its names (`tcp` and `TCP`).
function levelNames(f: PlatformFacts): readonly (readonly [string, option_level])[] {
  return [
    ...OS_LEVELS.map((l) => [l, l] as const),
    ...[...f.levelAliases].filter(([, l]) => OS_LEVELS.includes(l)),
  ];
}

/** `supports/1`: the list for `Key1`, `[]` for an unknown key. */
export function supports1(key1: unknown, f: PlatformFacts = facts()): supports_list {
  switch (key1) {
    case 'ioctl_requests':
      return IOCTL_REQUESTS.map(([name, c]) => [name, c !== undefined && has(c)] as const);
    case 'ioctl_flags':
      return IOCTL_FLAGS.map((name) => [name, flagSupported(name)] as const);
    case 'options':
      return levelNames(f).flatMap(([as, level]) => optionsOf(level, f).map(([name, ok]) => [[as, name], ok] as const));
    case 'msg_flags':
      return MSG_FLAGS.map((flag) => [flag, has(`MSG_${flag.toUpperCase()}`)] as const);
    case 'protocols':
      return [...f.protocols.keys()].map((name) => [name, true] as const);
    default:
      return [];
  }
}

/** `supports/2`: for `options` and an OS level, `{Opt, boolean()}` pairs; else `[]`. */
export function supports2(key1: unknown, key2: unknown, f: PlatformFacts = facts()): supports_list {
  if (key1 !== 'options' || typeof key2 !== 'string') return [];
  const level = OS_LEVELS.includes(key2 as option_level) ? (key2 as option_level) : f.levelAliases.get(key2);
  return level === undefined ? [] : optionsOf(level, f);
}

/** `supports/0`: every `{Key1, supports(Key1)}` plus the boolean features. */
export function supports0(f: PlatformFacts = facts()): supports_list {
  return [
    ...(['ioctl_requests', 'ioctl_flags', 'options', 'msg_flags', 'protocols'] as const).map(
      (k) => [k, supports1(k, f)] as const,
    ),
    ['sctp', f.sctp],
    ['ipv6', f.ipv6],
    ['local', f.local],
    ['netns', f.netns],
    ['sendfile', f.sendfile],
  ];
}

/** `supports/0,1,2` on this machine's facts. */
export function supports(...args: [] | [key1: unknown] | [key1: unknown, key2: unknown]): supports_list {
  if (args.length === 0) return supports0();
  if (args.length === 1) return supports1(args[0]);
  return supports2(args[0], args[1]);
}

/** Term equality enough for keys: atoms, integers and tuples of them. */
function keyEquals(a: Term, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => keyEquals(x as Term, b[i]));
  return a === b;
}

/** `is_supported/1`: `supports()` has `{Key1, true}` or `{Key1, list()}`. */
export function isSupported1(key1: unknown, f: PlatformFacts = facts()): boolean {
  return supports0(f).some(([k, v]) => keyEquals(k, key1) && v !== false);
}

/** `is_supported/2`: `supports(Key1)` has `{Key2, true}`. */
export function isSupported2(key1: unknown, key2: unknown, f: PlatformFacts = facts()): boolean {
  return supports1(key1, f).some(([k, v]) => keyEquals(k, key2) && v === true);
}

/** `is_supported/1,2` on this machine's facts. */
export function isSupported(...args: [key1: unknown] | [key1: unknown, key2: unknown]): boolean {
  return args.length === 1 ? isSupported1(args[0]) : isSupported2(args[0], args[1]);
}
