/**
 * The poller: fd readiness on an epoll instance of our own, waited on inside Node's event
 * loop from a libuv prepare handle (ARCHITECTURE.md, "Poller", has the measurements that
 * chose it over uv_poll, `koffi.node.poll` and epoll on a koffi async call).
 *
 * How it shares the thread with libuv: our epoll set holds the watched sockets and
 * libuv's own epoll fd (`uv_backend_fd`). While anyone waits, the prepare callback, which
 * libuv runs just before it would block in its own poll, blocks in `epoll_wait` on our set
 * instead, for as long as libuv would have (`uv_backend_timeout`). Socket readiness is
 * handled there and then, and the processes it wakes run, again and again, without a
 * trip through libuv or a native-to-JS callback per wake-up. It returns to libuv as soon
 * as libuv has anything to do: its fd became readable, a timer is due, an immediate or
 * a closing handle is pending. Microtasks and `process.nextTick` callbacks that the woken
 * processes queued run before each new wait, as they would after any Node callback.
 *
 * Contract:
 * - `watch(fd, READ | WRITE, cb)` arms interest; each direction fires once, then its
 *   interest is dropped. Watch again to wait again.
 * - Edge-triggered: a watch fires for readiness that arrives after the caller's last
 *   EAGAIN on that fd, which is when the socket layer waits. A caller that has not just
 *   seen EAGAIN (the next operation in a queue, `{otp, select_read}`) passes `level`,
 *   and a direction that is ready then fires at the next poll. The first watch of an fd,
 *   and the first for WRITE after a while without, are level-triggered anyway.
 * - No callback after `unwatch` of that direction or after `closeFd`.
 * - The event loop stays alive only while some interest is armed.
 *
 * An fd stays in the epoll set from its first watch to `closeFd`, so a waiter that
 * re-arms after every wake-up, the common case, costs no `epoll_ctl` at all; edges that
 * come while nobody waits are dropped. Only write interest is taken out again, when it
 * reports a readiness nobody waits for: an idle UDP socket would otherwise report an
 * edge for every datagram it sends.
 *
 * Only the main thread: the prepare handle lives on `uv_default_loop()`, Node's main
 * loop; `watch` throws in a worker thread.
 */
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';
import koffi from 'koffi';
import { C, S } from './constants.ts';
import { uv, uvPrepareCb, UV_PREPARE } from './libc.ts';
import { close, epoll_create1, epoll_ctl, epoll_wait } from './syscall.ts';
import { ioEnter, ioLeave } from '../runtime/process.ts';

/** Readable: data, a pending connection, end of stream or a pending error. */
export const READ = 1;
/** Writable: buffer space, or a non-blocking connect that finished. */
export const WRITE = 2;
/** A set of directions. */
export type Interest = 1 | 2 | 3;

/**
 * Called once per armed direction that became ready. `events` holds the directions that
 * fired: a callback registered for both gets one call when both are ready together, and
 * otherwise stays armed for the other. An error or hang-up on the fd (a refused connect,
 * an ICMP error on a connected UDP socket) fires every armed direction; the waiter
 * learns the real error by retrying its operation or reading `SO_ERROR`.
 */
export type Ready = (events: number) => void;

interface Watched {
  readonly fd: number;
  /** Tells this registration's events from those of an earlier fd with the same number. */
  readonly serial: number;
  /** Directions someone waits for. */
  want: number;
  /** Directions in the epoll mask; covers `want`, and may hold more until an event shows it. */
  armed: number;
  onRead: Ready | null;
  onWrite: Ready | null;
}

const loop = uv.default_loop();

/** Our epoll set, made by the first watch (a worker thread that imports this makes none). */
let ep = -1;

const EV = S.epoll_event;
const MAX_EVENTS = 256;
const events = Buffer.alloc(EV.size * MAX_EVENTS);
// epoll_event is packed on x86-64 (12 bytes) and not on arm64 (16); both keep every field
// 4-byte aligned, so one Int32Array view reads them all.
const words = new Int32Array(events.buffer, events.byteOffset, events.length >> 2);
const STRIDE = EV.size >> 2;
const EVENTS_AT = EV.off.events >> 2;
const FD_AT = EV.off.data >> 2;
const SERIAL_AT = FD_AT + 1;
const ctlEvent = Buffer.alloc(EV.size);

/** The `data.fd` under which libuv's own epoll fd sits in ours. */
const BACKEND = -1;
const IN = C.EPOLLIN;
const OUT = C.EPOLLOUT;
const ERR = C.EPOLLERR | C.EPOLLHUP;

// Indexed by fd: descriptors are small integers, and an element load is cheaper than a
// Map lookup on every event.
const byFd: (Watched | undefined)[] = [];
let serials = 0;
/** How many fds someone waits on. */
let waiting = 0;
/** Fds that reported write readiness nobody waited for, to be re-masked after the batch. */
let stale: Watched[] = [];

/** `epoll_ctl` with `data` = the fd (or `tag`) in its low half and `serial` in its high half. */
function ctl(op: number, fd: number, mask: number, serial: number, tag = fd): number {
  ctlEvent.writeUInt32LE(mask >>> 0, EV.off.events);
  ctlEvent.writeInt32LE(tag, EV.off.data);
  ctlEvent.writeInt32LE(serial, EV.off.data + 4);
  return epoll_ctl(ep, op, fd, ctlEvent);
}

// libuv keeps the handle's address for its life: native memory, which never moves.
const prepare: unknown = koffi.alloc('uint8_t', Number(uv.handle_size(UV_PREPARE)));
let prepareCb: unknown = null;

function init(): void {
  // Another thread's loop is not the one the prepare handle runs in: refuse loudly.
  if (!isMainThread) throw new Error('beamlet: the poller runs on the main thread only');
  ep = epoll_create1(C.EPOLL_CLOEXEC);
  if (ep < 0) throw new Error(`beamlet: epoll_create1 failed (${-ep})`);
  const r = ctl(C.EPOLL_CTL_ADD, uv.backend_fd(loop), IN, 0, BACKEND);
  if (r < 0) throw new Error(`beamlet: cannot poll libuv's backend fd (${-r})`);
  uv.prepare_init(loop, prepare);
  prepareCb = koffi.register(onPrepare, koffi.pointer(uvPrepareCb));
}

/** Whether the prepare handle runs (and so keeps the loop alive). */
let started = false;
/** Inside onPrepare: start/stop decisions wait for its end. */
let polling = false;

function sync(): void {
  if (polling) return;
  if (waiting > 0 && !started) {
    uv.prepare_start(prepare, prepareCb);
    started = true;
  } else if (waiting === 0 && started) {
    uv.prepare_stop(prepare);
    started = false;
  }
}

/** When libuv's clock was last brought forward (performance.now()). */
let clockAt = 0;

function onPrepare(): void {
  polling = true;
  // Callbacks since libuv last read its clock (timers, I/O) may have taken a while.
  uv.update_time(loop);
  clockAt = performance.now();
  let kick = false;
  try {
    while (waiting > 0) {
      const timeout: number = uv.backend_timeout(loop);
      const n = epoll_wait(ep, events, MAX_EVENTS, timeout);
      // libuv's clock (uv_now) bases every timer Node starts; it counts whole
      // milliseconds, so it is brought forward only when one may have passed.
      const now = performance.now();
      if (now - clockAt >= 1 || n <= 0) {
        uv.update_time(loop);
        clockAt = now;
      }
      if (n <= 0) {
        // Time-out: libuv's timers are due, and its own poll will not block. EINTR: a
        // signal, which libuv may have to handle; it must not block either.
        kick = n < 0;
        break;
      }
      if (dispatch(n)) {
        kick = true;
        break;
      }
      // libuv had work already (an immediate, a due timer): this pass took what was ready
      // without waiting, and libuv gets its turn before the next, or a stream of wake-ups
      // would starve it.
      if (timeout === 0) break;
      drainTicks();
    }
  } finally {
    polling = false;
  }
  drainTicks();
  sync();
  // Our sockets are not in libuv's epoll: if libuv blocked now, a readiness of ours would
  // wait for its next event. An immediate makes its poll non-blocking this once.
  if (kick && waiting > 0) setImmediate(noop);
}

function noop(): void {}

/** Runs the callbacks of `n` events and the processes they woke; true when libuv has work. */
function dispatch(n: number): boolean {
  let backend = false;
  ioEnter();
  for (let i = 0, at = 0; i < n; i++, at += STRIDE) {
    const fd = words[at + FD_AT]!;
    if (fd === BACKEND) {
      backend = true;
      continue;
    }
    const w = byFd[fd];
    if (w === undefined || w.serial !== words[at + SERIAL_AT]) continue;
    const ev = words[at + EVENTS_AT]!;
    let fired = (ev & IN ? READ : 0) | (ev & OUT ? WRITE : 0);
    if (ev & ERR) fired = w.want;
    if ((ev & OUT) !== 0 && (w.want & WRITE) === 0) stale.push(w);
    fired &= w.want;
    if (fired === 0) continue;
    if (fired === (READ | WRITE) && w.onRead === w.onWrite) {
      const cb = w.onRead!;
      disarm(w, fired);
      deliver(cb, fired);
    } else {
      // One direction at a time, each checked again after the previous callback, which
      // may have unwatched the other direction or closed the fd.
      if (fired & READ) fire(w, READ);
      if (fired & WRITE) fire(w, WRITE);
    }
  }
  // The processes the callbacks woke run now; one that waits again re-arms before the
  // stale masks are looked at, so a drained-and-rearmed fd costs no epoll_ctl.
  try {
    ioLeave();
  } catch (err) {
    rethrow(err);
  }
  if (stale.length > 0) trim();
  return backend;
}

/** Fds that reported write readiness nobody waits for lose WRITE from their mask. */
function trim(): void {
  const list = stale;
  stale = [];
  for (const w of list) {
    if (byFd[w.fd] !== w || (w.armed & WRITE) === 0 || (w.want & WRITE) !== 0) continue;
    w.armed &= ~WRITE;
    if (w.armed === 0) ctl(C.EPOLL_CTL_DEL, w.fd, 0, 0);
    else ctl(C.EPOLL_CTL_MOD, w.fd, mask(w.armed), w.serial);
  }
}

function fire(w: Watched, dir: 1 | 2): void {
  const cb = dir === READ ? w.onRead : w.onWrite;
  if (cb === null || (w.want & dir) === 0) return;
  disarm(w, dir);
  deliver(cb, dir);
}

/** Interest in `dirs` is gone; the epoll mask stays until it shows something unwanted. */
function disarm(w: Watched, dirs: number): void {
  const before = w.want;
  w.want &= ~dirs;
  if (dirs & READ) w.onRead = null;
  if (dirs & WRITE) w.onWrite = null;
  if (before !== 0 && w.want === 0) waiting--;
}

function deliver(cb: Ready, fired: number): void {
  try {
    cb(fired);
  } catch (err) {
    rethrow(err);
  }
}

/** A throw must not unwind through libuv; it surfaces as an ordinary uncaught exception. */
function rethrow(err: unknown): void {
  setImmediate(() => {
    throw err;
  });
}

/** Microtasks and nextTick callbacks queued by the processes just run. */
function drainTicks(): void {
  try {
    // Node's own name for "run the nextTick queue and the microtask queue now" (the
    // timers module calls it between timers); public on `process` since Node 0.x.
    (process as unknown as { _tickCallback(): void })._tickCallback();
  } catch (err) {
    rethrow(err);
  }
}

function mask(dirs: number): number {
  return ((dirs & READ ? IN : 0) | (dirs & WRITE ? OUT : 0) | C.EPOLLET) >>> 0;
}

/**
 * Wait for `events` on `fd`; `cb` runs once when one of them becomes ready (after the
 * caller's last EAGAIN; with `level`, also if it is ready now). Replaces an earlier
 * callback for the same direction. Returns 0, or a negative errno when epoll cannot poll
 * the fd (`-EPERM` for a regular file, `-EBADF`).
 */
export function watch(fd: number, events: Interest, cb: Ready, level = false): number {
  let w = byFd[fd];
  if (w === undefined) {
    if (ep < 0) init();
    const serial = (serials = (serials + 1) | 0);
    const r = ctl(C.EPOLL_CTL_ADD, fd, mask(events), serial);
    if (r < 0) return r;
    w = { fd, serial, want: 0, armed: events, onRead: null, onWrite: null };
    byFd[fd] = w;
  } else if ((events & ~w.armed) !== 0 || level) {
    // ADD and MOD both look at the fd's state now: what is ready fires (the level check).
    const armed = w.armed | events;
    const r = w.armed === 0 ? ctl(C.EPOLL_CTL_ADD, fd, mask(armed), w.serial) : ctl(C.EPOLL_CTL_MOD, fd, mask(armed), w.serial);
    if (r < 0) return r;
    w.armed = armed;
  }
  if (events & READ) w.onRead = cb;
  if (events & WRITE) w.onWrite = cb;
  if (w.want === 0) waiting++;
  w.want |= events;
  sync();
  return 0;
}

/** Stop waiting for `events` on `fd`; their callbacks will not run. */
export function unwatch(fd: number, events: Interest = 3): void {
  const w = byFd[fd];
  if (w === undefined) return;
  disarm(w, events);
  sync();
}

/** The directions someone currently waits for on `fd` (0 when none). */
export function interest(fd: number): number {
  return byFd[fd]?.want ?? 0;
}

/**
 * Close `fd` in the only safe order: take it out of the epoll set (a duplicate of the fd
 * elsewhere would otherwise keep it there), then `close(2)`. No callback runs for `fd`
 * afterwards. Returns 0 or a negative errno from close.
 */
export function closeFd(fd: number): number {
  const w = byFd[fd];
  if (w !== undefined) {
    byFd[fd] = undefined;
    disarm(w, READ | WRITE);
    if (w.armed !== 0) ctl(C.EPOLL_CTL_DEL, fd, 0, 0);
    sync();
  }
  return close(fd);
}
