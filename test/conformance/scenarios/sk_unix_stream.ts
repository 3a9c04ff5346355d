/** Scenario: local (unix) stream sockets: bind to a path, listen, connect, send and
 * recv, sockname and peername; connect to a missing path. */
import { rmSync } from 'node:fs';
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { infoAsOtp25, ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const path = '/tmp/beamlet_conf_unix_stream.sock';
  rmSync(path, { force: true });
  const l = ok<socket.socket>(socket.open('local', 'stream', 'default'));
  step('bind', socket.bind(l, { family: 'local', path } as never));
  step('listen', socket.listen(l));
  step('sockname', socket.sockname(l));
  const c = ok<socket.socket>(socket.open('local', 'stream'));
  step('connect', yield* socket.connect(c, { family: 'local', path } as never));
  const a = ok<socket.socket>(yield* socket.accept(l));
  step('send', yield* socket.send(c, Buffer.from('over unix')));
  step('recv', yield* socket.recv(a, 9));
  step('peername', socket.peername(c));
  step('accepted_name', socket.sockname(a));
  step('protocol', socket.getopt(c, ['socket', 'protocol']));
  step('info', infoAsOtp25(c, 'counters', 'owner'));
  const c2 = ok<socket.socket>(socket.open('local', 'stream'));
  step('missing', yield* socket.connect(c2, { family: 'local', path: '/tmp/beamlet_conf_no_such.sock' } as never));
  for (const x of [l, c, a, c2]) yield* socket.close(x);
  rmSync(path, { force: true });
});
