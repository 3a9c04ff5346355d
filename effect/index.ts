/**
 * beamlet/effect: beamlet's sockets and processes for programs written with `effect`.
 *
 * - `Socket`: OTP's socket module as Effects; sockets are scoped resources, errors are
 *   the tagged {@link SocketError} family, receive loops are Streams and a Sink sends.
 * - `Process`: beamlet processes spawned from Effect and awaited as Effects, with fiber
 *   interruption mapped to `exit(pid, 'kill')` and a killed process to a typed failure
 *   ({@link ProcessExitError}).
 *
 * ```ts
 * import { Effect, Stream } from 'effect';
 * import { Socket } from 'beamlet/effect';
 *
 * // Echo every datagram back to its sender until the scope closes.
 * const echo = Effect.scoped(Effect.gen(function* () {
 *   const s = yield* Socket.open('inet', 'dgram');
 *   yield* Socket.bind(s, { family: 'inet', addr: 'loopback', port: 9000 });
 *   yield* Socket.recvfromStream(s).pipe(
 *     Stream.runForEach(({ source, data }) => Socket.sendto(s, data, source as Socket.sockaddr)),
 *   );
 * }));
 * ```
 */
export * as Socket from './Socket.ts';
export * as Process from './Process.ts';
export {
  ClosedError, InvalidError, PosixError, ProcessExitError, TimeoutError, fromReason, isSocketError,
  type Operation, type PartialData, type SocketError,
} from './errors.ts';
