/**
 * Helpers the socket scenarios share: the twins of `listener/0`, `tcp_pair/0`, `udp/0`,
 * `flush/0` and `wait_count/3` in `scenarios/common.hrl`, which the `.erl` halves include.
 */
import { _, receive, self, send, sleep, spawn, TIMEOUT, type Term } from '../../index.ts';
import { list } from '../../runtime/term.ts';
import * as socket from '../../socket/index.ts';

type Gen<R> = Generator<unknown, R, unknown>;
const LOOPBACK = { family: 'inet', addr: 'loopback', port: 0 } as const;

function ok<T>(r: unknown): T {
  if (!Array.isArray(r) || r[0] !== 'ok') throw new Error(`expected {ok, _}: ${String(r)}`);
  return r[1] as T;
}

/** A listening TCP socket on 127.0.0.1 and its address. */
export function listener(): [socket.socket, socket.sockaddr_recv] {
  const l = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  if (socket.bind(l, LOOPBACK as never) !== 'ok' || socket.listen(l) !== 'ok') throw new Error('listener');
  return [l, ok<socket.sockaddr_recv>(socket.sockname(l))];
}

/** A connected TCP pair: the listener, the connecting end and the accepted end. */
export function* tcpPair(): Gen<[socket.socket, socket.socket, socket.socket]> {
  const [l, addr] = listener();
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  if ((yield* socket.connect(c, addr as socket.sockaddr)) !== 'ok') throw new Error('connect');
  const a = ok<socket.socket>(yield* socket.accept(l));
  return [l, c, a];
}

/** A UDP socket bound to 127.0.0.1 and its address. */
export function udp(): [socket.socket, socket.sockaddr_recv] {
  const u = ok<socket.socket>(socket.open('inet', 'dgram', 'udp'));
  if (socket.bind(u, LOOPBACK as never) !== 'ok') throw new Error('bind');
  return [u, ok<socket.sockaddr_recv>(socket.sockname(u))];
}

/** Every message queued now, as a list (`flush/0`). */
export function* flush(): Gen<Term> {
  const out: Term[] = [];
  for (;;) {
    const m = yield* receive(_, { after: 0 });
    if (m === TIMEOUT) return list(out);
    out.push(m);
  }
}

export { ok };

/**
 * Waits until `socket.info(s)[key]` is `n` (a reader, writer or acceptor from another
 * process has queued), polling every 20 ms for up to 5 s: the twin of `wait_count/3`.
 */
export function* waitCount(s: socket.socket, key: 'num_readers' | 'num_writers' | 'num_acceptors', n: number): Gen<Term> {
  for (let tries = 0; tries < 250; tries++) {
    if (socket.info(s)[key] === n) return n;
    yield* sleep(20);
  }
  return 'timeout';
}

/**
 * `socket.info(s)` less the keys the manual added after OTP 25 (`readable`, `writable`
 * in `socket_info()`), for steps compared with OTP 25's `socket:info/1`.
 */
export function infoAsOtp25(s: socket.socket, ...drop: string[]): Term {
  const skip = new Set(['readable', 'writable', ...drop]);
  return Object.fromEntries(Object.entries(socket.info(s)).filter(([k]) => !skip.has(k))) as Term;
}

/**
 * `got` once the select message for `si` on `s` arrives, `none` if it has not within 5 s:
 * the twin of `receive {'$socket', S, select, H} -> got after 5000 -> none end`.
 */
export function* selectMsg(s: socket.socket, si: socket.select_info): Gen<'got' | 'none'> {
  return (yield* receive(['$socket', s, 'select', si[2]], { after: 5000 })) === TIMEOUT ? 'none' : 'got';
}

/**
 * Spawns a reader of `n` bytes from the stream socket `s` that sends `{got, N}` to the
 * caller, N being what it read; `peerRead(n)` then waits (up to 10 s) for N =:= n.
 */
export function drain(s: socket.socket, n: number): void {
  const me = self();
  spawn(function* () {
    let got = 0;
    while (got < n) got += ok<Buffer>(yield* socket.recv(s, 0)).length;
    send(me, ['got', got]);
  });
}

/** Whether the reader {@link drain} spawned read `n` bytes; `none` if it has not within 10 s. */
export function* peerRead(n: number): Gen<boolean | 'none'> {
  const got = yield* receive(['got', _], { after: 10000 });
  return got === TIMEOUT ? 'none' : (got as readonly [string, number])[1] === n;
}
