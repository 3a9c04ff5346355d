/**
 * Socket monitors: `monitor/1` and `cancel_monitor/1`.
 *
 * A monitor delivers `['DOWN', MRef, 'socket', Socket, Info]` exactly once, when the
 * socket closes for whatever reason (close/1 by any process, the controlling process
 * dying); on a socket that is already closed it is delivered at once, as OTP does.
 * The watching process's death removes its monitors.
 */
import { makeRef, onExit, send } from '../runtime/process.ts';
import type { Ref } from '../runtime/term.ts';
import { checkMonitorRef } from './args.ts';
import { caller } from './async.ts';
import { NOBODY, monitorIndex, sockOf } from './socket.ts';

function noop(): void {}

/** `monitor/1`. */
export function monitor(sock: unknown): Ref {
  const s = sockOf(sock);
  const pid = caller();
  const ref = makeRef();
  if (s.closed) {
    send(pid, ['DOWN', ref, 'socket', s.term, 'closed']);
    return ref;
  }
  const mons = (s.monitors ??= new Map());
  // The watcher's death ends the monitor, so a long-lived socket does not collect the
  // monitors of processes long gone. Outside any process there is no death to wait for.
  const unhook = pid === NOBODY ? noop : onExit(pid, () => {
    mons.delete(ref);
    monitorIndex.delete(ref);
  });
  mons.set(ref, { pid, unhook });
  monitorIndex.set(ref, s);
  return ref;
}

/**
 * `cancel_monitor/1`: true if the caller's monitor was active and is now removed, false
 * if it is unknown (never made, already fired, already cancelled). A 'DOWN' that was
 * already delivered stays in the mailbox, as in OTP.
 */
export function cancel_monitor(mref: unknown): boolean {
  const ref = checkMonitorRef(mref);
  const s = monitorIndex.get(ref);
  if (s === undefined || s.monitors === null) return false;
  const m = s.monitors.get(ref);
  if (m === undefined || m.pid !== caller()) return false;
  m.unhook();
  s.monitors.delete(ref);
  monitorIndex.delete(ref);
  return true;
}
