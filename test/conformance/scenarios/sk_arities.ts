/** Scenario: the remaining arities: sendto/4,5, sendmsg/3,4, recvmsg/3,4,
 * recvfrom/4, sendfile/3 and recv/4, each on a loopback pair. */
import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { run } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { ok, tcpPair, udp } from '../sockets.ts';
import { step } from '../step.ts';

const without = (m: object, k: string) => Object.fromEntries(Object.entries(m).filter(([key]) => key !== k));
const data = (r: unknown) => ((r as readonly unknown[])[1] as readonly unknown[])[1] as never;

await run(function* () {
  const [u1] = udp();
  const [u2, a2] = udp();
  const dest = a2 as socket.sockaddr;
  step('sendto4', yield* socket.sendto(u1, Buffer.from('a'), dest, []));
  step('sendto5', yield* socket.sendto(u1, Buffer.from('b'), dest, [], 1000));
  step('sendto4_timeout', yield* socket.sendto(u1, Buffer.from('c'), dest, 1000));
  step('recvfrom4', data(yield* socket.recvfrom(u2, 0, [], 1000)));
  step('recvmsg3', without(ok(yield* socket.recvmsg(u2, [], 1000)), 'addr'));
  step('recvmsg4', without(ok(yield* socket.recvmsg(u2, 0, 0, 1000)), 'addr'));
  step('sendmsg3', yield* socket.sendmsg(u1, { addr: a2, iov: list([Buffer.from('d')]) } as never, []));
  step('sendmsg4', yield* socket.sendmsg(u1, { addr: a2, iov: list([Buffer.from('e')]) } as never, [], 1000));
  step('sendmsg3_timeout', yield* socket.sendmsg(u1, { addr: a2, iov: list([Buffer.from('f')]) } as never, 1000));
  const three: never[] = [];
  for (let i = 0; i < 3; i++) three.push(data(yield* socket.recvfrom(u2)));
  step('three_more', list(three));
  const path = '/tmp/beamlet_conf_arities.bin';
  writeFileSync(path, 'file!');
  const f = openSync(path, 'r');
  const [, c, a] = yield* tcpPair();
  step('sendfile3', yield* socket.sendfile(c, f, 1000));
  step('recv4', yield* socket.recv(a, 5, [], 1000));
  closeSync(f);
  rmSync(path);
});
