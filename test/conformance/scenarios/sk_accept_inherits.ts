/** Scenario: options set on a listener before accept, as the accepted socket reports
 * them (Linux passes some on): reuseaddr, keepalive, tcp nodelay, linger. */
import { run } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { listener, ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [l, addr] = listener();
  socket.setopt(l, ['socket', 'keepalive'], true);
  socket.setopt(l, ['tcp', 'nodelay'], true);
  socket.setopt(l, ['socket', 'linger'], { onoff: true, linger: 3 });
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  yield* socket.connect(c, addr as socket.sockaddr);
  const a = ok<socket.socket>(yield* socket.accept(l));
  const opts = (s: socket.socket, os: [string, string][]) => list(os.map((o) => [o, socket.getopt(s, o as never)]));
  step('accepted', opts(a, [['socket', 'reuseaddr'], ['socket', 'keepalive'], ['tcp', 'nodelay'], ['socket', 'linger']]));
  step('connector', opts(c, [['socket', 'keepalive'], ['tcp', 'nodelay']]));
});
