/**
 * FFI micro-benchmark: one non-blocking recv that finds no data, one sendto, and one
 * readiness round trip through the poller, each in ns, beside the same system calls made
 * from C (bench/ffi/baseline.c, compiled with gcc in this run). The overhead column is
 * what koffi and the TypeScript wrapper add per operation; the target is under 300 ns.
 *
 *   npx tsx bench/ffi/run.ts [calls=1000000] [roundTrips=50000] [--quick]
 *
 * `--quick` (used by `npm run bench -- --quick`) defaults to 200,000 calls and 10,000
 * round trips.
 *
 * Rounds alternate C and TypeScript so both sides see the same machine load; each figure
 * is the best of five rounds. sendto makes a fifth of `calls`, as each one costs
 * microseconds in the kernel.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { C, S, poller, sys } from '../../ffi/index.ts';

const QUICK = process.argv.includes('--quick');
const [callsArg, roundTripsArg] = process.argv.slice(2).filter((a) => a !== '--quick');
const CALLS = Number(callsArg ?? (QUICK ? 200_000 : 1_000_000));
const ROUND_TRIPS = Number(roundTripsArg ?? (QUICK ? 10_000 : 50_000));
const BATCH = 256;
const SENDS = Math.ceil(CALLS / 5 / BATCH) * BATCH;
const REPEAT = 5;
const TARGET_NS = 300;

interface Sock {
  fd: number;
  addr: Buffer;
}

function check(r: number, what: string): number {
  if (r < 0) throw new Error(`${what} failed: errno ${-r}`);
  return r;
}

/** A non-blocking UDP socket bound to an ephemeral loopback port, with its address. */
function udp(): Sock {
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

function since(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0);
}

function recvEmpty(a: Sock, buf: Buffer): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) sys.recv(a.fd, buf, buf.length, 0);
  return since(t0) / CALLS;
}

function sendto(a: Sock, b: Sock, buf: Buffer): number {
  let spent = 0;
  for (let k = 0; k < SENDS / BATCH; k++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) sys.sendto(a.fd, buf, 16, 0, b.addr, b.addr.length);
    spent += since(t0);
    while (sys.recv(b.fd, buf, buf.length, 0) > 0);
  }
  return spent / SENDS;
}

/**
 * One UDP ping-pong through the poller: each side waits for READ, reads, answers, waits
 * again. With `viaImmediate` each side does so from a `setImmediate`, as a process woken
 * by beamlet's scheduler does.
 */
async function roundTrip(a: Sock, b: Sock, viaImmediate: boolean): Promise<number> {
  const buf = Buffer.alloc(64);
  const ns = await new Promise<number>((resolve) => {
    let left = ROUND_TRIPS;
    const runA = (): void => {
      while (sys.recv(a.fd, buf, buf.length, 0) > 0) {
        if (--left === 0) return resolve(since(t0) / ROUND_TRIPS);
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
    const t0 = process.hrtime.bigint();
    sys.sendto(a.fd, buf, 4, 0, b.addr, b.addr.length);
  });
  // b's last answer may still be in flight: stop b, let the poller settle, drain both.
  poller.unwatch(b.fd);
  await new Promise<void>((resolve) => setImmediate(resolve));
  while (sys.recv(a.fd, buf, buf.length, 0) > 0 || sys.recv(b.fd, buf, buf.length, 0) > 0);
  return ns;
}

type Op = 'recv_empty' | 'sendto' | 'readiness' | 'readiness_immediate';

const ROWS: readonly [Op, string, Op][] = [
  ['recv_empty', 'recv, no data (EAGAIN)', 'recv_empty'],
  ['sendto', 'sendto, 16 B UDP on loopback', 'sendto'],
  ['readiness', 'UDP ping-pong round trip via poller', 'readiness'],
  ['readiness_immediate', 'same, re-armed from setImmediate', 'readiness'],
];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'beamlet-bench-ffi-'));
  const exe = join(dir, 'baseline');
  execFileSync('gcc', ['-O2', '-Wall', '-o', exe, fileURLToPath(new URL('./baseline.c', import.meta.url))]);
  const cRun = (op: Op): number => {
    const n = op === 'recv_empty' ? CALLS : op === 'sendto' ? SENDS : ROUND_TRIPS;
    return Number(execFileSync(exe, [op, String(n)], { encoding: 'utf8' }));
  };

  const a = udp();
  const b = udp();
  const buf = Buffer.alloc(64);
  // Warm up the JIT and koffi's call paths before timing.
  for (let i = 0; i < 100_000; i++) sys.recv(a.fd, buf, buf.length, 0);
  const jsRun = (op: Op): Promise<number> | number =>
    op === 'recv_empty'
      ? recvEmpty(a, buf)
      : op === 'sendto'
        ? sendto(a, b, buf)
        : roundTrip(a, b, op === 'readiness_immediate');

  const js: Record<string, number> = {};
  const c: Record<string, number> = {};
  for (let k = 0; k < REPEAT; k++) {
    for (const [op, , cOp] of ROWS) {
      js[op] = Math.min(js[op] ?? Infinity, await jsRun(op));
      if (cOp === op) c[op] = Math.min(c[op] ?? Infinity, cRun(op));
    }
  }
  poller.closeFd(a.fd);
  poller.closeFd(b.fd);
  rmSync(dir, { recursive: true });

  console.log(`FFI overhead per operation (${process.platform}-${process.arch}, node ${process.version}, best of ${REPEAT} alternating rounds)`);
  console.log('| operation | C ns | beamlet ns | overhead ns | target |');
  console.log('|---|---:|---:|---:|---|');
  for (const [op, label, cOp] of ROWS) {
    const over = js[op]! - c[cOp]!;
    // A round trip is 2 readiness events plus 2 recv and 2 sendto: no per-call target.
    const verdict = cOp === 'readiness' ? '' : over < TARGET_NS ? `under ${TARGET_NS}` : `OVER ${TARGET_NS}`;
    console.log(`| ${label} | ${c[cOp]!.toFixed(0)} | ${js[op]!.toFixed(0)} | ${over.toFixed(0)} | ${verdict} |`);
  }
}

await main();
