#!/usr/bin/env escript
%% Scenario: a monitor on a process that exits normally reports normal; spawn_monitor of
%% a process killed before it runs reports killed.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    P = spawn(fun() -> receive go -> ok end end),
    R1 = erlang:monitor(process, P),
    P ! go,
    step(normal, receive {'DOWN', R1, process, P, W1} -> W1 end),
    {Q, R2} = spawn_monitor(fun() -> receive never -> ok end end),
    exit(Q, kill),
    step(killed, receive {'DOWN', R2, process, Q, W2} -> W2 end),
    step(empty, receive X -> X after 0 -> timeout end).
