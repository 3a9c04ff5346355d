/**
 * An Effect-native TCP echo server and a client for it, in one program:
 *
 *   npx tsx examples/effect-echo.ts [port]
 *
 * The server is a pool of acceptor fibers, each serving one connection at a time by
 * streaming what it receives back to the sender. Three clients connect concurrently,
 * send a few lines each and print the echoes. When they are done, the program's scope
 * closes: the acceptors are interrupted (their pending accepts withdrawn) and every
 * socket closes, so the process exits on its own. With a port, the server listens
 * there until Ctrl-C, for `nc localhost <port>`.
 */
import { Console, Effect, Stream } from 'effect';
import { Socket } from '../effect/index.ts';

const ACCEPTORS = 4;

/** Echoes everything `conn` receives until the peer closes. */
const echo = (conn: Socket.socket) =>
  Socket.recvStream(conn).pipe(Stream.run(Socket.sendSink(conn)));

/** One acceptor: accept, serve, close (the connection's scope ends), again. */
const acceptor = (listener: Socket.socket) =>
  Effect.forever(Effect.scoped(Effect.flatMap(Socket.accept(listener), echo)));

/** A listening socket on loopback, closed with the current scope. */
const listen = (port: number) =>
  Effect.gen(function* () {
    const l = yield* Socket.open('inet', 'stream');
    yield* Socket.setopt(l, ['socket', 'reuseaddr'], true);
    yield* Socket.bind(l, { family: 'inet', addr: 'loopback', port });
    yield* Socket.listen(l, 128);
    return l;
  });

/** Connects, sends `lines` one by one and returns each echo. */
const client = (port: number, name: string, lines: readonly string[]) =>
  Effect.scoped(Effect.gen(function* () {
    const s = yield* Socket.open('inet', 'stream');
    yield* Socket.connect(s, { family: 'inet', addr: 'loopback', port });
    const echoes: string[] = [];
    for (const line of lines) {
      const out = `${name}: ${line}\n`;
      yield* Socket.send(s, out);
      echoes.push((yield* Socket.recv(s, Buffer.byteLength(out))).toString().trimEnd());
    }
    return echoes;
  }));

const demo = Effect.scoped(Effect.gen(function* () {
  const l = yield* listen(0);
  const { port } = (yield* Socket.sockname(l)) as Socket.sockaddr_in;
  yield* Console.log(`echo server on 127.0.0.1:${port}, ${ACCEPTORS} acceptors`);
  for (let i = 0; i < ACCEPTORS; i++) yield* Effect.forkScoped(acceptor(l));
  const results = yield* Effect.all(
    ['ann', 'bob', 'cat'].map((name) => client(port, name, ['hello', 'beamlet', 'bye'])),
    { concurrency: 'unbounded' },
  );
  for (const echoes of results) for (const e of echoes) yield* Console.log(`echoed  ${e}`);
  yield* Console.log('done: closing the server');
}));

const serveForever = (port: number) =>
  Effect.scoped(Effect.gen(function* () {
    const l = yield* listen(port);
    yield* Console.log(`echo server on 127.0.0.1:${port}; try: nc localhost ${port}`);
    yield* Effect.all(Array.from({ length: ACCEPTORS }, () => acceptor(l)), { concurrency: 'unbounded' });
  }));

const port = process.argv[2];
Effect.runFork(port === undefined ? demo : serveForever(Number(port)));
