/** Scenario: listen/1,2, a blocking accept and connect on loopback, the names of both
 * ends, and listen on a datagram socket. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { format } from '../../../runtime/format.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const l = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  socket.bind(l, { family: 'inet', addr: 'loopback', port: 0 } as never);
  step('listen', socket.listen(l));
  step('listen_again', socket.listen(l, 5));
  step('acceptconn', socket.getopt(l, ['socket', 'acceptconn']));
  const laddr = ok<socket.sockaddr>(socket.sockname(l));
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('connect', yield* socket.connect(c, laddr));
  const a = ok<socket.socket>(yield* socket.accept(l));
  step('accepted', a[0]);
  const cname = ok(socket.sockname(c));
  const apeer = ok(socket.peername(a));
  step('names_agree', format(cname) === format(apeer));
  step('peer_is_listener_port', format(socket.peername(c)) === format(['ok', laddr]));
  step('accepted_acceptconn', socket.getopt(a, ['socket', 'acceptconn']));
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  step('listen_dgram', socket.listen(u));
  step('listen_unbound_ok', socket.listen(ok<socket.socket>(socket.open('inet', 'stream', 'tcp'))));
});
