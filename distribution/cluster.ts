/**
 * Several beamlet nodes on one machine, one per core, that find each other through epmd.
 *
 * The launcher ({@link startCluster}, or `bin/beamlet-cluster.ts`) starts N Node.js
 * processes running the same program with `BEAMLET_CLUSTER_*` in their environment. In
 * the program, {@link joinCluster} starts this process's node (`<prefix><index>@host`),
 * connects to the others as epmd lists them, and returns once it has met all N. From
 * there a program places processes on other cores with `spawnOn` and messages them with
 * the same `send`, as on one node.
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { ErlangError } from '../runtime/term.ts';
import { sleep } from '../runtime/process.ts';
import { names } from './epmd.ts';
import { nodes, ping, shortHost, startNode } from './node.ts';

type Gen<T> = Generator<unknown, T, unknown>;

/** Where a node of a cluster stands: what the launcher passes in the environment. */
export interface ClusterOptions {
  /** Node names are `<prefix><index>@host`. */
  readonly prefix: string;
  /** How many nodes the cluster has. */
  readonly size: number;
  /** This node's index, 0..size-1. */
  readonly index: number;
  readonly cookie: string;
  /** Milliseconds to wait for every node to show up (default 30000). */
  readonly timeout?: number;
}

/** The cluster options the launcher put in this process's environment, or undefined. */
export function clusterFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterOptions | undefined {
  const { BEAMLET_CLUSTER_PREFIX: prefix, BEAMLET_CLUSTER_SIZE: size, BEAMLET_CLUSTER_INDEX: index, BEAMLET_COOKIE: cookie } = env;
  if (prefix === undefined || size === undefined || index === undefined || cookie === undefined) return undefined;
  return { prefix, size: Number(size), index: Number(index), cookie };
}

/**
 * Starts this node as member `index` of the cluster and connects to every other member
 * (a member that already left after being met counts). Returns the member names in
 * index order, this node included.
 */
export function* joinCluster(opts: ClusterOptions | undefined = clusterFromEnv()): Gen<string[]> {
  if (opts === undefined) throw new ErlangError(['badarg', 'not_in_a_cluster']);
  const host = shortHost();
  const members = Array.from({ length: opts.size }, (_v, i) => `${opts.prefix}${i}@${host}`);
  yield* startNode(members[opts.index]!, { cookie: opts.cookie });
  const deadline = Date.now() + (opts.timeout ?? 30000);
  // Members met at least once: one may finish its work and leave before the last joins.
  const met = new Set<string>([members[opts.index]!]);
  for (;;) {
    for (const n of nodes()) met.add(n);
    const registered = new Set((yield* names([127, 0, 0, 1])).map(([n]) => `${n}@${host}`));
    for (const m of members) {
      if (met.has(m) || !registered.has(m)) continue;
      if ((yield* ping(m, 2000)) === 'pong') met.add(m);
    }
    if (members.every((m) => met.has(m))) return members;
    if (Date.now() > deadline) throw new ErlangError(['cluster_timeout', members.filter((m) => !met.has(m))]);
    yield* sleep(50);
  }
}

/** A running cluster: its node processes, and a promise of their exit codes. */
export interface Cluster {
  readonly members: string[];
  readonly children: ChildProcess[];
  readonly exited: Promise<(number | null)[]>;
}

/**
 * Starts `size` Node.js processes (default: one per core) running `script` with tsx, as
 * members `<prefix>0..` of one cluster. Their output is passed through, each line
 * prefixed with the member's name.
 */
export function startCluster(script: string, opts: { size?: number; prefix?: string; cookie?: string; args?: string[] } = {}): Cluster {
  const size = opts.size ?? availableParallelism();
  const prefix = opts.prefix ?? `beamlet${process.pid}_`;
  const cookie = opts.cookie ?? `cookie${process.pid}${Date.now()}`;
  const host = shortHost();
  const children: ChildProcess[] = [];
  const exits: Promise<number | null>[] = [];
  for (let i = 0; i < size; i++) {
    const child = spawnChild(process.execPath, ['--import', 'tsx', script, ...(opts.args ?? [])], {
      env: { ...process.env, BEAMLET_CLUSTER_PREFIX: prefix, BEAMLET_CLUSTER_SIZE: String(size), BEAMLET_CLUSTER_INDEX: String(i), BEAMLET_COOKIE: cookie },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const name = `${prefix}${i}@${host}`;
    createInterface({ input: child.stdout! }).on('line', (l) => process.stdout.write(`[${name}] ${l}\n`));
    createInterface({ input: child.stderr! }).on('line', (l) => process.stderr.write(`[${name}] ${l}\n`));
    children.push(child);
    exits.push(new Promise((r) => child.on('exit', (code) => r(code))));
  }
  return { members: Array.from({ length: size }, (_v, i) => `${prefix}${i}@${host}`), children, exited: Promise.all(exits) };
}
