/** Scenario: sendfile/2,3,4 from a raw file: the whole file, an offset and a count;
 * the peer receives exactly those bytes. */
import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { tcpPair } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const path = '/tmp/beamlet_conf_sendfile.bin';
  writeFileSync(path, '0123456789abcdefghij');
  const f = openSync(path, 'r');
  const [, c, a] = yield* tcpPair();
  step('whole', yield* socket.sendfile(c, f));
  step('recv_whole', yield* socket.recv(a, 20));
  step('offset_count', yield* socket.sendfile(c, f, 5, 3));
  step('recv_part', yield* socket.recv(a, 3));
  step('offset_to_end', yield* socket.sendfile(c, f, 15, 0));
  step('recv_end', yield* socket.recv(a, 5));
  step('with_timeout', yield* socket.sendfile(c, f, 0, 2, 1000));
  step('recv_two', yield* socket.recv(a, 2));
  closeSync(f);
  rmSync(path);
});
