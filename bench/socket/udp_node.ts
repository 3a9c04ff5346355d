/**
 * Node's `dgram` side of bench/socket/udp.ts, with the protocol of udp.c (flow and rr;
 * dgram has no batch call):
 *
 *   tsx bench/socket/udp_node.ts MODE ROLE MYPORT PEERPORT N
 */
import dgram from 'node:dgram';

const [mode, role, myPort, peerPort, count] = process.argv.slice(2);
const n = Number(count);
const peer = Number(peerPort);
const HOST = '127.0.0.1';
const SIZE = 64;
const BATCH = 64;
const WINDOW = 256;
const data = Buffer.alloc(SIZE, 7);

const s = dgram.createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
s.bind(Number(myPort), HOST, () => {
  if (mode === 'rr') {
    if (role === 'server') {
      s.on('message', (m, from) => {
        if (m.length === 1) s.close();
        else s.send(m, from.port, from.address);
      });
      return;
    }
    let i = 0;
    const t0 = performance.now();
    s.on('message', () => {
      if (++i < n) s.send(data, peer, HOST);
      else {
        const t = (performance.now() - t0) / 1000;
        s.send(Buffer.alloc(1), peer, HOST, () => s.close());
        console.log(`${n} ${t}`);
      }
    });
    s.send(data, peer, HOST);
  } else if (role === 'send') {
    let sent = 0;
    let acked = 0;
    const fill = (): void => {
      while (sent < n && sent - acked < WINDOW) {
        s.send(data, peer, HOST);
        sent++;
      }
    };
    s.on('message', (m) => {
      const got = Number(m.readBigInt64LE(0));
      if (got > acked) acked = got;
      if (acked >= n) s.close();
      else fill();
    });
    fill();
  } else {
    let got = 0;
    let t0 = 0;
    s.on('message', () => {
      if (got++ === 0) t0 = performance.now();
      if (got % BATCH === 0 || got === n) {
        const ack = Buffer.alloc(8);
        ack.writeBigInt64LE(BigInt(got), 0);
        s.send(ack, peer, HOST);
      }
      if (got === n) {
        console.log(`${got - 1} ${(performance.now() - t0) / 1000}`);
        setTimeout(() => s.close(), 50);
      }
    });
  }
});
