/**
 * The ffi layer as `socket/` sees it: constants, errno atoms, system calls, the poller
 * and the struct codecs. Nothing here knows about processes, and nothing outside `ffi/`
 * imports koffi.
 *
 * ```ts
 * import { sys, posix, poller, ERRNO } from '../ffi/index.ts';
 * const r = sys.recv(fd, buf, buf.length, 0);
 * if (r === -ERRNO.EAGAIN) poller.watch(fd, poller.READ, onReady);
 * else if (r < 0) return ['error', posix(r)];
 * ```
 */
export { C, ERRNO, S, errnoAtom, fieldAt, platform } from './constants.ts';
export type { Layout, Platform } from './constants.ts';
export { posix } from './errno.ts';
export type { Errcode, Posix } from './errno.ts';
export * as sys from './syscall.ts';
export * as poller from './poller.ts';
export type { Interest, Ready } from './poller.ts';
export * from './sockaddr.ts';
export * from './msghdr.ts';
export * from './cmsg.ts';
export * from './structs.ts';
export * from './sctp.ts';
