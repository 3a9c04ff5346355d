#!/usr/bin/env escript
%% Scenario: a process killed with kill dies as killed; the signal its links get says
%% killed, which kills a non-trapping partner with reason killed and reaches a trapping
%% one as {'EXIT', Pid, killed}; a chain of links fails as one.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    Chain = fun(Next) -> spawn(fun() -> link(Next), Me ! linked, receive never -> ok end end) end,
    C = spawn(fun() -> receive never -> ok end end),
    B = Chain(C), receive linked -> ok end,
    A = Chain(B), receive linked -> ok end,
    [MA, MB, MC] = [erlang:monitor(process, P) || P <- [A, B, C]],
    exit(C, kill),
    step(c, receive {'DOWN', MC, process, C, R1} -> R1 end),
    step(b, receive {'DOWN', MB, process, B, R2} -> R2 end),
    step(a, receive {'DOWN', MA, process, A, R3} -> R3 end),
    process_flag(trap_exit, true),
    K = spawn_link(fun() -> receive never -> ok end end),
    exit(K, kill),
    step(trapper_sees, receive {'EXIT', K, R4} -> R4 end),
    step(me_alive, is_process_alive(Me)).
