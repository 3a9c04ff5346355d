/** Scenario: operation queues across processes: readers waiting on one socket are
 * served in arrival order, one chunk each; acceptors likewise. */
import { _, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { listener, ok, tcpPair, waitCount } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  const me = self();
  const reader = (tag: string) =>
    spawn(function* () {
      send(me, [tag, yield* socket.recv(a, 3)]);
    });
  for (const [i, t] of ['r1', 'r2', 'r3'].entries()) {
    reader(t);
    yield* waitCount(a, 'num_readers', i + 1);
  }
  yield* socket.send(c, Buffer.from('aaabbbccc'));
  for (const t of ['r1', 'r2', 'r3']) step(t, (yield* receive([t, _]))[1]);
  step('readers_in_info', socket.info(a).num_readers);
  const [l2, addr2] = listener();
  const acceptor = (tag: string) =>
    spawn(function* () {
      const s = ok<socket.socket>(yield* socket.accept(l2));
      send(me, [tag, yield* socket.recv(s, 2)]);
    });
  acceptor('a1');
  yield* waitCount(l2, 'num_acceptors', 1);
  acceptor('a2');
  step('acceptors_waiting', yield* waitCount(l2, 'num_acceptors', 2));
  const d1 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  yield* socket.connect(d1, addr2 as socket.sockaddr);
  yield* socket.send(d1, Buffer.from('d1'));
  step('a1', (yield* receive(['a1', _]))[1]);
  const d2 = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  yield* socket.connect(d2, addr2 as socket.sockaddr);
  yield* socket.send(d2, Buffer.from('d2'));
  step('a2', (yield* receive(['a2', _]))[1]);
});
