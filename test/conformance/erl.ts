/**
 * Asks the real Erlang/OTP what `io_lib:format("~w")` and `"~p"` print, for a batch of
 * terms written as Erlang expressions, in one `escript` run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = `#!/usr/bin/env escript
%% Reads "Column base64(an Erlang expression)" a line; writes base64(~w) and base64 of
%% io_lib_pretty's ~p layout of its value starting at that column.
%% Base64 both ways keeps the text clear of the io server's latin1 translation.
main(_) ->
    io:setopts(standard_io, [binary]),
    loop().
loop() ->
    case io:get_line(standard_io, "") of
        eof -> ok;
        Line ->
            [ColText, Enc] = string:split(string:trim(Line, trailing, "\\n"), " "),
            Col = binary_to_integer(ColText),
            Src = unicode:characters_to_list(base64:decode(Enc)),
            {ok, Toks, _} = erl_scan:string(Src ++ "."),
            {ok, [Expr]} = erl_parse:parse_exprs(Toks),
            {value, T, _} = erl_eval:expr(Expr, []),
            W = unicode:characters_to_binary(io_lib:format("~w", [T])),
            P = unicode:characters_to_binary(io_lib_pretty:print(T, [{column, Col}, {line_length, 80},
                                                                     {depth, -1}, {encoding, latin1}])),
            io:put_chars([base64:encode(W), " ", base64:encode(P), "\\n"]),
            loop()
    end.
`;

let scriptPath: string | undefined;

/**
 * What erl prints for each expression: `w` is `~w`, `p` is `~p`'s layout for a term that
 * starts at `column` (1 is the start of a line, what `io_lib:format("~p")` uses).
 */
export async function erlFormat(exprs: readonly string[], column = 1): Promise<{ w: string; p: string }[]> {
  if (scriptPath === undefined) {
    scriptPath = join(mkdtempSync(join(tmpdir(), 'beamlet-erl-')), 'format.escript');
    writeFileSync(scriptPath, SCRIPT);
  }
  const child = spawn('escript', [scriptPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdin.end(exprs.map((e) => `${column} ${Buffer.from(e).toString('base64')}\n`).join(''));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = out.split('\n').filter((l) => l !== '');
  if (code !== 0 || lines.length !== exprs.length) {
    throw new Error(`escript failed (exit ${code}, ${lines.length}/${exprs.length} answers): ${err}`);
  }
  return lines.map((l) => {
    const [w, p] = l.split(' ') as [string, string];
    return { w: Buffer.from(w, 'base64').toString('utf8'), p: Buffer.from(p, 'base64').toString('utf8') };
  });
}
