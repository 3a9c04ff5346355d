/** Scenario: the peer closes: buffered data is still read, then {error, closed};
 * a recv waiting when the peer closes returns closed. */
import { _, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair, waitCount } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  yield* socket.send(c, Buffer.from('last words'));
  yield* socket.close(c);
  step('buffered', yield* socket.recv(a, 0));
  step('closed', yield* socket.recv(a, 0));
  step('closed_again', yield* socket.recv(a, 0));
  const [, c2, a2] = yield* tcpPair();
  const me = self();
  spawn(function* () {
    send(me, ['got', yield* socket.recv(a2, 0)]);
  });
  yield* waitCount(a2, 'num_readers', 1);
  yield* socket.close(c2);
  step('waiting_reader', (yield* receive(['got', _]))[1]);
  const [, c3, a3] = yield* tcpPair();
  yield* socket.send(c3, Buffer.from('abc'));
  yield* socket.close(c3);
  step('partial_then_closed', yield* socket.recv(a3, 10));
});
