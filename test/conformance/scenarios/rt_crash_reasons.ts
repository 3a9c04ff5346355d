/** Scenario: the exit reason of a process that raises: error(R) gives [R, stack], throw(T)
 * gives [['nocatch', T], stack], exit(R) gives R; a linked trapping parent sees the same.
 * Stacks differ by nature, so a step shows the reason and whether a stack list is there. */
import { ErlangError, _, exit, processFlag, receive, run, spawnLink, spawnMonitor, type Term } from '../../../index.ts';
import { isList } from '../../../runtime/term.ts';
import { step } from '../step.ts';

const shape = (r: Term): Term => (Array.isArray(r) && r.length === 2 && isList(r[1]) ? [r[0], 'stack'] : r);

await run(function* () {
  const cases: [string, () => never][] = [
    ['error_badarg', () => { throw new ErlangError('badarg'); }],
    ['error_tuple', () => { throw new ErlangError(['my_error', 42]); }],
    ['throw', () => { throw new ErlangError('oops', 'throw'); }],
    ['exit', () => exit('plain')],
  ];
  for (const [label, raise] of cases) {
    const [p, m] = spawnMonitor(function* () {
      raise();
    });
    step(label, shape((yield* receive(['DOWN', m, 'process', p, _]))[4]));
  }
  processFlag('trap_exit', true);
  const p5 = spawnLink(function* () {
    throw new ErlangError('badarith');
  });
  step('linked_error', shape((yield* receive(['EXIT', p5, _]))[2]));
});
