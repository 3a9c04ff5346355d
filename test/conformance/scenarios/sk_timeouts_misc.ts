/** Scenario: time-outs on accept and connect, and a recv time-out after which a
 * later recv still gets the data that came meanwhile. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { listener, ok } from '../sockets.ts';
import { attemptYield, step } from '../step.ts';

await run(function* () {
  const [l, addr] = listener();
  step('accept_timeout', yield* socket.accept(l, 30));
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('connect_timeout', yield* socket.connect(c, addr as socket.sockaddr, 1000));
  const a = ok<socket.socket>(yield* socket.accept(l, 1000));
  step('recv_timeout', yield* socket.recv(a, 0, 20));
  yield* socket.send(c, Buffer.from('late'));
  step('recv_later', yield* socket.recv(a, 0, 1000));
  step('recvfrom_stream', yield* socket.recvfrom(a, 0, 20));
  step('bad_timeout_atom', yield* attemptYield(socket.accept(l, 'soon' as never)));
});
