#!/usr/bin/env escript
%% Scenario: a local seqpacket pair keeps message boundaries: two sends, two recvs of
%% exactly one message each.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    Path = "/tmp/beamlet_conf_seqpacket.sock",
    file:delete(Path),
    {ok, L} = socket:open(local, seqpacket),
    ok = socket:bind(L, #{family => local, path => Path}),
    ok = socket:listen(L),
    {ok, C} = socket:open(local, seqpacket),
    ok = socket:connect(C, #{family => local, path => Path}),
    {ok, A} = socket:accept(L),
    ok = socket:send(C, <<"first">>),
    ok = socket:send(C, <<"second">>),
    step(one, socket:recv(A, 0)),
    step(two, socket:recv(A, 0)),
    step(type, socket:getopt(A, {socket, type})),
    [socket:close(X) || X <- [L, C, A]],
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
