#!/usr/bin/env escript
%% Scenario: recvfrom/3 with nowait on a datagram socket: select, the select message,
%% then the datagram; recvfrom with peek leaves it queued.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {U1, A1} = udp(),
    {U2, A2} = udp(),
    {select, {select_info, recvfrom, H}} = socket:recvfrom(U2, 0, nowait),
    step(select, selected),
    ok = socket:sendto(U1, <<"dgram">>, A2),
    step(select_msg, receive {'$socket', U2, select, H} -> got end),
    step(peek, element(2, element(2, socket:recvfrom(U2, 0, [peek], nowait)))),
    step(then_read, element(2, element(2, socket:recvfrom(U2, 0, nowait)))),
    step(nothing_left, element(1, socket:recvfrom(U2, 0, nowait))),
    step(flush_select, [element(3, M) || M <- flush()]).
