/** Scenario: inet6 stream and datagram sockets on ::1: bind, sockname (flowinfo,
 * scope_id), connect, send/recv, sendto/recvfrom; v6only default and set; an inet
 * address on an inet6 socket. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { format } from '../../../runtime/format.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const loop6 = [0, 0, 0, 0, 0, 0, 0, 1];
  const at = (addr: unknown) => ({ family: 'inet6', addr, port: 0 }) as never;
  const l = ok<socket.socket>(socket.open('inet6', 'stream', 'tcp'));
  step('bind', socket.bind(l, at(loop6)));
  const addr = ok<socket.sockaddr>(socket.sockname(l));
  step('sockname', addr);
  socket.listen(l);
  const c = ok<socket.socket>(socket.open('inet6', 'stream', 'tcp'));
  step('connect', yield* socket.connect(c, addr));
  const a = ok<socket.socket>(yield* socket.accept(l));
  yield* socket.send(c, Buffer.from('six'));
  step('recv', yield* socket.recv(a, 3));
  step('peer_family', ok<{ family: string }>(socket.peername(a)).family);
  step('v6only_default', socket.getopt(c, ['ipv6', 'v6only']));
  const u1 = ok<socket.socket>(socket.open('inet6', 'dgram', 'udp'));
  const u2 = ok<socket.socket>(socket.open('inet6', 'dgram', 'udp'));
  socket.bind(u1, at(loop6));
  socket.bind(u2, at(loop6));
  const a2 = ok<socket.sockaddr>(socket.sockname(u2));
  const a1 = ok(socket.sockname(u1));
  yield* socket.sendto(u1, Buffer.from('dgram6'), a2);
  const [from, d] = ok<readonly [unknown, Buffer]>(yield* socket.recvfrom(u2));
  step('recvfrom', [format(from) === format(a1), d]);
  const u3 = ok<socket.socket>(socket.open('inet6', 'dgram', 'udp'));
  step('set_v6only', socket.setopt(u3, ['ipv6', 'v6only'], true));
  step('v6only', socket.getopt(u3, ['ipv6', 'v6only']));
  step('inet_addr_on_inet6', socket.bind(u3, { family: 'inet', addr: [127, 0, 0, 1], port: 0 } as never));
  step('any6', socket.bind(u3, 'any'));
  step('any6_addr', ok<{ addr: never }>(socket.sockname(u3)).addr);
  step('unicast_hops', [socket.setopt(u1, ['ipv6', 'unicast_hops'], 9), socket.getopt(u1, ['ipv6', 'unicast_hops'])]);
});
