/** Scenario: supervisor: start order, which_children order, restart order per strategy
 * (one_for_one, one_for_all, rest_for_one), shutdown in reverse order, the child API's
 * answers, simple_one_for_one, and the intensity limit ending the supervisor with shutdown. */
import { _, exit, monitor, processFlag, receive, register, run, self, send, spawnLink, supervisor, unlink, Pid, type Term } from '../../../index.ts';
import { step } from '../step.ts';

const mod: supervisor.Supervisor<readonly [supervisor.SupFlags, readonly supervisor.ChildSpec[]]> = { init: (arg) => ['ok', arg] };

function spec(id: string, restart: supervisor.Restart = 'permanent'): supervisor.ChildSpec {
  return { id, start: [start, [id]], restart };
}

function* start(id: Term, x?: Term): Generator<unknown, supervisor.ChildStart, unknown> {
  const name = x === undefined ? id : [id, x];
  send('driver', ['log', ['start', name]]);
  const parent = self();
  const pid = spawnLink(function* () {
    processFlag('trap_exit', true);
    send(parent, ['ready', self()]);
    const m = yield* receive();
    if (Array.isArray(m) && m[0] === 'EXIT') {
      send('driver', ['log', ['stop', name, m[2]]]);
      exit(m[2] as Term);
    }
    exit('crashed');
  });
  yield* receive(['ready', pid]);
  return ['ok', pid];
}

function* logs(): Generator<unknown, Term[], unknown> {
  const out: Term[] = [];
  for (;;) {
    const m = yield* receive(['log', _], { after: 20 });
    if (typeof m === 'symbol') return out;
    out.push(m[1]);
  }
}

function* crash(s: Pid, id: string): Generator<unknown, void, unknown> {
  const row = (yield* supervisor.whichChildren(s)).find((r) => r[0] === id)!;
  const m = monitor('process', row[1] as Pid);
  send(row[1] as Pid, 'crash');
  yield* receive(['DOWN', m, _, _, _]);
}

function* strategy(strategy: supervisor.Strategy): Generator<unknown, void, unknown> {
  const [, s] = (yield* supervisor.startLink(mod, [{ strategy, intensity: 3, period: 10 }, [spec('a'), spec('b'), spec('c')]])) as [string, Pid];
  step('started', yield* logs());
  step('which', (yield* supervisor.whichChildren(s)).map((r) => [r[0], r[2]]));
  yield* crash(s, 'b');
  yield* supervisor.countChildren(s);
  step('restarted', yield* logs());
  yield* shutdown(s);
  step('stopped', yield* logs());
}

function* shutdown(s: Pid): Generator<unknown, void, unknown> {
  const m = monitor('process', s);
  unlink(s);
  exit(s, 'shutdown');
  yield* receive(['DOWN', m, _, _, _]);
}

await run(function* () {
  supervisor.setReportLevel('none');
  register('driver', self());
  processFlag('trap_exit', true);
  for (const st of ['one_for_one', 'one_for_all', 'rest_for_one'] as const) yield* strategy(st);
  const [, s] = (yield* supervisor.startLink(mod, [{ intensity: 1, period: 3600 }, [spec('a'), spec('b')]])) as [string, Pid];
  yield* logs();
  step('count', yield* supervisor.countChildren(s));
  step('terminate', yield* supervisor.terminateChild(s, 'a'));
  step('which', (yield* supervisor.whichChildren(s)).map((r) => [r[0], r[1] instanceof Pid]));
  step('terminate_nope', yield* supervisor.terminateChild(s, 'zz'));
  step('restart', (yield* supervisor.restartChild(s, 'a'))[0]);
  step('restart_running', yield* supervisor.restartChild(s, 'a'));
  step('delete_running', yield* supervisor.deleteChild(s, 'a'));
  step('start_dup', (yield* supervisor.startChild(s, spec('a')))[0]);
  yield* supervisor.terminateChild(s, 'a');
  step('delete', yield* supervisor.deleteChild(s, 'a'));
  step('delete_nope', yield* supervisor.deleteChild(s, 'a'));
  step('start_c', (yield* supervisor.startChild(s, spec('c')))[0]);
  step('which_ids', (yield* supervisor.whichChildren(s)).map((r) => r[0]));
  yield* logs();
  yield* crash(s, 'b');
  yield* crash(s, 'c');
  const e = yield* receive(['EXIT', s, _], { after: 1000 });
  step('sup_exit', typeof e === 'symbol' ? 'alive' : e[2]);
  step('intensity_log', yield* logs());
  const [, s2] = (yield* supervisor.startLink(mod, [{ strategy: 'simple_one_for_one' }, [spec('w', 'transient')]])) as [string, Pid];
  const ws: Pid[] = [];
  for (const x of ['x1', 'x2', 'x3']) ws.push((yield* supervisor.startChild(s2, [x]))[1] as Pid);
  step('simple_count', yield* supervisor.countChildren(s2));
  step('simple_terminate', yield* supervisor.terminateChild(s2, ws[0]!));
  step('simple_by_id', yield* supervisor.terminateChild(s2, 'w'));
  step('simple_delete', yield* supervisor.deleteChild(s2, ws[1]!));
  step('simple_log', yield* logs());
  yield* shutdown(s2);
  step('simple_shutdown', yield* logs());
});
