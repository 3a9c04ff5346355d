/** The N-nodes command: beamlet nodes in separate processes find each other and message each other. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';

/**
 * How long one launcher run may take. Each node is a tsx process that takes seconds to
 * start on a loaded 2-core machine, and each node waits up to 30 s to meet the others, so
 * the limit sits above that; past it the run is killed and its output shown.
 */
const RUN_LIMIT_MS = 90_000;

/**
 * Runs bin/beamlet-cluster.ts in its own process group and resolves with its output and
 * exit code. `onOutput` sees the output so far after each chunk. Past the limit the
 * whole group (the launcher and its nodes) is killed, so no node outlives the test.
 */
function runCluster(args: readonly string[], onOutput: (out: string) => void = () => {}): Promise<{ out: string; code: number | null; timedOut: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/beamlet-cluster.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let timedOut = false;
  const collect = (d: Buffer): void => {
    out += d.toString();
    onOutput(out);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, RUN_LIMIT_MS);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ out, code, timedOut });
    }),
  );
}

describe('beamlet-cluster', () => {
  it('starts N beamlet nodes that connect, spawn on each other and exchange messages', async () => {
    const prefix = `cl${process.pid}_`;
    const { out, code, timedOut } = await runCluster(['-n', '3', '--prefix', prefix, 'test/distribution/cluster_program.ts']);
    const host = hostname().split('.')[0];
    expect({ timedOut, out }).toMatchObject({ timedOut: false, out: expect.stringContaining(`[${prefix}0@${host}] results ${prefix}1@${host}=4 ${prefix}2@${host}=9`) });
    expect(code).toBe(0);
  }, RUN_LIMIT_MS + 10_000);

  it('gives noconnection and nodedown between beamlet nodes when one is killed', async () => {
    const prefix = `cx${process.pid}_`;
    let killed = false;
    const { out, timedOut } = await runCluster(['-n', '2', '--prefix', prefix, 'test/distribution/cluster_links.ts'], (sofar) => {
      const pid = /ospid (\d+)/.exec(sofar);
      if (!killed && pid !== null && sofar.includes('] linked')) {
        killed = true;
        process.kill(Number(pid[1]), 'SIGKILL');
      }
    });
    const host = hostname().split('.')[0];
    const got = out.split('\n').filter((l) => l.startsWith(`[${prefix}1@${host}] got `)).map((l) => l.slice(l.indexOf('got ') + 4));
    expect({ timedOut, got: got.sort() }).toEqual({
      timedOut: false,
      got: ['{\'DOWN\',true,process,true,noconnection}', '{\'EXIT\',true,noconnection}', `{nodedown,${prefix}0@${host}}`].sort(),
    });
  }, RUN_LIMIT_MS + 10_000);
});
