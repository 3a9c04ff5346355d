/** Scenario: monitor('process', self()) returns a ref but no monitor is kept, so
 * demonitor with info says false and no 'DOWN' can come. */
import { Ref, _, demonitor, monitor, receive, run, self } from '../../../index.ts';
import { step } from '../step.ts';

await run(function* () {
  const r = monitor('process', self());
  step('self_ref', r instanceof Ref);
  step('self_demonitor', demonitor(r, ['info']));
  step('empty', yield* receive(_, { after: 0 }));
});
