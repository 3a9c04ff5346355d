#!/usr/bin/env -S npx tsx
/**
 * beamlet-cluster: starts N beamlet nodes on this machine (default: one per core), each
 * running the same program, which calls `joinCluster()` to find the others through epmd.
 *
 *   npx tsx bin/beamlet-cluster.ts [-n N] [--prefix P] [--cookie C] program.ts [args...]
 *
 * Exits with the first non-zero exit code of a node, or 0.
 */
import { startCluster } from '../distribution/cluster.ts';

const argv = process.argv.slice(2);
const opts: { size?: number; prefix?: string; cookie?: string } = {};
while (argv.length > 0 && argv[0]!.startsWith('-')) {
  const flag = argv.shift()!;
  const value = argv.shift();
  if (value === undefined) break;
  if (flag === '-n') opts.size = Number(value);
  else if (flag === '--prefix') opts.prefix = value;
  else if (flag === '--cookie') opts.cookie = value;
  else {
    process.stderr.write(`beamlet-cluster: unknown option ${flag}\n`);
    process.exit(2);
  }
}
const script = argv.shift();
if (script === undefined || (opts.size !== undefined && !(opts.size >= 1))) {
  process.stderr.write('usage: beamlet-cluster [-n N] [--prefix P] [--cookie C] program.ts [args...]\n');
  process.exit(2);
}
const cluster = startCluster(script, { ...opts, args: argv });
const codes = await cluster.exited;
process.exit(codes.find((c) => c !== 0) ?? 0);
