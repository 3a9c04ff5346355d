/** Scenario: socket:info/0 and number_of/0 as sockets of each kind open and close. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  step('start', socket.number_of());
  const ss = [
    socket.open('inet', 'stream', 'tcp'),
    socket.open('inet', 'dgram', 'udp'),
    socket.open('inet6', 'stream', 'tcp'),
    socket.open('local', 'dgram', 'default'),
  ].map((r) => ok<socket.socket>(r));
  step('four', socket.number_of());
  step('info', socket.info());
  for (const s of ss) yield* socket.close(s);
  step('closed', socket.number_of());
  step('counters_after', socket.info().counters);
});
