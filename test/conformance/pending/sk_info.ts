/** Scenario: socket:info/1 of a fresh socket, a listener, and a connected socket after
 * traffic (counters), and of a closed socket. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { infoAsOtp25, ok, tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('fresh', infoAsOtp25(s));
  const [l, c, a] = yield* tcpPair();
  step('listener', infoAsOtp25(l));
  yield* socket.send(c, Buffer.from('12345'));
  yield* socket.recv(a, 5);
  yield* socket.send(c, Buffer.from('678'));
  yield* socket.recv(a, 3);
  step('sender', socket.info(c).counters);
  step('receiver', socket.info(a).counters);
  step('connected', infoAsOtp25(a, 'counters'));
  yield* socket.close(s);
  step('closed', infoAsOtp25(s));
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  step('dgram', infoAsOtp25(u, 'counters'));
});
