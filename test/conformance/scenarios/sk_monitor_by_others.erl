#!/usr/bin/env escript
%% Scenario: monitors from other processes: each monitoring process gets its own 'DOWN'
%% when the socket closes; a monitoring process that died before is not told.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    {ok, S} = socket:open(inet, stream, tcp),
    Me = self(),
    P = spawn(fun() ->
                  M = socket:monitor(S),
                  Me ! {mon, M},
                  receive {'DOWN', M, socket, S, W} -> Me ! {p_down, W} end
              end),
    receive {mon, _} -> ok end,
    Q = spawn(fun() -> M = socket:monitor(S), Me ! {mon, M}, receive stop -> ok end end),
    receive {mon, _} -> ok end,
    MQ = erlang:monitor(process, Q),
    Q ! stop,
    receive {'DOWN', MQ, process, Q, _} -> ok end,
    M0 = socket:monitor(S),
    ok = socket:close(S),
    step(down, receive {'DOWN', M0, socket, S, W0} -> W0 end),
    step(other_down, receive {p_down, WP} -> WP end),
    step(empty, flush()).
