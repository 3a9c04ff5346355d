/** Scenario: the owner of a listener with a queued acceptor from another process dies:
 * the acceptor gets {error, closed}; a monitor from a third process gets 'DOWN'. */
import { _, exit, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { listener, waitCount } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  const owner = spawn(function* () {
    const [l] = listener();
    send(me, ['l', l]);
    yield* receive('die');
    exit('bye');
  });
  const l = (yield* receive(['l', _]))[1] as socket.socket;
  spawn(function* () {
    send(me, ['acc', yield* socket.accept(l)]);
  });
  yield* waitCount(l, 'num_acceptors', 1);
  const m = socket.monitor(l);
  send(owner, 'die');
  step('acceptor', (yield* receive(['acc', _]))[1]);
  step('down', (yield* receive(['DOWN', m, 'socket', l, _]))[4]);
  step('info_owner', socket.info(l).owner);
});
