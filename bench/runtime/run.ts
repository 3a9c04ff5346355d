/**
 * Runs every runtime benchmark on beamlet and, when `erl` is installed, the same workload
 * on BEAM, in one go, and prints a table: workload, beamlet, BEAM, ratio (how many times
 * better beamlet is; for timed workloads that is BEAM's time over beamlet's).
 *
 * Each program runs in its own OS process so heap figures and JIT state do not leak
 * between workloads, and each side runs ROUNDS times (alternating, env BENCH_ROUNDS,
 * default 3) keeping its best, so a burst of load from elsewhere does not decide a row.
 * Usage: `npx tsx bench/runtime/run.ts [workload...]`.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from './report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const WORKLOADS = ['pingpong', 'ring', 'fanin', 'spawn', 'backlog'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The better of two results of one workload (for seconds, the smaller). */
function better(a: Result | null, b: Result | null): Result | null {
  if (a === null || b === null) return a ?? b;
  return (a.unit === 's' ? a.rate <= b.rate : a.rate >= b.rate) ? a : b;
}

function parse(out: string): Result {
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (line === undefined) throw new Error(`no result in output:\n${out}`);
  return JSON.parse(line) as Result;
}

function beamlet(name: string): Result {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, `${name}.ts`)], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  return parse(out);
}

function beam(name: string): Result | null {
  try {
    return parse(execFileSync('escript', [join(here, `${name}.erl`)], { encoding: 'utf8', timeout: 300_000 }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function fmt(r: Result): string {
  const v = r.unit === 's' ? `${r.rate.toFixed(2)} s` : `${(r.rate / 1e6).toFixed(2)} M ${r.unit}`;
  const notes = r.notes ? Object.entries(r.notes).map(([k, n]) => ` (${n} ${k})`).join('') : '';
  return v + notes;
}

const names = process.argv.length > 2 ? process.argv.slice(2) : WORKLOADS;
const rows: string[][] = [['workload', 'beamlet', 'BEAM (erl)', 'ratio']];
for (const name of names) {
  let ours: Result | null = null;
  let theirs: Result | null = null;
  for (let i = 0; i < ROUNDS; i++) {
    ours = better(ours, beamlet(name));
    theirs = better(theirs, beam(name));
  }
  if (ours === null) throw new Error(`no result for ${name}`);
  const ratio = theirs === null ? '-' : ours.unit === 's' ? theirs.rate / ours.rate : ours.rate / theirs.rate;
  rows.push([ours.workload, fmt(ours), theirs === null ? 'erl not installed' : fmt(theirs), typeof ratio === 'number' ? `${ratio.toFixed(2)}x` : ratio]);
  process.stderr.write(`${name} done\n`);
}
const widths = rows[0]!.map((_c, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((c, j) => c.padEnd(widths[j]!)).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
