#!/usr/bin/env escript
%% Scenario: exit/2 with normal, kill and another reason, to trapping and non-trapping
%% targets; exit(self(), kill) kills even a trapping caller.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    Plain = fun() -> receive never -> ok end end,
    Trapper = fun() -> process_flag(trap_exit, true), Me ! ready, receive M -> Me ! {got, M}, receive never -> ok end end end,
    P1 = spawn(Plain),
    step(exit_normal, exit(P1, normal)),
    step(plain_survives_normal, is_process_alive(P1)),
    M1 = erlang:monitor(process, P1),
    exit(P1, other),
    step(plain_dies_other, receive {'DOWN', M1, process, P1, R1} -> R1 end),
    T1 = spawn(Trapper),
    receive ready -> ok end,
    exit(T1, normal),
    step(trapper_gets_normal, receive {got, G1} -> G1 end),
    T2 = spawn(Trapper),
    receive ready -> ok end,
    exit(T2, other),
    step(trapper_gets_other, receive {got, G2} -> G2 end),
    step(trapper_alive, is_process_alive(T2)),
    M2 = erlang:monitor(process, T2),
    exit(T2, kill),
    step(trapper_killed, receive {'DOWN', M2, process, T2, R2} -> R2 end),
    P4 = spawn(fun() -> process_flag(trap_exit, true), exit(self(), kill), receive never -> ok end end),
    M4 = erlang:monitor(process, P4),
    step(self_kill, receive {'DOWN', M4, process, P4, R4} -> R4 end),
    step(exit_dead, exit(P4, kill)).
