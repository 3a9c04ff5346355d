/** Scenario: registered names: register, whereis, send by name, the badarg cases
 * (taken name, already named pid, undefined, dead pid, unknown name), unregister, and
 * the name freed when its process dies. */
import { Pid, _, monitor, receive, register, registered, run, self, send, spawn, unregister, whereis } from '../../../index.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const me = self();
  const p = spawn(function* () {
    const [from, m] = yield* receive([_, _]);
    send(from as Pid, ['echoed', m]);
    yield* receive('stop');
  });
  step('register', register('echo_srv', p));
  step('whereis', whereis('echo_srv') === p);
  step('listed', registered().includes('echo_srv'));
  step('send_by_name', send('echo_srv', [me, 'hi']));
  step('reply', yield* receive(['echoed', _]));
  step('taken', attempt(() => register('echo_srv', me)));
  step('already_named', attempt(() => register('other_name', p)));
  step('undefined_name', attempt(() => register('undefined', me)));
  step('whereis_unknown', whereis('nobody_here'));
  step('send_unknown', attempt(() => send('nobody_here', 'x')));
  step('unregister', unregister('echo_srv'));
  step('unregister_again', attempt(() => unregister('echo_srv')));
  step('whereis_after', whereis('echo_srv'));
  step('register_again', register('echo_srv', p));
  const m = monitor('process', p);
  send('echo_srv', 'stop');
  yield* receive(['DOWN', m, 'process', p, _]);
  step('freed_on_death', whereis('echo_srv'));
  step('register_dead', attempt(() => register('ghost', p)));
  step('register_self', register('me', me));
  step('whereis_self', whereis('me') === me);
});
