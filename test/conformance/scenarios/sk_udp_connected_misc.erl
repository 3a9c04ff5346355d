#!/usr/bin/env escript
%% Scenario: a connected datagram socket: datagrams from another source are filtered,
%% sendto with an explicit destination still works, and connecting to unspec
%% dissolves the association.
-mode(compile).
-include("common.hrl").
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
