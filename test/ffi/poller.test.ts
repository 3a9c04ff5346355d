/**
 * The poller on real sockets: readiness for read, write, accept and connect completion
 * (refused included), one-shot interest, unwatch, close while watched, ten thousand
 * watched sockets, and which handles keep the event loop alive.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { connect, createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { C, S, posix, poller, sys } from '../../ffi/index.ts';
import type { Interest } from '../../ffi/index.ts';
import { checkFdLeaks } from '../helpers/fds.ts';

checkFdLeaks();

const NB = C.SOCK_NONBLOCK | C.SOCK_CLOEXEC;
const { READ, WRITE } = poller;

function ok(r: number): number {
  if (r < 0) throw new Error(`syscall failed: ${String(posix(r))}`);
  return r;
}

function pair(type: number = C.SOCK_STREAM): [number, number] {
  const sv = Buffer.alloc(8);
  ok(sys.socketpair(C.AF_UNIX, type | NB, 0, sv));
  return [sv.readInt32LE(0), sv.readInt32LE(4)];
}

function loopback(port = 0): Buffer {
  const sa = Buffer.alloc(S.sockaddr_in.size);
  sa.writeUInt16LE(C.AF_INET, S.sockaddr_in.off.sin_family);
  sa.writeUInt16BE(port, S.sockaddr_in.off.sin_port);
  sa.writeUInt32BE(0x7f000001, S.sockaddr_in.off.sin_addr);
  return sa;
}

function sockname(fd: number): Buffer {
  const sa = Buffer.alloc(S.sockaddr_in.size);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(sa.length);
  ok(sys.getsockname(fd, sa, len));
  return sa;
}

function soError(fd: number): number {
  const v = Buffer.alloc(4);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(4);
  ok(sys.getsockopt(fd, C.SOL_SOCKET, C.SO_ERROR, v, len));
  return v.readInt32LE();
}

function closeAll(...fds: number[]): void {
  for (const fd of fds) ok(poller.closeFd(fd));
}

/** The directions of the next readiness of `fd` for `events`; level-triggered unless `level` is false. */
function ready(fd: number, events: Interest, level = true): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = poller.watch(fd, events, resolve, level);
    if (r < 0) reject(new Error(`watch failed: ${String(posix(r))}`));
  });
}

/** Let the event loop run `n` full iterations, each with a poll phase. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('readiness', () => {
  it('READ fires when data arrives', async () => {
    const [a, b] = pair();
    const p = ready(b, READ);
    sys.send(a, Buffer.from('hi'), 2, 0);
    expect(await p).toBe(READ);
    const buf = Buffer.alloc(8);
    expect(sys.recv(b, buf, 8, 0)).toBe(2);
    closeAll(a, b);
  });

  it('WRITE fires at once on a socket with buffer space', async () => {
    const [a, b] = pair();
    expect(await ready(a, WRITE)).toBe(WRITE);
    closeAll(a, b);
  });

  it('WRITE waits while the send buffer is full and fires once the peer drains it', async () => {
    const [a, b] = pair();
    const chunk = Buffer.alloc(65536);
    let sent = 0;
    for (;;) {
      const r = sys.send(a, chunk, chunk.length, 0);
      if (r < 0) {
        expect(posix(r)).toBe('eagain');
        break;
      }
      sent += r;
    }
    let fired = false;
    const p = ready(a, WRITE).then((r) => {
      fired = true;
      return r;
    });
    await turns(3);
    expect(fired).toBe(false);
    let drained = 0;
    while (drained < sent) {
      const r = sys.recv(b, chunk, chunk.length, 0);
      if (r <= 0) break;
      drained += r;
    }
    expect(drained).toBe(sent);
    expect(await p).toBe(WRITE);
    closeAll(a, b);
  });

  it('READ on a listening socket fires for a pending connection', async () => {
    const lfd = ok(sys.socket(C.AF_INET, C.SOCK_STREAM | NB, 0));
    ok(sys.bind(lfd, loopback(), S.sockaddr_in.size));
    ok(sys.listen(lfd, 16));
    expect(posix(sys.accept4(lfd, null, null, NB))).toBe('eagain');
    const p = ready(lfd, READ);
    const cfd = ok(sys.socket(C.AF_INET, C.SOCK_STREAM | NB, 0));
    const r = sys.connect(cfd, sockname(lfd), S.sockaddr_in.size);
    expect(r === 0 || posix(r) === 'einprogress').toBe(true);
    expect(await p).toBe(READ);
    const afd = ok(sys.accept4(lfd, null, null, NB));
    closeAll(afd, cfd, lfd);
  });

  it('WRITE completes a non-blocking connect; SO_ERROR is 0', async () => {
    const lfd = ok(sys.socket(C.AF_INET, C.SOCK_STREAM | NB, 0));
    ok(sys.bind(lfd, loopback(), S.sockaddr_in.size));
    ok(sys.listen(lfd, 16));
    const cfd = ok(sys.socket(C.AF_INET, C.SOCK_STREAM | NB, 0));
    const r = sys.connect(cfd, sockname(lfd), S.sockaddr_in.size);
    expect(r === 0 || posix(r) === 'einprogress').toBe(true);
    expect(await ready(cfd, WRITE)).toBe(WRITE);
    expect(soError(cfd)).toBe(0);
    closeAll(cfd, lfd);
  });

  it('a refused connect completes with WRITE and SO_ERROR holds econnrefused', async () => {
    // A port nobody listens on: bound, never listening.
    const holder = ok(sys.socket(C.AF_INET, C.SOCK_STREAM | NB, 0));
    ok(sys.bind(holder, loopback(), S.sockaddr_in.size));
    const cfd = ok(sys.socket(C.AF_INET, C.SOCK_STREAM | NB, 0));
    const r = sys.connect(cfd, sockname(holder), S.sockaddr_in.size);
    if (r < 0 && posix(r) !== 'einprogress') {
      // Loopback may refuse synchronously; that is the same answer, earlier.
      expect(posix(r)).toBe('econnrefused');
    } else {
      expect(await ready(cfd, WRITE)).toBe(WRITE);
      expect(posix(soError(cfd))).toBe('econnrefused');
    }
    closeAll(cfd, holder);
  });
});

describe('interest', () => {
  it('is one-shot: unread data does not fire again until watched again, with level', async () => {
    const [a, b] = pair();
    let calls = 0;
    poller.watch(b, READ, () => calls++);
    sys.send(a, Buffer.from('x'), 1, 0);
    await turns(5);
    expect(calls).toBe(1);
    expect(poller.interest(b)).toBe(0);
    // Edge-triggered: no EAGAIN since, and no new data, so a plain watch stays quiet...
    poller.watch(b, READ, () => calls++);
    await turns(5);
    expect(calls).toBe(1);
    // ...while a level watch counts the unread byte.
    expect(await ready(b, READ)).toBe(READ);
    closeAll(a, b);
  });

  it('after EAGAIN a plain watch fires for the next data, each time', async () => {
    const [a, b] = pair();
    const buf = Buffer.alloc(16);
    for (let i = 0; i < 3; i++) {
      expect(posix(sys.recv(b, buf, 16, 0))).toBe('eagain');
      const fired = ready(b, READ, false);
      await turns(2);
      sys.send(a, Buffer.from('y'), 1, 0);
      expect(await fired).toBe(READ);
      expect(sys.recv(b, buf, 16, 0)).toBe(1);
    }
    closeAll(a, b);
  });

  it('unwatch drops interest: its callback never runs', async () => {
    const [a, b] = pair();
    let calls = 0;
    poller.watch(b, READ, () => calls++);
    poller.unwatch(b, READ);
    sys.send(a, Buffer.from('x'), 1, 0);
    await turns(5);
    expect(calls).toBe(0);
    expect(poller.interest(b)).toBe(0);
    closeAll(a, b);
  });

  it('one callback for both directions is called once with both', async () => {
    const [a, b] = pair();
    sys.send(a, Buffer.from('x'), 1, 0);
    expect(await ready(b, (READ | WRITE) as Interest)).toBe(READ | WRITE);
    closeAll(a, b);
  });

  it('separate callbacks per direction are each called with their own direction', async () => {
    const [a, b] = pair();
    const r = ready(b, READ);
    const w = ready(b, WRITE);
    sys.send(a, Buffer.from('x'), 1, 0);
    expect(await Promise.all([r, w])).toEqual([READ, WRITE]);
    closeAll(a, b);
  });

  it('a waiter that re-arms on every readiness sees every datagram of a ping-pong', async () => {
    const [a, b] = pair(C.SOCK_DGRAM);
    const rounds = 5000;
    const buf = Buffer.alloc(16);
    const msg = Buffer.from('p');
    await new Promise<void>((resolve) => {
      let left = rounds;
      const onA = (): void => {
        while (sys.recv(a, buf, 16, 0) > 0) {
          if (--left === 0) return resolve();
          sys.send(a, msg, 1, 0);
        }
        poller.watch(a, READ, onA);
      };
      // The other side re-arms from a microtask, as a process woken by the scheduler would.
      const onB = (): void =>
        queueMicrotask(() => {
          while (sys.recv(b, buf, 16, 0) > 0) sys.send(b, msg, 1, 0);
          poller.watch(b, READ, onB);
        });
      poller.watch(a, READ, onA);
      poller.watch(b, READ, onB);
      sys.send(a, msg, 1, 0);
    });
    closeAll(a, b);
  });

  it('refuses what epoll cannot poll, such as a regular file', () => {
    const fd = ok(sys.open('/proc/self/status', C.O_RDONLY | C.O_CLOEXEC));
    expect(poller.watch(fd, READ, () => undefined)).toBeLessThan(0);
    expect(poller.interest(fd)).toBe(0);
    closeAll(fd);
  });
});

describe('closeFd', () => {
  it('closes a watched fd with no callback afterwards, and its number can be watched anew', async () => {
    const [a, b] = pair();
    let calls = 0;
    poller.watch(b, READ, () => calls++);
    sys.send(a, Buffer.from('x'), 1, 0);
    ok(poller.closeFd(b));
    await turns(5);
    expect(calls).toBe(0);
    expect(posix(sys.fcntl(b, C.F_GETFD, 0))).toBe('ebadf');
    // The kernel hands out the lowest free number: the new pair reuses b's.
    const [c, d] = pair();
    expect([c, d]).toContain(b);
    const p = ready(b, READ);
    sys.send(b === c ? d : c, Buffer.from('y'), 1, 0);
    expect(await p).toBe(READ);
    expect(calls).toBe(0);
    closeAll(a, c, d);
  });

  it('a READ callback that closes the fd stops its pending WRITE callback', async () => {
    const [a, b] = pair();
    const calls: string[] = [];
    poller.watch(b, READ, () => {
      calls.push('read');
      ok(poller.closeFd(b));
    });
    poller.watch(b, WRITE, () => calls.push('write'));
    sys.send(a, Buffer.from('x'), 1, 0);
    await turns(5);
    expect(calls).toEqual(['read']);
    closeAll(a);
  });

  it('a READ callback that unwatches WRITE stops the WRITE callback of the same readiness', async () => {
    const [a, b] = pair();
    const calls: string[] = [];
    poller.watch(b, READ, () => {
      calls.push('read');
      poller.unwatch(b, WRITE);
    });
    poller.watch(b, WRITE, () => calls.push('write'));
    sys.send(a, Buffer.from('x'), 1, 0);
    await turns(5);
    expect(calls).toEqual(['read']);
    expect(poller.interest(b)).toBe(0);
    closeAll(a, b);
  });

  it('a callback that closes another fd ready in the same iteration stops its callback', async () => {
    const [a, b] = pair();
    const [c, d] = pair();
    const calls: number[] = [];
    const onReady = (me: number, other: number) => () => {
      calls.push(me);
      ok(poller.closeFd(other));
    };
    poller.watch(b, READ, onReady(b, d));
    poller.watch(d, READ, onReady(d, b));
    sys.send(a, Buffer.from('x'), 1, 0);
    sys.send(c, Buffer.from('x'), 1, 0);
    await turns(5);
    expect(calls.length).toBe(1);
    const survivor = calls[0] === b ? b : d;
    closeAll(a, c, survivor);
  });

  it('returns ebadf for a descriptor that is not open', () => {
    const [a, b] = pair();
    closeAll(a, b);
    expect(posix(poller.closeFd(a))).toBe('ebadf');
  });
});

/** The soft and hard RLIMIT_NOFILE of this process. */
function nofile(): [number, number] {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'))!;
  const [soft, hard] = line.split(/\s+/).slice(3, 5).map(Number) as [number, number];
  return [soft, hard];
}

describe('scale', () => {
  it('ten thousand sockets watched at once each fire exactly once', async () => {
    const N = 10_000;
    const [soft, hard] = nofile();
    if (soft < N + 1000) {
      // Raise this process's own limit from outside (we are root); util-linux prlimit.
      execFileSync('prlimit', [`--pid=${process.pid}`, `--nofile=${hard}:${hard}`]);
    }
    expect(nofile()[0]).toBeGreaterThanOrEqual(N + 1000);
    const fds: number[] = [];
    for (let i = 0; i < N / 2; i++) fds.push(...pair());
    const fired = new Map<number, number>();
    for (const fd of fds) {
      expect(poller.watch(fd, READ, () => fired.set(fd, (fired.get(fd) ?? 0) + 1))).toBe(0);
    }
    const one = Buffer.from('x');
    for (const fd of fds) expect(sys.send(fd, one, 1, 0)).toBe(1);
    while (fired.size < N) await turns(1);
    await turns(3);
    expect([...fired.values()].every((n) => n === 1)).toBe(true);
    closeAll(...fds);
  });
});

describe('sharing the thread with libuv', () => {
  // While anyone waits, the poller blocks in its own epoll_wait where libuv would have
  // blocked: everything else Node does must still run, on time.

  it("Node's own sockets, child processes and immediates run while the poller waits", async () => {
    const [a, b] = pair();
    let fired = 0;
    poller.watch(b, READ, () => fired++);
    const echoed = await new Promise<string>((resolve) => {
      const server = createServer((c) => c.pipe(c));
      server.listen(0, '127.0.0.1', () => {
        const c = connect((server.address() as AddressInfo).port, '127.0.0.1', () => c.write('net'));
        c.on('data', (d) => {
          c.destroy();
          server.close();
          resolve(d.toString());
        });
      });
    });
    expect(echoed).toBe('net');
    expect(execFileSync('echo', ['child']).toString()).toBe('child\n');
    const out = await new Promise<string>((resolve) => {
      const p = spawn('echo', ['spawned'], { stdio: ['ignore', 'pipe', 'ignore'] });
      p.stdout!.on('data', (d: Buffer) => resolve(d.toString()));
    });
    expect(out).toBe('spawned\n');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(fired).toBe(0);
    expect(poller.interest(b)).toBe(READ);
    closeAll(a, b);
  });

  it('a timer set during a stream of wake-ups fires once due, neither early nor starved', async () => {
    const [a, b] = pair(C.SOCK_DGRAM);
    const buf = Buffer.alloc(16);
    const msg = Buffer.from('p');
    let rounds = 0;
    let timerAt = 0;
    let firedAt = 0;
    // A ping-pong that never stops by itself: the poller's loop stays busy with it and
    // must still hand the thread back to libuv when the timer is due.
    const bounce = (fd: number) => (): void => {
      while (sys.recv(fd, buf, 16, 0) > 0) {
        if (++rounds === 100) {
          timerAt = performance.now();
          setTimeout(() => {
            firedAt = performance.now();
          }, 20);
        }
        if (firedAt === 0) sys.send(fd, msg, 1, 0);
      }
      if (firedAt === 0) poller.watch(fd, READ, bounce(fd));
    };
    poller.watch(a, READ, bounce(a));
    poller.watch(b, READ, bounce(b));
    sys.send(a, msg, 1, 0);
    while (firedAt === 0) await new Promise<void>((resolve) => setTimeout(resolve, 5));
    expect(rounds).toBeGreaterThan(100);
    // Node may run a timer up to a millisecond before its time, as libuv counts whole ms.
    expect(firedAt - timerAt).toBeGreaterThanOrEqual(19);
    closeAll(a, b);
  });
});

describe('event loop', () => {
  const child = fileURLToPath(new URL('./poller-child.ts', import.meta.url));

  /** Run the child in `mode`, calling `onLine` per line of its output; resolves with its exit code and output. */
  function run(mode: string, onLine: (line: string) => void): Promise<[number | null, string]> {
    return new Promise((resolve) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
      const seen: string[] = [];
      let partial = '';
      proc.stdout!.on('data', (d: Buffer) => {
        const lines = (partial + d.toString()).split('\n');
        partial = lines.pop()!;
        for (const l of lines) {
          onLine(l);
          seen.push(l);
        }
      });
      proc.on('exit', (code) => resolve([code, seen.join('\n')]));
    });
  }

  it('an armed fd keeps the process alive until ready; once satisfied the process exits', async () => {
    const [code, out] = await run('armed', (line) => {
      const m = /^port (\d+)$/.exec(line);
      if (m === null) return;
      const fd = ok(sys.socket(C.AF_INET, C.SOCK_DGRAM | NB, 0));
      expect(sys.sendto(fd, Buffer.from('ping'), 4, 0, loopback(Number(m[1])), S.sockaddr_in.size)).toBe(4);
      ok(sys.close(fd));
    });
    expect(code).toBe(0);
    expect(out).toContain('got ping');
  });

  it('a callback that throws surfaces as an uncaught exception; the other callbacks still run', async () => {
    const [code, out] = await run('throws', () => undefined);
    expect(code).toBe(0);
    expect(out.split('\n').sort()).toEqual(['second callback', 'uncaught boom']);
  });

  it('refuses to watch from a worker thread, whose loop is not the one it polls', async () => {
    // The worker loads TypeScript through tsx's loader, registered inside the worker.
    const entry = JSON.stringify(new URL('./poller-worker.ts', import.meta.url).href);
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`;
    const worker = new Worker(boot, { eval: true });
    const answer = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(answer).toBe('beamlet: the poller runs on the main thread only');
  });

  it('a promise settled in a callback continues while the poller waits on', async () => {
    // The child's other fd never becomes ready: without the poller draining microtasks
    // before it waits again, the await would never return and the child would hang.
    const [code, out] = await run('promise', () => undefined);
    expect(code).toBe(0);
    expect(out).toBe('settled');
  });

  it('an immediate set during an endless stream of wake-ups runs while the stream goes on', async () => {
    // In a child: under vitest, its own traffic on libuv's fd would hand the thread back anyway.
    const [code, out] = await run('immediate', () => undefined);
    expect(code).toBe(0);
    expect(out).toBe('ran during the stream');
  });

  it('a watched then unwatched fd does not keep the process alive', async () => {
    const [code, out] = await run('unwatched', () => undefined);
    expect(code).toBe(0);
    expect(out).toBe('idle');
  });
});
