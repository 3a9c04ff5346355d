/** Scenario: a connected datagram socket: datagrams from another source are filtered,
 * sendto with an explicit destination still works, and connecting to unspec
 * dissolves the association. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok, udp } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [u1, a1] = udp();
  const [u2, a2] = udp();
  const [u3, a3] = udp();
  yield* socket.connect(u1, a2 as socket.sockaddr);
  yield* socket.sendto(u3, Buffer.from('stranger'), a1 as socket.sockaddr);
  yield* socket.sendto(u2, Buffer.from('peer'), a1 as socket.sockaddr);
  step('only_peer', ok(yield* socket.recv(u1, 0, 1000)));
  step('filtered', yield* socket.recv(u1, 0, 50));
  step('sendto_other', yield* socket.sendto(u1, Buffer.from('x'), a3 as socket.sockaddr));
  step('other_got', ok<readonly [unknown, Buffer]>(yield* socket.recvfrom(u3, 0, 1000))[1]);
  step('disconnect', yield* socket.connect(u1, { family: 'unspec', addr: Buffer.alloc(0) } as never));
  step('peername_after', socket.peername(u1));
});
