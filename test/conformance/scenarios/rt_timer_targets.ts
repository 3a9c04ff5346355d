/** Scenario: timers whose target is gone: sendAfter to a dead pid and to a name that is
 * not registered when the timer fires are dropped without error; a timer started by a
 * process that then dies still fires for its target. */
import { Ref, _, readTimer, receive, run, self, sendAfter, sleep, spawnMonitor } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  const [dead, m] = spawnMonitor(function* () {});
  yield* receive(['DOWN', m, 'process', dead, _]);
  const t1 = sendAfter(5, dead, 'lost');
  step('to_dead', t1 instanceof Ref);
  const t2 = sendAfter(5, 'nobody_by_that_name', 'lost');
  step('to_unregistered', t2 instanceof Ref);
  const [starter, sm] = spawnMonitor(function* () {
    sendAfter(20, me, 'from_dead_starter');
  });
  yield* receive(['DOWN', sm, 'process', starter, _]);
  step('starter_dead', yield* receive('from_dead_starter', { after: 1000 }));
  yield* sleep(20);
  step('read_fired', [readTimer(t1), readTimer(t2)]);
  step('empty', yield* receive(_, { after: 0 }));
});
