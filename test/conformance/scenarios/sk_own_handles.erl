#!/usr/bin/env escript
%% Scenario: accept and connect with a ref of our own as the handle: the select
%% message carries it.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    AR = make_ref(),
    {select, {select_info, accept, AH}} = socket:accept(L, AR),
    step(accept_handle, AH =:= AR),
    {ok, C} = socket:open(inet, stream, tcp),
    CR = make_ref(),
    R = socket:connect(C, Addr, CR),
    step(connect_shape, element(1, R)),
    step(accept_msg, receive {'$socket', L, select, AR} -> got end),
    step(connect_msg, case R of {select, {select_info, connect, CR}} -> receive {'$socket', C, select, CR} -> got end; ok -> got end),
    step(connect_done, socket:connect(C)),
    step(accepted, element(1, socket:accept(L, AR))).
