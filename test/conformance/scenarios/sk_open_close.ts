/** Scenario: open/2,3,4 for each domain and type, close, close again, and open's
 * invalid-argument errors. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const s1 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('is_socket', s1[0]);
  step('open2', socket.open('inet', 'stream')[0]);
  step('open_udp', socket.open('inet', 'dgram', 'udp')[0]);
  step('open_inet6', socket.open('inet6', 'stream', 'tcp')[0]);
  step('open_local', socket.open('local', 'stream', 'default')[0]);
  step('open_opts', socket.open('inet', 'stream', 'tcp', { debug: false })[0]);
  step('open3_opts', socket.open('inet', 'dgram', {})[0]);
  step('close', yield* socket.close(s1));
  step('close_again', yield* socket.close(s1));
  step('bad_domain', socket.open('foo' as never, 'stream', 'tcp'));
  step('bad_type', socket.open('inet', 'foo' as never, 'tcp'));
  step('bad_protocol', socket.open('inet', 'stream', 'foo'));
  step('mismatch', socket.open('inet', 'dgram', 'tcp'));
  step('bad_opts', attempt(() => socket.open('inet', 'stream', 'tcp', 'not_a_map' as never)));
});
