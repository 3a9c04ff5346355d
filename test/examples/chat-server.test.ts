/**
 * examples/chat-server.ts: clients on node:net over loopback, one line protocol. Rooms
 * are registered processes; a member's connection dying leaves its room.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { _, exit, monitor, processInfo, receive, run, whereis, type Pid } from '../../index.ts';
import * as chat from '../../examples/chat-server.ts';
import { checkFdLeaks } from '../helpers/fds.ts';
import { open, type Client } from './client.ts';
import { startTs } from './programs.ts';

checkFdLeaks();

let server: chat.Chat | undefined;
let clients: Client[] = [];

afterEach(async () => {
  for (const c of clients) c.sock.destroy();
  await Promise.all(clients.map((c) => c.closed));
  clients = [];
  if (server !== undefined) await run(() => chat.stop(server!));
  server = undefined;
});

async function startChat(): Promise<number> {
  server = await run(() => chat.start());
  return server.port;
}

/** A connected client that has read its welcome line; returns it and its guest name. */
async function join(port: number): Promise<[Client, string]> {
  const c = await open(port);
  clients.push(c);
  const welcome = await c.line();
  const m = /^\* welcome, you are (guest\d+);/.exec(welcome);
  expect(m).not.toBeNull();
  return [c, m![1]!];
}

function say(c: Client, line: string): void {
  c.sock.write(`${line}\n`);
}

/** The processes room `name` monitors. */
function monitored(name: string): Promise<Pid[]> {
  return run(function* () {
    const pid = whereis(chat.roomName(name)) as Pid;
    return processInfo(pid, 'monitors')![1].map(([, p]) => p as Pid);
  });
}

function roomPid(name: string): Promise<Pid | 'undefined'> {
  return run(function* () {
    return whereis(chat.roomName(name));
  });
}

/** Waits (bounded) until room `name` is no longer registered. */
async function roomGone(name: string): Promise<boolean> {
  const pid = await roomPid(name);
  if (pid === 'undefined') return true;
  return run(function* () {
    const ref = monitor('process', pid);
    yield* receive(['DOWN', ref, _, _, _], { after: 10_000 });
    return whereis(chat.roomName(name)) === 'undefined';
  });
}

describe('chat server', () => {
  it('nick, join, talk, who, leave: each line reaches the others in the room only', async () => {
    const port = await startChat();
    const [ann] = await join(port);
    const [bob] = await join(port);
    const [cat] = await join(port);
    say(ann, '/nick ann');
    expect(await ann.line()).toBe('* you are now ann');
    say(bob, '/nick bob');
    expect(await bob.line()).toBe('* you are now bob');
    say(ann, '/join lobby');
    expect(await ann.line()).toBe('* ann joined #lobby (1 here)');
    say(bob, '/join lobby');
    expect(await bob.line()).toBe('* bob joined #lobby (2 here)');
    expect(await ann.line()).toBe('* bob joined #lobby (2 here)');
    say(cat, '/join attic');
    const [, catName] = /^\* (guest\d+) joined #attic \(1 here\)$/.exec(await cat.line())!;

    say(ann, 'hello, bob');
    expect(await bob.line()).toBe('[#lobby] ann: hello, bob');
    say(bob, 'hi ann');
    expect(await ann.line()).toBe('[#lobby] bob: hi ann');
    say(cat, 'anyone?');
    say(ann, '/who');
    expect(await ann.line()).toBe('* in #lobby: ann, bob');

    say(bob, '/nick robert');
    expect(await bob.line()).toBe('* you are now robert');
    expect(await ann.line()).toBe('* bob is now known as robert');
    say(bob, '/leave');
    expect(await bob.line()).toBe('* you left #lobby');
    expect(await ann.line()).toBe('* robert left #lobby');
    say(bob, 'into the void');
    expect(await bob.line()).toMatch(/^\* you are not in a room;/);
    say(cat, '/who');
    expect(await cat.line()).toBe(`* in #attic: ${catName}`);
  });

  it('rooms are registered processes that end with their last member', async () => {
    const port = await startChat();
    expect(await roomPid('den')).toBe('undefined');
    const [a] = await join(port);
    say(a, '/join den');
    await a.line();
    const pid = await roomPid('den');
    expect(pid).not.toBe('undefined');
    say(a, '/join hall');
    expect(await a.line()).toMatch(/joined #hall/);
    expect(await roomGone('den')).toBe(true);
    say(a, '/join den');
    await a.line();
    const again = await roomPid('den');
    expect(again).not.toBe('undefined');
    expect(again).not.toBe(pid);
  });

  it('a member whose connection process dies leaves the room (monitors)', async () => {
    const port = await startChat();
    const [a, aName] = await join(port);
    const [b, bName] = await join(port);
    const [c, cName] = await join(port);
    say(a, '/join pit');
    say(b, '/join pit');
    await a.line(); await a.line(); await b.line();
    // The room monitors its members: the one added by c's join is c's connection process.
    const before = await monitored('pit');
    say(c, '/join pit');
    await a.line(); await b.line(); await c.line();
    const cPid = (await monitored('pit')).filter((p) => !before.includes(p));
    expect(cPid).toHaveLength(1);

    // b's client vanishes: its connection process sees the socket close and ends.
    b.sock.destroy();
    expect(await a.line()).toBe(`* ${bName} left #pit (connection closed)`);
    expect(await c.line()).toBe(`* ${bName} left #pit (connection closed)`);
    // c's connection process is killed: its socket closes with it, and the room notices.
    await run(function* () {
      exit(cPid[0]!, 'kill');
    });
    await c.closed;
    expect(await a.line()).toBe(`* ${cName} left #pit (connection closed)`);
    say(a, '/who');
    expect(await a.line()).toBe(`* in #pit: ${aName}`);
  });

  it('unknown commands and bad names get an explanation', async () => {
    const port = await startChat();
    const [a] = await join(port);
    say(a, '/dance');
    expect(await a.line()).toMatch(/^\* unknown command \/dance;/);
    say(a, '/nick');
    expect(await a.line()).toBe('* a name is 1 to 32 characters, no spaces');
    say(a, '/leave');
    expect(await a.line()).toBe('* you are not in a room');
    say(a, '/quit');
    expect(await a.line()).toBe('* bye');
    await a.closed;
  });

  it('a line may arrive in pieces, split inside a UTF-8 character; an endless one is refused', async () => {
    const port = await startChat();
    const [a] = await join(port);
    const [b] = await join(port);
    say(a, '/join café');
    await a.line();
    say(b, '/join café');
    await b.line();
    await a.line();
    const bytes = Buffer.from('crème brûlée ☕\n');
    for (let i = 0; i < bytes.length; i++) {
      b.sock.write(bytes.subarray(i, i + 1));
      await new Promise((r) => setImmediate(r));
    }
    expect(await a.line()).toMatch(/^\[#café\] guest\d+: crème brûlée ☕$/);
    b.sock.write('x'.repeat(5000));
    expect(await b.line()).toBe('* line too long');
    await b.closed;
  });

  it('stopping the server closes every connection', async () => {
    const port = await startChat();
    const [a] = await join(port);
    const [b] = await join(port);
    say(a, '/join x');
    await a.line();
    await run(() => chat.stop(server!));
    server = undefined;
    await Promise.all([a.closed, b.closed]);
    expect(await roomGone('x')).toBe(true);
  });
});

describe('chat server as a command', () => {
  it('talks to nc-style clients and stops on SIGTERM', async () => {
    const prog = await startTs('chat-server.ts', ['0']);
    try {
      expect(prog.stdout()).toContain(`nc 127.0.0.1 ${prog.port}`);
      const [a] = await join(prog.port);
      const [b, bName] = await join(prog.port);
      say(a, '/join r');
      await a.line();
      say(b, '/join r');
      await b.line();
      await a.line();
      say(b, 'ping');
      expect(await a.line()).toBe(`[#r] ${bName}: ping`);
    } finally {
      expect(await prog.stop('SIGTERM')).toBe(0);
    }
  });
});
