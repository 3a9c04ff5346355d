/** Scenario: close/1 from a process that is not the owner still closes the socket;
 * the owner's blocked recv returns closed and the owner gets no abort for it. */
import { _, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { flush, tcpPair, waitCount } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, , a] = yield* tcpPair();
  const me = self();
  spawn(function* () {
    send(me, ['reader', yield* socket.recv(a, 0)]);
  });
  yield* waitCount(a, 'num_readers', 1);
  step('close_by_stranger', yield* socket.close(a));
  step('reader', (yield* receive(['reader', _]))[1]);
  step('owner_info', socket.info(a).rstates);
  step('empty', yield* flush());
});
