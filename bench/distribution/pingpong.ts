/**
 * Distribution ping-pong, round trips per second, in one run: beamlet node to beamlet
 * node (two Node.js processes), beamlet node to BEAM node, and BEAM node to BEAM node,
 * all over loopback with the distribution protocol, `{pong, Node} ! {ping, Self, I}`.
 *
 *   npx tsx bench/distribution/pingpong.ts [roundTrips]
 *
 * Prints one JSON line per pair (the format of bench/runtime) and a table.
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { awaitPromise, receive, register, run, self, send, spawn } from '../../runtime/process.ts';
import type { Pid, Term } from '../../runtime/term.ts';
import { ping, shortHost, startNode, stopNode } from '../../distribution/node.ts';

const COOKIE = `bench${process.pid}`;
const RUNS = 3;

function* ponger(): Generator<unknown, void, unknown> {
  for (;;) {
    const m = (yield* receive()) as readonly Term[];
    if (m === undefined || m[0] !== 'ping') return;
    send(m[1] as Pid, ['pong', m[2]!]);
  }
}

/** Child role: a beamlet node whose registered `pong` answers pings. */
async function serve(name: string): Promise<void> {
  await run(function* () {
    yield* startNode(name, { cookie: COOKIE_ARG });
    register('pong', spawn(ponger));
    process.stdout.write('ready\n');
    yield* receive(() => false);
  });
}

const COOKIE_ARG = process.argv[4] ?? COOKIE;

function lineOf(child: ChildProcess, re: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (l) => {
      if (re.test(l)) {
        rl.close();
        resolve(l);
      }
    });
  });
}

/** Round trips per second of `n` sequential pings to `{pong, peer}`, best of RUNS. */
function* measure(peer: string, n: number): Generator<unknown, number, unknown> {
  const me = self();
  let best = Infinity;
  for (let r = 0; r < RUNS + 1; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      send(['pong', peer], ['ping', me, i]);
      yield* receive(['pong', i]);
    }
    const dt = performance.now() - t0;
    // The first run warms the JIT and the connection up.
    if (r > 0) best = Math.min(best, dt);
  }
  return (n / best) * 1000;
}

const BEAM_PONG = `register(pong, spawn(fun L() -> receive {ping, F, I} -> F ! {pong, I}, L() end end)), io:format("ready~n")`;

function beamPinger(peer: string, n: number): string {
  return `pong = net_adm:ping('${peer}'),
Run = fun() -> T0 = erlang:monotonic_time(microsecond),
  lists:foreach(fun(I) -> {pong, '${peer}'} ! {ping, self(), I}, receive {pong, I} -> ok end end, lists:seq(1, ${n})),
  erlang:monotonic_time(microsecond) - T0 end,
Run(), Best = lists:min([Run() || _ <- lists:seq(1, ${RUNS})]),
io:format("rate ~p~n", [${n} * 1000000 / Best]), halt()`;
}

function erl(short: string, program: string): ChildProcess {
  return spawnChild('erl', ['-sname', short, '-setcookie', COOKIE, '-noshell', '-eval', `${program}, receive stop -> ok end.`], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 20000);
  const host = shortHost();
  const tag = process.pid;
  const children: ChildProcess[] = [];
  try {
    const b = spawnChild(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, 'serve', `bpong${tag}`, COOKIE], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(b);
    const e1 = erl(`epong${tag}`, BEAM_PONG);
    children.push(e1);
    await Promise.all([lineOf(b, /^ready$/), lineOf(e1, /^ready$/)]);
    const results: { workload: string; rate: number; unit: string }[] = [];
    await run(function* () {
      yield* startNode(`bping${tag}`, { cookie: COOKIE });
      for (const [label, peer] of [
        ['beamlet -> beamlet', `bpong${tag}@${host}`],
        ['beamlet -> BEAM', `epong${tag}@${host}`],
      ] as const) {
        if ((yield* ping(peer, 10000)) !== 'pong') throw new Error(`${peer} unreachable`);
        results.push({ workload: `dist ping-pong ${label}`, rate: yield* measure(peer, n), unit: 'round trips/s' });
      }
      yield* stopNode();
      // BEAM to BEAM, and BEAM to beamlet, measured by a BEAM pinger node.
      for (const [label, peer] of [
        ['BEAM -> BEAM', `epong${tag}@${host}`],
        ['BEAM -> beamlet', `bpong${tag}@${host}`],
      ] as const) {
        const p = erl(`eping${tag}_${results.length}`, beamPinger(peer, n));
        children.push(p);
        const line = yield* awaitPromise(lineOf(p, /^rate /));
        results.push({ workload: `dist ping-pong ${label}`, rate: Number(line.slice(5)), unit: 'round trips/s' });
      }
    });
    for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
    process.stdout.write(`\n${n} round trips, best of ${RUNS} after a warm-up run, loopback, ${host}\n`);
    for (const r of results) process.stdout.write(`${r.workload.padEnd(40)} ${Math.round(r.rate).toString().padStart(10)} round trips/s\n`);
  } finally {
    for (const c of children) c.kill('SIGKILL');
  }
}

if (process.argv[2] === 'serve') await serve(process.argv[3]!);
else await main();
