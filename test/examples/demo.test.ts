/**
 * examples/demo.ts (`npm run demo`) runs to the end and exits by itself: the runtime
 * tour, then the socket part (echo replies, socket:i(), shutdown).
 */
import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { example } from './programs.ts';

it('npm run demo: the runtime tour and the socket part, then exits with nothing left open', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', example('demo.ts')], { encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.signal).toBeNull();
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^echo reply +\{#Ref<[\d.]+>,hello\}$/m);
  for (const line of ['"hello 1"', '"from 2"', '"beamlet 3"']) expect(r.stdout).toMatch(new RegExp(`^client <[\\d.]+> +\\{ok,<<${line}>>\\}$`, 'm'));
  expect(r.stdout).toMatch(/^connection processes +3$/m);
  // socket:i(): the listen socket and both ends of each of the three connections.
  const rows = r.stdout.split('\n').filter((l) => /^\d+ <[\d.]+> STREAM TCP/.test(l));
  expect(rows).toHaveLength(7);
  expect(r.stdout).toMatch(/^after stop, whereis +\{echo_sup,undefined\}$/m);
});
