/** Scenario: send/2 and recv/1,2 on a connected pair: exact lengths, length 0 meaning
 * "what is there", iolists, and recv of more than is sent arriving in pieces. */
import { _, receive, run, self, send, spawn } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  step('send', yield* socket.send(c, Buffer.from('hello')));
  step('recv_exact', yield* socket.recv(a, 5));
  step('send_iolist', yield* socket.send(c, [Buffer.from('ab'), 'cd', ['e'.charCodeAt(0)]]));
  step('recv_3', yield* socket.recv(a, 3));
  step('recv_rest', yield* socket.recv(a, 2));
  yield* socket.send(c, Buffer.from('xyz'));
  step('recv_0', yield* socket.recv(a, 0));
  const me = self();
  spawn(function* () {
    send(me, ['got', yield* socket.recv(a, 6)]);
  });
  yield* socket.send(c, Buffer.from('123'));
  step('nothing_yet', yield* receive(['got', _], { after: 50 }));
  yield* socket.send(c, Buffer.from('456'));
  step('two_pieces', (yield* receive(['got', _]))[1]);
  yield* socket.send(a, Buffer.from('back'));
  step('recv1', yield* socket.recv(c));
  step('empty_send', yield* socket.send(c, Buffer.alloc(0)));
  step('bin_send_big', yield* socket.send(c, Buffer.alloc(100000, 'z')));
  const big = yield* socket.recv(a, 100000);
  step('big_recv_len', (big[1] as Buffer).length);
});
