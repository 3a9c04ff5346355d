#!/usr/bin/env escript
%% Scenario: demonitor/1,2: a removed monitor sends no 'DOWN'; flush removes one already
%% queued; info tells whether the monitor was still there.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Go = fun() -> receive go -> ok end end,
    P1 = spawn(Go),
    R1 = erlang:monitor(process, P1),
    step(demonitor, erlang:demonitor(R1)),
    R1b = erlang:monitor(process, P1),
    P1 ! go,
    receive {'DOWN', R1b, process, P1, _} -> ok end,
    step(no_down_after_demonitor, receive {'DOWN', R1, _, _, _} = D -> D after 0 -> timeout end),
    P2 = spawn(Go),
    R2 = erlang:monitor(process, P2),
    R2b = erlang:monitor(process, P2),
    P2 ! go,
    receive {'DOWN', R2b, process, P2, _} -> ok end,
    step(flush, erlang:demonitor(R2, [flush])),
    step(flushed, receive {'DOWN', R2, _, _, _} = D2 -> D2 after 0 -> timeout end),
    P3 = spawn(Go),
    R3 = erlang:monitor(process, P3),
    step(info_active, erlang:demonitor(R3, [info])),
    step(info_again, erlang:demonitor(R3, [info])),
    step(plain_again, erlang:demonitor(R3)),
    R4 = erlang:monitor(process, P3),
    R4b = erlang:monitor(process, P3),
    P3 ! go,
    receive {'DOWN', R4b, process, P3, _} -> ok end,
    step(flush_info_fired, erlang:demonitor(R4, [flush, info])),
    step(empty, receive X -> X after 0 -> timeout end),
    step(unknown_ref, erlang:demonitor(make_ref(), [info])),
    step(bad_option, attempt(fun() -> erlang:demonitor(R4, [bogus]) end)).
