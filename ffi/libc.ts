/**
 * The one list of every native call beamlet makes, declared once through koffi.
 *
 * Nothing outside `ffi/` imports this module: `ffi/syscall.ts` wraps each call with
 * typed arguments and reads errno at once, `ffi/poller.ts` drives the libuv functions.
 *
 * Declaration rules, measured in bench/ffi (see ARCHITECTURE.md, "FFI calls"):
 * - every pointer argument is `void *` and takes a Buffer: koffi passes the Buffer's
 *   backing store, with no copy in or out (a recv into 64 KiB costs the same as into 16 B);
 * - `ssize_t` results are `long` (LP64 on Linux x86-64 and arm64) and come back as numbers;
 * - variadic libc functions (`open`, `fcntl`, `ioctl`) are declared with their fixed
 *   arguments only where the call never passes the variadic one, and as variadic otherwise,
 *   so the vararg ABI (the `%al` count on x86-64) is always right.
 */
import koffi from 'koffi';

const libc = koffi.load('libc.so.6');
// The running node binary exports libuv; its default loop is Node's main event loop.
const node = koffi.load(null);

/** `struct protoent`, read field by field from the pointer getprotobyname returns. */
export const protoent = koffi.struct({
  p_name: 'char *',
  p_aliases: 'char **',
  p_proto: 'int',
});

/** `uv_prepare_cb`. */
export const uvPrepareCb = koffi.proto(null, 'void', ['uintptr_t']);

/** libc, in the order of the socket manual's needs; every call returns -1 and sets errno on failure. */
export const c = {
  socket: libc.func('int socket(int domain, int type, int protocol)'),
  socketpair: libc.func('int socketpair(int domain, int type, int protocol, void *sv)'),
  bind: libc.func('int bind(int fd, void *addr, uint32_t addrlen)'),
  listen: libc.func('int listen(int fd, int backlog)'),
  accept4: libc.func('int accept4(int fd, void *addr, void *addrlen, int flags)'),
  connect: libc.func('int connect(int fd, void *addr, uint32_t addrlen)'),
  send: libc.func('long send(int fd, void *buf, size_t len, int flags)'),
  sendto: libc.func('long sendto(int fd, void *buf, size_t len, int flags, void *addr, uint32_t addrlen)'),
  sendmsg: libc.func('long sendmsg(int fd, void *msg, int flags)'),
  sendmmsg: libc.func('int sendmmsg(int fd, void *msgvec, unsigned int vlen, int flags)'),
  recv: libc.func('long recv(int fd, void *buf, size_t len, int flags)'),
  // The same call into memory given by address: a read into the middle of a slab then
  // needs no view of it (a subarray costs about a quarter of the call).
  recv_at: libc.func('recv', 'long', ['int', 'uintptr_t', 'size_t', 'int']),
  recvfrom: libc.func('long recvfrom(int fd, void *buf, size_t len, int flags, void *addr, void *addrlen)'),
  recvmsg: libc.func('long recvmsg(int fd, void *msg, int flags)'),
  recvmmsg: libc.func('int recvmmsg(int fd, void *msgvec, unsigned int vlen, int flags, void *timeout)'),
  sendfile: libc.func('long sendfile(int out_fd, int in_fd, void *offset, size_t count)'),
  close: libc.func('int close(int fd)'),
  shutdown: libc.func('int shutdown(int fd, int how)'),
  getsockopt: libc.func('int getsockopt(int fd, int level, int optname, void *optval, void *optlen)'),
  setsockopt: libc.func('int setsockopt(int fd, int level, int optname, void *optval, uint32_t optlen)'),
  getsockname: libc.func('int getsockname(int fd, void *addr, void *addrlen)'),
  getpeername: libc.func('int getpeername(int fd, void *addr, void *addrlen)'),
  ioctl: libc.func('int ioctl(int fd, unsigned long request, ...)'),
  fcntl: libc.func('int fcntl(int fd, int cmd, ...)'),
  poll: libc.func('int poll(void *fds, unsigned long nfds, int timeout)'),
  dup: libc.func('int dup(int fd)'),
  setns: libc.func('int setns(int fd, int nstype)'),
  // Without O_CREAT open never reads its mode argument, so the fixed form is exact.
  open: libc.func('int open(const char *path, int flags)'),
  if_nametoindex: libc.func('unsigned int if_nametoindex(const char *name)'),
  if_indextoname: libc.func('void *if_indextoname(unsigned int index, void *name)'),
  getprotobyname: libc.func('void *getprotobyname(const char *name)'),
  epoll_create1: libc.func('int epoll_create1(int flags)'),
  epoll_ctl: libc.func('int epoll_ctl(int epfd, int op, int fd, void *event)'),
  epoll_wait: libc.func('int epoll_wait(int epfd, void *events, int maxevents, int timeout)'),
  // recvfrom with the data, name and name length all given by address (a slab's free
  // tail, one fixed name area): three Buffer arguments cost ~40 ns more per call.
  recvfrom_at: libc.func('recvfrom', 'long', ['int', 'uintptr_t', 'size_t', 'int', 'uintptr_t', 'uintptr_t']),
  // sendto with the destination given by address (one fixed encode area); the data stays
  // the caller's Buffer.
  sendto_at: libc.func('sendto', 'long', ['int', 'void *', 'size_t', 'int', 'uintptr_t', 'uint32_t']),
};

/** libuv from the node binary: exactly what the poller uses. */
export const uv = {
  default_loop: node.func('void *uv_default_loop()'),
  handle_size: node.func('size_t uv_handle_size(int type)'),
  backend_fd: node.func('int uv_backend_fd(void *loop)'),
  backend_timeout: node.func('int uv_backend_timeout(void *loop)'),
  update_time: node.func('void uv_update_time(void *loop)'),
  prepare_init: node.func('int uv_prepare_init(void *loop, void *handle)'),
  prepare_start: node.func('uv_prepare_start', 'int', ['void *', koffi.pointer(uvPrepareCb)]),
  prepare_stop: node.func('int uv_prepare_stop(void *handle)'),
};

/** `UV_PREPARE` in libuv's `uv_handle_type`. */
export const UV_PREPARE = 9;
