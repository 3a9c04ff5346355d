#!/usr/bin/env escript
%% Scenario: time-outs on accept and connect, and a recv time-out after which a
%% later recv still gets the data that came meanwhile.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    step(accept_timeout, socket:accept(L, 30)),
    {ok, C} = socket:open(inet, stream, tcp),
    step(connect_timeout, socket:connect(C, Addr, 1000)),
    {ok, A} = socket:accept(L, 1000),
    step(recv_timeout, socket:recv(A, 0, 20)),
    ok = socket:send(C, <<"late">>),
    step(recv_later, socket:recv(A, 0, 1000)),
    step(recvfrom_stream, socket:recvfrom(A, 0, 20)),
    step(bad_timeout_atom, attempt(fun() -> socket:accept(L, soon) end)).

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
