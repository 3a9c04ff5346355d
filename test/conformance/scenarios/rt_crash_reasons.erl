#!/usr/bin/env escript
%% Scenario: the exit reason of a process that raises: error(R) gives {R, Stack}, throw(T)
%% gives {{nocatch, T}, Stack}, exit(R) gives R; a linked trapping parent sees the same.
%% Stacks differ by nature, so a step shows the reason and whether a stack list is there.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Shape = fun({R, Stack}) when is_list(Stack) -> {R, stack}; (R) -> R end,
    {P1, M1} = spawn_monitor(fun() -> erlang:error(badarg) end),
    step(error_badarg, receive {'DOWN', M1, process, P1, R1} -> Shape(R1) end),
    {P2, M2} = spawn_monitor(fun() -> erlang:error({my_error, 42}) end),
    step(error_tuple, receive {'DOWN', M2, process, P2, R2} -> Shape(R2) end),
    {P3, M3} = spawn_monitor(fun() -> throw(oops) end),
    step(throw, receive {'DOWN', M3, process, P3, R3} -> Shape(R3) end),
    {P4, M4} = spawn_monitor(fun() -> exit(plain) end),
    step(exit, receive {'DOWN', M4, process, P4, R4} -> Shape(R4) end),
    process_flag(trap_exit, true),
    P5 = spawn_link(fun() -> erlang:error(badarith) end),
    step(linked_error, receive {'EXIT', P5, R5} -> Shape(R5) end).
