/** Scenario: datagram sockets: sendto/recvfrom with the source address, recvfrom/2
 * truncating a datagram, empty datagrams, recv on a connected datagram socket, sendto
 * without a destination, and recvfrom with a time-out. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { format } from '../../../runtime/format.ts';
import { ok, udp } from '../sockets.ts';
import { attemptYield, step } from '../step.ts';

const data = (r: unknown) => ((r as readonly unknown[])[1] as readonly unknown[])[1];

await run(function* () {
  const [u1, a1] = udp();
  const [u2, a2] = udp();
  const dest = a2 as socket.sockaddr;
  step('sendto', yield* socket.sendto(u1, Buffer.from('hello'), dest));
  const [src, d] = ok<[unknown, Buffer]>(yield* socket.recvfrom(u2));
  step('recvfrom', [format(src) === format(a1), d]);
  yield* socket.sendto(u1, Buffer.from('0123456789'), dest);
  step('truncated', data(yield* socket.recvfrom(u2, 4)));
  step('rest_dropped', yield* socket.recvfrom(u2, 0, 50));
  yield* socket.sendto(u1, Buffer.alloc(0), dest);
  step('empty_dgram', data(yield* socket.recvfrom(u2)));
  step('connect', yield* socket.connect(u1, dest));
  step('peername', format(socket.peername(u1)) === format(['ok', a2]));
  step('send_connected', yield* socket.send(u1, Buffer.from('conn')));
  step('recv_dgram', yield* socket.recv(u2, 0));
  const u3 = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  step('send_unconnected', yield* socket.send(u3, Buffer.from('x')));
  step('timeout', yield* socket.recvfrom(u2, 0, 30));
  step('sendto_bad_dest', yield* attemptYield(socket.sendto(u1, Buffer.from('x'), 'not_an_addr' as never)));
});
