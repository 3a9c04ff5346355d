/** Scenario: join and leave a multicast group on the loopback interface (no traffic
 * is sent); drop a group never joined. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  socket.bind(u, { family: 'inet', addr: 'any', port: 0 } as never);
  const req = { multiaddr: [239, 255, 77, 77], interface: [127, 0, 0, 1] };
  step('join', socket.setopt(u, ['ip', 'add_membership'], req));
  step('join_twice', socket.setopt(u, ['ip', 'add_membership'], req));
  step('multicast_if', [socket.setopt(u, ['ip', 'multicast_if'], [127, 0, 0, 1]), socket.getopt(u, ['ip', 'multicast_if'])]);
  step('leave', socket.setopt(u, ['ip', 'drop_membership'], req));
  step('leave_again', socket.setopt(u, ['ip', 'drop_membership'], req));
  step('bad_req', socket.setopt(u, ['ip', 'add_membership'], { multiaddr: [1, 2, 3, 4] }));
});
