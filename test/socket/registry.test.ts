/**
 * The socket registry (erl, OTP 25): number_of/0 and which_sockets/0,1 over the sockets
 * that use the registry, with every filter rule (domain, type, protocol atoms, an owner
 * pid, a predicate on socket_info()); use_registry/1 sets the default for new sockets,
 * open's `use_registry` option and `{otp, use_registry}` override it per socket;
 * which_sockets(foo) is badarg, use_registry(foo) a function_clause.
 */
import { describe, expect, it } from 'vitest';
import { self, send, spawn } from '../../runtime/process.ts';
import { ErlangError } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { closeAll, inProcess, next, ok, socket, type Sock } from './loopback.ts';

checkFdLeaks();

describe('registry', () => {
  it('number_of and which_sockets follow open and close', () =>
    inProcess(function* () {
      const n0 = socket.number_of();
      const t = ok<Sock>(socket.open('inet', 'stream'));
      const u = ok<Sock>(socket.open('inet6', 'dgram'));
      const x = ok<Sock>(socket.open('local', 'seqpacket'));
      expect(socket.number_of()).toBe(n0 + 3);
      expect(socket.which_sockets()).toEqual(expect.arrayContaining([t, u, x]));
      expect(socket.which_sockets('tcp')).toEqual([t]);
      expect(socket.which_sockets('udp')).toEqual([u]);
      expect(socket.which_sockets('stream')).toEqual([t]);
      expect(socket.which_sockets('dgram')).toEqual([u]);
      expect(socket.which_sockets('seqpacket')).toEqual([x]);
      expect(socket.which_sockets('inet')).toEqual([t]);
      expect(socket.which_sockets('inet6')).toEqual([u]);
      expect(socket.which_sockets('local')).toEqual([x]);
      expect(socket.which_sockets('sctp')).toEqual([]);
      expect(socket.which_sockets((i) => i.type === 'dgram' || i.domain === 'local')).toEqual([u, x]);
      expect(socket.which_sockets(self())).toEqual(expect.arrayContaining([t, u, x]));
      yield* closeAll(t, u, x);
      expect(socket.number_of()).toBe(n0);
      expect(socket.which_sockets()).not.toContain(t);
    }));

  it('which_sockets by owner', () =>
    inProcess(function* () {
      const me = self();
      const other = spawn(function* () {
        const s = ok<Sock>(socket.open('inet', 'dgram'));
        send(me, ['s', s]);
        yield* next(10_000);
        yield* socket.close(s);
        send(me, 'closed');
      });
      const [, s] = (yield* next(5000)) as readonly [string, Sock];
      expect(socket.which_sockets(other)).toEqual([s]);
      expect(socket.which_sockets(me)).not.toContain(s);
      send(other, 'go');
      expect(yield* next(5000)).toBe('closed');
      expect(socket.which_sockets(other)).toEqual([]);
    }));

  it('use_registry/1 and the per-socket overrides', () =>
    inProcess(function* () {
      const n0 = socket.number_of();
      expect(socket.use_registry(false)).toBe('ok');
      const a = ok<Sock>(socket.open('inet', 'stream'));
      const b = ok<Sock>(socket.open('inet', 'stream', { use_registry: true }));
      expect(socket.use_registry(true)).toBe('ok');
      const c = ok<Sock>(socket.open('inet', 'stream', 'tcp', { use_registry: false }));
      expect(socket.info().use_registry).toBe(true);
      expect(socket.which_sockets()).toContain(b);
      expect(socket.which_sockets()).not.toContain(a);
      expect(socket.which_sockets()).not.toContain(c);
      expect(socket.number_of()).toBe(n0 + 1);
      expect(socket.getopt(a, ['otp', 'use_registry'])).toEqual(['ok', false]);
      expect(socket.setopt(a, ['otp', 'use_registry'], true)).toBe('ok');
      expect(socket.which_sockets()).toContain(a);
      yield* closeAll(a, b, c);
      expect(socket.number_of()).toBe(n0);
    }));

  it('bad filters and values', () => {
    expect(() => socket.which_sockets('foo' as never)).toThrow(ErlangError);
    expect(() => socket.use_registry('foo' as never)).toThrow(ErlangError);
  });
});
