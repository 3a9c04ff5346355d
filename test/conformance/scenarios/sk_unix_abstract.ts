/** Scenario: an abstract-namespace local address (a path starting with a zero byte)
 * as bound, listened and connected; sockname shows it as a binary. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const name = Buffer.concat([Buffer.from([0]), Buffer.from('beamlet_conf_abstract')]);
  const l = ok<socket.socket>(socket.open('local', 'stream'));
  step('bind', socket.bind(l, { family: 'local', path: name } as never));
  socket.listen(l);
  step('sockname', socket.sockname(l));
  const c = ok<socket.socket>(socket.open('local', 'stream'));
  step('connect', yield* socket.connect(c, { family: 'local', path: name } as never));
  const a = ok<socket.socket>(yield* socket.accept(l));
  yield* socket.send(a, Buffer.from('abs'));
  step('recv', yield* socket.recv(c, 3));
  for (const x of [l, c, a]) yield* socket.close(x);
});
