/** Scenario: close/1 by another process aborts every pending operation: a nowait recv
 * gets {'$socket', S, abort, {Handle, closed}}, a blocking recv and a blocking accept
 * return {error, closed}. */
import { _, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { flush, listener, tcpPair, waitCount } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [l, , a] = yield* tcpPair();
  const [, si] = (yield* socket.recv(a, 0, 'nowait')) as readonly ['select', socket.select_info];
  const h = si[2];
  const me = self();
  spawn(function* () {
    send(me, ['closed_by_other', yield* socket.close(a)]);
  });
  step('closer', (yield* receive(['closed_by_other', _]))[1]);
  step('abort_msg', yield* receive(['$socket', a, 'abort', [h, _]]));
  const [l2] = listener();
  spawn(function* () {
    send(me, ['accept_result', yield* socket.accept(l2)]);
  });
  yield* waitCount(l2, 'num_acceptors', 1);
  yield* socket.close(l2);
  step('blocked_accept', (yield* receive(['accept_result', _]))[1]);
  const [, , a3] = yield* tcpPair();
  spawn(function* () {
    send(me, ['recv_result', yield* socket.recv(a3, 0)]);
  });
  yield* waitCount(a3, 'num_readers', 1);
  spawn(function* () {
    yield* socket.close(a3);
  });
  step('blocked_recv', (yield* receive(['recv_result', _]))[1]);
  const [, si4] = (yield* socket.accept(l, 'nowait')) as readonly ['select', socket.select_info];
  yield* socket.close(l);
  const m = yield* receive(['$socket', l, 'abort', [si4[2], _]]);
  step('accept_abort', (m[3] as readonly unknown[])[1]);
  step('empty', yield* flush());
});
