/** Scenario (manual only: OTP 25 has no sendmmsg/recvmmsg, so man_mmsg.expect holds the
 * steps the manual's text implies): several datagrams sent with one sendmmsg and read
 * with one recvmmsg, the zero-message case, a time-out and a nowait select. */
import { run, sleep } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { ok, udp } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [u1] = udp();
  const [u2, a2] = udp();
  const msg = (s: string) => ({ addr: a2, iov: list([Buffer.from(s)]) }) as never;
  step('sendmmsg_zero', yield* socket.sendmmsg(u1, list([]), [], 'infinity'));
  step('sendmmsg', yield* socket.sendmmsg(u1, list([msg('a'), msg('bb'), msg('ccc')]), [], 'infinity'));
  yield* sleep(20);
  const msgs = ok<readonly { iov: never }[]>(yield* socket.recvmmsg(u2, 10, 0, 0, [], 1000));
  step('count', msgs.length);
  step('iovs', list(msgs.map((m) => m.iov)));
  step('timeout', yield* socket.recvmmsg(u2, 10, 0, 0, [], 30));
  const r = (yield* socket.recvmmsg(u2, 4, 0, 0, [], 'nowait')) as readonly ['select', socket.select_info];
  step('nowait', [r[0], r[1][0], r[1][1]]);
});
