/** Scenario: control messages: with recvtos and recvttl set, recvmsg carries the
 * tos and ttl of each datagram; sendmsg with a tos ctrl sets it for one datagram. */
import { run } from '../../../index.ts';
import { compare } from '../../../runtime/format.ts';
import { list, type Term } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { ok, udp } from '../sockets.ts';
import { step } from '../step.ts';

type Cmsg = { level: Term; type: Term; value?: Term };
const summary = (ctrl: readonly Cmsg[]) =>
  list(ctrl.map((m): Term => [m.level, m.type, m.value === undefined ? 'none' : m.value]).sort(compare));

await run(function* () {
  const [u1] = udp();
  const [u2, a2] = udp();
  socket.setopt(u2, ['ip', 'recvtos'], true);
  socket.setopt(u2, ['ip', 'recvttl'], true);
  socket.setopt(u1, ['ip', 'ttl'], 33);
  yield* socket.sendto(u1, Buffer.from('plain'), a2 as socket.sockaddr);
  step('ctrl_plain', summary(ok<{ ctrl: Cmsg[] }>(yield* socket.recvmsg(u2)).ctrl));
  const msg = { addr: a2, iov: list([Buffer.from('tos')]), ctrl: list([{ level: 'ip', type: 'tos', value: 'lowdelay' }]) };
  step('sendmsg_tos', yield* socket.sendmsg(u1, msg as never));
  step('ctrl_tos', summary(ok<{ ctrl: Cmsg[] }>(yield* socket.recvmsg(u2)).ctrl));
});
