/**
 * Typed system calls that read errno at once: each returns the call's result when it
 * succeeds and `-errno` when it fails, so no caller ever reads errno late.
 *
 * Why a negative errno and not a result object or a separate `lastErrno()`: the success
 * path costs one native call and allocates nothing, and the errno travels with the value,
 * so nothing that runs in between (a callback, a GC) can overwrite it. Use
 * `ffi/errno.ts` to turn `-r` into a posix atom.
 *
 * Pointer arguments are Buffers passed without copy; lengths are explicit so a caller can
 * pass a preallocated buffer larger than what it wants. Addresses, option values and
 * message headers are encoded by the codecs of `ffi/` (sockaddr, msghdr, cmsg).
 */
import koffi from 'koffi';
import { c, protoent } from './libc.ts';

/** The errno helper every call goes through: `-1` becomes `-errno`, read before anything else runs. */
function ret(r: number): number {
  return r < 0 ? -koffi.errno() : r;
}

/** A Buffer, or null for a NULL pointer. */
type Ptr = Buffer | null;

/** `socket(2)`: a new descriptor. */
export function socket(domain: number, type: number, protocol: number): number {
  return ret(c.socket(domain, type, protocol));
}

/** `socketpair(2)`: 0, and the two descriptors written as native ints into `sv` (8 bytes). */
export function socketpair(domain: number, type: number, protocol: number, sv: Buffer): number {
  return ret(c.socketpair(domain, type, protocol, sv));
}

/** `bind(2)` with an encoded sockaddr. */
export function bind(fd: number, addr: Buffer, addrlen: number): number {
  return ret(c.bind(fd, addr, addrlen));
}

/** `listen(2)`. */
export function listen(fd: number, backlog: number): number {
  return ret(c.listen(fd, backlog));
}

/**
 * `accept4(2)`: the new descriptor. `addrlen` is a 4-byte buffer holding the capacity of
 * `addr` on entry and the peer address length on return; both may be null.
 */
export function accept4(fd: number, addr: Ptr, addrlen: Ptr, flags: number): number {
  return ret(c.accept4(fd, addr, addrlen, flags));
}

/** `connect(2)`: `-EINPROGRESS` on a non-blocking stream socket means "wait for WRITE". */
export function connect(fd: number, addr: Buffer, addrlen: number): number {
  return ret(c.connect(fd, addr, addrlen));
}

/** `send(2)`: bytes sent. */
export function send(fd: number, buf: Buffer, len: number, flags: number): number {
  return ret(c.send(fd, buf, len, flags));
}

/** `sendto(2)`: bytes sent; `addr` null for a connected socket. */
export function sendto(fd: number, buf: Buffer, len: number, flags: number, addr: Ptr, addrlen: number): number {
  return ret(c.sendto(fd, buf, len, flags, addr, addrlen));
}

/** `sendmsg(2)` with an encoded msghdr. */
export function sendmsg(fd: number, msg: Buffer, flags: number): number {
  return ret(c.sendmsg(fd, msg, flags));
}

/** `sendmmsg(2)`: number of messages sent from an encoded mmsghdr array. */
export function sendmmsg(fd: number, msgvec: Buffer, vlen: number, flags: number): number {
  return ret(c.sendmmsg(fd, msgvec, vlen, flags));
}

/** `recv(2)`: bytes received into `buf`, 0 on orderly shutdown. */
export function recv(fd: number, buf: Buffer, len: number, flags: number): number {
  return ret(c.recv(fd, buf, len, flags));
}

/** `recv(2)` into `len` bytes at `addr`, an address from {@link addressOf}. */
export function recv_at(fd: number, addr: number, len: number, flags: number): number {
  return ret(c.recv_at(fd, addr, len, flags));
}

/**
 * The address of a Buffer's first byte, for the `_at` calls. Only for a Buffer whose
 * memory never moves (`Buffer.allocUnsafeSlow`) and that the caller keeps referenced.
 */
export function addressOf(buf: Buffer): number {
  return Number(koffi.address(buf));
}

/** `recvfrom(2)`: as {@link recv}, with the source address written into `addr`. */
export function recvfrom(fd: number, buf: Buffer, len: number, flags: number, addr: Ptr, addrlen: Ptr): number {
  return ret(c.recvfrom(fd, buf, len, flags, addr, addrlen));
}

/** `recvmsg(2)` into an encoded msghdr. */
export function recvmsg(fd: number, msg: Buffer, flags: number): number {
  return ret(c.recvmsg(fd, msg, flags));
}

/** `recvmmsg(2)`: number of messages received; `timeout` a timespec or null. */
export function recvmmsg(fd: number, msgvec: Buffer, vlen: number, flags: number, timeout: Ptr): number {
  return ret(c.recvmmsg(fd, msgvec, vlen, flags, timeout));
}

/** `sendfile(2)`: bytes copied; `offset` an 8-byte off_t buffer the kernel advances, or null. */
export function sendfile(outFd: number, inFd: number, offset: Ptr, count: number): number {
  return ret(c.sendfile(outFd, inFd, offset, count));
}

/**
 * `close(2)`. A descriptor the poller watches must be closed with the poller's
 * `closeFd`, which stops its handle first.
 */
export function close(fd: number): number {
  return ret(c.close(fd));
}

/** `shutdown(2)`. */
export function shutdown(fd: number, how: number): number {
  return ret(c.shutdown(fd, how));
}

/** `getsockopt(2)`: `optlen` is a 4-byte buffer, capacity in, length out. */
export function getsockopt(fd: number, level: number, optname: number, optval: Buffer, optlen: Buffer): number {
  return ret(c.getsockopt(fd, level, optname, optval, optlen));
}

/** `setsockopt(2)`. */
export function setsockopt(fd: number, level: number, optname: number, optval: Buffer, optlen: number): number {
  return ret(c.setsockopt(fd, level, optname, optval, optlen));
}

/** `getsockname(2)`: `addrlen` a 4-byte buffer, capacity in, length out. */
export function getsockname(fd: number, addr: Buffer, addrlen: Buffer): number {
  return ret(c.getsockname(fd, addr, addrlen));
}

/** `getpeername(2)`: as {@link getsockname}. */
export function getpeername(fd: number, addr: Buffer, addrlen: Buffer): number {
  return ret(c.getpeername(fd, addr, addrlen));
}

/** `ioctl(2)` with a pointer argument (ifreq, ifconf, an int for SIOCATMARK/FIONREAD...). */
export function ioctl(fd: number, request: number, arg: Buffer): number {
  return ret(c.ioctl(fd, request, 'void *', arg));
}

/** `fcntl(2)` with an int argument (F_SETFL, F_SETFD); pass 0 for the getters. */
export function fcntl(fd: number, cmd: number, arg: number): number {
  return ret(c.fcntl(fd, cmd, 'int', arg));
}

/** `poll(2)` over an array of 8-byte `struct pollfd`. */
export function poll(fds: Buffer, nfds: number, timeout: number): number {
  return ret(c.poll(fds, nfds, timeout));
}

/** `epoll_create1(2)`. */
export function epoll_create1(flags: number): number {
  return ret(c.epoll_create1(flags));
}

/** `epoll_ctl(2)`: `event` is one `struct epoll_event` (null for EPOLL_CTL_DEL). */
export function epoll_ctl(epfd: number, op: number, fd: number, event: Ptr): number {
  return ret(c.epoll_ctl(epfd, op, fd, event));
}

/** `epoll_wait(2)`: the number of events written into `events`, 0 on time-out. */
export function epoll_wait(epfd: number, events: Buffer, maxevents: number, timeout: number): number {
  return ret(c.epoll_wait(epfd, events, maxevents, timeout));
}

/** `dup(2)`. */
export function dup(fd: number): number {
  return ret(c.dup(fd));
}

/** `setns(2)`: move the calling thread into the namespace `fd` refers to. */
export function setns(fd: number, nstype: number): number {
  return ret(c.setns(fd, nstype));
}

/** `open(2)` without O_CREAT (used for /var/run/netns/NAME and files to sendfile). */
export function open(path: string, flags: number): number {
  return ret(c.open(path, flags));
}

/** `if_nametoindex(3)`: the index, or `-errno` (`-ENODEV` for an unknown name). */
export function if_nametoindex(name: string): number {
  const r: number = c.if_nametoindex(name);
  return r === 0 ? -koffi.errno() : r;
}

// IF_NAMESIZE; one buffer, as the call is rare and its result is copied into a string.
const ifname = Buffer.alloc(16);

/** `if_indextoname(3)`: the name, or `-errno` (`-ENXIO` for an unknown index). */
export function if_indextoname(index: number): string | number {
  if (c.if_indextoname(index, ifname) === null) return -koffi.errno();
  const end = ifname.indexOf(0);
  return ifname.toString('latin1', 0, end < 0 ? ifname.length : end);
}

/** `getprotobyname(3)`: the protocol number, or undefined when the name is unknown. */
export function getprotobyname(name: string): number | undefined {
  const p = c.getprotobyname(name);
  return p === null ? undefined : (koffi.decode(p, protoent) as { p_proto: number }).p_proto;
}

/**
 * `recvfrom(2)` into `len` bytes at `addr`, the source into `name` and its length into
 * the 4 bytes at `namelen`: three addresses from {@link addressOf}.
 */
export function recvfrom_at(fd: number, addr: number, len: number, flags: number, name: number, namelen: number): number {
  return ret(c.recvfrom_at(fd, addr, len, flags, name, namelen));
}

/** `sendto(2)` to the `addrlen` bytes of sockaddr at `addr`, an address from {@link addressOf}. */
export function sendto_at(fd: number, buf: Buffer, len: number, flags: number, addr: number, addrlen: number): number {
  return ret(c.sendto_at(fd, buf, len, flags, addr, addrlen));
}
