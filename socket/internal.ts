/**
 * What beamlet's other layers need from the socket layer beyond OTP's API; not exported
 * by `beamlet/socket`. The Effect API hands each socket it accepts to its scope, so the
 * short-lived process that accepted it must not stay its owner.
 */
import { NOBODY, sockOf } from './socket.ts';
import type { socket } from './types.ts';

/**
 * Leaves `sock` with no controlling process: no process's death closes it any more, only
 * close/1 does. Like a socket opened outside any process, only code outside processes
 * may hand it on with setopt(controlling_process). Does nothing to a closed socket; `badarg` for anything that is not a socket.
 */
export function disown(sock: socket): void {
  const s = sockOf(sock);
  if (!s.closed) s.setOwner(NOBODY);
}
