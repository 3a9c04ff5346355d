/**
 * Receive patterns: a pattern is a term in which the wildcard {@link _} matches anything.
 *
 * Arrays (tuples) match by length and element, plain objects (maps) by the keys the
 * pattern lists, Buffers by content, Pid and Ref by identity, everything else by `===`.
 * Matching walks the pattern directly, so a receive with a pattern allocates nothing.
 */
import { Buffer } from 'node:buffer';
import type { Pid, Ref, Term } from '../runtime/term.ts';

/** The wildcard of receive patterns, Erlang's `_`. */
export const _: unique symbol = Symbol('_');
export type Wildcard = typeof _;

/** The message type a pattern `P` accepts, so that `receive(['reply', ref, _])` narrows. */
export type Matched<P> = P extends Wildcard
  ? Term
  : P extends Buffer | Pid | Ref
    ? P
    : P extends readonly unknown[]
      ? { readonly [K in keyof P]: Matched<P[K]> }
      : P extends (...args: never[]) => unknown
        ? P
        : P extends object
          ? { readonly [K in keyof P]: Matched<P[K]> } & { readonly [key: string]: Term }
          : P;

/** True when `msg` matches `pattern`. */
export function matchPattern(pattern: unknown, msg: unknown): boolean {
  if (pattern === _ || pattern === msg) return true;
  if (typeof pattern !== 'object' || pattern === null) return false;
  if (typeof msg !== 'object' || msg === null) return false;
  if (Array.isArray(pattern)) {
    if (!Array.isArray(msg) || msg.length !== pattern.length) return false;
    for (let i = 0; i < pattern.length; i++) {
      if (!matchPattern(pattern[i], msg[i])) return false;
    }
    return true;
  }
  if (Buffer.isBuffer(pattern)) return Buffer.isBuffer(msg) && pattern.equals(msg);
  if (Object.getPrototypeOf(pattern) !== Object.prototype) return false;
  if (Array.isArray(msg) || Buffer.isBuffer(msg)) return false;
  for (const key in pattern) {
    if (!Object.prototype.hasOwnProperty.call(msg, key)) return false;
    if (!matchPattern((pattern as Record<string, unknown>)[key], (msg as Record<string, unknown>)[key])) {
      return false;
    }
  }
  return true;
}
