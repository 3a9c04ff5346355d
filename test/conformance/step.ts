/**
 * The one helper a `.ts` scenario prints with: `step(label, term)` writes one line,
 * `label ~w-of-term`, the same line its `.erl` twin writes with
 * `io:format("~s ~w~n", [Label, Term])`.
 */
import { format } from '../../runtime/format.ts';
import { ErlangError } from '../../runtime/term.ts';

/** Prints one labelled step to stdout. Labels are one word: no spaces. */
export function step(label: string, term: unknown): void {
  process.stdout.write(`${label} ${format(term)}\n`);
}

/**
 * Runs `fn` and returns its result, or `[class, reason]` if it raised an Erlang error: the
 * twin of `try F() catch C:R -> {C, R} end` in the `.erl` half.
 */
export function attempt(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ErlangError) return [e.class, e.reason];
    throw e;
  }
}

/** {@link attempt} for a call used with `yield*`: `yield* attemptYield(socket.connect(s))`. */
export function* attemptYield(g: Generator<unknown, unknown, unknown>): Generator<unknown, unknown, unknown> {
  try {
    return yield* g;
  } catch (e) {
    if (e instanceof ErlangError) return [e.class, e.reason];
    throw e;
  }
}
