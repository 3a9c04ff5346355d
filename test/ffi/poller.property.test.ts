/**
 * The poller against a model, over random sequences of watch, unwatch, send, drain and
 * event-loop turns on real socketpairs: after each turn exactly the armed directions that
 * are ready have fired, each once, and their interest is gone; nothing else fires. Every
 * watch here asks for level-triggered readiness (the socket layer's edge-triggered waits
 * follow an EAGAIN; poller.test.ts covers those).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { C, posix, poller, sys } from '../../ffi/index.ts';
import type { Interest } from '../../ffi/index.ts';
import { checkFdLeaks } from '../helpers/fds.ts';

checkFdLeaks();

const PAIRS = 3;
const FDS = PAIRS * 2;
const { READ, WRITE } = poller;

type Op =
  | { op: 'watch'; fd: number; dir: Interest }
  | { op: 'unwatch'; fd: number; dir: Interest }
  | { op: 'send'; fd: number }
  | { op: 'drain'; fd: number }
  | { op: 'turn' };

const fdIndex = fc.integer({ min: 0, max: FDS - 1 });
const dir = fc.constantFrom<Interest>(READ, WRITE);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('watch' as const), fd: fdIndex, dir }),
  fc.record({ op: fc.constant('unwatch' as const), fd: fdIndex, dir }),
  fc.record({ op: fc.constant('send' as const), fd: fdIndex }),
  fc.record({ op: fc.constant('drain' as const), fd: fdIndex }),
  fc.constant({ op: 'turn' as const }),
);

function ok(r: number): number {
  if (r < 0) throw new Error(`syscall failed: ${String(posix(r))}`);
  return r;
}

async function turn(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('poller model', () => {
  it('fires exactly the armed, ready directions, once each', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const fds: number[] = [];
        for (let i = 0; i < PAIRS; i++) {
          const sv = Buffer.alloc(8);
          ok(sys.socketpair(C.AF_UNIX, C.SOCK_STREAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0, sv));
          fds.push(sv.readInt32LE(0), sv.readInt32LE(4));
        }
        const peer = (i: number): number => i ^ 1;
        // The model: bytes queued per fd, directions armed per fd.
        const queued = new Array<number>(FDS).fill(0);
        const armed = new Array<number>(FDS).fill(0);
        let fired: [number, number][] = [];
        const one = Buffer.from('x');
        const sink = Buffer.alloc(256);
        try {
          for (const o of [...ops, { op: 'turn' } as Op]) {
            if (o.op === 'watch') {
              const i = o.fd;
              expect(poller.watch(fds[i]!, o.dir, (events) => fired.push([i, events]), true)).toBe(0);
              armed[i]! |= o.dir;
            } else if (o.op === 'unwatch') {
              poller.unwatch(fds[o.fd]!, o.dir);
              armed[o.fd]! &= ~o.dir;
            } else if (o.op === 'send') {
              expect(sys.send(fds[o.fd]!, one, 1, 0)).toBe(1);
              queued[peer(o.fd)]!++;
            } else if (o.op === 'drain') {
              while (sys.recv(fds[o.fd]!, sink, sink.length, 0) > 0);
              queued[o.fd] = 0;
            } else {
              fired = [];
              await turn();
              // Small writes never fill a socketpair: WRITE is always ready.
              const expected: [number, number][] = [];
              for (let i = 0; i < FDS; i++) {
                if (armed[i]! & READ && queued[i]! > 0) expected.push([i, READ]);
                if (armed[i]! & WRITE) expected.push([i, WRITE]);
                if (armed[i]! & READ && queued[i]! > 0) armed[i]! &= ~READ;
                armed[i]! &= ~WRITE;
              }
              const sort = (xs: [number, number][]): string[] => xs.map((x) => x.join(':')).sort();
              expect(sort(fired)).toEqual(sort(expected));
              for (let i = 0; i < FDS; i++) expect(poller.interest(fds[i]!)).toBe(armed[i]);
            }
          }
        } finally {
          for (const fd of fds) ok(poller.closeFd(fd));
        }
      }),
      { numRuns: 60 },
    );
  });
});
