/** Scenario: link to a dead pid raises noproc, or when trapping returns true and sends
 * ['EXIT', pid, 'noproc']; link to self is true; unlink of a dead pid is true. */
import { _, link, processFlag, receive, run, self, spawnMonitor, unlink } from '../../../index.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const [dead, m] = spawnMonitor(function* () {});
  yield* receive(['DOWN', m, 'process', dead, _]);
  step('link_dead', attempt(() => link(dead)));
  step('link_self', link(self()));
  processFlag('trap_exit', true);
  step('link_dead_trapping', attempt(() => link(dead)));
  step('exit_msg', yield* receive(['EXIT', _, _], { after: 1000 }));
  step('unlink_dead', unlink(dead));
  step('empty', yield* receive(_, { after: 0 }));
});
