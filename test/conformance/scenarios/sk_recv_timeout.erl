#!/usr/bin/env escript
%% Scenario: recv/3 with a time-out: nothing (timeout), partial data on a stream
%% ({timeout, Data}), time-out 0 as a poll, and a recv that completes in time.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    step(none, socket:recv(A, 0, 50)),
    step(poll_none, socket:recv(A, 0, 0)),
    ok = socket:send(C, <<"abcd">>),
    step(partial, socket:recv(A, 10, 100)),
    ok = socket:send(C, <<"efgh">>),
    step(in_time, socket:recv(A, 4, 1000)),
    ok = socket:send(C, <<"ij">>),
    step(poll_data, socket:recv(A, 0, 0)),
    step(bad_timeout, attempt(fun() -> socket:recv(A, 0, -5) end)),
    step(bad_length, attempt(fun() -> socket:recv(A, -1) end)).

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
