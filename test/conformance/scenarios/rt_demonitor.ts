/** Scenario: demonitor: a removed monitor sends no 'DOWN'; flush removes one already
 * queued; info tells whether the monitor was still there. */
import { _, demonitor, makeRef, monitor, receive, run, send, spawn } from '../../../index.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  function* go() {
    yield* receive('go');
  }
  const p1 = spawn(go);
  const r1 = monitor('process', p1);
  step('demonitor', demonitor(r1));
  const r1b = monitor('process', p1);
  send(p1, 'go');
  yield* receive(['DOWN', r1b, 'process', p1, _]);
  step('no_down_after_demonitor', yield* receive(['DOWN', r1, _, _, _], { after: 0 }));
  const p2 = spawn(go);
  const r2 = monitor('process', p2);
  const r2b = monitor('process', p2);
  send(p2, 'go');
  yield* receive(['DOWN', r2b, 'process', p2, _]);
  step('flush', demonitor(r2, ['flush']));
  step('flushed', yield* receive(['DOWN', r2, _, _, _], { after: 0 }));
  const p3 = spawn(go);
  const r3 = monitor('process', p3);
  step('info_active', demonitor(r3, ['info']));
  step('info_again', demonitor(r3, ['info']));
  step('plain_again', demonitor(r3));
  const r4 = monitor('process', p3);
  const r4b = monitor('process', p3);
  send(p3, 'go');
  yield* receive(['DOWN', r4b, 'process', p3, _]);
  step('flush_info_fired', demonitor(r4, ['flush', 'info']));
  step('empty', yield* receive(_, { after: 0 }));
  step('unknown_ref', demonitor(makeRef(), ['info']));
  step('bad_option', attempt(() => demonitor(r4, ['bogus' as never])));
});
