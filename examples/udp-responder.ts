/**
 * A UDP responder that works in batches: one `recvmmsg` takes up to BATCH datagrams,
 * one `sendmmsg` answers them all, each reply to its own sender.
 *
 *   npx tsx examples/udp-responder.ts [port] [batch]
 *   (then, e.g.: echo -n hello | nc -u -w1 127.0.0.1 PORT)
 *
 * The protocol, one datagram in, one out:
 *   TIME          the server's clock, milliseconds since the epoch, in decimal
 *   STATS         "messages M batches B": datagrams read before this batch, in B batches
 *   anything else the same bytes, ASCII letters in upper case
 *
 * When datagrams arrive faster than it answers, they queue in the socket and the next
 * recvmmsg takes them together, so B < M under load: one system call per batch each
 * way instead of one per datagram.
 */
import { pathToFileURL } from 'node:url';
import { exit, receive, run, self, send, spawn, type Pid } from '../index.ts';
import type { Term } from '../runtime/term.ts';
import * as socket from '../socket/index.ts';

export interface ResponderOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The most datagrams one recvmmsg takes (default 64). */
  readonly batch?: number;
}

/** The largest datagram read; longer ones are truncated to it (MSG_TRUNC). */
const MAX_DATAGRAM = 2048;

/** The answer to one request. */
export function answer(request: Buffer, stats: { messages: number; batches: number }): Buffer {
  const text = request.toString('latin1');
  if (text === 'TIME') return Buffer.from(String(Date.now()));
  if (text === 'STATS') return Buffer.from(`messages ${stats.messages} batches ${stats.batches}`);
  // Upper case for ASCII letters only, byte for byte, whatever the encoding.
  const out = Buffer.from(request);
  for (let i = 0; i < out.length; i++) if (out[i]! >= 0x61 && out[i]! <= 0x7a) out[i]! -= 0x20;
  return out;
}

/** The responder process: binds, reports its port to `parent`, then serves until `stop`. */
function* responder(parent: Pid, port: number, batch: number): Generator<unknown, void, unknown> {
  const [, s] = socket.open('inet', 'dgram') as readonly ['ok', socket.socket];
  const bound = socket.bind(s, { family: 'inet', addr: 'loopback', port });
  if (bound !== 'ok') exit(bound);
  send(parent, ['udp_responder', self(), (socket.sockname(s) as readonly ['ok', socket.sockaddr_in])[1].port]);
  const stats = { messages: 0, batches: 0 };
  for (;;) {
    // nowait, so a `stop` message can end the wait as well as a datagram.
    const r = yield* socket.recvmmsg(s, batch, MAX_DATAGRAM, 0, [], 'nowait');
    if (r[0] === 'select') {
      const handle = r[1][2];
      const m = yield* receive((m) => m === 'stop' || (Array.isArray(m) && m[0] === '$socket' && m[1] === s && m[3] === handle));
      if (m === 'stop') break;
      continue;
    }
    // select_read comes only with the {otp, select_read} option, which is not set.
    if (r[0] !== 'ok') exit(['recvmmsg', r[1] as Term]);
    const msgs = r[1];
    // Replies are built before the next recvmmsg: received iovs may share its buffers.
    const replies: socket.msg_send[] = msgs.map((m) => ({ addr: m.addr as socket.sockaddr, iov: [answer(Buffer.concat(m.iov), stats)] }));
    stats.messages += msgs.length;
    stats.batches++;
    const w = yield* socket.sendmmsg(s, replies, [], 'infinity');
    if (w !== 'ok' && w[0] === 'error') exit(['sendmmsg', w[1]]);
  }
  yield* socket.close(s);
}

/** A running responder. */
export interface Responder {
  readonly pid: Pid;
  readonly port: number;
}

/** Starts the responder (not linked); returns its pid and port. */
export function* start(opts: ResponderOptions = {}): Generator<unknown, Responder, unknown> {
  const pid = spawn(responder, self(), opts.port ?? 0, opts.batch ?? 64);
  const [, , port] = (yield* receive((m) => Array.isArray(m) && m[0] === 'udp_responder' && m[1] === pid)) as [string, Pid, number];
  return { pid, port };
}

/** Stops the responder; its socket closes. */
export function stop(r: Responder): void {
  send(r.pid, 'stop');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [portArg = '0', batchArg = '64'] = process.argv.slice(2);
  await run(function* () {
    const r = yield* start({ port: Number(portArg), batch: Number(batchArg) });
    console.log(`udp responder listening on 127.0.0.1:${r.port}, batches of up to ${batchArg}`);
    const onSignal = (): void => {
      stop(r);
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}
