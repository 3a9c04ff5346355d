/** Scenario: gen_server: init returning ok/ignore/stop/exit, a taken name, call and its
 * failures (timeout, noproc, the server's own exit reason, calling_self), cast, reply from
 * another process, {stop, ...} from handle_call, terminate on a trapped parent exit, stop/1,3. */
import { _, exit, gen_server, processFlag, receive, register, run, self, send, sleep, spawn, ErlangError, type Pid, type Term } from '../../../index.ts';
import { attemptYield, step } from '../step.ts';

type Req = 'sleep' | 'crash' | 'stop' | 'defer' | 'get' | readonly ['add', number];

const mod: gen_server.GenServer<Term, Term, Req, Term, Term> = {
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
    if (req === 'crash') exit('boom');
    if (req === 'stop') return ['stop', 'normal', 'stopped', s];
    if (req === 'defer') {
      spawn(function* () {
        gen_server.reply(from, 'deferred');
      });
      return ['noreply', s];
    }
    if (Array.isArray(req)) return ['reply', [s, req[1]], s];
    return ['reply', s, s];
  },
  handleCast: (x) => ['noreply', x],
  handleInfo: (_x, s) => ['noreply', s],
  terminate(r, s) {
    send('driver', ['terminate', [r, s]]);
  },
};

function* terminated(): Generator<unknown, Term, unknown> {
  const m = yield* receive(['terminate', _], { after: 1000 });
  return typeof m === 'symbol' ? 'none' : m[1];
}

/** `catch Expr`: an exit comes back as `{'EXIT', Reason}`. */
function* caught(g: Generator<unknown, unknown, unknown>): Generator<unknown, unknown, unknown> {
  const r = yield* attemptYield(g);
  return Array.isArray(r) && r[0] === 'exit' && r.length === 2 ? ['EXIT', r[1]] : r;
}

await run(function* () {
  register('driver', self());
  processFlag('trap_exit', true);
  step('init_stop', yield* gen_server.start(mod, 'stop'));
  step('init_stop_link', yield* gen_server.startLink(mod, 'stop'));
  const e0 = yield* receive(['EXIT', _, _], { after: 1000 });
  step('init_stop_exit', typeof e0 === 'symbol' ? 'none' : e0[2]);
  step('init_ignore', yield* gen_server.start(mod, 'ignore'));
  step('init_exit', yield* gen_server.start(mod, 'crash'));
  const [, p] = (yield* gen_server.start(['local', 'x'], mod, 's0')) as [string, Pid];
  step('started', p);
  step('taken', yield* gen_server.start(['local', 'x'], mod, 's1'));
  step('call', yield* gen_server.call('x', ['add', 1]));
  step('cast', gen_server.cast('x', 5));
  step('after_cast', yield* gen_server.call('x', 'get'));
  step('call_timeout', yield* caught(gen_server.call('x', 'sleep', 50)));
  step('noproc', yield* caught(gen_server.call('nope', 'get')));
  step('noproc3', yield* caught(gen_server.call('nope', 'get', 100)));
  step('deferred', yield* gen_server.call('x', 'defer'));
  step('calling_self', yield* caught(gen_server.call(self(), 'get')));
  step('crash', yield* caught(gen_server.call('x', 'crash')));
  step('terminated', yield* terminated());
  step('dead', yield* caught(gen_server.call(p, 'get')));
  const [, p2] = (yield* gen_server.startLink(mod, 'trap')) as [string, Pid];
  exit(p2, 'foo');
  step('trap_terminate', yield* terminated());
  const e2 = yield* receive(['EXIT', p2, _], { after: 1000 });
  step('trap_exit', typeof e2 === 'symbol' ? 'none' : e2[2]);
  const [, p3] = (yield* gen_server.start(mod, 's3')) as [string, Pid];
  step('stop1', yield* gen_server.stop(p3));
  step('stop1_terminate', yield* terminated());
  const [, p4] = (yield* gen_server.start(mod, 's4')) as [string, Pid];
  step('stop3', yield* gen_server.stop(p4, 'bye', 'infinity'));
  step('stop3_terminate', yield* terminated());
  step('stop_dead', yield* caught(gen_server.stop(p4)));
  const [, p5] = (yield* gen_server.start(mod, 's5')) as [string, Pid];
  step('stop_reply', yield* gen_server.call(p5, 'stop'));
  step('stop_reply_terminate', yield* terminated());
});
