#!/usr/bin/env escript
%% Scenario: the process dictionary (put returns the old value, get, erase) and
%% process_info items: message_queue_len, trap_exit, registered_name, status of the
%% caller (running), and undefined for a dead process.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    step(put_new, put(k, 1)),
    step(put_old, put(k, 2)),
    step(get, get(k)),
    step(get_missing, get(missing)),
    step(erase, erase(k)),
    step(erase_missing, erase(k)),
    Me = self(),
    P = spawn(fun() -> receive go -> ok end end),
    register(info_target, P),
    Me ! a, Me ! b,
    step(queue_len, process_info(Me, message_queue_len)),
    step(trap, process_info(P, trap_exit)),
    step(name, process_info(P, registered_name)),
    step(status_self, process_info(Me, status)),
    M = erlang:monitor(process, P),
    P ! go,
    receive {'DOWN', M, process, P, _} -> ok end,
    step(dead, process_info(P, status)),
    step(dead_all, process_info(P)).
