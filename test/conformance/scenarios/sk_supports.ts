/** Scenario: supports/0,1,2 and is_supported/1,2 (the manual's arities) for things every
 * Linux has; the answers for an unknown key. */
import { run } from '../../../index.ts';
import { compare } from '../../../runtime/format.ts';
import { list, type Term } from '../../../runtime/term.ts';
import * as socket from '../../../socket/index.ts';
import { step } from '../step.ts';

const value = (l: readonly (readonly [unknown, unknown])[], key: string) => l.find(([k]) => k === key)?.[1];

await run(function* () {
  const keys = socket.supports().map(([k]) => k as Term);
  step('keys', list(keys.sort(compare)));
  step('ipv6', socket.is_supported('ipv6'));
  step('local', socket.is_supported('local'));
  step('netns', socket.is_supported('netns'));
  step('sendfile', socket.is_supported('sendfile'));
  step('msg_flags_peek', socket.is_supported('msg_flags', 'peek'));
  const flags = socket.supports('msg_flags').filter(([, v]) => v === true).map(([k]) => k as Term);
  step('msg_flags_list', list(flags.sort(compare)));
  const opt = (l: string, o: string) => socket.is_supported('options', [l, o] as never);
  step('options_reuseaddr', opt('socket', 'reuseaddr'));
  step('options_nodelay', opt('tcp', 'nodelay'));
  step('options_v6only', opt('ipv6', 'v6only'));
  step('options_unknown', opt('socket', 'no_such_opt'));
  step('unknown_key', socket.is_supported('no_such_thing'));
  step('protocols_has_tcp', value(socket.supports('protocols'), 'tcp') as Term);
  step('opt_list_reuseaddr', value(socket.supports('options', 'socket'), 'reuseaddr') as Term);
  step('unknown_supports', list(socket.supports('no_such_thing') as never[]));
});
