#!/usr/bin/env escript
%% Scenario: controlling_process through setopt(otp, controlling_process): only the
%% owner may hand a socket over; the new owner's death closes it; handing it to a dead pid
%% closes it.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    Me = self(),
    New = spawn(fun() -> receive die -> exit(bye) end end),
    Stranger = spawn(fun() -> Me ! {stranger, socket:setopt(S, {otp, controlling_process}, self())} end),
    step(not_owner, receive {stranger, R} -> R end),
    step(hand_over, socket:setopt(S, {otp, controlling_process}, New)),
    step(owner_now, socket:getopt(S, {otp, controlling_process}) =:= {ok, New}),
    step(old_owner_refused, socket:setopt(S, {otp, controlling_process}, Me)),
    M = socket:monitor(S),
    New ! die,
    step(closed_with_new_owner, receive {'DOWN', M, socket, S, W} -> W end),
    {ok, S2} = socket:open(inet, stream, tcp),
    {Dead, DM} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', DM, process, Dead, _} -> ok end,
    step(dead_pid, socket:setopt(S2, {otp, controlling_process}, Dead)),
    step(not_a_pid, socket:setopt(S2, {otp, controlling_process}, not_a_pid)).
