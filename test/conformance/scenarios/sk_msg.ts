/** Scenario: sendmsg/recvmsg: an iov of several binaries arrives as one; recvmsg on a
 * datagram socket carries addr and flags; trunc when the buffer is short; ctrl with
 * ip pktinfo. */
import { run, sleep } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { format } from '../../../runtime/format.ts';
import { ok, tcpPair, udp } from '../sockets.ts';
import { attemptYield, step } from '../step.ts';

const without = (m: object, k: string) => Object.fromEntries(Object.entries(m).filter(([key]) => key !== k));

await run(function* () {
  const [, c, a] = yield* tcpPair();
  step('sendmsg', yield* socket.sendmsg(c, { iov: list([Buffer.from('ab'), Buffer.from('cd'), Buffer.from('e')]) } as never));
  yield* sleep(20);
  step('stream_msg', ok(yield* socket.recvmsg(a)));
  const [u1, a1] = udp();
  const [u2, a2] = udp();
  step('sendmsg_addr', yield* socket.sendmsg(u1, { addr: a2, iov: list([Buffer.from('dgram')]) } as never));
  const m2 = ok<{ addr: unknown }>(yield* socket.recvmsg(u2));
  step('dgram_msg', without(m2, 'addr'));
  step('dgram_from', format(m2.addr) === format(a1));
  yield* socket.sendmsg(u1, { addr: a2, iov: list([Buffer.from('0123456789')]) } as never);
  step('trunc', without(ok(yield* socket.recvmsg(u2, 4, 0, [], 'infinity')), 'addr'));
  socket.setopt(u2, ['ip', 'pktinfo'], true);
  yield* socket.sendto(u1, Buffer.from('ctl'), a2 as socket.sockaddr);
  step('ctrl', ok<{ ctrl: unknown }>(yield* socket.recvmsg(u2)).ctrl);
  step('recvmsg_timeout', yield* socket.recvmsg(u2, 30));
  step('bad_msg', yield* attemptYield(socket.sendmsg(u1, { not_iov: 1 } as never)));
});
