/** Scenario: monitors: one 'DOWN' per monitor, exactly once, with the exit reason; two
 * monitors give two; a dead pid or an unregistered name gives noproc at once. */
import { _, exit, monitor, receive, register, run, send, spawn } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const p = spawn(function* () {
    yield* receive('go');
    exit('bye');
  });
  const r1 = monitor('process', p);
  const r2 = monitor('process', p);
  step('distinct_refs', r1 !== r2);
  send(p, 'go');
  const d1 = yield* receive(['DOWN', r1, 'process', p, _]);
  step('down1', [d1, d1[4]]);
  step('down2', (yield* receive(['DOWN', r2, 'process', p, _]))[4]);
  step('only_once', yield* receive(_, { after: 0 }));
  const r3 = monitor('process', p);
  step('dead_pid', (yield* receive(['DOWN', r3, 'process', p, _]))[4]);
  const r4 = monitor('process', 'no_such_name');
  const d4 = yield* receive(['DOWN', r4, 'process', _, _]);
  step('dead_name', [d4[3], d4[4]]);
  register('named', spawn(function* () {
    yield* receive('go');
  }));
  const r5 = monitor('process', 'named');
  send('named', 'go');
  const d5 = yield* receive(['DOWN', r5, 'process', _, _]);
  step('named_down', [d5[3], d5[4]]);
});
