/** Scenario: connect to a port with no listener (econnrefused), connect twice
 * (eisconn), peername of an unconnected socket (enotconn), connect/1 without a pending
 * connect. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { listener, ok } from '../sockets.ts';
import { attemptYield, step } from '../step.ts';

await run(function* () {
  const probe = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  socket.bind(probe, { family: 'inet', addr: 'loopback', port: 0 } as never);
  const closed = ok<socket.sockaddr>(socket.sockname(probe));
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('peername_unconnected', socket.peername(c));
  step('refused', yield* socket.connect(c, closed));
  const [, addr] = listener();
  const c2 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('connect', yield* socket.connect(c2, addr as socket.sockaddr));
  step('connect_twice', yield* socket.connect(c2, addr as socket.sockaddr));
  const c3 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('connect1_without_pending', yield* attemptYield(socket.connect(c3)));
  step('bad_addr', yield* attemptYield(socket.connect(c3, 'not_an_addr' as never)));
});
