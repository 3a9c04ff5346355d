/**
 * A supervisor restarting 10,000 crashing children: a simple_one_for_one supervisor with
 * 10,000 permanent children, each told to crash once; timed from the first crash until
 * every replacement has started. Reports are off on both sides (logger level none).
 */
import { setReportLevel } from '../../runtime/gen_server.ts';
import { exit, receive, run, self, send, spawnLink } from '../../runtime/process.ts';
import type { Pid } from '../../runtime/term.ts';
import * as supervisor from '../../runtime/supervisor.ts';
import type { ChildStart } from '../../runtime/supervisor.ts';
import { best, report } from '../runtime/report.ts';

const N = 10_000;

function* worker(driver: Pid): Generator<unknown, void, unknown> {
  send(driver, ['up', self()]);
  yield* receive('crash');
  exit('crash');
}

function startWorker(driver: Pid): ChildStart {
  return ['ok', spawnLink(worker, driver)];
}

const sup: supervisor.Supervisor<Pid> = {
  name: 'bench_sup',
  init: (driver) => ['ok', [{ strategy: 'simple_one_for_one', intensity: 10 * N, period: 1 }, [{ id: 'w', start: [startWorker, [driver]] }]]],
};

function once(): Promise<number> {
  return run(function* () {
    const started = yield* supervisor.startLink(sup, self());
    if (started === 'ignore' || started[0] !== 'ok') throw new Error('start failed');
    const pids: Pid[] = [];
    for (let i = 0; i < N; i++) yield* supervisor.startChild(started[1], []);
    for (let i = 0; i < N; i++) pids.push(((yield* receive()) as readonly [string, Pid])[1]);
    const t0 = performance.now();
    for (const p of pids) send(p, 'crash');
    for (let i = 0; i < N; i++) yield* receive();
    const dt = performance.now() - t0;
    const n = (yield* supervisor.countChildren(started[1]))[1][1];
    if (n !== N) throw new Error(`${n} children after the restarts`);
    return dt;
  });
}

setReportLevel('none');
await once();
const dt = await best(once);
report({ workload: 'supervisor restarts (10k children)', rate: (N / dt) * 1000, unit: 'restarts/s' });
