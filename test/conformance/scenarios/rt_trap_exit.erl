#!/usr/bin/env escript
%% Scenario: a trapping process receives {'EXIT', Pid, Reason} for every linked exit:
%% normal, an atom, a tuple, and kill sent to the child (seen as killed).
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    process_flag(trap_exit, true),
    C1 = spawn_link(fun() -> ok end),
    step(normal, receive {'EXIT', C1, R1} -> R1 end),
    C2 = spawn_link(fun() -> exit(foo) end),
    step(atom, receive {'EXIT', C2, R2} -> R2 end),
    C3 = spawn_link(fun() -> exit({shutdown, {a, [1, 2]}}) end),
    step(tuple, receive {'EXIT', C3, R3} -> R3 end),
    C4 = spawn_link(fun() -> receive never -> ok end end),
    exit(C4, kill),
    step(killed, receive {'EXIT', C4, R4} -> R4 end),
    step(nothing_else, receive X -> X after 0 -> timeout end).
