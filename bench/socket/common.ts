/**
 * What the two JS sides of bench/socket/run.ts (beamlet.ts and node.ts) share: the
 * workload sizes of the wire protocol described at the top of run.ts, and the clock and
 * CPU readings each client reports. bench.c and otp.erl carry the same numbers.
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
