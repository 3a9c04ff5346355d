#!/usr/bin/env escript
%% Scenario: exit(self(), normal) ends the caller with reason normal, unless it traps exits.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    P = spawn(fun() -> exit(self(), normal), Me ! not_reached, receive never -> ok end end),
    M = erlang:monitor(process, P),
    step(self_normal, receive {'DOWN', M, process, P, R} -> R; not_reached -> not_reached end),
    spawn(fun() -> process_flag(trap_exit, true), exit(self(), normal), Me ! {got, receive X -> X end} end),
    step(self_normal_trapping, receive {got, G} -> G end).
