#!/usr/bin/env escript
%% Scenario: cancel a pending recvfrom and recvmsg on a datagram socket; the datagram
%% that comes later waits for the next read.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {U1, A1} = udp(),
    {U2, A2} = udp(),
    {select, SI1} = socket:recvfrom(U2, 0, nowait),
    step(cancel_recvfrom, socket:cancel(U2, SI1)),
    {select, SI2} = socket:recvmsg(U2, nowait),
    step(cancel_recvmsg, socket:cancel(U2, SI2)),
    ok = socket:sendto(U1, <<"later">>, A2),
    receive after 20 -> ok end,
    step(no_messages, flush()),
    step(still_there, element(2, element(2, socket:recvfrom(U2)))).

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
