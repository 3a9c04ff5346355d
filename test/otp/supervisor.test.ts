/**
 * supervisor against OTP 25: each scenario ran under `erl` with the probe module sp
 * (test/otp/helpers.ts mirrors it); the expected logs, return values and exit reasons
 * are erl's answers.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as supervisor from '../../runtime/supervisor.ts';
import { setReportLevel } from '../../runtime/gen_server.ts';
import { _, TIMEOUT, exit, monitor, processFlag, receive, run, self, send, sleep, unlink, spawnLink } from '../../runtime/process.ts';
import { Pid, type Term } from '../../runtime/term.ts';
import { catchExit, sp, spec, startChild } from './helpers.ts';

beforeAll(() => setReportLevel('none'));
afterEach(() => setReportLevel('none'));

function* pidOf(sup: Pid, id: string): Generator<unknown, Pid, unknown> {
  const row = (yield* supervisor.whichChildren(sup)).find((r) => r[0] === id);
  return row![1] as Pid;
}

/** Sends `msg` to a child and waits for it to end, so the supervisor has its 'EXIT' first. */
function* kick(pid: Pid, msg: Term): Generator<unknown, void, unknown> {
  const ref = monitor('process', pid);
  send(pid, msg);
  yield* receive(['DOWN', ref, _, _, _]);
}

function* shutdownSup(sup: Pid): Generator<unknown, void, unknown> {
  const ref = monitor('process', sup);
  unlink(sup);
  exit(sup, 'shutdown');
  yield* receive(['DOWN', ref, _, _, _]);
}

describe('strategies: start order, which_children, restart after b crashes, shutdown order', () => {
  const expected = {
    one_for_one: [['start', 'b']],
    one_for_all: [['stop', 'c', 'shutdown'], ['stop', 'a', 'shutdown'], ['start', 'a'], ['start', 'b'], ['start', 'c']],
    rest_for_one: [['stop', 'c', 'shutdown'], ['start', 'b'], ['start', 'c']],
  } as const;
  for (const strategy of ['one_for_one', 'one_for_all', 'rest_for_one'] as const) {
    test(strategy, async () => {
      const log: Term[] = [];
      const r = await run(function* () {
        processFlag('trap_exit', true);
        const [, sup] = (yield* supervisor.startLink(sp, [{ strategy, intensity: 3, period: 10 }, [spec(log, 'a'), spec(log, 'b'), spec(log, 'c')]])) as [string, Pid];
        const started = log.splice(0);
        const which = (yield* supervisor.whichChildren(sup)).map((row) => [row[0], row[2]]);
        yield* kick(yield* pidOf(sup, 'b'), 'crash');
        yield* supervisor.countChildren(sup);
        const restarted = log.splice(0);
        yield* shutdownSup(sup);
        return [started, which, restarted, log.splice(0)];
      });
      expect(r).toEqual([
        [['start', 'a'], ['start', 'b'], ['start', 'c']],
        [['c', 'worker'], ['b', 'worker'], ['a', 'worker']],
        expected[strategy],
        [['stop', 'c', 'shutdown'], ['stop', 'b', 'shutdown'], ['stop', 'a', 'shutdown']],
      ]);
    });
  }
});

test('child API answers and the intensity limit (intensity 1: the second restart shuts down)', async () => {
  const log: Term[] = [];
  const r = await run(function* () {
    processFlag('trap_exit', true);
    const out: Term[] = [];
    const [, s] = (yield* supervisor.startLink(sp, [{ strategy: 'one_for_one', intensity: 1, period: 10 }, [spec(log, 'a'), spec(log, 'b')]])) as [string, Pid];
    out.push(yield* supervisor.countChildren(s));
    out.push(yield* supervisor.terminateChild(s, 'a'));
    out.push((yield* supervisor.whichChildren(s)).map((row) => [row[0], row[1] instanceof Pid ? 'pid' : row[1]]));
    out.push(yield* supervisor.terminateChild(s, 'a'));
    out.push(yield* supervisor.terminateChild(s, 'zz'));
    out.push((yield* supervisor.restartChild(s, 'a'))[0]);
    out.push(yield* supervisor.restartChild(s, 'a'));
    out.push(yield* supervisor.deleteChild(s, 'a'));
    const dup = yield* supervisor.startChild(s, spec(log, 'a'));
    out.push([dup[0], (dup[1] as Term[])[0], (dup[1] as Term[])[1] === (yield* pidOf(s, 'a'))]);
    yield* supervisor.terminateChild(s, 'a');
    out.push(yield* supervisor.deleteChild(s, 'a'));
    out.push(yield* supervisor.deleteChild(s, 'a'));
    out.push((yield* supervisor.startChild(s, spec(log, 'c')))[0]);
    out.push((yield* supervisor.whichChildren(s)).map((row) => row[0]));
    log.length = 0;
    yield* kick(yield* pidOf(s, 'b'), 'crash');
    yield* supervisor.countChildren(s);
    yield* kick(yield* pidOf(s, 'c'), 'crash');
    const exitMsg = yield* receive(['EXIT', s, _], { after: 500 });
    out.push(exitMsg === TIMEOUT ? 'alive' : exitMsg[2]);
    return out;
  });
  expect(r).toEqual([
    [['specs', 2], ['active', 2], ['supervisors', 0], ['workers', 2]],
    'ok',
    [['b', 'pid'], ['a', 'undefined']],
    'ok',
    ['error', 'not_found'],
    'ok',
    ['error', 'running'],
    ['error', 'running'],
    ['error', 'already_started', true],
    'ok',
    ['error', 'not_found'],
    'ok',
    ['c', 'b'],
    'shutdown',
  ]);
  expect(log).toEqual([['start', 'b'], ['stop', 'b', 'shutdown']]);
});

test('simple_one_for_one: dynamic children, terminate by pid, errors, transient restarts, concurrent shutdown', async () => {
  const log: Term[] = [];
  const r = await run(function* () {
    processFlag('trap_exit', true);
    const out: Term[] = [];
    const [, s2] = (yield* supervisor.startLink(sp, [{ strategy: 'simple_one_for_one' }, [spec(log, 'w', 'transient')]])) as [string, Pid];
    const ws: Pid[] = [];
    for (const x of ['x1', 'x2', 'x3']) ws.push((yield* supervisor.startChild(s2, [x]))[1] as Pid);
    const which = yield* supervisor.whichChildren(s2);
    out.push(which.every((row, i) => row[0] === 'undefined' && row[1] === ws[i] && row[2] === 'worker'));
    out.push(yield* supervisor.countChildren(s2));
    out.push([yield* supervisor.terminateChild(s2, ws[0]!), yield* supervisor.terminateChild(s2, ws[0]!)]);
    out.push(yield* supervisor.terminateChild(s2, 'foo'));
    out.push([yield* supervisor.deleteChild(s2, ws[1]!), yield* supervisor.restartChild(s2, ws[1]!)]);
    out.push(log.splice(0));
    yield* kick(ws[1]!, 'normal');
    out.push(yield* supervisor.countChildren(s2));
    yield* kick(ws[2]!, 'crash');
    out.push([yield* supervisor.countChildren(s2), log.splice(0)]);
    yield* supervisor.startChild(s2, ['x4']);
    yield* shutdownSup(s2);
    out.push(log.splice(0));
    return out;
  });
  expect(r).toEqual([
    true,
    [['specs', 1], ['active', 3], ['supervisors', 0], ['workers', 3]],
    ['ok', 'ok'],
    ['error', 'simple_one_for_one'],
    [['error', 'simple_one_for_one'], ['error', 'simple_one_for_one']],
    [['start', ['w', 'x1']], ['start', ['w', 'x2']], ['start', ['w', 'x3']], ['stop', ['w', 'x1'], 'shutdown']],
    [['specs', 1], ['active', 1], ['supervisors', 0], ['workers', 1]],
    [[['specs', 1], ['active', 1], ['supervisors', 0], ['workers', 1]], [['start', ['w', 'x3']]]],
    [['start', ['w', 'x4']], ['stop', ['w', 'x3'], 'shutdown'], ['stop', ['w', 'x4'], 'shutdown']],
  ]);
});

test('a temporary child is dropped when it crashes; a transient one that ends normally keeps its spec', async () => {
  const log: Term[] = [];
  const r = await run(function* () {
    processFlag('trap_exit', true);
    const [, s3] = (yield* supervisor.startLink(sp, [{ strategy: 'one_for_one' }, [spec(log, 't', 'temporary'), spec(log, 'r', 'transient')]])) as [string, Pid];
    yield* kick(yield* pidOf(s3, 't'), 'crash');
    yield* kick(yield* pidOf(s3, 'r'), 'normal');
    const which = yield* supervisor.whichChildren(s3);
    yield* shutdownSup(s3);
    return which;
  });
  expect(r).toEqual([['r', 'undefined', 'worker', ['startChild']]]);
  expect(log).toEqual([['start', 't'], ['start', 'r']]);
});

test('a child that fails to start: {error, {shutdown, {failed_to_start_child, b, Reason}}}, started ones stopped', async () => {
  const log: Term[] = [];
  const r = await run(function* () {
    processFlag('trap_exit', true);
    const bad = { id: 'b', start: [(): supervisor.ChildStart => ['error', 'nope'], []] } as const;
    const res = yield* supervisor.startLink(sp, [{ strategy: 'one_for_one' }, [spec(log, 'a'), bad, spec(log, 'c')]]);
    yield* sleep(5);
    return res;
  });
  expect(r).toEqual(['error', ['shutdown', ['failed_to_start_child', 'b', 'nope']]]);
  expect(log).toEqual([['start', 'a'], ['stop', 'a', 'shutdown']]);
});

describe('shutdown', () => {
  test('a child that ignores shutdown is killed after its shutdown time; brutal_kill kills at once', async () => {
    const log: Term[] = [];
    const r = await run(function* () {
      processFlag('trap_exit', true);
      const [, s] = (yield* supervisor.startLink(sp, [{}, [spec(log, 'slow', 'permanent', 30), spec(log, 'brutal', 'permanent', 'brutal_kill')]])) as [string, Pid];
      const slow = yield* pidOf(s, 'slow');
      send(slow, ['stubborn', self()]);
      yield* receive('stubborn');
      const ref = monitor('process', slow);
      const a = yield* supervisor.terminateChild(s, 'slow');
      const down = yield* receive(['DOWN', ref, _, _, _]);
      const b = yield* supervisor.terminateChild(s, 'brutal');
      yield* shutdownSup(s);
      return [a, down[4], b];
    });
    expect(r).toEqual(['ok', 'killed', 'ok']);
    expect(log).toEqual([['start', 'slow'], ['start', 'brutal']]);
  });

  test('a supervisor under a supervisor: the whole tree stops in reverse order', async () => {
    const log: Term[] = [];
    const r = await run(function* () {
      processFlag('trap_exit', true);
      const inner: supervisor.ChildSpec = {
        id: 'inner',
        type: 'supervisor',
        start: [supervisor.startLink, [sp, [{ strategy: 'one_for_one' }, [spec(log, 'i1'), spec(log, 'i2')]]]],
      };
      const [, top] = (yield* supervisor.startLink(sp, [{ strategy: 'one_for_one' }, [spec(log, 'a'), inner, spec(log, 'z')]])) as [string, Pid];
      const counts = yield* supervisor.countChildren(top);
      yield* shutdownSup(top);
      return counts;
    });
    expect(r).toEqual([['specs', 3], ['active', 3], ['supervisors', 1], ['workers', 2]]);
    expect(log).toEqual([
      ['start', 'a'], ['start', 'i1'], ['start', 'i2'], ['start', 'z'],
      ['stop', 'z', 'shutdown'], ['stop', 'i2', 'shutdown'], ['stop', 'i1', 'shutdown'], ['stop', 'a', 'shutdown'],
    ]);
  });

  test('calls to a dead supervisor exit {noproc, {gen_server, call, [Sup, Req, infinity]}}', async () => {
    const r = await run(function* () {
      return yield* catchExit(supervisor.whichChildren('no_such_sup'));
    });
    expect(r).toEqual(['EXIT', ['noproc', ['gen_server', 'call', ['no_such_sup', 'which_children', 'infinity']]]]);
  });
});

test('reports: child_terminated and reached_max_restart_intensity in OTP shape', async () => {
  const log: Term[] = [];
  const chunks: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => (chunks.push(String(s)), true)) as typeof process.stderr.write;
  try {
    setReportLevel('error');
    await run(function* () {
      processFlag('trap_exit', true);
      const [, s] = (yield* supervisor.startLink(['local', 'rep_sup'], sp, [{ intensity: 0 }, [spec(log, 'b')]])) as [string, Pid];
      yield* kick(yield* pidOf(s, 'b'), 'crash');
      yield* receive(['EXIT', s, _]);
    });
  } finally {
    process.stderr.write = write;
  }
  const text = chunks.join('').replace(/<0\.\d+\.0>/g, '<PID>').replace(/==== .* ===/g, '==== TIME ===');
  expect(text).toContain(
    '=SUPERVISOR REPORT==== TIME ===\n' +
      '    supervisor: {local,rep_sup}\n' +
      '    errorContext: child_terminated\n' +
      '    reason: crashed\n' +
      '    offender: [{pid,<PID>},\n' +
      '               {id,b},\n',
  );
  expect(text).toContain('    errorContext: shutdown\n    reason: reached_max_restart_intensity\n');
  expect(text).toContain('{restart_type,permanent},\n               {significant,false},\n               {shutdown,5000},\n               {child_type,worker}]\n');
});

test('spawnLink-started children need no gen_server: a start function is any linked spawn', async () => {
  const r = await run(function* () {
    processFlag('trap_exit', true);
    const log: Term[] = [];
    const start = (): supervisor.ChildStart => ['ok', spawnLink(function* () { yield* receive(); })];
    const [, s] = (yield* supervisor.startLink(sp, [{}, [{ id: 'plain', start: [start, []] }, spec(log, 'x')]])) as [string, Pid];
    const which = (yield* supervisor.whichChildren(s)).map((row) => row[0]);
    yield* shutdownSup(s);
    return [which, startChild.name];
  });
  expect(r).toEqual([['x', 'plain'], 'startChild']);
});

test('restarts older than the period are forgotten (intensity 1, period 1: crash, 2.1 s, crash, crash -> [true, true, false])', async () => {
  const log: Term[] = [];
  const r = await run(function* () {
    processFlag('trap_exit', true);
    const [, s] = (yield* supervisor.startLink(sp, [{ strategy: 'one_for_one', intensity: 1, period: 1 }, [spec(log, 'a')]])) as [string, Pid];
    // A call after the child's end is answered only if the supervisor survived its 'EXIT'.
    function* crash(): Generator<unknown, boolean, unknown> {
      yield* kick(yield* pidOf(s, 'a'), 'crash');
      const answer = yield* catchExit(supervisor.countChildren(s));
      return answer[0] !== 'EXIT';
    }
    const a = yield* crash();
    yield* sleep(2100);
    const b = yield* crash();
    const c = yield* crash();
    return [a, b, c];
  });
  expect(r).toEqual([true, true, false]);
});
