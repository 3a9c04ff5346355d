#!/usr/bin/env escript
%% Scenario: spawn_monitor returns {Pid, Ref} and the 'DOWN' carries the reason;
%% unlink stops exit propagation; a process killed while linked to a trapping parent
%% shows as killed.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    {P, R} = spawn_monitor(fun() -> receive go -> exit(done) end end),
    step(shape, {is_pid(P), is_reference(R)}),
    P ! go,
    step(down, receive {'DOWN', R, process, P, Why} -> Why end),
    Me = self(),
    Q = spawn(fun() -> receive go -> exit(crash) end end),
    step(link, link(Q)),
    step(unlink, unlink(Q)),
    MQ = erlang:monitor(process, Q),
    Q ! go,
    step(q_down, receive {'DOWN', MQ, process, Q, WhyQ} -> WhyQ end),
    step(survived, is_process_alive(Me)),
    process_flag(trap_exit, true),
    K = spawn_link(fun() -> receive never -> ok end end),
    exit(K, kill),
    step(linked_killed, receive {'EXIT', K, WhyK} -> WhyK end),
    step(info_trap, process_info(Me, trap_exit)),
    step(info_dead, process_info(K, status)).
