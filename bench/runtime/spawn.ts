/**
 * Spawns 1,000,000 processes that each report ready and wait in receive: seconds until
 * all wait, and heap bytes per waiting process (run with --expose-gc).
 */
import { receive, run, self, send, spawn, Pid } from '../../index.ts';
import { report } from './report.ts';

const N = 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function* waiter(parent: Pid): Generator<unknown, void, unknown> {
  send(parent, 'ready');
  yield* receive();
}

gc();
const before = process.memoryUsage().heapUsed;
const pids: Pid[] = [];
const dt = await run(function* () {
  const me = self();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) pids.push(spawn(waiter, me));
  for (let i = 0; i < N; i++) yield* receive();
  return performance.now() - t0;
});
gc();
// The pids array is the benchmark's own; count what the runtime holds per process.
const bytes = (process.memoryUsage().heapUsed - before - pids.length * 8) / N;
report({ workload: 'spawn 1M waiting', rate: dt / 1000, unit: 's', notes: { 'bytes/process': Math.round(bytes) } });
