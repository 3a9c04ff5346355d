#!/usr/bin/env escript
%% Scenario: cancel a pending recvfrom and recvmsg on a datagram socket; the datagram
%% that comes later waits for the next read.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
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
