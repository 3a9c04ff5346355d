#!/usr/bin/env escript
%% Scenario: timers whose target is gone: send_after to a dead pid and to a name that is
%% not registered when the timer fires are dropped without error; a timer started by a
%% process that then dies still fires for its target.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    {Dead, M} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', M, process, Dead, _} -> ok end,
    T1 = erlang:send_after(5, Dead, lost),
    step(to_dead, is_reference(T1)),
    T2 = erlang:send_after(5, nobody_by_that_name, lost),
    step(to_unregistered, is_reference(T2)),
    {Starter, SM} = spawn_monitor(fun() -> erlang:send_after(20, Me, from_dead_starter) end),
    receive {'DOWN', SM, process, Starter, _} -> ok end,
    step(starter_dead, receive from_dead_starter -> from_dead_starter after 1000 -> timeout end),
    receive after 20 -> ok end,
    step(read_fired, {erlang:read_timer(T1), erlang:read_timer(T2)}),
    step(empty, receive X -> X after 0 -> timeout end).
