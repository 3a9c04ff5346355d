#!/usr/bin/env escript
%% Scenario: a connected datagram socket: datagrams from another source are filtered,
%% sendto with an explicit destination still works, and connecting to unspec
%% dissolves the association.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {U1, A1} = udp(),
    {U2, A2} = udp(),
    {U3, A3} = udp(),
    ok = socket:connect(U1, A2),
    ok = socket:sendto(U3, <<"stranger">>, A1),
    ok = socket:sendto(U2, <<"peer">>, A1),
    step(only_peer, element(2, socket:recv(U1, 0, 1000))),
    step(filtered, socket:recv(U1, 0, 50)),
    step(sendto_other, socket:sendto(U1, <<"x">>, A3)),
    step(other_got, element(2, element(2, socket:recvfrom(U3, 0, 1000)))),
    step(disconnect, socket:connect(U1, #{family => unspec, addr => <<>>})),
    step(peername_after, socket:peername(U1)).

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
