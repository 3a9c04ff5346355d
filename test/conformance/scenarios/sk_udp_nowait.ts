/** Scenario: recvfrom/3 with nowait on a datagram socket: select, the select message,
 * then the datagram; recvfrom with peek leaves it queued. */
import { receive, run } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { flush, udp } from '../sockets.ts';
import { step } from '../step.ts';

const data = (r: unknown) => ((r as readonly unknown[])[1] as readonly unknown[])[1];

await run(function* () {
  const [u1] = udp();
  const [u2, a2] = udp();
  const [, si] = (yield* socket.recvfrom(u2, 0, 'nowait')) as readonly ['select', socket.select_info];
  step('select', 'selected');
  yield* socket.sendto(u1, Buffer.from('dgram'), a2 as socket.sockaddr);
  yield* receive(['$socket', u2, 'select', si[2]]);
  step('select_msg', 'got');
  step('peek', data(yield* socket.recvfrom(u2, 0, ['peek'], 'nowait')));
  step('then_read', data(yield* socket.recvfrom(u2, 0, 'nowait')));
  step('nothing_left', (yield* socket.recvfrom(u2, 0, 'nowait'))[0]);
  step('flush_select', list(((yield* flush()) as never[][]).map((m) => m[2])));
});
