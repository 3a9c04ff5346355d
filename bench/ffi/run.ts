/**
 * FFI micro-benchmark: one non-blocking recv that finds no data, one sendto, and one
 * readiness round trip through the poller, each in ns, beside the same system calls made
 * from C (bench/ffi/baseline.c, compiled with gcc in this run). The overhead column is
 * what koffi and the TypeScript wrapper add per operation; the target is under 300 ns.
 *
 *   npx tsx bench/ffi/run.ts [calls=1000000] [roundTrips=50000]
 *
 * Each figure is the best of five runs, on both sides. sendto makes a fifth of `calls`,
 * as each one costs microseconds in the kernel.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { C, S, poller, sys } from '../../ffi/index.ts';

const CALLS = Number(process.argv[2] ?? 1_000_000);
const ROUND_TRIPS = Number(process.argv[3] ?? 50_000);
const SENDS = Math.ceil(CALLS / 5 / 256) * 256;
const REPEAT = 5;
const BATCH = 256;
const TARGET_NS = 300;

function check(r: number, what: string): number {
  if (r < 0) throw new Error(`${what} failed: errno ${-r}`);
  return r;
}

/** A non-blocking UDP socket bound to an ephemeral loopback port, with its address. */
function udp(): { fd: number; addr: Buffer } {
  const fd = check(sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0), 'socket');
  const addr = Buffer.alloc(S.sockaddr_in.size);
  addr.writeUInt16LE(C.AF_INET, S.sockaddr_in.off.sin_family);
  addr.writeUInt32BE(0x7f000001, S.sockaddr_in.off.sin_addr);
  check(sys.bind(fd, addr, addr.length), 'bind');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(addr.length);
  check(sys.getsockname(fd, addr, len), 'getsockname');
  return { fd, addr };
}

function best(run: () => number): number {
  let r = Infinity;
  for (let k = 0; k < REPEAT; k++) r = Math.min(r, run());
  return r;
}

function ns(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0);
}

function recvEmpty(fd: number, buf: Buffer): number {
  return best(() => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) sys.recv(fd, buf, buf.length, 0);
    return ns(t0) / CALLS;
  });
}

function sendto(from: number, to: { fd: number; addr: Buffer }, buf: Buffer): number {
  const batches = SENDS / BATCH;
  return best(() => {
    let spent = 0;
    for (let k = 0; k < batches; k++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i++) sys.sendto(from, buf, 16, 0, to.addr, to.addr.length);
      spent += ns(t0);
      while (sys.recv(to.fd, buf, buf.length, 0) > 0);
    }
    return spent / (batches * BATCH);
  });
}

/**
 * One UDP ping-pong through the poller: each side waits for READ, reads, answers, waits
 * again. With `viaImmediate` each side does so from a `setImmediate`, as a process woken
 * by beamlet's scheduler does.
 */
function roundTrip(a: { fd: number; addr: Buffer }, b: { fd: number; addr: Buffer }, viaImmediate: boolean): Promise<number> {
  const buf = Buffer.alloc(64);
  const once = (): Promise<number> =>
    new Promise((resolve) => {
      let left = ROUND_TRIPS;
      let t0 = 0n;
      const runA = (): void => {
        while (sys.recv(a.fd, buf, buf.length, 0) > 0) {
          if (--left === 0) return resolve(ns(t0) / ROUND_TRIPS);
          sys.sendto(a.fd, buf, 4, 0, b.addr, b.addr.length);
        }
        poller.watch(a.fd, poller.READ, onA);
      };
      const runB = (): void => {
        while (sys.recv(b.fd, buf, buf.length, 0) > 0) sys.sendto(b.fd, buf, 4, 0, a.addr, a.addr.length);
        poller.watch(b.fd, poller.READ, onB);
      };
      const onA = viaImmediate ? () => setImmediate(runA) : runA;
      const onB = viaImmediate ? () => setImmediate(runB) : runB;
      poller.watch(a.fd, poller.READ, onA);
      poller.watch(b.fd, poller.READ, onB);
      t0 = process.hrtime.bigint();
      sys.sendto(a.fd, buf, 4, 0, b.addr, b.addr.length);
    });
  return (async () => {
    let r = Infinity;
    for (let k = 0; k < REPEAT; k++) {
      r = Math.min(r, await once());
      // The last answer from b may still be in flight; let the poller settle between runs.
      poller.unwatch(b.fd);
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (sys.recv(a.fd, buf, buf.length, 0) > 0 || sys.recv(b.fd, buf, buf.length, 0) > 0);
    }
    return r;
  })();
}

function baseline(): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'beamlet-bench-ffi-'));
  try {
    const exe = join(dir, 'baseline');
    const src = fileURLToPath(new URL('./baseline.c', import.meta.url));
    execFileSync('gcc', ['-O2', '-Wall', '-o', exe, src]);
    const out = execFileSync(exe, [String(CALLS), String(SENDS), String(ROUND_TRIPS)], { encoding: 'utf8' });
    return Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
        .map(([k, v]) => [k!, Number(v)]),
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
}

async function main(): Promise<void> {
  const a = udp();
  const b = udp();
  const buf = Buffer.alloc(64);
  // Warm up the JIT and koffi's call paths before timing.
  for (let i = 0; i < 100_000; i++) sys.recv(a.fd, buf, buf.length, 0);

  const js = {
    recv_empty: recvEmpty(a.fd, buf),
    sendto: sendto(a.fd, b, buf),
    readiness: await roundTrip(a, b, false),
    readiness_immediate: await roundTrip(a, b, true),
  };
  poller.closeFd(a.fd);
  poller.closeFd(b.fd);
  const c = baseline();

  const rows = [
    ['recv_empty', 'recv, no data (EAGAIN)'],
    ['sendto', 'sendto, 16 B UDP on loopback'],
    ['readiness', 'UDP ping-pong round trip via poller'],
    ['readiness_immediate', 'same, re-armed from setImmediate'],
  ] as const;
  console.log(`FFI overhead per operation (${process.platform}-${process.arch}, node ${process.version}, best of ${REPEAT})`);
  console.log('| operation | C ns | beamlet ns | overhead ns | per call |');
  console.log('|---|---:|---:|---:|---|');
  for (const [key, label] of rows) {
    const cNs = c[key === 'readiness_immediate' ? 'readiness' : key]!;
    const jsNs = js[key];
    const over = jsNs - cNs;
    // A round trip holds 2 readiness events, 2 recv, 2 sendto and the re-arms.
    const perCall = key.startsWith('readiness') ? '' : over < TARGET_NS ? `under ${TARGET_NS}` : `OVER ${TARGET_NS}`;
    console.log(`| ${label} | ${cNs.toFixed(0)} | ${jsNs.toFixed(0)} | ${over.toFixed(0)} | ${perCall} |`);
  }
}

await main();
