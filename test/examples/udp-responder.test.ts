/**
 * examples/udp-responder.ts: started in this process and as a command, answered by
 * node:dgram clients over loopback; a burst is read in batches by recvmmsg.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSocket, type Socket } from 'node:dgram';
import { run } from '../../index.ts';
import * as udp from '../../examples/udp-responder.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { startTs } from './programs.ts';

checkFdLeaks();

let running: udp.Responder | undefined;
let clients: Socket[] = [];

afterEach(async () => {
  if (running !== undefined) udp.stop(running);
  running = undefined;
  await Promise.all(clients.map((c) => new Promise<void>((r) => c.close(() => r()))));
  clients = [];
});

async function startResponder(opts: udp.ResponderOptions = {}): Promise<number> {
  running = await run(() => udp.start(opts));
  return running.port;
}

/** A bound client collecting the replies it receives, in order. */
async function client(): Promise<{ sock: Socket; replies: Buffer[]; next(n: number): Promise<Buffer[]> }> {
  const sock = createSocket('udp4');
  clients.push(sock);
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const replies: Buffer[] = [];
  let want: { n: number; resolve: (b: Buffer[]) => void } | null = null;
  sock.on('message', (m) => {
    replies.push(m);
    if (want !== null && replies.length >= want.n) want.resolve(replies.splice(0, want.n));
  });
  return {
    sock,
    replies,
    next: (n) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${replies.length} of ${n} replies`)), 10_000);
        const done = (b: Buffer[]): void => {
          clearTimeout(timer);
          want = null;
          resolve(b);
        };
        if (replies.length >= n) done(replies.splice(0, n));
        else want = { n, resolve: done };
      }),
  };
}

const upper = (b: Uint8Array): Buffer => Buffer.from(Array.from(b, (c) => (c >= 0x61 && c <= 0x7a ? c - 0x20 : c)));

describe('udp responder', () => {
  it('answers each datagram to its sender, ASCII letters upper-cased (property)', async () => {
    const port = await startResponder();
    const [a, b] = await Promise.all([client(), client()]);
    // Any bytes but the two commands.
    const request = fc.uint8Array({ minLength: 1, maxLength: 1400 }).filter((d) => !['TIME', 'STATS'].includes(Buffer.from(d).toString('latin1')));
    await fc.assert(
      fc.asyncProperty(request, request, async (x, y) => {
        a.sock.send(x, port, '127.0.0.1');
        b.sock.send(y, port, '127.0.0.1');
        const [[ra], [rb]] = await Promise.all([a.next(1), b.next(1)]);
        expect(ra).toEqual(upper(x));
        expect(rb).toEqual(upper(y));
      }),
      { numRuns: 50 },
    );
  });

  it('reads a burst in batches of recvmmsg and answers every datagram', async () => {
    const port = await startResponder({ batch: 32 });
    const c = await client();
    const n = 200;
    for (let i = 0; i < n; i++) c.sock.send(`msg ${i}`, port, '127.0.0.1');
    const replies = (await c.next(n)).map((r) => r.toString()).sort();
    expect(replies).toEqual(Array.from({ length: n }, (_, i) => `MSG ${i}`).sort());
    c.sock.send('STATS', port, '127.0.0.1');
    const [stats] = await c.next(1);
    const [, messages, batches] = /^messages (\d+) batches (\d+)$/.exec(stats!.toString())!.map(Number);
    expect(messages).toBe(n);
    // Sent in one go, the datagrams waited in the socket together: fewer reads than datagrams.
    expect(batches).toBeLessThan(n);
    expect(batches).toBeGreaterThanOrEqual(Math.ceil(n / 32));
  });

  it('tells the time', async () => {
    const port = await startResponder();
    const c = await client();
    const before = Date.now();
    c.sock.send('TIME', port, '127.0.0.1');
    const [t] = await c.next(1);
    expect(Number(t!.toString())).toBeGreaterThanOrEqual(before);
    expect(Number(t!.toString())).toBeLessThanOrEqual(Date.now());
  });
});

describe('udp responder as a command', () => {
  it('answers, and exits on SIGTERM', async () => {
    const prog = await startTs('udp-responder.ts', ['0', '16']);
    try {
      const c = await client();
      c.sock.send('hello, beamlet', prog.port, '127.0.0.1');
      expect((await c.next(1)).map(String)).toEqual(['HELLO, BEAMLET']);
    } finally {
      expect(await prog.stop('SIGTERM')).toBe(0);
    }
  });
});
