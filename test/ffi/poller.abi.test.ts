/**
 * The libuv numbers the poller hard-codes, checked against the headers of the libuv the
 * running node binary was built with (/usr/include/node, from Debian's nodejs package),
 * by compiling a small C program with gcc at test time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UV_PREPARE, uv } from '../../ffi/libc.ts';

const PROGRAM = `
#include <stdio.h>
#include <uv.h>
int main(void) {
  printf("%d %zu %d.%d\\n", UV_PREPARE, sizeof(uv_prepare_t),
         UV_VERSION_MAJOR, UV_VERSION_MINOR);
  return 0;
}
`;

describe('libuv ABI', () => {
  it('UV_PREPARE and sizeof(uv_prepare_t) match the headers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beamlet-uv-'));
    try {
      writeFileSync(join(dir, 'uv.c'), PROGRAM);
      execFileSync('gcc', ['-I/usr/include/node', '-o', join(dir, 'uv'), join(dir, 'uv.c')]);
      const [prepare, size, version] = execFileSync(join(dir, 'uv'), { encoding: 'utf8' }).trim().split(' ');
      expect(version).toBe(process.versions.uv!.split('.').slice(0, 2).join('.'));
      expect(Number(prepare)).toBe(UV_PREPARE);
      expect(Number(uv.handle_size(UV_PREPARE))).toBe(Number(size));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
