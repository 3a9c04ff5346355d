/**
 * Information about sockets: info/0,1, i/0,1,2 and the registry queries number_of/0,
 * which_sockets/0,1 and use_registry/1.
 *
 * `info/1` is the manual's `socket_info()` map with live counters; `i/0,1,2` prints
 * the manual's table (one row per registered socket) to stdout, with OTP's column
 * headers.
 */
import { Pid, list, type Term } from '../runtime/term.ts';
import { format } from '../runtime/format.ts';
import { IOV_MAX } from '../ffi/msghdr.ts';
import { checkIArgs, checkUseRegistry, checkWhichFilter } from './args.ts';
import { badarg } from '../runtime/term.ts';
import { registry, registryDefault, setRegistryDefault, sockOf, stats, type Sock } from './socket.ts';
import { peername, sockname } from './connection.ts';
import type { info_key, socket, socket_counters } from './types.ts';

/** `info/1` of a socket: `owner` is the atom `undefined` once it is closed, as in OTP. */
export interface socket_info_map {
  readonly domain: Sock['domain'];
  readonly type: Sock['type'];
  readonly protocol: Sock['protocol'];
  readonly owner: Pid | 'undefined';
  readonly ctype: Sock['ctype'];
  readonly counters: socket_counters;
  readonly num_readers: number;
  readonly num_writers: number;
  readonly num_acceptors: number;
  readonly writable: boolean;
  readonly readable: boolean;
  readonly rstates: readonly string[];
  readonly wstates: readonly string[];
}

/** `info/0`: the module's global information. */
export interface global_info {
  readonly counters: {
    readonly num_cnt_bits: number;
    readonly num_dinet: number;
    readonly num_dinet6: number;
    readonly num_dlocal: number;
    readonly num_pip: number;
    readonly num_psctp: number;
    readonly num_ptcp: number;
    readonly num_pudp: number;
    readonly num_sockets: number;
    readonly num_tdgrams: number;
    readonly num_tseqpkgs: number;
    readonly num_tstreams: number;
  };
  readonly debug: boolean;
  readonly iov_max: number;
  readonly iow: boolean;
  readonly socket_debug: boolean;
  readonly use_registry: boolean;
}

/** `info/0`. */
export function info0(): global_info {
  return {
    counters: {
      num_cnt_bits: 64,
      num_dinet: stats.num_dinet,
      num_dinet6: stats.num_dinet6,
      num_dlocal: stats.num_dlocal,
      num_pip: stats.num_pip,
      num_psctp: stats.num_psctp,
      num_ptcp: stats.num_ptcp,
      num_pudp: stats.num_pudp,
      num_sockets: stats.num_sockets,
      num_tdgrams: stats.num_tdgrams,
      num_tseqpkgs: stats.num_tseqpkgs,
      num_tstreams: stats.num_tstreams,
    },
    debug: false,
    iov_max: IOV_MAX,
    iow: false,
    socket_debug: false,
    use_registry: registryDefault(),
  };
}

// Lists, as the manual's `[atom()]`; `selected` stays once the direction has waited (OTP 25).
function rstates(s: Sock): string[] {
  const out: string[] = list([]);
  if (s.bound) out.push('bound');
  if (s.listening) out.push('listening');
  if (s.readSelected) out.push('selected');
  if (s.closed) out.push('closing', 'closed');
  return out;
}

function wstates(s: Sock): string[] {
  const out: string[] = list([]);
  if (s.connect !== undefined) out.push('connecting');
  if (s.connected) out.push('connected');
  if (s.writeSelected) out.push('selected');
  if (s.closed) out.push('closing', 'closed');
  return out;
}

/** `info/1`. */
export function info1(sock: unknown): socket_info_map {
  const s = sockOf(sock);
  return infoOf(s);
}

function infoOf(s: Sock): socket_info_map {
  return {
    domain: s.domain,
    type: s.type,
    protocol: s.protocol,
    owner: s.owner ?? 'undefined',
    ctype: s.ctype,
    counters: { ...s.counters },
    num_readers: s.queues.readers.size,
    num_writers: s.queues.writers.size,
    num_acceptors: s.queues.acceptors.size,
    writable: !s.closed && !s.shutWrite,
    readable: !s.closed && !s.shutRead,
    rstates: rstates(s),
    wstates: wstates(s),
  };
}

// ---------------------------------------------------------------------------
// Registry

/** `number_of/0`: how many sockets the registry holds. */
export function number_of(): number {
  return registry.size;
}

function matches(s: Sock, f: ReturnType<typeof checkWhichFilter>): boolean {
  if (f instanceof Pid) return s.owner === f;
  if (typeof f === 'function') return (f as (i: socket_info_map) => boolean)(infoOf(s)) === true;
  return s.domain === f || s.type === f || s.protocol === f;
}

/** `which_sockets/0,1`: the registered sockets, optionally filtered. */
export function which_sockets(filter?: unknown): socket[] {
  const f = filter === undefined ? undefined : checkWhichFilter(filter);
  const out: socket[] = [];
  for (const s of registry) if (f === undefined || matches(s, f)) out.push(s.term);
  return out;
}

/** `use_registry/1`: the default for sockets opened from now on. */
export function use_registry(on: unknown): 'ok' {
  setRegistryDefault(checkUseRegistry(on));
  return 'ok';
}

// ---------------------------------------------------------------------------
// i/0,1,2

const DEFAULT_KEYS: readonly info_key[] = [
  'domain', 'type', 'protocol', 'fd', 'owner', 'local_address', 'remote_address', 'recv', 'sent', 'state',
];
const HEADERS: Readonly<Record<info_key, string>> = {
  domain: 'Domain', type: 'Type', protocol: 'Protocol', fd: 'Fd', owner: 'Owner',
  local_address: 'Local Address', remote_address: 'Remote Address', recv: 'Recv', sent: 'Sent', state: 'State',
};

/** A key's column header: OTP capitalises each `_`-separated word of any atom, so an
 * unknown key gets a column too (`foo_bar` is `Foo Bar`) whose cells are empty. */
function header(k: unknown): string {
  // OTP turns each key into its header with atom_to_list: a non-atom is badarg.
  if (typeof k !== 'string') return badarg();
  return HEADERS[k as info_key] ?? k.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

function address(r: ReturnType<typeof sockname>): string {
  if (r[0] !== 'ok') return '';
  const a = r[1] as { family?: string; addr?: unknown; port?: number; path?: unknown };
  if (a.family === 'local') return `local:${Buffer.isBuffer(a.path) ? a.path.toString('latin1').replace(/\0/g, '@') : String(a.path ?? '')}`;
  // As OTP prints them: the wildcard address as `*`, loopback by its host name.
  if (a.family === 'inet' && Array.isArray(a.addr)) {
    const ip = a.addr.join('.');
    return `${ip === '0.0.0.0' ? '*' : ip === '127.0.0.1' ? 'localhost' : ip}:${a.port}`;
  }
  if (a.family === 'inet6' && Array.isArray(a.addr)) {
    const ip = (a.addr as number[]).map((n) => n.toString(16)).join(':');
    return `${ip === '0:0:0:0:0:0:0:0' ? '*' : ip === '0:0:0:0:0:0:0:1' ? 'localhost' : ip}:${a.port}`;
  }
  return format(r[1] as Term);
}

const ABBREV: Readonly<Record<string, string>> = {
  bound: 'BD', listening: 'LG', selected: 'SD', connected: 'CD', connecting: 'CG', closing: 'CLG', closed: 'CL',
};

function cell(s: Sock, k: info_key): string {
  switch (k) {
    case 'domain':
      return String(s.domain);
    case 'type':
      return String(s.type).toUpperCase();
    case 'protocol':
      return String(s.protocol).toUpperCase();
    case 'fd':
      return String(s.fd);
    case 'owner':
      return s.owner === undefined ? 'undefined' : String(s.owner);
    case 'local_address':
      return address(sockname(s.term));
    case 'remote_address':
      return address(peername(s.term));
    case 'recv':
      return String(s.counters.read_byte);
    case 'sent':
      return String(s.counters.write_byte);
    case 'state': {
      // OTP 25's layout, as it prints: "R, -", " - , W", "R , W", or nothing.
      const r = rstates(s).map((x) => ABBREV[x] ?? x).join(':');
      const w = wstates(s).map((x) => ABBREV[x] ?? x).join(':');
      if (r === '') return w === '' ? '' : ` - , ${w}`;
      return w === '' ? `${r}, -` : `${r} , ${w}`;
    }
    default:
      return '';
  }
}

/** The table `i/0,1,2` print, as text: nothing at all when no socket matches, as in OTP. */
function table(filter: string | undefined, keys: readonly string[]): string {
  const rows: string[][] = [];
  for (const s of registry) if (filter === undefined || matches(s, filter as never)) rows.push(keys.map((k) => cell(s, k as info_key)));
  if (rows.length === 0) return '';
  rows.unshift(keys.map(header));
  const widths = keys.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!) + ' ').join('') + '\n').join('');
}

/** `i/0,1,2`: `i()`, `i(InfoKeys)`, `i(Filter)`, `i(Filter, InfoKeys)`. */
export function i(a?: unknown, b?: unknown): 'ok' {
  const { filter, keys = DEFAULT_KEYS } = a === undefined ? {} : checkIArgs(a, b);
  process.stdout.write(table(filter as string | undefined, keys));
  return 'ok';
}
