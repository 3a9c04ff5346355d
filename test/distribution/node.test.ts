/**
 * A beamlet node among real `erl -sname` nodes: ping both ways, messages to pids and
 * registered names both ways (in order), links, monitors and exit signals across nodes,
 * noconnection when a node dies, nodedown from monitorNode and from net ticks, wrong
 * cookies refused on both sides, rpc both ways.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { _, TIMEOUT, awaitPromise, demonitor, exit, link, makeRef, monitor, processFlag, receive, register, run, self, send, spawn, unlink } from '../../runtime/process.ts';
import { list, Pid, type Term } from '../../runtime/term.ts';
import * as gen_server from '../../runtime/gen_server.ts';
import { monitorNode, node, nodes, ping, spawnOn, startNode, stopNode } from '../../distribution/node.ts';
import { call, registerFunction } from '../../distribution/rpc.ts';
import { BitString, ImproperList, remotePid } from '../../distribution/etf.ts';
import { connectTcp, portPlease } from '../../distribution/epmd.ts';
import * as socket from '../../socket/index.ts';
import { ECHO_SERVER, ErlNode } from './erl.ts';
import { same } from './terms.ts';

const COOKIE = 'beamlet_test_cookie';
const TICK = 4;
const tag = `${process.pid}${Math.floor(Math.random() * 1e6)}`;
let me = '';
const erls: ErlNode[] = [];

/** An erl node with this node's tick time, so that neither side drops the other for silence. */
function erl(short: string, program = 'ok', cookie = COOKIE): ErlNode {
  const n = new ErlNode(`${short}_${tag}`, cookie, program, ['-kernel', 'net_ticktime', String(TICK)]);
  erls.push(n);
  return n;
}

/** Waits until the erl node has run its program (its names are registered) and answers a ping. */
function* reach(peer: string): Generator<unknown, void, unknown> {
  const e = erls.find((n) => n.name === peer)!;
  yield* awaitPromise(e.ready());
  if ((yield* ping(peer, 10000)) !== 'pong') throw new Error(`${peer} unreachable`);
}

const within = (ms: number) => ({ after: ms });

beforeAll(async () => {
  registerFunction('math', 'add', (a, b) => (a as number) + (b as number));
  registerFunction('proc', 'echo_once', function* () {
    const [from, msg] = (yield* receive([_, _])) as readonly [Pid, Term];
    send(from, ['echoed', msg]);
    return 'ok';
  });
  me = await run(function* () {
    return yield* startNode(`bt_${tag}`, { cookie: COOKIE, tickTime: TICK });
  });
});

afterAll(async () => {
  await Promise.all(erls.map((e) => e.kill()));
  await run(stopNode);
});

describe('a beamlet node with real BEAM nodes', () => {
  it('answers net_adm:ping from erl with pong, and pings erl (pang for a node that is not there)', async () => {
    const b = erl('plain', `io:format("ping ~p~n", [net_adm:ping(list_to_atom("bt_${tag}@" ++ hd(tl(string:split(atom_to_list(node()), "@")))))])`);
    expect(await b.line(/^ping /)).toBe('ping pong');
    const r = await run(function* () {
      return [yield* ping(b.name), yield* ping(`nobody_${tag}@${me.split('@')[1]}`)];
    });
    expect(r).toEqual(['pong', 'pang']);
    expect(nodes()).toContain(b.name);
    expect(node()).toBe(me);
    // Local by-name monitors name this node, as erl does once distributed.
    const down = await run(function* () {
      const ref = monitor('process', 'no_such_name');
      return yield* receive(['DOWN', ref, _, _, _], within(10000));
    });
    expect((down as unknown as Term[])[3]).toEqual(['no_such_name', me]);
  });

  it('exchanges messages with BEAM processes both ways, by pid and by registered name, in order', async () => {
    const e = erl('echo', ECHO_SERVER);
    const got = await run(function* () {
      yield* reach(e.name);
      // By registered name: {echo, Node} ! {self(), Msg}, 100 in a row, answered in order.
      for (let i = 0; i < 100; i++) send(['echo', e.name], [self(), i]);
      const replies: Term[] = [];
      for (let i = 0; i < 100; i++) replies.push((yield* receive(['echo', _], within(10000))) as Term);
      // By pid: the pid the reply carries is a remote pid; send to it directly.
      send(['echo', e.name], [self(), 'who']);
      yield* receive(['echo', 'who'], within(10000));
      const echoPid = (yield* call(e.name, 'erlang', 'whereis', ['echo'])) as Pid;
      send(echoPid, [self(), 'direct']);
      const direct = yield* receive(['echo', _], within(10000));
      // BEAM to a registered beamlet process: erl forwards to {name, our node}.
      register(`inbox_${tag}`, self());
      send(['echo', e.name], ['forward', `inbox_${tag}`, me, ['hello', 'from', 'beam']]);
      const forwarded = yield* receive(['hello', _, _], within(10000));
      return { replies, direct, forwarded, remote: echoPid };
    });
    expect(got.replies).toEqual(Array.from({ length: 100 }, (_v, i) => ['echo', i]));
    expect(got.remote).toBeInstanceOf(Pid);
    expect(got.direct).toEqual(['echo', 'direct']);
    expect(got.forwarded).toEqual(['hello', 'from', 'beam']);
    expect(String(got.remote)).toMatch(/^<[1-9]\d*\.\d+\.\d+>$/);
  });

  it('ping-pongs between a BEAM process and a beamlet process, each side leading', async () => {
    const e = erl('pp', ECHO_SERVER);
    const r = await run(function* () {
      yield* reach(e.name);
      // beamlet leads, BEAM's registered pong answers.
      for (let i = 1; i <= 200; i++) {
        send(['pong', e.name], ['ping', self(), i]);
        yield* receive(['pong', i], within(10000));
      }
      // BEAM leads, a beamlet process registered as pong_<tag> answers.
      const ponger = spawn(function* () {
        for (;;) {
          const [, from, i] = (yield* receive(['ping', _, _])) as readonly [string, Pid, number];
          send(from, ['pong', i]);
        }
      });
      register(`pong_${tag}`, ponger);
      send(['echo', e.name], ['pingpong', `pong_${tag}`, me, 200, self()]);
      const done = yield* receive(['pingpong_done', _], within(20000));
      exit(ponger, 'kill');
      return done;
    });
    expect(r).toEqual(['pingpong_done', 200]);
  });

  it('carries links, monitors and exit signals across nodes both ways', async () => {
    const e = erl('links', ECHO_SERVER);
    const r = await run(function* () {
      yield* reach(e.name);
      processFlag('trap_exit', true);
      // A BEAM process that exits with 'boom': our link and our monitor both see it.
      send(['echo', e.name], ['exit_with', 'boom', self()]);
      const [, victim] = (yield* receive(['victim', _], within(10000))) as readonly [string, Pid];
      link(victim);
      const mref = monitor('process', victim);
      send(victim, 'go');
      const exitMsg = yield* receive(['EXIT', victim, _], within(10000));
      const down = yield* receive(['DOWN', mref, 'process', victim, _], within(10000));
      // A beamlet process that exits with 'bang': the BEAM side's link and monitor see it.
      const mine = spawn(function* () {
        yield* receive(['go']);
        exit('bang');
      });
      send(['echo', e.name], ['link_to', mine, self()]);
      yield* receive(['linked', _], within(10000));
      send(['echo', e.name], ['monitor', mine, self()]);
      yield* receive(['monitoring', _], within(10000));
      send(mine, ['go']);
      const seenExit = yield* receive(['exit_seen', mine, _], within(10000));
      const seenDown = yield* receive(['down_seen', mine, _], within(10000));
      // A monitor on a registered name that does not exist there: noproc at once.
      const nref = monitor('process', ['nobody', e.name]);
      const noproc = yield* receive(['DOWN', nref, _, _, _], within(10000));
      return { exitMsg, down, seenExit, seenDown, noproc, victim };
    });
    expect(r.exitMsg).toEqual(['EXIT', r.victim, 'boom']);
    expect((r.down as unknown as Term[])[4]).toBe('boom');
    expect((r.seenExit as unknown as Term[])[2]).toBe('bang');
    expect((r.seenDown as unknown as Term[])[2]).toBe('bang');
    expect(r.noproc).toEqual(['DOWN', (r.noproc as unknown as Term[])[1], 'process', ['nobody', e.name], 'noproc']);
  });

  it('kills a BEAM process with exit/2, honours unlink and demonitor, and round-trips every term kind', async () => {
    const e = erl('signals', ECHO_SERVER);
    const r = await run(function* () {
      yield* reach(e.name);
      // exit(Pid, kill) to a BEAM process: its monitor says killed.
      send(['echo', e.name], ['exit_with', 'never', self()]);
      const [, v1] = (yield* receive(['victim', _], within(10000))) as readonly [string, Pid];
      const m1 = monitor('process', v1);
      exit(v1, 'kill');
      const killed = yield* receive(['DOWN', m1, 'process', v1, _], within(10000));
      // link + unlink, monitor + demonitor: when the process then exits, only the third
      // (kept) monitor reports; nothing else arrives before or with it.
      processFlag('trap_exit', true);
      send(['echo', e.name], ['exit_with', 'boom', self()]);
      const [, v2] = (yield* receive(['victim', _], within(10000))) as readonly [string, Pid];
      link(v2);
      unlink(v2);
      const gone = monitor('process', v2);
      demonitor(gone);
      const kept = monitor('process', v2);
      send(v2, 'go');
      const down = yield* receive(['DOWN', kept, 'process', v2, _], within(10000));
      const stray = yield* receive((m: Term) => Array.isArray(m) && (m[0] === 'EXIT' || m[1] === gone), within(300));
      processFlag('trap_exit', false);
      // Every kind of term through a BEAM process and back.
      const t = ['tuple', list([1, -2, 3.5, 2n ** 70n]), new ImproperList([1], 'tail'), Buffer.from('bin'), new BitString(Buffer.from([0xe0]), 3), { key: 'v' }, new Map<Term, Term>([[1, 'one']]), self(), makeRef(), list([])];
      send(['echo', e.name], [self(), t]);
      const [, back] = (yield* receive(['echo', _], within(10000))) as readonly [string, Term];
      // A message far larger than a socket buffer, both ways.
      const big = Buffer.alloc(4 * 1024 * 1024, 7);
      send(['echo', e.name], [self(), big]);
      const [, bigBack] = (yield* receive(['echo', _], within(20000))) as readonly [string, Buffer];
      return { killed, down, stray, t, back, v2, bigSame: big.equals(bigBack) };
    });
    expect((r.killed as unknown as Term[])[4]).toBe('killed');
    expect((r.down as unknown as Term[])[4]).toBe('boom');
    expect(r.stray).toBe(TIMEOUT);
    expect(same(r.back, r.t)).toBe(true);
    expect(r.bigSame).toBe(true);
  });

  it('gives nodedown at once for a node that cannot be reached, and noconnection to links and monitors there', async () => {
    const nobody = `nobody_${tag}@${me.split('@')[1]}`;
    const r = await run(function* () {
      processFlag('trap_exit', true);
      monitorNode(nobody, true);
      const nd = yield* receive(['nodedown', _], within(10000));
      const ghost = remotePid(nobody, 100, 0, 1);
      const mref = monitor('process', ghost);
      const down = yield* receive(['DOWN', mref, _, _, _], within(10000));
      link(ghost);
      const ex = yield* receive(['EXIT', ghost, _], within(10000));
      // A send to it is dropped, as in Erlang, and does not throw.
      send(ghost, 'lost');
      return { nd, down, ex, ghost, mref };
    });
    expect(r.nd).toEqual(['nodedown', nobody]);
    expect(r.down).toEqual(['DOWN', r.mref, 'process', r.ghost, 'noconnection']);
    expect(r.ex).toEqual(['EXIT', r.ghost, 'noconnection']);
  });

  it('gives noconnection to links and monitors, and nodedown, when the BEAM node is killed', async () => {
    const e = erl('victim', ECHO_SERVER);
    const remote = await run(function* () {
      yield* reach(e.name);
      return (yield* call(e.name, 'erlang', 'whereis', ['echo'])) as Pid;
    });
    expect(remote).toBeInstanceOf(Pid);
    // The node is killed once the watcher's link and monitors are in place (the echo's
    // answer travelled the connection after them), not after a guessed delay.
    let armed!: () => void;
    const ready = new Promise<void>((r) => (armed = r));
    const watcher = run(function* () {
      processFlag('trap_exit', true);
      link(remote);
      const mref = monitor('process', remote);
      monitorNode(e.name, true);
      send(['echo', e.name], [self(), 'ready']);
      expect(yield* receive(['echo', 'ready'], within(10000))).toEqual(['echo', 'ready']);
      armed();
      const msgs: Term[] = [];
      for (let i = 0; i < 3; i++) msgs.push((yield* receive((m: Term) => Array.isArray(m) && (m[0] === 'EXIT' || m[0] === 'DOWN' || m[0] === 'nodedown'), within(15000))) as Term);
      return { msgs, mref };
    });
    await Promise.race([ready, watcher]);
    await e.kill();
    const { msgs, mref } = await watcher;
    expect(msgs).toContainEqual(['EXIT', remote, 'noconnection']);
    expect(msgs).toContainEqual(['DOWN', mref, 'process', remote, 'noconnection']);
    expect(msgs).toContainEqual(['nodedown', e.name]);
    expect(nodes()).not.toContain(e.name);
  });

  it('keeps an idle connection alive with ticks, and detects a silent peer within the tick time', async () => {
    const e = erl('silent');
    const r = run(function* () {
      yield* reach(e.name);
      monitorNode(e.name, true);
      // Idle for longer than the tick time: both sides tick, neither drops the other.
      const idle = yield* receive(['nodedown', _], within(TICK * 1000 + 1500));
      const stillUp = nodes().includes(e.name);
      yield* awaitPromise(e.signal('SIGSTOP'));
      return { idle, stillUp, down: yield* receive(['nodedown', _], within(20000)) };
    });
    expect(await r).toEqual({ idle: TIMEOUT, stillUp: true, down: ['nodedown', e.name] });
  });

  it('refuses a wrong cookie on both sides, with a log line', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const bad = erl('badcookie', `io:format("ping ~p~n", [net_adm:ping(list_to_atom("bt_${tag}@" ++ hd(tl(string:split(atom_to_list(node()), "@")))))])`, 'not_the_cookie');
      expect(await bad.line(/^ping /)).toBe('ping pang');
      const r = await run(function* () {
        return yield* ping(bad.name);
      });
      expect(r).toBe('pang');
    } finally {
      spy.mockRestore();
    }
    expect(lines.some((l) => /Connection attempt from node badcookie_\S+ rejected.*challenge reply/.test(l))).toBe(true);
    expect(lines.some((l) => /Connection attempt to node badcookie_\S+ (refused|rejected).*wrong cookie/.test(l))).toBe(true);
  });

  it('closes a connection that does not speak the handshake, and keeps serving', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const r = await run(function* () {
        const info = yield* portPlease([127, 0, 0, 1], me.split('@')[0]!);
        const c = yield* connectTcp([127, 0, 0, 1], info!.port);
        const s = c[1] as socket.socket;
        yield* socket.send(s, Buffer.from([0, 5, 0x6e, 1, 2, 3, 4]));
        const closed = yield* socket.recv(s, 0, 10000);
        yield* socket.close(s);
        return closed[0];
      });
      expect(r).toBe('error');
    } finally {
      spy.mockRestore();
    }
    expect(lines.some((l) => /unsupported handshake/.test(l))).toBe(true);
    const e = erl('after_garbage');
    expect(
      await run(function* () {
        yield* reach(e.name);
        return yield* ping(e.name);
      }),
    ).toBe('pong');
  });

  it('answers rpc:call from erl for registered functions and calls rpc on erl', async () => {
    const e = erl('rpc', ECHO_SERVER);
    const r = await run(function* () {
      yield* reach(e.name);
      return {
        // erl's rex runs rpc:call back to us: rpc:call(Us, math, add, [1, 2]) from a BEAM process.
        add: yield* call(e.name, 'rpc', 'call', [me, 'math', 'add', list([1, 2])]),
        undef: yield* call(e.name, 'rpc', 'call', [me, 'math', 'nope', list([])]),
        reverse: yield* call(e.name, 'lists', 'reverse', [list([1, 2, 3])]),
        down: yield* call(`nobody_${tag}@${me.split('@')[1]}`, 'lists', 'reverse', [list([])]),
      };
    });
    expect(r.add).toBe(3);
    expect(r.undef).toEqual(['badrpc', ['EXIT', ['undef', list([['math', 'nope', list([]), list([])]])]]]);
    expect(r.reverse).toEqual(list([3, 2, 1]));
    expect(r.down).toEqual(['badrpc', 'nodedown']);
  });

  it('serves gen_server:call from a BEAM process with a beamlet gen_server', async () => {
    const e = erl('gencall', ECHO_SERVER);
    const r = await run(function* () {
      const started = yield* gen_server.start(['local', `counter_${tag}`], {
        init: (n: number) => ['ok', n] as const,
        handleCall: (req: Term, _from: unknown, n: number) => (req === 'bump' ? (['reply', n + 1, n + 1] as const) : (['reply', n, n] as const)),
      }, 41);
      yield* reach(e.name);
      // OTP 25's gen_server:call monitors with an alias and tags the call [alias | Mref].
      const bumped = yield* call(e.name, 'gen_server', 'call', [[`counter_${tag}`, me], 'bump']);
      const got = yield* call(e.name, 'gen_server', 'call', [[`counter_${tag}`, me], 'get']);
      return { started: started[0], bumped, got };
    });
    expect(r).toEqual({ started: 'ok', bumped: 42, got: 42 });
  });

  it('spawns on a BEAM node, and BEAM spawns a registered function on beamlet', async () => {
    const e = erl('spawner', ECHO_SERVER);
    const r = await run(function* () {
      yield* reach(e.name);
      const p = yield* spawnOn(e.name, 'erlang', 'send', [self(), 'spawned_hello']);
      const hello = yield* receive((m: Term) => m === 'spawned_hello', within(10000));
      // erlang:spawn(Us, proc, echo_once, []) from erl, driven by rpc.
      const there = (yield* call(e.name, 'erlang', 'spawn', [me, 'proc', 'echo_once', list([])])) as Pid;
      send(there, [self(), 'ping']);
      const echoed = yield* receive(['echoed', _], within(10000));
      return { p, hello, echoed, there };
    });
    expect(r.p).toBeInstanceOf(Pid);
    expect(r.hello).toBe('spawned_hello');
    expect(r.echoed).toEqual(['echoed', 'ping']);
  });
});
