/** Scenario: monitors from other processes: each monitoring process gets its own 'DOWN'
 * when the socket closes; a monitoring process that died before is not told. */
import { _, monitor, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { flush, ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const me = self();
  spawn(function* () {
    const m = socket.monitor(s);
    send(me, ['mon', m]);
    send(me, ['p_down', (yield* receive(['DOWN', m, 'socket', s, _]))[4]]);
  });
  yield* receive(['mon', _]);
  const q = spawn(function* () {
    send(me, ['mon', socket.monitor(s)]);
    yield* receive('stop');
  });
  yield* receive(['mon', _]);
  const mq = monitor('process', q);
  send(q, 'stop');
  yield* receive(['DOWN', mq, 'process', q, _]);
  const m0 = socket.monitor(s);
  yield* socket.close(s);
  step('down', (yield* receive(['DOWN', m0, 'socket', s, _]))[4]);
  step('other_down', (yield* receive(['p_down', _]))[1]);
  step('empty', yield* flush());
});
