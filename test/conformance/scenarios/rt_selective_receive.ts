/** Scenario: selective receive takes the first matching message and leaves the rest in
 * their order; after 0 polls; a receive that skips messages still sees later ones. */
import { _, makeRef, receive, run, self, send, spawn } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import { step } from '../step.ts';

await run(function* () {
  const me = self();
  step('empty_poll', yield* receive(_, { after: 0 }));
  for (const m of ['a', ['x', 1], 'b', ['x', 2], 'c']) send(me, m);
  step('first_x', (yield* receive(['x', _]))[1]);
  step('b_out_of_order', yield* receive('b'));
  step('no_match_poll', yield* receive('zzz', { after: 0 }));
  step('second_x', (yield* receive(['x', _]))[1]);
  step('rest_in_order', list([yield* receive(), yield* receive()]));
  step('empty_again', yield* receive(_, { after: 0 }));
  send(me, ['later', 1]);
  const hit = yield* receive(['later', _], { after: 0 });
  step('poll_hit', Array.isArray(hit) ? hit[1] : hit);
  const p = spawn(function* () {
    yield* receive('go');
    send(me, 'late_one');
  });
  step('wait_skipping', yield* receive('never_sent', { after: 20 }));
  send(p, 'go');
  step('arrives_later', yield* receive('late_one'));
  const ref = makeRef();
  send(me, 'old');
  send(me, [ref, 'answer']);
  step('ref_match', (yield* receive([ref, _]))[1]);
  step('old_kept', yield* receive('old'));
});
