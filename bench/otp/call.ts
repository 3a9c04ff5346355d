/** gen_server:call round trips per second: a client calls a server that answers at once. */
import * as gen_server from '../../runtime/gen_server.ts';
import type { GenServer } from '../../runtime/gen_server.ts';
import { run } from '../../runtime/process.ts';
import { best, report } from '../runtime/report.ts';

const N = 1_000_000;

const echo: GenServer<null, number, number, number, never> = {
  init: () => ['ok', 0],
  handleCall: (req, _from, s) => ['reply', req, s],
};

function once(n: number): Promise<number> {
  return run(function* () {
    const started = yield* gen_server.start(echo, null);
    if (started === 'ignore' || started[0] !== 'ok') throw new Error('start failed');
    const server = started[1];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) yield* gen_server.call(server, i);
    const dt = performance.now() - t0;
    yield* gen_server.stop(server);
    return dt;
  });
}

// Warm the JIT up first (BEAM needs no warm-up), then the best of RUNS.
await once(N / 10);
const dt = await best(() => once(N));
report({ workload: 'gen_server call', rate: (N / dt) * 1000, unit: 'calls/s' });
