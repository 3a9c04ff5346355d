#!/usr/bin/env escript
%% Scenario: two acceptors waiting on one listener; closing the listener answers both
%% with {error, closed}.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {L, _} = listener(),
    Me = self(),
    [spawn(fun() -> Me ! {T, socket:accept(L)} end) || T <- [a1, a2]],
    step(waiting, wait_count(L, num_acceptors, 2)),
    ok = socket:close(L),
    step(a1, receive {a1, R1} -> R1 end),
    step(a2, receive {a2, R2} -> R2 end).
