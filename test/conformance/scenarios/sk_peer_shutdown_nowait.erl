#!/usr/bin/env escript
%% Scenario: a nowait recv is pending when the peer shuts down its write side: the select
%% message arrives and the next recv says closed.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    {select, {select_info, recv, H}} = socket:recv(A, 0, nowait),
    ok = socket:shutdown(C, write),
    step(select_msg, receive {'$socket', A, select, H} -> got end),
    step(recv, socket:recv(A, 0, nowait)),
    step(recv_again, socket:recv(A, 0)).

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
