/** Scenario: connect/3 with nowait on loopback: select, the select message, then
 * connect/1 completes; to a closed port the completion is econnrefused. */
import { receive, run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { listener, ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, addr] = listener();
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const r = yield* socket.connect(c, addr as socket.sockaddr, 'nowait');
  step('shape', Array.isArray(r) ? r[0] : r);
  const h = (r as readonly ['select', socket.select_info])[1][2];
  yield* receive(['$socket', c, 'select', h]);
  step('select_msg', 'select');
  step('complete', yield* socket.connect(c));
  step('peer', socket.peername(c)[0]);
  const probe = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  socket.bind(probe, { family: 'inet', addr: 'loopback', port: 0 } as never);
  const closed = ok<socket.sockaddr>(socket.sockname(probe));
  const c2 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const r2 = (yield* socket.connect(c2, closed, 'nowait')) as readonly ['select', socket.select_info];
  yield* receive(['$socket', c2, 'select', r2[1][2]]);
  step('select_msg2', 'select');
  step('refused', yield* socket.connect(c2));
  const c3 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('connect_timeout_ok', yield* socket.connect(c3, addr as socket.sockaddr, 1000));
});
