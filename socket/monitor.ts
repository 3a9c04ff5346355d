/**
 * Socket monitors: `monitor/1` and `cancel_monitor/1`.
 *
 * A monitor delivers `['DOWN', MRef, 'socket', Socket, Info]` exactly once, when the
 * socket closes for whatever reason (close/1 by any process, the controlling process
 * dying); on a socket that is already closed it is delivered at once, as OTP does.
 */
import { makeRef, send } from '../runtime/process.ts';
import type { Ref } from '../runtime/term.ts';
import { checkMonitorRef } from './args.ts';
import { caller } from './async.ts';
import { monitorIndex, sockOf } from './socket.ts';

/** `monitor/1`. */
export function monitor(sock: unknown): Ref {
  const s = sockOf(sock);
  const pid = caller();
  const ref = makeRef();
  if (s.closed) {
    send(pid, ['DOWN', ref, 'socket', s.term, 'closed']);
    return ref;
  }
  (s.monitors ??= new Map()).set(ref, pid);
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
  const pid = s.monitors.get(ref);
  if (pid !== caller()) return false;
  s.monitors.delete(ref);
  monitorIndex.delete(ref);
  return true;
}
