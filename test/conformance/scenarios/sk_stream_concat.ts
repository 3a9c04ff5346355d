/** Scenario: several sends arrive as one byte stream: recv with a length takes exactly
 * that many bytes across send boundaries; recv of 0 after all data are there takes all. */
import { run, sleep } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  for (const b of ['ab', 'cde', 'fghij']) yield* socket.send(c, Buffer.from(b));
  step('first4', yield* socket.recv(a, 4));
  step('next4', yield* socket.recv(a, 4));
  step('last2', yield* socket.recv(a, 2));
  yield* socket.send(c, Buffer.from('123'));
  yield* socket.send(c, Buffer.from('456'));
  yield* sleep(30);
  step('all', yield* socket.recv(a, 0));
});
