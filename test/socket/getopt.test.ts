/**
 * getopt/2,3 and setopt/3,4 for the `otp` level (erl, OTP 25 on a fresh TCP socket:
 * debug false, iow false, fd an integer, domain inet, meta undefined, use_registry true,
 * rcvbuf 8192, rcvctrlbuf 1024, sndctrlbuf 1024; `setopt(S, {otp, rcvbuf}, {4, 1024})`
 * then reads back `{4, 1024}`; `setopt(S, {otp, meta}, hello)` reads back hello), and a
 * few int and boolean options of the socket and tcp levels through the kernel.
 */
import { describe, expect, it } from 'vitest';
import { checkFdLeaks } from '../helpers/fds.ts';
import { closeAll, inProcess, ok, socket, tcpPair, type Sock } from './loopback.ts';

checkFdLeaks();

describe('otp level', () => {
  it('defaults of a fresh socket', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream'));
      const get = (o: string) => socket.getopt(s, ['otp', o] as never);
      expect(get('debug')).toEqual(['ok', false]);
      expect(get('iow')).toEqual(['ok', false]);
      expect(typeof ok<number>(get('fd'))).toBe('number');
      expect(get('domain')).toEqual(['ok', 'inet']);
      expect(get('meta')).toEqual(['ok', undefined]);
      expect(get('use_registry')).toEqual(['ok', true]);
      expect(get('rcvbuf')).toEqual(['ok', 8192]);
      expect(get('rcvctrlbuf')).toEqual(['ok', 1024]);
      expect(get('sndctrlbuf')).toEqual(['ok', 1024]);
      expect(socket.getopt(s, 'otp', 'debug')).toEqual(['ok', false]);
      yield* closeAll(s);
    }));

  it('set and read back', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream'));
      expect(socket.setopt(s, ['otp', 'rcvbuf'], [4, 1024])).toBe('ok');
      expect(socket.getopt(s, ['otp', 'rcvbuf'])).toEqual(['ok', [4, 1024]]);
      expect(socket.setopt(s, ['otp', 'rcvbuf'], 'default')).toBe('ok');
      expect(socket.getopt(s, ['otp', 'rcvbuf'])).toEqual(['ok', 8192]);
      expect(socket.setopt(s, ['otp', 'meta'], ['any', 'term'])).toBe('ok');
      expect(socket.getopt(s, ['otp', 'meta'])).toEqual(['ok', ['any', 'term']]);
      expect(socket.setopt(s, 'otp', 'debug', true)).toBe('ok');
      expect(socket.getopt(s, ['otp', 'debug'])).toEqual(['ok', true]);
      expect(socket.setopt(s, ['otp', 'iow'], true)).toBe('ok');
      expect(socket.getopt(s, ['otp', 'iow'])).toEqual(['ok', true]);
      expect(socket.setopt(s, ['otp', 'sndctrlbuf'], 2048)).toBe('ok');
      expect(socket.getopt(s, ['otp', 'sndctrlbuf'])).toEqual(['ok', 2048]);
      expect(socket.setopt(s, ['otp', 'fd'], 3)).toEqual(['error', ['invalid', ['socket_option', ['otp', 'fd']]]]);
      yield* closeAll(s);
    }));
});

describe('kernel options with int and boolean values', () => {
  it('socket and tcp levels', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      expect(socket.setopt(c, ['tcp', 'nodelay'], true)).toBe('ok');
      expect(socket.getopt(c, ['tcp', 'nodelay'])).toEqual(['ok', true]);
      expect(socket.setopt(l, ['socket', 'reuseaddr'], true)).toBe('ok');
      expect(socket.getopt(l, ['socket', 'reuseaddr'])).toEqual(['ok', true]);
      expect(socket.getopt(l, ['socket', 'acceptconn'])).toEqual(['ok', true]);
      expect(socket.setopt(a, ['socket', 'sndbuf'], 65536)).toBe('ok');
      expect(ok<number>(socket.getopt(a, ['socket', 'sndbuf']))).toBeGreaterThanOrEqual(65536);
      yield* closeAll(l, c, a);
    }));

  it('an option of a level the socket is not', () =>
    inProcess(function* () {
      const u = ok<Sock>(socket.open('inet', 'dgram'));
      expect(socket.getopt(u, ['tcp', 'nodelay'])).toEqual(['error', 'enotsup']);
      expect(socket.setopt(u, ['tcp', 'nodelay'], true)).toEqual(['error', 'enoprotoopt']);
      yield* closeAll(u);
    }));
});

describe('struct and atom values, socket-level identity options', () => {
  it('linger, ip tos, domain/type/protocol as OTP 25 names them', () =>
    inProcess(function* () {
      const t = ok<Sock>(socket.open('inet', 'stream'));
      const l = ok<Sock>(socket.open('local', 'stream'));
      const u = ok<Sock>(socket.open('inet6', 'dgram'));
      expect([t, l, u].map((s) => socket.getopt(s, ['socket', 'protocol']))).toEqual([['ok', 'tcp'], ['ok', 'default'], ['ok', 'udp']]);
      expect([t, l, u].map((s) => socket.getopt(s, ['socket', 'domain']))).toEqual([['ok', 'inet'], ['ok', 'local'], ['ok', 'inet6']]);
      expect([t, l, u].map((s) => socket.getopt(s, ['socket', 'type']))).toEqual([['ok', 'stream'], ['ok', 'stream'], ['ok', 'dgram']]);
      expect(socket.setopt(t, ['socket', 'linger'], { onoff: true, linger: 3 })).toBe('ok');
      expect(socket.getopt(t, ['socket', 'linger'])).toEqual(['ok', { onoff: true, linger: 3 }]);
      expect(socket.setopt(t, ['ip', 'tos'], 'lowdelay')).toBe('ok');
      expect(socket.getopt(t, ['ip', 'tos'])).toEqual(['ok', 'lowdelay']);
      yield* closeAll(t, l, u);
    }));
});

describe('getopt_native and setopt_native', () => {
  // erl (OTP 25) on a fresh inet stream socket, SO_REUSEADDR = 2, TCP_NODELAY = 1.
  it('every value spec, symbolic and integer levels, and the getopt/3, setopt/4 forms', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream'));
      expect(socket.getopt_native(s, ['socket', 2], 'integer')).toEqual(['ok', 0]);
      expect(socket.getopt_native(s, ['socket', 2], 'boolean')).toEqual(['ok', false]);
      expect(socket.getopt_native(s, ['socket', 2], 4)).toEqual(['ok', Buffer.alloc(4)]);
      expect(socket.getopt_native(s, ['socket', 2], Buffer.alloc(8))).toEqual(['ok', Buffer.alloc(4)]);
      expect(socket.getopt_native(s, ['socket', 'reuseaddr'], 'integer')).toEqual(['ok', 0]);
      expect(socket.getopt_native(s, ['tcp', 1], 'boolean')).toEqual(['ok', false]);
      expect(socket.getopt_native(s, [6, 1], 'integer')).toEqual(['ok', 0]);
      expect(socket.getopt_native(s, ['socket', 2], 'foo' as never)).toEqual(['error', ['invalid', ['value_spec', 'foo']]]);
      expect(socket.getopt_native(s, 'foo' as never, 'integer')).toEqual(['error', ['invalid', ['socket_option', 'foo']]]);
      expect(socket.getopt_native(s, ['socket', 9999], 'integer')).toEqual(['error', 'enoprotoopt']);
      expect(socket.setopt_native(s, ['socket', 2], 1)).toBe('ok');
      expect(socket.setopt_native(s, ['tcp', 1], true)).toBe('ok');
      expect(socket.getopt(s, ['socket', 'reuseaddr'])).toEqual(['ok', true]);
      expect(socket.getopt(s, ['tcp', 'nodelay'])).toEqual(['ok', true]);
      expect(socket.setopt_native(s, ['socket', 2], 'foo' as never)).toEqual(['error', ['invalid', 'value']]);
      expect(socket.getopt(s, 'socket', [2, 'integer'])).toEqual(['ok', 1]);
      expect(socket.setopt(s, 'socket', 2, Buffer.from([0, 0, 0, 0]))).toBe('ok');
      expect(socket.getopt(s, ['socket', 'reuseaddr'])).toEqual(['ok', false]);
      yield* closeAll(s);
      expect(socket.getopt_native(s, ['socket', 2], 'integer')).toEqual(['error', 'closed']);
      expect(socket.setopt_native(s, ['socket', 2], 1)).toEqual(['error', 'closed']);
    }));

  it('getopt of a non-socket is a function_clause, setopt a badarg', () => {
    expect(() => socket.getopt('foo' as never, ['otp', 'debug'])).toThrow(expect.objectContaining({ reason: 'function_clause' }));
    expect(() => socket.getopt('foo' as never, 'otp', 'debug')).toThrow(expect.objectContaining({ reason: 'function_clause' }));
    expect(() => socket.setopt('foo' as never, ['otp', 'debug'], true)).toThrow(expect.objectContaining({ reason: 'badarg' }));
  });
});
