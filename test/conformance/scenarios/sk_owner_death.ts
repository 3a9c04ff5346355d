/** Scenario: the controlling process dies: its sockets close, their monitors get
 * 'DOWN', a blocked reader in another process gets {error, closed}; the socket is gone
 * from which_sockets. */
import { _, exit, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { listener, ok, waitCount } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  const [l, addr] = listener();
  const owner = spawn(function* () {
    const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
    yield* socket.connect(s, addr as socket.sockaddr);
    send(me, ['sock', s]);
    yield* receive('die');
    exit('owner_died');
  });
  const s = (yield* receive(['sock', _]))[1] as socket.socket;
  const a = ok<socket.socket>(yield* socket.accept(l));
  const mref = socket.monitor(s);
  spawn(function* () {
    send(me, ['reader', yield* socket.recv(s, 0)]);
  });
  yield* waitCount(s, 'num_readers', 1);
  step('listed_before', socket.which_sockets().includes(s));
  send(owner, 'die');
  step('down', (yield* receive(['DOWN', mref, 'socket', s, _]))[4]);
  step('reader', (yield* receive(['reader', _]))[1]);
  step('peer_sees_close', yield* socket.recv(a, 0));
  step('listed_after', socket.which_sockets().includes(s));
  step('ops_after', [yield* socket.send(s, Buffer.from('x')), socket.sockname(s)]);
});
