#!/usr/bin/env escript
%% Scenario: the remaining arities: sendto/4,5, sendmsg/3,4, recvmsg/3,4,
%% recvfrom/4, sendfile/3 and recv/4, each on a loopback pair.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {U1, A1} = udp(),
    {U2, A2} = udp(),
    step(sendto4, socket:sendto(U1, <<"a">>, A2, [])),
    step(sendto5, socket:sendto(U1, <<"b">>, A2, [], 1000)),
    step(sendto4_timeout, socket:sendto(U1, <<"c">>, A2, 1000)),
    step(recvfrom4, element(2, element(2, socket:recvfrom(U2, 0, [], 1000)))),
    step(recvmsg3, maps:remove(addr, element(2, socket:recvmsg(U2, [], 1000)))),
    step(recvmsg4, maps:remove(addr, element(2, socket:recvmsg(U2, 0, 0, 1000)))),
    step(sendmsg3, socket:sendmsg(U1, #{addr => A2, iov => [<<"d">>]}, [])),
    step(sendmsg4, socket:sendmsg(U1, #{addr => A2, iov => [<<"e">>]}, [], 1000)),
    step(sendmsg3_timeout, socket:sendmsg(U1, #{addr => A2, iov => [<<"f">>]}, 1000)),
    step(three_more, [element(2, element(2, socket:recvfrom(U2))) || _ <- [1, 2, 3]]),
    Path = "/tmp/beamlet_conf_arities.bin",
    ok = file:write_file(Path, <<"file!">>),
    {ok, F} = file:open(Path, [read, raw, binary]),
    {_L, C, A} = tcp_pair(),
    step(sendfile3, socket:sendfile(C, F, 1000)),
    step(recv4, socket:recv(A, 5, [], 1000)),
    ok = file:close(F),
    file:delete(Path).
