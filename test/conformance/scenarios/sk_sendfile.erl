#!/usr/bin/env escript
%% Scenario: sendfile/2,3,4 from a raw file: the whole file, an offset and a count;
%% the peer receives exactly those bytes.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    Path = "/tmp/beamlet_conf_sendfile.bin",
    ok = file:write_file(Path, <<"0123456789abcdefghij">>),
    {ok, F} = file:open(Path, [read, raw, binary]),
    {_L, C, A} = tcp_pair(),
    step(whole, socket:sendfile(C, F)),
    step(recv_whole, socket:recv(A, 20)),
    step(offset_count, socket:sendfile(C, F, 5, 3)),
    step(recv_part, socket:recv(A, 3)),
    step(offset_to_end, socket:sendfile(C, F, 15, 0)),
    step(recv_end, socket:recv(A, 5)),
    step(with_timeout, socket:sendfile(C, F, 0, 2, 1000)),
    step(recv_two, socket:recv(A, 2)),
    ok = file:close(F),
    file:delete(Path).

step(L, T) -> io:format("~s ~w~n", [L, T]).

attempt(F) -> try F() catch C:R -> {C, R} end.

listener() ->
    {ok, L} = socket:open(inet, stream, tcp),
    ok = socket:bind(L, #{family => inet, addr => loopback, port => 0}),
    ok = socket:listen(L),
    {ok, Addr} = socket:sockname(L),
    {L, Addr}.

tcp_pair() ->
    {L, Addr} = listener(),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr),
    {ok, A} = socket:accept(L),
    {L, C, A}.

udp() ->
    {ok, U} = socket:open(inet, dgram, udp),
    ok = socket:bind(U, #{family => inet, addr => loopback, port => 0}),
    {ok, Addr} = socket:sockname(U),
    {U, Addr}.

flush() -> receive X -> [X | flush()] after 0 -> [] end.
