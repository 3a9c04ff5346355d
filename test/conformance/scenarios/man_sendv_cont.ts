/** Scenario (manual only: OTP 25 has neither sendv nor rest_iov, so man_sendv_cont.expect
 * holds the steps the manual's text implies): rest_iov/2 on a small vector; a nowait
 * sendv too big for the small socket buffers gives {select, {SelectInfo, RestIOV}} with
 * RestIOV = rest_iov(Written, IOV); the Cont forms sendv/3,4 (nowait, infinity, a time-out)
 * finish it; a sendv with a time-out and no reader ends {error, {timeout, RestIOV}}. */
import { run } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { drain, ok, peerRead, selectMsg } from '../sockets.ts';
import { step } from '../step.ts';

type Partial = readonly ['select', readonly [socket.select_info, Buffer[]]];

const size = (iov: readonly Buffer[]): number => iov.reduce((n, b) => n + b.length, 0);
const same = (x: readonly Buffer[], y: readonly Buffer[]): boolean => x.length === y.length && x.every((b, i) => b.equals(y[i]!));
// A select tag is the operation's name or {Name, ContData}.
const tagName = (si: socket.select_info): unknown => (Array.isArray(si[1]) ? si[1][0] : si[1]);

await run(function* () {
  const small = [Buffer.from('abc'), Buffer.from('de'), Buffer.from('fgh')];
  step('rest_iov_none', list(socket.rest_iov(0, small)));
  step('rest_iov_inside', list(socket.rest_iov(2, small)));
  step('rest_iov_boundary', list(socket.rest_iov(5, small)));
  step('rest_iov_all', list(socket.rest_iov(8, small)));

  const l = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  socket.bind(l, { family: 'inet', addr: 'loopback', port: 0 } as never);
  socket.setopt(l, ['socket', 'rcvbuf'], 8192);
  socket.listen(l);
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  socket.setopt(c, ['socket', 'sndbuf'], 8192);
  yield* socket.connect(c, ok<socket.sockaddr>(socket.sockname(l)));
  const a = ok<socket.socket>(yield* socket.accept(l));
  const iov = list([1, 2, 3, 4].map((i) => Buffer.alloc(1000000, i)));
  const total = size(iov);
  const partial = (r: Partial, before: readonly Buffer[]) => [r[0], r[1][0][0], tagName(r[1][0]), size(r[1][1]) < size(before)];

  const r1 = (yield* socket.sendv(c, iov, 'nowait')) as Partial;
  const [si1, rest1] = r1[1];
  step('first', partial(r1, iov));
  step('rest_is_rest_iov', same(socket.rest_iov(total - size(rest1), iov), rest1));
  drain(a, total);
  step('select_msg', yield* selectMsg(c, si1));
  const r2 = (yield* socket.sendv(c, list(rest1), si1, 'nowait')) as Partial;
  const [si2, rest2] = r2[1];
  step('cont4_nowait', partial(r2, rest1));
  step('select_msg2', yield* selectMsg(c, si2));
  step('cont3', yield* socket.sendv(c, list(rest2), si2));
  step('peer_read', yield* peerRead(total));

  const r3 = (yield* socket.sendv(c, iov, 'nowait')) as Partial;
  step('second', partial(r3, iov));
  drain(a, 2 * total);
  step('select_msg3', yield* selectMsg(c, r3[1][0]));
  step('cont4_infinity', yield* socket.sendv(c, list(r3[1][1]), r3[1][0], 'infinity'));
  const r4 = (yield* socket.sendv(c, iov, 'nowait')) as Partial;
  step('third', partial(r4, iov));
  step('select_msg4', yield* selectMsg(c, r4[1][0]));
  step('cont4_timeout', yield* socket.sendv(c, list(r4[1][1]), r4[1][0], 10000));
  step('peer_read2', yield* peerRead(2 * total));

  const r5 = (yield* socket.sendv(c, iov, 50)) as readonly ['error', readonly [string, Buffer[]]];
  step('timeout_partial', [r5[0], r5[1][0], size(r5[1][1]) < total]);
});
