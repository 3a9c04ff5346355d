/** Scenario: {otp, rcvbuf} bounds what a recv of length 0 returns at once: with 20000
 * bytes waiting and rcvbuf 1000, recv(s, 0) gives 1000 bytes; a recv with a length
 * larger than rcvbuf still gets the whole length. */
import { run, sleep } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok, tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  yield* socket.send(c, Buffer.alloc(20000, 'r'));
  yield* sleep(30);
  socket.setopt(a, ['otp', 'rcvbuf'], 1000);
  step('first', ok<Buffer>(yield* socket.recv(a, 0)).length);
  step('with_length', ok<Buffer>(yield* socket.recv(a, 5000)).length);
  step('again', ok<Buffer>(yield* socket.recv(a, 0)).length);
});
