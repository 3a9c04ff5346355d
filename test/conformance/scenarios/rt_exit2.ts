/** Scenario: exit/2 with normal, kill and another reason, to trapping and non-trapping
 * targets; exit(self(), kill) kills even a trapping caller. */
import { _, exit, isAlive, monitor, processFlag, receive, run, self, send, spawn } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  function* plain() {
    yield* receive('never');
  }
  function* trapper() {
    processFlag('trap_exit', true);
    send(me, 'ready');
    const m = yield* receive();
    send(me, ['got', m]);
    yield* receive('never');
  }
  const p1 = spawn(plain);
  step('exit_normal', exit(p1, 'normal'));
  step('plain_survives_normal', isAlive(p1));
  const m1 = monitor('process', p1);
  exit(p1, 'other');
  step('plain_dies_other', (yield* receive(['DOWN', m1, 'process', p1, _]))[4]);
  const t1 = spawn(trapper);
  yield* receive('ready');
  exit(t1, 'normal');
  step('trapper_gets_normal', (yield* receive(['got', _]))[1]);
  const t2 = spawn(trapper);
  yield* receive('ready');
  exit(t2, 'other');
  step('trapper_gets_other', (yield* receive(['got', _]))[1]);
  step('trapper_alive', isAlive(t2));
  const m2 = monitor('process', t2);
  exit(t2, 'kill');
  step('trapper_killed', (yield* receive(['DOWN', m2, 'process', t2, _]))[4]);
  const p4 = spawn(function* () {
    processFlag('trap_exit', true);
    exit(self(), 'kill');
    yield* receive('never');
  });
  const m4 = monitor('process', p4);
  step('self_kill', (yield* receive(['DOWN', m4, 'process', p4, _]))[4]);
  step('exit_dead', exit(p4, 'kill'));
});
