/**
 * The SCTP surface on a kernel without SCTP. Here no SCTP socket can be opened, and the
 * calls that only SCTP sockets take answer as OTP 25 does when its native side lacks
 * them (erl: `bind(U, [Addr], add)` -> error `notsup`; `bind(U, [Addr], foo)` -> badarg;
 * `bind(U, [foo], add)` -> error `{invalid, {sockaddr, foo}}`; `open(inet, seqpacket,
 * sctp)` -> `{error, esocktnosupport}`, `open(inet, stream, sctp)` ->
 * `{error, eprotonosupport}`). The struct codecs of SCTP are tested in test/ffi/sctp.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { ErlangError } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { closeAll, inProcess, socket } from './loopback.ts';
import { udpPair } from './udp.ts';

checkFdLeaks();

const raises = (f: () => unknown, reason: unknown): void => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ErlangError);
    expect((e as ErlangError).reason).toEqual(reason);
    return;
  }
  throw new Error('expected a raise');
};

describe('SCTP without kernel support', () => {
  it('this kernel has no SCTP, and is_supported(sctp) says so', () => {
    expect(existsSync('/proc/sys/net/sctp')).toBe(false);
    expect(socket.is_supported('sctp')).toBe(false);
  });

  it('open of an SCTP socket fails as the kernel answers', () => {
    expect(socket.open('inet', 'seqpacket', 'sctp')).toEqual(['error', 'esocktnosupport']);
    expect(socket.open('inet', 'stream', 'sctp')).toEqual(['error', 'eprotonosupport']);
    expect(socket.open('inet6', 'seqpacket', 'sctp')).toEqual(['error', 'esocktnosupport']);
    expect(socket.open('inet6', 'stream', 'sctp')).toEqual(['error', 'eprotonosupport']);
  });

  it('bind/3, connect with an address list, peeloff, peernames, socknames: argument errors first, then notsup', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      raises(() => socket.bind(r, [addr], 'add'), 'notsup');
      raises(() => socket.bind(r, [addr], 'remove'), 'notsup');
      raises(() => socket.bind(r, [], 'add'), 'notsup');
      raises(() => socket.bind(r, [addr], 'foo' as never), 'badarg');
      raises(() => socket.bind(r, ['foo' as never], 'add'), ['invalid', ['sockaddr', 'foo']]);
      raises(() => socket.connect(c, [addr]).next(), 'notsup');
      raises(() => socket.connect(c, [addr], 1000).next(), 'notsup');
      raises(() => socket.connect(c, [addr], 'soon' as never).next(), ['invalid', ['timeout', 'soon']]);
      raises(() => socket.peeloff(r, 1), 'notsup');
      raises(() => socket.peeloff(r, 1, [['sctp', 'nodelay']]), 'notsup');
      raises(() => socket.peeloff(r, 'x' as never), 'badarg');
      raises(() => socket.peernames(r, 0), 'notsup');
      raises(() => socket.socknames(r, 0), 'notsup');
      raises(() => socket.socknames(r, 'x' as never), 'badarg');
      raises(() => socket.bind(['not', 'a socket'] as never, [addr], 'add'), 'badarg');
      yield* closeAll(r, c);
    }));
});
