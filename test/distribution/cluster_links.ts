/**
 * A cluster program for the tests: member 1 links to and monitors a process of member 0,
 * which prints its OS pid for the test to kill; member 1 then prints the signals it gets.
 */
import { link, monitor, processFlag, receive, register, run, self, send, spawn } from '../../runtime/process.ts';
import type { Pid, Term } from '../../runtime/term.ts';
import { format } from '../../runtime/format.ts';
import { monitorNode, stopNode } from '../../distribution/node.ts';
import { clusterFromEnv, joinCluster } from '../../distribution/cluster.ts';

await run(function* () {
  const leader = clusterFromEnv()?.index === 0;
  if (leader) {
    register(
      'holder',
      spawn(function* () {
        for (;;) {
          const m = (yield* receive()) as readonly Term[];
          send(m[0] as Pid, ['holder', self()]);
        }
      }),
    );
  }
  const members = yield* joinCluster();
  if (leader) {
    console.log(`ospid ${process.pid}`);
    yield* receive(() => false);
  }
  processFlag('trap_exit', true);
  send(['holder', members[0]!], [self()]);
  const [, holder] = (yield* receive((m) => Array.isArray(m) && m[0] === 'holder')) as unknown as [string, Pid];
  link(holder);
  const mref = monitor('process', holder);
  monitorNode(members[0]!, true);
  console.log('linked');
  for (let i = 0; i < 3; i++) {
    const m = (yield* receive()) as readonly Term[];
    console.log(`got ${format(m[0] === 'DOWN' ? ['DOWN', m[1] === mref, m[2]!, m[3] === holder, m[4]!] : m[0] === 'EXIT' ? ['EXIT', m[1] === holder, m[2]!] : m)}`);
  }
  yield* stopNode();
});
