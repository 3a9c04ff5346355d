/**
 * UDP on loopback, one run beside Node's `dgram`, OTP's socket module (when `erl` is
 * installed) and a C program: each side a separate OS process, all pinned to CPU 0 and
 * then unpinned.
 *
 *   tsx bench/socket/udp.ts [--quick]
 *
 * flow:  64-byte datagrams from a sender to a receiver, sendto/recvfrom, at most 256 in
 *        flight (the receiver acknowledges every 64), so nothing is dropped;
 * batch: the same with sendmmsg/recvmmsg, 64 a batch (beamlet and C only);
 * rr:    request/response round trips on one socket pair.
 * Rates are datagrams (or round trips) per second as the receiving side (rr: the client)
 * times them, and each is shown as a fraction of C unbatched (rr: of C rr).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const N_FLOW = quick ? 50_000 : 200_000;
const N_RR = quick ? 10_000 : 50_000;
const TMP = '/tmp/beamlet-bench-udp';
mkdirSync(TMP, { recursive: true });

type Impl = 'c' | 'beamlet' | 'node' | 'otp';
type Mode = 'flow' | 'batch' | 'rr';

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

execFileSync('cc', ['-O2', '-o', join(TMP, 'udp'), join(here, 'udp.c')]);
const haveErl = has('erl') && has('erlc');
if (haveErl) execFileSync('erlc', ['-o', TMP, join(here, 'udp.erl')]);
const tsx = ['--import', 'tsx'];

function command(impl: Impl, args: string[]): [string, string[], number] {
  switch (impl) {
    case 'c':
      return [join(TMP, 'udp'), args, 200];
    case 'beamlet':
      return [process.execPath, [...tsx, join(here, 'udp_beamlet.ts'), ...args], 2500];
    case 'node':
      return [process.execPath, [...tsx, join(here, 'udp_node.ts'), ...args], 2500];
    case 'otp':
      return ['erl', ['-noshell', '-pa', TMP, '-run', 'udp', 'main', ...args], 1500];
  }
}

function start(impl: Impl, args: string[], pin: boolean): { p: ChildProcess; out: Promise<string>; warm: number } {
  const [cmd, argv, warm] = command(impl, args);
  const p = pin ? spawn('taskset', ['-c', '0', cmd, ...argv]) : spawn(cmd, argv);
  let out = '';
  p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  const done = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${impl} ${args.join(' ')}: no result in 120 s`));
    }, 120_000);
    p.on('exit', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
  return { p, out: done, warm };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let port = 42000 + Math.floor(Math.random() * 1000) * 2;

/** One measurement: the rate the receiving side reports. */
async function measure(impl: Impl, mode: Mode, pin: boolean): Promise<number> {
  const a = String(port++);
  const b = String(port++);
  const n = String(mode === 'rr' ? N_RR : N_FLOW);
  const [first, second] = mode === 'rr' ? ['server', 'client'] : ['recv', 'send'];
  const server = start(impl, [mode, first, a, b, n], pin);
  await sleep(server.warm);
  const client = start(impl, [mode, second, b, a, n], pin);
  const [o1, o2] = await Promise.all([server.out, client.out]);
  const line = (mode === 'rr' ? o2 : o1).trim().split('\n').pop()!;
  const [count, secs] = line.split(' ').map(Number);
  return count! / secs!;
}

const impls: Impl[] = ['c', 'beamlet', 'node', ...(haveErl ? (['otp'] as const) : [])];
const supported = (i: Impl, m: Mode): boolean => m !== 'batch' || i === 'c' || i === 'beamlet';
for (const pin of [true, false]) {
  console.log(`\n### ${pin ? 'pinned to CPU 0' : 'unpinned'} (flow/batch ${N_FLOW} datagrams, rr ${N_RR} round trips)\n`);
  console.log('| side | flow /s | batch /s | rr /s |');
  console.log('|---|---|---|---|');
  const rates = new Map<string, number>();
  for (const impl of impls) {
    for (const mode of ['flow', 'batch', 'rr'] as const) {
      if (supported(impl, mode)) rates.set(`${impl}:${mode}`, await measure(impl, mode, pin));
    }
  }
  const base = (m: Mode): number => rates.get(`c:${m === 'rr' ? 'rr' : 'flow'}`)!;
  for (const impl of impls) {
    const cells = (['flow', 'batch', 'rr'] as const).map((m) => {
      const r = rates.get(`${impl}:${m}`);
      return r === undefined ? '-' : `${Math.round(r)} (${(r / base(m)).toFixed(2)})`;
    });
    console.log(`| ${impl} | ${cells.join(' | ')} |`);
  }
}
