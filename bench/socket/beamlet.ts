/**
 * The beamlet side of bench/socket/run.ts: every workload on `beamlet/socket`, one
 * process per connection where the workload has several, speaking the wire protocol
 * described at the top of run.ts.
 *
 *   node --import tsx bench/socket/beamlet.ts server WORKLOAD
 *   node --import tsx bench/socket/beamlet.ts client WORKLOAD PORT SECONDS BYTES
 */
import { _, receive, run, self, send, spawn, type Pid } from '../../index.ts';
import * as socket from '../../socket/index.ts';
import { MSG, CHUNK, CONNECTS, CONC, CONC_RTS, WIN, ACK_EVERY, BATCH, RCVBUF, REPS, now, fail, commandLine, startRep, report } from './common.ts';

type Gen<R> = Generator<unknown, R, unknown>;

/** The value of an `{ok, V}`, or the end of the run with the error. */
function ok<R extends string | readonly unknown[]>(r: R, what: string): Extract<R, readonly ['ok', unknown]>[1] {
  if (r[0] !== 'ok') fail(`${what}: ${JSON.stringify(r)}`);
  return r[1];
}

function done(r: string | readonly unknown[], what: string): void {
  if (r !== 'ok') fail(`${what}: ${JSON.stringify(r)}`);
}

function loopback(port: number): socket.sockaddr_in {
  return { family: 'inet', addr: [127, 0, 0, 1], port };
}

function opened(type: 'stream' | 'dgram'): socket.socket {
  return ok(socket.open('inet', type, type === 'stream' ? 'tcp' : 'udp'), 'open');
}

function announce(s: socket.socket): void {
  const addr = ok(socket.sockname(s), 'sockname') as socket.sockaddr_in;
  console.log(`PORT ${addr.port}`);
}

// ---- servers

function* echo(c: socket.socket): Gen<void> {
  for (;;) {
    const r = yield* socket.recv(c, 0);
    if (r[0] !== 'ok') break;
    if ((yield* socket.send(c, r[1])) !== 'ok') break;
  }
  yield* socket.close(c);
}

function* sink(c: socket.socket): Gen<void> {
  let total = 0;
  for (;;) {
    const r = yield* socket.recv(c, 0);
    if (r[0] !== 'ok') break;
    total += r[1].length;
  }
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(total));
  done(yield* socket.send(c, b), 'sink send');
  yield* socket.close(c);
}

function* tcpServer(workload: string): Gen<void> {
  const l = opened('stream');
  done(socket.bind(l, loopback(0)), 'bind');
  done(socket.listen(l, 4096), 'listen');
  announce(l);
  for (;;) {
    const c = ok(yield* socket.accept(l), 'accept');
    if (workload === 'tcp_connect') {
      yield* socket.close(c);
      continue;
    }
    if (workload === 'tcp_stream') {
      // Read up to a whole 64 KiB write per call, as C and Node do (the default is 8 KiB).
      done(socket.setopt(c, ['otp', 'rcvbuf'], CHUNK), 'otp rcvbuf');
      spawn(sink, c);
      continue;
    }
    done(socket.setopt(c, ['tcp', 'nodelay'], true), 'nodelay');
    spawn(echo, c);
  }
}

function* udpServer(workload: string): Gen<void> {
  const s = opened('dgram');
  done(socket.bind(s, loopback(0)), 'bind');
  done(socket.setopt(s, ['socket', 'rcvbuf'], RCVBUF), 'rcvbuf');
  announce(s);
  const ack = Buffer.alloc(4);
  let count = 0;
  if (workload === 'udp_rr') {
    for (;;) {
      const [from, data] = ok(yield* socket.recvfrom(s), 'recvfrom');
      done(yield* socket.sendto(s, data, from as socket.sockaddr), 'sendto');
    }
  }
  if (workload === 'udp_stream') {
    for (;;) {
      const [from] = ok(yield* socket.recvfrom(s), 'recvfrom');
      count = (count + 1) >>> 0;
      if (count % ACK_EVERY !== 0) continue;
      ack.writeUInt32LE(count);
      done(yield* socket.sendto(s, ack, from as socket.sockaddr), 'sendto ack');
    }
  }
  for (;;) {
    const msgs = ok(yield* socket.recvmmsg(s, BATCH, MSG, 0, [], 'infinity'), 'recvmmsg');
    const before = count;
    count = (count + msgs.length) >>> 0;
    if (Math.floor(count / ACK_EVERY) === Math.floor(before / ACK_EVERY)) continue;
    ack.writeUInt32LE(count);
    done(yield* socket.sendto(s, ack, msgs[msgs.length - 1]!.addr as socket.sockaddr), 'sendto ack');
  }
}

// ---- clients: each returns the rate of one repetition

const { mode, workload, port, seconds, bytes } = commandLine('beamlet.ts');

function* connected(type: 'stream' | 'dgram'): Gen<socket.socket> {
  const s = opened(type);
  done(yield* socket.connect(s, loopback(port)), 'connect');
  if (type === 'stream') done(socket.setopt(s, ['tcp', 'nodelay'], true), 'nodelay');
  return s;
}

let ppSock: socket.socket | undefined;

function* tcpPingpong(): Gen<number> {
  const s = ppSock ??= yield* connected('stream');
  const msg = Buffer.alloc(MSG);
  let n = 0;
  const t0 = now();
  let t: number;
  do {
    for (let i = 0; i < 256; i++, n++) {
      done(yield* socket.send(s, msg), 'send');
      ok(yield* socket.recv(s, MSG), 'recv');
    }
    t = now() - t0;
  } while (t < seconds);
  return n / t;
}

function* tcpStream(): Gen<number> {
  const s = yield* connected('stream');
  const chunk = Buffer.alloc(CHUNK);
  let sent = 0;
  const t0 = now();
  while (sent < bytes && now() - t0 < 3 * seconds) {
    for (let i = 0; i < 64 && sent < bytes; i++, sent += CHUNK) done(yield* socket.send(s, chunk), 'send');
  }
  done(socket.shutdown(s, 'write'), 'shutdown');
  const total = Number(ok(yield* socket.recv(s, 8), 'recv total').readBigUInt64LE());
  const t = now() - t0;
  yield* socket.close(s);
  if (total !== sent) fail(`stream: sent ${sent}, server counted ${total}`);
  return total / t / 1e9;
}

function* tcpConnect(): Gen<number> {
  let n = 0;
  const t0 = now();
  while (n < CONNECTS && now() - t0 < 3 * seconds) {
    const s = opened('stream');
    done(yield* socket.connect(s, loopback(port)), 'connect');
    const r = yield* socket.recv(s, 1);
    if (r[0] !== 'error' || r[1] !== 'closed') fail(`connect: expected closed, got ${JSON.stringify(r)}`);
    yield* socket.close(s);
    n++;
  }
  return n / (now() - t0);
}

function* concClient(parent: Pid): Gen<void> {
  const s = yield* connected('stream');
  send(parent, ['ready', self()]);
  const deadline = (yield* receive(['go', _]))[1] as number;
  const msg = Buffer.alloc(MSG);
  let n = 0;
  while (n < CONC_RTS) {
    done(yield* socket.send(s, msg), 'send');
    ok(yield* socket.recv(s, MSG), 'recv');
    n++;
    if (now() >= deadline) break;
  }
  yield* socket.close(s);
  send(parent, ['done', n]);
}

function* tcpConcurrent(): Gen<number> {
  const pids: Pid[] = [];
  for (let i = 0; i < CONC; i++) pids.push(spawn(concClient, self()));
  for (let i = 0; i < CONC; i++) yield* receive((m) => Array.isArray(m) && m[0] === 'ready');
  const t0 = now();
  for (const p of pids) send(p, ['go', t0 + 3 * seconds]);
  let total = 0;
  for (let i = 0; i < CONC; i++) total += (yield* receive(['done', _]))[1] as number;
  return total / (now() - t0);
}

let udpSock: socket.socket | undefined;
let udpSent = 0;
let udpAcked = 0;

/** Waits for acks until at most `inflight` datagrams are unacknowledged. */
function* udpWait(s: socket.socket, inflight: number): Gen<void> {
  while (udpSent - udpAcked > inflight) {
    const r = yield* socket.recv(s, 0, 1000);
    if (r[0] !== 'ok') fail(`udp: no ack for 1 s (${JSON.stringify(r)}), ${udpSent - udpAcked} unacknowledged`);
    const a = r[1].readUInt32LE();
    if (((a - udpAcked) | 0) > 0) udpAcked = a;
  }
}

function* udpStream(): Gen<number> {
  const s = udpSock ??= yield* connected('dgram');
  const msg = Buffer.alloc(MSG);
  const start = udpSent;
  const t0 = now();
  do {
    for (let i = 0; i < ACK_EVERY; i++) {
      // The window is checked here, as C's udp_wait and Node's pump do, so a datagram
      // that need not wait makes no generator.
      if (udpSent - udpAcked > WIN - 1) yield* udpWait(s, WIN - 1);
      done(yield* socket.send(s, msg), 'send');
      udpSent++;
    }
  } while (now() - t0 < seconds);
  yield* udpWait(s, 0);
  return (udpSent - start) / (now() - t0);
}

function* udpMmsg(): Gen<number> {
  const s = udpSock ??= yield* connected('dgram');
  const msg = Buffer.alloc(MSG);
  const batch: socket.msg_send[] = Array.from({ length: BATCH }, () => ({ iov: [msg] }));
  const start = udpSent;
  const t0 = now();
  do {
    if (udpSent - udpAcked > WIN - BATCH) yield* udpWait(s, WIN - BATCH);
    done(yield* socket.sendmmsg(s, batch, [], 'infinity'), 'sendmmsg');
    udpSent += BATCH;
  } while (now() - t0 < seconds);
  yield* udpWait(s, 0);
  return (udpSent - start) / (now() - t0);
}

function* udpRr(): Gen<number> {
  const s = udpSock ??= yield* connected('dgram');
  const msg = Buffer.alloc(MSG);
  let n = 0;
  const t0 = now();
  let t: number;
  do {
    for (let i = 0; i < 256; i++, n++) {
      done(yield* socket.send(s, msg), 'send');
      const r = yield* socket.recv(s, 0, 1000);
      if (r[0] !== 'ok') fail(`udp_rr: no answer for 1 s (${JSON.stringify(r)})`);
    }
    t = now() - t0;
  } while (t < seconds);
  return n / t;
}

const CLIENTS: Record<string, () => Gen<number>> = {
  tcp_pingpong: tcpPingpong,
  tcp_stream: tcpStream,
  tcp_connect: tcpConnect,
  tcp_concurrent: tcpConcurrent,
  udp_stream: udpStream,
  udp_mmsg: udpMmsg,
  udp_rr: udpRr,
};

if (mode === 'server') {
  await run(() => (workload.startsWith('udp') ? udpServer(workload) : tcpServer(workload)));
} else {
  const one = CLIENTS[workload] ?? fail(`unknown workload ${workload}`);
  const [rates, cpus] = await run(function* () {
    const r: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const end = startRep();
      r.push(yield* one());
      cpu.push(end(r[i]!));
    }
    return [r, cpu];
  });
  report(rates, cpus);
  process.exit(0);
}
