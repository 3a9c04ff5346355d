/**
 * Type-level tests: a server's request, reply and cast types flow from its callback
 * module through `start` to `call`, `cast` and `reply`. `npx tsc --noEmit` checks this
 * file; each `@ts-expect-error` line must fail to compile, or tsc reports the directive
 * as unused. The vitest part runs the well-typed half for real.
 */
import { expect, test } from 'vitest';
import * as gen_server from '../../runtime/gen_server.ts';
import * as gen_statem from '../../runtime/gen_statem.ts';
import type { GenServer, ServerRef } from '../../runtime/gen_server.ts';
import { run } from '../../runtime/process.ts';
import type { Pid } from '../../runtime/term.ts';

type Req = readonly ['add', number] | 'total';
type Cast = readonly ['reset', number];

const counter: GenServer<number, number, Req, number, Cast> = {
  init: (n) => ['ok', n],
  handleCall(req, from, s) {
    if (req === 'total') return ['reply', s, s];
    gen_server.reply(from, s + req[1]);
    // @ts-expect-error: the reply type is number
    gen_server.reply(from, 'text');
    return ['noreply', s + req[1]];
  },
  handleCast: (msg) => ['noreply', msg[1]],
};

function* typed(server: ServerRef<Req, number, Cast>): Generator<unknown, number, unknown> {
  const a: number = yield* gen_server.call(server, ['add', 2]);
  // @ts-expect-error: not a request this server takes
  yield* gen_server.call(server, ['sub', 2]);
  // @ts-expect-error: 'add' wants a number
  yield* gen_server.call(server, ['add', 'two']);
  // @ts-expect-error: the reply is a number, not a string
  const s: string = yield* gen_server.call(server, 'total');
  gen_server.cast(server, ['reset', 0]);
  // @ts-expect-error: not a cast this server takes
  gen_server.cast(server, 'total');
  void s;
  return a;
}

// @ts-expect-error: init's argument is a number
void gen_server.start(counter, 'zero');

// @ts-expect-error: handleCall must return a CallResult
const bad: GenServer<null, number, 'x', number, never> = { init: () => ['ok', 0], handleCall: () => ['reply', 'no', 0] };
void bad;

const light: gen_statem.StateFunctions<null, 'on' | 'off', number, never, never, 'push'> = {
  init: () => ['ok', 'off', 0],
  states: {
    off: (type, _content, n) => (type === 'cast' ? ['next_state', 'on', n + 1] : 'keep_state_and_data'),
    // @ts-expect-error: 'dim' is not a state of this machine
    on: (type, _content, n) => (type === 'cast' ? ['next_state', 'dim', n] : 'keep_state_and_data'),
  },
};
void light;

test('a typed server started from its module answers typed calls', async () => {
  const r = await run(function* () {
    const started = yield* gen_server.start(counter, 40);
    if (started === 'ignore' || started[0] !== 'ok') throw new Error('start failed');
    const server: ServerRef<Req, number, Cast> & Pid = started[1];
    const a = yield* typed(server);
    yield* gen_server.stop(server);
    return a;
  });
  expect(r).toBe(42);
});
