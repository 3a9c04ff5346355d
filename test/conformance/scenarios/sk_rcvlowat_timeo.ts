/** Scenario: rcvlowat, rcvtimeo and sndtimeo socket options: set, read back. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const o = (n: string) => ['socket', n] as never;
  step('rcvlowat_default', socket.getopt(s, o('rcvlowat')));
  step('rcvlowat', [socket.setopt(s, o('rcvlowat'), 4), socket.getopt(s, o('rcvlowat'))]);
  step('rcvtimeo_default', socket.getopt(s, o('rcvtimeo')));
  step('rcvtimeo', [socket.setopt(s, o('rcvtimeo'), { sec: 2, usec: 0 }), socket.getopt(s, o('rcvtimeo'))]);
  step('sndtimeo', [socket.setopt(s, o('sndtimeo'), { sec: 1, usec: 500000 }), socket.getopt(s, o('sndtimeo'))]);
  step('priority', [socket.setopt(s, o('priority'), 3), socket.getopt(s, o('priority'))]);
  step('bad_timeval', socket.setopt(s, o('rcvtimeo'), 5));
});
