/**
 * Shared by the supervisor tests: the probe child of `sp.erl` (a worker that traps exits,
 * logs its start and the shutdown it gets, and crashes or ends on request), a supervisor
 * module taking its flags and specs as the argument, and exit catching.
 */
import type { ChildSpec, ChildStart, Restart, Shutdown, SupFlags, Supervisor } from '../../runtime/supervisor.ts';
import { exit, processFlag, receive, self, send, spawnLink } from '../../runtime/process.ts';
import { ErlangError, type Pid, type Term } from '../../runtime/term.ts';

/**
 * sp:start/1: logs `{start, Id}` and starts the child linked to the caller (the
 * supervisor), returning once the child traps exits (as a proc_lib start would), so a
 * shutdown that follows at once is always seen by it.
 */
export function* startChild(log: Term[], id: Term, extra?: Term): Generator<unknown, ChildStart, unknown> {
  const name = extra === undefined ? id : [id, extra];
  log.push(['start', name]);
  const pid = spawnLink(child, log, name, self());
  yield* receive(['ready', pid]);
  return ['ok', pid];
}

/**
 * sp:loop/1. `{EXIT, _, R}`: log `{stop, Id, R}`, exit R; `crash`: exit crashed; `normal`:
 * end; `{die, R}`: exit R; `{stubborn, From}`: ignore exit signals from now on, and say so.
 */
function* child(log: Term[], id: Term, parent: Pid): Generator<unknown, void, unknown> {
  processFlag('trap_exit', true);
  send(parent, ['ready', self()]);
  let stubborn = false;
  for (;;) {
    const m = yield* receive();
    if (Array.isArray(m) && m[0] === 'EXIT') {
      if (stubborn) continue;
      log.push(['stop', id, m[2] as Term]);
      exit(m[2] as Term);
    }
    if (Array.isArray(m) && m[0] === 'stubborn') {
      stubborn = true;
      send(m[1] as Pid, 'stubborn');
    }
    if (m === 'crash') exit('crashed');
    if (m === 'normal') return;
    if (Array.isArray(m) && m[0] === 'die') exit(m[1] as Term);
  }
}

/** sp:spec/1,2 with optional restart and shutdown. */
export function spec(log: Term[], id: string, restart: Restart = 'permanent', shutdown?: Shutdown): ChildSpec {
  return { id, start: [startChild, [log, id]], restart, ...(shutdown === undefined ? {} : { shutdown }) };
}

/** sp:init/1: the flags and specs come in the argument. */
export const sp: Supervisor<readonly [SupFlags, readonly ChildSpec[]]> = {
  name: 'sp',
  init: (fs) => ['ok', fs],
};

/** Runs `g`, returning `['EXIT', reason]` if it exits. */
export function* catchExit<T>(g: Generator<unknown, T, unknown>): Generator<unknown, T | ['EXIT', Term], unknown> {
  try {
    return yield* g;
  } catch (e) {
    if (e instanceof ErlangError && e.class === 'exit') return ['EXIT', e.reason];
    throw e;
  }
}
