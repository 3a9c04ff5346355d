/** Scenario: controlling_process through setopt(otp, controlling_process): only the
 * owner may hand a socket over; the new owner's death closes it; handing it to a dead pid closes it. */
import { _, exit, receive, run, self, send, spawn, spawnMonitor } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const me = self();
  const cp = ['otp', 'controlling_process'] as const;
  const next = spawn(function* () {
    yield* receive('die');
    exit('bye');
  });
  spawn(function* () {
    send(me, ['stranger', socket.setopt(s, cp, self())]);
  });
  step('not_owner', (yield* receive(['stranger', _]))[1]);
  step('hand_over', socket.setopt(s, cp, next));
  const owner = socket.getopt(s, cp);
  step('owner_now', owner[0] === 'ok' && owner[1] === next);
  step('old_owner_refused', socket.setopt(s, cp, me));
  const m = socket.monitor(s);
  send(next, 'die');
  step('closed_with_new_owner', (yield* receive(['DOWN', m, 'socket', s, _]))[4]);
  const s2 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const [dead, dm] = spawnMonitor(function* () {});
  yield* receive(['DOWN', dm, 'process', dead, _]);
  step('dead_pid', socket.setopt(s2, cp, dead));
  step('not_a_pid', socket.setopt(s2, cp, 'not_a_pid' as never));
});
