/**
 * The operation queue state machine (socket/queue.ts): unit cases taken from what
 * erl (OTP 25) does with real sockets, and a property over random sequences of
 * calls, readiness, cancels, deaths and close from several processes against a
 * list model of the manual's "Operation Queuing" rules.
 *
 * The erl cases were run as below (P1..P3 are helper processes doing the calls on one
 * accepted TCP socket A, C its peer); each test names the observation it encodes.
 *   {select, SI1} = P1: socket:recv(A, 0, nowait), {select, SI2} = P2: same.
 *   P2 repeats          -> error:{invalid, state} raised by the NIF
 *   P3: recv(A, 0, 0)   -> {error, timeout}, P3 not queued (num_readers stays 2)
 *   P1 repeats          -> {select, {select_info, recv, NewRef}}; cancel(A, SI1) -> {error, {invalid, SI1}}
 *   send(C, "x")        -> only P1 gets {'$socket', A, select, NewRef}
 *   P1: cancel(A, SI1') after its select arrived -> ok, message flushed, P2 gets its select
 *   P2: cancel(A, SI2) twice -> ok, then {error, {invalid, SI2}}
 *   P1 current with timeout 0 recv and no data -> {error, timeout}; P1 stays current with its old handle
 *   close(A) -> every pending nowait op gets {'$socket', A, abort, {Handle, closed}},
 *              a blocked recv returns {error, closed}; cancel after close -> {error, closed}
 *   accept: same queueing; exit(P1, kill) while P1 is current acceptor -> P2 is armed
 *           and gets its select when a connection arrives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Pid, Ref, type Term } from '../../runtime/term.ts';
import {
  OpQueue, closeAll, downAll, makeQueues, queueOf, type QueueEffects, type queue_kind,
} from '../../socket/queue.ts';

type Event =
  | readonly ['interest', queue_kind, boolean, boolean]
  | readonly ['select', Pid, Ref]
  | readonly ['abort', Pid, Ref, Term];

function recorder(): { fx: QueueEffects; log: Event[] } {
  const log: Event[] = [];
  return {
    log,
    fx: {
      interest: (kind, on, level) => log.push(['interest', kind, on, level]),
      select: (pid, handle) => log.push(['select', pid, handle]),
      abort: (pid, handle, reason) => log.push(['abort', pid, handle, reason]),
    },
  };
}

const P1 = new Pid(101);
const P2 = new Pid(102);
const P3 = new Pid(103);

/** A queue where `pid` waits at the head with `handle` (its syscall would block). */
function waitAtHead(q: OpQueue, pid: Pid, handle = new Ref()): Ref {
  expect(q.enter(pid, handle)).toBe('go');
  q.block(pid, handle);
  return handle;
}

describe('queueOf', () => {
  it('maps each select tag to its queue; connect is never queued', () => {
    expect(queueOf('accept')).toBe('acceptors');
    for (const op of ['recv', 'recvfrom', 'recvmsg', 'recvmmsg'] as const) expect(queueOf(op)).toBe('readers');
    for (const op of ['send', 'sendv', 'sendto', 'sendmsg', 'sendmmsg', 'sendfile'] as const) {
      expect(queueOf(op)).toBe('writers');
    }
    expect(queueOf('connect')).toBeUndefined();
  });
});

describe('OpQueue', () => {
  it('arms only the head; the second caller is queued and gets no select message', () => {
    const { fx, log } = recorder();
    const q = new OpQueue('readers', fx);
    const h1 = waitAtHead(q, P1);
    const h2 = new Ref();
    expect(q.enter(P2, h2)).toBe('queued');
    expect(q.size).toBe(2);
    q.ready();
    expect(log).toEqual([['interest', 'readers', true, false], ['interest', 'readers', false, false], ['select', P1, h1]]);
    expect(q.armed).toBe(false);
  });

  it('a queued process repeating its call is refused with state (erl raises {invalid, state})', () => {
    const q = new OpQueue('readers', recorder().fx);
    waitAtHead(q, P1);
    expect(q.enter(P2, new Ref())).toBe('queued');
    expect(q.enter(P2, new Ref())).toBe('state');
    expect(q.size).toBe(2);
  });

  it('time-out 0 behind another head is timeout at once and does not queue', () => {
    const q = new OpQueue('readers', recorder().fx);
    waitAtHead(q, P1);
    expect(q.enter(P2, undefined)).toBe('timeout');
    expect(q.size).toBe(1);
  });

  it('the head repeating its call replaces its operation: the old handle is unknown to cancel', () => {
    const { fx, log } = recorder();
    const q = new OpQueue('readers', fx);
    const h1 = waitAtHead(q, P1);
    const h1b = waitAtHead(q, P1);
    expect(q.cancel(P1, h1)).toBe('not_found');
    q.ready();
    expect(log.filter((e) => e[0] === 'select')).toEqual([['select', P1, h1b]]);
  });

  it('the head with time-out 0 may try again without losing its turn or its handle', () => {
    const { fx, log } = recorder();
    const q = new OpQueue('readers', fx);
    const h1 = waitAtHead(q, P1);
    expect(q.enter(P2, new Ref())).toBe('queued');
    expect(q.enter(P1, undefined)).toBe('go'); // the syscall says EAGAIN: the core changes nothing
    q.ready();
    expect(log.at(-1)).toEqual(['select', P1, h1]);
  });

  it('when the head completes, the next is armed and gets its select on readiness', () => {
    const { fx, log } = recorder();
    const q = new OpQueue('readers', fx);
    waitAtHead(q, P1);
    const h2 = new Ref();
    q.enter(P2, h2);
    q.ready();
    expect(q.enter(P1, new Ref())).toBe('go');
    q.done(P1);
    expect(q.current?.pid).toBe(P2);
    expect(q.armed).toBe(true);
    q.ready();
    expect(log.at(-1)).toEqual(['select', P2, h2]);
  });

  it('turns pass in arrival order', () => {
    const { fx, log } = recorder();
    const q = new OpQueue('acceptors', fx);
    waitAtHead(q, P1);
    const h2 = new Ref();
    const h3 = new Ref();
    q.enter(P2, h2);
    q.enter(P3, h3);
    for (const pid of [P1, P2, P3]) {
      q.ready();
      q.enter(pid, new Ref());
      q.done(pid);
    }
    expect(log.filter((e) => e[0] === 'select').map((e) => e[1])).toEqual([P1, P2, P3]);
    expect(q.size).toBe(0);
    expect(q.armed).toBe(false);
  });

  it('cancel after the select was sent reports select_sent and hands the turn on', () => {
    const { fx, log } = recorder();
    const q = new OpQueue('readers', fx);
    const h1 = waitAtHead(q, P1);
    const h2 = new Ref();
    q.enter(P2, h2);
    q.ready();
    expect(q.cancel(P1, h1)).toBe('select_sent');
    q.ready();
    expect(log.filter((e) => e[0] === 'select')).toEqual([['select', P1, h1], ['select', P2, h2]]);
  });

  it('cancel of a waiting operation twice: ok, then not_found', () => {
    const q = new OpQueue('readers', recorder().fx);
    waitAtHead(q, P1);
    const h2 = new Ref();
    q.enter(P2, h2);
    expect(q.cancel(P2, h2)).toBe('ok');
    expect(q.cancel(P2, h2)).toBe('not_found');
    expect(q.size).toBe(1);
  });

  it("cancel matches only the caller's own operation", () => {
    const q = new OpQueue('readers', recorder().fx);
    waitAtHead(q, P1);
    const h2 = new Ref();
    q.enter(P2, h2);
    expect(q.cancel(P1, h2)).toBe('not_found');
    expect(q.cancel(P3, new Ref())).toBe('not_found');
  });

  it('cancel of the head before its select disarms when nobody waits', () => {
    const { fx, log } = recorder();
    const q = new OpQueue('writers', fx);
    const h1 = waitAtHead(q, P1);
    expect(q.cancel(P1, h1)).toBe('ok');
    expect(q.armed).toBe(false);
    expect(log).toEqual([['interest', 'writers', true, false], ['interest', 'writers', false, true]]);
  });

  it('the death of the head arms the next; the death of a waiter removes it', () => {
    const { fx, log } = recorder();
    const q = new OpQueue('acceptors', fx);
    waitAtHead(q, P1);
    const h2 = new Ref();
    const h3 = new Ref();
    q.enter(P2, h2);
    q.enter(P3, h3);
    q.down(P1);
    q.down(P3);
    expect(q.size).toBe(1);
    q.ready();
    expect(log.filter((e) => e[0] === 'select')).toEqual([['select', P2, h2]]);
  });

  it('close aborts every operation, head first, and refuses later calls and cancels', () => {
    const { fx, log } = recorder();
    const q = new OpQueue('readers', fx);
    const h1 = waitAtHead(q, P1);
    const h2 = new Ref();
    const h3 = new Ref();
    q.enter(P2, h2);
    q.enter(P3, h3);
    q.close();
    expect(log.slice(-4)).toEqual([
      ['interest', 'readers', false, false],
      ['abort', P1, h1, 'closed'],
      ['abort', P2, h2, 'closed'],
      ['abort', P3, h3, 'closed'],
    ]);
    expect(q.enter(P1, new Ref())).toBe('closed');
    expect(q.cancel(P2, h2)).toBe('closed');
    expect(q.size).toBe(0);
  });

  it('block by a process that is not the head is a core bug and throws', () => {
    const q = new OpQueue('readers', recorder().fx);
    waitAtHead(q, P1);
    expect(() => q.block(P2, new Ref())).toThrow(/block by/);
  });

  it('socket queues: down and close reach all three', () => {
    const { fx, log } = recorder();
    const qs = makeQueues(fx);
    waitAtHead(qs.readers, P1);
    waitAtHead(qs.writers, P1);
    waitAtHead(qs.acceptors, P2);
    downAll(qs, P1);
    expect([qs.readers.size, qs.writers.size, qs.acceptors.size]).toEqual([0, 0, 1]);
    closeAll(qs);
    expect(log.filter((e) => e[0] === 'abort').map((e) => e[1])).toEqual([P2]);
  });
});

// ---------------------------------------------------------------------------
// Property: random sequences against a list model

type Cmd =
  | { readonly c: 'call'; readonly p: number; readonly zero: boolean; readonly blocks: boolean }
  | { readonly c: 'ready' }
  | { readonly c: 'cancel'; readonly p: number; readonly own: boolean }
  | { readonly c: 'down'; readonly p: number }
  | { readonly c: 'close' };

const PIDS = [new Pid(1), new Pid(2), new Pid(3), new Pid(4)];

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ c: fc.constant('call' as const), p: fc.nat(3), zero: fc.boolean(), blocks: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ c: fc.constant('ready' as const) }) },
  { weight: 2, arbitrary: fc.record({ c: fc.constant('cancel' as const), p: fc.nat(3), own: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ c: fc.constant('down' as const), p: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ c: fc.constant('close' as const) }) },
);

/** The model: the pending operations as a list, head first; `sent` marks a delivered select. */
interface MOp {
  pid: Pid;
  handle: Ref;
  sent: boolean;
}

it('property: the queue behaves as the list model, and its messages obey the manual', () => {
  fc.assert(
    fc.property(fc.array(cmdArb, { maxLength: 60 }), (cmds) => {
      const { fx, log } = recorder();
      const q = new OpQueue('readers', fx);
      const model: MOp[] = [];
      let closed = false;
      let interest = false;
      const expected: Event[] = [];
      // The handle each process last used, to cancel "its own" operation.
      const lastHandle = new Map<Pid, Ref>();
      const dead = new Set<Pid>();
      // Log positions of each death and each successful cancel.
      const deadAt = new Map<Pid, number>();
      const cancelAt = new Map<Ref, number>();
      // `promoted`: the head left and the next one (or nobody) took over; a new head has
      // not tried its syscall, so its interest is asked for again, level-triggered.
      const setInterest = (promoted = false) => {
        const want = !closed && model.length > 0 && !model[0]!.sent;
        if (want !== interest || (want && promoted)) {
          interest = want;
          expected.push(['interest', 'readers', want, promoted]);
        }
      };

      for (const cmd of cmds) {
        switch (cmd.c) {
          case 'call': {
            const pid = PIDS[cmd.p]!;
            if (dead.has(pid)) break;
            const handle = new Ref();
            const r = q.enter(pid, cmd.zero ? undefined : handle);
            let want: string;
            if (closed) want = 'closed';
            else if (model.length === 0 || model[0]!.pid === pid) want = 'go';
            else if (model.some((o) => o.pid === pid)) want = 'state';
            else if (cmd.zero) want = 'timeout';
            else {
              model.push({ pid, handle, sent: false });
              lastHandle.set(pid, handle);
              want = 'queued';
            }
            expect(r).toBe(want);
            if (r !== 'go') break;
            if (cmd.blocks && !cmd.zero) {
              q.block(pid, handle);
              lastHandle.set(pid, handle);
              if (model.length === 0) model.push({ pid, handle, sent: false });
              else model[0] = { pid, handle, sent: false };
              setInterest();
            } else if (!cmd.blocks) {
              q.done(pid);
              if (model[0]?.pid === pid) {
                model.shift();
                setInterest(true);
              }
            }
            break;
          }
          case 'ready': {
            q.ready();
            const head = model[0];
            if (!closed && head && !head.sent) {
              head.sent = true;
              setInterest();
              expected.push(['select', head.pid, head.handle]);
            }
            break;
          }
          case 'cancel': {
            const pid = PIDS[cmd.p]!;
            const handle = cmd.own ? (lastHandle.get(pid) ?? new Ref()) : new Ref();
            const r = q.cancel(pid, handle);
            let want: string;
            const i = model.findIndex((o) => o.pid === pid && o.handle === handle);
            if (closed) want = 'closed';
            else if (i < 0) want = 'not_found';
            else {
              want = i === 0 && model[0]!.sent ? 'select_sent' : 'ok';
              model.splice(i, 1);
              cancelAt.set(handle, log.length);
              setInterest(i === 0);
            }
            expect(r).toBe(want);
            break;
          }
          case 'down': {
            const pid = PIDS[cmd.p]!;
            q.down(pid);
            dead.add(pid);
            if (!deadAt.has(pid)) deadAt.set(pid, log.length);
            if (!closed) {
              const i = model.findIndex((o) => o.pid === pid);
              if (i >= 0) model.splice(i, 1);
              setInterest(i === 0);
            }
            break;
          }
          case 'close': {
            q.close();
            if (!closed) {
              closed = true;
              setInterest();
              for (const o of model.splice(0)) expected.push(['abort', o.pid, o.handle, 'closed']);
            }
            break;
          }
        }
        // Invariants after every step.
        expect(q.size).toBe(model.length);
        expect(q.armed).toBe(!closed && model.length > 0 && !model[0]!.sent);
        expect(new Set([q.current, ...q.queued].filter(Boolean).map((o) => o!.pid)).size).toBe(q.size);
      }
      expect(log).toEqual(expected);

      // The manual's message rules, read off the effect log alone.
      const messages = log.filter((e) => e[0] !== 'interest');
      // Per operation at most one select and at most one abort (a head whose select was
      // delivered still gets the abort when the socket closes under it, as in OTP).
      for (const kind of ['select', 'abort'] as const) {
        const handles = messages.filter((e) => e[0] === kind).map((e) => e[2]);
        expect(new Set(handles).size).toBe(handles.length);
      }
      // Nothing reaches a dead process after its death, nor a handle after its cancel.
      log.forEach((e, i) => {
        if (e[0] === 'interest') return;
        expect(i < (deadAt.get(e[1]) ?? Infinity)).toBe(true);
        expect(i < (cancelAt.get(e[2]) ?? Infinity)).toBe(true);
      });
    }),
    { numRuns: 1000 },
  );
});
