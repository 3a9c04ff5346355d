/** Scenario: an abnormal exit travels along links: B exits with boom, its linked
 * non-trapping partner A dies with the same reason; monitors see both. */
import { Pid, _, exit, isAlive, monitor, receive, run, self, send, spawn, spawnLink } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const parent = self();
  const a = spawn(function* () {
    const b = spawnLink(function* () {
      yield* receive('die');
      exit('boom');
    });
    send(parent, ['b', b]);
    yield* receive('never');
  });
  const b = (yield* receive(['b', _]))[1] as Pid;
  const ma = monitor('process', a);
  const mb = monitor('process', b);
  step('pids', [a, b]);
  send(b, 'die');
  step('b_down', (yield* receive(['DOWN', mb, 'process', b, _]))[4]);
  step('a_down', (yield* receive(['DOWN', ma, 'process', a, _]))[4]);
  step('both_dead', [isAlive(a), isAlive(b)]);
  step('parent_alive', isAlive(parent));
});
