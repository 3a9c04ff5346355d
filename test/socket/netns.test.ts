/**
 * open/4 with `netns`: the socket is created in the named namespace (a namespace and a
 * veth pair the test makes and removes), and the caller stays in its own
 * (erl, OTP 25: `open(inet, dgram, default, #{netns => "nope"})` -> `{error, enoent}`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, ok, socket, type Sock } from './loopback.ts';
import { makeNetns, type TestNetns } from './ns.ts';

checkFdLeaks();

let ns: TestNetns;
beforeAll(async () => {
  ns = makeNetns();
  ns.ip('addr', 'add', '10.77.0.1/24', 'dev', 'veth0');
  ns.ip('addr', 'add', '10.77.0.2/24', 'dev', 'veth1');
  ns.ip('link', 'set', 'veth0', 'up');
  ns.ip('link', 'set', 'veth1', 'up');
  // Both addresses are the namespace's own, so their traffic goes over its loopback.
  ns.ip('link', 'set', 'lo', 'up');
  await Promise.all([ns.waitRunning('veth0'), ns.waitRunning('veth1')]);
});
afterAll(() => ns.remove());

describe('open/4 with netns', () => {
  it('the socket lives in the namespace; the caller does not move', () =>
    inProcess(function* () {
      const inside = ok<Sock>(socket.open('inet', 'dgram', 'default', { netns: ns.name }));
      const here = ok<Sock>(socket.open('inet', 'dgram'));
      expect(socket.ioctl(inside, 'gifindex', 'veth0')[0]).toBe('ok');
      expect(socket.ioctl(here, 'gifindex', 'veth0')).toEqual(['error', 'enodev']);
      expect(socket.bind(inside, { family: 'inet', addr: [10, 77, 0, 1], port: 0 })).toBe('ok');
      expect(socket.bind(here, { family: 'inet', addr: [10, 77, 0, 1], port: 0 })).toEqual(['error', 'eaddrnotavail']);
      yield* closeAll(inside, here);
    }));

  it('a datagram between the two veth addresses, both ends opened in the namespace', () =>
    inProcess(function* () {
      const a = ok<Sock>(socket.open('inet', 'dgram', 'udp', { netns: ns.name }));
      const c = ok<Sock>(socket.open('inet', 'dgram', 'default', { netns: ns.name }));
      expect(socket.bind(a, { family: 'inet', addr: [10, 77, 0, 1], port: 0 })).toBe('ok');
      expect(socket.bind(c, { family: 'inet', addr: [10, 77, 0, 2], port: 0 })).toBe('ok');
      const addr = ok<socket.sockaddr_in>(socket.sockname(a));
      const from = ok<socket.sockaddr_in>(socket.sockname(c));
      expect(yield* socket.sendto(c, 'over veth', addr)).toBe('ok');
      expect(yield* socket.recvfrom(a, 0, 2000)).toEqual(['ok', [from, b('over veth')]]);
      yield* closeAll(a, c);
    }));

  it('an unknown namespace is {error, enoent}, and nothing is left open', () =>
    inProcess(function* () {
      expect(socket.open('inet', 'dgram', 'default', { netns: 'beamlet-no-such-ns' })).toEqual(['error', 'enoent']);
      const s = ok<Sock>(socket.open('inet', 'stream'));
      expect(socket.ioctl(s, 'gifindex', 'veth0')).toEqual(['error', 'enodev']);
      yield* closeAll(s);
    }));
});
