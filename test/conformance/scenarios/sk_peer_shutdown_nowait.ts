/** Scenario: a nowait recv is pending when the peer shuts down its write side: the select
 * message arrives and the next recv says closed. */
import { receive, run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  const [, si] = (yield* socket.recv(a, 0, 'nowait')) as readonly ['select', socket.select_info];
  socket.shutdown(c, 'write');
  yield* receive(['$socket', a, 'select', si[2]]);
  step('select_msg', 'got');
  step('recv', yield* socket.recv(a, 0, 'nowait'));
  step('recv_again', yield* socket.recv(a, 0));
});
