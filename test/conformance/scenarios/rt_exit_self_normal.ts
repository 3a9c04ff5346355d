/** Scenario: exit(self(), 'normal') ends the caller with reason normal, unless it traps exits. */
import { _, exit, monitor, processFlag, receive, run, self, send, spawn } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  const p = spawn(function* () {
    exit(self(), 'normal');
    send(me, 'not_reached');
    yield* receive('never');
  });
  const m = monitor('process', p);
  const r = yield* receive((x) => x === 'not_reached' || (Array.isArray(x) && x[1] === m));
  step('self_normal', r === 'not_reached' ? r : (r as unknown[])[4]);
  spawn(function* () {
    processFlag('trap_exit', true);
    exit(self(), 'normal');
    send(me, ['got', yield* receive()]);
  });
  step('self_normal_trapping', (yield* receive(['got', _]))[1]);
});
