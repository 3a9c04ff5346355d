/**
 * The poller: fd readiness delivered into Node's own event loop through libuv's
 * `uv_poll_*`, which the node binary exports (ARCHITECTURE.md, "Poller", has the
 * measurements that chose it over `koffi.node.poll` and epoll on a koffi async call).
 *
 * Contract:
 * - `watch(fd, READ | WRITE, cb)` arms interest; each direction fires once, then its
 *   interest is dropped (uv_poll is level-triggered: interest stays armed only while
 *   someone waits). Watch again to wait again.
 * - One uv_poll handle per fd, made on the first watch, kept across waits, released by
 *   `closeFd`, which stops and closes the handle before it closes the fd.
 * - No callback after `unwatch` of that direction or after `closeFd`.
 * - The event loop stays alive only while some interest is armed.
 *
 * Dropping interest is deferred to the end of the loop iteration (a `setImmediate`):
 * a waiter that re-arms before then costs no uv_poll_stop/uv_poll_start pair. A stale
 * readiness that arrives in between is ignored. Measured: +22% round trips on one UDP
 * ping-pong, +55% over 1000.
 *
 * Only the main thread: the handles live on `uv_default_loop()`, which is Node's main loop;
 * `watch` throws in a worker thread.
 */
import { isMainThread } from 'node:worker_threads';
import koffi from 'koffi';
import { uv, uvCloseCb, uvPollCb, UV_POLL } from './libc.ts';
import { close } from './syscall.ts';
import { ioEnter, ioLeave } from '../runtime/process.ts';

/** Readable: data, a pending connection, end of stream or a pending error (`UV_READABLE`). */
export const READ = 1;
/** Writable: buffer space, or a non-blocking connect that finished (`UV_WRITABLE`). */
export const WRITE = 2;
/** A set of directions. */
export type Interest = 1 | 2 | 3;

/**
 * Called once per armed direction that became ready. `events` holds the directions that
 * fired: a callback registered for both gets one call when both are ready together, and
 * otherwise stays armed for the other. `status` is 0, or a negative libuv
 * error when the fd reported POLLERR (a refused connect, an ICMP error on a connected UDP
 * socket): libuv reports it as `-EBADF` whatever the cause, so retry the operation or read
 * `SO_ERROR` to learn the real error.
 */
export type Ready = (events: number, status: number) => void;

interface Watched {
  /** Address of the uv_poll_t. */
  readonly handle: number;
  /** Directions someone waits for. */
  want: number;
  /** Directions libuv currently polls; covers `want`, and may hold more until the next flush. */
  armed: number;
  onRead: Ready | null;
  onWrite: Ready | null;
  closed: boolean;
}

const loop = uv.default_loop();
const HANDLE_SIZE = Number(uv.handle_size(UV_POLL));
// uv_poll_t memory comes in slabs that are never freed: the pool grows to the peak number
// of watched fds and handles are reused after their uv_close completes.
const SLAB = 256;
const slabs: unknown[] = [];
const freeHandles: number[] = [];

const byFd = new Map<number, Watched>();
const byHandle = new Map<number, Watched>();
let dirty: Watched[] = [];
let flushScheduled = false;

const pollCb = koffi.register(onPoll, koffi.pointer(uvPollCb));
const closeCb = koffi.register((handle: number) => {
  freeHandles.push(handle);
}, koffi.pointer(uvCloseCb));

function allocHandle(): number {
  if (freeHandles.length === 0) {
    const slab = koffi.alloc('uint8_t', SLAB * HANDLE_SIZE);
    slabs.push(slab);
    const base = Number(koffi.address(slab));
    for (let i = SLAB - 1; i >= 0; i--) freeHandles.push(base + i * HANDLE_SIZE);
  }
  return freeHandles.pop()!;
}

function onPoll(handle: number, status: number, events: number): void {
  const w = byHandle.get(handle);
  if (w === undefined) return;
  let fired: number;
  if (status < 0) {
    // libuv has stopped the handle itself; everyone waiting learns of the error.
    w.armed = 0;
    fired = w.want;
  } else {
    fired = events & w.want;
  }
  if (fired === 0) return;
  ioEnter();
  if (fired === (READ | WRITE) && w.onRead === w.onWrite) {
    const cb = w.onRead!;
    w.want = 0;
    w.onRead = w.onWrite = null;
    deliver(cb, fired, status);
  } else {
    // One direction at a time, each checked again after the previous callback, which
    // may have unwatched the other direction or closed the fd.
    if (fired & READ) fire(w, READ, status);
    if (fired & WRITE) fire(w, WRITE, status);
  }
  // The processes the callbacks woke run now; one that waits again re-arms before the
  // check below, so a drained-and-rearmed fd costs neither a flush nor epoll_ctl.
  try {
    ioLeave();
  } catch (err) {
    queueMicrotask(() => {
      throw err;
    });
  }
  if (!w.closed && w.armed !== w.want) markDirty(w);
}

function fire(w: Watched, dir: 1 | 2, status: number): void {
  const cb = dir === READ ? w.onRead : w.onWrite;
  if (cb === null || (w.want & dir) === 0) return;
  w.want &= ~dir;
  if (dir === READ) w.onRead = null;
  else w.onWrite = null;
  deliver(cb, dir, status);
}

function deliver(cb: Ready, events: number, status: number): void {
  try {
    cb(events, status);
  } catch (err) {
    // A throw must not unwind through libuv; surface it as an ordinary uncaught exception.
    queueMicrotask(() => {
      throw err;
    });
  }
}

function markDirty(w: Watched): void {
  dirty.push(w);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

function flush(): void {
  flushScheduled = false;
  const list = dirty;
  dirty = [];
  for (const w of list) {
    if (w.closed || w.armed === w.want) continue;
    if (w.want === 0) uv.poll_stop(w.handle);
    else uv.poll_start(w.handle, w.want, pollCb);
    w.armed = w.want;
  }
}

/**
 * Wait for `events` on `fd`; `cb` runs once when one of them is ready. Replaces an
 * earlier callback for the same direction. Returns 0, or a negative errno when libuv
 * cannot poll the fd (`-EPERM` for a regular file, `-EBADF`).
 */
export function watch(fd: number, events: Interest, cb: Ready): number {
  let w = byFd.get(fd);
  if (w === undefined) {
    // A worker's isolate would be called from the main thread's loop: refuse loudly.
    if (!isMainThread) throw new Error('beamlet: the poller runs on the main thread only');
    const handle = allocHandle();
    const r: number = uv.poll_init_socket(loop, handle, fd);
    if (r < 0) {
      freeHandles.push(handle);
      return r;
    }
    w = { handle, want: 0, armed: 0, onRead: null, onWrite: null, closed: false };
    byFd.set(fd, w);
    byHandle.set(handle, w);
  }
  if (events & READ) w.onRead = cb;
  if (events & WRITE) w.onWrite = cb;
  w.want |= events;
  if ((w.want & ~w.armed) !== 0) {
    const r: number = uv.poll_start(w.handle, w.want, pollCb);
    if (r < 0) {
      w.want &= ~events;
      if (events & READ) w.onRead = null;
      if (events & WRITE) w.onWrite = null;
      return r;
    }
    w.armed = w.want;
  }
  return 0;
}

/** Stop waiting for `events` on `fd`; their callbacks will not run. */
export function unwatch(fd: number, events: Interest = 3): void {
  const w = byFd.get(fd);
  if (w === undefined) return;
  w.want &= ~events;
  if (events & READ) w.onRead = null;
  if (events & WRITE) w.onWrite = null;
  if (w.armed !== w.want) markDirty(w);
}

/** The directions someone currently waits for on `fd` (0 when none). */
export function interest(fd: number): number {
  return byFd.get(fd)?.want ?? 0;
}

/**
 * Close `fd` in the only safe order: stop polling, close the uv handle (which takes the
 * fd out of epoll at once), then `close(2)`. No callback runs for `fd` afterwards.
 * Returns 0 or a negative errno from close.
 */
export function closeFd(fd: number): number {
  const w = byFd.get(fd);
  if (w !== undefined) {
    byFd.delete(fd);
    byHandle.delete(w.handle);
    w.closed = true;
    w.want = 0;
    w.onRead = null;
    w.onWrite = null;
    uv.close(w.handle, closeCb);
  }
  return close(fd);
}
