/** Scenario: bind/3 (SCTP's bindx) and ioctl/4 (the set requests). bind/3 on a TCP
 * socket: OTP 25's NIF raises notsup for any non-SCTP socket; bad actions and address
 * lists are badarg. ioctl/4: setting lo's MTU to the value it already has (a no-op on
 * the host), an unknown interface, a bad request or value, and a closed socket. A
 * bind/3 result is wrapped in {returned, _} to tell it from a raised error. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { list } from '../../../runtime/term.ts';
import { ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const t = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const a = { family: 'inet', addr: 'loopback', port: 0 } as never;
  const bind3 = (addrs: unknown, action: unknown) =>
    attempt(() => ['returned', socket.bind(t, addrs as never, action as never)]);
  step('bind3_add', bind3(list([a]), 'add'));
  step('bind3_remove', bind3(list([a]), 'remove'));
  step('bind3_bad_action', bind3(list([a]), 'foo'));
  step('bind3_not_list', bind3(a, 'add'));
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  const mtu = ok<number>(socket.ioctl(u, 'gifmtu', 'lo'));
  step('sifmtu_same', socket.ioctl(u, 'sifmtu', 'lo', mtu));
  const after = socket.ioctl(u, 'gifmtu', 'lo');
  step('mtu_after', after[0] === 'ok' && after[1] === mtu);
  step('sifmtu_unknown_if', socket.ioctl(u, 'sifmtu', 'no_such_if0', 1500));
  step('bad_request', attempt(() => socket.ioctl(u, 'no_such_request' as never, 'lo', 1)));
  step('bad_value', attempt(() => socket.ioctl(u, 'sifmtu', 'lo', 'foo')));
  yield* socket.close(u);
  step('closed', socket.ioctl(u, 'sifmtu', 'lo', mtu));
  yield* socket.close(t);
  step('bind3_closed', bind3(list([a]), 'add'));
});
