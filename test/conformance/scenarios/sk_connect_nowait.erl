#!/usr/bin/env escript
%% Scenario: connect/3 with nowait on loopback: select, the select message, then
%% connect/1 completes; to a closed port the completion is econnrefused.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, Addr} = listener(),
    {ok, C} = socket:open(inet, stream, tcp),
    R = socket:connect(C, Addr, nowait),
    step(shape, element(1, R)),
    {select, {select_info, connect, H}} = R,
    step(select_msg, receive {'$socket', C, select, H} -> select end),
    step(complete, socket:connect(C)),
    step(peer, element(1, socket:peername(C))),
    {ok, Probe} = socket:open(inet, stream, tcp),
    ok = socket:bind(Probe, #{family => inet, addr => loopback, port => 0}),
    {ok, Closed} = socket:sockname(Probe),
    {ok, C2} = socket:open(inet, stream, tcp),
    {select, {select_info, connect, H2}} = socket:connect(C2, Closed, nowait),
    step(select_msg2, receive {'$socket', C2, select, H2} -> select end),
    step(refused, socket:connect(C2)),
    {ok, C3} = socket:open(inet, stream, tcp),
    step(connect_timeout_ok, socket:connect(C3, Addr, 1000)).
