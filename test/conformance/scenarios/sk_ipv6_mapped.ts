/** Scenario: a dual-stack inet6 listener on :: accepts an inet client; the peer shows
 * as a v4-mapped inet6 address. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const l = ok<socket.socket>(socket.open('inet6', 'stream', 'tcp'));
  socket.setopt(l, ['ipv6', 'v6only'], false);
  socket.bind(l, { family: 'inet6', addr: [0, 0, 0, 0, 0, 0, 0, 0], port: 0 } as never);
  socket.listen(l);
  const { port } = ok<socket.sockaddr_in6>(socket.sockname(l));
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('connect', yield* socket.connect(c, { family: 'inet', addr: [127, 0, 0, 1], port } as never));
  const a = ok<socket.socket>(yield* socket.accept(l));
  const peer = ok<Record<string, unknown>>(socket.peername(a));
  step('peer', Object.fromEntries(Object.entries(peer).filter(([k]) => k !== 'port')));
  yield* socket.send(c, Buffer.from('v4'));
  step('recv', yield* socket.recv(a, 2));
});
