/**
 * Byte images written by C, for the codec tests: each case is a C block that fills
 * `b` (4 KiB, zeroed) through the real struct types and sets `len`; the program is
 * compiled with the system gcc at test time, run, and its bytes handed back.
 * Also a small libc binding for the tests that check codecs against the kernel.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { cHeader } from '../../ffi/gen/generate.ts';

/** A C block filling `unsigned char b[4096]` and setting `long len`. */
export interface CCase {
  readonly name: string;
  readonly body: string;
}

/** Compiles and runs the cases; returns each case's first `len` bytes. */
export function cImages(cases: readonly CCase[]): Map<string, Buffer> {
  const src =
    cHeader() +
    '#include <stdio.h>\n#include <string.h>\n' +
    'static void dump(const char *n, const unsigned char *b, long len) {\n' +
    '  printf("%s ", n); for (long i = 0; i < len; i++) printf("%02x", b[i]); printf("\\n");\n}\n' +
    'int main(void) {\n' +
    cases
      .map(
        (c) =>
          `  { static unsigned char b[4096]; memset(b, 0, sizeof b); long len = 0;\n    { ${c.body} }\n    dump("${c.name}", b, len); }`,
      )
      .join('\n') +
    '\n  return 0;\n}\n';
  const dir = mkdtempSync(join(tmpdir(), 'beamlet-cimage-'));
  try {
    writeFileSync(join(dir, 'c.c'), src);
    execFileSync('gcc', ['-O0', '-Wall', '-Werror', '-o', join(dir, 'c'), join(dir, 'c.c')]);
    const out = execFileSync(join(dir, 'c'), { encoding: 'utf8' });
    const images = new Map<string, Buffer>();
    for (const line of out.trim().split('\n')) {
      const [name, hex = ''] = line.split(' ');
      images.set(name!, Buffer.from(hex, 'hex'));
    }
    return images;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const libc = koffi.load('libc.so.6');

/** The few libc calls the kernel round-trip tests make (the real bindings are ffi/'s job). */
export const sys = {
  socket: libc.func('int socket(int, int, int)') as (d: number, t: number, p: number) => number,
  bind: libc.func('int bind(int, void *, uint32_t)') as (fd: number, a: Buffer, l: number) => number,
  getsockname: libc.func('int getsockname(int, void *, void *)') as (fd: number, a: Buffer, l: Buffer) => number,
  close: libc.func('int close(int)') as (fd: number) => number,
  errno: (): number => koffi.errno(),
};

/** The calls the msghdr and cmsg tests make on real sockets. */
export const sysmsg = {
  socketpair: libc.func('int socketpair(int, int, int, _Out_ int *sv)') as (d: number, t: number, p: number, sv: number[]) => number,
  connect: libc.func('int connect(int, void *, uint32_t)') as (fd: number, a: Buffer, l: number) => number,
  setsockopt: libc.func('int setsockopt(int, int, int, void *, uint32_t)') as (fd: number, level: number, opt: number, v: Buffer, l: number) => number,
  sendmsg: libc.func('long sendmsg(int, void *, int)') as (fd: number, msg: Buffer, flags: number) => number,
  recvmsg: libc.func('long recvmsg(int, void *, int)') as (fd: number, msg: Buffer, flags: number) => number,
  sendmmsg: libc.func('int sendmmsg(int, void *, unsigned int, int)') as (fd: number, v: Buffer, n: number, flags: number) => number,
  recvmmsg: libc.func('int recvmmsg(int, void *, unsigned int, int, void *)') as (fd: number, v: Buffer, n: number, flags: number, t: null) => number,
};

/** getsockopt and ioctl for the struct tests (the length is a 4-byte Buffer). */
export const sysopt = {
  getsockopt: libc.func('int getsockopt(int, int, int, void *, void *)') as (fd: number, level: number, opt: number, v: Buffer, l: Buffer) => number,
  ioctl: libc.func('int ioctl(int, unsigned long, void *)') as (fd: number, req: number, arg: Buffer) => number,
  listen: libc.func('int listen(int, int)') as (fd: number, backlog: number) => number,
  accept: libc.func('int accept(int, void *, void *)') as (fd: number, a: null, l: null) => number,
};
