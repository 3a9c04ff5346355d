/**
 * open/1,2,3,4, bind/2, listen/1,2, sockname/1, peername/1: each form, with OTP 25's
 * results (erl: `socket:open(inet, stream)` → `{ok, S}`, info shows protocol tcp;
 * `open(inet, stream, udp)` → `{error, eprotonosupport}`; `bind(U, any)` on inet6 →
 * ok with `::`; an fd opened with `dup` shows `ctype => {fromfd, Fd}`).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFdLeaks } from '../helpers/fds.ts';
import { ok, socket, inProcess, closeAll, tcpPair, type Sock } from './loopback.ts';

checkFdLeaks();

describe('open', () => {
  it('open/2 makes a stream TCP socket owned by the caller', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream'));
      const i = socket.info(s);
      expect([i.domain, i.type, i.protocol, i.ctype]).toEqual(['inet', 'stream', 'tcp', 'normal']);
      expect(i.owner).toBeDefined();
      yield* closeAll(s);
    }));

  it('open/3 with a protocol, with default, and with an options map', () =>
    inProcess(function* () {
      const a = ok<Sock>(socket.open('inet', 'dgram', 'udp'));
      const b = ok<Sock>(socket.open('inet6', 'dgram', 'default'));
      const c = ok<Sock>(socket.open('local', 'stream', { debug: true }));
      expect(socket.info(a).protocol).toBe('udp');
      expect(socket.info(b).protocol).toBe('udp');
      expect(socket.info(c).domain).toBe('local');
      expect(socket.getopt(c, ['otp', 'debug'])).toEqual(['ok', true]);
      yield* closeAll(a, b, c);
    }));

  it('open/4 and native integers for domain and type', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open(2, 1, 0, { use_registry: false }));
      expect(socket.info(s).domain).toBe('inet');
      expect(socket.which_sockets()).not.toContain(s);
      yield* closeAll(s);
    }));

  it('a kernel refusal is a posix error', () => {
    expect(socket.open('inet', 'stream', 'udp')).toEqual(['error', 'eprotonosupport']);
  });

  it('bad domain, type, protocol are invalid', () => {
    expect(socket.open('foo' as never, 'stream')).toEqual(['error', ['invalid', ['domain', 'foo']]]);
    expect(socket.open('inet', 'foo' as never)).toEqual(['error', ['invalid', ['type', 'foo']]]);
    expect(socket.open('inet', 'stream', 'nosuchproto')).toEqual(['error', ['invalid', ['protocol', 'nosuchproto']]]);
  });

  it('open/1,2 from an fd: dup by default, discovery of domain/type/protocol', () =>
    inProcess(function* () {
      const u = ok<Sock>(socket.open('inet', 'dgram'));
      const fd = ok<number>(socket.getopt(u, ['otp', 'fd']));
      const d = ok<Sock>(socket.open(fd));
      const i = socket.info(d);
      expect([i.domain, i.type, i.protocol, i.ctype]).toEqual(['inet', 'dgram', 'udp', ['fromfd', fd]]);
      expect(ok<number>(socket.getopt(d, ['otp', 'fd']))).not.toBe(fd);
      yield* closeAll(d);
      // The original fd is still usable after the duplicate is closed.
      expect(socket.bind(u, 'loopback')).toBe('ok');
      yield* closeAll(u);
    }));

  it('open/2 from an fd without dup takes the fd itself', () =>
    inProcess(function* () {
      const u = ok<Sock>(socket.open('inet', 'dgram'));
      const fd = ok<number>(socket.getopt(u, ['otp', 'fd']));
      socket.setopt(u, ['otp', 'use_registry'], false);
      const d = ok<Sock>(socket.open(fd, { dup: false }));
      expect(socket.info(d).ctype).toBe('fromfd');
      expect(ok<number>(socket.getopt(d, ['otp', 'fd']))).toBe(fd);
      yield* closeAll(d);
    }));

  it('open/1 of something that is not a socket', () => {
    expect(socket.open(99999)).toEqual(['error', ['invalid', ['options', 'domain', {}]]]);
  });
});

describe('bind, listen, names', () => {
  it('bind any/loopback on inet and inet6, sockname shows the address', () =>
    inProcess(function* () {
      const a = ok<Sock>(socket.open('inet', 'dgram'));
      const b = ok<Sock>(socket.open('inet6', 'dgram'));
      expect(socket.bind(a, 'any')).toBe('ok');
      expect(socket.bind(b, 'loopback')).toBe('ok');
      const na = ok<socket.sockaddr_in>(socket.sockname(a));
      const nb = ok<socket.sockaddr_in6>(socket.sockname(b));
      expect(na.addr).toEqual([0, 0, 0, 0]);
      expect(na.port).toBeGreaterThan(0);
      expect(nb.addr).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
      yield* closeAll(a, b);
    }));

  it('bind broadcast: inet binds 255.255.255.255, inet6 has none, local takes no atom', () =>
    inProcess(function* () {
      const a = ok<Sock>(socket.open('inet', 'dgram'));
      const b = ok<Sock>(socket.open('inet6', 'dgram'));
      const c = ok<Sock>(socket.open('local', 'dgram'));
      expect(socket.bind(a, 'broadcast')).toBe('ok');
      expect(ok<socket.sockaddr_in>(socket.sockname(a)).addr).toEqual([255, 255, 255, 255]);
      expect(socket.bind(b, 'broadcast')).toEqual(['error', ['invalid', ['sockaddr', { family: 'inet6', addr: 'broadcast' }]]]);
      expect(socket.bind(c, 'any')).toEqual(['error', 'eafnosupport']);
      expect(socket.bind(c, 'loopback')).toEqual(['error', 'eafnosupport']);
      yield* closeAll(a, b, c);
    }));

  it('a taken port is eaddrinuse', () =>
    inProcess(function* () {
      const a = ok<Sock>(socket.open('inet', 'stream'));
      const b = ok<Sock>(socket.open('inet', 'stream'));
      expect(socket.bind(a, { family: 'inet', addr: 'loopback', port: 0 })).toBe('ok');
      const port = ok<socket.sockaddr_in>(socket.sockname(a)).port;
      expect(socket.listen(a)).toBe('ok');
      expect(socket.bind(b, { family: 'inet', addr: 'loopback', port })).toEqual(['error', 'eaddrinuse']);
      yield* closeAll(a, b);
    }));

  it('bind a local socket to a path and to an abstract address', () =>
    inProcess(function* () {
      const path = `/tmp/beamlet-open-${process.pid}.sock`;
      const a = ok<Sock>(socket.open('local', 'stream'));
      expect(socket.bind(a, { family: 'local', path })).toBe('ok');
      expect(ok<socket.sockaddr_un>(socket.sockname(a)).path).toEqual(Buffer.from(path));
      const b = ok<Sock>(socket.open('local', 'dgram'));
      expect(socket.bind(b, { family: 'local', path: Buffer.from(`\0beamlet-${process.pid}`) })).toBe('ok');
      yield* closeAll(a, b);
      rmSync(path, { force: true });
    }));

  it('peername of a connected pair; enotconn before', () =>
    inProcess(function* () {
      const u = ok<Sock>(socket.open('inet', 'stream'));
      expect(socket.peername(u)).toEqual(['error', 'enotconn']);
      const { l, c, a } = yield* tcpPair();
      expect(ok<socket.sockaddr_in>(socket.peername(a)).port).toBe(ok<socket.sockaddr_in>(socket.sockname(c)).port);
      yield* closeAll(u, l, c, a);
    }));

  it('every call on a closed socket is {error, closed}', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream'));
      expect(yield* socket.close(s)).toBe('ok');
      expect(yield* socket.close(s)).toEqual(['error', 'closed']);
      expect(socket.bind(s, 'any')).toEqual(['error', 'closed']);
      expect(socket.listen(s)).toEqual(['error', 'closed']);
      expect(socket.sockname(s)).toEqual(['error', 'closed']);
      expect(socket.peername(s)).toEqual(['error', 'closed']);
      expect(socket.shutdown(s, 'read')).toEqual(['error', 'closed']);
      expect(yield* socket.accept(s)).toEqual(['error', 'closed']);
      expect(yield* socket.connect(s, { family: 'inet', addr: 'loopback', port: 1 })).toEqual(['error', 'closed']);
      expect(yield* socket.recv(s)).toEqual(['error', 'closed']);
      expect(yield* socket.send(s, 'x')).toEqual(['error', 'closed']);
      expect(socket.getopt(s, ['otp', 'debug'])).toEqual(['error', 'closed']);
      expect(socket.cancel(s, ['select_info', 'recv', socket.monitor(s)])).toEqual(['error', 'closed']);
    }));
});

describe('open/4 with netns', () => {
  // A network namespace of our own, with only its loopback up.
  const ns = `beamlet-open-${process.pid}`;
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
  });
  afterAll(() => {
    execFileSync('ip', ['netns', 'del', ns]);
  });

  it('the socket lives in that namespace; the caller stays in its own', () =>
    inProcess(function* () {
      const l = ok<Sock>(socket.open('inet', 'stream', 'default', { netns: ns }));
      expect(socket.bind(l, { family: 'inet', addr: 'loopback', port: 0 })).toBe('ok');
      expect(socket.listen(l)).toBe('ok');
      const addr = ok<socket.sockaddr_in>(socket.sockname(l));
      const inside = ok<Sock>(socket.open('inet', 'stream', 'tcp', { netns: ns }));
      expect(yield* socket.connect(inside, addr)).toBe('ok');
      const outside = ok<Sock>(socket.open('inet', 'stream'));
      expect(yield* socket.connect(outside, addr)).toEqual(['error', 'econnrefused']);
      yield* closeAll(l, inside, outside);
    }));

  it('an unknown namespace is enoent', () => {
    expect(socket.open('inet', 'stream', 'default', { netns: 'beamlet-no-such-ns' })).toEqual(['error', 'enoent']);
  });
});
