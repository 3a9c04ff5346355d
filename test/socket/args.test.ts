/**
 * Argument checks (socket/args.ts) against what erl (OTP 25) answers.
 *
 * Each row names the erl call it was taken from and OTP's outcome: `ret` (a returned
 * value), `error` (raised with class error) or `throw`. The erl side was run as
 * `try socket:F(...) of V -> {ret, V} catch C:E -> {C, E} end` on real sockets.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErlangError, Pid, Ref, makeRef, type Term } from '../../runtime/term.ts';
import {
  MSG_FLAGS, checkBacklog, checkBindAddr, checkData, checkDestAddr, checkDomain, checkFd,
  checkHow, checkLength, checkMonitorRef, checkMsgFlags, checkOpenOpts, checkProtocol,
  checkAcceptArgs, checkConnectArgs, checkIArgs, checkIov, checkOpenArgs, checkRecvArgs,
  checkRecvmsgArgs, checkSendArgs, checkSendmsgArgs, checkSendtoArgs, checkSelectInfo, checkSocket, checkTimeout, checkType,
  checkUseRegistry, checkWhichFilter, fail, isFail,
} from '../../socket/args.ts';
import { makeSocket } from '../../socket/types.ts';

type Outcome = { ret: unknown } | { error: Term } | { throw: Term };

function run(f: () => unknown): Outcome {
  try {
    return { ret: f() };
  } catch (e) {
    if (e instanceof ErlangError) return e.class === 'throw' ? { throw: e.reason } : { error: e.reason };
    throw e;
  }
}

const PROTOCOLS = new Map<string, number>([
  ['ip', 0], ['IP', 0], ['hopopt', 0], ['tcp', 6], ['TCP', 6], ['udp', 17], ['sctp', 132],
]);
const inv = (what: Term) => ['error', ['invalid', what]];
const S = makeSocket(makeRef());
const R = makeRef();
const sm = (msg: unknown) => checkSendmsgArgs(S, msg, [], 0);
const b1 = Buffer.from([1]);

// [erl call, our call, OTP's outcome]
const ROWS: readonly (readonly [string, () => unknown, Outcome])[] = [
  // open
  ['open(foo, stream)', () => checkDomain('foo'), { ret: inv(['domain', 'foo']) }],
  ['open(packet, raw)', () => checkDomain('packet'), { ret: inv(['domain', 'packet']) }],
  ['open(unspec, stream) (kernel: eafnosupport)', () => checkDomain('unspec'), { ret: 'unspec' }],
  ['open(2, 1, 0)', () => checkDomain(2), { ret: 2 }],
  ['open(inet, foo)', () => checkType('foo'), { ret: inv(['type', 'foo']) }],
  ['open(inet, rdm)', () => checkType('rdm'), { ret: inv(['type', 'rdm']) }],
  ['open(inet, 99, 0) (kernel: einval)', () => checkType(99), { ret: 99 }],
  ['open(inet, stream, foo)', () => checkProtocol('foo', PROTOCOLS), { ret: inv(['protocol', 'foo']) }],
  ['open(inet, stream, default)', () => checkProtocol('default', PROTOCOLS), { ret: 0 }],
  ["open(inet, stream, 'TCP') -> protocol tcp", () => checkProtocol('TCP', PROTOCOLS), { ret: 6 }],
  ['open(inet, stream, hopopt) -> protocol tcp', () => checkProtocol('hopopt', PROTOCOLS), { ret: 0 }],
  ['open(inet, stream, -1) (kernel: einval)', () => checkProtocol(-1, PROTOCOLS), { ret: -1 }],
  ['open(inet, stream, tcp, foo)', () => checkOpenOpts('foo'), { error: 'badarg' }],
  ['open(inet, stream, tcp, [])', () => checkOpenOpts([]), { error: 'badarg' }],
  ['open(inet, stream, tcp, #{foo => 1, debug => foo})', () => checkOpenOpts({ foo: 1, debug: 'foo' }), { ret: {} }],
  ['open(foo)', () => checkFd('foo'), { error: 'badarg' }],
  // time-outs
  ['recv(S, 0, -5)', () => checkTimeout(-5), { error: ['invalid', ['timeout', -5]] }],
  ['recv(S, 0, foo)', () => checkTimeout('foo'), { error: ['invalid', ['timeout', 'foo']] }],
  ['recv(S, 0, 1.5)', () => checkTimeout(1.5), { error: ['invalid', ['timeout', 1.5]] }],
  ['accept(L, 0)', () => checkTimeout(0), { ret: 0 }],
  ['accept(L, nowait)', () => checkTimeout('nowait'), { ret: 'nowait' }],
  ['recv(S, 0, make_ref())', () => checkTimeout(R), { ret: R }],
  ['recv(S, 0, infinity)', () => checkTimeout('infinity'), { ret: 'infinity' }],
  // lengths, backlog
  ['recv(S, -1)', () => checkLength(-1), { error: 'badarg' }],
  ['recv(S, foo)', () => checkLength('foo'), { error: 'badarg' }],
  ['recvmsg(U, -1, -1, [], 0)', () => checkLength(-1), { error: 'badarg' }],
  ['listen(L, foo)', () => checkBacklog('foo'), { error: 'badarg' }],
  ['listen(L, -1)', () => checkBacklog(-1), { ret: -1 }],
  // flags
  ['recv(S, 0, foo, 10)', () => checkMsgFlags('foo'), { error: 'badarg' }],
  ['recv(S, 0, [foo], 10)', () => checkMsgFlags(['foo']), { ret: inv(['msg_flag', 'foo']) }],
  ['recv(S, 0, [oob, 123], 0) (kernel: einval)', () => checkMsgFlags(['oob', 123]), { ret: ['oob', 123] }],
  ['recv(S, 0, [nosignal], 0)', () => checkMsgFlags(['nosignal']), { ret: ['nosignal'] }],
  ['send(S, <<"x">>, [-1])', () => checkMsgFlags([-1]), { error: ['invalid', ['msg_flags', [-1]]] }],
  ['send(S, <<"x">>, [1.5])', () => checkMsgFlags([1.5]), { error: ['invalid', ['msg_flags', [1.5]]] }],
  ['send(S, <<"x">>, [{a}])', () => checkMsgFlags([['a']]), { error: ['invalid', ['msg_flags', [['a']]]] }],
  ['send(S, <<"x">>, [peek, -1, foo])', () => checkMsgFlags(['peek', -1, 'foo']), { error: ['invalid', ['msg_flags', [-1, 'foo']]] }],
  ['send(S, <<"x">>, [foo, -1])', () => checkMsgFlags(['foo', -1]), { ret: inv(['msg_flag', 'foo']) }],
  // data
  ['send(S, foo) (an atom; here a number is the non-iodata)', () => checkData(1), { error: 'badarg' }],
  ['send(S, [1, 2, 300])', () => checkData([1, 2, 300]), { error: ['invalid', ['data', [1, 2, 300]]] }],
  ['send(S, [-1])', () => checkData([-1]), { error: ['invalid', ['data', [-1]]] }],
  ['send(S, [<<1>>, foo]) (foo as a non-iodata object)', () => checkData([Buffer.from([1]), {}]), { error: ['invalid', ['data', [Buffer.from([1]), {}]]] }],
  ['send(S, "abc")', () => checkData('abc'), { ret: Buffer.from('abc') }],
  ['send(S, [[<<1>>, [<<2>>]]])', () => checkData([[Buffer.from([1]), [Buffer.from([2])]]]), { ret: Buffer.from([1, 2]) }],
  ['send(S, [<<"a">>, "bc"])', () => checkData([Buffer.from('a'), 'bc']), { ret: Buffer.from('abc') }],
  // addresses
  ['bind(S, foo)', () => checkBindAddr('foo'), { ret: inv(['sockaddr', 'foo']) }],
  ['bind(S, loopback)', () => checkBindAddr('loopback'), { ret: 'loopback' }],
  ['bind(S, [])', () => checkBindAddr([]), { error: ['invalid', ['sockaddr', []]] }],
  ['bind(S, #{})', () => checkBindAddr({}), { ret: inv(['sockaddr', 'family', {}]) }],
  ['bind(S, #{family => foo})', () => checkBindAddr({ family: 'foo' }), { ret: inv(['sockaddr', { family: 'foo' }]) }],
  ['bind(S, #{family => inet, addr => foo})', () => checkBindAddr({ family: 'inet', addr: 'foo' }), { ret: inv(['sockaddr', { family: 'inet', addr: 'foo' }]) }],
  ['bind(S, #{family => inet, addr => {1,2,3}})', () => checkBindAddr({ family: 'inet', addr: [1, 2, 3] }), { ret: inv(['sockaddr', { family: 'inet', addr: [1, 2, 3] }]) }],
  ['bind(S, #{family => inet, addr => {1,2,3,256}})', () => checkBindAddr({ family: 'inet', addr: [1, 2, 3, 256] }), { ret: inv(['sockaddr', { family: 'inet', addr: [1, 2, 3, 256] }]) }],
  ['bind(S, #{family => inet, addr => any, port => 0, extra => 1})', () => checkBindAddr({ family: 'inet', addr: 'any', port: 0, extra: 1 }), { ret: inv(['sockaddr', ['keys', ['extra']], { family: 'inet', addr: 'any', port: 0, extra: 1 }]) }],
  ['bind(S, #{family => inet}) (kernel: einval)', () => checkBindAddr({ family: 'inet' }), { ret: { family: 'inet' } }],
  ['bind(S, #{family => inet, addr => any, port => -1}) -> ok', () => checkBindAddr({ family: 'inet', addr: 'any', port: -1 }), { ret: { family: 'inet', addr: 'any', port: -1 } }],
  ['connect(S, bad)', () => checkDestAddr('bad'), { error: ['invalid', ['sockaddr', 'bad']] }],
  ['connect(U, loopback)', () => checkDestAddr('loopback'), { error: ['invalid', ['sockaddr', 'loopback']] }],
  ['sendto(U, <<1>>, foo)', () => checkDestAddr('foo'), { error: ['invalid', ['sockaddr', 'foo']] }],
  ['connect(S, #{family => inet, addr => foo, port => 1})', () => checkDestAddr({ family: 'inet', addr: 'foo', port: 1 }), { ret: inv(['sockaddr', { family: 'inet', addr: 'foo', port: 1 }]) }],
  // shutdown, cancel, monitors, registry
  ['shutdown(C, foo)', () => checkHow('foo'), { error: ['invalid', ['how', 'foo']] }],
  ['shutdown(C, read_write)', () => checkHow('read_write'), { ret: 'read_write' }],
  ['cancel(A, foo)', () => checkSelectInfo('foo'), { error: 'badarg' }],
  ['cancel(A, {select_info, foo, make_ref()})', () => checkSelectInfo(['select_info', 'foo', R]), { error: 'badarg' }],
  ['cancel(U, {select_info, recv, foo})', () => checkSelectInfo(['select_info', 'recv', 'foo']), { error: 'badarg' }],
  ['cancel(U, {completion_info, recv, make_ref()})', () => checkSelectInfo(['completion_info', 'recv', R]), { error: 'badarg' }],
  ['cancel(U, {select_info, {recv, x}, make_ref()})', () => checkSelectInfo(['select_info', ['recv', 'x'], R]).op, { ret: 'recv' }],
  ['cancel(U, {select_info, connect, make_ref()})', () => checkSelectInfo(['select_info', 'connect', R]).op, { ret: 'connect' }],
  ['cancel_monitor(foo)', () => checkMonitorRef('foo'), { error: 'badarg' }],
  ['which_sockets(foo)', () => checkWhichFilter('foo'), { error: 'badarg' }],
  ['which_sockets(raw)', () => checkWhichFilter('raw'), { error: 'badarg' }],
  ['which_sockets(local)', () => checkWhichFilter('local'), { ret: 'local' }],
  ['use_registry(foo)', () => checkUseRegistry('foo'), { error: 'function_clause' }],
  // sendmsg, sendv
  ['sendmsg(U, foo)', () => sm('foo'), { error: 'badarg' }],
  ['sendmsg(U, #{})', () => sm({}), { error: 'badarg' }],
  ['sendmsg(U, #{addr => bar})', () => sm({ addr: 'bar' }), { error: 'badarg' }],
  ['sendmsg(U, #{iov => foo})', () => sm({ iov: 'foo' }), { ret: inv(['iov', ['improper_list', 0]]) }],
  ['sendmsg(U, #{iov => [<<1>>, foo, <<2>>]})', () => sm({ iov: [Buffer.from([1]), 'foo', Buffer.from([2])] }), { ret: inv(['iov', ['element_not_binary', 2]]) }],
  ['sendmsg(U, #{iov => ["ab"]})', () => checkIov(['ab']), { ret: inv(['iov', ['element_not_binary', 1]]) }],
  ['sendmsg(U, #{iov => [<<1>>], addr => foo})', () => sm({ iov: [Buffer.from([1])], addr: 'foo' }), { error: ['invalid', ['sockaddr', 'foo']] }],
  ['sendmsg(U, #{iov => [foo], addr => bar})', () => sm({ iov: ['foo'], addr: 'bar' }), { error: ['invalid', ['sockaddr', 'bar']] }],
  ['sendmsg(U, #{iov => [<<1>>], addr => #{family => inet, addr => foo}})', () => sm({ iov: [Buffer.from([1])], addr: { family: 'inet', addr: 'foo' } }), { ret: inv(['msg', 'addr', { addr: { family: 'inet', addr: 'foo' } }]) }],
  ['sendmsg(U, #{iov => [<<1>>], ctrl => foo})', () => sm({ iov: [Buffer.from([1])], ctrl: 'foo' }), { error: ['bad_generator', 'foo'] }],
  ['sendmsg(U, #{iov => [<<1>>], ctrl => [foo]}) (kernel: edestaddrreq)', () => sm({ iov: [b1], ctrl: ['foo'] }), { ret: { socket: S, msg: { iov: [b1], ctrl: ['foo'] }, flags: [], timeout: 0 } }],
  // i/1,2
  ['i(foo)', () => checkIArgs('foo'), { error: 'function_clause' }],
  ['i([foo]) (prints a column headed Foo)', () => checkIArgs(['foo']), { ret: { keys: ['foo'] } }],
  ['i(inet)', () => checkIArgs('inet'), { ret: { filter: 'inet' } }],
  ['i(inet, foo)', () => checkIArgs('inet', 'foo'), { error: 'function_clause' }],
  ['i(foo, [fd])', () => checkIArgs('foo', ['fd']), { error: 'function_clause' }],
  ['i(tcp, [fd])', () => checkIArgs('tcp', ['fd']), { ret: { filter: 'tcp', keys: ['fd'] } }],
  // the socket argument
  ['recv(foo)', () => checkSocket('foo'), { error: 'badarg' }],
  ["recv({'$socket', foo})", () => checkSocket(['$socket', 'foo']), { error: 'badarg' }],
  ['close(foo)', () => checkSocket(undefined), { error: 'badarg' }],
];

// Several wrong arguments at once: which one OTP reports first.
const ORDER: readonly (readonly [string, () => unknown, Outcome])[] = [
  ['open(foo, stream, tcp, foo)', () => checkOpenArgs('foo', 'stream', 'tcp', 'foo', PROTOCOLS), { error: 'badarg' }],
  ['open(foo, bar, baz)', () => checkOpenArgs('foo', 'bar', 'baz', {}, PROTOCOLS), { ret: inv(['protocol', 'baz']) }],
  ['open(foo, bar, tcp)', () => checkOpenArgs('foo', 'bar', 'tcp', {}, PROTOCOLS), { ret: inv(['domain', 'foo']) }],
  ['open(inet, bar, tcp)', () => checkOpenArgs('inet', 'bar', 'tcp', {}, PROTOCOLS), { ret: inv(['type', 'bar']) }],
  ['accept(foo, bar)', () => checkAcceptArgs('foo', 'bar'), { error: 'badarg' }],
  ['connect(S, bad, bar)', () => checkConnectArgs(S, 'bad', 'bar'), { error: ['invalid', ['timeout', 'bar']] }],
  ['connect(S, #{family => inet, addr => foo, port => 1}, bar)', () => checkConnectArgs(S, { family: 'inet', addr: 'foo', port: 1 }, 'bar'), { error: ['invalid', ['timeout', 'bar']] }],
  ['recv(S, -1, [foo], bar)', () => checkRecvArgs(S, -1, ['foo'], 'bar'), { error: 'badarg' }],
  ['recv(foo, -1, [foo], bar)', () => checkRecvArgs('foo', -1, ['foo'], 'bar'), { error: 'badarg' }],
  ['recv(S, 0, foo, bar)', () => checkRecvArgs(S, 0, 'foo', 'bar'), { error: 'badarg' }],
  ['recv(S, 0, [foo], bar)', () => checkRecvArgs(S, 0, ['foo'], 'bar'), { error: ['invalid', ['timeout', 'bar']] }],
  ['recv(S, 0, [foo], 0)', () => checkRecvArgs(S, 0, ['foo'], 0), { ret: inv(['msg_flag', 'foo']) }],
  ['recvfrom(U, -1, [foo], bar)', () => checkRecvArgs(S, -1, ['foo'], 'bar'), { error: 'badarg' }],
  ['recvmsg(U, -1, 0, [bar], baz)', () => checkRecvmsgArgs(S, -1, 0, ['bar'], 'baz'), { error: 'badarg' }],
  ['recvmsg(U, 0, 0, [bar], baz)', () => checkRecvmsgArgs(S, 0, 0, ['bar'], 'baz'), { error: ['invalid', ['timeout', 'baz']] }],
  ['recvmsg(U, 0, 0, foo, 0)', () => checkRecvmsgArgs(S, 0, 0, 'foo', 0), { error: 'badarg' }],
  ['send(S, foo, [bar], baz) (a number as non-data)', () => checkSendArgs(S, 7, ['bar'], 'baz'), { error: 'badarg' }],
  ['send(S, [1.5], [bar], baz)', () => checkSendArgs(S, [1.5], ['bar'], 'baz'), { error: ['invalid', ['data', [1.5]]] }],
  ['send(S, <<1>>, [bar], baz)', () => checkSendArgs(S, b1, ['bar'], 'baz'), { error: ['invalid', ['timeout', 'baz']] }],
  ['send(S, <<1>>, [bar], 0)', () => checkSendArgs(S, b1, ['bar'], 0), { ret: inv(['msg_flag', 'bar']) }],
  ['sendto(U, [1.5], foo, [bar], baz)', () => checkSendtoArgs(S, [1.5], 'foo', ['bar'], 'baz'), { error: ['invalid', ['data', [1.5]]] }],
  ['sendto(U, <<1>>, foo, [bar], baz)', () => checkSendtoArgs(S, b1, 'foo', ['bar'], 'baz'), { error: ['invalid', ['timeout', 'baz']] }],
  ['sendto(U, <<1>>, foo, [bar], 0)', () => checkSendtoArgs(S, b1, 'foo', ['bar'], 0), { error: ['invalid', ['sockaddr', 'foo']] }],
  ['sendto(U, <<1>>, #{family => inet, addr => foo}, [bar], baz)', () => checkSendtoArgs(S, b1, { family: 'inet', addr: 'foo' }, ['bar'], 'baz'), { error: ['invalid', ['timeout', 'baz']] }],
  ['sendto(U, <<1>>, #{family => inet, addr => foo}, [bar], 0)', () => checkSendtoArgs(S, b1, { family: 'inet', addr: 'foo' }, ['bar'], 0), { ret: inv(['msg_flag', 'bar']) }],
  ['sendmsg(U, foo, [], bar)', () => checkSendmsgArgs(S, 'foo', [], 'bar'), { error: 'badarg' }],
  ['sendmsg(U, #{iov => [<<1>>]}, foo, 0)', () => checkSendmsgArgs(S, { iov: [b1] }, 'foo', 0), { error: 'badarg' }],
  ['sendmsg(U, #{iov => [<<1>>], addr => foo}, [], bar)', () => checkSendmsgArgs(S, { iov: [b1], addr: 'foo' }, [], 'bar'), { error: ['invalid', ['timeout', 'bar']] }],
  ['sendmsg(U, #{iov => [<<1>>], ctrl => foo}, [], bar)', () => checkSendmsgArgs(S, { iov: [b1], ctrl: 'foo' }, [], 'bar'), { error: ['invalid', ['timeout', 'bar']] }],
  ['sendmsg(U, #{iov => [<<1>>], addr => foo}, [bar], 0)', () => checkSendmsgArgs(S, { iov: [b1], addr: 'foo' }, ['bar'], 0), { error: ['invalid', ['sockaddr', 'foo']] }],
  ['sendmsg(U, #{iov => [<<1>>], addr => foo, ctrl => foo}, [], 0)', () => checkSendmsgArgs(S, { iov: [b1], addr: 'foo', ctrl: 'foo' }, [], 0), { error: ['invalid', ['sockaddr', 'foo']] }],
  ['sendmsg(U, #{iov => [<<1>>], ctrl => foo}, [bar], 0)', () => checkSendmsgArgs(S, { iov: [b1], ctrl: 'foo' }, ['bar'], 0), { error: ['bad_generator', 'foo'] }],
  ['sendmsg(U, #{iov => foo, ctrl => foo}, [], 0)', () => checkSendmsgArgs(S, { iov: 'foo', ctrl: 'foo' }, [], 0), { error: ['bad_generator', 'foo'] }],
  ['sendmsg(U, #{iov => foo, addr => foo}, [], 0)', () => checkSendmsgArgs(S, { iov: 'foo', addr: 'foo' }, [], 0), { error: ['invalid', ['sockaddr', 'foo']] }],
  ['sendmsg(U, #{iov => [<<1>>], addr => #{family => inet, addr => foo}}, [bar], 0)', () => checkSendmsgArgs(S, { iov: [b1], addr: { family: 'inet', addr: 'foo' } }, ['bar'], 0), { ret: inv(['msg_flag', 'bar']) }],
  ['sendmsg(U, #{iov => [foo], addr => #{family => inet, addr => foo}}, [], 0)', () => checkSendmsgArgs(S, { iov: ['foo'], addr: { family: 'inet', addr: 'foo' } }, [], 0), { ret: inv(['msg', 'addr', { addr: { family: 'inet', addr: 'foo' } }]) }],
  ['sendmsg(U, #{iov => [foo]}, [bar], 0)', () => checkSendmsgArgs(S, { iov: ['foo'] }, ['bar'], 0), { ret: inv(['msg_flag', 'bar']) }],
];

describe('several wrong arguments: the first check in OTP order decides', () => {
  it.each(ORDER.map(([erl, f, want]) => ({ erl, f, want })))('$erl', ({ f, want }) => {
    expect(run(f)).toEqual(want);
  });

  it('a good call passes through, normalised', () => {
    expect(checkSendtoArgs(S, ['a', [98]], { family: 'inet', addr: 'loopback', port: 9 }, ['oob'], 'nowait')).toEqual({
      socket: S, data: Buffer.from('ab'), dest: { family: 'inet', addr: 'loopback', port: 9 }, flags: ['oob'], timeout: 'nowait',
    });
    expect(checkOpenArgs('inet6', 'dgram', 'default', {}, PROTOCOLS)).toEqual({ domain: 'inet6', type: 'dgram', protocol: 0, opts: {} });
  });
});

describe('argument checks against erl', () => {
  it.each(ROWS.map(([erl, f, want]) => ({ erl, f, want })))('$erl', ({ f, want }) => {
    expect(run(f)).toEqual(want);
  });
});

describe('properties', () => {
  it('every non-negative integer is a time-out and no negative one is', () => {
    fc.assert(
      fc.property(fc.integer(), (n) => {
        const r = run(() => checkTimeout(n));
        expect(r).toEqual(n >= 0 ? { ret: n } : { error: ['invalid', ['timeout', n]] });
      }),
    );
  });

  it('any nesting of buffers, strings and bytes flattens to their concatenation', () => {
    type Io = Buffer | string | number | Io[];
    const { io } = fc.letrec<{ io: Io }>((tie) => ({
      io: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a)),
        fc.string({ maxLength: 8 }),
        fc.integer({ min: 0, max: 255 }),
        fc.array(tie('io'), { maxLength: 4 }),
      ),
    }));
    const flat = (x: Io): Buffer =>
      Buffer.isBuffer(x) ? x : typeof x === 'string' ? Buffer.from(x) : typeof x === 'number' ? Buffer.from([x]) : Buffer.concat(x.map(flat));
    fc.assert(
      fc.property(fc.array(io, { maxLength: 5 }), (list) => {
        expect(checkData(list).equals(flat(list))).toBe(true);
      }),
    );
  });

  it('flag lists pass when every element is a known flag or a non-negative integer', () => {
    const flag = fc.oneof(fc.constantFrom(...MSG_FLAGS), fc.nat(), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(flag, { maxLength: 6 }), (flags) => {
        const bad = flags.find((f) => typeof f === 'string' && !(MSG_FLAGS as readonly string[]).includes(f));
        expect(checkMsgFlags(flags)).toEqual(bad === undefined ? flags : fail(['msg_flag', bad]));
      }),
    );
  });

  it('isFail tells a returned failure from a value', () => {
    expect(isFail(fail('x'))).toBe(true);
    expect(isFail(['ok', 1])).toBe(false);
    expect(isFail(new Pid(1))).toBe(false);
    expect(isFail(new Ref())).toBe(false);
  });
});

describe('any term', () => {
  // Erlang-ish terms: atoms (strings), integers, floats, binaries, pids, refs, tuples, maps.
  const term: fc.Arbitrary<unknown> = fc.letrec<{ t: unknown }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('inet', 'stream', 'tcp', 'any', 'loopback', 'nowait', 'infinity', 'select_info', 'recv', 'foo', 'read'),
      fc.string({ maxLength: 4 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(undefined),
      fc.constant(null),
      fc.uint8Array({ maxLength: 4 }).map((a) => Buffer.from(a)),
      fc.nat(5).map((n) => new Pid(n)),
      fc.constant(R),
      fc.array(tie('t'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom('family', 'addr', 'port', 'path', 'iov', 'ctrl', 'x'), tie('t'), { maxKeys: 4, noNullPrototype: true }),
    ),
  })).t;
  const checks: readonly ((v: unknown) => unknown)[] = [
    checkSocket, checkDomain, checkType, (v) => checkProtocol(v, PROTOCOLS), checkOpenOpts, checkFd,
    checkTimeout, checkLength, checkBacklog, checkMsgFlags, checkData, checkIov, (v) => checkSendmsgArgs(S, v, [], 0),
    (v) => checkSendtoArgs(S, v, v, [], v), (v) => checkRecvArgs(v, 0, v, v), (v) => checkConnectArgs(S, v, v),
    checkBindAddr, checkDestAddr, checkHow, checkSelectInfo, checkMonitorRef, checkWhichFilter,
    checkUseRegistry, (v) => checkIArgs(v), (v) => checkIArgs('inet', v),
  ];

  it('every check returns a value or a failure, or raises an ErlangError; nothing else escapes', () => {
    fc.assert(
      fc.property(term, fc.nat(checks.length - 1), (v, i) => {
        try {
          checks[i]!(v);
        } catch (e) {
          expect(e).toBeInstanceOf(ErlangError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
