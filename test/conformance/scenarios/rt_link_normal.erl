#!/usr/bin/env escript
%% Scenario: a linked process ending normally leaves a non-trapping partner alone and
%% sends {'EXIT', Pid, normal} to a trapping one; process_flag returns the old value.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    P1 = spawn_link(fun() -> receive go -> ok end end),
    M1 = erlang:monitor(process, P1),
    P1 ! go,
    step(normal_down, receive {'DOWN', M1, process, P1, R1} -> R1 end),
    step(still_alive, is_process_alive(Me)),
    step(no_exit_msg, receive X -> X after 0 -> timeout end),
    step(flag_prev, process_flag(trap_exit, true)),
    P2 = spawn_link(fun() -> receive go -> ok end end),
    P2 ! go,
    step(exit_msg, receive {'EXIT', _, _} = E -> E end),
    step(exit_from, P2),
    step(flag_again, process_flag(trap_exit, true)),
    step(flag_off, process_flag(trap_exit, false)),
    step(flag_now, process_flag(trap_exit, false)).
