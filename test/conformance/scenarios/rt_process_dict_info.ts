/** Scenario: the process dictionary (put returns the old value, get, erase) and
 * processInfo items: message_queue_len, trap_exit, registered_name, status of the
 * caller (running), and undefined for a dead process. */
import { _, erase, get, monitor, processInfo, put, receive, register, run, self, send, spawn } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  step('put_new', put('k', 1));
  step('put_old', put('k', 2));
  step('get', get('k'));
  step('get_missing', get('missing'));
  step('erase', erase('k'));
  step('erase_missing', erase('k'));
  const me = self();
  const p = spawn(function* () {
    yield* receive('go');
  });
  register('info_target', p);
  send(me, 'a');
  send(me, 'b');
  yield* receive('never_sent', { after: 0 });
  step('queue_len', processInfo(me, 'message_queue_len'));
  step('trap', processInfo(p, 'trap_exit'));
  step('name', processInfo(p, 'registered_name'));
  step('status_self', processInfo(me, 'status'));
  const m = monitor('process', p);
  send(p, 'go');
  yield* receive(['DOWN', m, 'process', p, _]);
  step('dead', processInfo(p, 'status'));
  step('dead_all', processInfo(p));
});
