/** Scenario: recv/3 with a time-out: nothing (timeout), partial data on a stream
 * ({timeout, Data}), time-out 0 as a poll, and a recv that completes in time. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { attemptYield, step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  step('none', yield* socket.recv(a, 0, 50));
  step('poll_none', yield* socket.recv(a, 0, 0));
  yield* socket.send(c, Buffer.from('abcd'));
  step('partial', yield* socket.recv(a, 10, 100));
  yield* socket.send(c, Buffer.from('efgh'));
  step('in_time', yield* socket.recv(a, 4, 1000));
  yield* socket.send(c, Buffer.from('ij'));
  step('poll_data', yield* socket.recv(a, 0, 0));
  step('bad_timeout', yield* attemptYield(socket.recv(a, 0, -5)));
  step('bad_length', yield* attemptYield(socket.recv(a, -1)));
});
