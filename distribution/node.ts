/**
 * A beamlet runtime as an Erlang node: epmd registration, the listener, connections set
 * up on demand with the version-6 handshake, the distribution controller processes (one
 * reader and one writer per connection), net ticks, and the router the runtime calls for
 * anything addressed to another node (messages, links, exit signals, monitors).
 *
 * Wire format after the handshake: 4-byte length frames; an empty frame is a tick; every
 * other frame is `112` (pass-through, no atom cache) followed by a control message and,
 * for messages and payload exits, the payload term. Frames are never fragmented
 * (DFLAG_FRAGMENTS is not advertised).
 *
 * Erlang's rules kept across nodes: messages from one process to another arrive in the
 * order sent (one connection, one writer queue); a link or monitor to a node that cannot
 * be reached, or that goes away, gives `noconnection`; `monitorNode` delivers
 * `['nodedown', Node]`; a peer silent for the tick time is disconnected.
 */
import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import * as socket from '../socket/index.ts';
import type { in_addr } from '../socket/index.ts';
import {
  awaitPromise,
  currentPid,
  demonitor,
  exit as exitProcess,
  isAlive,
  monitor,
  onExit,
  processFlag,
  receive,
  register,
  remoteExitSignal,
  send,
  setRemoteRouter,
  sleep,
  spawn,
  whereis,
  type RemoteRouter,
} from '../runtime/process.ts';
import { ErlangError, Pid, Ref, isList, list, makeRef, type Term } from '../runtime/term.ts';
import { format } from '../runtime/format.ts';
import { RemotePid, decodeFrom, encodeDistFrame, encodeInto, localNodeName, nodeOf, setLocalNode } from './etf.ts';
import { SETUP_TIME, connectTcp, ensureEpmd, portPlease, register as epmdRegister } from './epmd.ts';
import { rex, spawnBody } from './rpc.ts';
import { handshakeIn, handshakeOut, log, type Admit, type Peer } from './handshake.ts';

type Gen<T> = Generator<unknown, T, unknown>;

/** Options of {@link startNode}. */
export interface NodeOptions {
  /** The magic cookie: both nodes of a connection must have the same. */
  readonly cookie: string;
  /** `net_ticktime` in seconds (default 60): a peer silent this long is disconnected. */
  readonly tickTime?: number;
}

// Control message operations (erl_dist_protocol, "Protocol between connected nodes").
const enum Op {
  Link = 1,
  Send = 2,
  Exit = 3,
  Unlink = 4,
  RegSend = 6,
  GroupLeader = 7,
  Exit2 = 8,
  SendTT = 12,
  ExitTT = 13,
  RegSendTT = 16,
  Exit2TT = 18,
  MonitorP = 19,
  DemonitorP = 20,
  MonitorPExit = 21,
  SendSender = 22,
  SendSenderTT = 23,
  PayloadExit = 24,
  PayloadExitTT = 25,
  PayloadExit2 = 26,
  PayloadExit2TT = 27,
  PayloadMonitorPExit = 28,
  SpawnRequest = 29,
  SpawnRequestTT = 30,
  SpawnReply = 31,
  SpawnReplyTT = 32,
  UnlinkId = 35,
  UnlinkIdAck = 36,
}

const PASS_THROUGH = 112;
const TICK = Buffer.alloc(4);

interface Conn {
  readonly peer: string;
  state: 'pending' | 'up' | 'down';
  sock: socket.socket | null;
  /** The socket of this node's own connection attempt, while its handshake runs. */
  attempt: socket.socket | null;
  /** The peer's simultaneous attempt won: this node's attempt must not end the connection. */
  takenOver: boolean;
  creation: number;
  /** Frames waiting for the writer (or for the connection, while pending). */
  out: Buffer[];
  writer: Pid | null;
  reader: Pid | null;
  /** A wake-up message is already in the writer's mailbox. */
  woken: boolean;
  /** Bumped on every read; the ticker compares it with its last look. */
  reads: number;
  seenReads: number;
  silentTicks: number;
  wrote: boolean;
}

interface OutMonitor {
  readonly watcher: Pid;
  readonly target: Pid | readonly [string, string];
  readonly node: string;
}

interface InMonitor {
  readonly from: Pid;
  readonly target: Pid;
  /** The name the monitor was set by, reported back as the 'DOWN' item. */
  readonly name: string | undefined;
}

interface State {
  name: string;
  host: string;
  cookie: string;
  creation: number;
  tickMs: number;
  listen: socket.socket;
  epmd: socket.socket;
  procs: Pid[];
  /** Connection processes (attempts, handshakes, readers, writers): stopNode ends them. */
  workers: Set<Pid>;
}

let me: State | null = null;
const conns = new Map<string, Conn>();
/** Local pid → the remote pids it is linked to. */
const links = new Map<Pid, Set<Pid>>();
/** Monitors local processes hold on remote ones, by ref. */
const outMonitors = new Map<Ref, OutMonitor>();
/** Monitors remote processes hold on local ones, by ref. */
const inMonitors = new Map<Ref, InMonitor>();
/** Local pids with an exit hook installed by this layer. */
const hooked = new Set<Pid>();
/** monitorNode: node → watchers (with a count, as monitor_node/2 stacks). */
const nodeWatchers = new Map<string, Map<Pid, number>>();
/** net_kernel:monitor_nodes subscribers. */
const nodesWatchers = new Set<Pid>();
let unlinkId = 0;
/** Spawn requests this node made and awaits a reply for, by request id. */
const spawnRequests = new Map<Ref, Pid>();

/** `node()`: this node's name, `nonode@nohost` when not distributed. */
export function node(): string {
  return localNodeName();
}

/** `nodes()`: the nodes this node is connected to. */
export function nodes(): string[] {
  return [...conns.values()].filter((c) => c.state === 'up').map((c) => c.peer);
}

/** The short host name nodes of this machine use (`-sname`). */
export function shortHost(): string {
  return hostname().split('.')[0]!;
}

/**
 * `net_kernel:start/1` with `-sname`: makes this runtime the node `name@host` (`name` may
 * already carry `@host`). Registers with epmd (starting it if needed), listens for
 * connections, and starts the `net_kernel` and `rex` servers. Returns the node name.
 */
export function* startNode(name: string, opts: NodeOptions): Gen<string> {
  if (me !== null) throw new ErlangError(['already_started', me.name]);
  if (typeof opts?.cookie !== 'string') throw new ErlangError('badarg');
  const [alive, host = shortHost()] = name.split('@') as [string, string | undefined];
  const full = `${alive}@${host}`;
  if (!(yield* ensureEpmd())) throw new ErlangError(['epmd', 'unreachable']);
  const o = socket.open('inet', 'stream');
  if (o[0] !== 'ok') throw new ErlangError(o[1]);
  const l = o[1];
  socket.setopt(l, ['socket', 'reuseaddr'], true);
  if (socket.bind(l, { family: 'inet', addr: 'any', port: 0 }) !== 'ok' || socket.listen(l, 128) !== 'ok') {
    yield* socket.close(l);
    throw new ErlangError(['listen', 'failed']);
  }
  const port = (socket.sockname(l) as readonly ['ok', socket.sockaddr_in])[1].port;
  const reg = yield* epmdRegister(alive, port);
  if (Array.isArray(reg)) {
    yield* socket.close(l);
    throw new ErlangError(reg);
  }
  me = { name: full, host, cookie: opts.cookie, creation: reg.creation, tickMs: (opts.tickTime ?? 60) * 1000, listen: l, epmd: reg.socket, procs: [], workers: new Set() };
  setLocalNode(full, reg.creation);
  setRemoteRouter(router);
  const st = me;
  st.procs.push(spawn(acceptor, st), spawn(ticker, st), spawn(netKernel), spawn(epmdKeeper, st), spawn(rex));
  // The sockets outlive the caller: the node's own processes own them.
  socket.setopt(l, ['otp', 'controlling_process'], st.procs[0]!);
  socket.setopt(reg.socket, ['otp', 'controlling_process'], st.procs[3]!);
  register('net_kernel', st.procs[2]!);
  register('rex', st.procs[4]!);
  return full;
}

/** `net_kernel:stop/0`: closes every connection, unregisters from epmd, stops the node's servers. */
export function* stopNode(): Gen<'ok'> {
  const st = me;
  if (st === null) return 'ok';
  for (const c of [...conns.values()]) down(c, 'stopped');
  for (const p of [...st.procs, ...st.workers]) exitProcess(p, 'kill');
  yield* socket.close(st.listen);
  yield* socket.close(st.epmd);
  me = null;
  setRemoteRouter(null);
  setLocalNode('nonode@nohost', 0);
  return 'ok';
}

/** The cookie of this node. */
export function getCookie(): string {
  return me?.cookie ?? 'nocookie';
}

// ---------------------------------------------------------------------------------------
// Connections

function* acceptor(st: State): Gen<void> {
  for (;;) {
    const r = yield* socket.accept(st.listen);
    if (r[0] !== 'ok') return;
    const s = r[1];
    const h = worker(
      st,
      spawn(function* () {
        yield* receive(['owner']);
        yield* incoming(st, s);
      }),
    );
    socket.setopt(s, ['otp', 'controlling_process'], h);
    send(h, ['owner']);
  }
}

function* incoming(st: State, s: socket.socket): Gen<void> {
  socket.setopt(s, ['tcp', 'nodelay'], true);
  let replacing: Conn | undefined;
  let takenOver: Conn | undefined;
  const admit = (name: string): Admit => {
    const c = conns.get(name);
    if (c === undefined) return 'ok';
    if (c.state === 'up') {
      replacing = c;
      return 'alive';
    }
    // Both sides connecting at once: the node with the greater name keeps its attempt.
    // When that is the peer, this node's own attempt is abandoned at once, as OTP does,
    // and this connection takes over what was queued for it.
    if (name < st.name) return 'nok';
    c.takenOver = true;
    if (c.attempt !== null) socket.shutdown(c.attempt, 'read_write');
    takenOver = c;
    return 'ok_simultaneous';
  };
  const peer = yield* handshakeIn(s, { name: st.name, creation: st.creation, cookie: st.cookie }, admit);
  if (peer === undefined || me !== st) {
    yield* socket.close(s);
    if (takenOver !== undefined && takenOver.state === 'pending') down(takenOver, 'noconnection');
    return;
  }
  if (replacing !== undefined) down(replacing, 'connection_closed');
  let c = conns.get(peer.name);
  if (c === undefined || c.state !== 'pending') {
    c = newConn(peer.name);
    conns.set(peer.name, c);
  }
  yield* up(c, s, peer);
}

function worker(st: State, pid: Pid): Pid {
  st.workers.add(pid);
  onExit(pid, () => st.workers.delete(pid));
  return pid;
}

function newConn(peer: string): Conn {
  return { peer, state: 'pending', sock: null, attempt: null, takenOver: false, creation: 0, out: [], writer: null, reader: null, woken: false, reads: 0, seenReads: 0, silentTicks: 0, wrote: false };
}

/** The connection to `peer`, starting one if there is none. */
function connTo(peer: string): Conn | undefined {
  const st = me;
  if (st === null) return undefined;
  let c = conns.get(peer);
  if (c === undefined) {
    c = newConn(peer);
    conns.set(peer, c);
    worker(st, spawn(outgoing, st, c));
  }
  return c;
}

function* resolve(host: string): Gen<in_addr | undefined> {
  if (host === shortHost() || host === 'localhost') return [127, 0, 0, 1];
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (m !== null) return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  try {
    const a = yield* awaitPromise(lookup(host, { family: 4 }));
    return a.address.split('.').map(Number) as unknown as in_addr;
  } catch {
    return undefined;
  }
}

function* outgoing(st: State, c: Conn): Gen<void> {
  const at = c.peer.indexOf('@');
  const addr = at > 0 ? yield* resolve(c.peer.slice(at + 1)) : undefined;
  const info = addr === undefined ? undefined : yield* portPlease(addr, c.peer.slice(0, at));
  if (addr === undefined || info === undefined || info.version < 6) {
    if (c.state === 'pending') down(c, 'noconnection');
    return;
  }
  const t = yield* connectTcp(addr, info.port);
  if (t[0] !== 'ok') {
    if (c.state === 'pending') down(c, 'noconnection');
    return;
  }
  const s = t[1];
  c.attempt = s;
  const peer = yield* handshakeOut(s, { name: st.name, creation: st.creation, cookie: st.cookie }, c.peer, () => c.state === 'pending' && !c.takenOver);
  c.attempt = null;
  if (peer === 'nok') {
    // The peer keeps its own simultaneous attempt, which arrives as an incoming
    // connection and takes this pending one over; if it does not come, give up.
    yield* socket.close(s);
    // Waits in short steps, so a taken-over connection or stopNode() ends the wait at once
    // instead of holding the program open for the whole set-up time.
    for (let waited = 0; waited < SETUP_TIME && c.state === 'pending' && me === st; waited += 50) yield* sleep(50);
    if (c.state === 'pending') down(c, 'noconnection');
    return;
  }
  if (peer === undefined || c.state !== 'pending' || c.takenOver || me !== st) {
    yield* socket.close(s);
    if (c.state === 'pending' && !c.takenOver) down(c, 'noconnection');
    return;
  }
  yield* up(c, s, peer);
}

/** Makes `c` live on `s`: this process becomes its reader, and a writer is started. */
function* up(c: Conn, s: socket.socket, peer: Peer): Gen<void> {
  c.state = 'up';
  c.takenOver = false;
  c.sock = s;
  c.creation = peer.creation;
  c.reader = currentPid()!;
  c.writer = worker(me!, spawn(writer, c, s));
  c.woken = true;
  send(c.writer, 'go');
  for (const w of nodesWatchers) send(w, ['nodeup', c.peer]);
  yield* reader(c, s);
}

function* writer(c: Conn, s: socket.socket): Gen<void> {
  for (;;) {
    yield* receive();
    c.woken = false;
    while (c.out.length > 0) {
      const frames = c.out;
      c.out = [];
      const r = frames.length === 1 ? yield* socket.send(s, frames[0]!) : yield* socket.sendv(s, frames.length > 512 ? [Buffer.concat(frames)] : frames);
      if (r !== 'ok') {
        down(c, 'connection_closed');
        return;
      }
      c.wrote = true;
    }
    if (c.state !== 'up') return;
  }
}

function* reader(c: Conn, s: socket.socket): Gen<void> {
  let acc: Buffer = Buffer.alloc(0);
  // While a frame is incomplete, chunks are only collected: concatenating each one into
  // `acc` would copy a large frame once per chunk.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let need = 0;
  for (;;) {
    const r = yield* socket.recv(s, 0);
    if (r[0] !== 'ok' || c.state !== 'up') break;
    c.reads++;
    if (pendingBytes + r[1].length < need) {
      pending.push(r[1]);
      pendingBytes += r[1].length;
      continue;
    }
    acc = pending.length === 0 && acc.length === 0 ? r[1] : Buffer.concat([acc, ...pending, r[1]]);
    pending = [];
    pendingBytes = 0;
    let pos = 0;
    while (acc.length - pos >= 4) {
      const n = acc.readUInt32BE(pos);
      if (acc.length - pos - 4 < n) break;
      if (n > 0) frame(c, acc, pos + 4, pos + 4 + n);
      pos += 4 + n;
    }
    acc = pos === acc.length ? Buffer.alloc(0) : acc.subarray(pos);
    need = acc.length >= 4 ? acc.readUInt32BE(0) + 4 - acc.length : 0;
  }
  down(c, 'connection_closed');
  yield* socket.close(s);
}

function frame(c: Conn, buf: Buffer, start: number, end: number): void {
  let ctl: Term;
  let payload: Term = undefined;
  try {
    if (buf[start] !== PASS_THROUGH) throw new ErlangError(['badarg', 'not_pass_through']);
    let pos: number;
    [ctl, pos] = decodeFrom(buf, start + 1, end);
    if (pos < end) [payload] = decodeFrom(buf, pos, end);
  } catch (e) {
    log(`Node ${me?.name} dropped a message from node ${c.peer} it cannot decode: ${e instanceof ErlangError ? format(e.reason) : String(e)}`);
    return;
  }
  if (!Array.isArray(ctl) || typeof ctl[0] !== 'number') return;
  try {
    control(c, ctl as readonly Term[], payload);
  } catch (e) {
    // A control message of the right operation but the wrong shape: drop it, keep the link.
    log(`Node ${me?.name} dropped a malformed control message from node ${c.peer}: ${format(ctl)} (${e instanceof ErlangError ? format(e.reason) : String(e)})`);
  }
}

/** Ends connection `c`: every link and monitor across it sees `noconnection`. */
function down(c: Conn, why: string): void {
  if (c.state === 'down') return;
  const wasUp = c.state === 'up';
  c.state = 'down';
  c.out = [];
  if (conns.get(c.peer) === c) conns.delete(c.peer);
  if (c.sock !== null) socket.shutdown(c.sock, 'read_write');
  if (c.writer !== null) send(c.writer, 'stop');
  if (why === 'net_tick_timeout') log(`Node ${me?.name} lost connection to node ${c.peer}: net_tick_timeout`);
  for (const [local, remotes] of links) {
    for (const r of remotes) {
      if (nodeOf(r) !== c.peer) continue;
      remotes.delete(r);
      remoteExitSignal(r, local, 'noconnection', true);
    }
  }
  for (const [ref, m] of outMonitors) {
    if (m.node !== c.peer) continue;
    outMonitors.delete(ref);
    send(m.watcher, ['DOWN', ref, 'process', m.target, 'noconnection']);
  }
  for (const [ref, m] of inMonitors) if (nodeOf(m.from) === c.peer) inMonitors.delete(ref);
  const ws = nodeWatchers.get(c.peer);
  if (ws !== undefined) {
    nodeWatchers.delete(c.peer);
    for (const [w, n] of ws) for (let i = 0; i < n; i++) send(w, ['nodedown', c.peer]);
  }
  if (wasUp) for (const w of nodesWatchers) send(w, ['nodedown', c.peer]);
}

function* ticker(st: State): Gen<void> {
  for (;;) {
    yield* sleep(st.tickMs / 4);
    for (const c of conns.values()) {
      if (c.state !== 'up') continue;
      if (!c.wrote && c.out.length === 0) enqueue(c, TICK);
      c.wrote = false;
      if (c.reads !== c.seenReads) {
        c.seenReads = c.reads;
        c.silentTicks = 0;
      } else if (++c.silentTicks >= 4) down(c, 'net_tick_timeout');
    }
  }
}

/** Holds the epmd registration: if epmd closes it, the node can no longer be found. */
function* epmdKeeper(st: State): Gen<void> {
  const r = yield* socket.recv(st.epmd, 0);
  if (me === st && r[0] !== 'ok') log(`Node ${st.name} lost its epmd registration`);
}

// ---------------------------------------------------------------------------------------
// Sending control messages

function enqueue(c: Conn, f: Buffer): void {
  c.out.push(f);
  if (c.state === 'up' && !c.woken) {
    c.woken = true;
    send(c.writer!, 'go');
  }
}

function emit(peer: string, ctl: readonly Term[], payload?: Term, hasPayload = false): Conn | undefined {
  const c = connTo(peer);
  if (c === undefined || c.state === 'down') return undefined;
  enqueue(c, encodeDistFrame(ctl, payload, hasPayload));
  return c;
}

/** An exit reason as a term the wire can carry: what cannot be encoded is sent as its printed form. */
function wireReason(reason: Term): Term {
  try {
    encodeInto(reason);
    return reason;
  } catch {
    return Buffer.from(format(reason));
  }
}

function hook(pid: Pid): void {
  if (hooked.has(pid)) return;
  hooked.add(pid);
  onExit(pid, (reason) => localExit(pid, reason));
}

/** A local process ended: tell the nodes that link to it, monitor it, or that it monitored. */
function localExit(pid: Pid, reason: Term): void {
  hooked.delete(pid);
  const remotes = links.get(pid);
  if (remotes !== undefined) {
    links.delete(pid);
    const why = wireReason(reason);
    for (const r of remotes) emit(nodeOf(r), [Op.PayloadExit, pid, r], why, true);
  }
  for (const [ref, m] of outMonitors) {
    if (m.watcher !== pid) continue;
    outMonitors.delete(ref);
    emit(m.node, [Op.DemonitorP, pid, m.target instanceof Pid ? m.target : m.target[0], ref]);
  }
  for (const [ref, m] of inMonitors) {
    if (m.target !== pid) continue;
    inMonitors.delete(ref);
    emit(nodeOf(m.from), [Op.PayloadMonitorPExit, m.name ?? pid, m.from, ref], wireReason(reason), true);
  }
}

function isRemote(pid: Pid): boolean {
  return pid instanceof RemotePid && me !== null && pid.nodeName !== me.name;
}

const router: RemoteRouter = {
  node: () => localNodeName(),
  isRemote,
  send(dest, msg, from) {
    if (dest instanceof Pid) {
      if (isRemote(dest)) emit(nodeOf(dest), [Op.SendSender, from, dest], msg as Term, true);
      return;
    }
    const [name, peer] = dest;
    if (peer === localNodeName()) send(name, msg);
    else emit(peer, [Op.RegSend, from, '', name], msg as Term, true);
  },
  link(from, to) {
    if (!isRemote(to)) return false;
    const peer = nodeOf(to);
    hook(from);
    let set = links.get(from);
    if (set === undefined) links.set(from, (set = new Set()));
    set.add(to);
    if (emit(peer, [Op.Link, from, to]) === undefined) {
      set.delete(to);
      remoteExitSignal(to, from, 'noconnection', true);
    }
    return true;
  },
  unlink(from, to) {
    const set = links.get(from);
    if (set === undefined || !set.delete(to)) return;
    emit(nodeOf(to), [Op.UnlinkId, ++unlinkId, from, to]);
  },
  exit(from, to, reason) {
    if (isRemote(to)) emit(nodeOf(to), [Op.PayloadExit2, from, to], wireReason(reason), true);
  },
  monitor(from, to, ref) {
    const peer = to instanceof Pid ? nodeOf(to) : to[1];
    const m: OutMonitor = { watcher: from, target: to, node: peer };
    hook(from);
    outMonitors.set(ref, m);
    if (emit(peer, [Op.MonitorP, from, to instanceof Pid ? to : to[0], ref]) === undefined) {
      outMonitors.delete(ref);
      send(from, ['DOWN', ref, 'process', to, 'noconnection']);
    }
  },
  demonitor(from, ref) {
    const m = outMonitors.get(ref);
    if (m === undefined || m.watcher !== from) return false;
    outMonitors.delete(ref);
    emit(m.node, [Op.DemonitorP, from, m.target instanceof Pid ? m.target : m.target[0], ref]);
    return true;
  },
};

// ---------------------------------------------------------------------------------------
// Receiving control messages

function localPid(t: Term): Pid | undefined {
  return t instanceof Pid && !(t instanceof RemotePid) ? t : undefined;
}

function control(c: Conn, ctl: readonly Term[], payload: Term): void {
  switch (ctl[0] as Op) {
    case Op.Send:
    case Op.SendTT:
    case Op.SendSender:
    case Op.SendSenderTT: {
      const to = localPid(ctl[2]!);
      if (to !== undefined) send(to, payload);
      return;
    }
    case Op.RegSend:
    case Op.RegSendTT: {
      const to = whereis(ctl[3] as string);
      if (to !== 'undefined') send(to, payload);
      return;
    }
    case Op.Link: {
      const from = ctl[1] as Pid;
      const to = localPid(ctl[2]!);
      if (to === undefined || !isAlive(to)) {
        emit(c.peer, [Op.PayloadExit, ctl[2]!, from], 'noproc', true);
        return;
      }
      hook(to);
      let set = links.get(to);
      if (set === undefined) links.set(to, (set = new Set()));
      set.add(from);
      return;
    }
    case Op.Unlink:
    case Op.UnlinkId: {
      const id = ctl[0] === Op.UnlinkId;
      const from = ctl[id ? 2 : 1] as Pid;
      const to = ctl[id ? 3 : 2] as Pid;
      links.get(to)?.delete(from);
      if (id) emit(c.peer, [Op.UnlinkIdAck, ctl[1]!, to, from]);
      return;
    }
    case Op.Exit:
    case Op.ExitTT:
    case Op.PayloadExit:
    case Op.PayloadExitTT: {
      const from = ctl[1] as Pid;
      const to = ctl[2] as Pid;
      const reason = ctl[0] === Op.Exit ? ctl[3]! : ctl[0] === Op.ExitTT ? ctl[4]! : payload;
      const set = links.get(to);
      if (set === undefined || !set.delete(from)) return;
      remoteExitSignal(from, to, reason, true);
      return;
    }
    case Op.Exit2:
    case Op.Exit2TT:
    case Op.PayloadExit2:
    case Op.PayloadExit2TT: {
      const reason = ctl[0] === Op.Exit2 ? ctl[3]! : ctl[0] === Op.Exit2TT ? ctl[4]! : payload;
      const to = localPid(ctl[2]!);
      if (to !== undefined) remoteExitSignal(ctl[1] as Pid, to, reason, false);
      return;
    }
    case Op.MonitorP: {
      const from = ctl[1] as Pid;
      const item = ctl[2]!;
      const ref = ctl[3] as Ref;
      const name = typeof item === 'string' ? item : undefined;
      const w = name !== undefined ? whereis(name) : localPid(item);
      if (w === undefined || w === 'undefined' || !isAlive(w)) {
        emit(c.peer, [Op.PayloadMonitorPExit, item, from, ref], 'noproc', true);
        return;
      }
      hook(w);
      inMonitors.set(ref, { from, target: w, name });
      return;
    }
    case Op.DemonitorP:
      inMonitors.delete(ctl[3] as Ref);
      return;
    case Op.MonitorPExit:
    case Op.PayloadMonitorPExit: {
      const ref = ctl[3] as Ref;
      const m = outMonitors.get(ref);
      if (m === undefined) return;
      outMonitors.delete(ref);
      send(m.watcher, ['DOWN', ref, 'process', m.target, ctl[0] === Op.MonitorPExit ? ctl[4]! : payload]);
      return;
    }
    case Op.SpawnRequest:
    case Op.SpawnRequestTT: {
      const [, reqId, from, , mfa, opts] = ctl as readonly [number, Ref, Pid, Term, readonly Term[], Term];
      const args = isList(payload) ? [...payload] : [];
      const optList = isList(opts) ? opts : [];
      const pid = spawn(spawnBody(mfa[0]!, mfa[1]!, args));
      let flags = 0;
      if (optList.includes('link')) {
        hook(pid);
        links.set(pid, new Set([from]));
        flags |= 1;
      }
      if (optList.includes('monitor')) {
        hook(pid);
        inMonitors.set(reqId, { from, target: pid, name: undefined });
        flags |= 2;
      }
      emit(c.peer, [Op.SpawnReply, reqId, from, flags, pid]);
      return;
    }
    case Op.SpawnReply:
    case Op.SpawnReplyTT: {
      const [, reqId, to, flags, result] = ctl as readonly [number, Ref, Pid, number, Term];
      const req = spawnRequests.get(reqId);
      if (req === undefined) return;
      spawnRequests.delete(reqId);
      if (result instanceof Pid) {
        if ((flags & 1) !== 0) {
          let set = links.get(to);
          if (set === undefined) links.set(to, (set = new Set()));
          set.add(result);
        }
        send(to, ['spawn_reply', reqId, 'ok', result]);
      } else send(to, ['spawn_reply', reqId, 'error', result]);
      return;
    }
    default:
      // GROUP_LEADER, UNLINK_ID_ACK and operations beamlet does not advertise.
      return;
  }
}

// ---------------------------------------------------------------------------------------
// Node monitoring, ping

/**
 * `erlang:monitor_node(Node, Flag)`: with true, the caller gets `['nodedown', Node]` when
 * the connection to `Node` goes down (at once if it cannot be set up); monitors stack.
 * With false, removes one.
 */
export function monitorNode(peer: string, flag: boolean): true {
  const pid = currentPid();
  if (pid === undefined || typeof peer !== 'string' || typeof flag !== 'boolean') throw new ErlangError('badarg');
  if (!flag) {
    const ws = nodeWatchers.get(peer);
    const n = ws?.get(pid) ?? 0;
    if (n > 1) ws!.set(pid, n - 1);
    else ws?.delete(pid);
    return true;
  }
  if (peer === localNodeName()) return true;
  const c = connTo(peer);
  if (c === undefined || c.state === 'down') {
    send(pid, ['nodedown', peer]);
    return true;
  }
  let ws = nodeWatchers.get(peer);
  if (ws === undefined) nodeWatchers.set(peer, (ws = new Map()));
  ws.set(pid, (ws.get(pid) ?? 0) + 1);
  return true;
}

/** `net_kernel:monitor_nodes(Flag)`: the caller gets `['nodeup', N]` and `['nodedown', N]` for every node. */
export function monitorNodes(flag: boolean): 'ok' {
  const pid = currentPid();
  if (pid === undefined) throw new ErlangError('badarg');
  if (flag) nodesWatchers.add(pid);
  else nodesWatchers.delete(pid);
  return 'ok';
}

/**
 * `net_adm:ping/1`: `'pong'` if `peer` can be connected to and its net_kernel answers
 * within `timeout` ms, `'pang'` otherwise.
 */
export function* ping(peer: string, timeout = 7000): Gen<'pong' | 'pang'> {
  if (me === null) return 'pang';
  if (peer === me.name) return 'pong';
  const r = yield* call(['net_kernel', peer], ['is_auth', me.name], timeout);
  return r[0] === 'ok' && r[1] === 'yes' ? 'pong' : 'pang';
}

/**
 * A gen_server call to `dest` (`{Name, Node}` or a pid): `['ok', Reply]`, or
 * `['error', 'noconnection' | 'noproc' | 'timeout']` when no reply comes. Used by ping and rpc.
 */
export function* call(dest: Pid | readonly [string, string], request: Term, timeout: number | 'infinity' = 'infinity'): Gen<readonly ['ok', Term] | readonly ['error', 'noconnection' | 'noproc' | 'timeout']> {
  const self = currentPid();
  if (self === undefined) throw new ErlangError('not_in_process');
  const mref = monitor('process', dest);
  send(dest, ['$gen_call', [self, mref], request]);
  const r = yield* receive(
    (m: Term) => Array.isArray(m) && ((m.length === 2 && m[0] === mref) || (m.length === 5 && m[0] === 'DOWN' && m[1] === mref)),
    { after: timeout },
  );
  demonitor(mref, ['flush']);
  if (typeof r === 'symbol') return ['error', 'timeout'];
  const m = r as readonly Term[];
  if (m.length === 2) return ['ok', m[1]!];
  return ['error', m[4] === 'noconnection' ? 'noconnection' : 'noproc'];
}

/** The node's `net_kernel`: answers the `is_auth` call `net_adm:ping` makes. */
function* netKernel(): Gen<void> {
  processFlag('trap_exit', true);
  for (;;) {
    const m = yield* receive();
    if (!Array.isArray(m) || m[0] !== '$gen_call' || !Array.isArray(m[1])) continue;
    const [from, tag] = m[1] as unknown as readonly [Pid, Term];
    const req = m[2];
    if (Array.isArray(req) && req[0] === 'is_auth') send(from, [tag, 'yes']);
    else send(from, [tag, ['error', 'not_supported']]);
  }
}

/**
 * `erlang:spawn(Node, Module, Function, Args)` (through `spawn_request`): starts
 * `Module:Function(Args...)` on `peer` (on a beamlet node, a function registered with
 * `registerFunction`); with `link`, linked to the caller. The new pid, or
 * `['error', Reason]` (`noconnection` when the node cannot be reached).
 */
export function* spawnOn(peer: string, module: string, fn: string, args: readonly Term[], opts: readonly 'link'[] = []): Gen<Pid | readonly ['error', Term]> {
  const self = currentPid();
  if (self === undefined || me === null) throw new ErlangError('badarg');
  const reqId = makeRef();
  spawnRequests.set(reqId, self);
  hook(self);
  const c = emit(peer, [Op.SpawnRequest, reqId, self, self, [module, fn, args.length], list([...opts])], list([...args]), true);
  if (c === undefined) {
    spawnRequests.delete(reqId);
    return ['error', 'noconnection'];
  }
  monitorNode(peer, true);
  const r = yield* receive((m: Term) => Array.isArray(m) && ((m[0] === 'spawn_reply' && m[1] === reqId) || (m[0] === 'nodedown' && m[1] === peer)));
  monitorNode(peer, false);
  spawnRequests.delete(reqId);
  const m = r as readonly Term[];
  if (m[0] === 'nodedown') return ['error', 'noconnection'];
  return m[2] === 'ok' ? (m[3] as Pid) : ['error', m[3]!];
}
