/** Scenario: gen_statem in state-functions mode: a code lock that opens after three
 * buttons, postpones open_wait calls while locked and casts while open, locks again on a
 * state time-out, turns info into next_event internal events; call failures. */
import { gen_statem, receive, run, self, send, sleep, spawn, type Pid, type Term } from '../../../index.ts';
import { attemptYield, step } from '../step.ts';

type Lock = gen_statem.StateFunctions<null, 'locked' | 'open', Term[], 'get' | 'open_wait', Term, readonly ['button', number]>;

const lock: Lock = {
  init: () => ['ok', 'locked', []],
  states: {
    locked(type, content, acc) {
      if (type === 'cast') {
        const a2 = [(content as [string, number])[1], ...acc];
        return a2.length === 3 ? ['next_state', 'open', [], [['state_timeout', 100, 'lock']]] : ['keep_state', a2];
      }
      if (Array.isArray(type)) {
        return content === 'get' ? ['keep_state_and_data', [['reply', type[1], ['locked', acc]]]] : ['keep_state_and_data', ['postpone']];
      }
      if (type === 'info') return ['keep_state', acc, [['next_event', 'internal', ['i', content]]]];
      return ['keep_state', [content, ...acc]];
    },
    open(type, content, d) {
      if (type === 'state_timeout') return ['next_state', 'locked', []];
      if (Array.isArray(type)) return ['keep_state', d, [['reply', type[1], content === 'open_wait' ? 'was_open' : ['open', d]]]];
      return ['keep_state', d, ['postpone']];
    },
  },
};

function* caught(g: Generator<unknown, unknown, unknown>): Generator<unknown, unknown, unknown> {
  const r = yield* attemptYield(g);
  return Array.isArray(r) && r[0] === 'exit' && r.length === 2 ? ['EXIT', r[1]] : r;
}

await run(function* () {
  const [, p] = (yield* gen_statem.start(lock, null)) as [string, Pid];
  gen_statem.cast(p, ['button', 1]);
  gen_statem.cast(p, ['button', 2]);
  step('locked', yield* gen_statem.call(p, 'get'));
  const me = self();
  spawn(function* () {
    send(me, ['waited', yield* gen_statem.call(p, 'open_wait')]);
  });
  yield* sleep(10);
  gen_statem.cast(p, ['button', 3]);
  step('waited', yield* receive());
  step('open', yield* gen_statem.call(p, 'get'));
  gen_statem.cast(p, ['button', 9]);
  yield* sleep(150);
  step('relocked', yield* gen_statem.call(p, 'get'));
  send(p, 'hello');
  step('internal', yield* gen_statem.call(p, 'get'));
  step('noproc', yield* caught(gen_statem.call('nope', 'get')));
  step('timeout', yield* caught(gen_statem.call(p, 'open_wait', 50)));
  step('stop', yield* gen_statem.stop(p));
});
