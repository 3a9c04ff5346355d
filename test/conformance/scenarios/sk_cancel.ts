/** Scenario: cancel/2 of a pending recv and accept: ok, no select message later;
 * cancel of an unknown or already used select info is an invalid error. */
import { makeRef, run, sleep } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { flush, listener, ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const [l, addr] = listener();
  const [, si] = (yield* socket.accept(l, 'nowait')) as readonly ['select', socket.select_info];
  step('cancel_accept', socket.cancel(l, si));
  step('cancel_again', socket.cancel(l, si));
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  yield* socket.connect(c, addr as socket.sockaddr);
  step('no_select_msg', yield* flush());
  const a = ok<socket.socket>(yield* socket.accept(l));
  const [, rsi] = (yield* socket.recv(a, 0, 'nowait')) as readonly ['select', socket.select_info];
  step('cancel_recv', socket.cancel(a, rsi));
  yield* socket.send(c, Buffer.from('x'));
  yield* sleep(20);
  step('no_recv_msg', yield* flush());
  step('data_still_there', yield* socket.recv(a, 0));
  step('cancel_foreign', socket.cancel(a, ['select_info', 'recv', makeRef()]));
  step('cancel_bad', attempt(() => socket.cancel(a, 'not_select_info' as never)));
});
