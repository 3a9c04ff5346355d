/**
 * A line-based chat server on loopback, with a room process per room:
 *
 *   npx tsx examples/chat-server.ts [port]
 *
 * and from other terminals, one client each: `nc 127.0.0.1 PORT`. Type lines:
 *
 *   /nick NAME    choose your name (you start as guestN)
 *   /join ROOM    enter ROOM (leaving the one you are in)
 *   /who          list who is in your room
 *   /leave        leave your room
 *   /quit         disconnect
 *   anything else is said to everyone else in your room
 *
 * Processes: a listener owns the listen socket and links every process it starts,
 * trapping their exits, so one connection's crash stays its own while stopping the
 * listener takes the whole server down; acceptors wait in accept; each connection
 * is a process that owns its socket. A room is a process registered as `room:NAME`,
 * started by the first member to join and gone when the last one leaves. A room
 * monitors its members, so a connection process that dies, for whatever reason,
 * leaves its room: the others see "* NAME left #ROOM (connection closed)".
 */
import { pathToFileURL } from 'node:url';
import {
  _, demonitor, exit, link, makeRef, monitor, processFlag, receive, register, run, self, send, spawn, spawnLink, whereis,
  TIMEOUT, type Pid, type Ref,
} from '../index.ts';
import type { Term } from '../runtime/term.ts';
import * as socket from '../socket/index.ts';

export interface ChatOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Acceptor processes (default 2). */
  readonly acceptors?: number;
}

const HELP = '/join ROOM, /nick NAME, /who, /leave, /quit';

/** The longest line taken, in bytes; a client that sends more without a newline is closed. */
const MAX_LINE = 4096;

// ---------------------------------------------------------------------------------------
// Rooms

/** The registered name of room `name`. */
export const roomName = (name: string): string => `room:${name}`;

interface Member {
  nick: string;
  readonly mref: Ref;
}

/** Messages a room takes; each request carries a ref its answer comes back with. */
type RoomMsg =
  | readonly ['join', Pid, string, Ref]
  | readonly ['leave', Pid, Ref]
  | readonly ['say', Pid, string]
  | readonly ['nick', Pid, string]
  | readonly ['who', Pid, Ref];

function* room(name: string): Generator<unknown, void, unknown> {
  const members = new Map<Pid, Member>();
  const tell = (line: string, except?: Pid): void => {
    for (const pid of members.keys()) if (pid !== except) send(pid, ['chat', line]);
  };
  const remove = (pid: Pid, why: string): void => {
    const m = members.get(pid);
    if (m === undefined) return;
    demonitor(m.mref, ['flush']);
    members.delete(pid);
    tell(`* ${m.nick} left #${name}${why}`);
  };
  // The room ends with its last member; later joiners find no name and start a new one.
  do {
    const msg = (yield* receive()) as RoomMsg | readonly ['DOWN', Ref, 'process', Pid, Term];
    switch (msg[0]) {
      case 'join': {
        const [, pid, nick, ref] = msg;
        if (!members.has(pid)) members.set(pid, { nick, mref: monitor('process', pid) });
        send(pid, [ref, 'ok']);
        tell(`* ${nick} joined #${name} (${members.size} here)`);
        break;
      }
      case 'leave':
        remove(msg[1], '');
        send(msg[1], [msg[2], 'ok']);
        break;
      case 'say': {
        const m = members.get(msg[1]);
        if (m !== undefined) tell(`[#${name}] ${m.nick}: ${msg[2]}`, msg[1]);
        break;
      }
      case 'nick': {
        const m = members.get(msg[1]);
        if (m !== undefined) {
          tell(`* ${m.nick} is now known as ${msg[2]}`, msg[1]);
          m.nick = msg[2];
        }
        break;
      }
      case 'who':
        send(msg[1], [msg[2], [...members.values()].map((m) => m.nick)]);
        break;
      case 'DOWN':
        remove(msg[3], ' (connection closed)');
        break;
    }
  } while (members.size > 0);
}

/**
 * Sends `request(ref)` to room `name` and waits for the answer tagged `ref`, as
 * gen_server:call does. A room that has just emptied dies; then a new one is started.
 */
function* roomCall(name: string, request: (ref: Ref) => RoomMsg, start: boolean): Generator<unknown, readonly [Pid, Term] | null, unknown> {
  for (;;) {
    let pid = whereis(roomName(name));
    if (pid === 'undefined') {
      if (!start) return null;
      // No suspension between whereis and register: no other process can run here.
      pid = spawn(room, name);
      register(roomName(name), pid);
    }
    const mref = monitor('process', pid);
    const ref = makeRef();
    send(pid, request(ref));
    const r = (yield* receive((m) => Array.isArray(m) && (m[0] === ref || (m[0] === 'DOWN' && m[1] === mref)), { marker: mref })) as readonly Term[];
    demonitor(mref, ['flush']);
    if (r[0] === ref) return [pid, r[1] as Term];
  }
}

// ---------------------------------------------------------------------------------------
// Connections

interface Session {
  readonly sock: socket.socket;
  nick: string;
  room: string | null;
}

let guests = 0;

function* write(s: Session, line: string): Generator<unknown, boolean, unknown> {
  return (yield* socket.send(s.sock, `${line}\n`)) === 'ok';
}

/** Handles one line; false when the client is done. */
function* command(s: Session, line: string): Generator<unknown, boolean, unknown> {
  const [cmd = '', arg = ''] = line.split(/\s+(.*)/s).map((x) => x.trim());
  if (!line.startsWith('/')) {
    if (s.room === null) return yield* write(s, `* you are not in a room; ${HELP}`);
    const pid = whereis(roomName(s.room));
    if (pid !== 'undefined') send(pid, ['say', self(), line]);
    return true;
  }
  switch (cmd) {
    case '/nick': {
      if (!/^\S{1,32}$/.test(arg)) return yield* write(s, '* a name is 1 to 32 characters, no spaces');
      const pid = s.room === null ? 'undefined' : whereis(roomName(s.room));
      if (pid !== 'undefined') send(pid, ['nick', self(), arg]);
      s.nick = arg;
      return yield* write(s, `* you are now ${arg}`);
    }
    case '/join': {
      if (!/^\S{1,32}$/.test(arg)) return yield* write(s, '* a room name is 1 to 32 characters, no spaces');
      if (s.room === arg) return yield* write(s, `* you are already in #${arg}`);
      if (s.room !== null) yield* leave(s);
      const nick = s.nick;
      yield* roomCall(arg, (ref) => ['join', self(), nick, ref], true);
      s.room = arg;
      return true;
    }
    case '/leave':
      if (s.room === null) return yield* write(s, '* you are not in a room');
      return yield* write(s, `* you left #${yield* leave(s)}`);
    case '/who': {
      if (s.room === null) return yield* write(s, '* you are not in a room');
      const r = yield* roomCall(s.room, (ref) => ['who', self(), ref], false);
      return yield* write(s, `* in #${s.room}: ${r === null ? '' : (r[1] as string[]).join(', ')}`);
    }
    case '/quit':
      yield* write(s, '* bye');
      return false;
    default:
      return yield* write(s, `* unknown command ${cmd}; ${HELP}`);
  }
}

function* leave(s: Session): Generator<unknown, string, unknown> {
  const name = s.room!;
  yield* roomCall(name, (ref) => ['leave', self(), ref], false);
  s.room = null;
  return name;
}

/** Whether `m` is a line a room sends to its members. */
const isChat = (m: unknown): m is readonly ['chat', string] => Array.isArray(m) && m[0] === 'chat';

function* connection(sock: socket.socket): Generator<unknown, void, unknown> {
  yield* receive((m) => Array.isArray(m) && m[0] === 'go' && m[1] === sock);
  const s: Session = { sock, nick: `guest${++guests}`, room: null };
  let open = yield* write(s, `* welcome, you are ${s.nick}; ${HELP}`);
  let buf = Buffer.alloc(0);
  while (open) {
    // Room lines first, so a client that keeps typing still hears the others.
    for (let m = yield* receive(isChat, { after: 0 }); m !== TIMEOUT && open; m = yield* receive(isChat, { after: 0 })) {
      open = yield* write(s, (m as readonly ['chat', string])[1]);
    }
    const r = yield* socket.recv(sock, 0, 'nowait');
    if (r[0] === 'ok') {
      // Bytes until a whole line is in: a chunk may end inside a UTF-8 character.
      buf = Buffer.concat([buf, r[1] as Buffer]);
      for (let nl = buf.indexOf('\n'); nl !== -1 && open; nl = buf.indexOf('\n')) {
        const line = buf.subarray(0, nl).toString().trim();
        buf = buf.subarray(nl + 1);
        if (line !== '') open = yield* command(s, line);
      }
      if (open && buf.length > MAX_LINE) {
        yield* write(s, '* line too long');
        open = false;
      }
    } else if (r[0] === 'select') {
      const handle = r[1][2];
      // Room lines go out while the read waits; the wait ends with its select message.
      for (;;) {
        const m = yield* receive((m) => isChat(m) || (Array.isArray(m) && m[0] === '$socket' && m[1] === sock && m[3] === handle));
        if (!isChat(m)) break;
        open = yield* write(s, m[1]);
        if (!open) break;
      }
    } else {
      open = false;
    }
  }
  // No need to leave the room: its monitor sees this process end.
  yield* socket.close(sock);
}

// ---------------------------------------------------------------------------------------
// Listener and acceptors

function* acceptor(listener: Pid, lsock: socket.socket): Generator<unknown, void, unknown> {
  for (;;) {
    const r = yield* socket.accept(lsock);
    if (r[0] !== 'ok') return; // the listen socket closed: the server is stopping
    const pid = spawn(connection, r[1]);
    send(listener, ['link', pid]);
    socket.setopt(r[1], ['otp', 'controlling_process'], pid);
    send(pid, ['go', r[1]]);
  }
}

function* listener(parent: Pid, port: number, acceptors: number): Generator<unknown, void, unknown> {
  // Trapping exits: a connection that dies, even killed, must not take the server along.
  processFlag('trap_exit', true);
  const [, lsock] = socket.open('inet', 'stream') as readonly ['ok', socket.socket];
  socket.setopt(lsock, ['socket', 'reuseaddr'], true);
  const bound = socket.bind(lsock, { family: 'inet', addr: 'loopback', port });
  if (bound !== 'ok') exit(bound);
  socket.listen(lsock, 128);
  const pool = new Set<Pid>();
  for (let i = 0; i < acceptors; i++) pool.add(spawnLink(acceptor, self(), lsock));
  send(parent, ['chat_listener', self(), (socket.sockname(lsock) as readonly ['ok', socket.sockaddr_in])[1].port]);
  for (;;) {
    const m = (yield* receive()) as readonly Term[];
    if (m[0] === 'link') link(m[1] as Pid);
    else if (m[0] === 'stop') break;
    else if (m[0] === 'EXIT' && pool.delete(m[1] as Pid)) {
      // An acceptor died while the listen socket is open: keep the pool full.
      pool.add(spawnLink(acceptor, self(), lsock));
    }
  }
  yield* socket.close(lsock);
  // Every acceptor and connection is linked: one exit signal ends them all.
  exit('shutdown');
}

/** A running chat server. */
export interface Chat {
  readonly pid: Pid;
  readonly port: number;
}

/** Starts the server (not linked to the caller). */
export function* start(opts: ChatOptions = {}): Generator<unknown, Chat, unknown> {
  const pid = spawn(listener, self(), opts.port ?? 0, opts.acceptors ?? 2);
  const [, , port] = (yield* receive((m) => Array.isArray(m) && m[0] === 'chat_listener' && m[1] === pid)) as [string, Pid, number];
  return { pid, port };
}

/** Stops the server: the listen socket closes and every connection with it. */
export function* stop(chat: Chat): Generator<unknown, void, unknown> {
  const ref = monitor('process', chat.pid);
  send(chat.pid, ['stop', self()]);
  yield* receive(['DOWN', ref, _, _, _]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run(function* () {
    const chat = yield* start({ port: Number(process.argv[2] ?? 0) });
    console.log(`chat server listening on 127.0.0.1:${chat.port}; try: nc 127.0.0.1 ${chat.port}`);
    const me = self();
    const onSignal = (): void => void send(me, 'stop');
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    yield* receive('stop');
    yield* stop(chat);
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    console.log('stopped');
  });
}
