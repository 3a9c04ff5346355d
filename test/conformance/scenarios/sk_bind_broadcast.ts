/** Scenario: bind/2 with the atom broadcast on a datagram socket, and what sockname then
 * says; no traffic is sent. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  step('bind', socket.bind(u, 'broadcast'));
  step('addr', ok<{ addr: never }>(socket.sockname(u)).addr);
  const t = ok<socket.socket>(socket.open('inet6', 'dgram', 'udp'));
  step('inet6_broadcast', socket.bind(t, 'broadcast'));
});
