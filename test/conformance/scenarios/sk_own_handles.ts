/** Scenario: accept and connect with a ref of our own as the handle: the select
 * message carries it. */
import { makeRef, receive, run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { listener, ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [l, addr] = listener();
  const ar = makeRef();
  const [, asi] = (yield* socket.accept(l, ar)) as readonly ['select', socket.select_info];
  step('accept_handle', asi[2] === ar);
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const cr = makeRef();
  const r = yield* socket.connect(c, addr as socket.sockaddr, cr);
  step('connect_shape', Array.isArray(r) ? r[0] : r);
  yield* receive(['$socket', l, 'select', ar]);
  step('accept_msg', 'got');
  if (r !== 'ok') yield* receive(['$socket', c, 'select', cr]);
  step('connect_msg', 'got');
  step('connect_done', yield* socket.connect(c));
  step('accepted', (yield* socket.accept(l, ar))[0]);
});
