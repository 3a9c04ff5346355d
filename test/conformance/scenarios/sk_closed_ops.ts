/** Scenario: every operation on a closed socket returns {error, closed} (or a
 * 'DOWN' at once for a monitor). */
import { run } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { listener, tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c] = yield* tcpPair();
  yield* socket.close(c);
  const nine = { family: 'inet', addr: 'loopback', port: 9 } as never;
  step('ops', list(<never[]>[
    yield* socket.send(c, Buffer.from('x')), yield* socket.recv(c, 0), yield* socket.recv(c, 0, 'nowait'),
    socket.sockname(c), socket.peername(c), socket.shutdown(c, 'write'),
    socket.getopt(c, ['socket', 'type']), socket.setopt(c, ['socket', 'reuseaddr'], true),
    yield* socket.connect(c, nine),
    socket.bind(c, 'any'), socket.listen(c), yield* socket.close(c),
    yield* socket.sendto(c, Buffer.from('x'), nine),
    yield* socket.recvfrom(c), yield* socket.recvmsg(c), yield* socket.sendmsg(c, { iov: list([Buffer.from('x')]) } as never),
  ]));
  const [l2] = listener();
  yield* socket.close(l2);
  step('accept_closed', yield* socket.accept(l2));
  step('accept_nowait_closed', yield* socket.accept(l2, 'nowait'));
});
