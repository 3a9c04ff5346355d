/**
 * gen_server against OTP 25: every expected value below is what `erl` answered for the
 * same scenario (the probe module gs1 in the comments: init(stop) -> {stop, bad_init},
 * init(ignore) -> ignore, init(crash) -> exit(init_crash), handle_call(sleep) sleeps
 * 200 ms, handle_call(crash) -> exit(boom), handle_call(stop) -> {stop, normal, stopped, S},
 * handle_call(defer) replies from another process, terminate/2 prints its arguments).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as gen_server from '../../runtime/gen_server.ts';
import type { From, GenServer } from '../../runtime/gen_server.ts';
import { _, TIMEOUT, exit, isAlive, processFlag, receive, run, self, send, sleep, spawn, whereis } from '../../runtime/process.ts';
import { ErlangError, Pid, type Term } from '../../runtime/term.ts';

beforeAll(() => gen_server.setReportLevel('none'));

type Req = 'get' | 'sleep' | 'crash' | 'stop' | 'defer' | readonly ['add', number];

/** The probe module gs1, with terminate's arguments recorded in `log`. */
function gs1(log: Term[] = []): GenServer<string, Term, Req, Term, Term> {
  return {
    init(arg) {
      if (arg === 'stop') return ['stop', 'bad_init'];
      if (arg === 'ignore') return 'ignore';
      if (arg === 'crash') throw new ErlangError('init_crash', 'exit');
      if (arg === 'trap') processFlag('trap_exit', true);
      return ['ok', arg];
    },
    *handleCall(req, from, s) {
      if (req === 'sleep') {
        yield* sleep(200);
        return ['reply', 'ok', s];
      }
      if (req === 'crash') throw new ErlangError('boom', 'exit');
      if (req === 'stop') return ['stop', 'normal', 'stopped', s];
      if (req === 'defer') {
        spawn(function* () {
          gen_server.reply(from, 'deferred');
        });
        return ['noreply', s];
      }
      if (Array.isArray(req)) return ['reply', (s as number) + req[1], (s as number) + req[1]];
      return ['reply', s, s];
    },
    handleCast(msg) {
      return ['noreply', msg];
    },
    handleInfo(msg, s) {
      log.push(['info', msg]);
      return ['noreply', s];
    },
    terminate(reason, s) {
      log.push(['terminate', reason, s]);
    },
  };
}

function* trapExits(): Generator<unknown, void, unknown> {
  processFlag('trap_exit', true);
}

function* catchExit<T>(g: Generator<unknown, T, unknown>): Generator<unknown, T | ['EXIT', Term], unknown> {
  try {
    return yield* g;
  } catch (e) {
    if (e instanceof ErlangError && e.class === 'exit') return ['EXIT', e.reason];
    throw e;
  }
}

describe('start', () => {
  test('init returning stop: {error, bad_init}; start_link also leaves {EXIT, Pid, bad_init}', async () => {
    const r = await run(function* () {
      yield* trapExits();
      const a = yield* gen_server.start(gs1(), 'stop');
      const b = yield* gen_server.startLink(gs1(), 'stop');
      const m = yield* receive(['EXIT', _, _], { after: 100 });
      return [a, b, m === TIMEOUT ? 'nomsg' : m[2]];
    });
    expect(r).toEqual([['error', 'bad_init'], ['error', 'bad_init'], 'bad_init']);
  });

  test('init returning ignore gives ignore; init exiting gives {error, Reason}', async () => {
    const r = await run(function* () {
      return [yield* gen_server.start(gs1(), 'ignore'), yield* gen_server.start(gs1(), 'crash')];
    });
    expect(r).toEqual(['ignore', ['error', 'init_crash']]);
  });

  test('a taken name gives {error, {already_started, Pid}}; init is not run', async () => {
    const log: Term[] = [];
    const r = await run(function* () {
      const first = yield* gen_server.start(['local', 'gs_x'], gs1(log), 's0');
      const second = yield* gen_server.start(['local', 'gs_x'], gs1(log), 's1');
      const where = whereis('gs_x');
      yield* gen_server.stop('gs_x');
      return [first, second, where];
    });
    const pid = (r[0] as [string, Pid])[1];
    expect(r).toEqual([['ok', pid], ['error', ['already_started', pid]], pid]);
    expect(log).toEqual([['terminate', 'normal', 's0']]);
  });

  test('a registered server answers by name; the name is freed when it stops', async () => {
    const r = await run(function* () {
      yield* gen_server.start(['local', 'gs_named'], gs1(), 5 as never);
      const a = yield* gen_server.call('gs_named', ['add', 2]);
      yield* gen_server.stop('gs_named');
      return [a, whereis('gs_named')];
    });
    expect(r).toEqual([7, 'undefined']);
  });
});

describe('call', () => {
  test('time-out: exit {timeout, {gen_server, call, [x, sleep, 50]}}; no late reply is taken as an answer', async () => {
    const r = await run(function* () {
      yield* gen_server.start(['local', 'gs_t'], gs1(), 's0');
      const a = yield* catchExit(gen_server.call('gs_t', 'sleep', 50));
      const b = yield* gen_server.call('gs_t', 'get');
      yield* gen_server.stop('gs_t');
      return [a, b];
    });
    expect(r).toEqual([['EXIT', ['timeout', ['gen_server', 'call', ['gs_t', 'sleep', 50]]]], 's0']);
  });

  test('noproc by name, with and without a time-out argument', async () => {
    const r = await run(function* () {
      return [yield* catchExit(gen_server.call('nope', 'get')), yield* catchExit(gen_server.call('nope', 'get', 100))];
    });
    expect(r).toEqual([
      ['EXIT', ['noproc', ['gen_server', 'call', ['nope', 'get']]]],
      ['EXIT', ['noproc', ['gen_server', 'call', ['nope', 'get', 100]]]],
    ]);
  });

  test('the server dying in the call: exit {boom, {gen_server, call, [x, crash]}}, terminate(boom, s0) ran; then noproc by pid', async () => {
    const log: Term[] = [];
    const r = await run(function* () {
      const [, pid] = (yield* gen_server.start(gs1(log), 's0')) as [string, Pid];
      const a = yield* catchExit(gen_server.call(pid, 'crash'));
      const b = yield* catchExit(gen_server.call(pid, 'get'));
      return [a, b, pid];
    });
    expect(r).toEqual([
      ['EXIT', ['boom', ['gen_server', 'call', [r[2], 'crash']]]],
      ['EXIT', ['noproc', ['gen_server', 'call', [r[2], 'get']]]],
      r[2],
    ]);
    expect(log).toEqual([['terminate', 'boom', 's0']]);
  });

  test('calling itself: exit {calling_self, ...}', async () => {
    const r = await run(function* () {
      const me = self();
      return [yield* catchExit(gen_server.call(me, 'get')), me];
    });
    expect(r[0]).toEqual(['EXIT', ['calling_self', ['gen_server', 'call', [r[1], 'get']]]]);
  });

  test('reply from another process after noreply', async () => {
    const r = await run(function* () {
      const [, pid] = (yield* gen_server.start(gs1(), 's0')) as [string, Pid];
      const a = yield* gen_server.call(pid, 'defer');
      yield* gen_server.stop(pid);
      return a;
    });
    expect(r).toBe('deferred');
  });

  test('{stop, normal, Reply, S}: terminate runs, then the caller gets the reply', async () => {
    const log: Term[] = [];
    const r = await run(function* () {
      const [, pid] = (yield* gen_server.start(gs1(log), 's5')) as [string, Pid];
      const a = yield* gen_server.call(pid, 'stop');
      yield* sleep(1);
      return [a, isAlive(pid)];
    });
    expect(r).toEqual(['stopped', false]);
    expect(log).toEqual([['terminate', 'normal', 's5']]);
  });

  test('a call through a busy mailbox still gets its answer', async () => {
    const r = await run(function* () {
      for (let i = 0; i < 1000; i++) send(self(), ['noise', i]);
      const [, pid] = (yield* gen_server.start(gs1(), 1 as never)) as [string, Pid];
      const a = yield* gen_server.call(pid, ['add', 41]);
      yield* gen_server.stop(pid);
      return a;
    });
    expect(r).toBe(42);
  });
});

describe('cast, info, time-outs, continue', () => {
  test('cast changes state, returns ok even to a dead name; other messages go to handleInfo', async () => {
    const log: Term[] = [];
    const r = await run(function* () {
      const [, pid] = (yield* gen_server.start(gs1(log), 's0')) as [string, Pid];
      const c = gen_server.cast(pid, 'new');
      send(pid, 'hello');
      const s = yield* gen_server.call(pid, 'get');
      yield* gen_server.stop(pid);
      return [c, s, gen_server.cast('nobody', 'x')];
    });
    expect(r).toEqual(['ok', 'new', 'ok']);
    expect(log).toEqual([['info', 'hello'], ['terminate', 'normal', 'new']]);
  });

  test('a time-out in a result delivers handle_info(timeout) when no message comes; continue runs before the next message', async () => {
    const events: Term[] = [];
    const me: Pid[] = [];
    const mod: GenServer<null, number, 'get', number, never> = {
      init: () => ['ok', 0, ['continue', 'warm']],
      handleContinue: (c, s) => (events.push(c), ['noreply', s + 1, 20]),
      handleInfo: (m, s) => (events.push(m), send(me[0]!, 'info'), ['noreply', s + 10]),
      handleCall: (_r, _f, s) => ['reply', s, s],
    };
    const r = await run(function* () {
      me.push(self());
      const [, pid] = (yield* gen_server.start(mod, null)) as [string, Pid];
      yield* receive('info');
      const s = yield* gen_server.call(pid, 'get');
      yield* gen_server.stop(pid);
      return s;
    });
    expect(events).toEqual(['warm', 'timeout']);
    expect(r).toBe(11);
  });
});

describe('termination', () => {
  test('trapping server: exit signal from the parent runs terminate(foo, trap), then {EXIT, Pid, foo}', async () => {
    const log: Term[] = [];
    const r = await run(function* () {
      yield* trapExits();
      const [, pid] = (yield* gen_server.startLink(gs1(log), 'trap')) as [string, Pid];
      exit(pid, 'foo');
      return yield* receive(['EXIT', pid, _], { after: 1000 });
    });
    expect(log).toEqual([['terminate', 'foo', 'trap']]);
    expect((r as unknown as Term[])[2]).toBe('foo');
  });

  test('an EXIT message from a process other than the parent is just info', async () => {
    const log: Term[] = [];
    await run(function* () {
      const [, pid] = (yield* gen_server.start(gs1(log), 'trap')) as [string, Pid];
      send(pid, ['EXIT', self(), 'whatever']);
      yield* gen_server.stop(pid);
    });
    expect(log[0]).toEqual(['info', ['EXIT', expect.any(Pid), 'whatever']]);
    expect(log[1]).toEqual(['terminate', 'normal', 'trap']);
  });

  test('an untrapped exit signal kills it without terminate', async () => {
    const log: Term[] = [];
    await run(function* () {
      const [, pid] = (yield* gen_server.start(gs1(log), 's0')) as [string, Pid];
      exit(pid, 'kill');
      yield* sleep(5);
    });
    expect(log).toEqual([]);
  });

  test('stop/1 gives ok; stop/3 with a reason gives ok; stopping a dead server exits noproc', async () => {
    const log: Term[] = [];
    const r = await run(function* () {
      const [, p3] = (yield* gen_server.start(gs1(log), 's3')) as [string, Pid];
      const a = yield* gen_server.stop(p3);
      const [, p4] = (yield* gen_server.start(gs1(log), 's4')) as [string, Pid];
      const b = yield* gen_server.stop(p4, 'bye', 'infinity');
      const c = yield* catchExit(gen_server.stop(p4));
      const d = yield* catchExit(gen_server.stop('nope'));
      return [a, b, c, d];
    });
    expect(r).toEqual(['ok', 'ok', ['EXIT', 'noproc'], ['EXIT', 'noproc']]);
    expect(log).toEqual([['terminate', 'normal', 's3'], ['terminate', 'bye', 's4']]);
  });

  test('a JS error in a callback ends the server with {Error, Stack}, terminate sees it', async () => {
    const log: Term[] = [];
    const mod: GenServer<null, null, 'x', never, never> = {
      init: () => ['ok', null],
      handleCall() {
        throw new TypeError('bad');
      },
      terminate: (reason) => void log.push(reason),
    };
    const r = await run(function* () {
      const [, pid] = (yield* gen_server.start(mod, null)) as [string, Pid];
      return yield* catchExit(gen_server.call(pid, 'x'));
    });
    const reason = (r as [string, [Term, Term]])[1][0] as [unknown, string[]];
    expect(reason[0]).toBeInstanceOf(TypeError);
    expect(log[0]).toBe(reason);
  });

  test('a thrown value (Erlang throw) is taken as the callback result', async () => {
    const mod: GenServer<null, number, 'x', string, never> = {
      init: () => ['ok', 1],
      handleCall(_r, _f, s) {
        throw new ErlangError(['reply', 'thrown', s], 'throw');
      },
    };
    const r = await run(function* () {
      const [, pid] = (yield* gen_server.start(mod, null)) as [string, Pid];
      const a = yield* gen_server.call(pid, 'x');
      yield* gen_server.stop(pid);
      return a;
    });
    expect(r).toBe('thrown');
  });

  test('a bad return value ends the server with {bad_return_value, V}', async () => {
    const mod = {
      init: () => ['ok', 1],
      handleCast: () => ['what'],
    } as unknown as GenServer<null, number, never, never, 'go'>;
    const r = await run(function* () {
      yield* trapExits();
      const [, pid] = (yield* gen_server.startLink(mod, null)) as [string, Pid];
      gen_server.cast(pid, 'go');
      return yield* receive(['EXIT', pid, _]);
    });
    expect((r as unknown as Term[])[2]).toEqual(['bad_return_value', ['what']]);
  });
});

describe('callbacks as generators', () => {
  test('a server calls another server from inside handleCall', async () => {
    type Inner = GenServer<null, number, 'next', number, never>;
    const inner: Inner = { init: () => ['ok', 0], handleCall: (_r, _f, s) => ['reply', s + 1, s + 1] };
    const outer: GenServer<Pid, Pid, 'twice', number[], never> = {
      init: (p) => ['ok', p],
      *handleCall(_r, _f: From<number[]>, p) {
        const a = yield* gen_server.call(p as gen_server.ServerRef<'next', number, never>, 'next');
        const b = yield* gen_server.call(p as gen_server.ServerRef<'next', number, never>, 'next');
        return ['reply', [a, b], p];
      },
    };
    const r = await run(function* () {
      const [, i] = (yield* gen_server.start(inner, null)) as [string, Pid];
      const [, o] = (yield* gen_server.start(outer, i)) as [string, Pid];
      const x = yield* gen_server.call(o as gen_server.ServerRef<'twice', number[], never>, 'twice');
      yield* gen_server.stop(o);
      yield* gen_server.stop(i);
      return x;
    });
    expect(r).toEqual([1, 2]);
  });
});
