/**
 * Differences from OTP 25 found by the conformance pairs, each checked here against what
 * erl answers: the order of setopt's checks on a closed socket, info/1's state lists,
 * open/2 on an fd, {ipv6, flowinfo}, monitors of dead watchers, the internal disown.
 */
import { describe, expect, it } from 'vitest';
import { self, send, sleep, spawn, spawnMonitor } from '../../runtime/process.ts';
import { isList } from '../../runtime/term.ts';
import { receive, _ } from '../../index.ts';
import { disown } from '../../socket/internal.ts';
import { monitorIndex, sockOf } from '../../socket/socket.ts';
import { C, sys } from '../../ffi/index.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, inProcess, listener, next, ok, socket, tcpPair, closeAll, type Sock } from './loopback.ts';

checkFdLeaks();

describe('setopt on a closed socket', () => {
  it('a dead new owner closes the socket; any known option then answers closed', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream', 'tcp'));
      const [dead, m] = spawnMonitor(function* () {});
      yield* receive(['DOWN', m, 'process', dead, _]);
      expect(socket.setopt(s, ['otp', 'controlling_process'], dead)).toBe('ok');
      // erl: bad values and get-only options are `closed` too, before any value check.
      expect(socket.setopt(s, ['otp', 'controlling_process'], 'not_a_pid' as never)).toEqual(['error', 'closed']);
      expect(socket.setopt(s, ['otp', 'rcvbuf'], 'x' as never)).toEqual(['error', 'closed']);
      expect(socket.setopt(s, ['socket', 'reuseaddr'], 'x' as never)).toEqual(['error', 'closed']);
      expect(socket.setopt(s, ['ip', 'tos'], 'foo' as never)).toEqual(['error', 'closed']);
      expect(socket.setopt(s, ['socket', 'type'], 'x' as never)).toEqual(['error', 'closed']);
      // An unknown option is still invalid.
      expect(socket.setopt(s, ['socket', 'foo'] as never, 1 as never)).toEqual([
        'error', ['invalid', ['socket_option', ['socket', 'foo']]],
      ]);
    }));

  it('an open socket still checks the value', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream', 'tcp'));
      expect(socket.setopt(s, ['ip', 'tos'], 'foo' as never)).toEqual([
        'error', ['invalid', ['socket_option', ['ip', 'tos'], 'foo']],
      ]);
      yield* socket.close(s);
    }));
});

describe('info/1 states', () => {
  const states = (s: Sock): [readonly string[], readonly string[]] => {
    const i = socket.info(s);
    return [i.rstates, i.wstates];
  };

  it('are Erlang lists, as the manual types them', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream', 'tcp'));
      expect(isList(socket.info(s).rstates)).toBe(true);
      expect(isList(socket.info(s).wstates)).toBe(true);
      yield* socket.close(s);
      expect(isList(socket.info(s).rstates)).toBe(true);
      expect(isList(socket.info(s).wstates)).toBe(true);
    }));

  it('`selected` stays once a direction has waited (erl)', () =>
    inProcess(function* () {
      const me = self();
      const { l, c, a } = yield* tcpPair();
      // The blocking connect waited for EINPROGRESS; the accept did not wait.
      expect(states(c)).toEqual([[], ['connected', 'selected']]);
      expect(states(a)).toEqual([[], []]);
      expect(yield* socket.send(c, b('x'))).toBe('ok');
      // Time-out 0 never waits (erl: no `selected` either), whenever the byte arrives.
      let got = yield* socket.recv(a, 1, 0);
      for (let i = 0; i < 250 && got[0] === 'error'; i++) {
        yield* sleep(20);
        got = yield* socket.recv(a, 1, 0);
      }
      expect(got).toEqual(['ok', b('x')]);
      expect(states(a)).toEqual([[], []]);
      spawn(function* () {
        yield* sleep(20);
        send(me, ['sent', yield* socket.send(c, b('y'))]);
      });
      expect(yield* socket.recv(a, 1, 5000)).toEqual(['ok', b('y')]);
      expect(yield* next(5000)).toEqual(['sent', 'ok']);
      expect(states(a)).toEqual([['selected'], []]);
      expect(yield* socket.send(c, b('z'))).toBe('ok');
      expect(yield* socket.recv(a, 1, 5000)).toEqual(['ok', b('z')]);
      expect(states(a)).toEqual([['selected'], []]);
      yield* socket.close(a);
      expect(states(a)).toEqual([['selected', 'closing', 'closed'], ['closing', 'closed']]);
      yield* closeAll(l, c);
    }));

  it('a listener shows `selected` after accept(L, 0) and after a waiting accept, not before', () =>
    inProcess(function* () {
      const { l } = listener();
      expect(states(l)).toEqual([['bound', 'listening'], []]);
      expect(yield* socket.accept(l, 0)).toEqual(['error', 'timeout']);
      expect(states(l)).toEqual([['bound', 'listening', 'selected'], []]);
      yield* socket.close(l);
    }));

  it('a recv aborted by close leaves `selected` (erl)', () =>
    inProcess(function* () {
      const me = self();
      const { l, c, a } = yield* tcpPair();
      spawn(function* () {
        send(me, ['recv', yield* socket.recv(a, 1)]);
      });
      for (let i = 0; i < 250 && socket.info(a).num_readers === 0; i++) yield* sleep(20);
      yield* socket.close(a);
      expect(yield* next(5000)).toEqual(['recv', ['error', 'closed']]);
      expect(states(a)[0]).toEqual(['selected', 'closing', 'closed']);
      yield* closeAll(l, c);
    }));
});

describe('socket monitors', () => {
  it('a watcher that dies leaves no monitor behind; the others still fire', () =>
    inProcess(function* () {
      const before = monitorIndex.size;
      const s = ok<Sock>(socket.open('inet', 'dgram'));
      const mine = socket.monitor(s);
      const [w, wm] = spawnMonitor(function* () {
        socket.monitor(s);
        socket.monitor(s);
      });
      yield* receive(['DOWN', wm, 'process', w, _]);
      expect(monitorIndex.size).toBe(before + 1);
      expect(sockOf(s).monitors?.size).toBe(1);
      yield* socket.close(s);
      expect(yield* next(5000)).toEqual(['DOWN', mine, 'socket', s, 'closed']);
      expect(monitorIndex.size).toBe(before);
    }));
});

describe('disown (internal, for the Effect API)', () => {
  it("a disowned socket outlives the process that owned it; close/1 still closes it", () =>
    inProcess(function* () {
      const me = self();
      const [p, pm] = spawnMonitor(function* () {
        const s = ok<Sock>(socket.open('inet', 'dgram'));
        disown(s);
        send(me, ['sock', s]);
      });
      const s = (yield* receive(['sock', _]))[1] as Sock;
      yield* receive(['DOWN', pm, 'process', p, _]);
      const m = socket.monitor(s);
      expect(socket.info(s).rstates).not.toContain('closed');
      yield* socket.close(s);
      expect(yield* next(5000)).toEqual(['DOWN', m, 'socket', s, 'closed']);
    }));
});

describe('open/2 on an fd (erl)', () => {
  const what = (r: unknown): unknown => {
    const [tag, s] = r as [string, Sock];
    if (tag !== 'ok') return r;
    const i = socket.info(s);
    return [i.domain, i.type, i.protocol];
  };

  it('what the kernel reports wins over the options; a bad protocol option is still refused', () =>
    inProcess(function* () {
      const s = ok<Sock>(socket.open('inet', 'stream', 'tcp'));
      const fd = ok<number>(socket.getopt(s, ['otp', 'fd']));
      const opened: Sock[] = [];
      const open = (o: object): unknown => {
        const r = socket.open(fd, o as never);
        if (r[0] === 'ok') opened.push(r[1]);
        return what(r);
      };
      expect(open({ domain: 'inet6', type: 'dgram', protocol: 'udp' })).toEqual(['inet', 'stream', 'tcp']);
      expect(open({ domain: 'foo', type: 'foo' })).toEqual(['inet', 'stream', 'tcp']);
      expect(open({ protocol: 'foo' })).toEqual(['error', ['invalid', ['protocol', 'foo']]]);
      for (const o of opened) yield* socket.close(o);
      yield* socket.close(s);
    }));

  it('on an fd that is not a socket the options stand in, a bad one counts as missing', () =>
    inProcess(function* () {
      const fd = sys.open('/dev/null', C.O_RDONLY | C.O_CLOEXEC);
      try {
        expect(socket.open(fd, { domain: 'foo', type: 'stream' } as never)).toEqual([
          'error', ['invalid', ['options', 'domain', { domain: 'foo', type: 'stream' }]],
        ]);
        expect(socket.open(fd, { domain: 'inet', type: 'foo' } as never)).toEqual([
          'error', ['invalid', ['options', 'type', { domain: 'inet', type: 'foo' }]],
        ]);
        expect(socket.open(fd, { domain: 'inet', type: 'stream', protocol: 'foo' } as never)).toEqual([
          'error', ['invalid', ['protocol', 'foo']],
        ]);
        const r = socket.open(fd, { domain: 'inet', type: 'stream', protocol: 'tcp' });
        expect(what(r)).toEqual(['inet', 'stream', 'tcp']);
        yield* socket.close(ok<Sock>(r));
      } finally {
        sys.close(fd);
      }
    }));
});

describe('{ipv6, flowinfo} (erl)', () => {
  it('is supported, set and read back as a boolean, a non-boolean refused', () =>
    inProcess(function* () {
      expect(socket.supports('options', 'ipv6')).toContainEqual(['flowinfo', true]);
      const s = ok<Sock>(socket.open('inet6', 'dgram', 'udp'));
      expect(socket.getopt(s, ['ipv6', 'flowinfo'])).toEqual(['ok', false]);
      expect(socket.setopt(s, ['ipv6', 'flowinfo'], true)).toBe('ok');
      expect(socket.getopt(s, ['ipv6', 'flowinfo'])).toEqual(['ok', true]);
      expect(socket.setopt(s, ['ipv6', 'flowinfo'], 3 as never)).toEqual([
        'error', ['invalid', ['socket_option', ['ipv6', 'flowinfo'], 3]],
      ]);
      yield* socket.close(s);
    }));
});
