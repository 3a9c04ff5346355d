/**
 * Remote procedure calls over OTP's `rex` server protocol, both ways.
 *
 * Serving: the node's `rex` process answers `rpc:call('ts@host', M, F, A)` from Erlang for
 * the functions the program registers with {@link registerFunction}. OTP 25's rpc first
 * asks rex `{From, features_request}`; beamlet answers that it has no `erpc` (it does not
 * take spawn requests), so rpc falls back to the classic `gen_server:call(rex,
 * {call, M, F, A, GroupLeader})`, which beamlet serves: each call runs in its own process,
 * as rex does.
 *
 * Calling: {@link call} does `rpc:call/4,5` against any node (BEAM or beamlet) with the same
 * gen_server call to its `rex`; output the remote function writes to its group leader
 * goes to this node's stdout.
 */
import { ErlangError, isList, list, type Pid, type Term } from '../runtime/term.ts';
import { processFlag, receive, send, spawn } from '../runtime/process.ts';
import { format } from '../runtime/format.ts';
import { call as genCall, node } from './node.ts';

type Gen<T> = Generator<unknown, T, unknown>;

/** A function rpc can call: plain, or a generator function run as the worker process. */
export type RpcFunction = (...args: Term[]) => Term | Generator<unknown, Term, unknown>;

const functions = new Map<string, RpcFunction>();

/** Makes `Module:Function/Arity` (any arity) callable by `rpc:call` from other nodes. */
export function registerFunction(module: string, fn: string, impl: RpcFunction): void {
  if (typeof module !== 'string' || typeof fn !== 'string' || typeof impl !== 'function') throw new ErlangError('badarg');
  functions.set(`${module}:${fn}`, impl);
}

/** Withdraws a function registered with {@link registerFunction}. */
export function unregisterFunction(module: string, fn: string): void {
  functions.delete(`${module}:${fn}`);
}

function isGenerator(x: unknown): x is Generator<unknown, Term, unknown> {
  return typeof x === 'object' && x !== null && typeof (x as Generator).next === 'function' && typeof (x as Generator).throw === 'function';
}

/** Applies a registered function as rex does: a throw is the result, an exit or error a `badrpc`. */
function* apply(m: Term, f: Term, a: Term): Gen<Term> {
  const impl = typeof m === 'string' && typeof f === 'string' ? functions.get(`${m}:${f}`) : undefined;
  const args = isList(a) ? [...a] : undefined;
  if (impl === undefined || args === undefined) return ['badrpc', ['EXIT', ['undef', list([[m, f, a, list([])]])]]];
  try {
    const r = impl(...args);
    return isGenerator(r) ? yield* r : r;
  } catch (e) {
    if (e instanceof ErlangError) {
      if (e.class === 'throw') return e.reason;
      if (e.class === 'exit') return ['badrpc', ['EXIT', e.reason]];
      return ['badrpc', ['EXIT', [e.reason, list([])]]];
    }
    return ['badrpc', ['EXIT', [Buffer.from(String(e instanceof Error ? e.message : e)), list([])]]];
  }
}

/** What `erpc:execute_call/4` exits with: the reason erpc:call reads the outcome from. */
function* erpcOutcome(res: Term, m: Term, f: Term, a: Term): Gen<Term> {
  const impl = typeof m === 'string' && typeof f === 'string' ? functions.get(`${m}:${f}`) : undefined;
  const args = isList(a) ? [...a] : undefined;
  if (impl === undefined || args === undefined) return [res, 'error', 'undef', list([[m, f, a, list([])]])];
  try {
    const r = impl(...args);
    return [res, 'return', isGenerator(r) ? yield* r : r];
  } catch (e) {
    if (e instanceof ErlangError) {
      if (e.class === 'throw') return [res, 'throw', e.reason];
      if (e.class === 'exit') return [res, 'exit', e.reason];
      return [res, 'error', e.reason, list([])];
    }
    return [res, 'error', Buffer.from(String(e instanceof Error ? e.message : e)), list([])];
  }
}

/**
 * The body of a process another node asked this one to spawn (`spawn_request`, which
 * `erpc:call` and so OTP 25's `rpc:call` use): `erpc:execute_call/4` on a registered
 * function, or a registered function itself. Anything else exits with `undef`.
 */
export function spawnBody(m: Term, f: Term, args: readonly Term[]): () => Gen<unknown> {
  if (m === 'erpc' && f === 'execute_call' && args.length === 4) {
    return function* () {
      throw new ErlangError(yield* erpcOutcome(args[0]!, args[1]!, args[2]!, args[3]!), 'exit');
    };
  }
  const impl = typeof m === 'string' && typeof f === 'string' ? functions.get(`${m}:${f}`) : undefined;
  if (impl === undefined) {
    return function* () {
      throw new ErlangError(['undef', list([[m, f, list([...args]), list([])]])], 'exit');
    };
  }
  return function* () {
    const r = impl(...args);
    if (isGenerator(r)) yield* r;
  };
}

/** The node's `rex` server (started by startNode). */
export function* rex(): Gen<void> {
  processFlag('trap_exit', true);
  for (;;) {
    const msg = yield* receive();
    if (!Array.isArray(msg)) continue;
    if (msg.length === 2 && msg[1] === 'features_request') {
      send(msg[0] as Pid, ['features_reply', node(), list([])]);
    } else if (msg.length === 3 && msg[0] === '$gen_call' && Array.isArray(msg[1])) {
      const [from, tag] = msg[1] as unknown as readonly [Pid, Term];
      const req = msg[2];
      if (Array.isArray(req) && (req[0] === 'call' || req[0] === 'block_call') && req.length === 5) {
        spawn(function* () {
          send(from, [tag, yield* apply(req[1], req[2], req[3])]);
        });
      }
    } else if (msg.length === 2 && Array.isArray(msg[1]) && msg[1][0] === 'call' && msg[1].length === 5) {
      // The form hidden C nodes use: {From, {call, M, F, A, GL}}, answered with {rex, Reply}.
      const from = msg[0] as Pid;
      const req = msg[1] as readonly Term[];
      spawn(function* () {
        send(from, ['rex', yield* apply(req[1]!, req[2]!, req[3]!)]);
      });
    } else if (msg.length === 2 && msg[0] === '$gen_cast' && Array.isArray(msg[1]) && msg[1][0] === 'cast') {
      const req = msg[1] as readonly Term[];
      spawn(function* () {
        yield* apply(req[1]!, req[2]!, req[3]!);
      });
    }
  }
}

/** The group leader of the calls this node makes: a remote function's output is printed here. */
export function* groupLeader(): Gen<void> {
  for (;;) {
    const m = yield* receive();
    if (!Array.isArray(m) || m[0] !== 'io_request' || m.length !== 4) continue;
    const [, from, replyAs, req] = m as unknown as readonly [string, Pid, Term, Term];
    let reply: Term = ['error', 'request'];
    if (Array.isArray(req) && req[0] === 'put_chars' && req.length === 3) {
      process.stdout.write(chars(req[2]!));
      reply = 'ok';
    } else if (Array.isArray(req) && req[0] === 'put_chars' && (req.length === 4 || req.length === 5)) {
      // {put_chars, [Encoding,] io_lib, format, [Format, Args]}: io:format/2 from the
      // remote function, with the common control sequences.
      const [m, f, a] = req.slice(-3) as [Term, Term, Term];
      if (m === 'io_lib' && f === 'format' && isList(a) && a.length === 2) {
        process.stdout.write(formatText(chars(a[0]!), isList(a[1]) ? [...a[1]] : []));
        reply = 'ok';
      }
    }
    send(from, ['io_reply', replyAs, reply]);
  }
}

function formatText(fmt: string, args: Term[]): string {
  return fmt.replace(/~([pwsn~])/g, (_m, c: string) => {
    if (c === 'n') return '\n';
    if (c === '~') return '~';
    const a = args.shift();
    return c === 's' ? chars(a) : format(a, c === 'p' ? 'p' : 'w');
  });
}

function chars(t: Term): string {
  if (Buffer.isBuffer(t)) return t.toString('utf8');
  if (typeof t === 'number') return String.fromCodePoint(t);
  if (isList(t)) return t.map(chars).join('');
  return '';
}

let gl: Pid | null = null;

/**
 * `rpc:call(Node, Module, Function, Args[, Timeout])`: the result, or `['badrpc', Reason]`
 * (`nodedown` when the node cannot be reached, `timeout` when no answer came in time).
 */
export function* call(peer: string, module: string, fn: string, args: readonly Term[], timeout: number | 'infinity' = 'infinity'): Gen<Term> {
  if (peer === node()) return yield* apply(module, fn, list([...args]));
  gl ??= spawn(groupLeader);
  const r = yield* genCall(['rex', peer], ['call', module, fn, list([...args]), gl], timeout);
  if (r[0] === 'ok') return r[1];
  return ['badrpc', r[1] === 'timeout' ? 'timeout' : 'nodedown'];
}

/** `rpc:cast/4`: runs the function on `peer` without waiting; returns true. */
export function cast(peer: string, module: string, fn: string, args: readonly Term[]): true {
  gl ??= spawn(groupLeader);
  send(['rex', peer], ['$gen_cast', ['cast', module, fn, list([...args]), gl]]);
  return true;
}
