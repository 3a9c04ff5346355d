#!/usr/bin/env escript
%% Scenario: accept/2 with nowait and with a handle: select first, the select message
%% when a peer connects, then the accepted socket; accept/2 with a time-out.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    {select, {select_info, accept, H} = SI} = socket:accept(L, nowait),
    step(select, SI),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr),
    step(select_msg, receive {'$socket', L, select, H} = M -> M end),
    {ok, A} = socket:accept(L, nowait),
    step(accepted, element(1, A)),
    step(timeout, socket:accept(L, 50)),
    step(poll, socket:accept(L, 0)),
    step(empty, flush()).
