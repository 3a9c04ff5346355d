/**
 * Client of the Erlang port mapper daemon (epmd, port 4369): register this node
 * (ALIVE2_REQ, kept open for the node's life), look up a node's port (PORT_PLEASE2_REQ)
 * and list the names on a host (NAMES_REQ). Starts `epmd -daemon` when none answers.
 *
 * All calls are generator functions used with `yield*` inside a process; they run over
 * beamlet's own sockets.
 */
import { spawnSync } from 'node:child_process';
import * as socket from '../socket/index.ts';
import type { in_addr } from '../socket/index.ts';
import { sleep } from '../runtime/process.ts';

type Gen<T> = Generator<unknown, T, unknown>;

/** epmd's well-known port (ERL_EPMD_PORT overrides it, as for erl). */
export const EPMD_PORT = Number(process.env.ERL_EPMD_PORT ?? 4369);

const ALIVE2_REQ = 120;
const ALIVE2_X_RESP = 118;
const ALIVE2_RESP = 121;
const PORT_PLEASE2_REQ = 122;
const PORT2_RESP = 119;
const NAMES_REQ = 110;

/** Opens a TCP connection to `addr:port`; the socket, or the error. */
export function* connectTcp(addr: in_addr, port: number): Gen<['ok', socket.socket] | ['error', unknown]> {
  const o = socket.open('inet', 'stream');
  if (o[0] !== 'ok') return ['error', o[1]];
  const s = o[1];
  const r = yield* socket.connect(s, { family: 'inet', addr, port });
  if (r !== 'ok') {
    yield* socket.close(s);
    return ['error', r[1]];
  }
  socket.setopt(s, ['tcp', 'nodelay'], true);
  return ['ok', s];
}

/** OTP's `net_setuptime`: how long epmd and the handshake may take, in milliseconds. */
export const SETUP_TIME = 7000;

/** Reads exactly `n` bytes; undefined when the peer closed, failed or took over {@link SETUP_TIME}. */
export function* recvExact(s: socket.socket, n: number): Gen<Buffer | undefined> {
  if (n === 0) return Buffer.alloc(0);
  const r = yield* socket.recv(s, n, SETUP_TIME);
  return r[0] === 'ok' ? r[1] : undefined;
}

function* request(addr: in_addr, body: Buffer): Gen<socket.socket | undefined> {
  const c = yield* connectTcp(addr, EPMD_PORT);
  if (c[0] !== 'ok') return undefined;
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length);
  if ((yield* socket.send(c[1], [len, body])) !== 'ok') {
    yield* socket.close(c[1]);
    return undefined;
  }
  return c[1];
}

/** Makes sure an epmd answers on this host, starting `epmd -daemon` if none does. */
export function* ensureEpmd(): Gen<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const c = yield* connectTcp([127, 0, 0, 1], EPMD_PORT);
    if (c[0] === 'ok') {
      yield* socket.close(c[1]);
      return true;
    }
    if (attempt === 0) spawnSync('epmd', ['-daemon'], { stdio: 'ignore' });
    yield* sleep(20);
  }
  return false;
}

/** A registration with epmd: alive while its socket is open. */
export interface Registration {
  readonly socket: socket.socket;
  readonly creation: number;
}

/**
 * ALIVE2_REQ: registers `name` (the part before `@`) on `port`, normal node, TCP,
 * distribution versions 6..6. The registration lasts while the returned socket is open.
 */
export function* register(name: string, port: number): Gen<Registration | ['error', string]> {
  const n = Buffer.from(name, 'utf8');
  const body = Buffer.alloc(13 + n.length);
  body[0] = ALIVE2_REQ;
  body.writeUInt16BE(port, 1);
  body[3] = 77; // normal Erlang node
  body[4] = 0; // TCP/IPv4
  body.writeUInt16BE(6, 5);
  body.writeUInt16BE(6, 7);
  body.writeUInt16BE(n.length, 9);
  n.copy(body, 11);
  body.writeUInt16BE(0, 11 + n.length);
  const s = yield* request([127, 0, 0, 1], body);
  if (s === undefined) return ['error', 'epmd_unreachable'];
  const head = yield* recvExact(s, 2);
  if (head === undefined) return ['error', 'epmd_closed'];
  const tag = head[0]!;
  const result = head[1]!;
  if ((tag !== ALIVE2_X_RESP && tag !== ALIVE2_RESP) || result !== 0) {
    yield* socket.close(s);
    return ['error', 'name_taken'];
  }
  const c = yield* recvExact(s, tag === ALIVE2_X_RESP ? 4 : 2);
  if (c === undefined) return ['error', 'epmd_closed'];
  return { socket: s, creation: tag === ALIVE2_X_RESP ? c.readUInt32BE(0) : c.readUInt16BE(0) };
}

/** PORT_PLEASE2_REQ: the distribution port and highest version of `name` at `addr`, or undefined. */
export function* portPlease(addr: in_addr, name: string): Gen<{ port: number; version: number } | undefined> {
  const s = yield* request(addr, Buffer.concat([Buffer.from([PORT_PLEASE2_REQ]), Buffer.from(name, 'utf8')]));
  if (s === undefined) return undefined;
  try {
    const head = yield* recvExact(s, 2);
    if (head === undefined || head[0] !== PORT2_RESP || head[1] !== 0) return undefined;
    const rest = yield* recvExact(s, 8);
    if (rest === undefined) return undefined;
    return { port: rest.readUInt16BE(0), version: rest.readUInt16BE(4) };
  } finally {
    yield* socket.close(s);
  }
}

/** NAMES_REQ: `[name, port]` for every node registered at `addr`. */
export function* names(addr: in_addr): Gen<[string, number][]> {
  const s = yield* request(addr, Buffer.from([NAMES_REQ]));
  if (s === undefined) return [];
  const chunks: Buffer[] = [];
  for (;;) {
    const r = yield* socket.recv(s, 0);
    if (r[0] !== 'ok') break;
    chunks.push(r[1]);
  }
  yield* socket.close(s);
  const text = Buffer.concat(chunks).subarray(4).toString('utf8');
  const out: [string, number][] = [];
  for (const m of text.matchAll(/^name (\S+) at port (\d+)$/gm)) out.push([m[1]!, Number(m[2])]);
  return out;
}
