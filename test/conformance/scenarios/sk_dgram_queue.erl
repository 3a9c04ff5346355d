#!/usr/bin/env escript
%% Scenario: several datagrams queued are read one per recvfrom, in order, each whole;
%% a nowait reader on a socket with queued datagrams reads at once.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {U1, _} = udp(),
    {U2, A2} = udp(),
    [ok = socket:sendto(U1, <<N>>, A2) || N <- lists:seq(1, 5)],
    receive after 20 -> ok end,
    step(in_order, [element(2, element(2, socket:recvfrom(U2))) || _ <- lists:seq(1, 4)]),
    step(nowait_ready, element(2, element(2, socket:recvfrom(U2, 0, nowait)))),
    step(then_select, element(1, socket:recvfrom(U2, 0, nowait))).
