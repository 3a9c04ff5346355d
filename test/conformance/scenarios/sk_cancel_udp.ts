/** Scenario: cancel a pending recvfrom and recvmsg on a datagram socket; the datagram
 * that comes later waits for the next read. */
import { run, sleep } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { flush, udp } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [u1] = udp();
  const [u2, a2] = udp();
  const [, si1] = (yield* socket.recvfrom(u2, 0, 'nowait')) as readonly ['select', socket.select_info];
  step('cancel_recvfrom', socket.cancel(u2, si1));
  const [, si2] = (yield* socket.recvmsg(u2, 'nowait')) as readonly ['select', socket.select_info];
  step('cancel_recvmsg', socket.cancel(u2, si2));
  yield* socket.sendto(u1, Buffer.from('later'), a2 as socket.sockaddr);
  yield* sleep(20);
  step('no_messages', yield* flush());
  const r = (yield* socket.recvfrom(u2)) as readonly ['ok', readonly [unknown, Buffer]];
  step('still_there', r[1][1]);
});
