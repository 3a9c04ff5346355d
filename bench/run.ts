/**
 * `npm run bench`: every benchmark folder's runner (`bench/<folder>/run.ts`) in turn,
 * each in its own process so one runner's JIT and heap state cannot colour the next.
 *
 *   npm run bench [-- --quick]
 *
 * `--quick` goes to the runners that accept it (their source mentions the flag); a
 * runner that fails is reported and the rest still run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The runtime first: the layers below sockets explain the socket figures.
const FIRST = ['runtime', 'ffi', 'socket'];

const quick = process.argv.includes('--quick');
const folders = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'run.ts')))
  .map((d) => d.name)
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

function rank(folder: string): number {
  const i = FIRST.indexOf(folder);
  return i < 0 ? FIRST.length : i;
}

const failed: string[] = [];
for (const folder of folders) {
  const runner = join(here, folder, 'run.ts');
  const args = quick && readFileSync(runner, 'utf8').includes("'--quick'") ? ['--quick'] : [];
  console.log(`\n## bench/${folder}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', runner, ...args], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(`${folder} (${r.signal ?? `exit ${r.status}`})`);
}
if (failed.length > 0) {
  console.log(`\nfailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
