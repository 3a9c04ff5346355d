/**
 * The generated platform tables against the C headers, at test time.
 *
 * Each table is turned back into C: one `_Static_assert` per constant, errno, struct
 * size, field offset and field size, compiled with `-fsyntax-only` by that platform's
 * gcc. Compiling is enough (nothing runs), so the arm64 table is checked on an x64
 * host by Debian's `aarch64-linux-gnu-gcc`. Where that cross compiler is absent the
 * arm64 test says so in its name and checks what it can without one: that the
 * table has exactly the x64 table's names, so nothing in it can go unused or missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { C, ERRNO, S, errnoAtom, fieldAt, platform, tables, type PlatformTable } from '../../ffi/constants.ts';
import { TOOL_PREFIX, cHeader, constantExprs, errnoMacros, fieldDesignator, type Arch } from '../../ffi/gen/generate.ts';
import { STRUCTS } from '../../ffi/gen/spec.ts';

const dir = mkdtempSync(join(tmpdir(), 'beamlet-constants-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compilerFor(arch: Arch): string | undefined {
  const cc = arch === process.arch ? 'gcc' : `${TOOL_PREFIX[arch]}gcc`;
  return spawnSync(cc, ['--version']).status === 0 ? cc : undefined;
}

/** C source asserting every number of `t`; each assertion's message names what it checks. */
function assertionsFor(t: PlatformTable): { src: string; count: number } {
  const exprs = new Map(constantExprs());
  const lines: string[] = [];
  const check = (expr: string, value: number, what: string): void => {
    lines.push(`_Static_assert((long long)(${expr}) == ${value}LL, "${what}");`);
  };
  for (const [name, value] of Object.entries(t.constants)) check(exprs.get(name) ?? name, value, name);
  for (const [name, value] of Object.entries(t.errnos)) check(name, value, name);
  for (const [key, layout] of Object.entries(t.structs)) {
    const ctype = STRUCTS[key]!.ctype;
    check(`sizeof(${ctype})`, layout.size, `sizeof ${key}`);
    for (const [field, off] of Object.entries(layout.off)) {
      check(`offsetof(${ctype}, ${field})`, off, `offsetof ${key}.${field}`);
    }
    for (const [field, len] of Object.entries(layout.len)) {
      // A flexible array member has no size; the spec marks it and the table says 0.
      if (STRUCTS[key]!.fields.includes(`${field}[]`)) expect(len, `${key}.${field}`).toBe(0);
      else check(`sizeof(((${ctype} *)0)->${field})`, len, `sizeof ${key}.${field}`);
    }
  }
  return { src: cHeader() + lines.join('\n') + '\n', count: lines.length };
}

/** Compiles the assertions and returns the names of those that failed. */
function failedAssertions(cc: string, arch: Arch): string[] {
  const { src, count } = assertionsFor(tables[`linux-${arch}`]);
  expect(count).toBeGreaterThan(1000);
  const file = join(dir, `check-${arch}.c`);
  writeFileSync(file, src);
  const r = spawnSync(cc, ['-fsyntax-only', file], { encoding: 'utf8' });
  const failed = [...r.stderr.matchAll(/static assertion failed: "([^"]+)"/g)].map((m) => m[1]!);
  if (r.status !== 0 && failed.length === 0) throw new Error(`${cc} failed:\n${r.stderr}`);
  return failed;
}

describe('platform tables against the C headers', () => {
  const hostArch = process.arch as Arch;
  it(`linux-${hostArch}: every constant, errno, struct size, field offset and field size`, () => {
    expect(failedAssertions('gcc', hostArch)).toEqual([]);
  });

  const other: Arch = hostArch === 'x64' ? 'arm64' : 'x64';
  const cross = compilerFor(other);
  if (cross) {
    it(`linux-${other} (compiled with ${cross}): every constant, errno, size and offset`, () => {
      expect(failedAssertions(cross, other)).toEqual([]);
    });
  } else {
    it(`linux-${other}: no ${TOOL_PREFIX[other]}gcc here, so only its names are checked`, () => {
      const names = (t: PlatformTable) => ({
        constants: Object.keys(t.constants).sort(),
        errnos: Object.keys(t.errnos).sort(),
        structs: Object.fromEntries(Object.entries(t.structs).map(([k, s]) => [k, Object.keys(s.off)])),
      });
      expect(names(tables[`linux-${other}`])).toEqual(names(tables[`linux-${hostArch}`]));
    });
  }

  it('every errno macro of errno.h is in the table, and only those', () => {
    const macros = errnoMacros(hostArch);
    expect(Object.keys(ERRNO).sort()).toEqual([...macros.keys()].sort());
  });

  it('every constant and struct field of the spec is in the table', () => {
    expect(Object.keys(C).sort()).toEqual(constantExprs().map(([n]) => n).sort());
    for (const [key, spec] of Object.entries(STRUCTS)) {
      const layout = (S as Record<string, { off: object }>)[key];
      expect(Object.keys(layout?.off ?? {}), key).toEqual(spec.fields.map(fieldDesignator));
    }
  });

  it('the table in use is the one of this platform', () => {
    expect(platform).toBe(`linux-${process.arch}`);
    expect(C).toBe(tables[platform].constants);
  });
});

describe('errno atoms', () => {
  it('name each number as OTP does, aliases resolved to their target', () => {
    expect(errnoAtom(ERRNO.EAGAIN)).toBe('eagain');
    expect(errnoAtom(ERRNO.EWOULDBLOCK)).toBe('eagain');
    // OTP's socket:listen/1 on a UDP socket: {error, enotsup}.
    expect(errnoAtom(ERRNO.EOPNOTSUPP)).toBe('enotsup');
    expect(errnoAtom(ERRNO.EDEADLOCK)).toBe('edeadlk');
    expect(errnoAtom(ERRNO.ECONNREFUSED)).toBe('econnrefused');
  });

  it('give every errno number a lowercase atom that is one of its C names', () => {
    for (const n of Object.values(ERRNO)) {
      const atom = errnoAtom(n);
      expect(typeof atom).toBe('string');
      expect((ERRNO as Record<string, number>)[String(atom).toUpperCase()]).toBe(n);
    }
  });

  it('keep an unknown number as the number', () => {
    expect(errnoAtom(100_000)).toBe(100_000);
  });

  it('are atoms OTP knows, apart from the Linux-only errnos OTP 25 has no text for', () => {
    const atoms = [...new Set(Object.values(ERRNO).map((n) => errnoAtom(n)))].join(',');
    const out = execFileSync(
      'erl',
      ['-noshell', '-eval', `io:format("~w", [[A || A <- [${atoms}], erl_posix_msg:message(A) =:= "unknown POSIX error"]]), halt().`],
      { encoding: 'utf8' },
    );
    const unknownToOtp = out.replace(/[[\]\s]/g, '').split(',').filter(Boolean).sort();
    expect(unknownToOtp).toEqual([
      'ecanceled', 'ehwpoison', 'eilseq', 'ekeyexpired', 'ekeyrejected', 'ekeyrevoked',
      'emediumtype', 'enokey', 'enomedium', 'enotrecoverable', 'eownerdead', 'erestart',
      'erfkill', 'estrpipe',
    ]);
  });
});

describe('fieldAt', () => {
  it('returns the offset when the codec width matches the header', () => {
    expect(fieldAt(S.sockaddr_in6, 'sin6_scope_id', 4)).toBe(S.sockaddr_in6.off.sin6_scope_id);
  });
  it('refuses a width the header disagrees with', () => {
    expect(() => fieldAt(S.sockaddr_in6, 'sin6_scope_id', 2)).toThrow(/4 bytes wide/);
  });
});
