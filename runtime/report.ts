/**
 * The crash report a process that dies of an exception writes to stderr, in the shape of
 * OTP's logger:
 *
 *     =ERROR REPORT==== 23-Nov-2026::11:42:23.515092 ===
 *     Error in process <0.90.0> with exit value:
 *     {badarg,[...]}
 */
import { Pid, Ref } from './term.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function timestamp(d: Date): string {
  const micros = pad(d.getMilliseconds(), 3) + pad(Math.floor((performance.now() % 1) * 1000), 3);
  return `${d.getDate()}-${MONTHS[d.getMonth()]}-${d.getFullYear()}::${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${micros}`;
}

function atom(s: string): string {
  return /^[a-z][a-zA-Z0-9_@]*$/.test(s) ? s : `'${s.replace(/[\\']/g, (c) => '\\' + c)}'`;
}

/** A compact Erlang-style rendering of a term; JS errors print as `#{class => Name, message => Text}`. */
function show(t: unknown): string {
  if (typeof t === 'string') return atom(t);
  if (typeof t === 'number' || typeof t === 'bigint' || typeof t === 'boolean') return String(t);
  if (t instanceof Pid || t instanceof Ref) return t.toString();
  if (Buffer.isBuffer(t)) return `<<${[...t].join(',')}>>`;
  if (Array.isArray(t)) return `{${t.map(show).join(',')}}`;
  if (t instanceof Error) return `#{class => ${atom(t.name)},message => ${JSON.stringify(t.message)}}`;
  if (typeof t === 'function') return `#Fun<${t.name || 'anonymous'}>`;
  if (typeof t === 'object' && t !== null) {
    return `#{${Object.entries(t).map(([k, v]) => `${atom(k)} => ${show(v)}`).join(',')}}`;
  }
  return atom(String(t));
}

/**
 * The report for `pid` dying with `[reason, stack]` (stack: frame strings). A reason of
 * another shape prints whole.
 */
export function crashReport(pid: Pid, exitValue: unknown): string {
  let value: string;
  if (Array.isArray(exitValue) && exitValue.length === 2 && Array.isArray(exitValue[1])) {
    const frames = (exitValue[1] as unknown[]).map((f) => (typeof f === 'string' ? JSON.stringify(f) : show(f)));
    value = `{${show(exitValue[0])},\n [${frames.join(',\n  ')}]}`;
  } else value = show(exitValue);
  return `=ERROR REPORT==== ${timestamp(new Date())} ===\nError in process ${pid} with exit value:\n${value}\n\n`;
}
