/** Scenario: open/1,2 on the fd of an existing socket: the new socket reports the
 * same type and protocol; open/2 with options; a bad fd. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { format } from '../../../runtime/format.ts';
import { infoAsOtp25, listener, ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const [l, addr] = listener();
  const fd = ok<number>(socket.getopt(l, ['otp', 'fd']));
  const s = ok<socket.socket>(socket.open(fd));
  step('type', socket.getopt(s, ['socket', 'type']));
  step('same_name', format(socket.sockname(s)) === format(['ok', addr]));
  step('info', infoAsOtp25(s, 'counters', 'owner'));
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  const ufd = ok<number>(socket.getopt(u, ['otp', 'fd']));
  const s2 = ok<socket.socket>(socket.open(ufd, { domain: 'inet', type: 'dgram', protocol: 'udp' }));
  step('dgram_type', socket.getopt(s2, ['socket', 'type']));
  step('bad_fd', attempt(() => socket.open(-1)));
  step('not_an_fd', attempt(() => socket.open('not_an_fd' as never)));
});
