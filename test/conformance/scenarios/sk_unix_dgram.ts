/** Scenario: local datagram sockets: sendto/recvfrom between two bound paths, the
 * source path, an unbound sender, and a socketpair-like connected pair. */
import { rmSync } from 'node:fs';
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const p1 = '/tmp/beamlet_conf_unix_d1.sock';
  const p2 = '/tmp/beamlet_conf_unix_d2.sock';
  rmSync(p1, { force: true });
  rmSync(p2, { force: true });
  const d1 = ok<socket.socket>(socket.open('local', 'dgram'));
  const d2 = ok<socket.socket>(socket.open('local', 'dgram'));
  socket.bind(d1, { family: 'local', path: p1 } as never);
  socket.bind(d2, { family: 'local', path: p2 } as never);
  const to2 = { family: 'local', path: p2 } as never;
  step('sendto', yield* socket.sendto(d1, Buffer.from('ping'), to2));
  step('recvfrom', yield* socket.recvfrom(d2));
  const d3 = ok<socket.socket>(socket.open('local', 'dgram'));
  yield* socket.sendto(d3, Buffer.from('anon'), to2);
  step('unbound_source', yield* socket.recvfrom(d2));
  step('connect', yield* socket.connect(d1, to2));
  yield* socket.send(d1, Buffer.from('conn'));
  step('recv', yield* socket.recv(d2, 0));
  for (const x of [d1, d2, d3]) yield* socket.close(x);
  rmSync(p1, { force: true });
  rmSync(p2, { force: true });
});
