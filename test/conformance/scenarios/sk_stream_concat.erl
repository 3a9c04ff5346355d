#!/usr/bin/env escript
%% Scenario: several sends arrive as one byte stream: recv with a length takes exactly
%% that many bytes across send boundaries; recv of 0 after all data are there takes all.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    [ok = socket:send(C, B) || B <- [<<"ab">>, <<"cde">>, <<"fghij">>]],
    step(first4, socket:recv(A, 4)),
    step(next4, socket:recv(A, 4)),
    step(last2, socket:recv(A, 2)),
    ok = socket:send(C, <<"123">>),
    ok = socket:send(C, <<"456">>),
    receive after 30 -> ok end,
    step(all, socket:recv(A, 0)).

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
