/** A token passed 100 times around a ring of 10,000 processes: messages per second. */
import { Pid, receive, run, self, send, spawn } from '../../index.ts';
import { best, report } from './report.ts';

const SIZE = 10_000;
const LAPS = 100;

function* node(next: Pid): Generator<unknown, void, unknown> {
  for (;;) {
    const n = (yield* receive()) as number;
    send(next, n - 1);
    if (n <= 0) return;
  }
}

function once(laps: number): Promise<number> {
  return run(function* () {
  const me = self();
  let next: Pid = me;
  for (let i = 1; i < SIZE; i++) next = spawn(node, next);
  const t0 = performance.now();
  let n = SIZE * laps;
  send(next, n - 1);
  for (;;) {
    n = (yield* receive()) as number;
    if (n <= 0) break;
    send(next, n - 1);
  }
  return performance.now() - t0;
  });
}

// Measure the JIT-compiled steady state: warm up first (BEAM needs none).
await once(20);
const dt = await best(() => once(LAPS));
report({ workload: 'ring 10k x 100', rate: ((SIZE * LAPS) / dt) * 1000, unit: 'messages/s' });
