/** Scenario: socket:info/1 of a fresh socket, a listener, and a connected socket after
 * traffic (counters), and of a closed socket. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok, tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

const without = (m: object, k: string) => Object.fromEntries(Object.entries(m).filter(([key]) => key !== k));

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('fresh', socket.info(s));
  const [l, c, a] = yield* tcpPair();
  step('listener', socket.info(l));
  yield* socket.send(c, Buffer.from('12345'));
  yield* socket.recv(a, 5);
  yield* socket.send(c, Buffer.from('678'));
  yield* socket.recv(a, 3);
  step('sender', socket.info(c).counters);
  step('receiver', socket.info(a).counters);
  step('connected', without(socket.info(a), 'counters'));
  yield* socket.close(s);
  step('closed', socket.info(s));
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  step('dgram', without(socket.info(u), 'counters'));
});
