/**
 * errno → posix atom, as OTP's socket returns them in `{error, Reason}`.
 *
 * The numbers and names come from the generated platform table (`ffi/constants.ts`);
 * this module gives them their Erlang type and accepts the negative results of
 * `ffi/syscall.ts` directly, so a caller writes `['error', posix(r)]`.
 */
import { errnoAtom } from './constants.ts';

/** `inet:posix()`: the atoms the manual names (inet's own plus `file:posix()`). */
export type Posix =
  | 'eaddrinuse' | 'eaddrnotavail' | 'eafnosupport' | 'ealready' | 'econnaborted'
  | 'econnrefused' | 'econnreset' | 'edestaddrreq' | 'ehostdown' | 'ehostunreach'
  | 'einprogress' | 'eisconn' | 'emsgsize' | 'enetdown' | 'enetunreach' | 'enopkg'
  | 'enoprotoopt' | 'enotconn' | 'enotty' | 'enotsock' | 'eproto' | 'eprotonosupport'
  | 'eprototype' | 'esocktnosupport' | 'etimedout' | 'ewouldblock' | 'exbadport' | 'exbadseq'
  | 'eacces' | 'eagain' | 'ebadf' | 'ebadmsg' | 'ebusy' | 'edeadlk' | 'edeadlock' | 'edquot'
  | 'eexist' | 'efault' | 'efbig' | 'eftype' | 'eintr' | 'einval' | 'eio' | 'eisdir' | 'eloop'
  | 'emfile' | 'emlink' | 'emultihop' | 'enametoolong' | 'enfile' | 'enobufs' | 'enodev'
  | 'enolck' | 'enolink' | 'enoent' | 'enomem' | 'enospc' | 'enosr' | 'enostr' | 'enosys'
  | 'enotblk' | 'enotdir' | 'enotsup' | 'enxio' | 'eopnotsupp' | 'eoverflow' | 'eperm'
  | 'epipe' | 'erange' | 'erofs' | 'espipe' | 'esrch' | 'estale' | 'etxtbsy' | 'exdev';

/**
 * What an errno becomes: a posix atom, another lowercase errno atom the headers name
 * (`enonet`, `ekeyexpired`), or the number itself when the platform does not name it.
 */
export type Errcode = Posix | (string & {}) | number;

/**
 * The atom for an errno. Takes the errno (`11`) or a failed result of `ffi/syscall.ts`
 * (`-11`), so `posix(r)` needs no sign flip at the call site.
 */
export function posix(errno: number): Errcode {
  return errnoAtom(errno < 0 ? -errno : errno);
}
