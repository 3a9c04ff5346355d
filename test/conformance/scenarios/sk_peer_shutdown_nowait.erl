#!/usr/bin/env escript
%% Scenario: a nowait recv is pending when the peer shuts down its write side: the select
%% message arrives and the next recv says closed.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    {select, {select_info, recv, H}} = socket:recv(A, 0, nowait),
    ok = socket:shutdown(C, write),
    step(select_msg, receive {'$socket', A, select, H} -> got end),
    step(recv, socket:recv(A, 0, nowait)),
    step(recv_again, socket:recv(A, 0)).
