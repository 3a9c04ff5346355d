/** Scenario: a trapping process receives ['EXIT', pid, reason] for every linked exit:
 * normal, an atom, a tuple, and kill sent to the child (seen as killed). */
import { _, exit, processFlag, receive, run, spawnLink } from '../../../index.ts';
import { list } from '../../../runtime/term.ts';
import { step } from '../step.ts';

await run(function* () {
  processFlag('trap_exit', true);
  const c1 = spawnLink(function* () {});
  step('normal', (yield* receive(['EXIT', c1, _]))[2]);
  const c2 = spawnLink(function* () {
    exit('foo');
  });
  step('atom', (yield* receive(['EXIT', c2, _]))[2]);
  const c3 = spawnLink(function* () {
    exit(['shutdown', ['a', list([1, 2])]]);
  });
  step('tuple', (yield* receive(['EXIT', c3, _]))[2]);
  const c4 = spawnLink(function* () {
    yield* receive('never');
  });
  exit(c4, 'kill');
  step('killed', (yield* receive(['EXIT', c4, _]))[2]);
  step('nothing_else', yield* receive(_, { after: 0 }));
});
