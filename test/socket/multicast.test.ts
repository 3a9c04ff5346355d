/**
 * Multicast and broadcast in a network namespace the test makes (a veth pair), and the
 * other struct-, atom- and string-valued options that setopt.ts wires (erl, OTP 25):
 *   getopt {ip, multicast_if} -> {ok, {0,0,0,0}}; after set {127,0,0,1} -> {ok, {127,0,0,1}}; set any -> {ok, {0,0,0,0}}
 *   getopt {ip, multicast_ttl} -> {ok, 1}; {ip, multicast_loop} -> {ok, true}
 *   setopt {ip, drop_membership} of a group not joined -> {error, eaddrnotavail}
 *   getopt {ip, tos} after set lowdelay -> {ok, lowdelay}; {ip, mtu_discover} -> {ok, want}
 *   getopt {socket, linger} -> {ok, #{onoff => false, linger => 0}}
 *   getopt {socket, domain | type | protocol} -> {ok, inet | stream | tcp}
 *   getopt {ipv6, multicast_hops} after set default -> {ok, 1}
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, ok, socket, type Sock } from './loopback.ts';
import { makeNetns, type TestNetns } from './ns.ts';

checkFdLeaks();

let ns: TestNetns;
beforeAll(async () => {
  ns = makeNetns();
  ns.ip('addr', 'add', '10.80.0.1/24', 'brd', '10.80.0.255', 'dev', 'veth0');
  ns.ip('addr', 'add', '10.80.0.2/24', 'brd', '10.80.0.255', 'dev', 'veth1');
  ns.ip('link', 'set', 'veth0', 'up');
  ns.ip('link', 'set', 'veth1', 'up');
  ns.ip('link', 'set', 'lo', 'up');
  await Promise.all([ns.waitRunning('veth0'), ns.waitRunning('veth1')]);
});
afterAll(() => ns.remove());

const GROUP = [239, 1, 2, 3] as const;
const ME = [10, 80, 0, 1] as const;

function udpIn(): Sock {
  return ok<Sock>(socket.open('inet', 'dgram', 'udp', { netns: ns.name }));
}

/**
 * A receiver on 0.0.0.0:port (shared with reuseaddr) in the namespace, that gets only
 * the groups it joined itself (Linux's multicast_all would give it every socket's).
 */
function member(port: number): Sock {
  const s = udpIn();
  expect(socket.setopt(s, ['socket', 'reuseaddr'], true)).toBe('ok');
  expect(socket.setopt(s, ['ip', 'multicast_all'], false)).toBe('ok');
  expect(socket.bind(s, { family: 'inet', addr: 'any', port })).toBe('ok');
  return s;
}

/** A sender bound to 10.80.0.1 that sends multicast out of veth0 and loops it back. */
function sender(): Sock {
  const s = udpIn();
  expect(socket.bind(s, { family: 'inet', addr: ME, port: 0 })).toBe('ok');
  expect(socket.setopt(s, ['ip', 'multicast_if'], ME)).toBe('ok');
  expect(socket.setopt(s, ['ip', 'multicast_loop'], true)).toBe('ok');
  return s;
}

describe('multicast', () => {
  it('multicast_if, multicast_ttl, multicast_loop: defaults, set and read back', () =>
    inProcess(function* () {
      const s = udpIn();
      expect(socket.getopt(s, ['ip', 'multicast_if'])).toEqual(['ok', [0, 0, 0, 0]]);
      expect(socket.getopt(s, ['ip', 'multicast_ttl'])).toEqual(['ok', 1]);
      expect(socket.getopt(s, ['ip', 'multicast_loop'])).toEqual(['ok', true]);
      expect(socket.setopt(s, ['ip', 'multicast_if'], ME)).toBe('ok');
      expect(socket.getopt(s, ['ip', 'multicast_if'])).toEqual(['ok', ME]);
      expect(socket.setopt(s, ['ip', 'multicast_if'], 'any')).toBe('ok');
      expect(socket.getopt(s, ['ip', 'multicast_if'])).toEqual(['ok', [0, 0, 0, 0]]);
      expect(socket.setopt(s, ['ip', 'multicast_ttl'], 4)).toBe('ok');
      expect(socket.getopt(s, ['ip', 'multicast_ttl'])).toEqual(['ok', 4]);
      expect(socket.setopt(s, ['ip', 'multicast_loop'], false)).toBe('ok');
      expect(socket.getopt(s, ['ip', 'multicast_loop'])).toEqual(['ok', false]);
      expect(socket.setopt(s, ['ip', 'multicast_if'], [1, 2, 3] as never)).toEqual(
        ['error', ['invalid', ['socket_option', ['ip', 'multicast_if'], [1, 2, 3]]]],
      );
      yield* closeAll(s);
    }));

  it('a datagram received through a group; after drop_membership it is not', () =>
    inProcess(function* () {
      const probe = member(0);
      const port = ok<socket.sockaddr_in>(socket.sockname(probe)).port;
      const m = member(port);
      const c = sender();
      const from = ok<socket.sockaddr_in>(socket.sockname(c));
      const mreq = { multiaddr: GROUP, interface: ME };
      expect(socket.setopt(m, ['ip', 'add_membership'], mreq)).toBe('ok');
      expect(socket.setopt(probe, ['ip', 'add_membership'], mreq)).toBe('ok');
      const group = { family: 'inet', addr: GROUP, port } as const;
      expect(yield* socket.sendto(c, 'to the group', group)).toBe('ok');
      expect(yield* socket.recvfrom(m, 0, 2000)).toEqual(['ok', [from, b('to the group')]]);
      expect(yield* socket.recvfrom(probe, 0, 2000)).toEqual(['ok', [from, b('to the group')]]);
      expect(socket.setopt(m, ['ip', 'drop_membership'], mreq)).toBe('ok');
      expect(socket.setopt(m, ['ip', 'drop_membership'], mreq)).toEqual(['error', 'eaddrnotavail']);
      yield* socket.sendto(c, 'again', group);
      // Once the member still joined has it, the one that left would have it too.
      expect(yield* socket.recvfrom(probe, 0, 2000)).toEqual(['ok', [from, b('again')]]);
      expect(yield* socket.recvfrom(m, 0, 0)).toEqual(['error', 'timeout']);
      yield* closeAll(m, probe, c);
    }));

  it('source filters: block_source/unblock_source, add_source_membership, msfilter', () =>
    inProcess(function* () {
      const probe = member(0);
      const port = ok<socket.sockaddr_in>(socket.sockname(probe)).port;
      const m = member(port);
      const c = sender();
      const group = { family: 'inet', addr: GROUP, port } as const;
      const mreq = { multiaddr: GROUP, interface: ME };
      const src = { multiaddr: GROUP, interface: ME, sourceaddr: ME };
      expect(socket.setopt(probe, ['ip', 'add_membership'], mreq)).toBe('ok');
      expect(socket.setopt(m, ['ip', 'add_membership'], mreq)).toBe('ok');
      expect(socket.setopt(m, ['ip', 'block_source'], src)).toBe('ok');
      yield* socket.sendto(c, 'blocked', group);
      ok(yield* socket.recvfrom(probe, 0, 2000));
      expect(yield* socket.recvfrom(m, 0, 0)).toEqual(['error', 'timeout']);
      expect(socket.setopt(m, ['ip', 'unblock_source'], src)).toBe('ok');
      yield* socket.sendto(c, 'unblocked', group);
      ok(yield* socket.recvfrom(probe, 0, 2000));
      expect(ok<readonly [unknown, Buffer]>(yield* socket.recvfrom(m, 0, 2000))[1]).toEqual(b('unblocked'));
      expect(socket.setopt(m, ['ip', 'drop_membership'], mreq)).toBe('ok');
      // Source-specific: only datagrams from the listed source.
      expect(socket.setopt(m, ['ip', 'add_source_membership'], src)).toBe('ok');
      yield* socket.sendto(c, 'from the source', group);
      expect(ok<readonly [unknown, Buffer]>(yield* socket.recvfrom(m, 0, 2000))[1]).toEqual(b('from the source'));
      expect(socket.setopt(m, ['ip', 'drop_source_membership'], src)).toBe('ok');
      // msfilter: exclude mode with the sender listed receives nothing from it.
      expect(socket.setopt(m, ['ip', 'add_membership'], mreq)).toBe('ok');
      expect(socket.setopt(m, ['ip', 'msfilter'], { multiaddr: GROUP, interface: ME, mode: 'exclude', slist: [ME] })).toBe('ok');
      yield* socket.sendto(c, 'filtered', group);
      expect(ok<readonly [unknown, Buffer]>(yield* socket.recvfrom(probe, 0, 2000))[1]).toEqual(b('from the source'));
      expect(ok<readonly [unknown, Buffer]>(yield* socket.recvfrom(probe, 0, 2000))[1]).toEqual(b('filtered'));
      expect(yield* socket.recvfrom(m, 0, 0)).toEqual(['error', 'timeout']);
      expect(socket.setopt(m, ['ip', 'msfilter'], 'null')).toEqual(['error', 'einval']);
      yield* closeAll(m, probe, c);
    }));

  it('IPv6: add_membership and drop_membership, multicast_hops, multicast_if, multicast_loop', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet6', 'dgram', 'udp', { netns: ns.name }));
      const idx = ok<number>(socket.ioctl(s, 'gifindex', 'veth0'));
      const mreq = { multiaddr: [0xff02, 0, 0, 0, 0, 0, 0x1, 0x3], interface: idx };
      expect(socket.setopt(s, ['ipv6', 'add_membership'], mreq)).toBe('ok');
      expect(socket.setopt(s, ['ipv6', 'drop_membership'], mreq)).toBe('ok');
      expect(socket.getopt(s, ['ipv6', 'multicast_hops'])).toEqual(['ok', 1]);
      expect(socket.setopt(s, ['ipv6', 'multicast_hops'], 9)).toBe('ok');
      expect(socket.getopt(s, ['ipv6', 'multicast_hops'])).toEqual(['ok', 9]);
      expect(socket.setopt(s, ['ipv6', 'multicast_hops'], 'default')).toBe('ok');
      expect(socket.getopt(s, ['ipv6', 'multicast_hops'])).toEqual(['ok', 1]);
      expect(socket.setopt(s, ['ipv6', 'multicast_if'], idx)).toBe('ok');
      expect(socket.getopt(s, ['ipv6', 'multicast_if'])).toEqual(['ok', idx]);
      expect(socket.getopt(s, ['ipv6', 'multicast_loop'])).toEqual(['ok', true]);
      yield* closeAll(s);
    }));
});

describe('broadcast', () => {
  it('needs {socket, broadcast}; then the subnet broadcast reaches a socket on any', () =>
    inProcess(function* () {
      const r = member(0);
      const port = ok<socket.sockaddr_in>(socket.sockname(r)).port;
      const c = sender();
      const from = ok<socket.sockaddr_in>(socket.sockname(c));
      const bcast = { family: 'inet', addr: [10, 80, 0, 255], port } as const;
      expect(socket.getopt(c, ['socket', 'broadcast'])).toEqual(['ok', false]);
      expect(yield* socket.sendto(c, 'all', bcast)).toEqual(['error', 'eacces']);
      expect(socket.setopt(c, ['socket', 'broadcast'], true)).toBe('ok');
      expect(yield* socket.sendto(c, 'all', bcast)).toBe('ok');
      expect(yield* socket.recvfrom(r, 0, 2000)).toEqual(['ok', [from, b('all')]]);
      yield* closeAll(r, c);
    }));
});

describe('other options with struct, atom or string values', () => {
  it('tos, mtu_discover, linger, domain, type, protocol, bindtodevice, congestion', () =>
    inProcess(function* () {
      const u = udpIn();
      const t = ok<Sock>(socket.open('inet', 'stream'));
      expect(socket.getopt(u, ['ip', 'tos'])).toEqual(['ok', 0]);
      expect(socket.setopt(u, ['ip', 'tos'], 'lowdelay')).toBe('ok');
      expect(socket.getopt(u, ['ip', 'tos'])).toEqual(['ok', 'lowdelay']);
      expect(socket.getopt(u, ['ip', 'mtu_discover'])).toEqual(['ok', 'want']);
      expect(socket.setopt(u, ['ip', 'mtu_discover'], 'do')).toBe('ok');
      expect(socket.getopt(u, ['ip', 'mtu_discover'])).toEqual(['ok', 'do']);
      expect(socket.getopt(t, ['socket', 'linger'])).toEqual(['ok', { onoff: false, linger: 0 }]);
      expect(socket.setopt(t, ['socket', 'linger'], { onoff: true, linger: 5 })).toBe('ok');
      expect(socket.getopt(t, ['socket', 'linger'])).toEqual(['ok', { onoff: true, linger: 5 }]);
      expect(socket.getopt(t, ['socket', 'domain'])).toEqual(['ok', 'inet']);
      expect(socket.getopt(t, ['socket', 'type'])).toEqual(['ok', 'stream']);
      expect(socket.getopt(t, ['socket', 'protocol'])).toEqual(['ok', 'tcp']);
      expect(socket.getopt(u, ['socket', 'protocol'])).toEqual(['ok', 'udp']);
      expect(socket.setopt(u, ['socket', 'bindtodevice'], 'veth0')).toBe('ok');
      expect(socket.getopt(u, ['socket', 'bindtodevice'])).toEqual(['ok', 'veth0']);
      expect(socket.setopt(t, ['tcp', 'congestion'], 'reno')).toBe('ok');
      expect(socket.getopt(t, ['tcp', 'congestion'])).toEqual(['ok', 'reno']);
      yield* closeAll(u, t);
    }));
});
