/** Scenario: a local seqpacket pair keeps message boundaries: two sends, two recvs of
 * exactly one message each. */
import { rmSync } from 'node:fs';
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const path = '/tmp/beamlet_conf_seqpacket.sock';
  rmSync(path, { force: true });
  const l = ok<socket.socket>(socket.open('local', 'seqpacket'));
  socket.bind(l, { family: 'local', path } as never);
  socket.listen(l);
  const c = ok<socket.socket>(socket.open('local', 'seqpacket'));
  yield* socket.connect(c, { family: 'local', path } as never);
  const a = ok<socket.socket>(yield* socket.accept(l));
  yield* socket.send(c, Buffer.from('first'));
  yield* socket.send(c, Buffer.from('second'));
  step('one', yield* socket.recv(a, 0));
  step('two', yield* socket.recv(a, 0));
  step('type', socket.getopt(a, ['socket', 'type']));
  for (const x of [l, c, a]) yield* socket.close(x);
  rmSync(path, { force: true });
});
