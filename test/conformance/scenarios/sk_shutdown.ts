/** Scenario: shutdown/2 write, read and read_write: the peer sees end of stream,
 * sending after shutdown(write) fails with epipe, and a bad how is an invalid error. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok, tcpPair } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  step('shutdown_write', socket.shutdown(c, 'write'));
  step('peer_eof', yield* socket.recv(a, 0));
  step('send_after', yield* socket.send(c, Buffer.from('x')));
  yield* socket.send(a, Buffer.from('still open'));
  step('other_way', yield* socket.recv(c, 0));
  const [, c2, a2] = yield* tcpPair();
  step('shutdown_read', socket.shutdown(c2, 'read'));
  step('shutdown_rw', socket.shutdown(a2, 'read_write'));
  step('bad_how', attempt(() => socket.shutdown(c2, 'sideways' as never)));
  const u = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('unconnected', socket.shutdown(u, 'write'));
});
