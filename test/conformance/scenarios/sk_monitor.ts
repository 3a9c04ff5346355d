/** Scenario: socket:monitor/1: one 'DOWN' with reason closed when the socket closes,
 * exactly once; two monitors give two; cancel_monitor removes one; monitoring a closed
 * socket gives 'DOWN' at once; bad arguments. */
import { Ref, _, makeRef, receive, run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { flush, ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const m1 = socket.monitor(s);
  const m2 = socket.monitor(s);
  const m3 = socket.monitor(s);
  step('distinct', [m1 instanceof Ref, m1 !== m2]);
  step('cancel', socket.cancel_monitor(m3));
  step('cancel_again', socket.cancel_monitor(m3));
  yield* socket.close(s);
  step('down1', yield* receive(['DOWN', m1, 'socket', s, _]));
  step('down2', (yield* receive(['DOWN', m2, 'socket', s, _]))[4]);
  step('once', yield* flush());
  const m4 = socket.monitor(s);
  step('closed_at_once', (yield* receive(['DOWN', m4, 'socket', s, _]))[4]);
  step('bad_monitor', attempt(() => socket.monitor('not_a_socket' as never)));
  step('bad_cancel', attempt(() => socket.cancel_monitor('not_a_ref' as never)));
  step('cancel_unknown', socket.cancel_monitor(makeRef()));
});
