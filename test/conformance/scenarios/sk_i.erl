#!/usr/bin/env escript
%% Scenario: i/0,1,2 print the socket table: captured, cut into cells at the header's
%% column starts, and compared cell by cell (fds, the owner pid and kernel-chosen ports
%% replaced by placeholders; rows sorted, the manual promises no order). `layout` checks
%% the padding rule: every column as wide as its widest cell plus one space.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {L, LAddr} = listener(),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, LAddr),
    ok = socket:send(C, <<"hello">>),
    {U, _} = udp(),
    {ok, U6} = socket:open(inet6, dgram, udp),
    show(i0, fun() -> socket:i() end),
    show(i1_keys, fun() -> socket:i([fd, state, domain, recv, sent]) end),
    show(i1_udp, fun() -> socket:i(udp) end),
    show(i1_stream, fun() -> socket:i(stream) end),
    show(i1_inet6, fun() -> socket:i(inet6) end),
    show(i1_sctp, fun() -> socket:i(sctp) end),
    show(i2, fun() -> socket:i(inet, [type, owner, local_address, remote_address]) end),
    show(i2_tcp, fun() -> socket:i(tcp, [protocol, sent]) end),
    show(unknown_key, fun() -> socket:i(udp, [type, foo_bar]) end),
    ok = socket:close(C),
    show(after_close, fun() -> socket:i([type, local_address]) end),
    [ok = socket:close(S) || S <- [L, U, U6]],
    show(none_open, fun() -> socket:i() end),
    step(bad_filter, attempt(fun() -> socket:i(foo) end)),
    step(bad_filter2, attempt(fun() -> socket:i(foo, [fd]) end)),
    step(bad_keys2, attempt(fun() -> socket:i(inet, bar) end)),
    step(bad_key_string, attempt(fun() -> socket:i(["fd"]) end)).

%% Runs F with a group leader that keeps what it prints; prints its result, then the
%% table's header cells, its rows and whether the layout rule holds.
show(Label, F) ->
    {R, Text} = capture(F),
    step(atom_to_list(Label) ++ "_result", R),
    table(atom_to_list(Label), Text).

table(Label, "") -> step(Label ++ "_text", empty);
table(Label, Text) ->
    [Header | Rows] = string:split(string:trim(Text, trailing, "\n"), "\n", all),
    Starts = starts(Header),
    step(Label ++ "_header", cells(Header, Starts)),
    step(Label ++ "_rows", lists:sort([normal(cells(Row, Starts), cells(Header, Starts)) || Row <- Rows])),
    step(Label ++ "_layout", layout([Header | Rows], Starts)).

capture(F) ->
    Old = group_leader(),
    GL = spawn(fun() -> gl([]) end),
    group_leader(GL, self()),
    R = F(),
    group_leader(Old, self()),
    GL ! {text, self()},
    receive {text, GL, T} -> {R, T} end.

gl(Acc) ->
    receive
        {io_request, From, Ref, Req} ->
            From ! {io_reply, Ref, ok},
            gl([chars(Req) | Acc]);
        {text, P} -> P ! {text, self(), lists:flatten(lists:reverse(Acc))}
    end.

chars({put_chars, _, M, F, A}) -> unicode:characters_to_list(apply(M, F, A));
chars({put_chars, _, C}) -> unicode:characters_to_list(C);
chars({put_chars, C}) -> unicode:characters_to_list(C).

%% Column starts: each header begins after a space ("Local Address" and "Remote
%% Address" are the two headers with a space inside).
starts(Header) ->
    H = lists:foldl(fun(W, Acc) -> string:replace(Acc, W, lists:join("_", string:split(W, " ")), all) end,
                    Header, ["Local Address", "Remote Address"]),
    starts(lists:flatten(H), 0, $\s).
starts([], _, _) -> [];
starts([C | Rest], I, $\s) when C =/= $\s -> [I | starts(Rest, I + 1, C)];
starts([C | Rest], I, _) -> starts(Rest, I + 1, C).

cells(Line, Starts) ->
    Ends = tl(Starts) ++ [length(Line) + 1],
    [list_to_atom(string:trim(slice(Line, S, E), trailing)) || {S, E} <- lists:zip(Starts, Ends)].

slice(Line, S, E) when S >= length(Line) -> "";
slice(Line, S, E) -> lists:sublist(Line, S + 1, E - S).

%% What depends on the run: fds, the owner pid and ports the kernel chose.
normal(Cells, Headers) -> [norm(H, C) || {H, C} <- lists:zip(Headers, Cells)].
norm('Fd', C) -> case string:to_integer(atom_to_list(C)) of {N, []} when N >= 0 -> fd; _ -> C end;
norm('Owner', C) -> case atom_to_list(C) =:= pid_to_list(self()) of true -> me; false -> C end;
norm(H, C) when H =:= 'Local Address'; H =:= 'Remote Address' ->
    case string:split(atom_to_list(C), ":", trailing) of
        [Host, "0"] -> C;
        [Host, P] -> list_to_atom(Host ++ ":port");
        _ -> C
    end;
norm(_, C) -> C.

%% Each column is its widest cell plus one space: the last column's cells end one space
%% before the line does, and no column's content runs into the next start.
layout(Lines, Starts) ->
    Width = lists:max([length(L) || L <- Lines]),
    Ends = tl(Starts) ++ [Width],
    lists:all(fun(L) -> length(L) =:= Width end, Lines) andalso
        lists:all(fun({S, E}) ->
                          Cells = [string:trim(slice(L, S, E), trailing) || L <- Lines],
                          lists:max([length(X) || X <- Cells]) =:= E - S - 1
                  end, lists:zip(Starts, Ends)).
