/** Scenario: the Cont forms: a partial nowait send gives {select, {SelectInfo, Rest}};
 * after the select message, send/4 with the SelectInfo and nowait continues it, send/3
 * with the next SelectInfo finishes it, and the peer reads every byte. Then a forged
 * select_info, a used one with send/3,4, a send's select_info given to sendmsg/3, and
 * a send's select_info whose flags are a list, a bad list, or not flags at all.
 * Byte counts depend on the kernel, so only their relations are printed. */
import { makeRef, run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { list } from '../../../runtime/term.ts';
import { drain, ok, peerRead, selectMsg } from '../sockets.ts';
import { attemptYield, step } from '../step.ts';

type Partial = readonly ['select', readonly [socket.select_info, Buffer]];

await run(function* () {
  const l = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  socket.bind(l, { family: 'inet', addr: 'loopback', port: 0 } as never);
  socket.setopt(l, ['socket', 'rcvbuf'], 8192);
  socket.listen(l);
  const addr = ok<socket.sockaddr>(socket.sockname(l));
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  socket.setopt(c, ['socket', 'sndbuf'], 8192);
  yield* socket.connect(c, addr);
  const a = ok<socket.socket>(yield* socket.accept(l));
  const size = 4000000;
  const big = Buffer.alloc(size, 'x');
  const [, [si1, rest1]] = (yield* socket.send(c, big, 'nowait')) as Partial;
  step('first', ['select', si1, rest1.length < size]);
  drain(a, size);
  step('select_msg', yield* selectMsg(c, si1));
  const [, [si2, rest2]] = (yield* socket.send(c, rest1, si1, 'nowait')) as Partial;
  step('cont4_nowait', ['select', si2, rest2.length < rest1.length]);
  step('select_msg2', yield* selectMsg(c, si2));
  step('cont3', yield* socket.send(c, rest2, si2));
  step('peer_read', yield* peerRead(size));
  step('forged', yield* socket.send(c, Buffer.from('x'), ['select_info', 'foo', makeRef()] as never));
  step('used_cont3', yield* socket.send(c, Buffer.from('x'), si1));
  step('used_cont4', yield* socket.send(c, Buffer.from('x'), si1, 1000));
  step('sendmsg_send_cont', yield* socket.sendmsg(c, { iov: list([Buffer.from('x')]) } as never, si1 as never));
  const withFlags = (f: unknown) => ['select_info', ['send', f], makeRef()] as never;
  step('cont_flag_list', yield* socket.send(c, Buffer.from('x'), withFlags(list(['peek']))));
  step('cont_bad_flag', yield* attemptYield(socket.send(c, Buffer.from('x'), withFlags(list([-1])))));
  step('cont_no_flags', yield* attemptYield(socket.send(c, Buffer.from('x'), withFlags('foo'))));
});
