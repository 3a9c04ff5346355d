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
import { poller } from '../../ffi/index.ts';
import { UV_POLL, uv } from '../../ffi/libc.ts';

const PROGRAM = `
#include <stdio.h>
#include <uv.h>
int main(void) {
  printf("%d %d %d %zu %d.%d\\n", UV_POLL, UV_READABLE, UV_WRITABLE, sizeof(uv_poll_t),
         UV_VERSION_MAJOR, UV_VERSION_MINOR);
  return 0;
}
`;

describe('libuv ABI', () => {
  it('UV_POLL, UV_READABLE, UV_WRITABLE and sizeof(uv_poll_t) match the headers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beamlet-uv-'));
    try {
      writeFileSync(join(dir, 'uv.c'), PROGRAM);
      execFileSync('gcc', ['-I/usr/include/node', '-o', join(dir, 'uv'), join(dir, 'uv.c')]);
      const [poll, readable, writable, size, version] = execFileSync(join(dir, 'uv'), { encoding: 'utf8' }).trim().split(' ');
      expect(version).toBe(process.versions.uv!.split('.').slice(0, 2).join('.'));
      expect(Number(poll)).toBe(UV_POLL);
      expect(Number(readable)).toBe(poller.READ);
      expect(Number(writable)).toBe(poller.WRITE);
      expect(Number(uv.handle_size(UV_POLL))).toBe(Number(size));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
