/**
 * Generates `ffi/constants/<platform>.ts` from the C headers.
 *
 * Run `npx tsx ffi/gen/generate.ts [x64|arm64 ...]` (default: both). Nothing is run
 * on the target: the values are compiled into an initialised array in a section of
 * its own, and the object file's bytes are read back with objcopy. That is how the
 * arm64 table is made on an x64 host with Debian's `gcc-aarch64-linux-gnu`.
 * The errno names come from the preprocessor (`gcc -dM -E` of errno.h), so a new
 * errno in the headers lands in the table without editing this file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSTANTS, HEADERS, PRELUDE, STRUCTS } from './spec.ts';

/** The platforms beamlet supports, by Node's `process.arch`. */
export type Arch = 'x64' | 'arm64';

/** The GNU triplet prefix of each platform's gcc and binutils. */
export const TOOL_PREFIX: Readonly<Record<Arch, string>> = {
  x64: 'x86_64-linux-gnu-',
  arm64: 'aarch64-linux-gnu-',
};

/** The C source that includes every header of the spec (a `#` line goes in as it is). */
export function cHeader(): string {
  return [PRELUDE, ...HEADERS.map((h) => (h.startsWith('#') ? h : `#include <${h}>`)), ''].join('\n');
}

/** Every constant of the spec as `[name, C expression]`. */
export function constantExprs(): [string, string][] {
  return Object.values(CONSTANTS)
    .flat()
    .map((c) => (typeof c === 'string' ? [c, c] : [c[0], c[1]]));
}

/** errno names to values as the preprocessor sees them; aliases keep their target's name. */
export function errnoMacros(arch: Arch): Map<string, string> {
  const out = execFileSync(`${TOOL_PREFIX[arch]}gcc`, ['-dM', '-E', '-x', 'c', '-'], {
    input: '#include <errno.h>\n',
    encoding: 'utf8',
  });
  const macros = new Map<string, string>();
  for (const m of out.matchAll(/^#define (E[A-Z0-9]+) (\S+)$/gm)) macros.set(m[1]!, m[2]!);
  return macros;
}

/** The `offsetof` designator of a spec field (a flexible array loses its `[]`). */
export function fieldDesignator(f: string): string {
  return f.endsWith('[]') ? f.slice(0, -2) : f;
}

interface Table {
  constants: Record<string, number>;
  errnos: Record<string, number>;
  errnoNames: Record<number, string>;
  structs: Record<string, { size: number; off: Record<string, number>; len: Record<string, number> }>;
}

/** Compiles the spec for `arch` and reads every value back from the object file. */
export function buildTable(arch: Arch): Table {
  const consts = constantExprs();
  const macros = errnoMacros(arch);
  const errnoNames = [...macros.keys()].sort();
  const exprs: string[] = [...consts.map(([, e]) => e), ...errnoNames];
  const structEntries = Object.entries(STRUCTS);
  for (const [, s] of structEntries) {
    exprs.push(`sizeof(${s.ctype})`);
    for (const f of s.fields) {
      const d = fieldDesignator(f);
      exprs.push(`offsetof(${s.ctype}, ${d})`, d === f ? `sizeof(((${s.ctype} *)0)->${d})` : '0');
    }
  }
  const src =
    cHeader() +
    'const long long beamlet_values[] __attribute__((used, section(".beamlet"))) = {\n' +
    exprs.map((e) => `  (long long)(${e}),`).join('\n') +
    '\n};\n';
  const dir = mkdtempSync(join(tmpdir(), 'beamlet-gen-'));
  try {
    writeFileSync(join(dir, 'c.c'), src);
    execFileSync(`${TOOL_PREFIX[arch]}gcc`, ['-c', '-O0', '-o', join(dir, 'c.o'), join(dir, 'c.c')]);
    execFileSync(`${TOOL_PREFIX[arch]}objcopy`, [
      '-O', 'binary', '--only-section=.beamlet', join(dir, 'c.o'), join(dir, 'c.bin'),
    ]);
    const bin = readFileSync(join(dir, 'c.bin'));
    if (bin.length !== exprs.length * 8) throw new Error(`read ${bin.length} bytes, want ${exprs.length * 8}`);
    let i = 0;
    const next = (): number => Number(bin.readBigInt64LE(8 * i++));
    const table: Table = { constants: {}, errnos: {}, errnoNames: {}, structs: {} };
    for (const [name] of consts) table.constants[name] = next();
    for (const name of errnoNames) table.errnos[name] = next();
    // The atom of a number is the name defined as a number, not an alias such as
    // EWOULDBLOCK (= EAGAIN): OTP says `eagain`, `edeadlk`. The one exception is 95:
    // OTP's erl_errno_id lists ENOTSUP before EOPNOTSUPP, so the socket module says
    // `enotsup` (`socket:listen/1` on a UDP socket).
    for (const name of errnoNames) {
      if (/^\d+$/.test(macros.get(name)!)) table.errnoNames[table.errnos[name]!] = name.toLowerCase();
    }
    if (table.errnos.ENOTSUP !== undefined) table.errnoNames[table.errnos.ENOTSUP] = 'enotsup';
    for (const [key, s] of structEntries) {
      const size = next();
      const off: Record<string, number> = {};
      const len: Record<string, number> = {};
      for (const f of s.fields) {
        off[fieldDesignator(f)] = next();
        len[fieldDesignator(f)] = next();
      }
      table.structs[key] = { size, off, len };
    }
    return table;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The TypeScript source of one platform table. */
export function renderTable(arch: Arch, t: Table): string {
  const obj = (o: Record<string | number, number | string>, indent: string): string =>
    '{\n' +
    Object.entries(o)
      .map(([k, v]) => `${indent}  ${/^[A-Za-z_$][\w$]*$|^\d+$/.test(k) ? k : `'${k}'`}: ${typeof v === 'string' ? `'${v}'` : v},`)
      .join('\n') +
    `\n${indent}}`;
  const structs = Object.entries(t.structs)
    .map(
      ([k, s]) =>
        `  ${k}: {\n    size: ${s.size},\n    off: ${obj(s.off, '    ')},\n    len: ${obj(s.len, '    ')},\n  },`,
    )
    .join('\n');
  return `/**
 * linux-${arch}: constants, errno numbers and names, struct sizes and field offsets.
 * Generated from the C headers by \`npx tsx ffi/gen/generate.ts ${arch}\`; do not edit.
 * \`off\` is a field's offset, \`len\` its size in bytes.
 */
export const constants = ${obj(t.constants, '')};

export const errnos = ${obj(t.errnos, '')};

export const errnoNames: Readonly<Record<number, string>> = ${obj(t.errnoNames, '')};

export const structs = {
${structs}
};
`;
}

const here = dirname(fileURLToPath(import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arches = (process.argv.slice(2).length ? process.argv.slice(2) : ['x64', 'arm64']) as Arch[];
  for (const arch of arches) {
    const file = join(here, '..', 'constants', `linux-${arch}.ts`);
    writeFileSync(file, renderTable(arch, buildTable(arch)));
    console.log(`wrote ${file}`);
  }
}
