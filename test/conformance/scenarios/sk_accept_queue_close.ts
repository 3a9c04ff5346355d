/** Scenario: two acceptors waiting on one listener; closing the listener answers both
 * with {error, closed}. */
import { _, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { listener, waitCount } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [l] = listener();
  const me = self();
  for (const t of ['a1', 'a2']) {
    spawn(function* () {
      send(me, [t, yield* socket.accept(l)]);
    });
  }
  step('waiting', yield* waitCount(l, 'num_acceptors', 2));
  yield* socket.close(l);
  step('a1', (yield* receive(['a1', _]))[1]);
  step('a2', (yield* receive(['a2', _]))[1]);
});
