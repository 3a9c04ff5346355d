/** The N-nodes command: beamlet nodes in separate processes find each other and message each other. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';

describe('beamlet-cluster', () => {
  it('starts N beamlet nodes that connect, spawn on each other and exchange messages', async () => {
    const prefix = `cl${process.pid}_`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/beamlet-cluster.ts', '-n', '3', '--prefix', prefix, 'test/distribution/cluster_program.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.on('exit', r));
    const host = hostname().split('.')[0];
    expect(out).toContain(`[${prefix}0@${host}] results ${prefix}1@${host}=4 ${prefix}2@${host}=9`);
    expect(code).toBe(0);
  });

  it('gives noconnection and nodedown between beamlet nodes when one is killed', async () => {
    const prefix = `cx${process.pid}_`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/beamlet-cluster.ts', '-n', '2', '--prefix', prefix, 'test/distribution/cluster_links.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let killed = false;
    child.stderr.on('data', (d) => (out += d));
    child.stdout.on('data', (d) => {
      out += d;
      const pid = /ospid (\d+)/.exec(out);
      if (!killed && pid !== null && out.includes('] linked')) {
        killed = true;
        process.kill(Number(pid[1]), 'SIGKILL');
      }
    });
    await new Promise((r) => child.on('exit', r));
    const host = hostname().split('.')[0];
    const got = out.split('\n').filter((l) => l.startsWith(`[${prefix}1@${host}] got `)).map((l) => l.slice(l.indexOf('got ') + 4));
    expect(got.sort()).toEqual(['{\'DOWN\',true,process,true,noconnection}', '{\'EXIT\',true,noconnection}', `{nodedown,${prefix}0@${host}}`].sort());
  });
});
