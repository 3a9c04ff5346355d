#!/usr/bin/env escript
%% Scenario: control messages: with recvtos and recvttl set, recvmsg carries the
%% tos and ttl of each datagram; sendmsg with a tos ctrl sets it for one datagram.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {U1, A1} = udp(),
    {U2, A2} = udp(),
    ok = socket:setopt(U2, {ip, recvtos}, true),
    ok = socket:setopt(U2, {ip, recvttl}, true),
    ok = socket:setopt(U1, {ip, ttl}, 33),
    ok = socket:sendto(U1, <<"plain">>, A2),
    {ok, #{ctrl := C1}} = socket:recvmsg(U2),
    step(ctrl_plain, lists:sort([{L, T, maps:get(value, M, none)} || #{level := L, type := T} = M <- C1])),
    step(sendmsg_tos, socket:sendmsg(U1, #{addr => A2, iov => [<<"tos">>], ctrl => [#{level => ip, type => tos, value => lowdelay}]})),
    {ok, #{ctrl := C2}} = socket:recvmsg(U2),
    step(ctrl_tos, lists:sort([{L, T, maps:get(value, M, none)} || #{level := L, type := T} = M <- C2])).
