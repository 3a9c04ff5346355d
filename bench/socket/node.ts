/**
 * The Node.js side of bench/socket/run.ts: every workload on `net` and `dgram`, speaking
 * the wire protocol described at the top of run.ts. `dgram` has no batch API, so
 * `udp_mmsg` is not offered here.
 *
 *   node --import tsx bench/socket/node.ts server WORKLOAD
 *   node --import tsx bench/socket/node.ts client WORKLOAD PORT SECONDS BYTES
 */
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { MSG, CHUNK, CONNECTS, CONC, CONC_RTS, WIN, ACK_EVERY, RCVBUF, REPS, now, fail, commandLine, startRep, report } from './common.ts';

const HOST = '127.0.0.1';

// ---- servers

function listen(onConnection: (c: net.Socket) => void): void {
  const server = net.createServer({ noDelay: true }, onConnection);
  server.listen({ host: HOST, port: 0, backlog: 4096 }, () => {
    console.log(`PORT ${(server.address() as net.AddressInfo).port}`);
  });
}

function serveEcho(c: net.Socket): void {
  c.on('data', (d) => c.write(d));
  c.on('error', () => c.destroy());
}

function serveSink(c: net.Socket): void {
  let total = 0;
  c.on('data', (d) => { total += d.length; });
  c.on('end', () => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(total));
    c.end(b);
  });
}

function udpServer(workload: string): void {
  const s = dgram.createSocket({ type: 'udp4', recvBufferSize: RCVBUF });
  let count = 0;
  if (workload === 'udp_stream') {
    s.on('message', (_m, from) => {
      count = (count + 1) >>> 0;
      if (count % ACK_EVERY !== 0) return;
      const a = Buffer.alloc(4);
      a.writeUInt32LE(count);
      s.send(a, from.port, from.address);
    });
  } else {
    s.on('message', (m, from) => s.send(m, from.port, from.address));
  }
  s.bind(0, HOST, () => console.log(`PORT ${s.address().port}`));
}

function server(workload: string): void {
  switch (workload) {
    case 'tcp_pingpong': case 'tcp_concurrent': return listen(serveEcho);
    case 'tcp_stream': return listen(serveSink);
    case 'tcp_connect': return listen((c) => c.destroy());
    case 'udp_stream': case 'udp_rr': return udpServer(workload);
    default: fail(`unknown workload ${workload}`);
  }
}

// ---- clients: each resolves with the rate of one repetition

const { mode, workload, port, seconds, bytes } = commandLine('node.ts');

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: HOST, port, noDelay: true }, () => resolve(s));
    s.once('error', reject);
  });
}

let ppSock: net.Socket | undefined;

async function tcpPingpong(): Promise<number> {
  const s = ppSock ??= await connect();
  const msg = Buffer.alloc(MSG);
  return new Promise((resolve) => {
    let n = 0;
    let got = 0;
    const t0 = now();
    const onData = (d: Buffer): void => {
      got += d.length;
      if (got < MSG) return;
      got -= MSG;
      n++;
      if (n % 256 === 0 && now() - t0 >= seconds) {
        s.off('data', onData);
        resolve(n / (now() - t0));
        return;
      }
      s.write(msg);
    };
    s.on('data', onData);
    s.write(msg);
  });
}

async function tcpStream(): Promise<number> {
  const s = await connect();
  const chunk = Buffer.alloc(CHUNK);
  return new Promise((resolve) => {
    let sent = 0;
    const t0 = now();
    const pump = (): void => {
      while (sent < bytes && now() - t0 < 3 * seconds) {
        sent += CHUNK;
        if (!s.write(chunk)) return;
      }
      s.off('drain', pump);
      s.end();
    };
    s.on('drain', pump);
    const parts: Buffer[] = [];
    s.on('data', (d) => parts.push(d));
    s.on('end', () => {
      const total = Number(Buffer.concat(parts).readBigUInt64LE());
      if (total !== sent) fail(`stream: sent ${sent}, server counted ${total}`);
      resolve(total / (now() - t0) / 1e9);
    });
    pump();
  });
}

function tcpConnect(): Promise<number> {
  return new Promise((resolve) => {
    let n = 0;
    const t0 = now();
    const next = (): void => {
      if (n === CONNECTS || now() - t0 >= 3 * seconds) return resolve(n / (now() - t0));
      const s = net.connect({ host: HOST, port });
      s.on('data', () => fail('connect: expected EOF'));
      s.on('end', () => {
        s.destroy();
        n++;
        next();
      });
      s.on('error', (e) => fail(`connect: ${e.message}`));
    };
    next();
  });
}

async function tcpConcurrent(): Promise<number> {
  const socks = await Promise.all(Array.from({ length: CONC }, connect));
  const msg = Buffer.alloc(MSG);
  const t0 = now();
  let total = 0;
  await Promise.all(socks.map((s) => new Promise<void>((resolve) => {
    let rts = 0;
    let got = 0;
    s.on('data', (d) => {
      got += d.length;
      if (got < MSG) return;
      got -= MSG;
      total++;
      if (++rts === CONC_RTS || now() - t0 >= 3 * seconds) return resolve();
      s.write(msg);
    });
    s.write(msg);
  })));
  const t = now() - t0;
  for (const s of socks) s.destroy();
  return total / t;
}

let udpSock: dgram.Socket | undefined;

function udpOpen(): Promise<dgram.Socket> {
  if (udpSock !== undefined) return Promise.resolve(udpSock);
  const s = dgram.createSocket('udp4');
  return new Promise((resolve) => s.connect(port, HOST, () => resolve(udpSock = s)));
}

let udpSent = 0;
let udpAcked = 0;

async function udpStream(): Promise<number> {
  const s = await udpOpen();
  const msg = Buffer.alloc(MSG);
  return new Promise((resolve) => {
    const start = udpSent;
    const t0 = now();
    let stopping = false;
    let stall = setTimeout(stalled, 1000);
    function stalled(): void {
      fail(`udp: no ack for 1 s, ${udpSent - udpAcked} datagrams unacknowledged`);
    }
    const pump = (): void => {
      while (((udpSent - udpAcked) >>> 0) < WIN) {
        if (udpSent % ACK_EVERY === 0 && now() - t0 >= seconds) stopping = true;
        if (stopping && udpSent % ACK_EVERY === 0) break;
        s.send(msg);
        udpSent = (udpSent + 1) >>> 0;
      }
      if (stopping && udpAcked === udpSent) {
        clearTimeout(stall);
        s.off('message', onAck);
        resolve(((udpSent - start) >>> 0) / (now() - t0));
      }
    };
    const onAck = (m: Buffer): void => {
      const a = m.readUInt32LE();
      if (((a - udpAcked) | 0) > 0) udpAcked = a;
      clearTimeout(stall);
      stall = setTimeout(stalled, 1000);
      pump();
    };
    s.on('message', onAck);
    pump();
  });
}

async function udpRr(): Promise<number> {
  const s = await udpOpen();
  const msg = Buffer.alloc(MSG);
  return new Promise((resolve) => {
    let n = 0;
    const t0 = now();
    let stall = setTimeout(() => fail('udp_rr: no answer for 1 s'), 1000);
    const onMsg = (): void => {
      n++;
      if (n % 256 === 0) {
        stall.refresh();
        if (now() - t0 >= seconds) {
          clearTimeout(stall);
          s.off('message', onMsg);
          resolve(n / (now() - t0));
          return;
        }
      }
      s.send(msg);
    };
    s.on('message', onMsg);
    s.send(msg);
  });
}

const CLIENTS: Record<string, () => Promise<number>> = {
  tcp_pingpong: tcpPingpong,
  tcp_stream: tcpStream,
  tcp_connect: tcpConnect,
  tcp_concurrent: tcpConcurrent,
  udp_stream: udpStream,
  udp_rr: udpRr,
};

async function client(): Promise<void> {
  const run = CLIENTS[workload] ?? fail(`unknown workload ${workload}`);
  const r: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const end = startRep();
    r.push(await run());
    cpu.push(end(r[i]!));
  }
  report(r, cpu);
  process.exit(0);
}

if (mode === 'server') server(workload);
else await client();
