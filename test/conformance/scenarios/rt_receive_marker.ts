/** Scenario: the make_ref-then-receive idiom: a reply tagged with a fresh ref is taken
 * past a backlog of older messages, which stay in order (receive with a marker). */
import { Pid, _, makeRef, processInfo, receive, run, self, send, spawn } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  for (let n = 1; n <= 100; n++) send(me, ['old', n]);
  const server = spawn(function* () {
    const [from, ref, q] = yield* receive([_, _, _]);
    send(from as Pid, [ref, ['answer', q]]);
  });
  const ref = makeRef();
  send(server, [me, ref, 'question']);
  step('reply', ((yield* receive([ref, _], { marker: ref })) as readonly unknown[])[1]);
  step('backlog_len', processInfo(me, 'message_queue_len'));
  step('first_old', (yield* receive(['old', _]))[1]);
  const rest: number[] = [];
  for (let i = 0; i < 99; i++) rest.push((yield* receive(['old', _]))[1] as number);
  step('rest_old', list(rest));
});
