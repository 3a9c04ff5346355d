/** Scenario: a monitor on a process that exits normally reports normal; spawnMonitor of
 * a process killed before it runs reports killed. */
import { _, exit, monitor, receive, run, send, spawn, spawnMonitor } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const p = spawn(function* () {
    yield* receive('go');
  });
  const r1 = monitor('process', p);
  send(p, 'go');
  step('normal', (yield* receive(['DOWN', r1, 'process', p, _]))[4]);
  const [q, r2] = spawnMonitor(function* () {
    yield* receive('never');
  });
  exit(q, 'kill');
  step('killed', (yield* receive(['DOWN', r2, 'process', q, _]))[4]);
  step('empty', yield* receive(_, { after: 0 }));
});
