/** Scenario: several datagrams queued are read one per recvfrom, in order, each whole;
 * a nowait reader on a socket with queued datagrams reads at once. */
import { run, sleep } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { udp } from '../sockets.ts';
import { step } from '../step.ts';

const data = (r: unknown) => ((r as readonly unknown[])[1] as readonly unknown[])[1];

await run(function* () {
  const [u1] = udp();
  const [u2, a2] = udp();
  for (let n = 1; n <= 5; n++) yield* socket.sendto(u1, Buffer.from([n]), a2 as socket.sockaddr);
  yield* sleep(20);
  const got: never[] = [];
  for (let i = 0; i < 4; i++) got.push(data(yield* socket.recvfrom(u2)) as never);
  step('in_order', list(got));
  step('nowait_ready', data(yield* socket.recvfrom(u2, 0, 'nowait')));
  step('then_select', (yield* socket.recvfrom(u2, 0, 'nowait'))[0]);
});
