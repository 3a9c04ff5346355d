/** Scenario: ioctl/2,3 on the loopback interface: gifconf lists lo, gifname of index 1,
 * gifindex of lo, gifflags and gifaddr of lo. */
import { run } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { compare } from '../../../runtime/format.ts';
import { ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

const without = (m: object, k: string) => Object.fromEntries(Object.entries(m).filter(([key]) => key !== k));

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  const conf = ok<readonly { name: string; addr: unknown }[]>(socket.ioctl(s, 'gifconf'));
  const lo = conf.filter((i) => i.name === 'lo');
  step('gifconf_lo', list(lo.map((i) => without(i, 'addr'))));
  step('gifconf_lo_addr', list(lo.map((i) => i.addr as never)));
  step('gifname', socket.ioctl(s, 'gifname', 1));
  step('gifindex', socket.ioctl(s, 'gifindex', 'lo'));
  step('gifflags', list([...ok<string[]>(socket.ioctl(s, 'gifflags', 'lo'))].sort(compare)));
  step('gifaddr', socket.ioctl(s, 'gifaddr', 'lo'));
  step('gifnetmask', socket.ioctl(s, 'gifnetmask', 'lo'));
  step('gifmtu', socket.ioctl(s, 'gifmtu', 'lo')[0]);
  step('unknown_if', socket.ioctl(s, 'gifindex', 'no_such_if0'));
  step('bad_request', attempt(() => socket.ioctl(s, 'no_such_request' as never)));
});
