#!/usr/bin/env escript
%% Scenario: ip and tcp options: ttl, tos, multicast_ttl, multicast_loop, recvtos,
%% pktinfo; tcp nodelay, cork, maxseg; set then read back.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    {ok, U} = socket:open(inet, dgram, udp),
    SetGet = fun(Sock, Opt, V) -> {socket:setopt(Sock, Opt, V), socket:getopt(Sock, Opt)} end,
    step(ttl, SetGet(S, {ip, ttl}, 42)),
    step(tos, SetGet(S, {ip, tos}, lowdelay)),
    step(multicast_ttl, SetGet(U, {ip, multicast_ttl}, 3)),
    step(multicast_loop, SetGet(U, {ip, multicast_loop}, false)),
    step(recvtos, SetGet(U, {ip, recvtos}, true)),
    step(pktinfo, SetGet(U, {ip, pktinfo}, true)),
    step(nodelay_default, socket:getopt(S, {tcp, nodelay})),
    step(nodelay, SetGet(S, {tcp, nodelay}, true)),
    step(cork, SetGet(S, {tcp, cork}, true)),
    step(maxseg_set, socket:setopt(S, {tcp, maxseg}, 1000)),
    step(tcp_on_udp, socket:getopt(U, {tcp, nodelay})),
    step(udp_cork, SetGet(U, {udp, cork}, true)).
