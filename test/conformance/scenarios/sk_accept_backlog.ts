/** Scenario: three connects complete before any accept (the backlog); three accepts
 * return them in connect order. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { format } from '../../../runtime/format.ts';
import { listener, ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [l, addr] = listener();
  const names: string[] = [];
  for (let i = 0; i < 3; i++) {
    const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
    yield* socket.connect(c, addr as socket.sockaddr);
    names.push(format(ok(socket.sockname(c))));
  }
  const peers: string[] = [];
  for (let i = 0; i < 3; i++) {
    const a = ok<socket.socket>(yield* socket.accept(l));
    peers.push(format(ok(socket.peername(a))));
  }
  step('in_order', names.join() === peers.join());
  step('none_left', yield* socket.accept(l, 0));
});
