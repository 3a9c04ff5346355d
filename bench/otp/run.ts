/**
 * Runs the OTP behaviour benchmarks on beamlet and, when `erl` is installed, the same
 * workload on BEAM (an escript beside each .ts), and prints workload, beamlet, BEAM and
 * the ratio (beamlet's rate over BEAM's). Each program runs in its own OS process.
 * Usage: `npx tsx bench/otp/run.ts [call|restart...]`.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../runtime/report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const WORKLOADS = ['call', 'restart'];

function parse(out: string): Result {
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (line === undefined) throw new Error(`no result in output:\n${out}`);
  return JSON.parse(line) as Result;
}

function beamlet(name: string): Result {
  return parse(execFileSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`)], { encoding: 'utf8', timeout: 300_000 }));
}

function beam(name: string): Result | null {
  try {
    return parse(execFileSync('escript', [join(here, `${name}.erl`)], { encoding: 'utf8', timeout: 300_000 }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

const fmt = (r: Result): string => `${Math.round(r.rate).toLocaleString('en')} ${r.unit}`;

const names = process.argv.length > 2 ? process.argv.slice(2) : WORKLOADS;
const rows: string[][] = [['workload', 'beamlet', 'BEAM (erl)', 'ratio']];
for (const name of names) {
  const ours = beamlet(name);
  const theirs = beam(name);
  rows.push([ours.workload, fmt(ours), theirs === null ? 'erl not installed' : fmt(theirs), theirs === null ? '-' : `${(ours.rate / theirs.rate).toFixed(2)}x`]);
}
const widths = rows[0]!.map((_c, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((c, j) => c.padEnd(widths[j]!)).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
