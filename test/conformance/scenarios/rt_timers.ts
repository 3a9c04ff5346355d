/** Scenario: timers: sendAfter and startTimer deliver their messages (startTimer as
 * ['timeout', tref, msg]); cancelTimer and readTimer return the time left, or false once
 * fired or cancelled; a cancelled timer never delivers; timers fire in deadline order. */
import { Ref, _, cancelTimer, readTimer, receive, register, run, self, sendAfter, startTimer } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  const me = self();
  const t1 = sendAfter(10, me, 'ping');
  step('send_after_ref', t1 instanceof Ref);
  step('ping', yield* receive('ping'));
  step('cancel_fired', cancelTimer(t1));
  step('read_fired', readTimer(t1));
  const t2 = startTimer(10, me, 'tick');
  step('start_timer', yield* receive(['timeout', t2, 'tick']));
  const t3 = sendAfter(60000, me, 'never');
  const left = readTimer(t3);
  step('read_pending', typeof left === 'number' && left > 50000 && left <= 60000);
  const left2 = cancelTimer(t3);
  step('cancel_pending', typeof left2 === 'number' && left2 > 50000 && left2 <= 60000);
  step('cancel_again', cancelTimer(t3));
  step('read_cancelled', readTimer(t3));
  register('timer_target', me);
  sendAfter(5, 'timer_target', 'by_name');
  step('by_name', yield* receive('by_name'));
  sendAfter(60, me, 'a');
  sendAfter(20, me, 'b');
  sendAfter(40, me, 'c');
  const order = [];
  for (let i = 0; i < 3; i++) order.push(yield* receive());
  step('order', list(order));
  step('bad_time', attempt(() => sendAfter(-1, me, 'x')));
  step('bad_ref', attempt(() => cancelTimer('not_a_ref' as never)));
  step('empty', yield* receive(_, { after: 0 }));
});
