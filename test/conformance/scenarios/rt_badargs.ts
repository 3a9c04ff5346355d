/** Scenario: badarg from the runtime's BIFs for arguments of the wrong kind. */
import { demonitor, exit, link, monitor, processFlag, readTimer, register, run, self, sendAfter, unregister, whereis } from '../../../index.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const bad = 'not_a_pid' as never;
  step('exit_not_pid', attempt(() => exit(bad, 'x')));
  step('link_not_pid', attempt(() => link(bad)));
  step('monitor_bad_type', attempt(() => monitor('thing' as never, self())));
  step('demonitor_not_ref', attempt(() => demonitor('not_a_ref' as never)));
  step('register_not_pid', attempt(() => register('a_name', bad)));
  step('whereis_not_atom', attempt(() => whereis(['not_an_atom'] as never)));
  step('send_after_bad_dest', attempt(() => sendAfter(10, ['not_a_dest'] as never, 'm')));
  step('read_timer_not_ref', attempt(() => readTimer('not_a_ref' as never)));
  step('flag_bad_value', attempt(() => processFlag('trap_exit', 'maybe' as never)));
  step('unregister_never', attempt(() => unregister('never_registered')));
});
