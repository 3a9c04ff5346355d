/** Scenario: messages from one sender arrive in the order sent, also interleaved with a
 * second sender; message_queue_len counts what is queued. */
import { _, processInfo, receive, run, self, send, spawn } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  const sender = (tag: string) =>
    spawn(function* () {
      yield* receive('go');
      for (let n = 1; n <= 50; n++) send(me, [tag, n]);
      send(me, ['done', tag]);
    });
  const s1 = sender('s1');
  const s2 = sender('s2');
  send(s1, 'go');
  send(s2, 'go');
  yield* receive(['done', 's1']);
  yield* receive(['done', 's2']);
  step('queued', processInfo(me, 'message_queue_len'));
  const collect = function* (tag: string) {
    const out = [];
    for (let i = 0; i < 50; i++) out.push((yield* receive([tag, _]))[1]);
    return list(out);
  };
  step('from_s1', yield* collect('s1'));
  step('from_s2', yield* collect('s2'));
  step('drained', processInfo(me, 'message_queue_len'));
});
