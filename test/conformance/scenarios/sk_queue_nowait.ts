/** Scenario: nowait operations from two processes queue: only the head gets a select
 * message; when it reads, the next one gets its select message in turn; cancelling the
 * head passes the turn on. */
import { _, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  const me = self();
  const worker = (tag: string) =>
    spawn(function* () {
      const [, si] = (yield* socket.recv(a, 0, 'nowait')) as readonly ['select', socket.select_info];
      send(me, [tag, 'queued']);
      yield* receive(['$socket', a, 'select', si[2]]);
      send(me, [tag, 'selected']);
      yield* receive('read');
      send(me, [tag, yield* socket.recv(a, 1, 'nowait')]);
    });
  const w1 = worker('w1');
  yield* receive(['w1', 'queued']);
  const w2 = worker('w2');
  yield* receive(['w2', 'queued']);
  step('readers', socket.info(a).num_readers);
  yield* socket.send(c, Buffer.from('xy'));
  step('w1_selected', (yield* receive(['w1', _]))[1]);
  step('w2_not_yet', yield* receive(['w2', 'selected'], { after: 50 }));
  send(w1, 'read');
  step('w1_read', (yield* receive(['w1', _]))[1]);
  step('w2_selected', (yield* receive(['w2', _]))[1]);
  send(w2, 'read');
  step('w2_read', (yield* receive(['w2', _]))[1]);
  const [, si] = (yield* socket.recv(a, 0, 'nowait')) as readonly ['select', socket.select_info];
  spawn(function* () {
    const [, si3] = (yield* socket.recv(a, 0, 'nowait')) as readonly ['select', socket.select_info];
    send(me, 'w3_queued');
    yield* receive(['$socket', a, 'select', si3[2]]);
    send(me, 'w3_selected');
  });
  yield* receive('w3_queued');
  yield* socket.send(c, Buffer.from('z'));
  yield* receive(['$socket', a, 'select', _]);
  step('cancel_head', socket.cancel(a, si));
  step('w3_gets_turn', yield* receive('w3_selected', { after: 1000 }));
});
