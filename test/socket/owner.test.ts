/**
 * The controlling process (erl, OTP 25): the opening process owns the socket;
 * setopt(S, {otp, controlling_process}, Pid) by another process is
 * {error, {invalid, not_owner}}; the owner hands it on; the owner's death closes the
 * socket (aborting a recv blocked in another process); handing it to a dead process
 * closes it.
 */
import { describe, expect, it } from 'vitest';
import { exit, self, send, sleep, spawn } from '../../runtime/process.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { inProcess, next, ok, socket, tcpPair, closeAll, type Sock } from './loopback.ts';

checkFdLeaks();

describe('controlling process', () => {
  it('only the owner can hand it on', () =>
    inProcess(function* () {
      const me = self();
      const s = ok<Sock>(socket.open('inet', 'stream'));
      expect(socket.getopt(s, ['otp', 'controlling_process'])).toEqual(['ok', me]);
      const other = spawn(function* () {
        send(me, ['tried', socket.setopt(s, ['otp', 'controlling_process'], self())]);
        yield* next(10_000);
      });
      expect(yield* next(5000)).toEqual(['tried', ['error', ['invalid', 'not_owner']]]);
      expect(socket.setopt(s, ['otp', 'controlling_process'], other)).toBe('ok');
      expect(socket.info(s).owner).toBe(other);
      expect(socket.setopt(s, ['otp', 'controlling_process'], me)).toEqual(['error', ['invalid', 'not_owner']]);
      // Our death no longer matters; the new owner's does.
      const m = socket.monitor(s);
      exit(other, 'kill');
      expect(yield* next(5000)).toEqual(['DOWN', m, 'socket', s, 'closed']);
    }));

  it('the owner dying closes the socket under a recv blocked in another process', () =>
    inProcess(function* () {
      const me = self();
      const { l, c, a } = yield* tcpPair();
      const owner = spawn(function* () {
        yield* next(10_000);
      });
      expect(socket.setopt(a, ['otp', 'controlling_process'], owner)).toBe('ok');
      spawn(function* () {
        send(me, ['recv', yield* socket.recv(a, 1)]);
      });
      for (let i = 0; i < 100 && socket.info(a).num_readers === 0; i++) yield* sleep(2);
      exit(owner, 'kill');
      expect(yield* next(5000)).toEqual(['recv', ['error', 'closed']]);
      yield* closeAll(l, c);
    }));

  it('handing it to a dead process closes it', () =>
    inProcess(function* () {
      const dead = spawn(function* () {});
      yield* sleep(5);
      const s = ok<Sock>(socket.open('inet', 'stream'));
      expect(socket.setopt(s, ['otp', 'controlling_process'], dead)).toBe('ok');
      expect(socket.getopt(s, ['otp', 'controlling_process'])).toEqual(['error', 'closed']);
    }));

  it('a process that opened a socket and exits normally closes it', () =>
    inProcess(function* () {
      const me = self();
      const { l, c, a } = yield* tcpPair();
      spawn(function* () {
        const s = ok<Sock>(socket.open('inet', 'dgram'));
        send(me, ['mine', s]);
      });
      const [, s] = (yield* next(5000)) as readonly [string, Sock];
      for (let i = 0; i < 100 && socket.info(s).owner !== 'undefined'; i++) yield* sleep(2);
      expect(socket.info(s).owner).toBe('undefined');
      yield* closeAll(l, c, a);
    }));
});

describe('outside any process', () => {
  it('a socket opened outside a process stays open until closed', async () => {
    const s = socket.open('inet', 'stream') as readonly ['ok', Sock];
    expect(s[0]).toBe('ok');
    await inProcess(function* () {
      yield* sleep(5);
      expect(socket.bind(s[1], 'loopback')).toBe('ok');
      yield* closeAll(s[1]);
    });
  });
});
