/**
 * Test helpers: a long-lived `erl` that round-trips terms through
 * `term_to_binary(binary_to_term(B))`, and real `erl -sname` nodes for distribution tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { hostname } from 'node:os';

const ECHO = `
io:setopts([binary]),
Loop = fun L() ->
  case io:get_line('') of
    eof -> halt();
    Line ->
      B = base64:decode(string:trim(Line)),
      R = try term_to_binary(binary_to_term(B)) of
            X -> [<<"ok ">>, base64:encode(X)]
          catch _:E -> [<<"error ">>, io_lib:format("~0p", [E])]
          end,
      io:put_chars([R, $\\n]),
      L()
  end
end,
Loop().`;

/** One `erl` that answers each binary with `term_to_binary(binary_to_term(B))`. */
export class ErlEcho {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];

  constructor() {
    this.child = spawn('erl', ['-noshell', '-eval', ECHO]);
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (l) => this.waiting.shift()?.(l));
  }

  /** Round-trips `bin` through the real erl: the re-encoded binary, or the error erl raised. */
  roundTrip(bin: Buffer): Promise<['ok', Buffer] | ['error', string]> {
    return new Promise((resolve) => {
      this.waiting.push((l) => {
        if (l.startsWith('ok ')) resolve(['ok', Buffer.from(l.slice(3), 'base64')]);
        else resolve(['error', l.slice(6)]);
      });
      this.child.stdin.write(bin.toString('base64') + '\n');
    });
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

/** A real BEAM node started with `erl -sname`, its stdout readable line by line. */
export class ErlNode {
  readonly name: string;
  readonly child: ChildProcessWithoutNullStreams;
  private readonly seen: string[] = [];
  private readonly waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  readonly exited: Promise<void>;

  /** Starts `erl -sname short -setcookie cookie` running `program` (Erlang expressions, no final dot). */
  constructor(short: string, cookie: string, program: string, extra: string[] = []) {
    this.name = `${short}@${hostShort()}`;
    const eval_ = `io:format("ospid ~s~n", [os:getpid()]), ${program}, io:format("ready~n"), receive stop -> halt() end.`;
    this.child = spawn('erl', ['-sname', short, '-setcookie', cookie, '-noshell', ...extra, '-eval', eval_]);
    createInterface({ input: this.child.stdout }).on('line', (l) => {
      this.seen.push(l);
      for (const w of [...this.waiters]) {
        if (w.re.test(l)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(l);
        }
      }
    });
    this.exited = new Promise((r) => this.child.on('exit', () => r()));
  }

  /** Resolves once the node has run its program (its registered names exist). */
  ready(): Promise<string> {
    return this.line(/^ready$/);
  }

  /** The first stdout line (already printed or still to come) matching `re`. */
  line(re: RegExp): Promise<string> {
    const l = this.seen.find((x) => re.test(x));
    if (l !== undefined) return Promise.resolve(l);
    return new Promise((resolve) => this.waiters.push({ re, resolve }));
  }

  /** Signals the emulator itself (`erl` may run it as a child of a wrapper). */
  async signal(signal: NodeJS.Signals): Promise<void> {
    const pid = Number((await this.line(/^ospid /)).slice(6));
    process.kill(pid, signal);
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.signal('SIGKILL');
    await this.exited;
  }
}

function hostShort(): string {
  return hostname().split('.')[0]!;
}

/**
 * Erlang for the test nodes: `echo` answers `{From, Msg}` with `{echo, Msg}` and obeys a few
 * commands: forward a message to a registered name on another node, link or monitor a
 * pid and report the exit signal, ping-pong N times with a process on another node.
 */
export const ECHO_SERVER = `
Report = fun(To, Msg) -> To ! Msg end,
Echo = spawn(fun Loop() ->
  receive
    {forward, Name, Node, Msg} -> {Name, Node} ! Msg;
    {link_to, Pid, ReportTo} ->
      spawn(fun() -> process_flag(trap_exit, true), link(Pid), ReportTo ! {linked, self()},
        receive {'EXIT', Pid, R} -> Report(ReportTo, {exit_seen, Pid, R}) end end);
    {monitor, Pid, ReportTo} ->
      spawn(fun() -> M = erlang:monitor(process, Pid), ReportTo ! {monitoring, self()},
        receive {'DOWN', M, process, Pid, R} -> Report(ReportTo, {down_seen, Pid, R}) end end);
    {exit_with, Reason, ReportTo} ->
      Pid = spawn(fun() -> receive go -> exit(Reason) end end), ReportTo ! {victim, Pid};
    {pingpong, Name, Node, N, ReportTo} ->
      spawn(fun() ->
        lists:foreach(fun(I) -> {Name, Node} ! {ping, self(), I}, receive {pong, I} -> ok end end, lists:seq(1, N)),
        ReportTo ! {pingpong_done, N} end);
    {From, Msg} -> From ! {echo, Msg}
  end,
  Loop()
end),
register(echo, Echo),
Pong = spawn(fun PLoop() -> receive {ping, From, I} -> From ! {pong, I} end, PLoop() end),
register(pong, Pong)`;
