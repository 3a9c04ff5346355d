/**
 * gen_statem (state functions) against OTP 25. The first test is the probe module st
 * run under `erl`: a code lock that opens after three buttons, postpones `open_wait`
 * calls while locked and casts while open, and locks again on a 100 ms state time-out;
 * the expected answers are erl's, in order.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { setReportLevel } from '../../runtime/gen_server.ts';
import * as gen_statem from '../../runtime/gen_statem.ts';
import type { StateFunctions } from '../../runtime/gen_statem.ts';
import { _, exit, processFlag, receive, run, self, send, sleep, spawn } from '../../runtime/process.ts';
import { ErlangError, Pid, type Term } from '../../runtime/term.ts';

beforeAll(() => setReportLevel('none'));

type Lock = StateFunctions<null, 'locked' | 'open', Term[], 'get' | 'open_wait', Term, readonly ['button', number]>;

const st: Lock = {
  init: () => ['ok', 'locked', []],
  states: {
    locked(type, content, acc) {
      if (type === 'cast') {
        const a2 = [(content as [string, number])[1], ...acc];
        return a2.length === 3 ? ['next_state', 'open', [], [['state_timeout', 100, 'lock']]] : ['keep_state', a2];
      }
      if (Array.isArray(type) && type[0] === 'call') {
        if (content === 'get') return ['keep_state_and_data', [['reply', type[1], ['locked', acc]]]];
        return ['keep_state_and_data', ['postpone']];
      }
      if (type === 'info') return ['keep_state', acc, [['next_event', 'internal', ['i', content]]]];
      if (type === 'internal') return ['keep_state', [content, ...acc]];
      return 'keep_state_and_data';
    },
    open(type, content, d) {
      if (type === 'state_timeout' && content === 'lock') return ['next_state', 'locked', []];
      if (Array.isArray(type) && type[0] === 'call') {
        return ['keep_state', d, [['reply', type[1], content === 'open_wait' ? 'was_open' : ['open', d]]]];
      }
      return ['keep_state', d, ['postpone']];
    },
  },
};

function* catchExit<T>(g: Generator<unknown, T, unknown>): Generator<unknown, T | ['EXIT', Term], unknown> {
  try {
    return yield* g;
  } catch (e) {
    if (e instanceof ErlangError && e.class === 'exit') return ['EXIT', e.reason];
    throw e;
  }
}

test('the code lock answers as erl does: postponed call and cast, state time-out, next_event, call errors', async () => {
  const out = await run(function* () {
    const r: Term[] = [];
    const started = yield* gen_statem.start(st, null);
    if (started === 'ignore' || started[0] !== 'ok') throw new Error('start');
    const p = started[1];
    gen_statem.cast(p, ['button', 1]);
    gen_statem.cast(p, ['button', 2]);
    r.push(yield* gen_statem.call(p, 'get'));
    const me = self();
    spawn(function* () {
      send(me, ['waited', yield* gen_statem.call(p, 'open_wait')]);
    });
    yield* sleep(10);
    gen_statem.cast(p, ['button', 3]);
    r.push(yield* receive(['waited', _]));
    r.push(yield* gen_statem.call(p, 'get'));
    gen_statem.cast(p, ['button', 9]);
    // Until the 100 ms state time-out has locked it again (erl: after a 150 ms sleep).
    let got = yield* gen_statem.call(p, 'get');
    while ((got as Term[])[0] === 'open') {
      yield* sleep(20);
      got = yield* gen_statem.call(p, 'get');
    }
    r.push(got);
    send(p, 'hello');
    r.push(yield* gen_statem.call(p, 'get'));
    r.push(yield* catchExit(gen_statem.call('nope', 'get')));
    r.push(yield* catchExit(gen_statem.call(p, 'open_wait', 50)));
    yield* gen_statem.stop(p);
    return [r, p];
  });
  const [r, p] = out as [Term[], Pid];
  expect(r).toEqual([
    ['locked', [2, 1]],
    ['waited', 'was_open'],
    ['open', []],
    ['locked', [9]],
    ['locked', [['i', 'hello'], 9]],
    ['EXIT', ['noproc', ['gen_statem', 'call', ['nope', 'get', 'infinity']]]],
    ['EXIT', ['timeout', ['gen_statem', 'call', [p, 'open_wait', 50]]]],
  ]);
});

describe('time-outs', () => {
  type T = StateFunctions<null, 'a' | 'b', Term[], 'log', Term[], Term>;
  // The generic time-out comes last, so once it is seen the others had their chance.
  const log = (events: Term[], notify: Pid, eventTimeout: number): T => ({
    init: () => ['ok', 'a', [], [['timeout', eventTimeout, 'ev'], [['timeout', 'g'], 400, 'gen'], ['state_timeout', 150, 'st']]],
    states: {
      a(type, content, d) {
        events.push([type as Term, content]);
        send(notify, 'event');
        if (content === 'go_b') return ['next_state', 'b', d];
        return 'keep_state_and_data';
      },
      b(type, content) {
        events.push(['b', type as Term, content]);
        send(notify, 'event');
        return 'keep_state_and_data';
      },
    },
  });

  function* events(p: Pid, n: number): Generator<unknown, void, unknown> {
    for (let i = 0; i < n; i++) yield* receive('event');
    yield* gen_statem.stop(p);
  }

  test('event, state and generic time-outs fire in order when nothing else happens', async () => {
    const seen: Term[] = [];
    await run(function* () {
      const [, p] = (yield* gen_statem.start(log(seen, self(), 20), null)) as [string, Pid];
      yield* events(p, 3);
    });
    expect(seen).toEqual([
      ['timeout', 'ev'],
      ['state_timeout', 'st'],
      [['timeout', 'g'], 'gen'],
    ]);
  });

  test('any event cancels the event time-out; a state change cancels the state time-out, not the generic one', async () => {
    const seen: Term[] = [];
    await run(function* () {
      const [, p] = (yield* gen_statem.start(log(seen, self(), 300), null)) as [string, Pid];
      send(p, 'go_b');
      yield* events(p, 2);
    });
    expect(seen).toEqual([
      ['info', 'go_b'],
      ['b', ['timeout', 'g'], 'gen'],
    ]);
  });

  test('a time-out of 0 comes before mailbox messages; cancel stops a generic time-out', async () => {
    const seen: Term[] = [];
    const me: Pid[] = [];
    // 'y' fires after 'x' would have: once 'last' is seen, a cancelled 'x' had its chance.
    const m: StateFunctions<null, 's', null> = {
      init: () => ['ok', 's', null, [[['timeout', 'x'], 300, 'never'], [['timeout', 'y'], 500, 'last']]],
      states: {
        s(type, content) {
          seen.push([type as Term, content]);
          send(me[0]!, 'event');
          if (content === 'first') return ['keep_state_and_data', [['state_timeout', 0, 'zero'], [['timeout', 'x'], 'cancel']]];
          return 'keep_state_and_data';
        },
      },
    };
    await run(function* () {
      me.push(self());
      const [, p] = (yield* gen_statem.start(m, null)) as [string, Pid];
      send(p, 'first');
      send(p, 'second');
      for (let i = 0; i < 4; i++) yield* receive('event');
      yield* gen_statem.stop(p);
    });
    expect(seen).toEqual([
      ['info', 'first'],
      ['state_timeout', 'zero'],
      ['info', 'second'],
      [['timeout', 'y'], 'last'],
    ]);
  });

});

describe('postpone and next_event order', () => {
  test('on a state change: next_events first, then postponed events in arrival order, then the mailbox', async () => {
    const events: Term[] = [];
    const m: StateFunctions<null, 'wait' | 'go', null> = {
      init: () => ['ok', 'wait', null],
      states: {
        wait(type, content) {
          if (content === 'open') return ['next_state', 'go', null, [['next_event', 'internal', 'n1'], ['next_event', 'internal', 'n2']]];
          return ['keep_state_and_data', ['postpone']];
        },
        go(type, content) {
          events.push([type as Term, content]);
          return 'keep_state_and_data';
        },
      },
    };
    await run(function* () {
      const [, p] = (yield* gen_statem.start(m, null)) as [string, Pid];
      send(p, 'p1');
      gen_statem.cast(p, 'p2');
      send(p, 'open');
      send(p, 'after');
      yield* gen_statem.stop(p);
    });
    expect(events).toEqual([
      ['internal', 'n1'],
      ['internal', 'n2'],
      ['info', 'p1'],
      ['cast', 'p2'],
      ['info', 'after'],
    ]);
  });
});

describe('start and stop', () => {
  test('init ignore/stop, stop_and_reply, terminate with state and data, trapped parent exit', async () => {
    const terms: Term[] = [];
    const m: StateFunctions<string, 'only', number> = {
      init(a) {
        if (a === 'ignore') return 'ignore';
        if (a === 'stop') return ['stop', 'no'];
        processFlag('trap_exit', true);
        return ['ok', 'only', 7];
      },
      states: {
        only(type) {
          if (Array.isArray(type) && type[0] === 'call') return ['stop_and_reply', 'normal', [['reply', type[1], 'bye']], 8];
          return 'keep_state_and_data';
        },
      },
      terminate: (reason, state, data) => void terms.push([reason, state, data]),
    };
    const r = await run(function* () {
      processFlag('trap_exit', true);
      const a = yield* gen_statem.start(m, 'ignore');
      const b = yield* gen_statem.start(m, 'stop');
      const [, p] = (yield* gen_statem.start(m, 'run')) as [string, Pid];
      const c = yield* gen_statem.call(p, 'x');
      const [, q] = (yield* gen_statem.startLink(['local', 'statem_q'], m, 'run')) as [string, Pid];
      exit(q, 'parent_says');
      const d = yield* receive(['EXIT', q, _]);
      return [a, b, c, d[2]];
    });
    expect(r).toEqual(['ignore', ['error', 'no'], 'bye', 'parent_says']);
    expect(terms).toEqual([
      ['normal', 'only', 8],
      ['parent_says', 'only', 7],
    ]);
  });

  test('a crash in a state function ends the machine with that reason', async () => {
    const m: StateFunctions<null, 's', null> = {
      init: () => ['ok', 's', null],
      states: {
        s() {
          throw new ErlangError('broken', 'exit');
        },
      },
    };
    const r = await run(function* () {
      processFlag('trap_exit', true);
      const [, p] = (yield* gen_statem.startLink(m, null)) as [string, Pid];
      gen_statem.cast(p, 'x');
      return yield* receive(['EXIT', p, _]);
    });
    expect(r[2]).toBe('broken');
  });
});
