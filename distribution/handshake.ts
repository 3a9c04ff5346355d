/**
 * The distribution handshake, version 6 (OTP 23 and later): send_name 'N', status,
 * challenge 'N', challenge reply 'r', challenge ack 'a', each message framed by a 2-byte
 * length. The digest is MD5 of the cookie followed by the peer's challenge in decimal.
 * Either side refuses a wrong digest (a wrong cookie) and says so on stderr, as OTP's
 * error logger does.
 */
import { createHash, randomInt } from 'node:crypto';
import * as socket from '../socket/index.ts';
import { recvExact } from './epmd.ts';

type Gen<T> = Generator<unknown, T, unknown>;

/** Distribution capability flags (erts dist.h). */
export const DFLAG = {
  PUBLISHED: 0x1n,
  EXTENDED_REFERENCES: 0x4n,
  DIST_MONITOR: 0x8n,
  FUN_TAGS: 0x10n,
  DIST_MONITOR_NAME: 0x20n,
  NEW_FUN_TAGS: 0x80n,
  EXTENDED_PIDS_PORTS: 0x100n,
  EXPORT_PTR_TAG: 0x200n,
  BIT_BINARIES: 0x400n,
  NEW_FLOATS: 0x800n,
  UTF8_ATOMS: 0x10000n,
  MAP_TAG: 0x20000n,
  BIG_CREATION: 0x40000n,
  SEND_SENDER: 0x80000n,
  EXIT_PAYLOAD: 0x400000n,
  HANDSHAKE_23: 0x1000000n,
  UNLINK_ID: 0x2000000n,
  SPAWN: 0x100000000n,
  V4_NC: 0x400000000n,
} as const;

/**
 * What beamlet advertises: what it implements. No atom cache, no fragments and no
 * aliases; the rest a modern OTP node requires, and spawn requests (erpc needs them). Funs are refused by
 * the term decoder (the message carrying one is dropped), but the tags must be known.
 */
export const OUR_FLAGS =
  DFLAG.PUBLISHED |
  DFLAG.EXTENDED_REFERENCES |
  DFLAG.DIST_MONITOR |
  DFLAG.FUN_TAGS |
  DFLAG.DIST_MONITOR_NAME |
  DFLAG.NEW_FUN_TAGS |
  DFLAG.EXTENDED_PIDS_PORTS |
  DFLAG.EXPORT_PTR_TAG |
  DFLAG.BIT_BINARIES |
  DFLAG.NEW_FLOATS |
  DFLAG.UTF8_ATOMS |
  DFLAG.MAP_TAG |
  DFLAG.BIG_CREATION |
  DFLAG.SEND_SENDER |
  DFLAG.EXIT_PAYLOAD |
  DFLAG.HANDSHAKE_23 |
  DFLAG.UNLINK_ID |
  DFLAG.SPAWN |
  DFLAG.V4_NC;

/** What beamlet requires of a peer: the terms it writes use these encodings. */
const REQUIRED =
  DFLAG.EXTENDED_REFERENCES | DFLAG.EXTENDED_PIDS_PORTS | DFLAG.UTF8_ATOMS | DFLAG.NEW_FLOATS | DFLAG.MAP_TAG | DFLAG.BIG_CREATION | DFLAG.HANDSHAKE_23 | DFLAG.BIT_BINARIES;

/** The handshake's digest: MD5(cookie ++ integer_to_list(Challenge)). */
export function digest(cookie: string, challenge: number): Buffer {
  return createHash('md5').update(cookie).update(String(challenge >>> 0)).digest();
}

/** Who we are, for a handshake. */
export interface Self {
  readonly name: string;
  readonly creation: number;
  readonly cookie: string;
}

/** A completed handshake. */
export interface Peer {
  readonly name: string;
  readonly flags: bigint;
  readonly creation: number;
}

/** What an accepting side decides when a node announces itself. */
export type Admit = 'ok' | 'ok_simultaneous' | 'nok' | 'alive';

function* sendFrame(s: socket.socket, body: Buffer): Gen<boolean> {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length);
  return (yield* socket.send(s, [len, body])) === 'ok';
}

function* recvFrame(s: socket.socket): Gen<Buffer | undefined> {
  const len = yield* recvExact(s, 2);
  if (len === undefined) return undefined;
  return yield* recvExact(s, len.readUInt16BE(0));
}

function nameMessage(me: Self): Buffer {
  const n = Buffer.from(me.name, 'utf8');
  const b = Buffer.alloc(15 + n.length);
  b.write('N', 0, 'latin1');
  b.writeBigUInt64BE(OUR_FLAGS, 1);
  b.writeUInt32BE(me.creation, 9);
  b.writeUInt16BE(n.length, 13);
  n.copy(b, 15);
  return b;
}

function challengeMessage(me: Self, challenge: number): Buffer {
  const n = Buffer.from(me.name, 'utf8');
  const b = Buffer.alloc(19 + n.length);
  b.write('N', 0, 'latin1');
  b.writeBigUInt64BE(OUR_FLAGS, 1);
  b.writeUInt32BE(challenge, 9);
  b.writeUInt32BE(me.creation, 13);
  b.writeUInt16BE(n.length, 17);
  n.copy(b, 19);
  return b;
}

/** Says why a handshake failed, in OTP's words where OTP has some. */
export function log(line: string): void {
  process.stderr.write(`=ERROR REPORT==== ${new Date().toISOString()} ===\n** ${line} **\n`);
}

function missing(flags: bigint): boolean {
  return (flags & REQUIRED) !== REQUIRED;
}

/**
 * The connecting side (A). Returns the peer; `'nok'` when the peer keeps its own
 * simultaneous attempt instead; undefined after logging why it failed. `expect` is the
 * node name we meant to reach; `wanted` says whether this attempt is still the one.
 */
export function* handshakeOut(s: socket.socket, me: Self, expect: string, wanted: () => boolean): Gen<Peer | 'nok' | undefined> {
  if (!(yield* sendFrame(s, nameMessage(me)))) return undefined;
  const status = yield* recvFrame(s);
  if (status === undefined || status[0] !== 0x73) {
    log(`Connection attempt to node ${expect} failed: closed during handshake`);
    return undefined;
  }
  const st = status.subarray(1).toString('latin1');
  if (st === 'alive') {
    // The peer holds a connection from us: true if ours is gone and this one should
    // replace it, false if this node has (or is taking) another connection to it.
    const go = wanted();
    if (!(yield* sendFrame(s, Buffer.from(go ? 'strue' : 'sfalse', 'latin1'))) || !go) return undefined;
  } else if (st === 'nok') return 'nok';
  else if (st !== 'ok' && st !== 'ok_simultaneous') {
    log(`Connection attempt to node ${expect} refused: ${st}`);
    return undefined;
  }
  const ch = yield* recvFrame(s);
  if (ch === undefined || ch[0] !== 0x4e || ch.length < 19) {
    log(`Connection attempt to node ${expect} failed: bad challenge`);
    return undefined;
  }
  const flags = ch.readBigUInt64BE(1);
  const challenge = ch.readUInt32BE(9);
  const creation = ch.readUInt32BE(13);
  const name = ch.subarray(19, 19 + ch.readUInt16BE(17)).toString('utf8');
  if (missing(flags)) {
    log(`Connection attempt to node ${name} aborted: it lacks required capability flags`);
    return undefined;
  }
  const mine = randomInt(0, 0x100000000);
  const reply = Buffer.alloc(21);
  reply.write('r', 0, 'latin1');
  reply.writeUInt32BE(mine, 1);
  digest(me.cookie, challenge).copy(reply, 5);
  if (!(yield* sendFrame(s, reply))) return undefined;
  const ack = yield* recvFrame(s);
  if (ack === undefined) {
    log(`Connection attempt to node ${name} refused: the peer closed after our challenge reply (wrong cookie?)`);
    return undefined;
  }
  if (ack[0] !== 0x61 || !ack.subarray(1, 17).equals(digest(me.cookie, mine))) {
    log(`Connection attempt to node ${name} rejected: invalid challenge ack (wrong cookie?)`);
    return undefined;
  }
  return { name, flags, creation };
}

/**
 * The accepting side (B). `admit` decides, from the announced name, whether to go on.
 * Returns the peer, or undefined after logging why it failed.
 */
export function* handshakeIn(s: socket.socket, me: Self, admit: (name: string) => Admit): Gen<Peer | undefined> {
  const hello = yield* recvFrame(s);
  if (hello === undefined) return undefined;
  if (hello[0] !== 0x4e || hello.length < 15) {
    log(`Connection attempt refused: unsupported handshake ('${String.fromCharCode(hello[0] ?? 0)}', only version 6 is spoken)`);
    return undefined;
  }
  const flags = hello.readBigUInt64BE(1);
  const creation = hello.readUInt32BE(9);
  const name = hello.subarray(15, 15 + hello.readUInt16BE(13)).toString('utf8');
  if (missing(flags)) {
    log(`Connection attempt from node ${name} rejected: it lacks required capability flags`);
    yield* sendFrame(s, Buffer.from('snot_allowed', 'latin1'));
    return undefined;
  }
  const verdict = admit(name);
  if (!(yield* sendFrame(s, Buffer.from('s' + verdict, 'latin1')))) return undefined;
  if (verdict === 'nok') return undefined;
  if (verdict === 'alive') {
    const answer = yield* recvFrame(s);
    if (answer === undefined || answer.toString('latin1') !== 'strue') return undefined;
  }
  const mine = randomInt(0, 0x100000000);
  if (!(yield* sendFrame(s, challengeMessage(me, mine)))) return undefined;
  const reply = yield* recvFrame(s);
  if (reply === undefined || reply[0] !== 0x72 || reply.length < 21) return undefined;
  if (!reply.subarray(5, 21).equals(digest(me.cookie, mine))) {
    log(`Connection attempt from node ${name} rejected. Invalid challenge reply. (wrong cookie?)`);
    return undefined;
  }
  const ack = Buffer.alloc(17);
  ack.write('a', 0, 'latin1');
  digest(me.cookie, reply.readUInt32BE(1)).copy(ack, 1);
  if (!(yield* sendFrame(s, ack))) return undefined;
  return { name, flags, creation };
}
