/**
 * What the three JS sides of bench/socket/run.ts (koffi.ts, beamlet.ts and node.ts)
 * share: the workload sizes of the wire protocol described at the top of run.ts, the
 * command line, and the clock and CPU readings each client reports. bench.c and otp.erl
 * carry the same numbers.
 */
import { readFileSync } from 'node:fs';

export const MSG = 64;
export const CHUNK = 65536;
export const CONNECTS = 10_000;
export const CONC = 1000;
export const CONC_RTS = 100;
export const WIN = 256;
export const ACK_EVERY = 64;
export const BATCH = 64;
export const RCVBUF = 4 << 20;
/** Two warm-ups (the JIT needs more than one short repetition), three measured. */
export const REPS = 5;
/** Linux's USER_HZ, the unit of /proc/PID/stat times. */
const CLK_TCK = 100;

/** Seconds, monotonic. */
export function now(): number {
  return performance.now() / 1000;
}

/** CPU seconds (user + system, all threads) of one process, from /proc/PID/stat. */
function cpuOf(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name: state and ten more fields, then utime and stime.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** CPU seconds of this client and of the server, which the runner names in BENCH_SERVER_PIDS. */
export function cpuNow(): number {
  let t = cpuOf('self');
  for (const pid of (process.env.BENCH_SERVER_PIDS ?? '').split(',')) if (pid !== '') t += cpuOf(pid);
  return t;
}

/** Ends the run with `what` on stderr. */
export function fail(what: string): never {
  process.stderr.write(`${what}\n`);
  process.exit(1);
}

/** The command line of a side: `server WORKLOAD` or `client WORKLOAD PORT SECONDS BYTES`. */
export interface CommandLine {
  readonly mode: 'server' | 'client';
  readonly workload: string;
  readonly port: number;
  readonly seconds: number;
  readonly bytes: number;
}

/** This process's {@link CommandLine}, or the end of the run with the usage of `side`. */
export function commandLine(side: string): CommandLine {
  const [mode, workload = '', p = '0', secs = '0.5', b = '0'] = process.argv.slice(2);
  if (mode !== 'server' && mode !== 'client') fail(`usage: ${side} server WORKLOAD | ${side} client WORKLOAD PORT SECONDS BYTES`);
  return { mode, workload, port: Number(p), seconds: Number(secs), bytes: Number(b) };
}

/**
 * Starts the clocks of one repetition; the function it returns takes the repetition's
 * rate and gives its CPU seconds (client and server) per unit of that rate.
 */
export function startRep(): (rate: number) => number {
  const w0 = now();
  const c0 = cpuNow();
  return (rate) => (cpuNow() - c0) / (rate * (now() - w0));
}

/** The client's one line of output: the last warm-up and the measured repetitions. */
export function report(rates: readonly number[], cpus: readonly number[]): void {
  console.log(JSON.stringify({ warm: rates[1], reps: rates.slice(2), cpu: cpus.slice(2) }));
}
