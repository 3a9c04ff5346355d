#!/usr/bin/env escript
%% Scenario: cancel/2 of a pending recv and accept: ok, no select message later;
%% cancel of an unknown or already used select info is an invalid error.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    {select, SI} = socket:accept(L, nowait),
    step(cancel_accept, socket:cancel(L, SI)),
    step(cancel_again, socket:cancel(L, SI)),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr),
    step(no_select_msg, flush()),
    {ok, A} = socket:accept(L),
    {select, RSI} = socket:recv(A, 0, nowait),
    step(cancel_recv, socket:cancel(A, RSI)),
    ok = socket:send(C, <<"x">>),
    receive after 20 -> ok end,
    step(no_recv_msg, flush()),
    step(data_still_there, socket:recv(A, 0)),
    step(cancel_foreign, socket:cancel(A, {select_info, recv, make_ref()})),
    step(cancel_bad, attempt(fun() -> socket:cancel(A, not_select_info) end)).
