#!/usr/bin/env escript
%% Scenario: link/1 to a dead pid raises noproc, or when trapping returns true and sends
%% {'EXIT', Pid, noproc}; link to self is true; unlink of a dead pid is true.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    {Dead, M} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', M, process, Dead, _} -> ok end,
    step(link_dead, attempt(fun() -> link(Dead) end)),
    step(link_self, link(self())),
    process_flag(trap_exit, true),
    step(link_dead_trapping, attempt(fun() -> link(Dead) end)),
    step(exit_msg, receive {'EXIT', _, _} = E -> E after 1000 -> none end),
    step(unlink_dead, unlink(Dead)),
    step(empty, receive X -> X after 0 -> timeout end).
