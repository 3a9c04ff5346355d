/** Scenario: getopt_native/3 and setopt_native/3 with numeric level and option
 * (SOL_SOCKET = 1, SO_REUSEADDR = 2, SO_TYPE = 3), as integer, boolean and binary. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('type_int', socket.getopt_native(s, ['socket', 3], 'integer'));
  step('reuseaddr_bool', socket.getopt_native(s, ['socket', 2], 'boolean'));
  step('set_reuseaddr', socket.setopt_native(s, ['socket', 2], true));
  step('reuseaddr_after', socket.getopt(s, ['socket', 'reuseaddr']));
  step('reuseaddr_bin', socket.getopt_native(s, ['socket', 2], 4));
  step('set_bin', socket.setopt_native(s, ['socket', 2], Buffer.alloc(4)));
  step('reuseaddr_cleared', socket.getopt(s, ['socket', 'reuseaddr']));
  step('numeric_level', socket.getopt_native(s, [1, 3], 'integer'));
  step('bad_spec', attempt(() => socket.getopt_native(s, ['socket', 3], 'not_a_spec' as never)));
});
