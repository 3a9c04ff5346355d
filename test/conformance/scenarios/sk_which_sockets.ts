/** Scenario: which_sockets/0,1 with each filter: domain, type, protocol, owner pid
 * and a fun; a socket opened with use_registry false is not listed. */
import { _, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { list } from '../../../runtime/term.ts';
import { ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const t = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  const t6 = ok<socket.socket>(socket.open('inet6', 'stream', 'tcp'));
  const hidden = ok<socket.socket>(socket.open('inet', 'stream', 'tcp', { use_registry: false }));
  const me = self();
  const other = spawn(function* () {
    send(me, ['o', ok<socket.socket>(socket.open('inet', 'stream', 'tcp'))]);
    yield* receive('never');
  });
  const o = (yield* receive(['o', _]))[1] as socket.socket;
  const has = (l: socket.socket[]) => list([t, u, t6, hidden, o].map((x) => l.includes(x)));
  step('all', has(socket.which_sockets()));
  step('inet', has(socket.which_sockets('inet')));
  step('inet6', has(socket.which_sockets('inet6')));
  step('stream', has(socket.which_sockets('stream')));
  step('dgram', has(socket.which_sockets('dgram')));
  step('udp', has(socket.which_sockets('udp')));
  step('tcp', has(socket.which_sockets('tcp')));
  step('mine', has(socket.which_sockets(me)));
  step('others', has(socket.which_sockets(other)));
  step('by_fun', has(socket.which_sockets((i) => i.type === 'dgram')));
  step('bad_filter', attempt(() => socket.which_sockets(42 as never)));
});
