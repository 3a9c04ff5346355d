/** Scenario: recv with flags: peek leaves data queued; recv/3 with flags and
 * recv/4 with flags and a time-out; send with flags. */
import { run, sleep } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  yield* socket.send(c, Buffer.from('peekaboo'));
  yield* sleep(20);
  step('peek', yield* socket.recv(a, 4, ['peek']));
  step('peek_again', yield* socket.recv(a, 4, ['peek'], 1000));
  step('read', yield* socket.recv(a, 8, [], 1000));
  step('send_flags', yield* socket.send(c, Buffer.from('f'), ['nosignal']));
  step('send_flags_timeout', yield* socket.send(c, Buffer.from('g'), [], 1000));
  step('both', yield* socket.recv(a, 2));
});
