/**
 * examples/effect-echo.ts runs, echoes every client line, and exits on its own once its
 * scope closes (nothing left open).
 */
import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const example = fileURLToPath(new URL('../../examples/effect-echo.ts', import.meta.url));

it('examples/effect-echo.ts echoes each client line and exits by itself', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', example], { encoding: 'utf8', timeout: 60_000 });
  expect(r.signal).toBeNull();
  expect(r.status).toBe(0);
  const echoed = r.stdout.split('\n').filter((l) => l.startsWith('echoed'));
  for (const name of ['ann', 'bob', 'cat']) {
    expect(echoed.filter((l) => l.startsWith(`echoed  ${name}: `)).map((l) => l.slice(`echoed  ${name}: `.length))).toEqual(['hello', 'beamlet', 'bye']);
  }
  expect(r.stdout).toContain('done: closing the server');
});
