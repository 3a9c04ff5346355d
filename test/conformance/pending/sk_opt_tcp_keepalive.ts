/** Scenario: the tcp keepalive tuning options keepidle, keepintvl, keepcnt: set then read back. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const setGet = (name: string, v: unknown) => {
    const o = ['tcp', name] as never;
    return [socket.setopt(s, o, v), socket.getopt(s, o)];
  };
  step('keepidle', setGet('keepidle', 30));
  step('keepintvl', setGet('keepintvl', 5));
  step('keepcnt', setGet('keepcnt', 4));
});
