/** Scenario: accept/2 with nowait and with a handle: select first, the select message
 * when a peer connects, then the accepted socket; accept/2 with a time-out. */
import { receive, run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { flush, listener, ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [l, addr] = listener();
  const [, si] = (yield* socket.accept(l, 'nowait')) as readonly ['select', socket.select_info];
  step('select', si);
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  yield* socket.connect(c, addr as socket.sockaddr);
  step('select_msg', yield* receive(['$socket', l, 'select', si[2]]));
  const a = ok<socket.socket>(yield* socket.accept(l, 'nowait'));
  step('accepted', a[0]);
  step('timeout', yield* socket.accept(l, 50));
  step('poll', yield* socket.accept(l, 0));
  step('empty', yield* flush());
});
