/** Scenario: socket-level options: defaults that do not depend on the kernel's
 * tuning (type, domain, protocol, acceptconn, reuseaddr, keepalive, linger, broadcast,
 * oobinline, debug), each set and read back. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { list } from '../../../runtime/term.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const get = (o: string) => socket.getopt(s, ['socket', o] as never);
  const all = (os: string[]) => list(os.map((o) => [o, get(o)]));
  step('defaults', all(['type', 'domain', 'protocol', 'acceptconn', 'reuseaddr', 'reuseport', 'keepalive', 'linger', 'oobinline', 'dontroute', 'debug', 'error']));
  step('set_reuseaddr', socket.setopt(s, ['socket', 'reuseaddr'], true));
  step('set_keepalive', socket.setopt(s, ['socket', 'keepalive'], true));
  step('set_linger', socket.setopt(s, ['socket', 'linger'], { onoff: true, linger: 7 }));
  step('set_oobinline', socket.setopt(s, ['socket', 'oobinline'], true));
  step('after_set', all(['reuseaddr', 'keepalive', 'linger', 'oobinline']));
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  step('dgram_type', socket.getopt(u, ['socket', 'type']));
  step('broadcast_default', socket.getopt(u, ['socket', 'broadcast']));
  step('set_broadcast', socket.setopt(u, ['socket', 'broadcast'], true));
  step('broadcast', socket.getopt(u, ['socket', 'broadcast']));
  socket.setopt(s, ['socket', 'rcvbuf'], 65536);
  const rcv = ok<number>(socket.getopt(s, ['socket', 'rcvbuf']));
  step('rcvbuf_at_least', rcv >= 65536);
  step('getopt3_legacy', socket.getopt(s, 'socket', 'type'));
  step('setopt4_legacy', socket.setopt(s, 'socket', 'reuseaddr', false));
});
