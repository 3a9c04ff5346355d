/**
 * The C constants, errno names and struct layouts of the running platform.
 *
 * The numbers live in generated tables, one per platform (`ffi/constants/*.ts`,
 * made by `ffi/gen/generate.ts` from the system headers and checked against them by
 * `test/ffi/constants.test.ts`). This module picks the table for
 * `process.platform`/`process.arch` once, at load: Linux on x64 or arm64.
 *
 * ```ts
 * import { C, S, errnoAtom } from '../ffi/constants.ts';
 * C.AF_INET6;                      // 10
 * S.sockaddr_in6.off.sin6_scope_id; // 24
 * errnoAtom(11);                   // 'eagain'
 * ```
 */
import * as linuxArm64 from './constants/linux-arm64.ts';
import * as linuxX64 from './constants/linux-x64.ts';

/** The shape every platform table has (the x64 table is the reference). */
export type PlatformTable = typeof linuxX64;

/** A platform beamlet runs on. */
export type Platform = 'linux-x64' | 'linux-arm64';

// Typed against the x64 table, so a table missing a name does not compile.
const TABLES: Readonly<Record<Platform, PlatformTable>> = {
  'linux-x64': linuxX64,
  'linux-arm64': linuxArm64,
};

/** Every generated table, by platform; for tools and tests, not for runtime code. */
export const tables: Readonly<Record<Platform, PlatformTable>> = TABLES;

function pick(): [Platform, PlatformTable] {
  const key = `${process.platform}-${process.arch}`;
  if (key === 'linux-x64' || key === 'linux-arm64') return [key, TABLES[key]];
  throw new Error(
    `beamlet: no FFI constants for ${key}; supported platforms are linux-x64 and linux-arm64`,
  );
}

const [current, table] = pick();

/** The platform whose table is in use. */
export const platform: Platform = current;

/** Every constant by its C name: `C.AF_INET`, `C.SO_REUSEADDR`, `C.CMSG_SPACE_4`. */
export const C: PlatformTable['constants'] = table.constants;

/** Every errno by its C name, aliases included: `ERRNO.EAGAIN === ERRNO.EWOULDBLOCK`. */
export const ERRNO: PlatformTable['errnos'] = table.errnos;

/** Struct layouts: `S.T.size`, and per field `S.T.off.f` (offset) and `S.T.len.f` (bytes). */
export const S: PlatformTable['structs'] = table.structs;

/** A struct layout as the tables describe it. */
export interface Layout {
  readonly size: number;
  readonly off: Readonly<Record<string, number>>;
  readonly len: Readonly<Record<string, number>>;
}

/**
 * errno number → OTP's posix atom (`11` → `'eagain'`, `95` → `'enotsup'`); a number
 * the headers do not name stays a number, as in `inet:posix()`.
 */
export function errnoAtom(errno: number): string | number {
  return table.errnoNames[errno] ?? errno;
}

/**
 * The offset of `field` in `layout`, after checking that the field is `width` bytes
 * wide. Codecs take their offsets through this at load time, so the width a codec
 * reads and writes is checked against the headers too.
 */
export function fieldAt<L extends Layout>(layout: L, field: keyof L['off'] & string, width: number): number {
  const len = layout.len[field];
  if (len !== width) throw new Error(`beamlet: field ${field} is ${len} bytes wide, codec assumes ${width}`);
  return layout.off[field]!;
}
