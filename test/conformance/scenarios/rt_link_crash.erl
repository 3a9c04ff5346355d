#!/usr/bin/env escript
%% Scenario: an abnormal exit travels along links: B exits with boom, its linked
%% non-trapping partner A dies with the same reason; monitors see both.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Parent = self(),
    A = spawn(fun() ->
                  B = spawn_link(fun() -> receive die -> exit(boom) end end),
                  Parent ! {b, B},
                  receive never -> ok end
              end),
    B = receive {b, Bp} -> Bp end,
    MA = erlang:monitor(process, A),
    MB = erlang:monitor(process, B),
    step(pids, {A, B}),
    B ! die,
    step(b_down, receive {'DOWN', MB, process, B, RB} -> RB end),
    step(a_down, receive {'DOWN', MA, process, A, RA} -> RA end),
    step(both_dead, {is_process_alive(A), is_process_alive(B)}),
    step(parent_alive, is_process_alive(Parent)).
