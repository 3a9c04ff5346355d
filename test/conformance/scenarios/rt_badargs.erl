#!/usr/bin/env escript
%% Scenario: badarg from the runtime's BIFs for arguments of the wrong kind.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    step(exit_not_pid, attempt(fun() -> exit(not_a_pid, x) end)),
    step(link_not_pid, attempt(fun() -> link(not_a_pid) end)),
    step(monitor_bad_type, attempt(fun() -> erlang:monitor(thing, self()) end)),
    step(demonitor_not_ref, attempt(fun() -> erlang:demonitor(not_a_ref) end)),
    step(register_not_pid, attempt(fun() -> register(a_name, not_a_pid) end)),
    step(whereis_not_atom, attempt(fun() -> whereis({not_an_atom}) end)),
    step(send_after_bad_dest, attempt(fun() -> erlang:send_after(10, {not_a_dest}, m) end)),
    step(read_timer_not_ref, attempt(fun() -> erlang:read_timer(not_a_ref) end)),
    step(flag_bad_value, attempt(fun() -> process_flag(trap_exit, maybe) end)),
    step(unregister_never, attempt(fun() -> unregister(never_registered) end)).
