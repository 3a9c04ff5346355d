/** Scenario: use_registry/1: sockets opened while it is off are not listed by
 * which_sockets and say so in {otp, use_registry}; a bad argument. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  step('use_registry_off', socket.use_registry(false));
  const hidden = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('hidden', socket.which_sockets().includes(hidden));
  step('use_registry_on', socket.use_registry(true));
  const seen = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('seen', socket.which_sockets().includes(seen));
  step('opt_hidden', socket.getopt(hidden, ['otp', 'use_registry']));
  step('opt_seen', socket.getopt(seen, ['otp', 'use_registry']));
  step('bad_use_registry', attempt(() => socket.use_registry('maybe' as never)));
});
