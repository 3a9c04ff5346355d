/**
 * What the Effect bridge costs: the same work through `beamlet/effect` and through
 * beamlet directly, on this machine.
 *
 *   npx tsx bench/effect/run.ts [--quick]
 *
 * - spawn+await: a process that returns at once, `Process.run` vs `run`.
 * - TCP round trip: 32 bytes to an echo peer and back over loopback, one fiber per side
 *   vs one process per side.
 * - TCP stream echo: a beamlet client sends 16 KB chunks and reads them back; the server
 *   is a recv/send loop in a process vs `recvStream` into `sendSink`.
 * - UDP receive: rounds of 100 datagrams sent, then read by `recvfromStream` (batched)
 *   vs a `recvfrom` loop in a process; the figure is per datagram, sending included.
 * Each figure is the median of 5 runs, wall time and CPU time (user + system, the whole
 * process: both sides of each workload run in it); counts are fixed, so a run is bounded.
 */
import { Effect, Stream } from 'effect';
import { monitor, receive, run, spawn } from '../../index.ts';
import * as socket from '../../socket/index.ts';
import { Process, Socket } from '../../effect/index.ts';

const quick = process.argv.includes('--quick');
const N = quick ? 2_000 : 20_000;
const ROUNDS = 5;
const LOOPBACK: socket.sockaddr_in = { family: 'inet', addr: 'loopback', port: 0 };
const MSG = Buffer.alloc(32, 7);

/** Median wall time and median CPU time (user + system) per operation, in ns. */
async function median(f: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  await f(); // warm-up
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await f();
    walls.push(Number(process.hrtime.bigint() - t0) / N);
    const c = process.cpuUsage(c0);
    cpus.push(((c.user + c.system) * 1000) / N);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[ROUNDS >> 1]!;
  return { wall: mid(walls), cpu: mid(cpus) };
}

const ok = <T>(r: unknown): T => (r as readonly ['ok', T])[1];

// spawn + await --------------------------------------------------------------------------

const spawnDirect = async () => {
  for (let i = 0; i < N; i++) await run(function* () { return i; });
};
const spawnEffect = () =>
  Effect.runPromise(Effect.gen(function* () {
    for (let i = 0; i < N; i++) yield* Process.run(function* () { return i; });
  }));

// TCP round trip -------------------------------------------------------------------------

function tcpPair(): [socket.socket, socket.socket, socket.socket] {
  const l = ok<socket.socket>(socket.open('inet', 'stream'));
  socket.bind(l, LOOPBACK);
  socket.listen(l);
  const addr = ok<socket.sockaddr_in>(socket.sockname(l));
  const c = ok<socket.socket>(socket.open('inet', 'stream'));
  return [l, c, addr as unknown as socket.socket];
}

const tcpDirect = () =>
  run(function* () {
    const [l, c, addr] = tcpPair();
    yield* socket.connect(c, addr as unknown as socket.sockaddr);
    const a = ok<socket.socket>(yield* socket.accept(l));
    spawn(function* () {
      for (let i = 0; i < N; i++) yield* socket.send(a, ok<Buffer>(yield* socket.recv(a, MSG.length)));
    });
    for (let i = 0; i < N; i++) {
      yield* socket.send(c, MSG);
      yield* socket.recv(c, MSG.length);
    }
    for (const s of [a, c, l]) yield* socket.close(s);
  });

const tcpEffect = () =>
  Effect.runPromise(Effect.scoped(Effect.gen(function* () {
    const l = yield* Socket.open('inet', 'stream');
    yield* Socket.bind(l, LOOPBACK);
    yield* Socket.listen(l);
    const { port } = (yield* Socket.sockname(l)) as socket.sockaddr_in;
    const c = yield* Socket.open('inet', 'stream');
    yield* Socket.connect(c, { ...LOOPBACK, port });
    const a = yield* Socket.accept(l);
    yield* Effect.forkScoped(Effect.gen(function* () {
      for (let i = 0; i < N; i++) yield* Socket.send(a, yield* Socket.recv(a, MSG.length));
    }));
    for (let i = 0; i < N; i++) {
      yield* Socket.send(c, MSG);
      yield* Socket.recv(c, MSG.length);
    }
  })));

// TCP echo server, streamed --------------------------------------------------------------

const CHUNK = Buffer.alloc(16 * 1024, 1);

/** A beamlet client: sends N chunks, reads back as many bytes, while the server echoes. */
function* echoClient(port: number): Generator<unknown, void, unknown> {
  const c = ok<socket.socket>(socket.open('inet', 'stream'));
  yield* socket.connect(c, { ...LOOPBACK, port });
  const reader = spawn(function* () {
    for (let got = 0; got < N * CHUNK.length;) got += ok<Buffer>(yield* socket.recv(c, 0)).length;
  });
  for (let i = 0; i < N; i++) yield* socket.send(c, CHUNK);
  const ref = monitor('process', reader);
  yield* receive((m) => Array.isArray(m) && m[1] === ref);
  yield* socket.close(c);
}

const streamDirect = () =>
  run(function* () {
    const [l, , addr] = tcpPair();
    const { port } = addr as unknown as socket.sockaddr_in;
    spawn(function* () {
      const a = ok<socket.socket>(yield* socket.accept(l));
      for (;;) {
        const r = yield* socket.recv(a, 0);
        if (r[0] !== 'ok') break;
        yield* socket.send(a, r[1]);
      }
      yield* socket.close(a);
      yield* socket.close(l);
    });
    yield* echoClient(port);
  });

const streamEffect = () =>
  Effect.runPromise(Effect.scoped(Effect.gen(function* () {
    const l = yield* Socket.open('inet', 'stream');
    yield* Socket.bind(l, LOOPBACK);
    yield* Socket.listen(l);
    const { port } = (yield* Socket.sockname(l)) as socket.sockaddr_in;
    yield* Effect.forkScoped(Effect.scoped(Effect.flatMap(Socket.accept(l), (a) =>
      Socket.recvStream(a).pipe(Stream.run(Socket.sendSink(a))))));
    yield* Effect.promise(() => run(() => echoClient(port)));
  })));

// UDP receive ----------------------------------------------------------------------------

// Rounds of B datagrams, sent then read, so the receive buffer never overflows and
// both sides count the same datagrams.
const B = 100;

function udpSetup(): { r: socket.socket; s: socket.socket; addr: socket.sockaddr_in } {
  const r = ok<socket.socket>(socket.open('inet', 'dgram'));
  socket.bind(r, LOOPBACK);
  const s = ok<socket.socket>(socket.open('inet', 'dgram'));
  return { r, s, addr: ok<socket.sockaddr_in>(socket.sockname(r)) };
}

function* sendRound(s: socket.socket, addr: socket.sockaddr_in): Generator<unknown, void, unknown> {
  for (let i = 0; i < B; i++) yield* socket.sendto(s, MSG, addr);
}

const udpDirect = () =>
  run(function* () {
    const { r, s, addr } = udpSetup();
    for (let k = 0; k < N; k += B) {
      yield* sendRound(s, addr);
      for (let i = 0; i < B; i++) yield* socket.recvfrom(r);
    }
    yield* socket.close(r);
    yield* socket.close(s);
  });

const udpEffect = () =>
  Effect.runPromise(Effect.scoped(Effect.gen(function* () {
    const { r, s, addr } = udpSetup();
    const pull = yield* Stream.toPull(Socket.recvfromStream(r, { bufferSize: 256 }));
    for (let k = 0; k < N; k += B) {
      yield* Effect.promise(() => run(() => sendRound(s, addr)));
      for (let got = 0; got < B;) got += (yield* pull).length;
    }
    yield* Socket.close(r);
    yield* Socket.close(s);
  })));

// ----------------------------------------------------------------------------------------

type Row = [string, { wall: number; cpu: number }, { wall: number; cpu: number }];
const rows: Row[] = [];
rows.push(['spawn + await a process', await median(spawnDirect), await median(spawnEffect)]);
rows.push(['TCP 32-byte round trip', await median(tcpDirect), await median(tcpEffect)]);
rows.push(['TCP 16 KB chunk echoed (stream)', await median(streamDirect), await median(streamEffect)]);
rows.push(['UDP datagram received', await median(udpDirect), await median(udpEffect)]);

// CPU time is the steadier figure on a shared machine: wall time includes other loads.
console.log(`beamlet/effect vs beamlet, ns per operation (median of ${ROUNDS}, N=${N})\n`);
console.log('| operation | beamlet wall | effect wall | beamlet CPU | effect CPU | CPU ratio |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, d, e] of rows) {
  console.log(`| ${name} | ${d.wall.toFixed(0)} | ${e.wall.toFixed(0)} | ${d.cpu.toFixed(0)} | ${e.cpu.toFixed(0)} | ${(e.cpu / d.cpu).toFixed(2)}x |`);
}
