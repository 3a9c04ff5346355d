/** Scenario: a close with linger {true, 0} resets the connection: the peer's recv
 * returns econnreset. */
import { run, sleep } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  socket.setopt(c, ['socket', 'linger'], { onoff: true, linger: 0 });
  yield* socket.close(c);
  yield* sleep(20);
  step('recv', yield* socket.recv(a, 0));
  step('recv_again', yield* socket.recv(a, 0));
});
