/** Scenario: recvmsg/sendmsg/sendto with nowait: immediate success, a select when
 * nothing is there, then the message. */
import { receive, run } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { ok, udp } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [u1] = udp();
  const [u2, a2] = udp();
  const dest = a2 as socket.sockaddr;
  const [, si] = (yield* socket.recvmsg(u2, 'nowait')) as readonly ['select', socket.select_info];
  step('select', si[1]);
  step('sendmsg_nowait', yield* socket.sendmsg(u1, { addr: a2, iov: list([Buffer.from('m')]) } as never, 'nowait'));
  yield* receive(['$socket', u2, 'select', si[2]]);
  step('select_msg', 'got');
  step('recvmsg', ok<{ iov: unknown }>(yield* socket.recvmsg(u2, 'nowait')).iov);
  step('sendto_nowait', yield* socket.sendto(u1, Buffer.from('t'), dest, 'nowait'));
  step('recvfrom', ok<readonly [unknown, Buffer]>(yield* socket.recvfrom(u2, 0, 1000))[1]);
  yield* socket.sendto(u1, Buffer.from('abcdef'), dest);
  step('recvmsg_bufsz', ok<{ iov: unknown }>(yield* socket.recvmsg(u2, 3, 0, [], 1000)).iov);
});
