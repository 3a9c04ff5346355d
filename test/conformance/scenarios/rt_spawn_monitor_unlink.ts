/** Scenario: spawnMonitor returns [pid, ref] and the 'DOWN' carries the reason;
 * unlink stops exit propagation; a process killed while linked to a trapping parent
 * shows as killed. */
import { Pid, Ref, _, exit, isAlive, link, monitor, processFlag, processInfo, receive, run, self, send, spawn, spawnLink, spawnMonitor, unlink } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const [p, r] = spawnMonitor(function* () {
    yield* receive('go');
    exit('done');
  });
  step('shape', [p instanceof Pid, r instanceof Ref]);
  send(p, 'go');
  step('down', (yield* receive(['DOWN', r, 'process', p, _]))[4]);
  const me = self();
  const q = spawn(function* () {
    yield* receive('go');
    exit('crash');
  });
  step('link', link(q));
  step('unlink', unlink(q));
  const mq = monitor('process', q);
  send(q, 'go');
  step('q_down', (yield* receive(['DOWN', mq, 'process', q, _]))[4]);
  step('survived', isAlive(me));
  processFlag('trap_exit', true);
  const k = spawnLink(function* () {
    yield* receive('never');
  });
  exit(k, 'kill');
  step('linked_killed', (yield* receive(['EXIT', k, _]))[2]);
  step('info_trap', processInfo(me, 'trap_exit'));
  step('info_dead', processInfo(k, 'status'));
});
