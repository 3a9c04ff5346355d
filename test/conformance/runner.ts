/**
 * The conformance runner: runs each scenario pair, `NAME.erl` under the real OTP
 * (`escript`) and `NAME.ts` under beamlet (`node --import tsx`), and compares their
 * outputs step by step. For what OTP 25 lacks, `NAME.expect` holds the steps the
 * manual's text implies instead of an `.erl` half.
 *
 * Each side prints one line per step, `label term` with the term as `~w` writes it. What
 * differs by nature is replaced by placeholders numbered by first appearance on that side
 * (refs `#Ref<1>`, pids `<pid1>`, ports `#Port<1>`, funs `#Fun<1>`, and the integers under
 * a map key `port` or `fd` or in `{fromfd, Fd}`: `'$port1'`, `'$fd1'`), so identity is
 * still compared. Both lines are then parsed as Erlang terms and compared term for term,
 * with atom ≡ string (charlist) and tuple ≡ list, as DESIGN.md "Terms" says, and an
 * integer equal to a float of the same value (beamlet prints whole numbers as integers).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const SCENARIOS = join(HERE, 'scenarios');
export const PENDING = join(HERE, 'pending');

/** Each side of a scenario must finish within this, or it is killed and fails. */
const SIDE_TIMEOUT_MS = 30_000;
/** How many scenarios run at once (each runs its two sides one after the other). */
export const PARALLEL = 2;

const STEP_LINE = /^[A-Za-z0-9_]+ \S/;

export interface StepResult {
  readonly label: string;
  readonly erl: string | undefined;
  readonly ts: string | undefined;
  readonly match: boolean;
  readonly why?: string;
}

export interface ScenarioResult {
  readonly name: string;
  readonly steps: readonly StepResult[];
  readonly matched: number;
  readonly total: number;
  /** Set when a side exited abnormally or timed out. */
  readonly error?: string;
}

/**
 * Names of the scenario pairs present in `dir`: `NAME.ts` with either `NAME.erl` or
 * `NAME.expect`. An `.expect` file stands in for the `.erl` half where OTP 25 lacks what
 * the manual describes: its `label term` lines are written from the manual's text, cited
 * in its `%` comment lines.
 */
export function listScenarios(dir = SCENARIOS): string[] {
  if (!existsSync(dir)) return [];
  const files = new Set(readdirSync(dir));
  return [...files]
    .filter((f) => /\.(erl|expect)$/.test(f) && files.has(f.replace(/\.(erl|expect)$/, '.ts')))
    .map((f) => f.replace(/\.(erl|expect)$/, ''))
    .sort();
}

function readExpect(file: string): SideOutput {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => STEP_LINE.test(l));
  return { lines };
}

/**
 * Pending scenarios (an `.erl` half waiting for beamlet, or a pair that does not match
 * yet) with the reason on their first `%% pending:` line.
 */
export function listPending(dir = PENDING): { name: string; reason: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.erl'))
    .sort()
    .map((f) => {
      const m = /^%% pending: (.*)$/m.exec(readFileSync(join(dir, f), 'utf8'));
      return { name: f.replace(/\.erl$/, ''), reason: m?.[1] ?? 'no .ts half yet' };
    });
}

interface SideOutput {
  readonly lines: string[];
  readonly error?: string;
}

function runSide(cmd: string, args: string[]): Promise<SideOutput> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, SIDE_TIMEOUT_MS);
    child.on('error', (e) => (err += String(e)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // escript prints compiler warnings to stdout too; steps are the `label term` lines.
      const lines = out.split('\n').filter((l) => STEP_LINE.test(l));
      const tail = err.trim().split('\n').slice(-15).join('\n');
      if (timedOut) resolve({ lines, error: `${cmd}: timed out after ${SIDE_TIMEOUT_MS} ms\n${tail}` });
      else if (code !== 0) resolve({ lines, error: `${cmd}: exit ${code ?? signal}\n${tail}` });
      else resolve({ lines });
    });
  });
}

/** Runs one scenario pair from `dir` and compares the two outputs. */
export async function runScenario(name: string, dir = SCENARIOS): Promise<ScenarioResult> {
  const expect = join(dir, `${name}.expect`);
  const erl = existsSync(expect) ? readExpect(expect) : await runSide('escript', [join(dir, `${name}.erl`)]);
  const ts = await runSide(process.execPath, ['--import', 'tsx', join(dir, `${name}.ts`)]);
  const steps = compareOutputs(erl.lines, ts.lines);
  const errors = [erl.error && `erl side: ${erl.error}`, ts.error && `ts side: ${ts.error}`].filter(Boolean);
  return {
    name,
    steps,
    matched: steps.filter((s) => s.match).length,
    total: Math.max(erl.lines.length, 1),
    ...(errors.length > 0 ? { error: errors.join('\n') } : {}),
  };
}

/**
 * Runs the `.erl` half of a scenario twice and compares the runs with each other: a
 * scenario is only useful if OTP itself prints the same steps every time.
 */
export async function checkErlStable(name: string, dir = PENDING): Promise<ScenarioResult> {
  const file = join(dir, `${name}.erl`);
  const first = await runSide('escript', [file]);
  const second = await runSide('escript', [file]);
  const steps = compareOutputs(first.lines, second.lines);
  const error = first.error ?? second.error;
  return {
    name,
    steps,
    matched: steps.filter((s) => s.match).length,
    total: Math.max(first.lines.length, 1),
    ...(error ? { error } : {}),
  };
}

/** Runs `tasks` with at most `limit` at once. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

// ---------------------------------------------------------------------------------------
// Comparison

/** Pairs the lines of both sides in order and compares each pair. */
export function compareOutputs(erlLines: readonly string[], tsLines: readonly string[]): StepResult[] {
  const erl = normaliseLines(erlLines);
  const ts = normaliseLines(tsLines);
  const n = Math.max(erl.length, ts.length);
  const out: StepResult[] = [];
  for (let i = 0; i < n; i++) {
    const e = erl[i];
    const t = ts[i];
    const label = e?.label ?? t?.label ?? '?';
    if (e === undefined || t === undefined) {
      out.push({ label, erl: e?.text, ts: t?.text, match: false, why: e ? 'missing on the ts side' : 'extra on the ts side' });
      continue;
    }
    if (e.label !== t.label) {
      out.push({ label, erl: e.text, ts: t.text, match: false, why: `labels differ: ${e.label} / ${t.label}` });
      continue;
    }
    const why = e.term === undefined || t.term === undefined ? (e.error ?? t.error) : diff(e.term, t.term);
    out.push({ label, erl: e.text, ts: t.text, match: why === undefined, ...(why ? { why } : {}) });
  }
  return out;
}

interface Line {
  readonly label: string;
  /** The line as printed, after placeholders. */
  readonly text: string;
  readonly term?: T;
  readonly error?: string;
}

/** Replaces refs, pids, ports and funs, then port and fd numbers, by numbered placeholders. */
export function normaliseLines(lines: readonly string[]): Line[] {
  const seen = new Map<string, Map<string, number>>();
  const place = (kind: string, key: string): number => {
    let m = seen.get(kind);
    if (m === undefined) seen.set(kind, (m = new Map()));
    let n = m.get(key);
    if (n === undefined) m.set(key, (n = m.size + 1));
    return n;
  };
  return lines.map((raw) => {
    const sp = raw.indexOf(' ');
    const label = sp < 0 ? raw : raw.slice(0, sp);
    const text = (sp < 0 ? '' : raw.slice(sp + 1))
      .replace(/#Ref<[\d.]+>/g, (s) => `#Ref<${place('ref', s)}>`)
      .replace(/<\d+\.\d+\.\d+>/g, (s) => `<pid${place('pid', s)}>`)
      .replace(/#Port<[\d.]+>/g, (s) => `#Port<${place('port', s)}>`)
      .replace(/#Fun<[^>]*>/g, (s) => `#Fun<${place('fun', s)}>`);
    try {
      const term = renumber(parse(text), place);
      return { label, text: `${label} ${show(term)}`, term };
    } catch (e) {
      return { label, text: `${label} ${text}`, error: `unparseable: ${(e as Error).message}` };
    }
  });
}

const KERNEL_CHOSEN = new Set(['port', 'fd']);

function renumber(t: T, place: (kind: string, key: string) => number): T {
  switch (t.t) {
    case 'seq': {
      // socket:info's ctype of a socket opened on an fd: {fromfd, Fd}.
      const [tag, fd] = t.items;
      if (t.items.length === 2 && tag?.t === 'atom' && tag.name === 'fromfd' && fd?.t === 'num') {
        return { ...t, items: [tag, { t: 'atom', name: `$fd${place('fd', String(fd.v))}` }] };
      }
      return { ...t, items: t.items.map((i) => renumber(i, place)) };
    }
    case 'map':
      return {
        t: 'map',
        pairs: t.pairs.map(([k, v]) => {
          const key = renumber(k, place);
          if (k.t === 'atom' && KERNEL_CHOSEN.has(k.name) && v.t === 'num' && Number(v.v) > 0) {
            return [key, { t: 'atom', name: `$${k.name}${place(k.name, String(v.v))}` }] as [T, T];
          }
          return [key, renumber(v, place)] as [T, T];
        }),
      };
    default:
      return t;
  }
}

/** A parsed Erlang term. */
export type T =
  | { readonly t: 'num'; readonly v: number | bigint; readonly float: boolean }
  | { readonly t: 'atom'; readonly name: string }
  | { readonly t: 'seq'; readonly kind: 'list' | 'tuple'; readonly items: readonly T[]; readonly tail?: T }
  | { readonly t: 'map'; readonly pairs: readonly (readonly [T, T])[] }
  | { readonly t: 'bin'; readonly bytes: readonly number[] }
  | { readonly t: 'opaque'; readonly text: string };

/** Why two terms differ under the harness's equivalences, or undefined if they are equal. */
export function diff(a: T, b: T, path = ''): string | undefined {
  const at = (what: string) => `${what}${path ? ` at ${path}` : ''}: ${show(a)} vs ${show(b)}`;
  const ca = asChars(a);
  const cb = asChars(b);
  if (ca !== undefined && cb !== undefined) return ca === cb ? undefined : at('differ');
  if (a.t === 'num' && b.t === 'num') {
    return a.v == b.v || Number(a.v) === Number(b.v) ? undefined : at('numbers differ');
  }
  if (a.t === 'seq' && b.t === 'seq') {
    if (a.items.length !== b.items.length) return at('lengths differ');
    for (let i = 0; i < a.items.length; i++) {
      const d = diff(a.items[i]!, b.items[i]!, `${path}/${i + 1}`);
      if (d) return d;
    }
    if (a.tail || b.tail) return a.tail && b.tail ? diff(a.tail, b.tail, `${path}/tail`) : at('tails differ');
    return undefined;
  }
  if (a.t === 'map' && b.t === 'map') {
    if (a.pairs.length !== b.pairs.length) return at('map sizes differ');
    for (const [k, v] of a.pairs) {
      const other = b.pairs.find(([k2]) => diff(k, k2) === undefined);
      if (!other) return at(`key ${show(k)} missing`);
      const d = diff(v, other[1], `${path}/${show(k)}`);
      if (d) return d;
    }
    return undefined;
  }
  if (a.t === 'bin' && b.t === 'bin') {
    return a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]) ? undefined : at('binaries differ');
  }
  if (a.t === 'opaque' && b.t === 'opaque') return a.text === b.text ? undefined : at('differ');
  return at('kinds differ');
}

// An atom, or a proper list of character codes (a string), as text; the empty list is ''.
function asChars(t: T): string | undefined {
  if (t.t === 'atom') return t.name;
  if (t.t === 'seq' && t.kind === 'list' && !t.tail && t.items.every((i) => i.t === 'num' && !i.float && Number(i.v) >= 0 && Number(i.v) <= 0x10ffff)) {
    return String.fromCodePoint(...t.items.map((i) => Number((i as { v: number }).v)));
  }
  return undefined;
}

/** Writes a parsed term back as text (for messages). */
export function show(t: T): string {
  switch (t.t) {
    case 'num':
      return String(t.v) + (t.float && Number.isInteger(t.v) ? '.0' : '');
    case 'atom':
      return /^[a-z][a-zA-Z0-9_@]*$/.test(t.name) ? t.name : `'${t.name.replace(/[\\']/g, (c) => `\\${c}`)}'`;
    case 'seq': {
      const body = t.items.map(show).join(',') + (t.tail ? `|${show(t.tail)}` : '');
      return t.kind === 'list' ? `[${body}]` : `{${body}}`;
    }
    case 'map':
      return `#{${t.pairs.map(([k, v]) => `${show(k)} => ${show(v)}`).join(',')}}`;
    case 'bin':
      return `<<${t.bytes.join(',')}>>`;
    case 'opaque':
      return t.text;
  }
}

// ---------------------------------------------------------------------------------------
// Parser for the terms ~w (and ~p) print

/** Parses one Erlang term as printed by `~w`/`~p`, placeholders included. */
export function parse(text: string): T {
  const p = new Parser(text);
  const t = p.term();
  p.ws();
  if (p.i !== text.length) throw new Error(`trailing text at ${p.i}: ${text.slice(p.i, p.i + 20)}`);
  return t;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', v: '\v', b: '\b', f: '\f', e: '\x1b', d: '\x7f', s: ' ' };

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  fail(what: string): never {
    throw new Error(`expected ${what} at ${this.i}: ${this.s.slice(this.i, this.i + 20)}`);
  }

  eat(tok: string): boolean {
    this.ws();
    if (this.s.startsWith(tok, this.i)) {
      this.i += tok.length;
      return true;
    }
    return false;
  }

  expect(tok: string): void {
    if (!this.eat(tok)) this.fail(`'${tok}'`);
  }

  term(): T {
    this.ws();
    const rest = this.s.slice(this.i);
    const opaque = /^(#Ref<\d+>|<pid\d+>|#Port<\d+>|#Fun<\d+>|fun [\w:@'$]+\/\d+)/.exec(rest);
    if (opaque) {
      this.i += opaque[0].length;
      return { t: 'opaque', text: opaque[0] };
    }
    const num = /^-?\d+(\.\d+)?(e[-+]?\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      const float = num[1] !== undefined || num[2] !== undefined;
      return { t: 'num', v: float ? Number(num[0]) : BigInt(num[0]), float };
    }
    const bare = /^[a-zß-öø-ÿ][a-zA-Z0-9_@À-ÖØ-Þß-öø-ÿ]*/.exec(rest);
    if (bare) {
      this.i += bare[0].length;
      return { t: 'atom', name: bare[0] };
    }
    if (rest.startsWith("'")) return { t: 'atom', name: this.quoted("'") };
    if (rest.startsWith('"')) return { t: 'seq', kind: 'list', items: [...this.quoted('"')].map(charTerm) };
    if (this.eat('<<')) return this.binary();
    if (this.eat('#{')) return this.map();
    if (this.eat('{')) return { t: 'seq', kind: 'tuple', items: this.items('}') };
    if (this.eat('[')) return this.list();
    return this.fail('a term');
  }

  items(close: string): T[] {
    const items: T[] = [];
    if (this.eat(close)) return items;
    do items.push(this.term());
    while (this.eat(','));
    this.expect(close);
    return items;
  }

  list(): T {
    const items: T[] = [];
    if (this.eat(']')) return { t: 'seq', kind: 'list', items };
    do items.push(this.term());
    while (this.eat(','));
    const tail = this.eat('|') ? this.term() : undefined;
    this.expect(']');
    return tail ? { t: 'seq', kind: 'list', items, tail } : { t: 'seq', kind: 'list', items };
  }

  map(): T {
    const pairs: [T, T][] = [];
    if (this.eat('}')) return { t: 'map', pairs };
    do {
      const k = this.term();
      this.expect('=>');
      pairs.push([k, this.term()]);
    } while (this.eat(','));
    this.expect('}');
    return { t: 'map', pairs };
  }

  binary(): T {
    const bytes: number[] = [];
    if (this.eat('>>')) return { t: 'bin', bytes };
    do {
      this.ws();
      if (this.s[this.i] === '"') bytes.push(...[...this.quoted('"')].map((c) => c.codePointAt(0)!));
      else {
        const m = /^\d+/.exec(this.s.slice(this.i)) ?? this.fail('a byte');
        this.i += m[0].length;
        bytes.push(Number(m[0]));
      }
    } while (this.eat(','));
    this.expect('>>');
    return { t: 'bin', bytes };
  }

  quoted(q: string): string {
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i++] ?? this.fail(`closing ${q}`);
      if (c === q) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++] ?? this.fail('an escape');
      const oct = /^[0-7]{1,3}/.exec(this.s.slice(this.i - 1));
      if (oct) {
        this.i += oct[0].length - 1;
        out += String.fromCodePoint(parseInt(oct[0], 8));
      } else if (e === 'x') {
        const hex = /^\{([0-9a-fA-F]+)\}|^([0-9a-fA-F]{2})/.exec(this.s.slice(this.i)) ?? this.fail('hex');
        this.i += hex[0].length;
        out += String.fromCodePoint(parseInt(hex[1] ?? hex[2]!, 16));
      } else if (e === '^') {
        out += String.fromCodePoint(this.s.charCodeAt(this.i++) & 31);
      } else out += ESCAPES[e] ?? e;
    }
  }
}

function charTerm(c: string): T {
  return { t: 'num', v: BigInt(c.codePointAt(0)!), float: false };
}
