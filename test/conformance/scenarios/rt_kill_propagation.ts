/** Scenario: a process killed with kill dies as killed; the signal its links get says
 * killed, which kills a non-trapping partner with reason killed and reaches a trapping
 * one as ['EXIT', pid, 'killed']; a chain of links fails as one. */
import { Pid, _, exit, isAlive, link, monitor, processFlag, receive, run, self, send, spawn, spawnLink } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  const chain = (next: Pid) =>
    spawn(function* () {
      link(next);
      send(me, 'linked');
      yield* receive('never');
    });
  const c = spawn(function* () {
    yield* receive('never');
  });
  const b = chain(c);
  yield* receive('linked');
  const a = chain(b);
  yield* receive('linked');
  const [ma, mb, mc] = [a, b, c].map((p) => monitor('process', p));
  exit(c, 'kill');
  step('c', (yield* receive(['DOWN', mc, 'process', c, _]))[4]);
  step('b', (yield* receive(['DOWN', mb, 'process', b, _]))[4]);
  step('a', (yield* receive(['DOWN', ma, 'process', a, _]))[4]);
  processFlag('trap_exit', true);
  const k = spawnLink(function* () {
    yield* receive('never');
  });
  exit(k, 'kill');
  step('trapper_sees', (yield* receive(['EXIT', k, _]))[2]);
  step('me_alive', isAlive(me));
});
