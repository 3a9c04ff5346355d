/**
 * ioctl/2,3,4 on interfaces inside a network namespace the test makes (a veth pair),
 * never on the machine's own; the socket is opened in the namespace with open/4's
 * `netns` (erl, OTP 25, on lo: `gifname 1` -> `{ok, "lo"}`, `gifindex "lo"` -> `{ok, 1}`,
 * `gifaddr "lo"` -> `{ok, #{family => inet, addr => {127,0,0,1}, port => 0}}`,
 * `gifflags "lo"` -> `{ok, [up, loopback, running]}`, `gifname 999` and `gifindex "nope"`
 * -> `{error, enodev}`, an unknown request -> badarg). nread, nwrite and atmark follow the
 * manual (OTP 26.1); nspace and tcp_info have no Linux ioctl: `{error, enotsup}`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFdLeaks } from '../helpers/fds.ts';
import { closeAll, inProcess, ok, socket, tcpPair, type Sock } from './loopback.ts';
import { makeNetns, type TestNetns } from './ns.ts';
import { udpPair } from './udp.ts';

checkFdLeaks();

let ns: TestNetns;
beforeAll(async () => {
  ns = makeNetns();
  ns.ip('addr', 'add', '10.78.0.1/24', 'dev', 'veth0');
  ns.ip('link', 'set', 'veth0', 'up');
  ns.ip('link', 'set', 'veth1', 'up');
  ns.ip('link', 'set', 'lo', 'up');
  await Promise.all([ns.waitRunning('veth0'), ns.waitRunning('veth1')]);
});
afterAll(() => ns.remove());

function inside(): Sock {
  return ok<Sock>(socket.open('inet', 'dgram', 'default', { netns: ns.name }));
}

/** The MAC of an interface of the namespace, as ip(8) prints it. */
function mac(dev: string): Buffer {
  const m = /link\/ether ([0-9a-f:]+)/.exec(ns.ip('link', 'show', dev))!;
  return Buffer.from(m[1]!.split(':').map((h) => parseInt(h, 16)));
}

describe('ioctl get requests', () => {
  it('gifconf, gifindex, gifname, gifaddr, gifnetmask, gifmtu, giftxqlen, gifflags, gifhwaddr', () =>
    inProcess(function* () {
      const s = inside();
      expect(socket.ioctl(s, 'gifconf')).toEqual(['ok', [
        { name: 'lo', addr: { family: 'inet', addr: [127, 0, 0, 1], port: 0 } },
        { name: 'veth0', addr: { family: 'inet', addr: [10, 78, 0, 1], port: 0 } },
      ]]);
      const idx = ok<number>(socket.ioctl(s, 'gifindex', 'veth0'));
      expect(socket.ioctl(s, 'gifname', idx)).toEqual(['ok', 'veth0']);
      expect(socket.ioctl(s, 'gifindex', 'lo')).toEqual(['ok', 1]);
      expect(socket.ioctl(s, 'gifaddr', 'veth0')).toEqual(['ok', { family: 'inet', addr: [10, 78, 0, 1], port: 0 }]);
      expect(socket.ioctl(s, 'gifnetmask', 'veth0')).toEqual(['ok', { family: 'inet', addr: [255, 255, 255, 0], port: 0 }]);
      expect(socket.ioctl(s, 'gifmtu', 'veth0')).toEqual(['ok', 1500]);
      expect(socket.ioctl(s, 'giftxqlen', 'veth0')).toEqual(['ok', 1000]);
      expect(ok<string[]>(socket.ioctl(s, 'gifflags', 'veth0'))).toEqual(['up', 'broadcast', 'running', 'multicast']);
      expect(socket.ioctl(s, 'gifflags', 'lo')).toEqual(['ok', ['up', 'loopback', 'running']]);
      const hw = ok<{ family: unknown; addr: Buffer }>(socket.ioctl(s, 'gifhwaddr', 'veth0'));
      expect(hw.family).toBe('ether');
      expect(hw.addr.subarray(0, 6)).toEqual(mac('veth0'));
      expect(socket.ioctl(s, 'gifaddr', 'veth1')).toEqual(['error', 'eaddrnotavail']);
      expect(socket.ioctl(s, 'gifname', 999)).toEqual(['error', 'enodev']);
      expect(socket.ioctl(s, 'gifindex', 'nope')).toEqual(['error', 'enodev']);
      yield* closeAll(s);
    }));

  it('nread, nwrite, atmark on sockets; nspace and tcp_info are enotsup', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      expect(socket.ioctl(r, 'nread')).toEqual(['ok', 0]);
      yield* socket.sendto(c, 'twelve bytes', addr);
      expect(socket.ioctl(r, 'nread')).toEqual(['ok', 12]);
      expect(socket.ioctl(c, 'nwrite')).toEqual(['ok', 0]);
      expect(socket.ioctl(r, 'nspace')).toEqual(['error', 'enotsup']);
      yield* closeAll(r, c);
      const { l, c: t, a } = yield* tcpPair();
      expect(socket.ioctl(a, 'atmark')).toEqual(['ok', false]);
      expect(socket.ioctl(a, 'tcp_info')).toEqual(['error', 'enotsup']);
      yield* closeAll(l, t, a);
    }));

  it('badarg for unknown requests and bad keys; closed after close', () =>
    inProcess(function* () {
      const s = inside();
      expect(() => socket.ioctl(s, 'bad' as never)).toThrow(/badarg/);
      expect(() => socket.ioctl(s, 'gifname', 'lo' as never)).toThrow(/badarg/);
      expect(() => socket.ioctl(s, 'gifindex', 1 as never)).toThrow(/badarg/);
      expect(() => socket.ioctl(s, 'gifindex', 'x'.repeat(16))).toThrow(/badarg/);
      expect(() => socket.ioctl(s, 'sifmtu', 'veth0', 'big')).toThrow(/badarg/);
      expect(() => socket.ioctl(s, 'sifflags', 'veth0', { nosuchflag: true })).toThrow(/badarg/);
      yield* closeAll(s);
      expect(socket.ioctl(s, 'gifconf')).toEqual(['error', 'closed']);
      expect(socket.ioctl(s, 'gifmtu', 'lo')).toEqual(['error', 'closed']);
      expect(socket.ioctl(s, 'sifmtu', 'lo', 1500)).toEqual(['error', 'closed']);
    }));
});

describe('ioctl set requests', () => {
  it('sifmtu, siftxqlen, sifflags, sifaddr, sifnetmask, sifbrdaddr, sifhwaddr: read back by ioctl and by ip(8)', () =>
    inProcess(function* () {
      const s = inside();
      expect(socket.ioctl(s, 'sifmtu', 'veth1', 1400)).toBe('ok');
      expect(socket.ioctl(s, 'gifmtu', 'veth1')).toEqual(['ok', 1400]);
      expect(ns.ip('link', 'show', 'veth1')).toMatch(/mtu 1400/);
      expect(socket.ioctl(s, 'siftxqlen', 'veth1', 500)).toBe('ok');
      expect(socket.ioctl(s, 'giftxqlen', 'veth1')).toEqual(['ok', 500]);
      expect(socket.ioctl(s, 'sifflags', 'veth1', { up: false })).toBe('ok');
      expect(ok<string[]>(socket.ioctl(s, 'gifflags', 'veth1'))).not.toContain('up');
      expect(ns.ip('link', 'show', 'veth1')).not.toMatch(/[<,]UP[,>]/);
      expect(socket.ioctl(s, 'sifflags', 'veth1', { up: true, promisc: true })).toBe('ok');
      expect(ok<string[]>(socket.ioctl(s, 'gifflags', 'veth1'))).toEqual(expect.arrayContaining(['up', 'promisc']));
      expect(socket.ioctl(s, 'sifaddr', 'veth1', { family: 'inet', addr: [10, 79, 1, 2], port: 0 })).toBe('ok');
      expect(socket.ioctl(s, 'sifnetmask', 'veth1', { family: 'inet', addr: [255, 255, 0, 0], port: 0 })).toBe('ok');
      expect(socket.ioctl(s, 'sifbrdaddr', 'veth1', { family: 'inet', addr: [10, 79, 255, 255], port: 0 })).toBe('ok');
      expect(socket.ioctl(s, 'gifaddr', 'veth1')).toEqual(['ok', { family: 'inet', addr: [10, 79, 1, 2], port: 0 }]);
      expect(socket.ioctl(s, 'gifnetmask', 'veth1')).toEqual(['ok', { family: 'inet', addr: [255, 255, 0, 0], port: 0 }]);
      expect(socket.ioctl(s, 'gifbrdaddr', 'veth1')).toEqual(['ok', { family: 'inet', addr: [10, 79, 255, 255], port: 0 }]);
      expect(ns.ip('addr', 'show', 'veth1')).toMatch(/inet 10\.79\.1\.2\/16 brd 10\.79\.255\.255/);
      const newMac = Buffer.from([0x02, 0x00, 0x5e, 0x10, 0x20, 0x30]);
      expect(socket.ioctl(s, 'sifhwaddr', 'veth1', { family: 1, addr: Buffer.concat([newMac, Buffer.alloc(8)]) })).toBe('ok');
      expect(mac('veth1')).toEqual(newMac);
      yield* closeAll(s);
    }));

  it('sifdstaddr and gifdstaddr as the kernel answers on a broadcast (not point-to-point) device', () =>
    inProcess(function* () {
      const s = inside();
      const r = socket.ioctl(s, 'sifdstaddr', 'veth0', { family: 'inet', addr: [10, 78, 0, 9], port: 0 });
      expect(r).toBe('ok');
      expect(socket.ioctl(s, 'gifdstaddr', 'veth0')).toEqual(['ok', { family: 'inet', addr: [10, 78, 0, 9], port: 0 }]);
      yield* closeAll(s);
    }));
});
