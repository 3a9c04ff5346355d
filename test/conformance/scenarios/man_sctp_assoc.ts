/** Scenario (manual only: peeloff/2,3, peernames/2 and socknames/2 come with full SCTP,
 * after OTP 25, so man_sctp_assoc.expect holds the steps the manual's text implies): on
 * this kernel without SCTP no SCTP socket opens, and the association calls, given a UDP
 * socket, raise notsup as OTP's bind/3 does; arguments outside the specs are badarg. */
import { run } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { udp } from '../sockets.ts';
import { attempt, step } from '../step.ts';

await run(function* () {
  step('open_seqpacket', socket.open('inet', 'seqpacket', 'sctp'));
  step('open_stream', socket.open('inet', 'stream', 'sctp'));
  step('open6_seqpacket', socket.open('inet6', 'seqpacket', 'sctp'));
  const [u] = udp();
  step('peeloff2', attempt(() => socket.peeloff(u, 1)));
  step('peeloff3', attempt(() => socket.peeloff(u, 1, [['socket', 'sndbuf']])));
  step('peernames', attempt(() => socket.peernames(u, 1)));
  step('socknames', attempt(() => socket.socknames(u, 0)));
  step('socknames_assoc', attempt(() => socket.socknames(u, 1)));
  const [closed] = udp();
  yield* socket.close(closed);
  step('closed_peeloff', attempt(() => socket.peeloff(closed, 1)));
  step('closed_peernames', attempt(() => socket.peernames(closed, 1)));
  step('closed_socknames', attempt(() => socket.socknames(closed, 0)));
  step('peeloff_bad_assoc', attempt(() => socket.peeloff(u, 'one' as never)));
  step('peeloff_bad_opts', attempt(() => socket.peeloff(u, 1, 'sndbuf' as never)));
  step('peernames_bad_assoc', attempt(() => socket.peernames(u, 1.5)));
  step('socknames_bad_assoc', attempt(() => socket.socknames(u, 'zero' as never)));
  step('peernames_not_socket', attempt(() => socket.peernames('sock' as never, 1)));
});
