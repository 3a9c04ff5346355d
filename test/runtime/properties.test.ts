/**
 * The mailbox and signal rules as fast-check properties, each over seeded interleavings
 * (beamlet/testkit): the scheduler's choice of the next process comes from a seed that
 * fast-check searches and shrinks along with the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Pid,
  Ref,
  TIMEOUT,
  _,
  demonitor,
  exit,
  link,
  monitor,
  processFlag,
  processInfo,
  receive,
  self,
  send,
  spawn,
  yieldProcess,
  type Term,
} from '../../index.ts';
import { forAllInterleavings, forAllSeeds, runSeeded } from '../../runtime/testkit.ts';

function* drain(): Generator<unknown, Term[], unknown> {
  const out: Term[] = [];
  for (;;) {
    const m = yield* receive(_, { after: 0 });
    if (m === TIMEOUT) return out;
    out.push(m);
  }
}

describe('testkit', () => {
  it('one seed gives one schedule; different seeds give different ones', async () => {
    const order = (seed: number) =>
      runSeeded(seed, function* () {
        const me = self();
        for (let i = 0; i < 8; i++) {
          spawn(function* () {
            yield* yieldProcess();
            send(me, i);
          });
        }
        const got: Term[] = [];
        for (let i = 0; i < 8; i++) got.push(yield* receive());
        return got.join(',');
      });
    expect(await order(1)).toBe(await order(1));
    const seen = new Set<string>();
    for (let s = 0; s < 20; s++) seen.add(await order(s));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('forAllSeeds runs a scenario under many schedules', async () => {
    let runs = 0;
    await forAllSeeds(
      function* () {
        runs++;
        const me = self();
        // A token around a ring of 5: it must come back whatever the schedule.
        let next = me;
        for (let i = 0; i < 5; i++) {
          next = spawn(function* (to: Pid) {
            send(to, yield* receive());
          }, next);
        }
        send(next, 'token');
        if ((yield* receive()) !== 'token') throw new Error('lost the token');
      },
      { numRuns: 40 },
    );
    expect(runs).toBe(40);
  });

  it('finds and shrinks a schedule that breaks a racy scenario', async () => {
    // Two writers race to a shared cell; the scenario wrongly asserts the first spawned wins.
    let failure: unknown;
    try {
      await forAllInterleavings(
        fc.constant(null),
        function* () {
          const me = self();
          let cell = '';
          spawn(function* () {
            yield* yieldProcess();
            cell = 'a';
            send(me, 'done');
          });
          spawn(function* () {
            yield* yieldProcess();
            cell = 'b';
            send(me, 'done');
          });
          yield* receive('done');
          yield* receive('done');
          if (cell !== 'b') throw new Error(`cell is ${cell}`);
        },
        { numRuns: 200, seed: 7 },
      );
    } catch (e) {
      failure = e;
    }
    expect(String(failure)).toMatch(/Counterexample: \[null,\d+\]/);
  });
});

describe('testkit deadlock detection', () => {
  it('rejects at once when every process waits and nothing can wake one', async () => {
    await expect(
      runSeeded(3, function* () {
        const me = self();
        spawn(function* () {
          yield* receive('never_sent');
        });
        send(me, 'not_this');
        yield* receive('nor_this');
      }),
    ).rejects.toThrow(/deadlock.*seed 3/);
  });

  it('does not call a wait on a timer a deadlock', async () => {
    const got = await runSeeded(4, function* () {
      return yield* receive('never', { after: 5 });
    });
    expect(got).toBe(TIMEOUT);
  });
});

describe('properties over seeded interleavings', () => {
  it('messages from each sender to each receiver arrive in the order sent', async () => {
    const input = fc.record({
      senders: fc.integer({ min: 1, max: 4 }),
      receivers: fc.integer({ min: 1, max: 3 }),
      plan: fc.array(fc.tuple(fc.nat(3), fc.nat(2), fc.boolean()), { maxLength: 60 }),
    });
    await forAllInterleavings(
      input,
      function* ({ senders, receivers, plan }) {
        const me = self();
        const rs: Pid[] = [];
        for (let r = 0; r < receivers; r++) {
          rs.push(
            spawn(function* () {
              const got: Term[] = [];
              for (;;) {
                const m = yield* receive();
                if (m === 'stop') break;
                got.push(m);
              }
              send(me, ['got', r, got]);
            }),
          );
        }
        for (let s = 0; s < senders; s++) {
          spawn(function* () {
            let n = 0;
            for (const [who, to, pause] of plan) {
              if (who % senders !== s) continue;
              send(rs[to % receivers]!, [s, n++]);
              if (pause) yield* yieldProcess();
            }
            send(me, 'sent');
          });
        }
        for (let s = 0; s < senders; s++) yield* receive('sent');
        for (const r of rs) send(r, 'stop');
        for (let r = 0; r < receivers; r++) {
          const [, , got] = (yield* receive(['got', _, _])) as [string, number, [number, number][]];
          const last = new Map<number, number>();
          for (const [s, n] of got) {
            if ((last.get(s) ?? -1) >= n) throw new Error(`out of order from ${s}: ${JSON.stringify(got)}`);
            last.set(s, n);
          }
        }
      },
      { numRuns: 150 },
    );
  });

  it('selective receive returns the first match in arrival order and leaves the rest in order', async () => {
    const input = fc.record({
      msgs: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 30 }),
      picks: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 })), { maxLength: 6 }),
    });
    await forAllInterleavings(
      input,
      function* ({ msgs, picks }) {
        const me = self();
        spawn(function* () {
          for (const m of msgs) {
            send(me, m);
            yield* yieldProcess();
          }
          send(me, 'end');
        });
        // Noise processes add scheduling choices without touching the mailbox under test.
        for (let i = 0; i < 2; i++) spawn(function* () { for (let k = 0; k < 5; k++) yield* yieldProcess(); });
        const model = [...msgs];
        for (const [exact, p] of picks) {
          // A pattern (exact value) when the model says one will come, else a predicate
          // that also accepts the end marker: patterns and predicates take different paths.
          const j = model.indexOf(p);
          if (exact && j !== -1) {
            const got = yield* receive(p);
            if (got !== p) throw new Error(`pattern ${p}: got ${String(got)}`);
            model.splice(j, 1);
            continue;
          }
          const i = model.findIndex((m) => m >= p);
          const got = yield* receive((m) => m === 'end' || (typeof m === 'number' && m >= p));
          if (i === -1) {
            if (got !== 'end') throw new Error(`expected end, got ${String(got)}`);
            send(me, 'end');
            continue;
          }
          if (got !== model[i]) throw new Error(`pick >= ${p}: got ${String(got)}, model ${model[i]}`);
          model.splice(i, 1);
        }
        yield* receive('end');
        const rest = (yield* drain()).filter((m) => m !== 'end');
        if (JSON.stringify(rest) !== JSON.stringify(model)) throw new Error(`rest ${JSON.stringify(rest)} model ${JSON.stringify(model)}`);
      },
      { numRuns: 150 },
    );
  });

  it("every monitor yields exactly one 'DOWN' (none after demonitor)", async () => {
    type End = 'normal' | 'exit' | 'kill';
    const input = fc.record({
      ends: fc.array(fc.constantFrom<End>('normal', 'exit', 'kill'), { minLength: 1, maxLength: 5 }),
      watches: fc.array(fc.tuple(fc.nat(2), fc.nat(4), fc.boolean()), { maxLength: 12 }),
    });
    await forAllInterleavings(
      input,
      function* ({ ends, watches }) {
        const me = self();
        const targets = ends.map((end, i) =>
          spawn(function* () {
            yield* receive('go');
            if (end === 'exit') exit(['bye', i]);
          }),
        );
        const watchers = [0, 1, 2].map((w) =>
          spawn(function* () {
            const mine = watches.filter(([who]) => who === w);
            const live: [Ref, number][] = [];
            for (const [, t, cancel] of mine) {
              const ref = monitor('process', targets[t % targets.length]!);
              if (cancel) demonitor(ref, ['flush']);
              else live.push([ref, t % targets.length]);
              yield* yieldProcess();
            }
            send(me, 'ready');
            const reasons: Term[] = [];
            for (const [ref, t] of live) {
              const d = yield* receive(['DOWN', ref, 'process', _, _]);
              if (d[3] !== targets[t]) throw new Error('DOWN names the wrong pid');
              reasons.push([t, d[4]]);
            }
            yield* receive('check');
            const extra = yield* drain();
            send(me, ['result', reasons, extra.length]);
          }),
        );
        for (let i = 0; i < watchers.length; i++) yield* receive('ready');
        const tmons = targets.map((t) => monitor('process', t));
        targets.forEach((t, i) => (ends[i] === 'kill' ? exit(t, 'kill') : send(t, 'go')));
        // Every target is dead, so every 'DOWN' that will ever come has been delivered.
        for (const r of tmons) yield* receive(['DOWN', r, _, _, _]);
        for (const w of watchers) {
          const wref = monitor('process', w);
          send(w, 'check');
          const r = yield* receive((m): m is readonly Term[] => Array.isArray(m) && (m[0] === 'result' || (m[0] === 'DOWN' && m[1] === wref && m[4] !== 'normal')));
          if (r[0] !== 'result') throw new Error(`watcher died: ${String(r[4])}`);
          const [, reasons, extra] = r as [string, [number, Term][], number];
          if (extra !== 0) throw new Error(`${extra} extra messages`);
          for (const [t, reason] of reasons) {
            const want = ends[t] === 'normal' ? 'normal' : ends[t] === 'kill' ? 'killed' : JSON.stringify(['bye', t]);
            const got = typeof reason === 'string' ? reason : JSON.stringify(reason);
            if (got !== want) throw new Error(`target ${t}: ${got} != ${want}`);
          }
        }
      },
      { numRuns: 150 },
    );
  });

  it('exit propagation through a random link graph matches a model', async () => {
    const input = fc
      .integer({ min: 2, max: 8 })
      .chain((n) =>
        fc.record({
          n: fc.constant(n),
          edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 16 }),
          trap: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
          victim: fc.nat(n - 1),
          reason: fc.constantFrom('normal', 'boom', 'kill'),
          how: fc.constantFrom('signal', 'self'),
        }),
      );
    await forAllInterleavings(
      input,
      function* ({ n, edges, trap, victim, reason, how }) {
        const me = self();
        // Model: who dies, with what reason, and which 'EXIT' messages each survivor traps.
        const adj: Set<number>[] = Array.from({ length: n }, () => new Set());
        for (const [a, b] of edges) if (a !== b) (adj[a]!.add(b), adj[b]!.add(a));
        const dead = new Map<number, string>();
        const trapped: string[][] = Array.from({ length: n }, () => []);
        let rootReason: string | null;
        if (how === 'self') rootReason = reason;
        else if (reason === 'kill') rootReason = 'killed';
        else if (trap[victim]) {
          trapped[victim]!.push(`${me}:${reason}`);
          rootReason = null;
        } else rootReason = reason === 'normal' ? null : reason;
        if (rootReason !== null) {
          dead.set(victim, rootReason);
          const queue = [victim];
          while (queue.length > 0) {
            const d = queue.shift()!;
            for (const q of adj[d]!) {
              if (dead.has(q)) continue;
              if (trap[q]) trapped[q]!.push(`${d}:${rootReason}`);
              else if (rootReason !== 'normal') {
                dead.set(q, rootReason);
                queue.push(q);
              }
            }
          }
        }
        const procs: Pid[] = [];
        for (let i = 0; i < n; i++) {
          procs.push(
            spawn(function* () {
              processFlag('trap_exit', trap[i]!);
              const peers = (yield* receive(['peers', _])) as [string, Pid[]];
              for (const j of adj[i]!) if (j > i) link(peers[1][j]!);
              send(me, 'linked');
              for (;;) {
                const m = yield* receive(['die', _]);
                exit(m[1] as Term);
              }
            }),
          );
        }
        for (const p of procs) send(p, ['peers', procs]);
        for (let i = 0; i < n; i++) yield* receive('linked');
        const mons = procs.map((p) => monitor('process', p));
        if (how === 'self') send(procs[victim]!, ['die', reason]);
        else exit(procs[victim]!, reason);
        const downs = new Map<number, string>();
        while (downs.size < dead.size) {
          const d = yield* receive(['DOWN', _, _, _, _]);
          downs.set(mons.indexOf(d[1] as Ref), String(d[4]));
        }
        if (JSON.stringify([...downs].sort()) !== JSON.stringify([...dead].sort())) {
          throw new Error(`dead ${JSON.stringify([...downs])} model ${JSON.stringify([...dead])}`);
        }
        if ((yield* receive(['DOWN', _, _, _, _], { after: 0 })) !== TIMEOUT) throw new Error('extra DOWN');
        for (let i = 0; i < n; i++) {
          if (dead.has(i)) continue;
          const queued = (processInfo(procs[i]!, 'messages')?.[1] ?? []) as Term[];
          const got = queued
            .filter((m): m is [string, Pid, Term] => Array.isArray(m) && m[0] === 'EXIT')
            .map(([, from, r]) => `${from === me ? me : procs.indexOf(from)}:${String(r)}`);
          if (got.sort().join() !== trapped[i]!.sort().join()) {
            throw new Error(`process ${i} trapped ${got} model ${trapped[i]}`);
          }
        }
        for (const p of procs) exit(p, 'kill');
      },
      { numRuns: 150 },
    );
  });
});
