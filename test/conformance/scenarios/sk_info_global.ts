/** Scenario: info/0 and number_of/0 as inet and inet6 sockets open and close (the
 * pending sk_module_info adds a local socket, which OTP 25 counts under num_dinet6).
 * use_registry false hides a socket from number_of but not from the counters. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  step('start', socket.number_of());
  step('info_start', socket.info());
  const s1 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const s2 = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  const s3 = ok<socket.socket>(socket.open('inet6', 'stream', 'tcp'));
  const s4 = ok<socket.socket>(socket.open('inet6', 'dgram', 'udp'));
  step('four', socket.number_of());
  step('info_four', socket.info());
  const h = ok<socket.socket>(socket.open('inet', 'stream', 'tcp', { use_registry: false }));
  step('hidden', socket.number_of());
  step('hidden_counters', socket.info().counters);
  for (const s of [s1, s2, s3, s4, h]) yield* socket.close(s);
  step('closed', socket.number_of());
  step('info_closed', socket.info());
});
