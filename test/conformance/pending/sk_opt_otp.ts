/** Scenario: the otp level: rcvbuf, rcvctrlbuf, sndctrlbuf, debug, iow,
 * controlling_process, meta, use_registry, fd, domain; set and read back; bad values. */
import { run, self } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { list } from '../../../runtime/term.ts';
import { ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const get = (o: string) => socket.getopt(s, ['otp', o] as never);
  step('defaults', list(['rcvbuf', 'rcvctrlbuf', 'sndctrlbuf', 'debug', 'iow', 'meta', 'use_registry', 'domain'].map((o) => [o, get(o)])));
  const cp = get('controlling_process');
  step('controlling_process', cp[0] === 'ok' && cp[1] === self());
  const fd = ok<number>(get('fd'));
  step('fd_is_int', Number.isInteger(fd) && fd > 2);
  step('set_rcvbuf', socket.setopt(s, ['otp', 'rcvbuf'], 4096));
  step('rcvbuf', get('rcvbuf'));
  step('set_rcvbuf_n', socket.setopt(s, ['otp', 'rcvbuf'], [2, 1024]));
  step('rcvbuf_n', get('rcvbuf'));
  step('set_meta', socket.setopt(s, ['otp', 'meta'], ['any', list(['term'])]));
  step('meta', get('meta'));
  step('set_iow', socket.setopt(s, ['otp', 'iow'], true));
  step('iow', get('iow'));
  step('set_fd', attempt(() => socket.setopt(s, ['otp', 'fd'] as never, 5)));
  step('set_domain', attempt(() => socket.setopt(s, ['otp', 'domain'] as never, 'inet6')));
  step('bad_rcvbuf', socket.setopt(s, ['otp', 'rcvbuf'], -1));
  step('unknown_otp', get('no_such_opt'));
});
