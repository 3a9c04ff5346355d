/**
 * A cluster program for the tests: once every member has joined, member 0 spawns a
 * squaring process on every other member, messages each its number with `send`, prints
 * the replies, then stops; the others stop when member 0's node goes down.
 */
import { receive, register, run, self, send } from '../../runtime/process.ts';
import type { Pid } from '../../runtime/term.ts';
import { monitorNode, node, spawnOn, stopNode } from '../../distribution/node.ts';
import { registerFunction } from '../../distribution/rpc.ts';
import { clusterFromEnv, joinCluster } from '../../distribution/cluster.ts';

registerFunction('work', 'square', function* () {
  const [from, n] = (yield* receive()) as unknown as [Pid, number];
  send(from, ['squared', node(), n * n]);
  return 'ok';
});

await run(function* () {
  const leader = clusterFromEnv()?.index === 0;
  // Registered before joining, so no member's 'joined' can arrive before the name exists.
  if (leader) register('leader', self());
  const members = yield* joinCluster();
  if (leader) {
    for (let i = 1; i < members.length; i++) yield* receive((m) => Array.isArray(m) && m[0] === 'joined');
    for (let i = 1; i < members.length; i++) {
      const pid = yield* spawnOn(members[i]!, 'work', 'square', []);
      send(pid as Pid, [self(), i + 1]);
    }
    const results: string[] = [];
    for (let i = 1; i < members.length; i++) {
      const [, from, sq] = (yield* receive((m) => Array.isArray(m) && m[0] === 'squared')) as unknown as [string, string, number];
      results.push(`${from}=${sq}`);
    }
    console.log(`results ${results.sort().join(' ')}`);
  } else {
    monitorNode(members[0]!, true);
    send(['leader', members[0]!], ['joined', node()]);
    yield* receive((m) => Array.isArray(m) && m[0] === 'nodedown');
  }
  yield* stopNode();
});
