/** Scenario: bind/2 with a map, with any and loopback; sockname before and after;
 * binding twice (einval) and an address in use (eaddrinuse). */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('unbound_name', socket.sockname(s));
  step('bind', socket.bind(s, { family: 'inet', addr: 'loopback', port: 0 } as never));
  const name = ok<socket.sockaddr_in>(socket.sockname(s));
  step('bound_name', name);
  step('bind_twice', socket.bind(s, { family: 'inet', addr: 'loopback', port: 0 } as never));
  socket.listen(s);
  const s2 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('in_use', socket.bind(s2, { family: 'inet', addr: [127, 0, 0, 1], port: name.port } as never));
  const s3 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  step('bind_any', socket.bind(s3, 'any'));
  step('any_addr', ok<socket.sockaddr_in>(socket.sockname(s3)).addr);
  const s4 = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  step('bind_loopback', socket.bind(s4, 'loopback'));
  step('loopback_addr', ok<socket.sockaddr_in>(socket.sockname(s4)).addr);
  step('bad_addr', socket.bind(s4, 'not_an_addr' as never));
  step('wrong_family', socket.bind(s4, { family: 'inet6', addr: [0, 0, 0, 0, 0, 0, 0, 1], port: 0 } as never));
});
