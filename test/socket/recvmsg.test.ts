/**
 * recvmsg/1,2,3,4,5 on loopback UDP (IPv4 and IPv6), TCP and unix sockets, with
 * control messages (erl, OTP 25):
 *   recvmsg(S, 4, 0, [], 0) on a 10-byte datagram -> {ok, #{addr => Src, iov => [<<"0123">>], ctrl => [], flags => [trunc]}}
 *   with timestamp, pktinfo, recvttl, recvtos on and a `tos lowdelay` cmsg sent:
 *     ctrl => [#{level => socket, type => timestamp, value => #{sec, usec}, data => _},
 *              #{level => ip, type => pktinfo, value => #{ifindex => 1, spec_dst => {127,0,0,1}, addr => {127,0,0,1}}},
 *              #{level => ip, type => ttl, value => 64}, #{level => ip, type => tos, value => lowdelay}]
 *   recvmsg(S, 0, 16, [], _) with those on      -> flags => [ctrunc]
 *   recvmsg on a connected TCP socket           -> no addr key
 *   after sendto to a closed port with {ip, recverr}: recvmsg(C, 0, 0, [errqueue], 0) ->
 *     {ok, #{flags => [errqueue], iov => [Data], ctrl => [#{level => ip, type => recverr,
 *       value => #{error => econnrefused, origin => icmp, type => dest_unreach,
 *       code => port_unreach, info => 0, data => 0, offender => #{family => inet, addr => {127,0,0,1}, port => 0}}}]}}
 */
import { closeSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeRef, self, send, spawn } from '../../runtime/process.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, next, ok, selectMsg, socket, tcpPair, type Sock } from './loopback.ts';
import { sentAndRead, udpBound, udpPair, unixDgram } from './udp.ts';

checkFdLeaks();

type Msg = socket.msg_recv;
type Ctrl = { level: unknown; type: unknown; value?: unknown; data: Buffer };

describe('recvmsg', () => {
  it('recvmsg/1: address, data, no control, no flags', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      yield* socket.sendto(c, 'hello', addr);
      expect(yield* socket.recvmsg(r)).toEqual(['ok', { addr: from, iov: [b('hello')], ctrl: [], flags: [] }]);
      yield* closeAll(r, c);
    }));

  it('every datagram received stays as it arrived while later ones are read (recvmsg and recvfrom share a slab)', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      const { sent, got } = yield* sentAndRead(r, addr, c, function* (n) {
        if (n % 2 === 1) return ok<readonly [unknown, Buffer]>(yield* socket.recvfrom(r, 0, 1000))[1];
        const m = ok<socket.msg_recv>(yield* socket.recvmsg(r, 0, 0, [], 1000));
        expect(m.addr).toEqual(from);
        return m.iov[0]!;
      });
      expect(got).toEqual(sent);
      yield* closeAll(r, c);
    }));

  it('BufSz truncates with the trunc flag; peek leaves the datagram', () =>
    inProcess(function* () {
      const { r, addr, c, from } = udpPair();
      yield* socket.sendto(c, '0123456789', addr);
      expect(yield* socket.recvmsg(r, 4, 0, ['peek'], 0)).toEqual(['ok', { addr: from, iov: [b('0123')], ctrl: [], flags: ['trunc'] }]);
      expect(yield* socket.recvmsg(r, 0, 0)).toEqual(['ok', { addr: from, iov: [b('0123456789')], ctrl: [], flags: [] }]);
      yield* closeAll(r, c);
    }));

  it('time-out forms: 0, a time-out, nowait, a handle, infinity', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      expect(yield* socket.recvmsg(r, 0, 0, [], 0)).toEqual(['error', 'timeout']);
      expect(yield* socket.recvmsg(r, 20)).toEqual(['error', 'timeout']);
      expect(yield* socket.recvmsg(r, [], 20)).toEqual(['error', 'timeout']);
      const sel = yield* socket.recvmsg(r, 'nowait');
      expect(sel[0]).toBe('select');
      const si = sel[1] as socket.select_info;
      expect(si[1]).toBe('recvmsg');
      yield* socket.sendto(c, 'a', addr);
      expect(yield* next(1000)).toEqual(selectMsg(r, si[2]));
      expect(ok<Msg>(yield* socket.recvmsg(r, 0, 0, 'nowait')).iov).toEqual([b('a')]);
      const h = makeRef();
      expect(yield* socket.recvmsg(r, 0, 0, [], h)).toEqual(['select', ['select_info', 'recvmsg', h]]);
      yield* socket.sendto(c, 'b', addr);
      expect(yield* next(1000)).toEqual(selectMsg(r, h));
      expect(ok<Msg>(yield* socket.recvmsg(r, 0, 0, [], h)).iov).toEqual([b('b')]);
      spawn(function* () {
        yield* next(20);
        yield* socket.sendto(c, 'c', addr);
      });
      expect(ok<Msg>(yield* socket.recvmsg(r, 0, 0, [], 'infinity')).iov).toEqual([b('c')]);
      yield* closeAll(r, c);
    }));

  it('{otp, select_read} on recvmsg and recvmmsg', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      expect(socket.setopt(r, ['otp', 'select_read'], true)).toBe('ok');
      yield* socket.sendto(c, 'm', addr);
      const res = yield* socket.recvmsg(r, 0, 0, [], 'nowait');
      expect(res[0]).toBe('select_read');
      const [si, m] = res[1] as readonly [socket.select_info, Msg];
      expect(si[1]).toBe('recvmsg');
      expect(m.iov).toEqual([b('m')]);
      yield* socket.sendto(c, 'mm', addr);
      expect(yield* next(1000)).toEqual(selectMsg(r, si[2]));
      const res2 = yield* socket.recvmmsg(r, 4, 0, 0, [], 'nowait');
      expect(res2[0]).toBe('select_read');
      const [si2, ms] = res2[1] as readonly [socket.select_info, Msg[]];
      expect(si2[1]).toBe('recvmmsg');
      expect(ms.map((x) => x.iov[0])).toEqual([b('mm')]);
      expect(socket.cancel(r, si2)).toBe('ok');
      yield* closeAll(r, c);
    }));

  it('control messages: timestamp, pktinfo, ttl, tos decoded as OTP 25 does', () =>
    inProcess(function* () {
      const { r, addr, c } = udpPair();
      for (const o of [['socket', 'timestamp'], ['ip', 'pktinfo'], ['ip', 'recvttl'], ['ip', 'recvtos']] as const) {
        expect(socket.setopt(r, o as never, true)).toBe('ok');
      }
      const before = Math.floor(Date.now() / 1000);
      expect(yield* socket.sendmsg(c, { addr, iov: [b('hi')], ctrl: [{ level: 'ip', type: 'tos', value: 'lowdelay' }] })).toBe('ok');
      const m = ok<Msg>(yield* socket.recvmsg(r, 0, 0, [], 1000));
      const ctrl = m.ctrl as readonly Ctrl[];
      const byType = new Map(ctrl.map((x) => [x.type, x]));
      const ts = byType.get('timestamp')!.value as { sec: number; usec: number };
      expect(ts.sec).toBeGreaterThanOrEqual(before);
      expect(byType.get('pktinfo')!.value).toEqual({ ifindex: 1, spec_dst: [127, 0, 0, 1], addr: [127, 0, 0, 1] });
      expect(byType.get('ttl')!.value).toBe(64);
      expect(byType.get('tos')!.value).toBe('lowdelay');
      // Too little control space: what fits, and ctrunc.
      yield* socket.sendto(c, 'hi', addr);
      expect(ok<Msg>(yield* socket.recvmsg(r, 0, 16, [], 1000)).flags).toEqual(['ctrunc']);
      // {otp, rcvctrlbuf} is the default control space.
      expect(socket.setopt(r, ['otp', 'rcvctrlbuf'], 16)).toBe('ok');
      yield* socket.sendto(c, 'hi', addr);
      expect(ok<Msg>(yield* socket.recvmsg(r, 0, 0, [], 1000)).flags).toEqual(['ctrunc']);
      yield* closeAll(r, c);
    }));

  it('IPv6 control messages: hoplimit, tclass, pktinfo', () =>
    inProcess(function* () {
      const { s: r, addr } = udpBound('inet6');
      const { s: c } = udpBound('inet6');
      for (const o of [['ipv6', 'recvhoplimit'], ['ipv6', 'recvtclass'], ['ipv6', 'recvpktinfo']] as const) {
        expect(socket.setopt(r, o as never, true)).toBe('ok');
      }
      yield* socket.sendmsg(c, { addr, iov: [b('six')], ctrl: [{ level: 'ipv6', type: 'tclass', value: 32 } as never] });
      const m = ok<Msg>(yield* socket.recvmsg(r, 0, 0, [], 1000));
      const byType = new Map((m.ctrl as readonly Ctrl[]).map((x) => [x.type, x.value]));
      expect(byType.get('hoplimit')).toBe(64);
      expect(byType.get('tclass')).toBe(32);
      expect(byType.get('pktinfo')).toEqual({ addr: [0, 0, 0, 0, 0, 0, 0, 1], ifindex: 1 });
      yield* closeAll(r, c);
    }));

  it('a connected TCP socket: no addr; end of stream is {error, closed}', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      yield* socket.send(c, 'stream');
      expect(yield* socket.recvmsg(a, 3, 0, [], 1000)).toEqual(['ok', { iov: [b('str')], ctrl: [], flags: [] }]);
      expect(yield* socket.recvmsg(a, 0, 0, [], 1000)).toEqual(['ok', { iov: [b('eam')], ctrl: [], flags: [] }]);
      yield* socket.close(c);
      expect(yield* socket.recvmsg(a, 1000)).toEqual(['error', 'closed']);
      yield* closeAll(l, a);
    }));

  it('recverr: the ICMP port unreachable of a send to a closed port, read from the error queue', () =>
    inProcess(function* () {
      const { s: dead, addr: deadAddr } = udpBound();
      yield* socket.close(dead);
      const { s: c } = udpBound();
      expect(socket.setopt(c, ['ip', 'recverr'], true)).toBe('ok');
      expect(yield* socket.sendto(c, 'x', deadAddr)).toBe('ok');
      let r: unknown = ['error', 'timeout'];
      // The ICMP error is queued by the kernel's loopback path; give it a few turns.
      for (let i = 0; i < 50 && (r as readonly unknown[])[0] === 'error'; i++) {
        r = yield* socket.recvmsg(c, 0, 0, ['errqueue'], 0);
        if ((r as readonly unknown[])[0] === 'error') yield* next(10);
      }
      const m = ok<Msg>(r);
      expect(m.flags).toEqual(['errqueue']);
      expect(m.iov).toEqual([b('x')]);
      expect(m.addr).toEqual(deadAddr);
      const e = m.ctrl.find((x) => x.type === 'recverr') as Ctrl;
      expect(e.level).toBe('ip');
      expect(e.value).toEqual({
        error: 'econnrefused', origin: 'icmp', type: 'dest_unreach', code: 'port_unreach', info: 0, data: 0,
        offender: { family: 'inet', addr: [127, 0, 0, 1], port: 0 },
      });
      yield* closeAll(c);
    }));

  it('rights: a file descriptor passed over a unix socket reads the same file', () =>
    inProcess(function* () {
      const path = `/tmp/beamlet-rights-${process.pid}.txt`;
      writeFileSync(path, 'through the passed fd');
      const fd = openSync(path, 'r');
      const { r, addr, c, unlink } = unixDgram();
      const data = Buffer.alloc(4);
      data.writeInt32LE(fd, 0);
      expect(yield* socket.sendmsg(c, { addr, iov: [b('fd')], ctrl: [{ level: 'socket', type: 'rights', data }] })).toBe('ok');
      closeSync(fd);
      const m = ok<Msg>(yield* socket.recvmsg(r, 0, 0, [], 1000));
      const rights = m.ctrl.find((x) => x.type === 'rights') as Ctrl;
      expect(rights.level).toBe('socket');
      // The sender's descriptor is closed already: only the received one can read the file.
      const got = rights.data.readInt32LE(0);
      const buf = Buffer.alloc(64);
      const n = readSync(got, buf, 0, 64, 0);
      closeSync(got);
      expect(buf.toString('utf8', 0, n)).toBe('through the passed fd');
      rmSync(path);
      yield* closeAll(r, c);
      unlink();
    }));

  it('credentials: with {socket, passcred} the sender\'s pid, uid and gid arrive', () =>
    inProcess(function* () {
      const { r, addr, c, unlink } = unixDgram();
      expect(socket.setopt(r, ['socket', 'passcred'], true)).toBe('ok');
      yield* socket.sendto(c, 'who', addr);
      const m = ok<Msg>(yield* socket.recvmsg(r, 0, 0, [], 1000));
      const cred = m.ctrl.find((x) => x.type === 'credentials') as Ctrl;
      expect(cred.level).toBe('socket');
      expect(cred.data.readInt32LE(0)).toBe(process.pid);
      expect(cred.data.readUInt32LE(4)).toBe(process.getuid!());
      yield* closeAll(r, c);
      unlink();
    }));

  it('close from another process ends a blocked recvmsg', () =>
    inProcess(function* () {
      const { r, c } = udpPair();
      const me = self();
      spawn(function* () {
        send(me, ['got', yield* socket.recvmsg(r as Sock)]);
      });
      yield* next(20);
      yield* socket.close(r);
      expect(yield* next(1000)).toEqual(['got', ['error', 'closed']]);
      yield* closeAll(c);
    }));

  it('bad arguments as OTP 25', () =>
    inProcess(function* () {
      const { r, c } = udpPair();
      expect(yield* socket.recvmsg(r, ['bad' as never])).toEqual(['error', ['invalid', ['msg_flag', 'bad']]]);
      expect(() => socket.recvmsg(r, -1, 0, [], 0).next()).toThrow(/badarg/);
      yield* closeAll(r, c);
      expect(yield* socket.recvmsg(r, 0)).toEqual(['error', 'closed']);
    }));
});
