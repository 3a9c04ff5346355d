/** Scenario: a writer blocked in send because the peer does not read; another process
 * closes the socket; the writer's send returns an error. */
import { _, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair, waitCount } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c] = yield* tcpPair();
  socket.setopt(c, ['socket', 'sndbuf'], 4096);
  const me = self();
  spawn(function* () {
    send(me, ['sent', yield* socket.send(c, Buffer.alloc(8000000, 'y'))]);
  });
  step('writers', yield* waitCount(c, 'num_writers', 1));
  yield* socket.close(c);
  const r = (yield* receive(['sent', _]))[1] as readonly unknown[];
  const e = r[1];
  step('send_result', Array.isArray(e) && Buffer.isBuffer(e[1]) ? ['error', [e[0], 'rest']] : r);
});
