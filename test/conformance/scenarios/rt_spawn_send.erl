#!/usr/bin/env escript
%% Scenario: spawn, self, send returns the message, an echo round trip, is_process_alive.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    step(self_is_pid, is_pid(Me)),
    Echo = spawn(fun() -> receive {From, M} -> From ! {echo, M} end end),
    step(spawned, Echo),
    step(alive, is_process_alive(Echo)),
    step(send_returns, Echo ! {Me, hello}),
    step(reply, receive R -> R end),
    Ref = erlang:monitor(process, Echo),
    step(down, receive {'DOWN', Ref, process, P, Why} -> {P =:= Echo, Why} end),
    step(dead, is_process_alive(Echo)),
    step(send_to_dead, Echo ! late).
