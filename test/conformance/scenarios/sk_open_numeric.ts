/** Scenario: open/3 with numeric domain, type and protocol (AF_INET 2, SOCK_STREAM 1,
 * IPPROTO_TCP 6), and what getopt then reports. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open(2, 1, 6));
  step('type', socket.getopt(s, ['socket', 'type']));
  step('domain', socket.getopt(s, ['socket', 'domain']));
  step('protocol', socket.getopt(s, ['socket', 'protocol']));
  const s2 = ok<socket.socket>(socket.open('inet', 'dgram', 17));
  step('udp_protocol', socket.getopt(s2, ['socket', 'protocol']));
  step('bad_number', socket.open('inet', 'stream', 9999));
});
