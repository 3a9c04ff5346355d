#!/usr/bin/env escript
%% Scenario: an abstract-namespace local address (a path starting with a zero byte)
%% as bound, listened and connected; sockname shows it as a binary.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    Name = <<0, "beamlet_conf_abstract">>,
    {ok, L} = socket:open(local, stream),
    step(bind, socket:bind(L, #{family => local, path => Name})),
    ok = socket:listen(L),
    step(sockname, socket:sockname(L)),
    {ok, C} = socket:open(local, stream),
    step(connect, socket:connect(C, #{family => local, path => Name})),
    {ok, A} = socket:accept(L),
    ok = socket:send(A, <<"abs">>),
    step(recv, socket:recv(C, 3)),
    [socket:close(X) || X <- [L, C, A]].

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
