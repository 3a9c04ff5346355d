/**
 * A supervised TCP echo server on loopback:
 *
 *   npx tsx examples/echo-server.ts [port] [acceptors]     (then: nc 127.0.0.1 PORT)
 *
 * The supervision tree, as an OTP application would build it:
 *
 *   echo_sup (rest_for_one)
 *   ├── echo_conns     simple_one_for_one: one temporary process per connection
 *   └── echo_accept    rest_for_one
 *       ├── echo_listener   a gen_server owning the listen socket
 *       └── acceptor 1..N   each blocked in accept/1 on that one socket
 *
 * The N acceptors wait in the listen socket's acceptor queue, first come first served.
 * An acceptor that gets a connection starts its process under echo_conns, hands the
 * socket over (`controlling_process`), and accepts again.
 *
 * Graceful shutdown is the supervisor's shutdown order, children in reverse: echo_accept
 * goes first (the acceptors, then the listener, whose socket closes: new connections
 * are refused), then echo_conns, which sends each connection `shutdown` and waits up to
 * the grace period: a connection traps exits, so it keeps echoing until its client
 * closes, and one still open after the grace period is killed, which closes its socket.
 * {@link stop} (and, from the command line, Ctrl-C or SIGTERM) starts that shutdown.
 */
import { pathToFileURL } from 'node:url';
import { exit, processFlag, receive, run, self, send, spawnLink, whereis } from '../index.ts';
import * as gen_server from '../runtime/gen_server.ts';
import * as supervisor from '../runtime/supervisor.ts';
import type { ChildSpec, ChildStart, Supervisor } from '../runtime/supervisor.ts';
import type { Term } from '../runtime/term.ts';
import * as socket from '../socket/index.ts';

export interface EchoOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Acceptor processes blocked in accept on the listen socket (default 4). */
  readonly acceptors?: number;
  /** How long shutdown lets open connections finish, in ms (default 5000). */
  readonly grace?: number;
}

/** Registered names: the tree's parts find each other by name, as in OTP. */
export const ECHO_SUP = 'echo_sup';
const CONNS = 'echo_conns';
const ACCEPT = 'echo_accept';
const LISTENER = 'echo_listener';

// ---------------------------------------------------------------------------------------
// The listener: owns the listen socket, so the socket lives exactly as long as it does

type ListenerCall = 'socket';
const listenerRef = LISTENER as gen_server.ServerRef<ListenerCall, socket.socket, never>;

const listener: gen_server.GenServer<number, socket.socket, ListenerCall, socket.socket, never> = {
  init(port) {
    const [, l] = socket.open('inet', 'stream') as readonly ['ok', socket.socket];
    socket.setopt(l, ['socket', 'reuseaddr'], true);
    const bound = socket.bind(l, { family: 'inet', addr: 'loopback', port });
    if (bound !== 'ok') return ['stop', bound[1]];
    socket.listen(l, 128);
    return ['ok', l];
  },
  handleCall(_req, _from, l) {
    return ['reply', l, l];
  },
  *terminate(_reason, l) {
    yield* socket.close(l);
  },
};

// ---------------------------------------------------------------------------------------
// Acceptors

function startAcceptor(): ChildStart {
  return ['ok', spawnLink(acceptor)];
}

function* acceptor(): Generator<unknown, never, unknown> {
  const lsock = yield* gen_server.call(listenerRef, 'socket');
  for (;;) {
    const r = yield* socket.accept(lsock);
    // A failed accept crashes the acceptor; its supervisor starts a fresh one.
    if (r[0] !== 'ok') exit(['accept', r[1]]);
    const sock = r[1];
    const child = yield* supervisor.startChild(CONNS, [sock]);
    if (child[0] === 'ok' && child[1] !== 'undefined') {
      socket.setopt(sock, ['otp', 'controlling_process'], child[1]);
      send(child[1], ['go', sock]);
    } else {
      yield* socket.close(sock);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Connections

function startConnection(sock: socket.socket): ChildStart {
  return ['ok', spawnLink(connection, sock)];
}

/** Echoes until the client closes; a `shutdown` from the supervisor does not stop it. */
function* connection(sock: socket.socket): Generator<unknown, void, unknown> {
  processFlag('trap_exit', true);
  // Wait until the acceptor has made this process the socket's owner.
  yield* receive((m) => Array.isArray(m) && m[0] === 'go' && m[1] === sock);
  for (;;) {
    const r = yield* socket.recv(sock, 0, 'nowait');
    if (r[0] === 'ok') {
      if ((yield* socket.send(sock, r[1] as Buffer)) !== 'ok') break;
    } else if (r[0] === 'select') {
      const handle = r[1][2];
      // Wait for readiness; meanwhile an exit signal arrives as a message (trap_exit).
      for (;;) {
        const m = (yield* receive((m) => Array.isArray(m) && (
          (m[0] === '$socket' && m[1] === sock && m[2] === 'select' && m[3] === handle) || m[0] === 'EXIT'))) as readonly Term[];
        if (m[0] === '$socket') break;
        // Draining: `shutdown` lets the client finish; any other reason ends us with it.
        if (m[2] !== 'shutdown') exit(m[2] as Term);
      }
    } else {
      break;
    }
  }
  yield* socket.close(sock);
}

// ---------------------------------------------------------------------------------------
// Supervisors

const acceptSup: Supervisor<EchoOptions> = {
  name: ACCEPT,
  init({ port = 0, acceptors = 4 }) {
    const specs: ChildSpec[] = [{ id: 'listener', start: [gen_server.startLink, [['local', LISTENER], listener, port]] }];
    for (let i = 1; i <= acceptors; i++) {
      // brutal_kill: an acceptor holds nothing but its place in the accept queue.
      specs.push({ id: ['acceptor', i], start: [startAcceptor, []], shutdown: 'brutal_kill' });
    }
    return ['ok', [{ strategy: 'rest_for_one', intensity: 10, period: 10 }, specs]];
  },
};

const connsSup: Supervisor<EchoOptions> = {
  name: CONNS,
  init({ grace = 5000 }) {
    return ['ok', [
      { strategy: 'simple_one_for_one' },
      [{ id: 'connection', start: [startConnection, []], restart: 'temporary', shutdown: grace }],
    ]];
  },
};

const echoSup: Supervisor<EchoOptions> = {
  name: ECHO_SUP,
  init(opts) {
    return ['ok', [{ strategy: 'rest_for_one', intensity: 3, period: 10 }, [
      { id: CONNS, type: 'supervisor', start: [supervisor.startLink, [['local', CONNS], connsSup, opts]] },
      { id: ACCEPT, type: 'supervisor', start: [supervisor.startLink, [['local', ACCEPT], acceptSup, opts]] },
    ]]];
  },
};

// ---------------------------------------------------------------------------------------
// API

/**
 * Starts the tree, linked to the caller: `['ok', supPid]` or `['error', reason]`. The
 * caller is the supervisor's parent, so, as in OTP, the tree stops when the caller exits.
 */
export function* start(opts: EchoOptions = {}): Generator<unknown, gen_server.StartResult, unknown> {
  return yield* supervisor.startLink(['local', ECHO_SUP], echoSup, opts);
}

/** The port the listener is bound to. */
export function* port(): Generator<unknown, number, unknown> {
  const l = yield* gen_server.call(listenerRef, 'socket');
  return (socket.sockname(l) as readonly ['ok', socket.sockaddr_in])[1].port;
}

/** How many connection processes are running. */
export function* connections(): Generator<unknown, number, unknown> {
  return (yield* supervisor.countChildren(CONNS))[1][1];
}

/**
 * Graceful shutdown from any process: stops the top supervisor as `gen_server:stop/1`
 * does (an exit signal would do only from its parent; OTP's supervisor ignores others),
 * and returns once every child is gone. No-op when it is not running.
 */
export function* stop(): Generator<unknown, void, unknown> {
  if (whereis(ECHO_SUP) !== 'undefined') yield* gen_server.stop(ECHO_SUP);
}

// ---------------------------------------------------------------------------------------
// Command line

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [portArg = '0', acceptorsArg = '4'] = process.argv.slice(2);
  await run(function* () {
    const started = yield* start({ port: Number(portArg), acceptors: Number(acceptorsArg) });
    if (started[0] !== 'ok') exit(started);
    console.log(`echo server listening on 127.0.0.1:${yield* port()} with ${acceptorsArg} acceptors`);
    const me = self();
    const onSignal = (): void => void send(me, 'stop');
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    yield* receive('stop');
    console.log(`stopping: ${yield* connections()} connection(s) open`);
    yield* stop();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    console.log('stopped');
  });
}
