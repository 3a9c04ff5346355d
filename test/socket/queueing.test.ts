/**
 * The manual's "Operation Queuing": per socket, readers and acceptors wait in arrival
 * order, only the first is armed, the next gets its select message when its turn
 * comes. Checked with two and three processes on one real socket, blocking and nowait
 * (erl, OTP 25: the same sequences give the same order and messages; a waiting
 * process repeating its call raises {invalid, state}; a time-out 0 call behind a head
 * is {error, timeout} and does not queue).
 */
import { describe, expect, it } from 'vitest';
import { exit, receive, self, send, sleep, spawn } from '../../runtime/process.ts';
import { ErlangError, type Pid, type Term } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { b, closeAll, inProcess, listener, next, ok, selectMsg, socket, tcpPair, type Sock } from './loopback.ts';

checkFdLeaks();

/** Waits until `f()` holds, checking every few ms (bounded). */
function* until(f: () => boolean): Generator<unknown, void, unknown> {
  for (let i = 0; i < 500 && !f(); i++) yield* sleep(2);
  expect(f()).toBe(true);
}

describe('readers', () => {
  it('three blocked readers are served in arrival order', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const me = self();
      const pids: Pid[] = [];
      for (let i = 0; i < 3; i++) {
        pids.push(spawn(function* () {
          send(me, [i, yield* socket.recv(a, 1)]);
        }));
        yield* until(() => socket.info(a).num_readers === i + 1);
      }
      yield* socket.send(c, 'x');
      expect(yield* next(5000)).toEqual([0, ['ok', b('x')]]);
      yield* socket.send(c, 'yz');
      expect(yield* next(5000)).toEqual([1, ['ok', b('y')]]);
      expect(yield* next(5000)).toEqual([2, ['ok', b('z')]]);
      expect(socket.info(a).num_readers).toBe(0);
      yield* closeAll(l, c, a);
    }));

  it('two nowait readers: only the head gets a select; the next one gets its own when its turn comes', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const me = self();
      const worker = (name: string) => function* () {
        const r = yield* socket.recv(a, 1, 'nowait');
        const si = (r as readonly ['select', socket.select_info])[1];
        send(me, [name, 'queued', si[2]]);
        const m = yield* receive((x: Term) => Array.isArray(x) && x[0] === '$socket');
        send(me, [name, 'msg', m, si[2]]);
        send(me, [name, 'got', yield* socket.recv(a, 1, 'nowait')]);
      };
      spawn(worker('p1'));
      const q1 = (yield* next(5000)) as readonly [string, string, Term];
      spawn(worker('p2'));
      const q2 = (yield* next(5000)) as readonly [string, string, Term];
      expect([q1[0], q2[0]]).toEqual(['p1', 'p2']);
      expect(socket.info(a).num_readers).toBe(2);
      yield* socket.send(c, 'ab');
      const m1 = (yield* next(5000)) as readonly Term[];
      expect(m1[0]).toBe('p1');
      expect(m1[2]).toEqual(selectMsg(a, m1[3]));
      expect(yield* next(5000)).toEqual(['p1', 'got', ['ok', b('a')]]);
      const m2 = (yield* next(5000)) as readonly Term[];
      expect(m2[0]).toBe('p2');
      expect(m2[2]).toEqual(selectMsg(a, m2[3]));
      expect(yield* next(5000)).toEqual(['p2', 'got', ['ok', b('b')]]);
      yield* closeAll(l, c, a);
    }));

  it('time-out 0 behind a head is a timeout and does not queue', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const r = yield* socket.recv(a, 0, 'nowait');
      expect(r[0]).toBe('select');
      const me = self();
      spawn(function* () {
        send(me, ['t0', yield* socket.recv(a, 0, 0)]);
      });
      expect(yield* next(5000)).toEqual(['t0', ['error', 'timeout']]);
      expect(socket.info(a).num_readers).toBe(1);
      yield* closeAll(l, c, a);
    }));

  it('a waiting process that repeats its call raises {invalid, state}; the head may repeat', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const r1 = yield* socket.recv(a, 0, 'nowait');
      const r1b = yield* socket.recv(a, 0, 'nowait');
      expect(r1b[0]).toBe('select');
      expect((r1b[1] as socket.select_info)[2]).not.toBe((r1[1] as socket.select_info)[2]);
      const me = self();
      spawn(function* () {
        yield* socket.recv(a, 0, 'nowait');
        try {
          yield* socket.recv(a, 0, 'nowait');
          send(me, 'no raise');
        } catch (e) {
          send(me, ['raised', (e as ErlangError).reason]);
        }
      });
      expect(yield* next(5000)).toEqual(['raised', ['invalid', 'state']]);
      yield* closeAll(l, c, a);
    }));

  it('a queued process that dies leaves the queue', () =>
    inProcess(function* () {
      const { l, c, a } = yield* tcpPair();
      const me = self();
      const victim = spawn(function* () {
        yield* socket.recv(a, 1);
      });
      yield* until(() => socket.info(a).num_readers === 1);
      spawn(function* () {
        send(me, ['second', yield* socket.recv(a, 1)]);
      });
      yield* until(() => socket.info(a).num_readers === 2);
      exit(victim, 'kill');
      yield* until(() => socket.info(a).num_readers === 1);
      yield* socket.send(c, 'k');
      expect(yield* next(5000)).toEqual(['second', ['ok', b('k')]]);
      yield* closeAll(l, c, a);
    }));
});

describe('acceptors', () => {
  it('three blocked acceptors each get one connection, in order', () =>
    inProcess(function* () {
      const { l, addr } = listener();
      const me = self();
      for (let i = 0; i < 3; i++) {
        spawn(function* () {
          const r = yield* socket.accept(l);
          send(me, [i, r[0]]);
          if (r[0] === 'ok') yield* socket.close(r[1] as Sock);
        });
        yield* until(() => socket.info(l).num_acceptors === i + 1);
      }
      const cs: Sock[] = [];
      for (let i = 0; i < 3; i++) {
        const c = ok<Sock>(socket.open('inet', 'stream'));
        cs.push(c);
        yield* socket.connect(c, addr);
        expect(yield* next(5000)).toEqual([i, 'ok']);
      }
      expect(socket.info(l).counters.acc_success).toBe(3);
      yield* closeAll(l, ...cs);
    }));

  it('two nowait acceptors: the second is told when the first has taken its connection', () =>
    inProcess(function* () {
      const { l, addr } = listener();
      const me = self();
      spawn(function* () {
        const r = yield* socket.accept(l, 'nowait');
        send(me, ['p2', 'queued']);
        const m = yield* receive((x: Term) => Array.isArray(x) && x[0] === '$socket');
        send(me, ['p2', 'select', (m as readonly Term[])[3] === (r[1] as socket.select_info)[2]]);
        const a = ok<Sock>(yield* socket.accept(l, 'nowait'));
        yield* socket.close(a);
        send(me, ['p2', 'accepted']);
      });
      expect(yield* next(5000)).toEqual(['p2', 'queued']);
      const r = yield* socket.accept(l, 'nowait');
      expect(r[0]).toBe('select');
      const c1 = ok<Sock>(socket.open('inet', 'stream'));
      const c2 = ok<Sock>(socket.open('inet', 'stream'));
      yield* socket.connect(c1, addr);
      yield* socket.connect(c2, addr);
      expect(yield* next(5000)).toEqual(['p2', 'select', true]);
      expect(yield* next(5000)).toEqual(['p2', 'accepted']);
      // We were behind p2, so our select comes now, for the second connection.
      const m = yield* next(5000);
      expect(m).toEqual(selectMsg(l, (r[1] as socket.select_info)[2]));
      const a = ok<Sock>(yield* socket.accept(l, 0));
      yield* closeAll(l, c1, c2, a);
    }));
});
