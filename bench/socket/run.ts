/**
 * Socket benchmarks: the same workloads in C, koffi, beamlet, Node (`net`/`dgram`) and
 * OTP's `socket` module, client and server as separate OS processes, each row measured
 * twice: both processes pinned to CPU 0 (`taskset -c 0`, the figure that counts, because
 * this VM wakes an idle CPU slowly and makes cross-CPU ping-pong bimodal) and unpinned.
 *
 *   npx tsx bench/socket/run.ts [--quick] [--tsx] [workload...]
 *   npx tsx bench/socket/run.ts --ladder [--quick] [workload...]   (design by design: LADDER)
 *
 * The koffi side (koffi.ts) is bench.c translated call for call to JavaScript on koffi,
 * with no beamlet runtime: it is the floor of any koffi-based implementation, so koffi/C
 * is the cost of reaching the kernel through koffi at all and beamlet/koffi what beamlet
 * adds.
 *
 * The koffi, beamlet and Node sides run compiled, as beamlet ships (`npm run build` makes
 * dist/, which the package exports): the runner compiles the sources with tsc into a
 * temporary folder first. `--tsx` runs them from source through tsx instead, as during
 * development: there each named closure pays esbuild's keepNames wrapper, and tsx's
 * loader adds about 2 MB to the heap, enough to push the TCP stream sink into a full GC
 * on most young collections (ARCHITECTURE.md, "Socket benchmarks").
 *
 * Every client makes two warm-ups and three measured repetitions and the table shows the
 * median; each repetition is bounded in count and in time (SECONDS, or 3 x SECONDS for
 * the workloads with a fixed count), and every process has a time-out. Loopback only.
 * A side that cannot run (OTP without `erl`, a beamlet call not written yet) shows n/a.
 * A second table gives CPU time per operation, client and server together, read from
 * /proc/PID/stat around each repetition (the runner names the server's processes in
 * BENCH_SERVER_PIDS): it moves far less than the rates when other work shares the CPUs.
 * It is the repetition's CPU over rate x its duration, so setup inside a repetition
 * (the 1,000 connects) is counted too, on every side alike.
 *
 * Wire protocol, shared by bench.c, koffi.ts, beamlet.ts, node.ts and otp.erl. The server
 * prints `PORT <n>` once bound; the client prints `{"warm":r,"reps":[r,r,r]}`.
 * - tcp_pingpong: one connection (TCP_NODELAY); the client writes 64 bytes, the server
 *   echoes them, the client reads 64 bytes: one round trip.
 * - tcp_stream: per repetition a connection; the client writes 64 KiB chunks up to BYTES,
 *   then shuts down its write side; the server reads to EOF, up to 64 KiB per call
 *   (`{otp, rcvbuf}` raised from its 8 KiB default on OTP and beamlet), and answers with
 *   the byte count (8 bytes, little-endian). Time runs until that answer arrives.
 * - tcp_connect: per repetition up to 10,000 times: connect, the server accepts and
 *   closes, the client reads EOF and closes.
 * - tcp_concurrent: 1,000 connections (one process each on beamlet and OTP), all
 *   connected before the clock starts; each makes up to 100 echo round trips of 64 bytes.
 * - udp_stream / udp_mmsg: a connected sender sends 64-byte datagrams (one per call, or
 *   sendmmsg batches of 64); the receiver (SO_RCVBUF 4 MiB) acknowledges the running
 *   count with a 4-byte datagram each time it passes a multiple of 64; the sender keeps
 *   at most 256 unacknowledged, so the kernel drops nothing, and a repetition ends when
 *   everything sent is acknowledged. A missing ack for 1 s ends the run as a failure.
 * - udp_rr: one 64-byte datagram each way per round trip.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The sides of the tables, and the two designs only the ladder runs (rungs.ts). */
type Impl = 'C' | 'koffi' | 'beamlet' | 'Node' | 'OTP' | 'tryfirst' | 'poller';
type Pin = 'pinned' | 'unpinned';

interface Workload {
  readonly name: string;
  readonly label: string;
  readonly unit: string;
  /** Rates are printed divided by this, so the table stays narrow. */
  readonly scale: number;
  readonly scaleName: string;
  /** The unit of the CPU table, and the factor from CPU seconds per rate unit to it. */
  readonly cpuUnit: string;
  readonly cpuScale: number;
  /** Why a side has no such row. */
  readonly na?: Partial<Record<Impl, string>>;
}

const WORKLOADS: readonly Workload[] = [
  { name: 'tcp_pingpong', label: 'TCP ping-pong 64 B', unit: 'round trips/s', scale: 1e3, scaleName: 'k', cpuUnit: 'µs/round trip', cpuScale: 1e6 },
  { name: 'tcp_stream', label: 'TCP stream 64 KiB writes', unit: 'GB/s', scale: 1, scaleName: '', cpuUnit: 'ms/GB', cpuScale: 1e3 },
  { name: 'tcp_connect', label: 'TCP connect+accept+close', unit: 'connections/s', scale: 1e3, scaleName: 'k', cpuUnit: 'µs/connection', cpuScale: 1e6 },
  { name: 'tcp_concurrent', label: 'TCP 1,000 conns x 100 RT', unit: 'round trips/s', scale: 1e3, scaleName: 'k', cpuUnit: 'µs/round trip', cpuScale: 1e6 },
  { name: 'udp_stream', label: 'UDP 64 B sendto/recvfrom', unit: 'datagrams/s', scale: 1e3, scaleName: 'k', cpuUnit: 'µs/datagram', cpuScale: 1e6 },
  {
    name: 'udp_mmsg', label: 'UDP 64 B sendmmsg/recvmmsg x64', unit: 'datagrams/s', scale: 1e3, scaleName: 'k',
    cpuUnit: 'µs/datagram', cpuScale: 1e6,
    na: { Node: 'dgram has no batch API', OTP: 'OTP 25 has no sendmmsg/recvmmsg' },
  },
  { name: 'udp_rr', label: 'UDP request/response 64 B', unit: 'round trips/s', scale: 1e3, scaleName: 'k', cpuUnit: 'µs/round trip', cpuScale: 1e6 },
];

const IMPLS: readonly Impl[] = ['C', 'koffi', 'beamlet', 'Node', 'OTP'];

/**
 * `--ladder`: TCP ping-pong (or each of the LADDER_WORKLOADS named) pinned, from C up to
 * beamlet one design decision at a time, in interleaved rounds (this VM's rates drift by
 * several per cent over minutes, more than some steps), each rung the median of its rounds.
 */
const LADDER: readonly { readonly impl: Impl; readonly what: string }[] = [
  { impl: 'C', what: 'blocking calls in C (bench.c)' },
  { impl: 'koffi', what: 'the same calls from JS through koffi (koffi.ts)' },
  { impl: 'tryfirst', what: "OTP's order: non-blocking, try, wait in epoll after EAGAIN (rungs.ts)" },
  { impl: 'poller', what: "the same as callbacks of ffi/poller.ts in Node's event loop (rungs.ts)" },
  { impl: 'beamlet', what: 'beamlet/socket: processes, operation queues, select messages' },
];
const PINS: readonly Pin[] = ['pinned', 'unpinned'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const chosen = args.filter((a) => !a.startsWith('--'));
const ladder = args.includes('--ladder');
const SECONDS = quick ? 0.15 : 0.3;
const BYTES = quick ? 128 << 20 : 1 << 30;
const START_TIMEOUT_MS = 20_000;
const CLIENT_TIMEOUT_MS = 120_000;

for (const w of chosen) {
  if (!WORKLOADS.some((x) => x.name === w)) throw new Error(`unknown workload ${w}; known: ${WORKLOADS.map((x) => x.name).join(' ')}`);
}

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'beamlet-bench-socket-'));
const cExe = join(dir, 'bench');
execFileSync('gcc', ['-O2', '-Wall', '-o', cExe, join(here, 'bench.c')]);

/** The JS sides' entry files (`koffi`, `beamlet`, `node`) and the node arguments that run them. */
const root = join(here, '..', '..');
const fromSource = args.includes('--tsx');
const js = fromSource ? null : compiled();

/** Compiles the project with tsc into `dir/js`, next to which node finds its packages. */
function compiled(): string {
  const out = join(dir, 'js');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json'), '--noEmit', 'false', '--outDir', out, '--rootDir', root, '--declaration', 'false']);
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'));
  copyFileSync(join(root, 'package.json'), join(out, 'package.json'));
  return join(out, 'bench', 'socket');
}

function jsSide(name: 'koffi' | 'beamlet' | 'node' | 'rungs', role: string[]): { cmd: string; argv: string[] } {
  if (js === null) return { cmd: process.execPath, argv: ['--import', 'tsx', join(here, `${name}.ts`), ...role] };
  return { cmd: process.execPath, argv: [join(js, `${name}.js`), ...role] };
}
const erl = has('escript') && has('erl');

/** The command line of one side; `null` when that side cannot run here. */
function command(impl: Impl, role: string[]): { cmd: string; argv: string[]; env?: NodeJS.ProcessEnv } | null {
  switch (impl) {
    case 'C': return { cmd: cExe, argv: role };
    case 'koffi': return jsSide('koffi', role);
    case 'beamlet': return jsSide('beamlet', role);
    case 'Node': return jsSide('node', role);
    case 'tryfirst':
    case 'poller': return { ...jsSide('rungs', role), env: { ...process.env, RUNG: impl } };
    case 'OTP':
      if (!erl) return null;
      // Scheduler busy-waiting off: with client and server on one CPU, a spinning idle
      // scheduler takes the CPU from the other side (measured: ping-pong 7 k -> 22 k/s).
      return {
        cmd: 'escript', argv: [join(here, 'otp.erl'), ...role],
        env: { ...process.env, ERL_FLAGS: '+sbwt none +sbwtdcpu none +sbwtdio none' },
      };
  }
}

function launch(c: { cmd: string; argv: string[]; env?: NodeJS.ProcessEnv }, pin: Pin): ChildProcess {
  const [cmd, argv] = pin === 'pinned' ? ['taskset', ['-c', '0', c.cmd, ...c.argv]] : [c.cmd, c.argv];
  // Its own process group, so that stopping it also stops whatever it started (erl's helpers).
  const p = spawn(cmd, argv, { env: c.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  live.add(p);
  p.on('exit', () => live.delete(p));
  return p;
}

// Detached groups outlive the runner unless stopped: stop them when the runner ends or is
// interrupted, or an interrupted run leaves servers listening.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of live) stop(p);
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => process.exit(130));
}

function stop(p: ChildProcess): void {
  if (p.exitCode === null && p.signalCode === null && p.pid !== undefined) {
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Collects a child's output; resolves when `done(stdout)` is true or the child exits. */
function output(p: ChildProcess, timeoutMs: number, done: (out: string) => boolean): Promise<{ out: string; err: string }> {
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    const finish = (): void => {
      clearTimeout(timer);
      resolve({ out, err });
    };
    const timer = setTimeout(() => {
      err += `\n(timed out after ${timeoutMs} ms)`;
      stop(p);
      finish();
    }, timeoutMs);
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (done(out)) finish();
    });
    p.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('close', finish);
  });
}

/** The processes of one process group (a server and whatever it started, such as erl's beam). */
function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // After the command name: state, ppid, then the process group.
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp === pgid) pids.push(Number(name));
    } catch {
      // gone since the listing
    }
  }
  return pids;
}

interface Measured {
  readonly rate: number | null;
  /** CPU seconds, client and server together, per unit of the rate. */
  readonly cpu: number | null;
  readonly note: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function lastLine(s: string): string {
  return s.trim().split('\n').pop() ?? '';
}

async function measure(w: Workload, impl: Impl, pin: Pin): Promise<Measured> {
  const na = w.na?.[impl];
  if (na !== undefined) return { rate: null, cpu: null, note: na };
  const server = command(impl, ['server', w.name]);
  if (server === null) return { rate: null, cpu: null, note: 'erl not installed' };
  const s = launch(server, pin);
  try {
    const started = await output(s, START_TIMEOUT_MS, (o) => /PORT \d+/.test(o));
    const port = /PORT (\d+)/.exec(started.out)?.[1];
    if (port === undefined) return { rate: null, cpu: null, note: `server: ${lastLine(started.err) || 'no port'}` };
    let serverErr = started.err;
    s.stderr!.on('data', (d: Buffer) => { serverErr += d.toString(); });
    const client = command(impl, ['client', w.name, port, String(SECONDS), String(BYTES)])!;
    client.env = { ...(client.env ?? process.env), BENCH_SERVER_PIDS: groupPids(s.pid!).join(',') };
    const c = launch(client, pin);
    const r = await output(c, CLIENT_TIMEOUT_MS, () => false);
    const line = r.out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
    if (line === undefined || c.exitCode !== 0) {
      // A server that failed explains the client's failure better than the client can.
      const why = s.exitCode !== null && serverErr.trim() !== '' ? `server: ${lastLine(serverErr)}` : `client: ${lastLine(r.err) || `exit ${c.exitCode}`}`;
      return { rate: null, cpu: null, note: why };
    }
    const { reps, cpu } = JSON.parse(line) as { warm: number; reps: number[]; cpu: number[] };
    return { rate: median(reps), cpu: median(cpu), note: '' };
  } finally {
    stop(s);
  }
}

function fmt(w: Workload, r: Measured): string {
  if (r.rate === null) return 'n/a';
  const v = r.rate / w.scale;
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)}${w.scaleName}`;
}

function ratio(a: Measured, c: Measured): string {
  return a.rate === null || c.rate === null ? '-' : (a.rate / c.rate).toFixed(2);
}

function fmtCpu(w: Workload, r: Measured): string {
  if (r.cpu === null) return 'n/a';
  const v = r.cpu * w.cpuScale;
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function cpuRatio(a: Measured, c: Measured): string {
  return a.cpu === null || c.cpu === null ? '-' : (a.cpu / c.cpu).toFixed(2);
}

/** A table, its first `left` columns aligned left and the rest (numbers) right. */
function print(rows: string[][], left = 3): void {
  const widths = rows[0]!.map((_c, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((c, j) => (j < left ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

const t0 = Date.now();
const loadBefore = loadavg()[0]!;
const header = ['workload', 'unit', 'CPU', ...IMPLS, 'koffi/C', 'beamlet/C', 'Node/C', 'OTP/C'];
const rows: string[][] = [header];
const cpuRows: string[][] = [header];
const notes = new Set<string>();
/** The workloads rungs.ts implements. */
const LADDER_WORKLOADS = ['tcp_pingpong', 'udp_stream', 'udp_mmsg'];
let ladderTables: { readonly w: Workload; readonly table: string[][] }[] | null = null;

/** Each ladder's table: each rung's rate, its fraction of C and of the rung above it. */
async function runLadders(): Promise<{ w: Workload; table: string[][] }[]> {
  const names = chosen.length === 0 ? ['tcp_pingpong'] : chosen;
  for (const n of names) if (!LADDER_WORKLOADS.includes(n)) throw new Error(`--ladder runs ${LADDER_WORKLOADS.join(', ')}; not ${n}`);
  const out: { w: Workload; table: string[][] }[] = [];
  for (const name of names) {
    const w = WORKLOADS.find((x) => x.name === name)!;
    const rounds = quick ? 3 : 5;
    const rates = new Map<Impl, number[]>(LADDER.map((r) => [r.impl, []]));
    for (let i = 0; i < rounds; i++) {
      for (const { impl } of LADDER) {
        const m = await measure(w, impl, 'pinned');
        if (m.rate === null) throw new Error(`ladder: ${impl}: ${m.note}`);
        rates.get(impl)!.push(m.rate);
        process.stderr.write(`ladder ${w.name} round ${i + 1} ${impl}: ${fmt(w, m)}\n`);
      }
    }
    const at = LADDER.map((r) => median(rates.get(r.impl)!));
    out.push({
      w,
      table: [
        ['rung', 'design', w.unit, 'of C', 'of the rung above'],
        ...LADDER.map((r, i) => [
          r.impl, r.what, `${(at[i]! / w.scale).toFixed(1)}${w.scaleName}`, (at[i]! / at[0]!).toFixed(2), i === 0 ? '' : (at[i]! / at[i - 1]!).toFixed(2),
        ]),
      ],
    });
  }
  return out;
}

try {
  if (ladder) ladderTables = await runLadders();
  else for (const w of WORKLOADS.filter((x) => chosen.length === 0 || chosen.includes(x.name))) {
    for (const pin of PINS) {
      const got = {} as Record<Impl, Measured>;
      for (const impl of IMPLS) {
        got[impl] = await measure(w, impl, pin);
        if (got[impl].rate === null && w.na?.[impl] === undefined) notes.add(`${w.name} ${impl}: ${got[impl].note}`);
        process.stderr.write(`${w.name} ${pin} ${impl}: ${fmt(w, got[impl])}\n`);
      }
      rows.push([
        w.label, w.unit, pin, ...IMPLS.map((i) => fmt(w, got[i])),
        ratio(got.koffi, got.C), ratio(got.beamlet, got.C), ratio(got.Node, got.C), ratio(got.OTP, got.C),
      ]);
      cpuRows.push([
        w.label, w.cpuUnit, pin, ...IMPLS.map((i) => fmtCpu(w, got[i])),
        cpuRatio(got.koffi, got.C), cpuRatio(got.beamlet, got.C), cpuRatio(got.Node, got.C), cpuRatio(got.OTP, got.C),
      ]);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (ladderTables !== null) {
  for (const { w, table } of ladderTables) {
    console.log(`\n${w.label} ladder, pinned (median of ${quick ? 3 : 5} interleaved rounds, each the median of 3 repetitions of ${SECONDS} s)`);
    print(table, 2);
  }
  console.log(`\n${((Date.now() - t0) / 1000).toFixed(0)} s; load average before ${loadBefore.toFixed(2)}, after ${loadavg()[0]!.toFixed(2)} (on ${availableParallelism()} CPUs)`);
  process.exit(0);
}
console.log(`\nSocket benchmarks (${quick ? 'quick' : 'full'}: ${SECONDS} s per repetition, stream ${BYTES >> 20} MiB; median of 3 after two warm-ups; koffi, beamlet and Node ${fromSource ? 'from source through tsx' : 'compiled by tsc'}; ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
// Other work on the machine skews every column, most of all the pinned rows.
console.log(`load average before ${loadBefore.toFixed(2)}, after ${loadavg()[0]!.toFixed(2)} (on ${availableParallelism()} CPUs)`);
print(rows);
// CPU time is far steadier than the rate when other work shares the machine.
console.log('\nCPU time per operation, client and server together (lower is better; x/C is how many times C\'s)');
print(cpuRows);
for (const n of notes) console.log(`n/a: ${n}`);
