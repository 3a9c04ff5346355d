/** Scenario: a linked process ending normally leaves a non-trapping partner alone and
 * sends ['EXIT', pid, 'normal'] to a trapping one; processFlag returns the old value. */
import { _, isAlive, monitor, processFlag, receive, run, self, send, spawnLink } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  const p1 = spawnLink(function* () {
    yield* receive('go');
  });
  const m1 = monitor('process', p1);
  send(p1, 'go');
  step('normal_down', (yield* receive(['DOWN', m1, 'process', p1, _]))[4]);
  step('still_alive', isAlive(me));
  step('no_exit_msg', yield* receive(_, { after: 0 }));
  step('flag_prev', processFlag('trap_exit', true));
  const p2 = spawnLink(function* () {
    yield* receive('go');
  });
  send(p2, 'go');
  step('exit_msg', yield* receive(['EXIT', _, _]));
  step('exit_from', p2);
  step('flag_again', processFlag('trap_exit', true));
  step('flag_off', processFlag('trap_exit', false));
  step('flag_now', processFlag('trap_exit', false));
});
