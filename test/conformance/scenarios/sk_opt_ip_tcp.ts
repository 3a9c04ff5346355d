/** Scenario: ip and tcp options: ttl, tos, multicast_ttl, multicast_loop, recvtos,
 * pktinfo; tcp nodelay, cork, maxseg; set then read back. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  const setGet = (sock: socket.socket, level: string, name: string, v: unknown) => {
    const o = [level, name] as never;
    return [socket.setopt(sock, o, v), socket.getopt(sock, o)];
  };
  step('ttl', setGet(s, 'ip', 'ttl', 42));
  step('tos', setGet(s, 'ip', 'tos', 'lowdelay'));
  step('multicast_ttl', setGet(u, 'ip', 'multicast_ttl', 3));
  step('multicast_loop', setGet(u, 'ip', 'multicast_loop', false));
  step('recvtos', setGet(u, 'ip', 'recvtos', true));
  step('pktinfo', setGet(u, 'ip', 'pktinfo', true));
  step('nodelay_default', socket.getopt(s, ['tcp', 'nodelay']));
  step('nodelay', setGet(s, 'tcp', 'nodelay', true));
  step('cork', setGet(s, 'tcp', 'cork', true));
  step('maxseg_set', socket.setopt(s, ['tcp', 'maxseg'], 1000));
  step('tcp_on_udp', socket.getopt(u, ['tcp', 'nodelay']));
  step('udp_cork', setGet(u, 'udp', 'cork', true));
});
