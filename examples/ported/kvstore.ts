/**
 * The port of examples/ported/kvstore.erl to beamlet, line for line: the same functions
 * in the same order, under the same names (camelCase where Erlang uses snake_case), the
 * same messages and the same answers byte for byte (test/examples/kvstore.test.ts runs
 * both on the same input).
 *
 *   npx tsx examples/ported/kvstore.ts [port]     (port 0 or none: any free port)
 *
 * Requests, one per line:  PUT Key Value | GET Key | DEL Key | KEYS
 * Answers, one per line:   OK | VALUE Value | NOT_FOUND | KEYS K1 K2... | ERROR Why
 *
 * Erlang binaries are Buffers on the wire; keys and values are latin1 strings in the
 * store, one char per byte, so they compare and sort byte by byte as binaries do.
 */
import { receive, run, send, spawn } from '../../index.ts';
import * as gen_server from '../../runtime/gen_server.ts';
import type { From, GenServer, ServerRef } from '../../runtime/gen_server.ts';
import { ErlangError, type Term } from '../../runtime/term.ts';
import * as socket from '../../socket/index.ts';

// -module(kvstore). -behaviour(gen_server).
type Request =
  | readonly ['put', string, string]
  | readonly ['get', string]
  | readonly ['del', string]
  | 'keys';
type Reply = 'ok' | readonly ['ok', string] | 'error' | 'not_found' | string[];
type Store = Map<string, string>;

/** The registered store, `kvstore`, with its request and reply types. */
const KVSTORE = 'kvstore' as ServerRef<Request, Reply, never>;

// ---- The store: a gen_server holding a map ----------------------------------------

const kvstore: GenServer<[], Store, Request, Reply, never> = {
  init(_args) {
    return ['ok', new Map()];
  },

  handleCall(request: Request, _from: From<Reply>, store: Store) {
    if (request !== 'keys') {
      switch (request[0]) {
        case 'put':
          // Store#{Key => Value}: Erlang maps are values; a fresh Map keeps that.
          return ['reply', 'ok', new Map(store).set(request[1], request[2])];
        case 'get': {
          // maps:find/2: {ok, Value} or error.
          const value = store.get(request[1]);
          return ['reply', value === undefined ? 'error' : ['ok', value], store];
        }
        case 'del':
          if (store.has(request[1])) {
            const rest = new Map(store);
            rest.delete(request[1]);
            return ['reply', 'ok', rest];
          }
          return ['reply', 'not_found', store];
      }
    }
    // handle_call(keys, ...): sort() compares UTF-16 units, here one per byte (latin1),
    // so keys sort as Erlang sorts binaries.
    return ['reply', [...store.keys()].sort(), store];
  },

  handleCast(_msg: never, store: Store) {
    return ['noreply', store];
  },
};

// ---- The protocol: one request line in, one answer line out -----------------------

function* handleLine(line: string): Generator<unknown, string, unknown> {
  // case binary:split(Line, <<" ">>, [global, trim_all]) of, one branch per clause.
  const words = line.split(' ').filter((w) => w !== '');
  const [cmd, key] = words;
  if (cmd === 'PUT' && words.length >= 3) { // [<<"PUT">>, Key | Words] when Words =/= []
    match('ok', yield* gen_server.call(KVSTORE, ['put', key!, words.slice(2).join(' ')]));
    return 'OK';
  } else if (cmd === 'GET' && words.length === 2) { // [<<"GET">>, Key]
    const r = yield* gen_server.call(KVSTORE, ['get', key!]);
    return r === 'error' ? 'NOT_FOUND' : `VALUE ${(r as ['ok', string])[1]}`;
  } else if (cmd === 'DEL' && words.length === 2) { // [<<"DEL">>, Key]
    const r = yield* gen_server.call(KVSTORE, ['del', key!]);
    return r === 'ok' ? 'OK' : 'NOT_FOUND';
  } else if (cmd === 'KEYS' && words.length === 1) { // [<<"KEYS">>]
    // lists:join(<<" ">>, [<<"KEYS">> | Keys])
    return ['KEYS', ...(yield* gen_server.call(KVSTORE, 'keys')) as string[]].join(' ');
  } else if (cmd === undefined) { // []
    return 'ERROR empty line';
  } else { // [Cmd | _]
    return `ERROR unknown command ${cmd}`;
  }
}

/** Erlang's `Expected = Value` match: a mismatch raises `{badmatch, Value}`. */
function match(expected: unknown, value: unknown): void {
  if (value !== expected) throw new ErlangError(['badmatch', value as Term]);
}

// ---- Connections: one process each, reading lines until the peer closes -----------

function* serve(sock: socket.socket, buf: Buffer): Generator<unknown, void, unknown> {
  // serve/2 calls itself in tail position; a loop is the same without growing the stack.
  for (;;) {
    const r = yield* socket.recv(sock, 0);
    if (r[0] === 'ok') {
      buf = yield* answer(sock, Buffer.concat([buf, r[1] as Buffer]));
    } else {
      yield* socket.close(sock);
      return;
    }
  }
}

function* answer(sock: socket.socket, buf: Buffer): Generator<unknown, Buffer, unknown> {
  for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n')) {
    const line = trimCr(buf.subarray(0, nl).toString('latin1'));
    match('ok', yield* socket.send(sock, [Buffer.from(yield* handleLine(line), 'latin1'), '\n']));
    buf = buf.subarray(nl + 1);
  }
  return buf;
}

/** Bytes, not characters: string:trim/3 would raise on a line that is not UTF-8. */
function trimCr(line: string): string {
  // <<Init:Size/binary, $\r>> -> trim_cr(Init): the tail call as a loop.
  while (line.endsWith('\r')) line = line.slice(0, -1);
  return line;
}

function* acceptLoop(lsock: socket.socket): Generator<unknown, never, unknown> {
  for (;;) {
    const [, sock] = (yield* socket.accept(lsock)) as readonly ['ok', socket.socket];
    const pid = spawn(function* () {
      yield* receive('go');
      yield* serve(sock, Buffer.alloc(0));
    });
    match('ok', socket.setopt(sock, ['otp', 'controlling_process'], pid));
    send(pid, 'go');
  }
}

// ---- Start: the store, the listen socket, the acceptor ----------------------------

function* main(args: string[]): Generator<unknown, never, unknown> {
  const port = args.length === 1 ? Number.parseInt(args[0]!, 10) : 0;
  match('ok', (yield* gen_server.start(['local', 'kvstore'], kvstore, []))[0]); // {ok, _} = ...
  const [, lsock] = socket.open('inet', 'stream') as readonly ['ok', socket.socket];
  match('ok', socket.setopt(lsock, ['socket', 'reuseaddr'], true));
  match('ok', socket.bind(lsock, { family: 'inet', addr: 'loopback', port }));
  match('ok', socket.listen(lsock));
  const [, { port: bound }] = socket.sockname(lsock) as readonly ['ok', socket.sockaddr_in];
  console.log(`kvstore listening on 127.0.0.1:${bound}`);
  return yield* acceptLoop(lsock);
}

await run(() => main(process.argv.slice(2)));
