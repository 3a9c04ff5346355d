#!/usr/bin/env escript
%% Scenario: sendmsg/recvmsg: an iov of several binaries arrives as one; recvmsg on a
%% datagram socket carries addr and flags; trunc when the buffer is short; ctrl with
%% ip pktinfo.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    step(sendmsg, socket:sendmsg(C, #{iov => [<<"ab">>, <<"cd">>, <<"e">>]})),
    receive after 20 -> ok end,
    {ok, Msg} = socket:recvmsg(A),
    step(stream_msg, Msg),
    {U1, A1} = udp(),
    {U2, A2} = udp(),
    step(sendmsg_addr, socket:sendmsg(U1, #{addr => A2, iov => [<<"dgram">>]})),
    {ok, #{addr := From} = M2} = socket:recvmsg(U2),
    step(dgram_msg, maps:remove(addr, M2)),
    step(dgram_from, From =:= A1),
    ok = socket:sendmsg(U1, #{addr => A2, iov => [<<"0123456789">>]}),
    {ok, M3} = socket:recvmsg(U2, 4, 0, [], infinity),
    step(trunc, maps:remove(addr, M3)),
    ok = socket:setopt(U2, {ip, pktinfo}, true),
    ok = socket:sendto(U1, <<"ctl">>, A2),
    {ok, #{ctrl := Ctrl}} = socket:recvmsg(U2),
    step(ctrl, Ctrl),
    step(recvmsg_timeout, socket:recvmsg(U2, 30)),
    step(bad_msg, attempt(fun() -> socket:sendmsg(U1, #{not_iov => 1}) end)).
