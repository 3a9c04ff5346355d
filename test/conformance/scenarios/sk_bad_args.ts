/** Scenario: badarg and invalid answers for wrong argument types across the API. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { attempt, attemptYield, step } from '../step.ts';

await run(function* () {
  const [, c, a] = yield* tcpPair();
  const bad = 'not_a_socket' as never;
  step('send_not_iodata', yield* attemptYield(socket.send(c, { not_iodata: 1 } as never)));
  step('send_bad_flags', yield* attemptYield(socket.send(c, Buffer.from('x'), ['not_a_flag' as never])));
  step('send_bad_timeout', yield* attemptYield(socket.send(c, Buffer.from('x'), -1)));
  step('recv_bad_flags', yield* attemptYield(socket.recv(a, 0, ['not_a_flag' as never])));
  step('recv_not_int', yield* attemptYield(socket.recv(a, 'abc' as never)));
  step('close_not_socket', yield* attemptYield(socket.close(bad)));
  step('listen_bad_backlog', attempt(() => socket.listen(c, -1)));
  step('accept_bad_timeout', yield* attemptYield(socket.accept(c, 'foo' as never)));
  step('bind_bad_port', attempt(() => socket.bind(c, { family: 'inet', addr: 'loopback', port: -1 } as never)));
  step('connect_missing_port', yield* attemptYield(socket.connect(c, { family: 'inet', addr: 'loopback' } as never)));
  step('open_bad_arity_opts', attempt(() => socket.open('inet', 'stream', 'tcp', { debug: 'maybe' } as never)));
  step('shutdown_not_socket', attempt(() => socket.shutdown(bad, 'write')));
  step('sockname_not_socket', attempt(() => socket.sockname(bad)));
  step('info_not_socket', attempt(() => socket.info(bad)));
});
