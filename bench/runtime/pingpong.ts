/** Two processes pass a message back and forth: round trips per second. */
import { receive, run, self, send, spawn } from '../../index.ts';
import { best, report } from './report.ts';

const N = 2_000_000;

function* pong(): Generator<unknown, void, unknown> {
  for (;;) {
    const from = yield* receive();
    if (from === 'stop') return;
    send(from as ReturnType<typeof self>, 'pong');
  }
}

function once(n: number): Promise<number> {
  return run(function* () {
    const me = self();
    const p = spawn(pong);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      send(p, me);
      yield* receive();
    }
    const dt = performance.now() - t0;
    send(p, 'stop');
    return dt;
  });
}

// Warm the JIT up first (BEAM needs no warm-up), then the best of RUNS.
await once(N / 10);
const dt = await best(() => once(N));
report({ workload: 'ping-pong', rate: (N / dt) * 1000, unit: 'round trips/s' });
