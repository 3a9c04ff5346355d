/** Scenario (manual only: sendv is "since OTP 27.0", so man_sendv.expect holds the steps
 * the manual's text implies): an iovec sent with sendv/2,3 arrives as one byte stream;
 * on a closed socket sendv says closed. */
import { run } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  step('sendv', yield* socket.sendv(c, list([Buffer.from('ab'), Buffer.from('cd')])));
  step('recv', yield* socket.recv(a, 4));
  step('sendv_timeout', yield* socket.sendv(c, list([Buffer.from('e'), Buffer.from('fg')]), 1000));
  step('sendv_nowait', yield* socket.sendv(c, list([Buffer.from('h')]), 'nowait'));
  step('recv_rest', yield* socket.recv(a, 4));
  yield* socket.close(c);
  step('closed', yield* socket.sendv(c, list([Buffer.from('x')])));
});
