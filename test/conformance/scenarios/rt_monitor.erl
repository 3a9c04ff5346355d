#!/usr/bin/env escript
%% Scenario: monitors: one 'DOWN' per monitor, exactly once, with the exit reason; two
%% monitors give two; a dead pid or an unregistered name gives noproc at once.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    P = spawn(fun() -> receive go -> exit(bye) end end),
    R1 = erlang:monitor(process, P),
    R2 = erlang:monitor(process, P),
    step(distinct_refs, R1 =/= R2),
    P ! go,
    step(down1, receive {'DOWN', R1, process, P, Why1} = D1 -> {D1, Why1} end),
    step(down2, receive {'DOWN', R2, process, P, Why2} -> Why2 end),
    step(only_once, receive X -> X after 0 -> timeout end),
    R3 = erlang:monitor(process, P),
    step(dead_pid, receive {'DOWN', R3, process, P, Why3} -> Why3 end),
    R4 = erlang:monitor(process, no_such_name),
    step(dead_name, receive {'DOWN', R4, process, Who, Why4} -> {Who, Why4} end),
    register(named, spawn(fun() -> receive go -> ok end end)),
    R5 = erlang:monitor(process, named),
    named ! go,
    step(named_down, receive {'DOWN', R5, process, Who5, Why5} -> {Who5, Why5} end).
