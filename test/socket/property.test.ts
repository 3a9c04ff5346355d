/**
 * A property over random sequences of socket calls from several processes, against a
 * model of the manual's queue and message rules, on one real TCP connection.
 *
 * Three worker processes make nowait calls (recv of one byte on a connection, or accept
 * on a listener), cancel their last operation, or die (and are replaced); the test
 * process makes what they wait for (a byte from the peer, or a client connection). The
 * model is a FIFO of waiting workers with a "select sent" mark on the head and a count
 * of unread bytes (or pending connections):
 * - recv by the head, or with an empty queue: one byte if there is one (the head's turn
 *   ends), else `{select, SelectInfo}` and it is (again) the head; recv by another
 *   process behind the head: `{select, ...}` and it queues; a waiting process
 *   repeating its call raises `{invalid, state}`;
 * - cancel: `ok` for a queued operation (it leaves the queue), `{error, {invalid, SI}}`
 *   otherwise; a dead worker's operation leaves the queue;
 * - whenever the head has not had its select message and a byte is unread, it gets
 *   exactly one `{'$socket', S, select, Handle}` with the handle of its latest call;
 * - close aborts every queued operation with `{'$socket', S, abort, {Handle, closed}}`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { receive, self, send, sleep, spawn } from '../../runtime/process.ts';
import { ErlangError, type Pid, type Ref, type Term } from '../../runtime/term.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { closeAll, inProcess, socket, tcpPair, type Sock } from './loopback.ts';

checkFdLeaks();

type Step = readonly ['recv', number] | readonly ['cancel', number] | readonly ['die', number] | readonly ['send'];

const W = 3;
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: W - 1 }).map((w) => ['recv', w] as const) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: W - 1 }).map((w) => ['cancel', w] as const) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: W - 1 }).map((w) => ['die', w] as const) },
  { weight: 3, arbitrary: fc.constant(['send'] as const) },
);

/** The operation under test: `recv` of one byte on a connected socket, or `accept`. */
type Kind = 'recv' | 'accept';

function* worker(main: Pid, idx: number, a: Sock, kind: Kind): Generator<unknown, void, unknown> {
  let si: socket.select_info | undefined;
  for (;;) {
    const m = (yield* receive()) as readonly Term[];
    if (m[0] === '$socket') {
      send(main, ['msg', idx, m[2], m[3]]);
      continue;
    }
    if (m[0] === 'call') {
      try {
        const r = kind === 'recv' ? yield* socket.recv(a, 1, 'nowait') : yield* socket.accept(a, 'nowait');
        if (r[0] === 'select') si = r[1] as socket.select_info;
        if (kind === 'accept' && r[0] === 'ok') {
          yield* socket.close(r[1] as Sock);
          send(main, ['res', idx, ['ok', 'accepted']]);
        } else send(main, ['res', idx, r]);
      } catch (e) {
        send(main, ['res', idx, ['raised', (e as ErlangError).reason]]);
      }
    } else if (m[0] === 'cancel') {
      send(main, ['res', idx, si === undefined ? 'none' : [socket.cancel(a, si), si]]);
    } else return;
  }
}

interface Waiting {
  readonly w: number;
  sent: boolean;
}

function* scenario(kind: Kind, steps: readonly Step[]): Generator<unknown, void, unknown> {
  const { l, c, a: conn } = yield* tcpPair();
  // The socket whose queue is under test: the connection's for recv, the listener's for accept.
  const a = kind === 'recv' ? conn : l;
  const addr = socket.sockname(l)[1] as socket.sockaddr;
  // Room for every connection a sequence can make before it is accepted.
  expect(socket.listen(l, 128)).toBe('ok');
  const clients: Sock[] = [];
  const me = self();
  const workers: Pid[] = [];
  for (let i = 0; i < W; i++) workers.push(spawn(worker, me, i, a, kind));
  const handle: (Ref | undefined)[] = new Array(W).fill(undefined);
  const queue: Waiting[] = [];
  let bytes = 0;

  function* reply(): Generator<unknown, Term, unknown> {
    const m = (yield* receive((x: Term) => Array.isArray(x) && x[0] === 'res', { after: 5000 })) as readonly Term[];
    return m[2]!;
  }
  // Messages the workers forwarded since the last step, after readiness has settled.
  function* delivered(): Generator<unknown, Term[], unknown> {
    yield* sleep(4);
    const out: Term[] = [];
    for (;;) {
      const m = yield* receive((x: Term) => Array.isArray(x) && x[0] === 'msg', { after: 0 });
      if (typeof m === 'symbol') return out;
      out.push(m);
    }
  }

  for (const st of steps) {
    if (st[0] === 'send') {
      bytes++;
      if (kind === 'recv') expect(yield* socket.send(c, 'b')).toBe('ok');
      else {
        const k = (socket.open('inet', 'stream') as readonly [string, Sock])[1];
        clients.push(k);
        expect(yield* socket.connect(k, addr)).toBe('ok');
      }
    } else if (st[0] === 'recv') {
      const w = st[1];
      send(workers[w]!, ['call']);
      const r = (yield* reply()) as readonly Term[];
      const i = queue.findIndex((x) => x.w === w);
      if (i > 0) expect(r).toEqual(['raised', ['invalid', 'state']]);
      else if ((queue.length === 0 || i === 0) && bytes > 0) {
        expect(r).toEqual(kind === 'recv' ? ['ok', Buffer.from('b')] : ['ok', 'accepted']);
        bytes--;
        if (i === 0) queue.shift();
      } else {
        expect(r[0]).toBe('select');
        handle[w] = (r[1] as socket.select_info)[2];
        if (i === 0) queue[0] = { w, sent: false };
        else queue.push({ w, sent: false });
      }
    } else if (st[0] === 'cancel') {
      const w = st[1];
      send(workers[w]!, ['cancel']);
      const r = yield* reply();
      if (r !== 'none') {
        const [res, si] = r as readonly [Term, socket.select_info];
        const i = queue.findIndex((x) => x.w === w && handle[w] === si[2]);
        if (i >= 0) {
          expect(res).toBe('ok');
          queue.splice(i, 1);
        } else expect(res).toEqual(['error', ['invalid', si]]);
      }
    } else {
      const w = st[1];
      send(workers[w]!, ['die']);
      yield* sleep(1);
      const i = queue.findIndex((x) => x.w === w);
      if (i >= 0) queue.splice(i, 1);
      workers[w] = spawn(worker, me, w, a, kind);
      handle[w] = undefined;
    }
    const want: Term[] = [];
    const head = queue[0];
    if (head !== undefined && !head.sent && bytes > 0) {
      head.sent = true;
      want.push(['msg', head.w, 'select', handle[head.w]!]);
    }
    expect([st, yield* delivered()]).toEqual([st, want]);
    const info = socket.info(a);
    expect(kind === 'recv' ? info.num_readers : info.num_acceptors).toBe(queue.length);
  }
  yield* socket.close(a);
  const aborts = yield* delivered();
  expect(aborts).toEqual(queue.map((x) => ['msg', x.w, 'abort', [handle[x.w]!, 'closed']]));
  for (const p of workers) send(p, ['die']);
  yield* closeAll(l, c, conn, ...clients);
}

describe('queue and message rules on a real socket', () => {
  it('readers: random call sequences from three processes follow the model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => inProcess(() => scenario('recv', steps))),
      { numRuns: 40 },
    );
  });

  it('acceptors: random call sequences from three processes follow the model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => inProcess(() => scenario('accept', steps))),
      { numRuns: 30 },
    );
  });
});
