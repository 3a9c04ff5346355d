/** Scenario: the option table's error answers: unknown options and levels, a get-only
 * option set, a set-only option read, a value of the wrong type, and the legacy forms. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { ok } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const s = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  const o = (l: string, n: string) => [l, n] as never;
  step('unknown_opt', socket.getopt(s, o('socket', 'no_such_opt')));
  step('unknown_level', socket.getopt(s, o('no_such_level', 'reuseaddr')));
  step('set_unknown', socket.setopt(s, o('socket', 'no_such_opt'), 1));
  step('set_get_only_type', socket.setopt(s, o('socket', 'type'), 'dgram'));
  step('set_get_only_acceptconn', socket.setopt(s, o('socket', 'acceptconn'), true));
  step('set_get_only_error', socket.setopt(s, o('socket', 'error'), 0));
  step('get_set_only_add_membership', socket.getopt(s, o('ip', 'add_membership')));
  step('get_set_only_drop_membership', socket.getopt(s, o('ip', 'drop_membership')));
  step('get_set_only_ipv6_add', socket.getopt(s, o('ipv6', 'add_membership')));
  step('bad_value_bool', socket.setopt(s, o('socket', 'reuseaddr'), 'yes'));
  step('bad_value_int', socket.setopt(s, o('ip', 'ttl'), 'not_an_int'));
  step('bad_value_linger', socket.setopt(s, o('socket', 'linger'), 5));
  step('bad_option_shape', attempt(() => socket.getopt(s, 'not_an_option' as never)));
  step('bad_socket', attempt(() => socket.getopt('not_a_socket' as never, o('socket', 'type'))));
  yield* socket.close(s);
  step('closed_get', socket.getopt(s, o('socket', 'type')));
  step('closed_set', socket.setopt(s, o('socket', 'reuseaddr'), true));
});
