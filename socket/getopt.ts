/**
 * getopt/2,3 and setopt/3,4 for what the socket core needs: every option of the `otp`
 * level (controlling_process, rcvbuf, debug, iow, fd, domain, meta, use_registry,
 * select_read, rcvctrlbuf, sndctrlbuf), and the options of the other levels whose value
 * is a C int or boolean, read and written with getsockopt/setsockopt. Options with
 * struct, atom or string values (linger, membership requests, multicast_if, tos...) go
 * to setopt.ts; the rest (timeval, sctp structs) are answered `{error, enotsup}`.
 */
import type { Pid, Term } from '../runtime/term.ts';
import { posix, sys } from '../ffi/index.ts';
import { isFail } from './args.ts';
import { caller } from './async.ts';
import { checkGetopt, checkSetopt, getopt3Form, levelMismatch, nativeOf, setopt4Form, type Found } from './options.ts';
import { closeSock, registry, sockOf, type Sock } from './socket.ts';
import { getStruct, getsHere, setStruct, setsHere } from './setopt.ts';

type GetResult = readonly ['ok', Term] | readonly ['error', Term];
type SetResult = 'ok' | readonly ['error', Term];

const VAL = Buffer.alloc(4);
const LEN = Buffer.alloc(4);

/** `getopt/2`. */
export function getopt(sock: unknown, opt: unknown): GetResult {
  const s = sockOf(sock);
  const f = checkGetopt(opt, s.protocol === 'sctp');
  if (isFail(f)) return f;
  if (s.closed) return ['error', 'closed'];
  if (f.level === 'otp') return getOtp(s, f.name);
  return getNative(s, f);
}

/** `getopt/3`: `getopt(S, Level, Opt)`; the native form goes to getopt_native. */
export function getopt3(sock: unknown, level: unknown, opt: unknown): GetResult {
  const form = getopt3Form(level, opt);
  if ('native' in form) return ['error', 'enotsup'];
  return getopt(sock, form.option);
}

/** `setopt/3`. */
export function setopt(sock: unknown, opt: unknown, value: unknown): SetResult {
  const s = sockOf(sock);
  const f = checkSetopt(opt, value, s.protocol === 'sctp');
  if (isFail(f)) return f;
  if (s.closed) return ['error', 'closed'];
  if (f.level === 'otp') return setOtp(s, f.name, f.value as Term);
  return setNative(s, f, f.value as Term);
}

/** `setopt/4`: `setopt(S, Level, Opt, Value)`. */
export function setopt4(sock: unknown, level: unknown, opt: unknown, value: unknown): SetResult {
  if (setopt4Form(level, opt, value) === 'native') return ['error', 'enotsup'];
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
      s.setOwner(v as Pid);
      if (s.closed) closeSock(s);
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

function getNative(s: Sock, f: Found): GetResult {
  const mismatch = levelMismatch(f.level, s, 'get');
  if (mismatch !== undefined) return ['error', mismatch];
  const n = nativeOf(f.spec);
  const k = f.spec.kind;
  if (n !== undefined && getsHere(k)) return getStruct(s, k, n);
  if (n === undefined || (k !== 'boolean' && k !== 'int' && k !== 'uint')) return ['error', 'enotsup'];
  LEN.writeUInt32LE(4, 0);
  const r = sys.getsockopt(s.fd, n[0], n[1], VAL, LEN);
  if (r < 0) return ['error', posix(r)];
  const v = VAL.readInt32LE(0);
  return ['ok', k === 'boolean' ? v !== 0 : v];
}

function setNative(s: Sock, f: Found, v: Term): SetResult {
  const mismatch = levelMismatch(f.level, s, 'set');
  if (mismatch !== undefined) return ['error', mismatch];
  const n = nativeOf(f.spec);
  const k = f.spec.kind;
  if (n !== undefined && setsHere(k)) return setStruct(s, k, n, v);
  if (n === undefined || (k !== 'boolean' && k !== 'int' && k !== 'uint')) return ['error', 'enotsup'];
  VAL.writeInt32LE(typeof v === 'boolean' ? (v ? 1 : 0) : (v as number), 0);
  const r = sys.setsockopt(s.fd, n[0], n[1], VAL, 4);
  return r < 0 ? ['error', posix(r)] : 'ok';
}
