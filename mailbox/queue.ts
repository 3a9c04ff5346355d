/**
 * The per-process message queue: a singly linked list with a save pointer and a marker.
 *
 * Append is O(1). Selective receive scans from the save pointer, unlinks the first match
 * and leaves the rest in place and in order. A receive that suspends keeps its save
 * pointer, so when it resumes it looks only at messages that arrived since. Each message
 * carries its arrival number; a marker (the mailbox tail when a ref was made) lets a
 * receive start after every message older than the ref, which is the manual's
 * make_ref-then-receive optimization: O(1) however long the backlog.
 *
 * The queue fields live on the process object itself (see runtime/process.ts) so that a
 * waiting process costs one object fewer.
 */
import { matchPattern } from './match.ts';

/** One queued message. */
export class MsgNode {
  msg: unknown;
  next: MsgNode | null = null;
  /** Arrival number, from 1, per mailbox. */
  readonly seq: number;
  constructor(msg: unknown, seq: number) {
    this.msg = msg;
    this.seq = seq;
  }
}

/** The fields a mailbox owner carries. */
export interface Mailbox {
  head: MsgNode | null;
  tail: MsgNode | null;
  /** Messages queued. */
  len: number;
  /** Messages ever appended; the last arrival number given. */
  arrived: number;
  /** Where the current receive resumes: scan continues after this node (null: at head). */
  scanPrev: MsgNode | null;
  /** The node that was the tail when the latest marker was made (null: before head). */
  markNode: MsgNode | null;
}

/**
 * How {@link scan} tests a message: any message, a predicate, a pattern, or the select
 * or abort message of one socket operation's handle ({@link isSelectOf}).
 */
export const enum Mode {
  Any = 0,
  Predicate = 1,
  Pattern = 2,
  Select = 3,
}

/**
 * `{'$socket', S, select, Handle}` or `{'$socket', S, abort, {Handle, Reason}}` for this
 * `handle`: what a blocking socket call waits for. Its handle is a fresh ref only that
 * call knows, so the socket need not be compared. Not user code, so the runtime may run
 * it when the message arrives and hand the message straight to the waiting call.
 */
export function isSelectOf(handle: unknown, msg: unknown): boolean {
  if (!Array.isArray(msg) || msg.length !== 4 || msg[0] !== '$socket') return false;
  const h: unknown = msg[3];
  return h === handle || (msg[2] === 'abort' && Array.isArray(h) && h[0] === handle);
}

export function append(q: Mailbox, msg: unknown): void {
  const node = new MsgNode(msg, ++q.arrived);
  if (q.tail === null) q.head = node;
  else q.tail.next = node;
  q.tail = node;
  q.len++;
}

/** Removes `node`, whose predecessor is `prev` (null when `node` is the head). */
export function unlink(q: Mailbox, prev: MsgNode | null, node: MsgNode): void {
  const next = node.next;
  if (prev === null) q.head = next;
  else prev.next = next;
  if (q.tail === node) q.tail = prev;
  // Keep the marker valid: everything after `prev` is still newer than the marker.
  if (q.markNode === node) q.markNode = prev;
  q.len--;
}

/**
 * Scans from the save pointer for the first message newer than `floor` that the matcher
 * accepts; unlinks and returns its node, or advances the save pointer to the tail and
 * returns null. (A node, not the message: comparing an unknown message with a sentinel
 * would be a generic equality call on the hot path.)
 */
export function scan(q: Mailbox, mode: Mode, matcher: unknown, floor: number): MsgNode | null {
  let prev = q.scanPrev;
  let node = prev === null ? q.head : prev.next;
  if (mode === Mode.Any) {
    while (node !== null && node.seq <= floor) {
      prev = node;
      node = node.next;
    }
    if (node !== null) {
      unlink(q, prev, node);
      return node;
    }
  } else if (mode === Mode.Predicate) {
    const pred = matcher as (m: unknown) => boolean;
    while (node !== null) {
      if (node.seq > floor && pred(node.msg)) {
        unlink(q, prev, node);
        return node;
      }
      prev = node;
      node = node.next;
    }
  } else if (mode === Mode.Select) {
    while (node !== null) {
      if (node.seq > floor && isSelectOf(matcher, node.msg)) {
        unlink(q, prev, node);
        return node;
      }
      prev = node;
      node = node.next;
    }
  } else {
    while (node !== null) {
      if (node.seq > floor && matchPattern(matcher, node.msg)) {
        unlink(q, prev, node);
        return node;
      }
      prev = node;
      node = node.next;
    }
  }
  q.scanPrev = prev;
  return null;
}

/** Removes the first message `pred` accepts; true if one was removed. */
export function removeFirst(q: Mailbox, pred: (m: unknown) => boolean): boolean {
  let prev: MsgNode | null = null;
  for (let node = q.head; node !== null; prev = node, node = node.next) {
    if (pred(node.msg)) {
      unlink(q, prev, node);
      return true;
    }
  }
  return false;
}

/** The queued messages, oldest first. */
export function toArray(q: Mailbox): unknown[] {
  const out: unknown[] = [];
  for (let node = q.head; node !== null; node = node.next) out.push(node.msg);
  return out;
}

/** Drops every message. */
export function clear(q: Mailbox): void {
  q.head = q.tail = q.scanPrev = q.markNode = null;
  q.len = 0;
}
