/** Scenario: rstates and wstates of socket:info/1 through a socket's life: open,
 * bound, listening, connected (both ends), and after close. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const states = (s: socket.socket) => {
    const i = socket.info(s);
    return [i.rstates, i.wstates];
  };
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('open', states(s));
  socket.bind(s, { family: 'inet', addr: 'loopback', port: 0 } as never);
  step('bound', states(s));
  socket.listen(s);
  step('listening', states(s));
  const addr = ok<socket.sockaddr>(socket.sockname(s));
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  yield* socket.connect(c, addr);
  step('connected', states(c));
  const a = ok<socket.socket>(yield* socket.accept(s));
  step('accepted', states(a));
  yield* socket.close(c);
  step('closed', states(c));
});
