/**
 * Runs an example program as a child process and talks to it over loopback: waits for
 * its "listening on 127.0.0.1:PORT" line, and ends it (and waits for the end) after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The path of a file under examples/. */
export function example(name: string): string {
  return fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
}

export interface Running {
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the program printed on stdout so far. */
  stdout(): string;
  /** Sends `signal` and resolves once the program has exited and its output pipes are closed, with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `command args`; resolves once it prints the port it listens on. */
export function startProgram(command: string, args: readonly string[], within = 20_000): Promise<Running> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  // 'close', not 'exit': the stdout/stderr socketpairs are closed only by then, and the
  // files' fd-leak check runs right after stop() resolves.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const running = (port: number): Running => ({
    port,
    child,
    stdout: () => out,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start within ${within} ms: ${err}`));
    }, within);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve(running(Number(m[1])));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before listening: ${err}`));
    });
    // ENOENT: e.g. no `escript` (Debian: apt-get install erlang-base; .ci/run installs it).
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${e.message}`));
    });
  });
}

/** A TypeScript example under tsx. */
export function startTs(name: string, args: readonly string[] = []): Promise<Running> {
  return startProgram(process.execPath, ['--import', 'tsx', example(name), ...args]);
}

/**
 * Connects to `port`, writes `input`, half-closes, and resolves with every byte the
 * server sent until it closed the connection.
 */
export function converse(port: number, input: Buffer | string, within = 20_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = connect({ host: '127.0.0.1', port }, () => sock.end(input));
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no close from port ${port} within ${within} ms; got ${JSON.stringify(Buffer.concat(chunks).toString())}`));
    }, within);
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}
