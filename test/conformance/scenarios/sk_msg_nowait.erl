#!/usr/bin/env escript
%% Scenario: recvmsg/sendmsg/sendto with nowait: immediate success, a select when
%% nothing is there, then the message.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {U1, A1} = udp(),
    {U2, A2} = udp(),
    {select, {select_info, recvmsg, H}} = socket:recvmsg(U2, nowait),
    step(select, recvmsg),
    step(sendmsg_nowait, socket:sendmsg(U1, #{addr => A2, iov => [<<"m">>]}, nowait)),
    step(select_msg, receive {'$socket', U2, select, H} -> got end),
    step(recvmsg, maps:get(iov, element(2, socket:recvmsg(U2, nowait)))),
    step(sendto_nowait, socket:sendto(U1, <<"t">>, A2, nowait)),
    step(recvfrom, element(2, element(2, socket:recvfrom(U2, 0, 1000)))),
    step(recvmsg_bufsz, maps:get(iov, element(2, begin ok = socket:sendto(U1, <<"abcdef">>, A2), socket:recvmsg(U2, 3, 0, [], 1000) end))).
