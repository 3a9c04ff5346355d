/**
 * getopt/2,3 and setopt/3,4 for what the socket core needs: every option of the `otp`
 * level (controlling_process, rcvbuf, debug, iow, fd, domain, meta, use_registry,
 * select_read, rcvctrlbuf, sndctrlbuf), and the options of the other levels whose value
 * is a C int or boolean, an atom, a string, linger, multicast_if, a membership request
 * or an msfilter, encoded with the ffi/structs.ts codecs; the rest (timeval, sctp
 * structs) are answered `{error, enotsup}`.
 */
import type { Pid, Term } from '../runtime/term.ts';
import { posix, sys } from '../ffi/index.ts';
import { functionClause, isFail } from './args.ts';
import { Invalid, decodeInAddr, encodeInAddr } from '../ffi/sockaddr.ts';
import { decodeLinger, encodeIpMreq, encodeIpMreqSource, encodeIpMsfilter, encodeIpv6Mreq, encodeLinger } from '../ffi/structs.ts';
import { facts } from './supports.ts';
import { isSocket } from './types.ts';
import { caller } from './async.ts';
import {
  checkGetopt, checkNativeValue, checkSetopt, checkValueSpec, fromNative, getopt3Form, levelMismatch, lookupNative,
  lookupOption, nativeOf, setopt4Form, type Found,
} from './options.ts';
import { registry, sockOf, type Sock } from './socket.ts';

type GetResult = readonly ['ok', Term] | readonly ['error', Term];
type SetResult = 'ok' | readonly ['error', Term];

const VAL = Buffer.alloc(4);
const LEN = Buffer.alloc(4);

/** `getopt/2`. */
export function getopt(sock: unknown, opt: unknown): GetResult {
  // OTP 25's getopt has no clause for a non-socket.
  if (!isSocket(sock)) return functionClause();
  const s = sockOf(sock);
  const f = checkGetopt(opt, s.protocol === 'sctp', facts().levelAliases);
  if (isFail(f)) return f;
  if (s.closed) return ['error', 'closed'];
  if (f.level === 'otp') return getOtp(s, f.name);
  return getNative(s, f);
}

/** `getopt/3`: `getopt(S, Level, Opt)`; the native form goes to getopt_native. */
export function getopt3(sock: unknown, level: unknown, opt: unknown): GetResult {
  if (!isSocket(sock)) return functionClause();
  const form = getopt3Form(level, opt);
  if ('native' in form) return getopt_native(sock, form.native, form.spec);
  return getopt(sock, form.option);
}

/** `setopt/3`. */
export function setopt(sock: unknown, opt: unknown, value: unknown): SetResult {
  const s = sockOf(sock);
  const sctp = s.protocol === 'sctp';
  if (s.closed) {
    // OTP 25 answers `closed` for any known option, before looking at the value or
    // whether the option may be set; only an unknown option is still `invalid`.
    const known = lookupOption(opt, sctp, facts().levelAliases);
    return isFail(known) ? known : ['error', 'closed'];
  }
  const f = checkSetopt(opt, value, sctp, facts().levelAliases);
  if (isFail(f)) return f;
  if (f.level === 'otp') return setOtp(s, f.name, f.value as Term);
  return setNative(s, f, f.value as Term);
}

/** `setopt/4`: `setopt(S, Level, Opt, Value)`. */
export function setopt4(sock: unknown, level: unknown, opt: unknown, value: unknown): SetResult {
  if (setopt4Form(level, opt, value) === 'native') return setopt_native(sock, [level, opt], value);
  return setopt(sock, [level, opt], value);
}

function getOtp(s: Sock, name: string): GetResult {
  switch (name) {
    case 'debug':
      return ['ok', s.debug];
    case 'iow':
      return ['ok', s.iow];
    case 'controlling_process':
      return ['ok', s.owner!];
    case 'rcvbuf':
      return ['ok', s.rcvbufN === 1 ? s.rcvbufSize : [s.rcvbufN, s.rcvbufSize]];
    case 'rcvctrlbuf':
      return ['ok', s.rcvctrlbuf];
    case 'sndctrlbuf':
      return ['ok', s.sndctrlbuf];
    case 'select_read':
      return ['ok', s.selectRead];
    case 'fd':
      return ['ok', s.fd];
    case 'domain':
      return ['ok', s.domain];
    case 'meta':
      return ['ok', s.meta];
    default:
      return ['ok', s.useRegistry];
  }
}

const DEFAULT_RCVBUF = 8192;
const DEFAULT_CTRLBUF = 1024;

function setOtp(s: Sock, name: string, v: Term): SetResult {
  switch (name) {
    case 'debug':
      s.debug = v as boolean;
      return 'ok';
    case 'iow':
      s.iow = v as boolean;
      return 'ok';
    case 'controlling_process': {
      if (s.owner !== caller()) return ['error', ['invalid', 'not_owner']];
      // A dead new owner closes the socket at once (its exit hook runs immediately).
      s.setOwner(v as Pid);
      return 'ok';
    }
    case 'rcvbuf':
      if (Array.isArray(v)) {
        s.rcvbufN = v[0] as number;
        s.rcvbufSize = v[1] === 'default' ? DEFAULT_RCVBUF : (v[1] as number);
      } else {
        s.rcvbufN = 1;
        s.rcvbufSize = v === 'default' ? DEFAULT_RCVBUF : (v as number);
      }
      return 'ok';
    case 'rcvctrlbuf':
      s.rcvctrlbuf = v === 'default' ? DEFAULT_CTRLBUF : (v as number);
      return 'ok';
    case 'sndctrlbuf':
      s.sndctrlbuf = v === 'default' ? DEFAULT_CTRLBUF : (v as number);
      return 'ok';
    case 'select_read':
      s.selectRead = v as boolean;
      return 'ok';
    case 'meta':
      s.meta = v;
      return 'ok';
    default:
      s.useRegistry = v as boolean;
      if (s.useRegistry) registry.add(s);
      else registry.delete(s);
      return 'ok';
  }
}

// Kinds whose native value is one C int.
const INT_KINDS: ReadonlySet<string> = new Set([
  'boolean', 'int', 'uint', 'ip_tos', 'ip_pmtudisc', 'ipv6_pmtudisc', 'ipv6_hops', 'addrform',
  'domain', 'type', 'protocol',
]);

const BUF = Buffer.alloc(256);

const PROTOCOL_NAMES = new Map<number, string>([[6, 'tcp'], [17, 'udp'], [132, 'sctp'], [41, 'ipv6']]);

function protocolOf(n: number): Term {
  // As OTP: a socket whose protocol the kernel reports as 0 shows `default`.
  if (n === 0) return 'default';
  const known = PROTOCOL_NAMES.get(n);
  if (known !== undefined) return known;
  for (const [name, num] of facts().protocols) if (num === n) return name;
  return n;
}

function getNative(s: Sock, f: Found): GetResult {
  const mismatch = levelMismatch(f.level, s, 'get');
  if (mismatch !== undefined) return ['error', mismatch];
  const n = nativeOf(f.spec);
  const k = f.spec.kind;
  if (n === undefined) return ['error', 'enotsup'];
  LEN.writeUInt32LE(BUF.length, 0);
  const r = sys.getsockopt(s.fd, n[0], n[1], BUF, LEN);
  if (r < 0) return ['error', posix(r)];
  const len = LEN.readUInt32LE(0);
  if (INT_KINDS.has(k)) {
    const v = len >= 4 ? BUF.readInt32LE(0) : BUF[0]!;
    if (k === 'protocol') return ['ok', protocolOf(v)];
    if (k === 'ipv6_hops' || k === 'int' || k === 'uint') return ['ok', v];
    return ['ok', fromNative(k, v)];
  }
  switch (k) {
    case 'linger':
      return ['ok', decodeLinger(BUF, 0) as unknown as Term];
    case 'multicast_if':
      return ['ok', decodeInAddr(BUF, 0)];
    case 'string': {
      const end = BUF.subarray(0, len).indexOf(0);
      return ['ok', BUF.toString('latin1', 0, end < 0 ? len : end)];
    }
    default:
      return ['error', 'enotsup'];
  }
}

function setNative(s: Sock, f: Found, v: Term): SetResult {
  const mismatch = levelMismatch(f.level, s, 'set');
  if (mismatch !== undefined) return ['error', mismatch];
  const n = nativeOf(f.spec);
  const k = f.spec.kind;
  if (n === undefined) return ['error', 'enotsup'];
  let len: number;
  if (INT_KINDS.has(k)) {
    BUF.writeInt32LE(typeof v === 'boolean' ? (v ? 1 : 0) : (v as number), 0);
    len = 4;
  } else if (k === 'string') {
    len = BUF.write(v as string, 0, 'latin1');
  } else if (k === 'ip_msfilter' && v === null) {
    // msfilter `null`: no filter struct at all, which the kernel refuses (einval), as in OTP 25.
    len = 0;
  } else if (k === 'multicast_if') {
    if (!encodeInAddr(v === 'any' ? [0, 0, 0, 0] : v, BUF, 0)) return ['error', 'einval'];
    len = 4;
  } else {
    const enc = ENCODERS[k];
    if (enc === undefined) return ['error', 'enotsup'];
    const r = enc(v, BUF);
    if (r instanceof Invalid) return ['error', ['invalid', r.what]];
    len = r;
  }
  const r = sys.setsockopt(s.fd, n[0], n[1], BUF, len);
  return r < 0 ? ['error', posix(r)] : 'ok';
}

const ENCODERS: Readonly<Record<string, (v: unknown, out: Buffer) => number | Invalid>> = {
  linger: encodeLinger,
  ip_mreq: encodeIpMreq,
  ip_mreq_source: encodeIpMreqSource,
  ipv6_mreq: encodeIpv6Mreq,
  ip_msfilter: encodeIpMsfilter,
};

// ---------------------------------------------------------------------------
// getopt_native / setopt_native

/** `getopt_native/3`. */
export function getopt_native(sock: unknown, opt: unknown, spec: unknown): GetResult {
  const s = sockOf(sock);
  const o = lookupNative(opt, facts().protocols, 'get', s.protocol === 'sctp');
  if (isFail(o)) return o;
  const vs = checkValueSpec(spec);
  if (isFail(vs) || (Array.isArray(vs) && vs[0] === 'error')) return vs as GetResult;
  if (s.closed) return ['error', 'closed'];
  let buf: Buffer;
  if (vs === 'integer' || vs === 'boolean') buf = Buffer.alloc(4);
  else if (Buffer.isBuffer(vs)) buf = Buffer.from(vs);
  else buf = Buffer.alloc(vs as number);
  LEN.writeUInt32LE(buf.length, 0);
  const r = sys.getsockopt(s.fd, o.level, o.name, buf, LEN);
  if (r < 0) return ['error', posix(r)];
  if (vs === 'integer') return ['ok', buf.readInt32LE(0)];
  if (vs === 'boolean') return ['ok', buf.readInt32LE(0) !== 0];
  return ['ok', buf.subarray(0, LEN.readUInt32LE(0))];
}

/** `setopt_native/3`. */
export function setopt_native(sock: unknown, opt: unknown, value: unknown): SetResult {
  const s = sockOf(sock);
  const o = lookupNative(opt, facts().protocols, 'set', s.protocol === 'sctp');
  if (isFail(o)) return o;
  const v = checkNativeValue(value);
  if (isFail(v)) return v;
  if (s.closed) return ['error', 'closed'];
  let buf: Buffer;
  if (Buffer.isBuffer(v)) buf = v;
  else {
    buf = VAL;
    VAL.writeInt32LE(typeof v === 'boolean' ? (v ? 1 : 0) : v, 0);
  }
  const r = sys.setsockopt(s.fd, o.level, o.name, buf, buf.length);
  return r < 0 ? ['error', posix(r)] : 'ok';
}
