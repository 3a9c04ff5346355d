/** Selective receive: matchers, patterns, order, time-outs, the save pointer and markers. */
import { describe, expect, it } from 'vitest';
import { Pid, Ref, TIMEOUT, _, makeRef, monitor, processInfo, receive, run, self, send, spawn, yieldProcess, type Term } from '../../index.ts';

function* drain(): Generator<unknown, Term[], unknown> {
  const out: Term[] = [];
  for (;;) {
    const m = yield* receive(_, { after: 0 });
    if (m === TIMEOUT) return out;
    out.push(m);
  }
}

describe('matchers', () => {
  it('takes the first message a predicate accepts and leaves the rest in order', async () => {
    const got = await run(function* () {
      const me = self();
      for (const m of [1, 2, 3, 4, 5]) send(me, m);
      const even = yield* receive((m) => typeof m === 'number' && m % 2 === 0);
      return [even, yield* drain()];
    });
    expect(got).toEqual([2, [1, 3, 4, 5]]);
  });

  it('narrows with a type guard', async () => {
    const got = await run(function* () {
      send(self(), 'x');
      send(self(), 9);
      const n: number = yield* receive((m): m is number => typeof m === 'number');
      return n + 1;
    });
    expect(got).toBe(10);
  });

  it('patterns: tuples by length and element, maps by listed keys, buffers by content, pids and refs by identity', async () => {
    const got = await run(function* () {
      const me = self();
      const r1 = makeRef();
      const r2 = makeRef();
      send(me, ['reply', r2, 'wrong']);
      send(me, ['reply', r1]);
      send(me, ['reply', r1, 'ok', 'extra']);
      send(me, ['reply', r1, 'ok']);
      send(me, { kind: 'a', x: 1, y: 2 });
      send(me, Buffer.from('abd'));
      send(me, Buffer.from('abc'));
      send(me, me);
      const a = yield* receive(['reply', r1, _]);
      const b = yield* receive({ x: 1, kind: _ });
      const c = yield* receive(Buffer.from('abc'));
      const d = yield* receive(me);
      const rest = yield* drain();
      return { a, b, c: String(c), d: d === me, rest: rest.length };
    });
    expect(got.a).toEqual(['reply', expect.any(Ref), 'ok']);
    expect(got.b).toEqual({ kind: 'a', x: 1, y: 2 });
    expect(got.c).toBe('abc');
    expect(got.d).toBe(true);
    expect(got.rest).toBe(4);
  });

  it('a map pattern does not match a tuple, nor a tuple pattern a map', async () => {
    const got = await run(function* () {
      send(self(), ['a']);
      send(self(), { 0: 'a' });
      return [yield* receive({ 0: 'a' }, { after: 0 }), yield* receive(['a'], { after: 0 })];
    });
    expect(got).toEqual([{ 0: 'a' }, ['a']]);
  });

  it('primitives match by ===', async () => {
    const got = await run(function* () {
      send(self(), '1');
      send(self(), 1);
      return yield* receive(1);
    });
    expect(got).toBe(1);
  });
});

describe('time-outs', () => {
  it('after: 0 polls: returns TIMEOUT at once when nothing matches, keeping the queue', async () => {
    const got = await run(function* () {
      send(self(), 'other');
      const t = yield* receive('wanted', { after: 0 });
      return [t === TIMEOUT, yield* drain()];
    });
    expect(got).toEqual([true, ['other']]);
  });

  it('after: 0 returns a queued match', async () => {
    const got = await run(function* () {
      send(self(), 'wanted');
      return yield* receive('wanted', { after: 0 });
    });
    expect(got).toBe('wanted');
  });

  it('after: N returns TIMEOUT when nothing comes, the message when one does', async () => {
    const got = await run(function* () {
      const me = self();
      const t = yield* receive(_, { after: 5 });
      setTimeout(() => send(me, 'late'), 2);
      const m = yield* receive(_, { after: 10_000 });
      return [t === TIMEOUT, m];
    });
    expect(got).toEqual([true, 'late']);
  });

  it("after: 'infinity' waits", async () => {
    const got = await run(function* () {
      const me = self();
      setTimeout(() => send(me, 'eventually'), 5);
      return yield* receive(_, { after: 'infinity' });
    });
    expect(got).toBe('eventually');
  });

  it('a bad after raises timeout_value, as erl does for -1 and 2^32', async () => {
    for (const after of [-1, 4294967296, Number.NaN]) {
      await expect(run(function* () { yield* receive(_, { after }); })).rejects.toMatchObject({ reason: 'timeout_value' });
    }
  });

  it('an after beyond what a Node timer takes (2^31 ms) still waits, and the message still comes', async () => {
    // Node fires a timer of more than 2^31 - 1 ms after 1 ms; the runtime waits in steps.
    const got = await run(function* () {
      const me = self();
      setTimeout(() => send(me, 'late'), 30);
      return yield* receive(_, { after: 3_000_000_000 });
    });
    expect(got).toBe('late');
  });
});

describe('a message for a waiting receive', () => {
  it('a waiting pattern receive takes the new match and leaves the queued messages in order', async () => {
    const got = await run(function* () {
      const me = self();
      spawn(function* () {
        send(me, 'a');
        send(me, ['x', 1]);
        yield* yieldProcess();
        send(me, 'b');
        send(me, ['want', 2]);
        send(me, 'c');
      });
      const m = yield* receive(['want', _]);
      return [m, yield* drain()];
    });
    expect(got).toEqual([['want', 2], ['a', ['x', 1], 'b', 'c']]);
  });

  it('is counted in processInfo until the receiver runs, and keeps arrival order for markers', async () => {
    const got = await run(function* () {
      const me = self();
      const p = spawn(function* () {
        const first = yield* receive();
        const ref = makeRef();
        send(me, ['ready', first]);
        const next = yield* receive(_, { marker: ref });
        send(me, ['next', next, yield* drain()]);
      });
      yield* yieldProcess();
      send(p, 'one');
      send(p, 'two');
      const info = [processInfo(p, 'message_queue_len'), processInfo(p, 'messages'), processInfo(p, 'status')];
      const ready = yield* receive(['ready', _]);
      send(p, 'three');
      const next = yield* receive(['next', _, _]);
      return [info, ready, next];
    });
    expect(got).toEqual([
      [['message_queue_len', 2], ['messages', ['one', 'two']], ['status', 'runnable']],
      ['ready', 'one'],
      ['next', 'three', ['two']],
    ]);
  });
});

describe('save pointer', () => {
  it('a suspended receive tests each message once, not the whole queue on each arrival', async () => {
    const tested: Term[] = [];
    const got = await run(function* () {
      const me = self();
      spawn(function* () {
        for (let i = 0; i < 50; i++) {
          send(me, i);
          yield* yieldProcess();
        }
        send(me, 'stop');
      });
      const m = yield* receive((x) => {
        tested.push(x);
        return x === 'stop';
      });
      return [m, (yield* drain()).length];
    });
    expect(got).toEqual(['stop', 50]);
    expect(tested.length).toBe(51);
  });

  it('a new receive starts again from the oldest message', async () => {
    const got = await run(function* () {
      const me = self();
      send(me, 'a');
      send(me, 'b');
      yield* receive('b');
      return yield* receive();
    });
    expect(got).toBe('a');
  });
});

describe('markers', () => {
  it('a receive with a marker skips messages that arrived before the ref was made', async () => {
    const got = await run(function* () {
      const me = self();
      send(me, 'old');
      const ref = makeRef();
      send(me, 'new');
      const first = yield* receive(_, { marker: ref });
      return [first, yield* drain()];
    });
    expect(got).toEqual(['new', ['old']]);
  });

  it('the marker stays right after messages around it are received', async () => {
    const got = await run(function* () {
      const me = self();
      send(me, 'a');
      send(me, 'b');
      const ref = makeRef();
      yield* receive('b');
      send(me, 'c');
      const older = makeRef();
      send(me, 'd');
      return [yield* receive(_, { marker: ref }), yield* receive(_, { marker: older }), yield* drain()];
    });
    expect(got).toEqual(['c', 'd', ['a']]);
  });

  it('request/reply through a large backlog with a monitor ref as marker', async () => {
    const got = await run(function* () {
      const me = self();
      for (let i = 0; i < 100_000; i++) send(me, ['noise', i]);
      const server = spawn(function* () {
        for (;;) {
          const [from, ref, n] = (yield* receive([_, _, _])) as [Pid, Ref, number];
          send(from, [ref, n * 2]);
        }
      });
      let sum = 0;
      for (let i = 0; i < 100; i++) {
        const ref = monitor('process', server);
        send(server, [me, ref, i]);
        const [, v] = (yield* receive([ref, _], { marker: ref })) as [Ref, number];
        sum += v;
      }
      return sum;
    });
    expect(got).toBe(9900);
  });

  it('a ref made outside the process does not skip anything', async () => {
    const outside = makeRef();
    const got = await run(function* () {
      send(self(), 'x');
      return yield* receive(_, { marker: outside, after: 0 });
    });
    expect(got).toBe('x');
  });
});

describe('ordering', () => {
  it('messages from one sender arrive in the order sent', async () => {
    const got = await run(function* () {
      const me = self();
      spawn(function* () {
        for (let i = 0; i < 1000; i++) send(me, i);
      });
      const out: Term[] = [];
      for (let i = 0; i < 1000; i++) out.push(yield* receive());
      return out;
    });
    expect(got).toEqual(Array.from({ length: 1000 }, (_x, i) => i));
  });
});
