/** Scenario (manual only: OTP 25 has no {otp, select_read}, so man_select_read.expect
 * holds the steps the manual's text implies): with select_read set, a nowait recv that
 * gets data returns {select_read, {SelectInfo, Data}} and stays armed, so a select
 * message follows when more data comes. */
import { receive, run, sleep } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  step('default', socket.getopt(a, ['otp', 'select_read'] as never));
  step('set', socket.setopt(a, ['otp', 'select_read'] as never, true));
  step('get', socket.getopt(a, ['otp', 'select_read'] as never));
  yield* socket.send(c, Buffer.from('first'));
  yield* sleep(20);
  const r = (yield* socket.recv(a, 0, 'nowait')) as readonly ['select_read', readonly [socket.select_info, Buffer]];
  step('select_read', [r[0], r[1][0][0], r[1][0][1], r[1][1]]);
  yield* socket.send(c, Buffer.from('second'));
  yield* receive(['$socket', a, 'select', r[1][0][2]]);
  step('select_msg', 'got');
  const r2 = (yield* socket.recv(a, 0, 'nowait')) as readonly [string, readonly [socket.select_info, Buffer]];
  step('next', [r2[0], r2[1][1]]);
});
