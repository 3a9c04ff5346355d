/**
 * A small loopback TCP client for the example tests, on node:net: send, then read a
 * given number of bytes, or wait for the server to close.
 */
import { connect, type Socket } from 'node:net';

export interface Client {
  readonly sock: Socket;
  /** Writes `data` and resolves with the next `data.length` bytes received. */
  roundTrip(data: Buffer | string): Promise<Buffer>;
  /** Resolves with the next `n` bytes received (rejects if the server closes first). */
  read(n: number): Promise<Buffer>;
  /** Resolves with the next line received, without its '\n'. */
  line(): Promise<string>;
  /** Resolves when the server has closed the connection. */
  readonly closed: Promise<void>;
  /** Half-closes, then resolves once the server closed too. */
  end(): Promise<void>;
}

/** Connects to 127.0.0.1:`port`; rejects with the connect error (e.g. ECONNREFUSED). */
export function open(port: number, within = 10_000): Promise<Client> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    let ended = false;
    let waiter: (() => void) | null = null;
    const wake = (): void => {
      const w = waiter;
      waiter = null;
      w?.();
    };
    const closed = new Promise<void>((res) => sock.once('close', () => res()));
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      wake();
    });
    sock.on('end', () => {
      ended = true;
      wake();
    });
    sock.on('close', () => {
      ended = true;
      wake();
    });
    const take = (ready: () => number): Promise<Buffer> =>
      new Promise((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`no reply within ${within} ms; have ${JSON.stringify(buf.toString())}`)), within);
        const check = (): void => {
          const n = ready();
          if (n >= 0) {
            clearTimeout(timer);
            const out = buf.subarray(0, n);
            buf = buf.subarray(n);
            res(out);
          } else if (ended) {
            clearTimeout(timer);
            rej(new Error(`closed by the server; have ${JSON.stringify(buf.toString())}`));
          } else waiter = check;
        };
        check();
      });
    const read = (n: number): Promise<Buffer> => take(() => (buf.length >= n ? n : -1));
    const client: Client = {
      sock,
      read,
      roundTrip: (data) => {
        const b = Buffer.from(data);
        sock.write(b);
        return read(b.length);
      },
      line: async () => {
        const l = await take(() => {
          const i = buf.indexOf('\n');
          return i < 0 ? -1 : i + 1;
        });
        return l.subarray(0, l.length - 1).toString();
      },
      closed,
      end: () => {
        sock.end();
        return closed;
      },
    };
    sock.once('connect', () => resolve(client));
    sock.once('error', (e) => {
      sock.destroy();
      reject(e);
    });
  });
}
