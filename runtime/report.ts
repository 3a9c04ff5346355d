/**
 * The crash report a process that dies of an exception writes to stderr, in the shape of
 * OTP's logger:
 *
 *     =ERROR REPORT==== 23-Nov-2026::11:42:23.515092 ===
 *     Error in process <0.90.0> with exit value:
 *     {badarg,[...]}
 *
 * The value is printed as `~p` does (runtime/format.ts); a JS error in it prints as
 * `#{class => 'TypeError',message => <<"...">>}` so its name and message show.
 */
import { format } from './format.ts';
import type { Pid, Term } from './term.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Local time with microseconds, as OTP's logger prints it: `23-Nov-2026::11:42:23.515092`. */
function timestamp(): string {
  const t = performance.timeOrigin + performance.now();
  const d = new Date(Math.floor(t));
  const micros = pad(Math.floor((t % 1000) * 1000), 6);
  return `${d.getDate()}-${MONTHS[d.getMonth()]}-${d.getFullYear()}::${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${micros}`;
}

/** A JS error has no enumerable fields; show its class and message instead. */
function shown(t: unknown): unknown {
  return t instanceof Error ? { class: t.name, message: Buffer.from(t.message) } : t;
}

/** The report for `pid` dying with `exitValue` (`[reason, stack]` for an exception). */
export function crashReport(pid: Pid, exitValue: unknown): string {
  const value = Array.isArray(exitValue) ? exitValue.map(shown) : shown(exitValue);
  return `=ERROR REPORT==== ${timestamp()} ===\nError in process ${pid} with exit value:\n${format(value as Term, 'p')}\n\n`;
}
