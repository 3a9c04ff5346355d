/**
 * Test helpers: a long-lived `erl` that round-trips terms through
 * `term_to_binary(binary_to_term(B))`, and real `erl -sname` nodes for distribution tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

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
