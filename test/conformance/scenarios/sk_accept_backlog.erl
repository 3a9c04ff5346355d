#!/usr/bin/env escript
%% Scenario: three connects complete before any accept (the backlog); three accepts
%% return them in connect order.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    Cs = [begin {ok, C} = socket:open(inet, stream, tcp), ok = socket:connect(C, Addr), C end || _ <- [1, 2, 3]],
    Names = [element(2, socket:sockname(C)) || C <- Cs],
    Peers = [begin {ok, A} = socket:accept(L), element(2, socket:peername(A)) end || _ <- [1, 2, 3]],
    step(in_order, Names =:= Peers),
    step(none_left, socket:accept(L, 0)).
