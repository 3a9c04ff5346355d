/** Scenario: a writer whose peer does not read: send/3 with a time-out returns
 * {error, {timeout, Rest}}; send with nowait returns a partial select with the rest;
 * the select message comes when the peer reads. */
import { TIMEOUT, receive, run, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  socket.setopt(c, ['socket', 'sndbuf'], 4096);
  socket.setopt(a, ['socket', 'rcvbuf'], 4096);
  const big = Buffer.alloc(4000000, 'x');
  const r1 = (yield* socket.send(c, big, 100)) as readonly ['error', readonly ['timeout', Buffer]];
  const rest = r1[1][1];
  step('timeout_shape', ['timeout', Buffer.isBuffer(rest), rest.length < big.length]);
  const r0 = yield* socket.send(c, big, 0);
  const isRest = Array.isArray(r0) && Array.isArray(r0[1]) && r0[1][0] === 'timeout';
  step('poll_timeout', isRest ? 'timeout_with_rest' : r0);
  const r2 = (yield* socket.send(c, big, 'nowait')) as readonly ['select', unknown];
  step('nowait_shape', r2[0]);
  const info = r2[1] as readonly unknown[];
  const h = info[0] === 'select_info' ? info[2] : (info[0] as readonly unknown[])[2];
  spawn(function* () {
    for (;;) if ((yield* socket.recv(a, 0, 2000))[0] !== 'ok') return;
  });
  step('select_msg', (yield* receive(['$socket', c, 'select', h], { after: 5000 })) === TIMEOUT ? 'none' : 'got');
});
