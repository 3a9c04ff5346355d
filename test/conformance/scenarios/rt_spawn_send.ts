/** Scenario: spawn, self, send returns the message, an echo round trip, isAlive. */
import { Pid, _, isAlive, monitor, receive, run, self, send, spawn } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  step('self_is_pid', me instanceof Pid);
  const echo = spawn(function* () {
    const [from, m] = yield* receive([_, _]);
    send(from as Pid, ['echo', m]);
  });
  step('spawned', echo);
  step('alive', isAlive(echo));
  step('send_returns', send(echo, [me, 'hello']));
  step('reply', yield* receive());
  const ref = monitor('process', echo);
  const [, , , p, why] = yield* receive(['DOWN', ref, 'process', _, _]);
  step('down', [p === echo, why]);
  step('dead', isAlive(echo));
  step('send_to_dead', send(echo, 'late'));
});
