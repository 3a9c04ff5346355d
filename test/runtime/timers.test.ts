/** Timers: sendAfter, startTimer, cancelTimer, readTimer, sleep. */
import { describe, expect, it } from 'vitest';
import { ErlangError, Ref, TIMEOUT, _, cancelTimer, exit, readTimer, receive, register, run, self, sendAfter, sleep, spawnMonitor, startTimer, unregister } from '../../index.ts';

describe('timers', () => {
  it('sendAfter delivers the message', async () => {
    const got = await run(function* () {
      sendAfter(2, self(), 'ding');
      return yield* receive();
    });
    expect(got).toBe('ding');
  });

  it("startTimer delivers ['timeout', tref, msg]", async () => {
    const got = await run(function* () {
      const t = startTimer(2, self(), 'ding');
      const m = yield* receive();
      return [(m as unknown[])[0], (m as unknown[])[1] === t, (m as unknown[])[2]];
    });
    expect(got).toEqual(['timeout', true, 'ding']);
  });

  it('sendAfter to a registered name resolves the name when it fires', async () => {
    const got = await run(function* () {
      sendAfter(2, 'timers_test_name', 'by-name');
      register('timers_test_name', self());
      const m = yield* receive();
      unregister('timers_test_name');
      return m;
    });
    expect(got).toBe('by-name');
  });

  it('cancelTimer returns the time left and stops the message; false the second time', async () => {
    const got = await run(function* () {
      const t = sendAfter(10_000, self(), 'never');
      const left = readTimer(t);
      const c1 = cancelTimer(t);
      return [left, c1, cancelTimer(t), readTimer(t), yield* receive(_, { after: 0 })];
    });
    const [left, c1, c2, r2, m] = got as [number, number, unknown, unknown, unknown];
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(10_000);
    expect(c1).toBeGreaterThan(0);
    expect(c1).toBeLessThanOrEqual(left);
    expect([c2, r2, m]).toEqual([false, false, TIMEOUT]);
  });

  it('a timer cancelled after it fired returns false and the message stays', async () => {
    const got = await run(function* () {
      const t = sendAfter(1, self(), 'fired');
      yield* sleep(10);
      return [cancelTimer(t), readTimer(t), yield* receive(_, { after: 0 })];
    });
    expect(got).toEqual([false, false, 'fired']);
  });

  it('a timer to a pid is cancelled when that process ends, or from the start if it is dead', async () => {
    const got = await run(function* () {
      const [p, ref] = spawnMonitor(function* () {
        yield* receive();
      });
      const t = sendAfter(10_000, p, 'late');
      const before = readTimer(t);
      exit(p, 'kill');
      yield* receive(['DOWN', ref, _, _, _]);
      const t2 = sendAfter(10, p, 'to_dead');
      return [typeof before, readTimer(t), cancelTimer(t), readTimer(t2)];
    });
    expect(got).toEqual(['number', false, false, false]);
  });

  it('bad arguments are badarg', async () => {
    await run(function* () {
      expect(() => sendAfter(-1, self(), 'x')).toThrow(ErlangError);
      expect(() => sendAfter(1, 42 as unknown as string, 'x')).toThrow(ErlangError);
      expect(() => cancelTimer('x' as unknown as Ref)).toThrow(ErlangError);
    });
  });

  it('sleep suspends without taking messages', async () => {
    const got = await run(function* () {
      sendAfter(1, self(), 'kept');
      yield* sleep(5);
      return yield* receive(_, { after: 0 });
    });
    expect(got).toBe('kept');
  });

  it('a program whose processes wait forever exits: the idle runtime holds no handle', async () => {
    const { execFileSync } = await import('node:child_process');
    const code = `
      import { spawn, receive, run, sendAfter, self, sleep } from ${JSON.stringify(new URL('../../index.ts', import.meta.url).pathname)};
      spawn(function* () { yield* receive(); });
      const r = await run(function* () { sendAfter(5, self(), 'x'); yield* receive(); yield* sleep(5); return 'done'; });
      console.log(r);
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('done');
  });
});

describe('timers longer than a Node timer takes (2^31 - 1 ms)', () => {
  // Node fires such a timer after 1 ms; Erlang allows up to 2^32 - 1 ms.
  it('sendAfter and startTimer of 3e9 ms do not fire early and read their time left', async () => {
    const got = await run(function* () {
      const a = sendAfter(3_000_000_000, self(), 'too soon');
      const b = startTimer(3_000_000_000, self(), 'too soon');
      const early = yield* receive(_, { after: 50 });
      const left = readTimer(a) as number;
      return [early === TIMEOUT, left > 2_999_000_000, cancelTimer(a) !== false, cancelTimer(b) !== false];
    });
    expect(got).toEqual([true, true, true, true]);
  });
});
