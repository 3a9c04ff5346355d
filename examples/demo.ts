/**
 * The demonstration `npm run demo` runs: a tour of the runtime in a few small programs,
 * each printing what it sees in Erlang's own term syntax; then sockets: the supervised
 * echo server of examples/echo-server.ts, a few clients, `socket:i()`, and shutdown.
 */
import {
  _,
  TIMEOUT,
  exit,
  makeRef,
  monitor,
  processFlag,
  receive,
  register,
  run,
  self,
  send,
  sendAfter,
  spawn,
  spawnLink,
  whereis,
  type Pid,
} from '../index.ts';
import { format } from '../runtime/format.ts';
import * as socket from '../socket/index.ts';
import * as echo from './echo-server.ts';

function show(label: string, term: unknown): void {
  console.log(`${label.padEnd(28)} ${format(term as never)}`);
}

/** A process per request, replies matched by ref (the make_ref-then-receive idiom). */
function* echoServer(): Generator<unknown, void, unknown> {
  for (;;) {
    const [, from, ref, msg] = (yield* receive(['echo', _, _, _])) as [string, Pid, unknown, unknown];
    send(from, [ref, msg]);
  }
}

/** A token passed around a ring of `n` processes, `rounds` times. */
function* ring(n: number, rounds: number): Generator<unknown, number, unknown> {
  const me = self();
  let next: Pid = me;
  for (let i = 0; i < n; i++) {
    const to = next;
    next = spawn(function* () {
      for (;;) {
        const m = yield* receive();
        if (m === 'stop') return void send(to, 'stop');
        send(to, m);
      }
    });
  }
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    send(next, ['token', r]);
    yield* receive(['token', r]);
  }
  send(next, 'stop');
  yield* receive('stop');
  return Math.round((n * rounds) / ((performance.now() - t0) / 1000));
}

await run(function* () {
  console.log('beamlet demonstration: processes, mailboxes, links and monitors\n');

  const server = spawn(echoServer);
  register('echo', server);
  const ref = makeRef();
  send('echo', ['echo', self(), ref, 'hello']);
  show('echo reply', yield* receive([ref, _]));

  // Selective receive: the later message is taken first, the earlier one stays queued.
  send(self(), ['low', 1]);
  send(self(), ['high', 2]);
  show('selective receive', yield* receive(['high', _]));
  show('then', yield* receive());

  const polled = yield* receive('never', { after: 50 });
  show('receive after 50', polled === TIMEOUT ? 'timeout' : polled);
  sendAfter(20, self(), 'tick');
  show('send_after 20', yield* receive('tick'));

  // A crash travels along a link; a trapping process gets it as a message.
  processFlag('trap_exit', true);
  const worker = spawnLink(function* () {
    yield* receive('go');
    exit(['bad_thing', 42]);
  });
  send(worker, 'go');
  show('trapped exit', yield* receive(['EXIT', worker, _]));

  // A monitor fires exactly once, with the reason.
  const watched = spawn(function* () {
    yield* receive('stop');
  });
  const mref = monitor('process', watched);
  send(watched, 'stop');
  show('monitor', yield* receive(['DOWN', mref, 'process', watched, _]));

  show('ring 1000 x 100 (msgs/s)', yield* ring(1000, 100));
  exit(server, 'kill');
});

/** A client process: connects, sends `text`, reports the echo to `parent`, then waits for `close`. */
function* client(parent: Pid, port: number, text: string): Generator<unknown, void, unknown> {
  const [, s] = socket.open('inet', 'stream') as readonly ['ok', socket.socket];
  yield* socket.connect(s, { family: 'inet', addr: 'loopback', port });
  yield* socket.send(s, text);
  send(parent, ['echoed', self(), yield* socket.recv(s, Buffer.byteLength(text))]);
  yield* receive('close');
  yield* socket.close(s);
}

await run(function* () {
  console.log('\nbeamlet demonstration: sockets (the echo server of examples/echo-server.ts)\n');
  show('echo_sup start', yield* echo.start({ acceptors: 3, grace: 1000 }));
  const port = yield* echo.port();
  show('listening on', { family: 'inet', addr: [127, 0, 0, 1], port });
  const clients = ['hello', 'from', 'beamlet'].map((word, i) => spawn(client, self(), port, `${word} ${i + 1}`));
  for (const c of clients) {
    const [, , reply] = (yield* receive(['echoed', c, _])) as [string, Pid, unknown];
    // ~p, so a binary of text prints as <<"...">>.
    console.log(`${`client ${format(c)}`.padEnd(28)} ${format(reply, 'p', { column: 30 })}`);
  }
  show('connection processes', yield* echo.connections());
  console.log('\nsocket:i() with three clients connected:\n');
  socket.i(['fd', 'owner', 'type', 'protocol', 'state', 'local_address', 'remote_address']);
  for (const c of clients) send(c, 'close');
  yield* echo.stop();
  console.log('');
  show('after stop, whereis', ['echo_sup', whereis('echo_sup')]);
});
