/** Scenario: recv/3 with nowait: {select, SelectInfo} when nothing is there, the
 * {'$socket', S, select, Handle} message when data arrives, then the data; a recv with
 * a handle of our own (a ref) uses that handle. */
import { makeRef, receive, run, sleep } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { flush, tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  const r = (yield* socket.recv(a, 0, 'nowait')) as readonly ['select', socket.select_info];
  const [, si] = r;
  step('select', r);
  step('tag', si[1]);
  yield* socket.send(c, Buffer.from('data'));
  step('select_msg', yield* receive(['$socket', a, 'select', si[2]]));
  step('then_data', yield* socket.recv(a, 0, 'nowait'));
  yield* socket.send(c, Buffer.from('more'));
  yield* sleep(20);
  step('nowait_with_data', yield* socket.recv(a, 0, 'nowait'));
  const ref = makeRef();
  const r2 = (yield* socket.recv(a, 0, ref)) as readonly ['select', socket.select_info];
  step('own_handle', r2[1][2] === ref);
  yield* socket.send(c, Buffer.from('x'));
  yield* receive(['$socket', a, 'select', ref]);
  step('own_handle_msg', 'got');
  step('recv_after', yield* socket.recv(a, 0, 'nowait'));
  step('empty', yield* flush());
});
